/* test_privacy.c — the public pages leave no trace (issue 8 §3): over
 * every public route of the route table, no cookie, a
 * Content-Security-Policy that allows nothing from elsewhere, no
 * address of another host that the page loads or sends to, the "Leave
 * this page" control (a plain link that works without JavaScript, and
 * the one same-origin script that follows it with location.replace),
 * and no client address in the server's log, whatever the request's
 * forwarding headers say.
 *
 * The list below has an entry per enum route_id (src/http/routes.h),
 * indexed by it: a route added without a sample address fails
 * every_route_has_a_sample. Non-public routes all lie under /admin
 * (routes_check holds that), and are checked to be closed without a
 * session (and to set no cookie either). */
#include "integration/signin.h"

#include "http/routes.h"

enum kind { UNLISTED = 0, PUBLIC, SIGNED_IN };

struct sample {
	const char *method;
	const char *path;
	enum kind   kind;
};

#define UNIT "bodo-barneverntjenesten"
#define ED "/admin/plans/" BODO
#define THEME "overordnede-tiltak"
#define GOAL "plan-kjent-og-implementert"
#define MEASURE "sikre-ressurser-og-koordinering"

static const struct sample samples[ROUTE__MAX] = {
	[ROUTE_HOME] = {"GET", "/", PUBLIC},
	[ROUTE_PLANS] = {"GET", "/plans", PUBLIC},
	[ROUTE_PLAN] = {"GET", "/plans/" BODO, PUBLIC},
	[ROUTE_INDICATORS] = {"GET", "/plans/" BODO "/indicators", PUBLIC},
	[ROUTE_THEME] = {"GET", "/plans/" BODO "/themes/overordnede-tiltak", PUBLIC},
	[ROUTE_MEASURE] = {"GET", "/plans/" BODO "/measures/sikre-ressurser-og-koordinering", PUBLIC},
	[ROUTE_UNITS] = {"GET", "/units", PUBLIC},
	[ROUTE_UNIT] = {"GET", "/units/" UNIT, PUBLIC},
	[ROUTE_SEARCH] = {"GET", "/search?q=vold", PUBLIC},
	[ROUTE_STATEMENT] = {"GET", "/tilgjengelighet", PUBLIC},
	[ROUTE_API_PLAN] = {"GET", "/api/plans/" BODO, PUBLIC},
	[ROUTE_STATIC] = {"GET", "/static/style.css", PUBLIC},
	[ROUTE_LOGIN] = {"GET", "/login", PUBLIC},
	[ROUTE_ADMIN] = {"GET", "/admin", SIGNED_IN},
	[ROUTE_LOGOUT] = {"POST", "/admin/logout", SIGNED_IN},
	[ROUTE_PASSWORD] = {"POST", "/admin/password", SIGNED_IN},
	[ROUTE_REPORT] = {"GET", "/admin/report", SIGNED_IN},
	[ROUTE_REPORT_PLAN] = {"GET", "/admin/report/" BODO, SIGNED_IN},
	[ROUTE_REPORT_HISTORY] = {"GET", "/admin/report/" BODO "/foreldre/14", SIGNED_IN},
	[ROUTE_OVERVIEW] = {"GET", "/admin/overview", SIGNED_IN},
	[ROUTE_OVERVIEW_PLAN] = {"GET", "/admin/overview/" BODO, SIGNED_IN},
	[ROUTE_EDIT_PLANS] = {"GET", "/admin/plans", SIGNED_IN},
	[ROUTE_EDIT_PLAN] = {"GET", ED, SIGNED_IN},
	[ROUTE_EDIT_SETTINGS] = {"POST", ED "/settings", SIGNED_IN},
	[ROUTE_EDIT_STATUS] = {"GET", ED "/status", SIGNED_IN},
	[ROUTE_THEME_ADD] = {"GET", ED "/add-theme", SIGNED_IN},
	[ROUTE_THEME_EDIT] = {"POST", ED "/themes/" THEME, SIGNED_IN},
	[ROUTE_THEME_DELETE] = {"GET", ED "/themes/" THEME "/delete", SIGNED_IN},
	[ROUTE_THEME_MOVE] = {"POST", ED "/themes/" THEME "/move", SIGNED_IN},
	[ROUTE_GOAL_ADD] = {"POST", ED "/themes/" THEME "/add-goal", SIGNED_IN},
	[ROUTE_GOAL_EDIT] = {"GET", ED "/goals/" GOAL, SIGNED_IN},
	[ROUTE_GOAL_DELETE] = {"POST", ED "/goals/" GOAL "/delete", SIGNED_IN},
	[ROUTE_GOAL_MOVE] = {"POST", ED "/goals/" GOAL "/move", SIGNED_IN},
	[ROUTE_MEASURE_ADD] = {"GET", ED "/goals/" GOAL "/add-measure", SIGNED_IN},
	[ROUTE_MEASURE_EDIT] = {"GET", ED "/measures/" MEASURE, SIGNED_IN},
	[ROUTE_MEASURE_DELETE] = {"GET", ED "/measures/" MEASURE "/delete", SIGNED_IN},
	[ROUTE_MEASURE_MOVE] = {"POST", ED "/measures/" MEASURE "/move", SIGNED_IN},
	[ROUTE_INDICATOR_ADD] = {"POST", ED "/measures/" MEASURE "/add-indicator", SIGNED_IN},
	[ROUTE_INDICATOR_EDIT] = {"GET", ED "/measures/" MEASURE "/indicators/1", SIGNED_IN},
	[ROUTE_INDICATOR_DELETE] = {"POST", ED "/measures/" MEASURE "/indicators/1/delete", SIGNED_IN},
	[ROUTE_INDICATOR_MOVE] = {"POST", ED "/measures/" MEASURE "/indicators/1/move", SIGNED_IN},
	[ROUTE_UNIT_ADD] = {"GET", ED "/add-unit", SIGNED_IN},
	[ROUTE_UNIT_EDIT] = {"POST", ED "/units/" UNIT, SIGNED_IN},
	[ROUTE_UNIT_DELETE] = {"GET", ED "/units/" UNIT "/delete", SIGNED_IN},
	[ROUTE_UNIT_MOVE] = {"POST", ED "/units/" UNIT "/move", SIGNED_IN},
	[ROUTE_CHAPTER_ADD] = {"POST", ED "/add-chapter", SIGNED_IN},
	[ROUTE_CHAPTER_EDIT] = {"GET", ED "/chapters/forord", SIGNED_IN},
	[ROUTE_CHAPTER_DELETE] = {"GET", ED "/chapters/forord/delete", SIGNED_IN},
	[ROUTE_CHAPTER_MOVE] = {"POST", ED "/chapters/forord/move", SIGNED_IN},
	[ROUTE_STEP_ADD] = {"GET", ED "/add-step", SIGNED_IN},
	[ROUTE_STEP_EDIT] = {"POST", ED "/steps/1", SIGNED_IN},
	[ROUTE_STEP_DELETE] = {"POST", ED "/steps/1/delete", SIGNED_IN},
	[ROUTE_STEP_MOVE] = {"POST", ED "/steps/1/move", SIGNED_IN},
	[ROUTE_OVERARCHING_ADD] = {"GET", ED "/add-overarching-goal", SIGNED_IN},
	[ROUTE_OVERARCHING_EDIT] = {"POST", ED "/overarching-goals/1", SIGNED_IN},
	[ROUTE_OVERARCHING_DELETE] = {"GET", ED "/overarching-goals/1/delete", SIGNED_IN},
	[ROUTE_OVERARCHING_MOVE] = {"POST", ED "/overarching-goals/1/move", SIGNED_IN},
	[ROUTE_AUDIT] = {"GET", "/admin/audit?type=plan", SIGNED_IN},
	[ROUTE_AUDIT_PLAN] = {"GET", "/admin/audit/plan/" BODO, SIGNED_IN},
	[ROUTE_AUDIT_USER] = {"GET", "/admin/audit/user?actor=cli%3Aroot", SIGNED_IN},
	[ROUTE_AUDIT_OBJECT] = {"GET", "/admin/audit/object?type=plan&id=" BODO, SIGNED_IN},
	[ROUTE_AUDIT_COMPARE] = {"GET", "/admin/audit/plan/" BODO "/compare?from=1&to=1", SIGNED_IN},
	[ROUTE_AUDIT_REVISION] = {"GET", "/admin/audit/plan/" BODO "/revisions/1", SIGNED_IN},
	[ROUTE_USERS] = {"GET", "/admin/users", SIGNED_IN},
	[ROUTE_USER_NEW] = {"POST", "/admin/users/new", SIGNED_IN},
	[ROUTE_USER] = {"GET", "/admin/users/1", SIGNED_IN},
	[ROUTE_USER_PASSWORD] = {"POST", "/admin/users/1/password", SIGNED_IN},
	[ROUTE_USER_DISABLE] = {"POST", "/admin/users/999/disable", SIGNED_IN},
	[ROUTE_USER_ENABLE] = {"POST", "/admin/users/999/enable", SIGNED_IN},
	[ROUTE_ORGS] = {"GET", "/admin/organisations", SIGNED_IN},
	[ROUTE_HIDE_VISIT] = {"GET", "/skjul-besok", PUBLIC},
	[ROUTE_ABOUT_VIOLENCE] = {"GET", "/om-vold", PUBLIC},
	[ROUTE_ORG_STYLE] = {"GET", "/static/org/bodo.css", PUBLIC},   /* with_look */
	[ROUTE_ROBOTS] = {"GET", "/robots.txt", PUBLIC},
	[ROUTE_SERVICES] = {"GET", "/admin/services", SIGNED_IN},
	[ROUTE_SERVICE_NEW] = {"GET", "/admin/services/new", SIGNED_IN},
	[ROUTE_SERVICE] = {"GET", "/admin/services/krisesenteret-i-salten", SIGNED_IN},
	[ROUTE_SERVICE_VERIFY] = {"POST", "/admin/services/krisesenteret-i-salten/verify", SIGNED_IN},
	[ROUTE_SERVICE_DELETE] = {"GET", "/admin/services/krisesenteret-i-salten/delete", SIGNED_IN},
	[ROUTE_HELP] = {"GET", "/hjelp/bodo", PUBLIC},
	[ROUTE_HELP_WAY] = {"GET", "/hjelp/bodo/for/voksne", PUBLIC},
	[ROUTE_CARD] = {"GET", "/tiltakskort/bodo", PUBLIC},
	[ROUTE_CARD_PRINT] = {"GET", "/tiltakskort/bodo/utskrift", PUBLIC},
	[ROUTE_CARD_PDF] = {"GET", "/tiltakskort/bodo/pdf", PUBLIC},
	[ROUTE_CARDS_ADMIN] = {"GET", "/admin/cards", SIGNED_IN},
	[ROUTE_CARD_ADMIN] = {"GET", "/admin/cards/bodo", SIGNED_IN},
	[ROUTE_CARD_SETTINGS] = {"GET", "/admin/cards/bodo/settings", SIGNED_IN},
	[ROUTE_CARD_REVIEWED] = {"POST", "/admin/cards/bodo/reviewed", SIGNED_IN},
	[ROUTE_CARD_STEP_ADD] = {"GET", "/admin/cards/bodo/add-step", SIGNED_IN},
	[ROUTE_CARD_STEP_EDIT] = {"GET", "/admin/cards/bodo/steps/1", SIGNED_IN},
	[ROUTE_CARD_STEP_DELETE] = {"GET", "/admin/cards/bodo/steps/1/delete", SIGNED_IN},
	[ROUTE_CARD_STEP_MOVE] = {"POST", "/admin/cards/bodo/steps/1/move", SIGNED_IN},
};

