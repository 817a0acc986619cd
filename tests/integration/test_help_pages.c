/* test_help_pages.c — the public help pages (issue 8 §2): /hjelp/ORG and the
 * pages by who you are, /hjelp/ORG/for/WAY. The national numbers first,
 * as tel: links grouped as Norwegians write them; every phone number a
 * link; the ways in; the order of a way's services; open or closed now
 * with a fixed clock (TILTAK_TEST_NOW), the page rendered again when a
 * service closes, with the round-the-clock alternatives beside it; when
 * each entry was last verified; 404s that still give the numbers; no
 * cookie, shared and revalidated by ETag, gzip; and the weight: the page
 * and the stylesheet within 14 KB compressed, with the shipped directory.
 *
 * The directory is tests/integration/fixtures/help-services.json (its
 * ids begin "test-"), so the expectations do not move with the shipped
 * data; the weight is measured with the shipped data (data/services/). */
#include "integration/harness.h"

#include <zlib.h>

#define HELP_FIXTURE FIXTURES "/help-services.json"
/* One round trip of TCP's initial window: the 14 KB. */
#define HELP_WEIGHT_MAX 14336

/* Wednesday 2 December 2026, 10:00 in Norway. */
#define WED_10 "2026-12-02T09:00:00Z"

static const char *const ways[] = {"barn-og-unge", "voksne", "eldre", "bekymret",
    "utover-vold", "fagfolk"};
#define NWAYS (sizeof(ways) / sizeof(ways[0]))

/* A database with both plans (the organisations bodo and balsfjord) and
 * the fixture's services; it lives until the end of the test. */
static void
fill_help(const char *db)
{
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	import_ok(db, HELP_FIXTURE);
}

static const char *
help_db(void)
{
	return new_db_filled(new_dir("help"), "help", fill_help);
}

/* A server whose clock starts at utc. */
static struct server *
server_at(const char *db, const char *utc)
{
	static const char *const args[] = {"--quiet", NULL};
	const char *env[] = {S("TILTAK_TEST_NOW=%s", utc), NULL};
	return server_start_with(db, args, env);
}

static struct http_response *
get_with(int port, const char *target, const char *headers)
{
	return req(port, "GET", target, headers);
}

/* Where needle first is in hay (fails the test when it is not). */
static size_t
pos(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (p == NULL)
		fail_msg("expected \"%s\" in:\n%.3000s", needle, hay);
	return (size_t)(p - hay);
}

/* The text of the section of service id (its heading to the next
 * section), as a string that lives until the end of the test. */
static const char *
entry(const char *body, const char *id)
{
	const char *start = body + pos(body, S("id=\"s-%s\"", id));
	const char *end = strstr(start, "</section>");
	if (end == NULL)
		fail_msg("the entry of %s does not end", id);
	return S("%.*s", (int)(end - start), start);
}

/* Every place shown (a number as written) occurs in body is inside a
 * link whose address begins with tel: or sms:. Returns how many. */
static size_t
all_linked(const char *body, const char *shown)
{
	size_t n = 0;
	for (const char *p = strstr(body, shown); p; p = strstr(p + 1, shown)) {
		const char *open = NULL, *close = NULL;
		for (const char *q = body; q < p; q++) {
			if (strncmp(q, "<a ", 3) == 0)
				open = q;
			else if (strncmp(q, "</a>", 4) == 0)
				close = q;
		}
		if (open == NULL || (close && close > open))
			fail_msg("the number %s at byte %td is not a link: %.120s", shown,
			    p - body, p > body + 60 ? p - 60 : body);
		if (strncmp(open, "<a href=\"tel:", 13) != 0 &&
		    strncmp(open, "<a href=\"sms:", 13) != 0)
			fail_msg("the number %s is in a link that is not tel: or sms: %.80s",
			    shown, open);
		n++;
	}
	return n;
}

