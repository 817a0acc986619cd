/* test_lang.c — the interface languages (issue 8 §6): "/nn/…" and
 * "/en/…" pages in nynorsk and English, unprefixed in bokmål whatever
 * Accept-Language says; links that keep the language, the language links
 * and hreflang alternates; addresses that are not pages; no cookie; one
 * cached page and ETag per language; and one process serving three
 * languages at once from several threads. */
#include "integration/harness.h"

#include <pthread.h>

/* One language: its prefix, what its pages say, and a word only it has. */
struct lang {
	const char *code;
	const char *prefix;      /* "" for bokmål */
	const char *home_title;  /* the home page's <h1> */
	const char *plans;       /* the header's "Plans" link */
	const char *search_h1;   /* the search page's <h1> */
	const char *not_found;   /* the 404 page's <h1> */
};

static const struct lang langs[3] = {
	{"nb", "", "Handlingsplaner mot vold i nære relasjoner", ">Planer</a>",
	    "<h1>Søk i planene</h1>", "<h1>Fant ikke siden</h1>"},
	{"nn", "/nn", "Handlingsplanar mot vald i nære relasjonar", ">Planar</a>",
	    "<h1>Søk i planane</h1>", "<h1>Fann ikkje sida</h1>"},
	{"en", "/en", "Action plans against domestic violence", ">Plans</a>",
	    "<h1>Search the plans</h1>", "<h1>Page not found</h1>"},
};

/* The address of path (unprefixed, "/" for home) in language l. */
static const char *
in_lang(const struct lang *l, const char *path)
{
	return S("%s%s", l->prefix, path);
}

/* Fails unless every site link and form action of body stays in language
 * l: a public path with l's prefix, a static file or the API, or one of the three
 * language links to addr (the page's address without prefix). */
