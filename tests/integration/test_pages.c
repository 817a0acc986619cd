/* test_pages.c — the pages: counts, every page, bokmål, security headers, hostile text, restart, search. */
#include "integration/harness.h"

/* ==== 1. counts ==== */

static void
counts_match_the_source_plans(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	json_t *bals = api_plan(s->port, BALS);
	assert_string_equal(jstr(bodo, "id"), BODO);
	assert_string_equal(jstr(bals, "id"), BALS);
	assert_counts(bodo, 5, 7, 19, 103);
	assert_counts(bals, 6, 6, 46, 0);

	struct http_response *home = page_ok(s->port, "/");
	assert_contains(home->body, "href=\"/plans/" BODO "\"");
	assert_contains(home->body, "href=\"/plans/" BALS "\"");
	assert_contains(home->body, esc(jstr(bodo, "title")));
	assert_contains(home->body, esc(jstr(bals, "title")));
	server_stop(s);
}

/* ==== 2. every page ==== */

static void
every_page_answers_html(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	size_t npages = 0;

	page_ok(port, "/");
	page_ok(port, "/plans");
	page_ok(port, "/units");
	npages += 3;
	const char *plans[] = {BODO, BALS};
	for (size_t pi = 0; pi < 2; pi++) {
		json_t *p = api_plan(port, plans[pi]);
		struct http_response *r = page_ok(port, S("/plans/%s", plans[pi]));
		assert_contains(r->body, esc(jstr(p, "title")));
		npages++;
		size_t i, j, k;
		json_t *t, *g, *m, *u;
		json_array_foreach(json_object_get(p, "themes"), i, t) {
			const char *tid = jstr(t, "id");
			r = page_ok(port, S("/plans/%s/themes/%s", plans[pi], tid));
			assert_contains(r->body, esc(jstr(t, "title")));
			npages++;
			json_array_foreach(json_object_get(t, "goals"), j, g) {
				json_array_foreach(json_object_get(g, "measures"), k, m) {
					const char *mid = jstr(m, "id");
					r = page_ok(port, S("/plans/%s/measures/%s", plans[pi], mid));
					assert_contains(r->body,
					    esc(jstr(m, "title")));
					npages++;
				}
			}
		}
		json_array_foreach(json_object_get(p, "units"), i, u) {
			const char *uid = jstr(u, "id");
			r = page_ok(port, S("/units/%s", uid));
			assert_contains(r->body, esc(jstr(u, "name")));
			npages++;
		}
	}
	/* 3 + 2 plans + 11 themes + 65 measures + 36 units */
	assert_int_equal(npages, 3 + 2 + 11 + 65 + 36);

	struct http_response *r = page_ok(port, "/search?q=vold");
	assert_contains(r->body, "href=\"/plans/" BODO "/measures/");
	page_ok(port, "/search");

	r = get_status(port, "/static/style.css", 200);
	assert_int_equal(strncmp(header(r, "Content-Type"), "text/css", 8), 0);
	check_security(r, "/static/style.css");
	assert_true(r->body_len > 100);

	/* HEAD: the same status and headers as GET, and no body. */
	const char *target = "/plans/" BODO;
	struct http_response *g = get_status(port, target, 200);
	struct http_conn *c = keep(calloc(1, sizeof(*c)), free_conn);
	c->fd = -1;
	assert_int_equal(http_connect(c, port), 0);
	assert_int_equal(http_send_str(c, "HEAD /plans/" BODO " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n\r\n"), 0);
	size_t n;
	bool timed_out;
	char *raw = keep(http_read_all(c, &n, &timed_out), free);
	assert_false(timed_out);
	struct http_response *h = keep(calloc(1, sizeof(*h)), free_response);
	assert_int_equal(http_parse_response(raw, n, true, h), 0);
	assert_int_equal(h->status, 200);
	if (h->head_len != n)
		fail_msg("HEAD %s: %zu bytes follow the headers", target, n - h->head_len);
	assert_string_equal(header(h, "Content-Length"), S("%zu", g->body_len));
	for (size_t i = 0; i < g->nheaders; i++) {
		const char *name = g->headers[i].name;
		if (strcasecmp(name, "Date") == 0 || strcasecmp(name, "Connection") == 0)
			continue;
		const char *hv = http_header(h, name);
		if (hv == NULL || strcmp(hv, g->headers[i].value) != 0)
			fail_msg("HEAD %s: header %s is %s, GET has %s", target, name,
			    hv ? hv : "missing", g->headers[i].value);
		assert_int_equal(http_header_count(h, name), http_header_count(g, name));
	}
	server_stop(s);
}

/* ==== 3. bokmål ==== */

static void
interface_is_bokmal(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *home = page_ok(s->port, "/");
	assert_contains(home->body, "<html lang=\"nb\">");
	assert_contains(home->body, "Handlingsplaner mot vold i nære relasjoner");
	struct http_response *plan = page_ok(s->port, "/plans/" BODO);
	assert_contains(plan->body, "<html lang=\"nb\">");
	assert_contains(plan->body, "Måleindikator");
	struct http_response *units = page_ok(s->port, "/units");
	assert_contains(units->body, "<html lang=\"nb\">");
	struct http_response *missing = get_status(s->port, "/finnes-ikke", 404);
	assert_contains(missing->body, "<html lang=\"nb\">");
	assert_contains(missing->body, "Fant ikke siden");
	server_stop(s);
}

