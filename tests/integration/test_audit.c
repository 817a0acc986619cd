/* test_audit.c — the audit trail in the browser (issue 7 §6), through
 * the real server and CLI: an import and a change to an account shown
 * with who, when (Norwegian time and UTC) and before/after; the pages
 * per plan (with its revisions and what changed between two), per user
 * and per object; a page at a time; who may read it (coordinators and
 * administrators; accounts for administrators only); and that nothing —
 * no method on any of its addresses, no SQL around the store — changes
 * or removes an entry, on both backends. */
#include "integration/signin.h"

#define ADMIN  "admin@testby.no"
#define COORD  "coord@testby.no"
#define READER "reader@testby.no"
#define REPORT "reporter@testby.no"
#define UNIT   "testby-barnevern"

/* A database with the small plan imported twice (revision 2 renames a
 * measure, drops an indicator and adds a theme) and four accounts. */
static void
fill_audit(const char *db)
{
	import_ok(db, SMALL_FILE);
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_t *m = at(p, "themes.0.goals.0.measures.0");
	json_object_set_new(m, "title", json_string("Kurs for alle ansatte"));
	json_array_remove(json_object_get(m, "indicators"), 0);
	json_array_append_new(json_object_get(p, "themes"), json_pack("{s:s, s:s, s:[]}",
	    "id", "nytt-tema", "title", "Et nytt tema", "goals"));
	char *file = S("%s/small-v2.json", root);
	write_json(file, p);
	import_ok(db, file);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "coordinator", COORD, "--org", "testby", NULL);
	user_add(db, "reader", READER, NULL);
	user_add(db, "reporter", REPORT, "--unit", UNIT, NULL);
}

static char *
audit_db(const char *name)
{
	return new_db_filled(root, name, fill_audit);
}

static long long
account_id(const char *db, const char *email)
{
	return sql_int(db, S("SELECT id FROM account WHERE email = '%s'", email));
}

/* GET as s, expecting status; the page passes check_page. */
static struct http_response *
page_as(int port, const struct signin *s, const char *target, int status)
{
	struct http_response *r = get_as(port, s, target);
	if (r->status != status)
		fail_msg("GET %s: status %d, expected %d\n%.3000s", target, r->status, status,
		    r->body);
	if (status == 200)
		check_page(r, target);
	return r;
}

/* The number of entries on an audit page. */
static size_t
entries(const struct http_response *r)
{
	return count_substr(r->body, "<li class=\"entry\">");
}