static void
the_numbers_come_first_as_tel_links(void **state)
{
	(void)state;
	struct server *s = server_at(help_db(), WED_10);
	struct http_response *r = page_ok(s->port, "/hjelp/bodo");
	const char *b = r->body;
	/* Each national number: its tel: link, its grouping, what it is. */
	static const struct { const char *href, *shown, *label; } nums[] = {
		{"tel:112", "112", "Politi"}, {"tel:113", "113", "Ambulanse"},
		{"tel:110", "110", "Brann"},
		{"tel:116111", "116 111", "Alarmtelefonen for barn og unge"},
		{"tel:116006", "116 006", "VO-linjen"}, {"tel:116117", "116 117", "Legevakt"},
	};
	size_t last = 0;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		size_t at = pos(b, S("<a href=\"%s\"><b>%s</b> %s", nums[i].href,
		    nums[i].shown, nums[i].label));
		if (at < last)
			fail_msg("%s comes before the number above it", nums[i].shown);
		last = at;
		all_linked(b, nums[i].shown);
	}
	/* First on the page: the heading, then the numbers, then the ways
	 * in, then the local services, then the pages to read. */
	size_t h1 = pos(b, "<h1>Få hjelp</h1>"), n = pos(b, "class=\"nums\""),
	    w = pos(b, "class=\"ways\""), l = pos(b, "Hjelp i Bodø kommune"),
	    more = pos(b, "href=\"/om-vold\"");
	if (!(h1 < n && n < w && w < l && l < more))
		fail_msg("the order of the help page is wrong: h1 %zu, numbers %zu, ways "
		    "%zu, local %zu, more %zu", h1, n, w, l, more);
	/* Nothing but the numbers' heading between the page's heading and
	 * the numbers. */
	assert_contains(b, "<h1>Få hjelp</h1><h2 class=\"first\">Ring nå – hele døgnet</h2>"
	    "<ul class=\"nums\">");
	/* The ways in, each a link to its page. */
	static const char *const labels[] = {"Jeg er barn eller ungdom", "Jeg er voksen",
	    "Jeg er eldre", "Jeg er bekymret for noen", "Jeg utøver vold",
	    "Jeg er fagperson"};
	for (size_t i = 0; i < NWAYS; i++)
		assert_contains(b, S("<a href=\"/hjelp/bodo/for/%s\">%s</a>", ways[i],
		    labels[i]));
	assert_contains(b, "href=\"/skjul-besok\"");
	/* The local services: Bodø's, not Balsfjord's nor the national. */
	const char *local = S("%.*s", (int)(more - l), b + l);
	assert_contains(local, "Test barnevern");
	assert_contains(local, "<a href=\"tel:+4775555000\"><span class=\"no\">75 55 50 00"
	    "</span></a>");
	assert_contains(local, "Test ATV");
	assert_contains(local, "<a href=\"tel:+4741234567\"><span class=\"no\">412 34 567");
	assert_not_contains(b, "Test Balsfjord-tjeneste");
	assert_not_contains(local, "Test alarmtelefon");
	/* Each name leads to its entry on the page whose order puts its kind
	 * highest. */
	assert_contains(local, "<a href=\"/hjelp/bodo/for/barn-og-unge#s-test-barnevern\" "
	    "class=\"name\">Test barnevern</a>");
	assert_contains(local, "<a href=\"/hjelp/bodo/for/utover-vold#s-test-atv\" "
	    "class=\"name\">Test ATV</a>");
	assert_contains(local, "<a href=\"/hjelp/bodo/for/voksne#s-test-krise\" "
	    "class=\"name\">Test krisesenter</a>");
	all_linked(b, "75 55 50 00");
	all_linked(b, "412 34 567");
	/* Balsfjord's page has its own and not Bodø's. */
	struct http_response *bal = page_ok(s->port, "/hjelp/balsfjord");
	assert_contains(bal->body, "Hjelp i Balsfjord kommune");
	assert_contains(bal->body, "Test Balsfjord-tjeneste");
	assert_contains(bal->body, "<a href=\"tel:+4777722000\"><span class=\"no\">77 72 20 00");
	assert_not_contains(bal->body, "Test barnevern");
	server_stop(s);
}