/* ==== 4. security headers ==== */

static void
security_headers_on_every_response(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	char *longurl = S("/%05000d", 0);
	struct {
		const char *method, *target, *extra;
		int status;
		bool html;
	} cases[] = {
		{"GET", "/", NULL, 200, true},
		{"GET", "/plans/" BODO, NULL, 200, true},
		{"GET", "/units", NULL, 200, true},
		{"GET", "/search?q=vold", NULL, 200, true},
		{"GET", "/api/plans/" BODO, NULL, 200, false},
		{"GET", "/static/style.css", NULL, 200, false},
		{"HEAD", "/plans/" BODO, NULL, 200, false},
		{"GET", "/nothing-here", NULL, 404, true},
		{"GET", "/plans/no-such-plan", NULL, 404, true},
		{"GET", "/units/no-such-unit", NULL, 404, true},
		{"GET", "/static/no-such-file.css", NULL, 404, true},
		{"GET", "/plans/%zz", NULL, 400, true},
		{"POST", "/", "Content-Length: 0\r\n", 405, true},
		{"GET", "/", "Content-Length: 10000000\r\n", 413, true},
		{"GET", longurl, NULL, 414, true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *what = S("%s %.60s", cases[i].method, cases[i].target);
		struct http_response *r = req(port, cases[i].method, cases[i].target,
		    cases[i].extra);
		if (r->status != cases[i].status)
			fail_msg("%s: status %d, expected %d", what, r->status, cases[i].status);
		check_security(r, what);
		if (cases[i].html)
			check_page(r, what);
		assert_null(other_script(r->body));
	}
	server_stop(s);
}

/* ==== 7. hostile text ==== */

/* Every string of the fixture that is free text must carry the payload
 * (ids, enums and dates cannot). */
static size_t
check_fixture_text(json_t *j, const char *key)
{
	static const char *const not_text[] = {"format", "id", "status", "kind",
	    "resource_category", "date", "deadline", "organisation", "replaces", "parent",
	    NULL};
	size_t n = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
			n += check_fixture_text(v, k);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		if (key && (strcmp(key, "responsible") == 0 || strcmp(key, "applies_to") == 0))
			return 0;
		json_array_foreach(j, i, v)
			n += check_fixture_text(v, key);
	} else if (json_is_string(j)) {
		for (const char *const *k = not_text; *k; k++)
			if (key && strcmp(key, *k) == 0)
				return 0;
		if (strstr(json_string_value(j), XSS) == NULL)
			fail_msg("fixture field %s lacks the payload: %s", key, json_string_value(j));
		n = 1;
	}
	return n;
}