static void
links_keep_language(const char *body, const struct lang *l, const char *addr,
    const char *what)
{
	size_t checked = 0;
	const char *attrs[] = {"href=\"/", "action=\"/"};
	for (size_t a = 0; a < 2; a++) {
		for (const char *p = strstr(body, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
			const char *v = strchr(p, '"') + 1;
			size_t n = strcspn(v, "\"");
			char *val = S("%.*s", (int)n, v);
			char *esc_addr = esc(addr);
			/* Static files and the JSON API have one address. */
			bool ok = strncmp(val, "/static/", 8) == 0 || strncmp(val, "/api/", 5) == 0;
			for (int k = 0; k < 3 && !ok; k++)
				ok = strcmp(val, S("%s%s", langs[k].prefix, esc_addr)) == 0;
			if (!ok && l->prefix[0] != '\0')
				ok = strncmp(val, S("%s/", l->prefix), strlen(l->prefix) + 1) == 0;
			if (!ok && l->prefix[0] == '\0')
				ok = strncmp(val, "/nn/", 4) != 0 && strncmp(val, "/en/", 4) != 0 &&
				    strcmp(val, "/nn") != 0 && strcmp(val, "/en") != 0;
			if (!ok)
				fail_msg("%s: the link %s leaves the language %s", what, val, l->code);
			checked++;
		}
	}
	if (checked < 5)
		fail_msg("%s: only %zu site links", what, checked);
}

/* The head and header of a page in language l whose address without
 * prefix is addr. */
static void
check_lang_page(const struct http_response *r, const struct lang *l,
    const char *addr, const char *what)
{
	check_page(r, what);
	assert_contains(r->body, S("<html lang=\"%s\">", l->code));
	assert_null(http_header(r, "Set-Cookie"));
	const char *ea = esc(addr);
	/* The alternates: every language, and bokmål as the default. */
	for (int k = 0; k < 3; k++)
		assert_contains(r->body, S("<link rel=\"alternate\" hreflang=\"%s\" href=\"%s%s\">",
		    langs[k].code, langs[k].prefix, ea));
	assert_contains(r->body, S("<link rel=\"alternate\" hreflang=\"x-default\" href=\"%s\">", ea));
	/* The language links, each named in itself, the current one marked. */
	const char *names[3] = {"Bokmål", "Nynorsk", "English"};
	for (int k = 0; k < 3; k++) {
		bool cur = strcmp(langs[k].code, l->code) == 0;
		assert_contains(r->body, S("<a href=\"%s%s\" lang=\"%s\" hreflang=\"%s\"%s>%s</a>",
		    langs[k].prefix, ea, langs[k].code, langs[k].code,
		    cur ? " aria-current=\"true\"" : "", names[k]));
	}
	assert_int_equal(count_substr(r->body, "aria-current=\"true\""), 1);
	assert_contains(r->body, l->plans);
	links_keep_language(r->body, l, addr, what);
}

static void
pages_in_three_languages(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	json_t *p = api_plan(port, BODO);
	const char *theme = jstr(json_array_get(json_object_get(p, "themes"), 0), "id");
	json_t *m0 = json_array_get(json_object_get(json_array_get(json_object_get(
	    json_array_get(json_object_get(p, "themes"), 0), "goals"), 0), "measures"), 0);
	const char *measure = jstr(m0, "id");
	const char *unit = jstr(json_array_get(json_object_get(p, "units"), 0), "id");
	const char *pages[] = {
		"/", "/plans", "/units", S("/units/%s", unit), S("/plans/%s", BODO),
		S("/plans/%s/themes/%s", BODO, theme),
		S("/plans/%s/measures/%s", BODO, measure),
		S("/plans/%s/indicators?category=investigate", BODO),
		"/search?q=vold", "/tilgjengelighet", "/?kommune=bod",
	};
	for (int k = 0; k < 3; k++) {
		const struct lang *l = &langs[k];
		for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			const char *target = in_lang(l, pages[i]);
			struct http_response *r = page_ok(port, target);
			check_lang_page(r, l, pages[i], target);
		}
		struct http_response *home = page_ok(port, in_lang(l, "/"));
		assert_contains(home->body, S("<h1>%s</h1>", l->home_title));
		/* "/nn" is the home page as "/nn/" is. */
		if (k) {
			struct http_response *bare = page_ok(port, l->prefix);
			assert_contains(bare->body, S("<h1>%s</h1>", l->home_title));
		}
		struct http_response *search = page_ok(port, in_lang(l, "/search?q=vold"));
		assert_contains(search->body, l->search_h1);
		assert_contains(search->body, S("href=\"%s/plans/" BODO "/measures/", l->prefix));
		/* The unit list links each unit in the language. */
		struct http_response *units = page_ok(port, in_lang(l, "/units"));
		assert_contains(units->body, S("href=\"%s/units/%s\"", l->prefix, unit));
		struct http_response *plan = page_ok(port, in_lang(l, S("/plans/%s", BODO)));
		assert_contains(plan->body, S("href=\"%s/plans/%s/themes/%s\"", l->prefix, BODO, theme));
		/* The plan's own text is bokmål: marked so on the other
		 * languages' pages. */
		const char *title = esc(jstr(p, "title"));
		assert_contains(plan->body, k ? S("<h1 lang=\"nb\">%s</h1>", title) :
		    S("<h1>%s</h1>", title));
		if (k)
			assert_contains(plan->body, "class=\"chapter\" lang=\"nb\"");
		else
			assert_not_contains(plan->body, "class=\"chapter\" lang=");
		/* The status label. */
		const char *adopted[3] = {"Vedtatt", "Vedteken", "Adopted"};
		assert_contains(plan->body, adopted[k]);
		/* An error page in the language: 404 of a routed page, and a
		 * 400 from the address decoder. */
		struct http_response *nf = get_status(port, in_lang(l, "/plans/no-such-plan"), 404);
		assert_contains(nf->body, S("<html lang=\"%s\">", l->code));
		assert_contains(nf->body, l->not_found);
		assert_null(http_header(nf, "Set-Cookie"));
		struct http_response *nf2 = get_status(port, in_lang(l, "/no-such-page"), 404);
		assert_contains(nf2->body, S("<html lang=\"%s\">", l->code));
		assert_contains(nf2->body, l->not_found);
		assert_contains(nf2->body, S("href=\"%s/\"", l->prefix));
		struct http_response *bad = get_status(port, in_lang(l, "/plans/%zz"), 400);
		const char *bad_text[3] = {"Adressen er ikke gyldig", "Adressa er ikkje gyldig",
		    "The address is not valid"};
		assert_contains(bad->body, bad_text[k]);
		assert_contains(bad->body, S("<html lang=\"%s\">", l->code));
	}
	/* nynorsk's forms, which bokmål does not have. */
	struct http_response *nnf = get(port, S("/nn/plans/%s/indicators?category=nope", BODO));
	assert_int_equal(nnf->status, 400);
	assert_contains(nnf->body, "Det finst ingen ressurskategori «nope»");
	struct http_response *nnu = page_ok(port, "/nn/units");
	assert_contains(nnu->body, "<h1>Ansvarlege einingar</h1>");
	server_stop(s);
}