/* More public addresses than one per route: pages whose content differs
 * (the other plan, whose chapters link to other sites; the script). */
static const char *const more[] = {
	"/plans/" BALS, "/plans/" BALS "/indicators", "/units?side=1",
	"/static/leave.js", "/search?q=krisesenter",
};

#define EXIT "https://exit.example.org/v%C3%A6r?x=1&y=2"
#define EXIT_HTML "https://exit.example.org/v%C3%A6r?x=1&amp;y=2"

static struct server *
exit_server_on(const char *db, const char *const *extra)
{
	const char *args[8] = {"--exit-url", EXIT};
	size_t n = 2;
	for (; extra && *extra && n < 7; extra++)
		args[n++] = *extra;
	args[n] = NULL;
	return server_start_with(db, args, NULL);
}

/* Bodø gets a look of its own (as an administrator would set it), so
 * its pages load /static/org/bodo.css. */
static struct server *
exit_server(const char *const *extra)
{
	import_shipped_extras(base_db);
	sql_exec(base_db, "UPDATE organisation SET accent = '#1a5276', logo_text = "
	    "'Bodø' WHERE id = 'bodo'");
	return exit_server_on(base_db, extra);
}

static void
every_route_has_a_sample(void **state)
{
	(void)state;
	for (int i = 0; i < ROUTE__MAX; i++) {
		if (samples[i].kind == UNLISTED || samples[i].path == NULL)
			fail_msg("route %d has no sample address in tests/integration/"
			    "test_privacy.c: add one (PUBLIC, or SIGNED_IN under /admin)", i);
		bool admin = strncmp(samples[i].path, "/admin", 6) == 0;
		if (admin != (samples[i].kind == SIGNED_IN))
			fail_msg("route %d (%s): only addresses under /admin need a session",
			    i, samples[i].path);
	}
}