/* The href of the link whose text is text (&amp; made &), or NULL. */
static const char *
link_to(const char *html, const char *text)
{
	const char *t = strstr(html, S(">%s</a>", text));
	if (t == NULL)
		return NULL;
	const char *h = t;
	while (h > html && strncmp(h, "href=\"", 6) != 0)
		h--;
	const char *end = strchr(h + 6, '"');
	char *href = S("%.*s", (int)(end - h - 6), h + 6);
	char *out = S("%s", href), *o = out;
	for (const char *p = href; *p; p++) {
		if (strncmp(p, "&amp;", 5) == 0) {
			*o++ = '&';
			p += 4;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static void
import_and_account_change_with_before_and_after(void **state)
{
	(void)state;
	char *db = audit_db("shown");
	long long reader = account_id(db, READER);
	struct server *s = server_start(db);
	struct signin admin, coord;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	/* An administrator makes the reader a reporter. */
	struct http_response *r = post_as(s->port, &admin, S("/admin/users/%lld", reader),
	    form_with_csrf(&admin, "role=reporter&unit=" UNIT));
	assert_int_equal(r->status, 303);

	r = page_as(s->port, &admin, "/admin/audit", 200);
	/* Newest first: the account change, then the accounts made on the
	 * command line, the imports. */
	const char *change = strstr(r->body, "admin@testby.no</a> · <strong>");
	assert_non_null(change);
	assert_contains(change, "<strong>endret</strong>");
	assert_contains(r->body, S("/admin/audit/object?type=account&amp;id=%lld\">Konto "
	    "%lld</a> (" READER ")", reader, reader));
	assert_contains(change, "<th scope=\"row\">Rolle</th><td class=\"before\">Leser</td>"
	    "<td class=\"after\">Rapportør</td>");
	assert_contains(change, "<th scope=\"row\">Enheter</th>");
	assert_contains(change, UNIT);
	assert_not_contains(r->body, "$argon2");
	/* Who: a link to everything they changed; when: Norwegian time and
	 * the UTC text. */
	assert_contains(r->body, "href=\"/admin/audit/user?actor=web%3Aadmin%40testby.no\"");
	assert_contains(r->body, "(kommandolinjen)</a>");
	const char *t = strstr(r->body, "<time datetime=\"");
	assert_non_null(t);
	char iso[21];
	snprintf(iso, sizeof(iso), "%.20s", t + 16);
	assert_int_equal(iso[19], 'Z');
	assert_contains(t, S("</time> <span class=\"iso\">%s</span>", iso));
	/* The import: revision 2 replacing 1, a link to what changed. */
	assert_contains(r->body, "Versjon 2, erstatter versjon 1.");
	const char *what = link_to(r->body, "Hva som ble endret fra versjon 1 til 2");
	assert_non_null(what);
	assert_string_equal(what, "/admin/audit/plan/" SMALL "/compare?from=1&to=2");
	r = page_as(s->port, &coord, what, 200);
	assert_contains(r->body, "<h2>Endret</h2>");
	assert_contains(r->body, "Tiltak <code>kurs</code> «Kurs for alle ansatte»");
	assert_contains(r->body, "<h2>Lagt til</h2>");
	assert_contains(r->body, "Tema <code>nytt-tema</code> «Et nytt tema»");
	assert_contains(r->body, "<h2>Fjernet</h2>");
	assert_contains(r->body, "Måleindikator <code>1</code>");
	/* Each revision as JSON. */
	r = get_as(s->port, &coord, "/admin/audit/plan/" SMALL "/revisions/1");
	assert_int_equal(r->status, 200);
	assert_string_equal(header(r, "Content-Type"), "application/json");
	assert_string_equal(header(r, "Cache-Control"), "private, no-store");
	assert_contains(r->body, "\"title\": \"Kurs for ansatte\"");
	assert_contains(get_as(s->port, &coord, "/admin/audit/plan/" SMALL
	    "/revisions/2")->body, "\"Kurs for alle ansatte\"");

	/* The plan's page: its revisions and its changes, no account. */
	r = page_as(s->port, &coord, "/admin/audit/plan/" SMALL, 200);
	assert_contains(r->body, "<h2 id=\"revisions\">Versjoner</h2>");
	assert_contains(r->body, "/admin/audit/plan/" SMALL "/revisions/2\">2</a>");
	assert_int_equal(entries(r), 2);
	assert_not_contains(r->body, "type=account");
	/* The user's page: the account change only. */
	r = page_as(s->port, &admin, "/admin/audit/user?actor=web%3Aadmin%40testby.no", 200);
	assert_int_equal(entries(r), 1);
	assert_contains(r->body, "Endringer gjort av admin@testby.no");
	/* The object's page: the account made, then changed. */
	r = page_as(s->port, &admin, S("/admin/audit/object?type=account&id=%lld", reader),
	    200);
	assert_int_equal(entries(r), 2);
	assert_contains(r->body, "<strong>lagt til</strong>");
	/* The organisation made by the first import. */
	r = page_as(s->port, &coord, "/admin/audit/object?type=organisation&id=testby", 200);
	assert_int_equal(entries(r), 1);
	assert_contains(r->body, "Testby kommune");
	/* Filters of the whole trail: by plan, by user, by kind. */
	r = page_as(s->port, &admin, "/admin/audit?plan=" SMALL, 200);
	assert_int_equal(entries(r), 2);
	r = page_as(s->port, &admin, "/admin/audit?type=account", 200);
	assert_int_equal(entries(r), 5);   /* four made, one changed */
	r = page_as(s->port, &admin, "/admin/audit?type=account&actor=web%3Aadmin%40testby.no",
	    200);
	assert_int_equal(entries(r), 1);
	r = page_as(s->port, &admin, "/admin/audit?plan=" SMALL "&type=account", 200);
	assert_int_equal(entries(r), 0);
	assert_contains(r->body, "Ingen endringer passer.");
	server_stop(s);
}

/* Coordinators and administrators read the trail; changes to accounts
 * are for administrators; readers and reporters may not open it. */
static void
who_may_read_it(void **state)
{
	(void)state;
	char *db = audit_db("who");
	struct server *s = server_start(db);
	struct signin admin, coord, reader, reporter;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	sign_in(s->port, READER, TEST_PASSWORD, &reader);
	sign_in(s->port, REPORT, TEST_PASSWORD, &reporter);
	const char *pages[] = {"/admin/audit", "/admin/audit/plan/" SMALL,
	    "/admin/audit/user?actor=web%3Ax", "/admin/audit/object?type=plan&id=" SMALL,
	    "/admin/audit/plan/" SMALL "/compare?from=1&to=2",
	    "/admin/audit/plan/" SMALL "/revisions/1"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		assert_int_equal(get_as(s->port, &admin, pages[i])->status, 200);
		assert_int_equal(get_as(s->port, &coord, pages[i])->status, 200);
		assert_int_equal(get_as(s->port, &reader, pages[i])->status, 403);
		assert_int_equal(get_as(s->port, &reporter, pages[i])->status, 403);
		struct http_response *r = get_as(s->port, NULL, pages[i]);
		assert_int_equal(r->status, 303);
		assert_int_equal(strncmp(header(r, "Location"), "/login?next=", 12), 0);
	}
	/* The menu offers it to those who may open it. */
	assert_contains(page_as(s->port, &coord, "/admin", 200)->body, "href=\"/admin/audit\"");
	assert_not_contains(page_as(s->port, &reader, "/admin", 200)->body,
	    "href=\"/admin/audit\"");
	/* A coordinator sees every change but those to accounts. */
	struct http_response *r = page_as(s->port, &coord, "/admin/audit", 200);
	/* Two imports, one organisation, the plan's three units entering
	 * the register. */
	assert_int_equal(entries(r), 6);
	assert_not_contains(r->body, "type=account");
	assert_contains(r->body, "vises bare for administratorer");
	assert_int_equal(entries(page_as(s->port, &admin, "/admin/audit", 200)), 10);
	r = get_as(s->port, &coord, "/admin/audit?type=account");
	assert_int_equal(r->status, 403);
	assert_contains(r->body, "vises bare for administratorer");
	assert_int_equal(get_as(s->port, &coord, S("/admin/audit/object?type=account&id=%lld",
	    account_id(db, READER)))->status, 403);
	r = page_as(s->port, &coord, "/admin/audit/user?actor=cli%3Aroot", 200);
	assert_not_contains(r->body, "type=account");
	server_stop(s);
}

/* The trail is read fifty entries at a time, newest first, following
 * "older" links to the end and back, for the whole trail and for a
 * plan with many objects. */
static void
a_page_at_a_time(void **state)
{
	(void)state;
	char *db = audit_db("pages");
	/* 120 reports of the plan and 5 of another, written around the store
	 * (inserting is all the schema allows). */
	for (int i = 0; i < 125; i++)
		sql_exec(db, S("INSERT INTO audit (at, actor, action, object_type, object_id,"
		    " before_json, after_json) VALUES ('2026-05-0%dT10:00:00Z', 'web:%s',"
		    " 'update', 'report', '%s/kurs/%d/2025', NULL, '{\"status\":\"done\"}')",
		    1 + i % 9, i % 2 ? REPORT : COORD, i < 120 ? SMALL : "other-plan", i));
	long long total = sql_int(db, "SELECT count(*) FROM audit");
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	const char *next = "/admin/audit";
	long long seen = 0;
	long long last_first = INT64_MAX;
	int pages = 0;
	while (next != NULL) {
		struct http_response *r = page_as(s->port, &admin, next, 200);
		size_t n = entries(r);
		seen += (long long)n;
		pages++;
		const char *older = link_to(r->body, "Eldre endringer");
		if (older != NULL)
			assert_int_equal(n, 50);
		if (pages > 1)
			assert_non_null(link_to(r->body, "Nyeste endringer"));
		else
			assert_null(link_to(r->body, "Nyeste endringer"));
		/* Newest first across pages: this page begins below the last. */
		const char *b = strstr(next, "before=");
		if (b) {
			long long before = atoll(b + 7);
			assert_true(before < last_first);
			last_first = before;
		}
		next = older;
		if (pages > 10)
			fail_msg("more than 10 pages of %lld entries", total);
	}
	assert_int_equal(seen, total);
	assert_int_equal(pages, (int)((total + 49) / 50));

	/* The plan's trail: its two imports and its 120 reports, 3 pages. */
	next = "/admin/audit/plan/" SMALL;
	seen = 0;
	pages = 0;
	while (next != NULL) {
		struct http_response *r = page_as(s->port, &admin, next, 200);
		assert_not_contains(r->body, "other-plan");
		seen += (long long)entries(r);
		/* The revisions are on the first page only. */
		if (pages++ == 0)
			assert_contains(r->body, "id=\"revisions\"");
		else
			assert_not_contains(r->body, "id=\"revisions\"");
		next = link_to(r->body, "Eldre endringer");
	}
	assert_int_equal(seen, 122);
	assert_int_equal(pages, 3);
	/* A user's and a kind's trail keep their filter on the next page. */
	struct http_response *r = page_as(s->port, &admin,
	    "/admin/audit/user?actor=web%3A" REPORT "&type=report", 200);
	assert_int_equal(entries(r), 50);
	next = link_to(r->body, "Eldre endringer");
	assert_non_null(next);
	assert_contains(next, "actor=web%3Areporter%40testby.no");
	assert_contains(next, "type=report");
	r = page_as(s->port, &admin, next, 200);
	assert_int_equal(entries(r), 12);   /* 62 reports by the reporter */
	assert_null(link_to(r->body, "Eldre endringer"));
	/* Past the oldest: an empty page that says so. */
	r = page_as(s->port, &admin, "/admin/audit?before=1", 200);
	assert_int_equal(entries(r), 0);
	assert_contains(r->body, "Det finnes ingen eldre endringer.");
	server_stop(s);
}

/* Query values that are not what a page takes are answered 400 (404 for
 * a plan or revision that is not there), and the server goes on. */
static void
wrong_questions(void **state)
{
	(void)state;
	char *db = audit_db("wrong");
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	const struct {
		const char *target;
		int         status;
		const char *says;
	} cases[] = {
		{"/admin/audit?before=abc", 400, "et helt tall fra 1"},
		{"/admin/audit?before=0", 400, "et helt tall fra 1"},
		{"/admin/audit?before=99999999999999999999", 400, "et helt tall fra 1"},
		{"/admin/audit?type=Plan", 400, "små bokstaver"},
		{"/admin/audit?plan=Not%20a%20plan", 400, "oppgis med sin id"},
		{"/admin/audit/user", 400, "?actor="},
		{"/admin/audit/object?type=plan", 400, "?type= og ?id="},
		{"/admin/audit/plan/no-such-plan", 404, "Det finnes ingen plan"},
		{"/admin/audit/plan/" SMALL "/compare?from=1", 400, "?from= og ?to="},
		{"/admin/audit/plan/" SMALL "/compare?from=1&to=x", 400, "?from= og ?to="},
		{"/admin/audit/plan/" SMALL "/compare?from=1&to=3", 404, "ingen slik versjon"},
		{"/admin/audit/plan/" SMALL "/revisions/3", 404, "ingen slik versjon"},
		{"/admin/audit/plan/" SMALL "/revisions/0", 404, "ingen slik versjon"},
		{"/admin/audit/plan/" SMALL "/revisions/-1", 404, "ingen slik versjon"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response *r = get_as(s->port, &admin, cases[i].target);
		if (r->status != cases[i].status)
			fail_msg("%s: status %d, expected %d", cases[i].target, r->status,
			    cases[i].status);
		check_page(r, cases[i].target);
		assert_contains(r->body, cases[i].says);
	}
	/* The same revision twice: nothing changed. */
	assert_contains(page_as(s->port, &admin, "/admin/audit/plan/" SMALL
	    "/compare?from=2&to=2", 200)->body, "samme planen");
	/* An object that is not there has an empty trail, not an error. */
	assert_int_equal(entries(page_as(s->port, &admin,
	    "/admin/audit/object?type=report&id=nothing", 200)), 0);
	/* Text from the trail is escaped. */
	sql_exec(db, "INSERT INTO audit (at, actor, action, object_type, object_id,"
	    " before_json, after_json) VALUES ('not a time', 'web:<b>x', '<i>', 'plan', '"
	    SMALL "', '{\"title\":\"<script>alert(1)</script>\"}', '[1]')");
	struct http_response *r = page_as(s->port, &admin, "/admin/audit/plan/" SMALL, 200);
	assert_contains(r->body, "&lt;b&gt;x");
	assert_contains(r->body, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_contains(r->body, "not a time");
	server_stop(s);
}

/* Nothing changes or removes an entry: every address of the trail
 * answers only GET and HEAD (POST, PUT, PATCH and DELETE get 405 with
 * the session and token of an administrator), and a connection that
 * goes around the store is refused by the database itself. */
static void
nothing_changes_the_trail(void **state)
{
	(void)state;
	char *db = audit_db("readonly");
	long long before = sql_int(db, "SELECT count(*) FROM audit");
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	const char *pages[] = {"/admin/audit", "/admin/audit/plan/" SMALL,
	    "/admin/audit/user?actor=cli%3Aroot", "/admin/audit/object?type=plan&id=" SMALL,
	    "/admin/audit/plan/" SMALL "/compare?from=1&to=2",
	    "/admin/audit/plan/" SMALL "/revisions/1"};
	const char *methods[] = {"PUT", "PATCH", "DELETE"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct http_response *r = post_as(s->port, &admin, pages[i],
		    form_with_csrf(&admin, NULL));
		if (r->status != 405)
			fail_msg("POST %s: status %d, expected 405", pages[i], r->status);
		assert_string_equal(header(r, "Allow"), "GET, HEAD");
		for (size_t m = 0; m < 3; m++) {
			r = req(s->port, methods[m], pages[i], S("Cookie: %s\r\n", admin.cookie));
			if (r->status != 405)
				fail_msg("%s %s: status %d, expected 405", methods[m], pages[i],
				    r->status);
		}
	}
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit"), before);
	server_stop(s);
	char err[300];
	assert_false(testdb_exec(db, "UPDATE audit SET actor = 'someone else'", err));
	assert_contains(err, "audit rows cannot be");
	assert_false(testdb_exec(db, "DELETE FROM audit WHERE object_type = 'account'", err));
	assert_contains(err, "audit rows cannot be");
	if (testdb_pg()) {
		assert_false(testdb_exec(db, "TRUNCATE audit", err));
		assert_contains(err, "audit rows cannot be");
	}
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit"), before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE actor = 'someone else'"),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(import_and_account_change_with_before_and_after,
		    teardown),
		cmocka_unit_test_teardown(who_may_read_it, teardown),
		cmocka_unit_test_teardown(a_page_at_a_time, teardown),
		cmocka_unit_test_teardown(wrong_questions, teardown),
		cmocka_unit_test_teardown(nothing_changes_the_trail, teardown),
	};
	return cmocka_run_group_tests_name("audit", tests, group_setup, group_teardown);
}