static void
a_ways_page_lists_its_services_most_relevant_first(void **state)
{
	(void)state;
	struct server *s = server_at(help_db(), WED_10);
	/* Adults: the crisis centre; the helplines, the local one before the
	 * national one although that has the lower rank; counselling; the
	 * web. The emergency number is in the line at the top, not again in
	 * the list; Balsfjord's service is not Bodø's. */
	struct http_response *r = page_ok(s->port, "/hjelp/bodo/for/voksne");
	const char *b = r->body;
	assert_contains(b, "<h1>Hjelp for voksne</h1>");
	size_t acute = pos(b, "class=\"acute\"");
	assert_contains(b, "<a href=\"tel:112\">Ring <span class=\"no\">112</span></a> Politi");
	const char *order[] = {"test-krise", "test-lokal-linje", "test-vo", "test-atv",
	    "test-nett"};
	size_t last = acute;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t at = pos(b, S("id=\"s-%s\"", order[i]));
		if (at < last)
			fail_msg("%s is not after %s on the adults' page", order[i],
			    i ? order[i - 1] : "the emergency line");
		last = at;
	}
	assert_not_contains(b, "s-test-112");
	assert_not_contains(b, "s-test-balsfjord");
	assert_not_contains(b, "s-test-barnevern");  /* children and the worried */
	assert_int_equal(count_substr(b, "<section class=\"svc\""), 5);
	/* Each a heading a screen reader can jump to; no layout tables. */
	assert_int_equal(count_substr(b, "<h2 id=\"s-"), 5);
	assert_not_contains(b, "<table");
	/* What each offers, and how to reach it. */
	const char *krise = entry(b, "test-krise");
	assert_contains(krise, "<a href=\"tel:+4775512000\" class=\"call\">Ring "
	    "<span class=\"no\">75 51 20 00</span></a>");
	assert_contains(krise, "<a href=\"https://www.krisesenter.example/\" "
	    "rel=\"external noreferrer\">krisesenter.example/</a>");
	assert_contains(krise, "Døgnåpent");
	assert_contains(entry(b, "test-nett"), "<a href=\"https://dinutvei.no/\" rel=\"external noreferrer\">dinutvei.no/</a>");

	/* Children: the helpline, then child welfare; with its SMS, e-mail,
	 * anonymity, address, languages and hours. */
	r = page_ok(s->port, "/hjelp/bodo/for/barn-og-unge");
	b = r->body;
	if (pos(b, "s-test-alarm") > pos(b, "s-test-barnevern"))
		fail_msg("the helpline comes after child welfare on the children's page");
	const char *alarm = entry(b, "test-alarm");
	assert_contains(alarm, "<a href=\"sms:+4741716111\">SMS <span class=\"no\">417 16 111");
	assert_contains(alarm, "<a href=\"mailto:alarm@116111.no\">alarm@116111.no</a>");
	assert_contains(alarm, "<dt>Anonymitet</dt><dd>Ja, du kan være anonym</dd>");
	const char *bv = entry(b, "test-barnevern");
	assert_contains(bv, "<dt>Anonymitet</dt><dd>Nei</dd>");
	assert_contains(bv, "<dt>Adresse</dt><dd>Storgata 1, 8006 Bodø</dd>");
	assert_contains(bv, "<dt>Språk</dt><dd>norsk, engelsk</dd>");
	assert_contains(bv, "<dt>Åpningstid</dt><dd>man.–fre. 08.00–15.30</dd>");
	/* Numbers in a description are links too, and only numbers are:
	 * a year, a postcode or a number grouped otherwise stay text. */
	assert_contains(bv, "Om natten: ring <a href=\"tel:116117\"><span class=\"no\">"
	    "116 117</span></a> eller <a href=\"tel:+4775555000\"><span class=\"no\">"
	    "75 55 50 00</span></a>. Kontoret har vært her siden 2017, postnummer 8006, "
	    "tlf. 7555 5000.</p>");
	all_linked(b, "417 16 111");
	all_linked(b, "116 111");

	/* Every way has its page, with the emergency line first. */
	for (size_t i = 0; i < NWAYS; i++) {
		struct http_response *w = page_ok(s->port, S("/hjelp/bodo/for/%s", ways[i]));
		if (pos(w->body, "class=\"acute\"") > pos(w->body, "class=\"lead\""))
			fail_msg("%s: the emergency line is not first", ways[i]);
		all_linked(w->body, "112");
	}
	server_stop(s);
}