/* The value of attribute name in the tag [tag, end), or NULL. */
static char *
attr(const char *tag, const char *end, const char *name)
{
	char *pat = S(" %s=\"", name);
	const char *p = strstr(tag, pat);
	if (p == NULL || p >= end)
		return NULL;
	p += strlen(pat);
	const char *q = strchr(p, '"');
	return q && q < end ? S("%.*s", (int)(q - p), p) : NULL;
}

static bool
absolute(const char *v)
{
	return strncasecmp(v, "http:", 5) == 0 || strncasecmp(v, "https:", 6) == 0 ||
	    strncmp(v, "//", 2) == 0 || strncmp(v, "\\\\", 2) == 0;
}

/* Every tag's src, href, action, formaction, poster and data: none may
 * name another host, except the leave link's target and links the
 * reader may follow (<a>) that say rel="… noreferrer". Returns how many
 * leave links it saw. */
static int
check_addresses(const char *body, const char *what)
{
	static const char *const names[] = {"src", "href", "action", "formaction",
	    "poster", "data", "srcset", "xlink:href"};
	int leave = 0;
	for (const char *t = strchr(body, '<'); t; t = strchr(t + 1, '<')) {
		const char *end = strchr(t, '>');
		if (end == NULL)
			break;
		bool is_a = strncmp(t, "<a ", 3) == 0;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char *v = attr(t, end, names[i]);
			if (v == NULL || !absolute(v))
				continue;
			char *id = attr(t, end, "id"), *rel = attr(t, end, "rel");
			if (is_a && id && strcmp(id, "leave") == 0 && strcmp(v, EXIT_HTML) == 0 &&
			    rel && strcmp(rel, "noreferrer") == 0) {
				leave++;
				continue;
			}
			if (is_a && strcmp(names[i], "href") == 0 && rel &&
			    strstr(rel, "noreferrer") != NULL)
				continue;
			fail_msg("%s: %s=\"%s\" names another host: %.*s", what, names[i], v,
			    (int)(end - t + 1), t);
		}
	}
	/* Nor may a stylesheet reach out (there is no inline one). */
	if (strcasestr_(body, "@import") || strcasestr_(body, "url(http"))
		fail_msg("%s: the page imports from elsewhere", what);
	return leave;
}