static void
bokmal_without_prefix_whatever_the_browser_asks(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *asks[] = {"Accept-Language: en\r\n", "Accept-Language: nn, en;q=0.5\r\n",
	    "Accept-Language: *\r\n"};
	for (size_t i = 0; i < 3; i++) {
		struct http_response *r = req(s->port, "GET", "/", asks[i]);
		assert_int_equal(r->status, 200);
		check_lang_page(r, &langs[0], "/", "/ with Accept-Language");
		assert_contains(r->body, langs[0].home_title);
		/* The answer does not depend on Accept-Language. */
		const char *vary = http_header(r, "Vary");
		if (vary && strcasestr_(vary, "Accept-Language"))
			fail_msg("Vary: %s", vary);
		r = req(s->port, "GET", "/en/", "Accept-Language: nb\r\n");
		assert_contains(r->body, langs[2].home_title);
	}
	server_stop(s);
}

static void
addresses_that_are_not_pages(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *none[] = {"/xx/", "/xx/plans/" BODO, "/nb/", "/nb/plans/" BODO,
	    "/nn/admin", "/en/admin/report", "/nn/login", "/en/static/style.css",
	    "/en/api/plans/" BODO, "/EN/", "/en/en/", "/nn/plans/" BODO "/"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		struct http_response *r = get_status(s->port, none[i], 404);
		assert_null(http_header(r, "Set-Cookie"));
		assert_null(http_header(r, "Location"));
	}
	/* The pages that have one language are where they were. */
	get_status(s->port, "/login", 200);
	get_status(s->port, "/static/style.css", 200);
	get_status(s->port, "/api/plans/" BODO, 200);
	struct http_response *admin = get(s->port, "/admin");
	if (admin->status != 303 && admin->status != 302 && admin->status != 401)
		fail_msg("/admin answered %d", admin->status);
	/* Nothing anywhere sets a cookie, in any language, HEAD or GET. */
	for (int k = 0; k < 3; k++) {
		struct http_response *r = req(s->port, "HEAD", in_lang(&langs[k], "/units"), NULL);
		assert_int_equal(r->status, 200);
		assert_null(http_header(r, "Set-Cookie"));
	}
	server_stop(s);
}

/* One page, two languages: two cached pages, two ETags; each revalidates
 * only against its own. */
static void
one_cached_page_per_language(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	const char *path = S("/plans/%s", BODO);
	struct http_response *nb = page_ok(s->port, path);
	struct http_response *en = page_ok(s->port, S("/en%s", path));
	struct http_response *nn = page_ok(s->port, S("/nn%s", path));
	const char *tag_nb = header(nb, "ETag"), *tag_en = header(en, "ETag");
	const char *tag_nn = header(nn, "ETag");
	if (strcmp(tag_nb, tag_en) == 0 || strcmp(tag_nb, tag_nn) == 0 ||
	    strcmp(tag_en, tag_nn) == 0)
		fail_msg("one ETag for two languages: %s %s %s", tag_nb, tag_en, tag_nn);
	if (nb->body_len == en->body_len && memcmp(nb->body, en->body, nb->body_len) == 0)
		fail_msg("bokmål and English have one body");
	/* Again, in the other order: each language gets its own page back. */
	for (int round = 0; round < 2; round++) {
		struct http_response *en2 = page_ok(s->port, S("/en%s", path));
		struct http_response *nb2 = page_ok(s->port, path);
		assert_string_equal(header(en2, "ETag"), tag_en);
		assert_string_equal(header(nb2, "ETag"), tag_nb);
		assert_contains(en2->body, "<html lang=\"en\">");
		assert_contains(nb2->body, "<html lang=\"nb\">");
	}
	struct http_response *r = req(s->port, "GET", S("/en%s", path),
	    S("If-None-Match: %s\r\n", tag_en));
	assert_int_equal(r->status, 304);
	r = req(s->port, "GET", path, S("If-None-Match: %s\r\n", tag_en));
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "<html lang=\"nb\">");
	/* "/en" and "/en/" are one page. */
	struct http_response *h1 = page_ok(s->port, "/en/");
	struct http_response *h2 = page_ok(s->port, "/en");
	assert_string_equal(header(h1, "ETag"), header(h2, "ETag"));
	server_stop(s);
}