static void
assert_escaped(const struct http_response *r, const char *target, const char *const *labels)
{
	check_page(r, target);
	assert_not_contains(r->body, "<script>alert");
	assert_contains(r->body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
	for (const char *const *l = labels; *l; l++)
		if (strstr(r->body, S("%s " XSS_HTML, *l)) == NULL)
			fail_msg("%s: no escaped \"%s\" text", target, *l);
}

static void
hostile_text_is_escaped(void **state)
{
	(void)state;
	json_t *fx = load_json_file(HOSTILE_FILE);
	size_t nfields = check_fixture_text(fx, NULL);
	assert_true(nfields >= 25);

	char *dir = new_dir("hostile");
	char *db = new_db(dir, "hostile");
	import_ok(db, HOSTILE_FILE);
	struct server *s = server_start(db);
	int port = s->port;

	static const char *const home[] = {"PLAN-TITLE", "ORG-NAME", NULL};
	static const char *const plan[] = {"PLAN-TITLE", "ORG-NAME", "ADOPTION-BODY",
	    "ADOPTION-CASE", "REPLACES-TITLE", "OG-TITLE", "OG-TEXT", "CHAPTER-TITLE", "CHAPTER-BODY",
	    "STEP-WHAT", "STEP-WHO", "STEP-WHEN", "UNIT-NAME", "THEME-TITLE", "THEME-BG",
	    "THEME-CHAL", "GOAL-TEXT", "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT",
	    "IND-RES", "IND-RESP", NULL};
	static const char *const theme[] = {"PLAN-TITLE", "THEME-TITLE", "THEME-BG",
	    "THEME-CHAL", "GOAL-TEXT", "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT",
	    "IND-RES", "IND-RESP", "UNIT-NAME", NULL};
	static const char *const measure[] = {"PLAN-TITLE", "THEME-TITLE", "GOAL-TEXT",
	    "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT", "IND-RES", "IND-RESP",
	    "UNIT-NAME", NULL};
	static const char *const units[] = {"UNIT-NAME", NULL};
	static const char *const unit[] = {"UNIT-NAME", "PLAN-TITLE", "MEASURE-TITLE",
	    "IND-TEXT", "IND-RES", "IND-RESP", "STEP-WHAT", "STEP-WHEN", NULL};
	static const char *const search[] = {"PLAN-TITLE", "MEASURE-TITLE", "IND-TEXT", NULL};

	assert_escaped(page_ok(port, "/"), "/", home);
	assert_escaped(page_ok(port, "/plans/" HOSTILE), "/plans/" HOSTILE, plan);
	size_t i, j, k;
	json_t *t, *g, *m, *u;
	json_array_foreach(json_object_get(fx, "themes"), i, t) {
		char *target = S("/plans/" HOSTILE "/themes/%s", jstr(t, "id"));
		assert_escaped(page_ok(port, target), target, theme);
		json_array_foreach(json_object_get(t, "goals"), j, g)
		json_array_foreach(json_object_get(g, "measures"), k, m) {
			target = S("/plans/" HOSTILE "/measures/%s", jstr(m, "id"));
			assert_escaped(page_ok(port, target), target, measure);
		}
	}
	assert_escaped(page_ok(port, "/units"), "/units", units);
	json_array_foreach(json_object_get(fx, "units"), i, u) {
		char *target = S("/units/%s", jstr(u, "id"));
		assert_escaped(page_ok(port, target), target, unit);
	}
	assert_true(search_hits(port, "alert") > 0);
	assert_escaped(page_ok(port, "/search?q=alert"), "/search?q=alert", search);
	/* The query itself is echoed escaped too. */
	struct http_response *r = page_ok(port, "/search?q=%3Cscript%3Ealert");
	assert_not_contains(r->body, "<script>alert");
	assert_contains(r->body, "&lt;script&gt;alert");

	/* The API gives the text back exactly. */
	json_t *api = api_plan(port, HOSTILE);
	assert_string_equal(jstr(api, "title"), "PLAN-TITLE " XSS);
	assert_string_equal(jstr(api, "themes.0.goals.0.measures.0.indicators.1.responsible_note"),
	    "IND-RESP " XSS);
	if (!json_equal(api, fx))
		fail_msg("the API's plan differs from the imported file:\n%s", dump_json(api));
	server_stop(s);
}

/* ==== 9. restart ==== */

static void
restart_serves_the_same_pages(void **state)
{
	(void)state;
	const char *targets[] = {"/", "/plans/" BODO, "/api/plans/" BALS,
	    "/units/bodo-barneverntjenesten", "/search?q=vold"};
	enum { N = sizeof(targets) / sizeof(targets[0]) };
	struct http_response *before[N];
	struct server *s = server_start(base_db);
	for (int i = 0; i < N; i++)
		before[i] = get_status(s->port, targets[i], 200);
	server_stop(s);
	s = server_start(base_db);
	for (int i = 0; i < N; i++) {
		struct http_response *r = get_status(s->port, targets[i], 200);
		if (r->body_len != before[i]->body_len ||
		    memcmp(r->body, before[i]->body, r->body_len) != 0)
			fail_msg("%s differs after a restart", targets[i]);
	}
	server_stop(s);
}

/* ==== 12. search ==== */

static void
search_finds_words(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	long upper = search_hits(port, "BARNEVERNTJENESTEN");
	long lower = search_hits(port, "barneverntjenesten");
	assert_true(upper > 0);
	assert_int_equal(upper, lower);
	struct http_response *r = page_ok(port, "/search?q=BARNEVERNTJENESTEN");
	assert_contains(r->body, "href=\"/plans/" BODO "/measures/");

	long vold = search_hits(port, "vold");
	long both = search_hits(port, "vold+barn");
	long barn = search_hits(port, "barn");
	assert_true(vold > 0);
	assert_true(both > 0);
	assert_true(both <= vold);
	assert_true(both <= barn);
	assert_int_equal(search_hits(port, "barn+vold"), both);

	assert_int_equal(search_hits(port, "zzzzqqq"), 0);
	r = page_ok(port, "/search?q=zzzzqqq");
	assert_contains(r->body, "Ingenting i planene inneholder «zzzzqqq»");

	char q[202];
	memset(q, 'a', 201);
	q[201] = '\0';
	r = get_status(port, S("/search?q=%s", q), 400);
	check_page(r, "a 201-character query");
	q[200] = '\0';
	assert_int_equal(search_hits(port, q), 0); /* 200 is allowed */
	assert_serving(s, "a long query");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(counts_match_the_source_plans, teardown),
		cmocka_unit_test_teardown(every_page_answers_html, teardown),
		cmocka_unit_test_teardown(interface_is_bokmal, teardown),
		cmocka_unit_test_teardown(security_headers_on_every_response, teardown),
		cmocka_unit_test_teardown(hostile_text_is_escaped, teardown),
		cmocka_unit_test_teardown(restart_serves_the_same_pages, teardown),
		cmocka_unit_test_teardown(search_finds_words, teardown),
	};
	return cmocka_run_group_tests_name("pages", tests, group_setup, group_teardown);
}