static void
open_or_closed_now(void **state)
{
	(void)state;
	const char *db = help_db();
	const char *page = "/hjelp/bodo/for/barn-og-unge";
	/* Wednesday 10:00: child welfare is open until 15.30, the helpline
	 * round the clock; nothing needs an alternative. */
	struct server *s = server_at(db, WED_10);
	struct http_response *r = page_ok(s->port, page);
	assert_contains(entry(r->body, "test-barnevern"),
	    "<p class=\"st st-open\"><strong>Åpent nå</strong> – stenger kl. 15.30</p>");
	assert_contains(entry(r->body, "test-alarm"), "<p class=\"st st-open\">Døgnåpent</p>");
	assert_not_contains(r->body, "class=\"alt\"");
	/* The help page's list of local services says it too, for child
	 * welfare and for counselling (Monday to Thursday 09–16). */
	r = page_ok(s->port, "/hjelp/bodo");
	assert_contains(r->body, "Åpent nå</strong> – stenger kl. 15.30");
	assert_contains(r->body, "Åpent nå</strong> – stenger kl. 16.00");
	server_stop(s);

	/* Friday 18:00: closed until Monday, and beside it the
	 * round-the-clock alternative of the page, as a tel: link. */
	s = server_at(db, "2026-12-04T17:00:00Z");
	r = page_ok(s->port, page);
	const char *bv = entry(r->body, "test-barnevern");
	assert_contains(bv, "<p class=\"st st-closed\"><strong>Stengt nå</strong> – "
	    "åpner mandag kl. 08.00</p>");
	assert_contains(bv, "<div class=\"alt\"><p>Åpent nå, hele døgnet:</p><ul><li>"
	    "Test alarmtelefon <a href=\"tel:116111\"><span class=\"no\">116 111</span></a>"
	    "</li></ul></div>");
	/* A national service that is closed gets no alternatives: only a
	 * local one does. The emergency number is never an alternative. */
	assert_int_equal(count_substr(r->body, "class=\"alt\""), 1);
	assert_not_contains(bv, "tel:112");
	server_stop(s);

	/* Monday 07:00: opens today. Thursday 16:30 (ATV, Monday to
	 * Thursday): opens Monday. */
	s = server_at(db, "2026-12-07T06:00:00Z");
	r = page_ok(s->port, page);
	assert_contains(entry(r->body, "test-barnevern"), "<strong>Stengt nå</strong> – "
	    "åpner kl. 08.00</p>");
	server_stop(s);
	s = server_at(db, "2026-12-03T15:30:00Z");
	r = page_ok(s->port, "/hjelp/bodo/for/utover-vold");
	assert_contains(entry(r->body, "test-atv"), "<strong>Stengt nå</strong> – "
	    "åpner mandag kl. 09.00</p>");
	assert_contains(entry(r->body, "test-atv"), "<dd>man.–tor. 09.00–16.00</dd>");
	server_stop(s);
}

static void
a_shared_page_is_made_again_when_a_service_closes(void **state)
{
	(void)state;
	/* Wednesday 15:29:57: open, and the page is kept in the shared
	 * cache (the same ETag, served again) — but only until 15:30. */
	struct server *s = server_at(help_db(), "2026-12-02T14:29:57Z");
	const char *page = "/hjelp/bodo/for/barn-og-unge";
	long long t0 = now_ms();
	struct http_response *a = page_ok(s->port, page);
	assert_contains(entry(a->body, "test-barnevern"), "stenger kl. 15.30");
	struct http_response *a2 = page_ok(s->port, page);
	assert_string_equal(header(a2, "ETag"), header(a, "ETag"));
	assert_string_equal(a2->body, a->body);
	struct http_response *same = get_with(s->port, page,
	    S("If-None-Match: %s\r\n", header(a, "ETag")));
	assert_int_equal(same->status, 304);
	/* Past 15:30 on the server's clock. */
	long long wait = 4500 - (now_ms() - t0);
	if (wait > 0)
		usleep((useconds_t)wait * 1000);
	struct http_response *b = page_ok(s->port, page);
	const char *bv = entry(b->body, "test-barnevern");
	assert_contains(bv, "<strong>Stengt nå</strong> – åpner i morgen kl. 08.00");
	assert_contains(bv, "class=\"alt\"");
	if (strcmp(header(b, "ETag"), header(a, "ETag")) == 0)
		fail_msg("the page changed but kept its ETag %s", header(a, "ETag"));
	/* A client revalidating its open page gets the closed one. */
	struct http_response *c = get_with(s->port, page,
	    S("If-None-Match: %s\r\n", header(a, "ETag")));
	assert_int_equal(c->status, 200);
	assert_contains(c->body, "Stengt nå");
	server_stop(s);
}