/* ==== one process, three languages at once ==== */

#define CLIENTS 6
#define PER_LANG 50

struct client {
	int         port;
	int         id;
	int         done;
	int         errors;
	char        first_error[300];
};

static void *
client_run(void *arg)
{
	struct client *c = arg;
	/* Client i makes requests i, i + CLIENTS, …: 3 × PER_LANG in all,
	 * the languages interleaved. Odd requests are searches no one made
	 * before (each rendered, not served from the cache), even ones the
	 * same theme page (mostly from the cache). */
	for (int n = c->id; n < 3 * PER_LANG; n += CLIENTS) {
		const struct lang *l = &langs[n % 3];
		char target[200];
		if (n % 2)
			snprintf(target, sizeof(target), "%s/search?q=vold%d", l->prefix, n);
		else
			snprintf(target, sizeof(target), "%s/units", l->prefix);
		struct http_response r;
		memset(&r, 0, sizeof(r));
		const char *why = NULL;
		char lang_attr[32];
		snprintf(lang_attr, sizeof(lang_attr), "<html lang=\"%s\">", l->code);
		if (http_get(c->port, target, &r) != 0)
			why = "no response";
		else if (r.status != 200)
			why = "status not 200";
		else if (strstr(r.body, lang_attr) == NULL)
			why = "wrong <html lang>";
		else if (strstr(r.body, l->plans) == NULL)
			why = "the header is in another language";
		else if (n % 2 && strstr(r.body, l->search_h1) == NULL)
			why = "the search page is in another language";
		else if (n % 2 == 0 && strstr(r.body, n % 3 == 0 ? "Ansvarlige enheter" :
		    n % 3 == 1 ? "Ansvarlege einingar" : "Responsible units") == NULL)
			why = "the unit list is in another language";
		for (int k = 0; why == NULL && k < 3; k++)
			if (&langs[k] != l && strstr(r.body, langs[k].plans) != NULL)
				why = "a word of another language";
		if (why) {
			if (c->errors++ == 0)
				snprintf(c->first_error, sizeof(c->first_error), "%s: %s", target, why);
		}
		c->done++;
		http_response_free(&r);
	}
	return NULL;
}

/* serve --public-url: the alternates are absolute (search engines take
 * nothing else there), the page's own links stay paths; a URL with a
 * path, or not http(s), is refused at start. */
static void
alternates_name_the_public_address(void **state)
{
	(void)state;
	const char *args[] = {"--quiet", "--public-url", "https://hjelp.example.no/", NULL};
	struct server *s = server_start_with(base_db, args, NULL);
	struct http_response *r = get(s->port, "/en/om-vold");
	assert_int_equal(r->status, 200);
	for (int k = 0; k < 3; k++)
		assert_contains(r->body, S("<link rel=\"alternate\" hreflang=\"%s\" "
		    "href=\"https://hjelp.example.no%s/om-vold\">", langs[k].code, langs[k].prefix));
	assert_contains(r->body, "<link rel=\"alternate\" hreflang=\"x-default\" "
	    "href=\"https://hjelp.example.no/om-vold\">");
	assert_contains(r->body, "<a href=\"/nn/om-vold\" lang=\"nn\"");
	server_stop(s);
	const char *bad[] = {"https://hjelp.example.no/tiltak", "ftp://hjelp.example.no",
	    "hjelp.example.no", "https://hjelp.example.no?x=1", "https://"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cmd *c = tiltak(base_db, "serve", "--public-url", bad[i], (char *)NULL);
		assert_exit(c, 2);
		assert_contains(c->err, "--public-url takes an http or https address with no path");
	}
}