/* The headers of a public answer: no cookie; a CSP that loads nothing
 * from elsewhere and allows scripts from this origin only. */
static void
check_headers(const struct http_response *r, const char *what)
{
	check_security(r, what);
	const char *csp = http_header(r, "Content-Security-Policy");
	assert_contains(csp, "default-src 'none'");
	assert_contains(csp, "script-src 'self';");
	assert_contains(csp, "style-src 'self';");
	assert_contains(csp, "form-action 'self'");
	assert_contains(csp, "frame-ancestors 'none'");
	if (strstr(csp, "http") || strstr(csp, "*") || strstr(csp, "unsafe") ||
	    strstr(csp, "data:"))
		fail_msg("%s: the CSP allows more than this origin: %s", what, csp);
}

static void
check_public(int port, const char *path)
{
	const char *what = S("GET %s", path);
	struct http_response *r = get(port, path);
	if (r->status != 200)
		fail_msg("%s: status %d, expected 200", what, r->status);
	check_headers(r, what);
	const char *ct = http_header(r, "Content-Type");
	if (ct && strcmp(ct, HTML_TYPE) == 0) {
		check_page(r, what);
		if (check_addresses(r->body, what) != 1)
			fail_msg("%s: expected one leave link to %s", what, EXIT_HTML);
		assert_contains(r->body, LEAVE_SCRIPT);
		/* A print view (the action card's) is the content alone, with
		 * the leave control but without the site's footer. */
		if (strstr(what, "/utskrift") == NULL) {
			assert_contains(r->body, "href=\"/skjul-besok\"");
			assert_contains(r->body, "href=\"/om-vold\"");
		}
	} else if (ct && strncmp(ct, "text/css", 8) == 0) {
		if (strcasestr_(r->body, "@import") || strcasestr_(r->body, "url("))
			fail_msg("%s: the stylesheet loads something", what);
	}
	/* HEAD too, and the gzip variant. */
	r = req(port, "HEAD", path, NULL);
	check_headers(r, S("HEAD %s", path));
	r = req(port, "GET", path, "Accept-Encoding: gzip\r\n");
	check_headers(r, S("GET %s (gzip)", path));
}