static void
when_each_entry_was_last_verified(void **state)
{
	(void)state;
	struct server *s = server_at(help_db(), WED_10);
	struct http_response *r = page_ok(s->port, "/hjelp/bodo/for/bekymret");
	assert_contains(entry(r->body, "test-barnevern"),
	    "<p class=\"verified\">Sist kontrollert 20. november 2026.</p>");
	/* Long ago: said so. */
	assert_contains(entry(r->body, "test-alarm"),
	    "<p class=\"verified unverified\">Sist kontrollert 10. januar 2025. Det er "
	    "mer enn et halvt år siden: opplysningene kan ha endret seg.</p>");
	/* Never: said so. */
	assert_contains(entry(r->body, "test-nett"),
	    "<p class=\"verified unverified\">Opplysningene er ikke kontrollert.</p>");
	/* Every entry says one or the other. */
	assert_int_equal(count_substr(r->body, "<p class=\"verified"),
	    count_substr(r->body, "<section class=\"svc\""));
	/* Six months ago to the day is not yet more than six months. */
	r = page_ok(s->port, "/hjelp/bodo/for/eldre");
	assert_contains(entry(r->body, "test-eldre-a"),
	    "<p class=\"verified\">Sist kontrollert 2. juni 2026.</p>");
	assert_contains(entry(r->body, "test-eldre-b"),
	    "<p class=\"verified unverified\">Sist kontrollert 1. juni 2026. Det er mer");
	assert_contains(entry(r->body, "test-eldre-a"), "<a href=\"tel:+4780030196\" "
	    "class=\"call\">Ring <span class=\"no\">800 30 196</span></a>");
	server_stop(s);
}

static void
unknown_places_are_404_with_the_numbers(void **state)
{
	(void)state;
	struct server *s = server_at(help_db(), WED_10);
	struct http_response *r = get_status(s->port, "/hjelp/nowhere", 404);
	check_page(r, "/hjelp/nowhere");
	assert_contains(r->body, "<a href=\"tel:112\"><b>112</b> Politi</a>");
	assert_contains(r->body, "<a href=\"/hjelp/bodo\">Bodø kommune</a>");
	assert_contains(r->body, "<a href=\"/hjelp/balsfjord\">Balsfjord kommune</a>");
	assert_string_equal(header(r, "Cache-Control"), "no-store");
	r = get_status(s->port, "/hjelp/bodo/for/nobody", 404);
	check_page(r, "/hjelp/bodo/for/nobody");
	assert_contains(r->body, "<a href=\"tel:116111\"><b>116 111</b>");
	assert_contains(r->body, "Hjelp i Bodø kommune");
	assert_contains(r->body, "<a href=\"/hjelp/bodo/for/voksne\">Jeg er voksen</a>");
	get_status(s->port, "/hjelp/nowhere/for/voksne", 404);
	get_status(s->port, "/hjelp/bodo/for", 404);
	get_status(s->port, "/hjelp", 404);
	/* Only GET and HEAD. */
	r = req(s->port, "POST", "/hjelp/bodo", "Content-Length: 0\r\n");
	assert_int_equal(r->status, 405);
	server_stop(s);
}