static void
three_languages_at_once(void **state)
{
	(void)state;
	const char *args[] = {"--quiet", "--threads", "4", NULL};
	struct server *s = server_start_with(base_db, args, NULL);
	struct client clients[CLIENTS];
	pthread_t th[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = (struct client){.port = s->port, .id = i};
		assert_int_equal(pthread_create(&th[i], NULL, client_run, &clients[i]), 0);
	}
	int done = 0, errors = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		done += clients[i].done;
		errors += clients[i].errors;
		if (clients[i].errors)
			report("client %d: %d wrong answers; first: %s", i, clients[i].errors,
			    clients[i].first_error);
	}
	assert_int_equal(done, 3 * PER_LANG);
	assert_int_equal(errors, 0);
	/* And after it all, the process as a whole is still bokmål. */
	struct http_response *r = page_ok(s->port, "/units");
	assert_contains(r->body, "<html lang=\"nb\">");
	assert_contains(r->body, "Ansvarlige enheter");
	server_stop(s);
}

/* Search engines: robots.txt keeps them out of the signed-in area only,
 * and every public page describes itself in its language (someone
 * searching for help sees in the result that this is where it is); a
 * help page names its organisation. */
static void
found_by_search_engines(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *r = get(s->port, "/robots.txt");
	assert_int_equal(r->status, 200);
	assert_string_equal(http_header(r, "Content-Type"), "text/plain; charset=utf-8");
	assert_null(http_header(r, "Set-Cookie"));
	assert_contains(r->body, "User-agent: *\n");
	assert_contains(r->body, "Disallow: /admin\n");
	assert_contains(r->body, "Disallow: /login\n");
	/* Nothing public is shut out. */
	assert_int_equal(count_substr(r->body, "Disallow:"), 2);
	assert_int_equal(get(s->port, "/en/robots.txt")->status, 404);

	const char *about[3] = {
	    "<meta name=\"description\" content=\"Hvor du får hjelp ved vold og "
	    "overgrep, og kommunenes handlingsplaner",
	    "<meta name=\"description\" content=\"Kvar du får hjelp ved vald og "
	    "overgrep, og handlingsplanane til kommunane",
	    "<meta name=\"description\" content=\"Where to get help with violence "
	    "and abuse, and the municipalities&#39; action plans",
	};
	const char *help[3] = {
	    "<meta name=\"description\" content=\"Hvor du får hjelp ved vold og "
	    "overgrep i Bodø kommune: nødnumre,",
	    "<meta name=\"description\" content=\"Kvar du får hjelp ved vald og "
	    "overgrep i Bodø kommune: naudnummer,",
	    "<meta name=\"description\" content=\"Where to get help with violence "
	    "and abuse in Bodø kommune: emergency numbers,",
	};
	for (int k = 0; k < 3; k++) {
		r = page_ok(s->port, in_lang(&langs[k], "/om-vold"));
		assert_contains(r->body, about[k]);
		assert_int_equal(count_substr(r->body, "name=\"description\""), 1);
		r = page_ok(s->port, in_lang(&langs[k], "/hjelp/bodo"));
		assert_contains(r->body, help[k]);
	}
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(pages_in_three_languages, teardown),
		cmocka_unit_test_teardown(bokmal_without_prefix_whatever_the_browser_asks, teardown),
		cmocka_unit_test_teardown(addresses_that_are_not_pages, teardown),
		cmocka_unit_test_teardown(one_cached_page_per_language, teardown),
		cmocka_unit_test_teardown(three_languages_at_once, teardown),
		cmocka_unit_test_teardown(alternates_name_the_public_address, teardown),
		cmocka_unit_test_teardown(found_by_search_engines, teardown),
	};
	return cmocka_run_group_tests_name("lang", tests, group_setup, group_teardown);
}