static void
public_routes_leave_no_trace(void **state)
{
	(void)state;
	struct server *s = exit_server(NULL);
	size_t npublic = 0;
	for (int i = 0; i < ROUTE__MAX; i++) {
		const struct sample *e = &samples[i];
		if (e->path == NULL)
			continue;
		if (e->kind == PUBLIC) {
			check_public(s->port, e->path);
			npublic++;
			continue;
		}
		/* Closed without a session, and no cookie either way. */
		struct http_response *r = strcmp(e->method, "POST") == 0 ?
		    post_as(s->port, NULL, e->path, "") : get(s->port, e->path);
		if (r->status != 303 && r->status != 403)
			fail_msg("%s %s without a session: %d, expected 303 or 403", e->method,
			    e->path, r->status);
		check_security(r, e->path);
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		check_public(s->port, more[i]);
	/* Error pages are public pages too. */
	struct http_response *r = get(s->port, "/plans/no-such-plan");
	assert_int_equal(r->status, 404);
	check_page(r, "404");
	assert_int_equal(check_addresses(r->body, "404"), 1);
	assert_true(npublic >= 15);
	server_stop(s);
}

/* The leave control: a plain link that works without JavaScript, to the
 * configured site, with rel=noreferrer; the script that takes it over
 * (click, Escape, Shift three times → location.replace); the default
 * site; a bad --exit-url refused; and none in the signed-in area. */
static void
leave_control(void **state)
{
	(void)state;
	char *db = new_db(root, "privacy");
	import_ok(db, BODO_FILE);
	struct server *s = exit_server_on(db, NULL);
	struct http_response *r = page_ok(s->port, "/om-vold");
	assert_contains(r->body, "<a id=\"leave\" class=\"leave-btn\" href=\"" EXIT_HTML
	    "\" rel=\"noreferrer\">");
	/* The control comes before the page's header and content. */
	assert_true(strstr(r->body, "id=\"leave\"") < strstr(r->body, "<header"));
	r = get_status(s->port, "/static/leave.js", 200);
	assert_string_equal(header(r, "Content-Type"), "text/javascript; charset=utf-8");
	assert_contains(r->body, "location.replace(");
	assert_contains(r->body, "\"Escape\"");
	assert_contains(r->body, "\"Shift\"");
	assert_contains(r->body, "getElementById(\"leave\")");
	assert_not_contains(r->body, "http");   /* the target comes from the page */
	/* A signed-in page has none. */
	user_add(db, "admin", "privacy-admin@bodo.kommune.no", NULL);
	struct signin a;
	sign_in(s->port, "privacy-admin@bodo.kommune.no", TEST_PASSWORD, &a);
	r = get_as(s->port, &a, "/admin");
	assert_int_equal(r->status, 200);
	assert_not_contains(r->body, "id=\"leave\"");
	assert_null(strcasestr_(r->body, "<script"));
	server_stop(s);

	/* The default neutral site. */
	s = server_start(base_db);
	r = page_ok(s->port, "/skjul-besok");
	assert_contains(r->body, "href=\"https://www.yr.no/\" rel=\"noreferrer\"");
	server_stop(s);

	/* Bad addresses are refused at start (usage error). */
	static const char *const bad[] = {"javascript:alert(1)", "//evil.example",
	    "https://", "https://x.example/\"onmouseover=\"x", "ftp://x.example/",
	    "https://x.example/ y"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cmd *c = tiltak(NULL, "serve", "--db", base_db, "--listen",
		    "127.0.0.1:0", "--exit-url", bad[i], NULL);
		assert_exit(c, 2);
		assert_contains(c->err, "--exit-url");
	}
}

/* No client address reaches the log: the peer (127.0.0.1) and whatever
 * forwarding headers claim, on every public route, a failed sign-in, a
 * 404, also when the sign-in throttle reads X-Real-IP. */
static void
no_client_address_in_the_log(void **state)
{
	(void)state;
	static const char *const fwd =
	    "X-Forwarded-For: 203.0.113.77, 198.51.100.5\r\n"
	    "X-Real-IP: 198.51.100.88\r\n"
	    "Forwarded: for=192.0.2.99;proto=https\r\n"
	    "Client-IP: 2001:db8::77\r\n";
	static const char *const addresses[] = {"127.0.0.1", "203.0.113.77",
	    "198.51.100.5", "198.51.100.88", "192.0.2.99", "2001:db8::77"};
	static const char *const proxy[] = {"--client-header", "X-Real-IP",
	    "--per-client", "0", NULL};
	for (int round = 0; round < 2; round++) {
		struct server *s = exit_server(round ? proxy : NULL);
		for (int i = 0; i < ROUTE__MAX; i++)
			if (samples[i].kind == PUBLIC) {
				struct http_response *r = req(s->port, "GET", samples[i].path, fwd);
				assert_int_equal(r->status, 200);
			}
		assert_int_equal(req(s->port, "GET", "/nothing-here", fwd)->status, 404);
		struct http_response *r = login_post(s->port, "nobody@example.org",
		    "wrong password here", NULL, fwd);
		assert_int_equal(r->status, 403);
		server_stop(s);
		char *log = server_log(s);
		/* The log is written (method and path), and holds no address. */
		assert_contains(log, "GET /om-vold 200");
		assert_contains(log, "POST /login 403");
		for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++)
			assert_not_contains(log, addresses[i]);
		assert_not_contains(log, "nobody@example.org");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(every_route_has_a_sample, teardown),
		cmocka_unit_test_teardown(public_routes_leave_no_trace, teardown),
		cmocka_unit_test_teardown(leave_control, teardown),
		cmocka_unit_test_teardown(no_client_address_in_the_log, teardown),
	};
	return cmocka_run_group_tests_name("privacy", tests, group_setup, group_teardown);
}