static void
shared_cookieless_and_revalidated(void **state)
{
	(void)state;
	struct server *s = server_at(help_db(), WED_10);
	for (size_t i = 0; i <= NWAYS; i++) {
		const char *page = i == NWAYS ? "/hjelp/bodo" : S("/hjelp/bodo/for/%s", ways[i]);
		struct http_response *r = page_ok(s->port, page);  /* no Set-Cookie */
		assert_string_equal(header(r, "Cache-Control"), "no-cache");
		assert_string_equal(header(r, "Vary"), "Accept-Encoding");
		const char *tag = header(r, "ETag");
		assert_non_null(tag);
		struct http_response *nm = get_with(s->port, page,
		    S("If-None-Match: %s\r\n", tag));
		assert_int_equal(nm->status, 304);
		struct http_response *gz = get_with(s->port, page, "Accept-Encoding: gzip\r\n");
		assert_string_equal(header(gz, "Content-Encoding"), "gzip");
		check_security(gz, page);
		/* A client with a cookie gets no cookie either. */
		struct http_response *ck = get_with(s->port, page,
		    "Cookie: tiltak_session=abc\r\n");
		check_security(ck, page);
	}
	server_stop(s);
}

/* Bytes of body of target sent gzipped (the first answer: the fastest
 * gzip level, the heaviest). */
static size_t
gzip_bytes(int port, const char *target)
{
	struct http_response *r = get_with(port, target, "Accept-Encoding: gzip\r\n");
	if (r->status != 200)
		fail_msg("GET %s: %d", target, r->status);
	const char *ce = header(r, "Content-Encoding");
	if (ce == NULL || strcmp(ce, "gzip") != 0)
		fail_msg("GET %s was not sent gzipped", target);
	return r->body_len;
}

static void
the_help_pages_weigh_at_most_14_kb_with_the_stylesheet(void **state)
{
	(void)state;
	/* The shipped data: both plans and every services file. */
	char *db = new_db(new_dir("help-weight"), "weight");
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	DIR *d = opendir("data/services");
	if (d == NULL)
		fail_msg("data/services: %s", strerror(errno));
	size_t files = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) {
			import_ok(db, S("data/services/%s", e->d_name));
			files++;
		}
	}
	closedir(d);
	assert_true(files > 0);
	/* On a Friday evening, when the most is closed and alternatives
	 * are shown. */
	struct server *s = server_at(db, "2026-12-04T17:00:00Z");
	size_t css = gzip_bytes(s->port, "/static/style.css");
	const char *orgs[] = {"bodo", "balsfjord"};
	for (size_t o = 0; o < 2; o++) {
		for (size_t i = 0; i <= NWAYS; i++) {
			const char *page = i == NWAYS ? S("/hjelp/%s", orgs[o]) :
			    S("/hjelp/%s/for/%s", orgs[o], ways[i]);
			size_t html = gzip_bytes(s->port, page);
			fprintf(stderr, "# %s: %zu bytes gzipped, with the stylesheet (%zu) "
			    "%zu of %d\n", page, html, css, html + css, HELP_WEIGHT_MAX);
			if (html + css > HELP_WEIGHT_MAX)
				fail_msg("%s and the stylesheet weigh %zu bytes gzipped, more than "
				    "%d", page, html + css, HELP_WEIGHT_MAX);
			/* No script, web font or image is needed. */
			struct http_response *r = page_ok(s->port, page);
			assert_not_contains(r->body, "<img");
			assert_not_contains(r->body, "@font-face");
		}
	}
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(the_numbers_come_first_as_tel_links, teardown),
		cmocka_unit_test_teardown(a_ways_page_lists_its_services_most_relevant_first,
		    teardown),
		cmocka_unit_test_teardown(open_or_closed_now, teardown),
		cmocka_unit_test_teardown(a_shared_page_is_made_again_when_a_service_closes,
		    teardown),
		cmocka_unit_test_teardown(when_each_entry_was_last_verified, teardown),
		cmocka_unit_test_teardown(unknown_places_are_404_with_the_numbers, teardown),
		cmocka_unit_test_teardown(shared_cookieless_and_revalidated, teardown),
		cmocka_unit_test_teardown(the_help_pages_weigh_at_most_14_kb_with_the_stylesheet,
		    teardown),
	};
	return cmocka_run_group_tests_name("help_pages", tests, group_setup, group_teardown);
}
