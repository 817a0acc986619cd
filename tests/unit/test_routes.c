/* test_routes.c — the route table (routes.c) and the request (request.c):
 * pattern matching with named parameters, the checker refusing each kind
 * of bad table, Allow made from a route's methods, access and cache
 * policy, and what the first look at a request's header decides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "http/routes.h"
#include "http/url.h"
#include "limits.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"

static void
h_dummy(struct request *req, struct reply *r)
{
	(void)req;
	(void)r;
}

/* A public, read-only, shared route for pattern p. */
#define READ_ROUTE(p) { .pattern = (p), .methods = HTTP_METHODS_READ, \
	.access = ACCESS_PUBLIC, .cache = ROUTE_SHARED, .handler = h_dummy }

#define N(table) (sizeof(table) / sizeof((table)[0]))

/* Matches raw against table[0..n); returns the index of the route, or
 * -1, with the parameters in param. The URL stays alive in *u (caller
 * url_frees). */
static int
match(const struct route *table, size_t n, const char *raw, struct url *u,
    const char *param[PARAM__MAX])
{
	const char *err;
	assert_int_equal(url_parse(raw, u, &err), URL_OK);
	const struct route *rt = route_match(table, n, u, param);
	return rt ? (int)(rt - table) : -1;
}

static int
match_only(const struct route *table, size_t n, const char *raw)
{
	struct url u;
	const char *param[PARAM__MAX];
	int i = match(table, n, raw, &u, param);
	url_free(&u);
	return i;
}

static void
real_table_passes_the_check(void **state)
{
	(void)state;
	char msg[256] = "";
	if (!routes_check(routes, ROUTE__MAX, msg, sizeof(msg)))
		fail_msg("%s", msg);
	for (size_t i = 0; i < ROUTE__MAX; i++)
		assert_non_null(routes[i].handler);
}

static void
named_parameters_are_read_by_name(void **state)
{
	(void)state;
	static const struct route t[] = {
		READ_ROUTE("/plans/:plan"),
		READ_ROUTE("/plans/:plan/measures/:measure"),
		READ_ROUTE("/plans/:plan/themes/:theme"),
	};
	char msg[256];
	assert_true(routes_check(t, N(t), msg, sizeof(msg)));
	struct url u;
	const char *param[PARAM__MAX];
	assert_int_equal(match(t, N(t), "/plans/bod%C3%B8/measures/m-1?x=y", &u,
	    param), 1);
	assert_string_equal(param[PARAM_PLAN], "bodø");
	assert_string_equal(param[PARAM_MEASURE], "m-1");
	assert_null(param[PARAM_THEME]);
	assert_null(param[PARAM_UNIT]);
	url_free(&u);

	assert_int_equal(match(t, N(t), "/plans/a/themes/t", &u, param), 2);
	assert_string_equal(param[PARAM_THEME], "t");
	assert_null(param[PARAM_MEASURE]);
	url_free(&u);

	assert_int_equal(match_only(t, N(t), "/plans/a/goals/t"), -1);
	assert_int_equal(match_only(t, N(t), "/plans/a/measures"), -1);
	/* A parameter never matches an empty segment. */
	assert_int_equal(match_only(t, N(t), "/plans//measures/m"), -1);
	assert_int_equal(match_only(t, N(t), "/plans/a/measures/"), -1);
}

static void
long_admin_pattern_matches(void **state)
{
	(void)state;
	static const struct route t[] = {
		{.pattern = "/admin/plans/:plan/measures/:measure/indicators/:n/reports/:year",
		    .methods = HTTP_METHODS_READ, .access = ACCESS_REPORTER,
		    .handler = h_dummy},
		/* ROUTE_SEGMENTS_MAX segments, ROUTE_PARAMS_MAX parameters. */
		READ_ROUTE("/a/:plan/b/:theme/c/:measure/d/:unit/e/:n/f/:year"),
	};
	char msg[256] = "";
	if (!routes_check(t, N(t), msg, sizeof(msg)))
		fail_msg("%s", msg);
	struct url u;
	const char *param[PARAM__MAX];
	assert_int_equal(match(t, N(t),
	    "/admin/plans/bodo-2022-2025/measures/1.2/indicators/7/reports/2025",
	    &u, param), 0);
	assert_string_equal(param[PARAM_PLAN], "bodo-2022-2025");
	assert_string_equal(param[PARAM_MEASURE], "1.2");
	assert_string_equal(param[PARAM_N], "7");
	assert_string_equal(param[PARAM_YEAR], "2025");
	url_free(&u);

	assert_int_equal(match(t, N(t), "/a/1/b/2/c/3/d/4/e/5/f/6", &u, param), 1);
	const char *want[] = {[PARAM_PLAN] = "1", [PARAM_THEME] = "2",
	    [PARAM_MEASURE] = "3", [PARAM_UNIT] = "4", [PARAM_N] = "5",
	    [PARAM_YEAR] = "6"};
	for (size_t i = 0; i < N(want); i++)
		assert_string_equal(param[i], want[i]);
	assert_null(param[PARAM_FILE]);
	url_free(&u);
}

static void
trailing_slash_is_another_address(void **state)
{
	(void)state;
	static const struct route t[] = {
		READ_ROUTE("/"),
		READ_ROUTE("/plans"),
		READ_ROUTE("/plans/:plan"),
	};
	assert_int_equal(match_only(t, N(t), "/"), 0);
	assert_int_equal(match_only(t, N(t), "/plans"), 1);
	assert_int_equal(match_only(t, N(t), "/plans/"), -1);
	assert_int_equal(match_only(t, N(t), "/plans/a"), 2);
	assert_int_equal(match_only(t, N(t), "/plans/a/"), -1);
	assert_int_equal(match_only(t, N(t), "//"), -1);
	/* Patterns the checker refuses match nothing (and do not crash). */
	static const struct route bad[] = {
		READ_ROUTE(NULL), READ_ROUTE(""), READ_ROUTE("plans"), READ_ROUTE("/plans/"),
	};
	assert_int_equal(match_only(bad, N(bad), "/"), -1);
	assert_int_equal(match_only(bad, N(bad), "/plans"), -1);
	assert_int_equal(match_only(bad, N(bad), "/plans/"), -1);
}

static void
too_many_segments_match_nothing(void **state)
{
	(void)state;
	static const struct route t[] = {
		READ_ROUTE("/a/:plan/b/:theme/c/:measure/d/:unit/e/:n/f/:year"),
	};
	/* 13 segments: a URL may have them (URL_SEGMENTS_MAX), no route can. */
	assert_int_equal(match_only(t, N(t), "/a/1/b/2/c/3/d/4/e/5/f/6/g"), -1);
	assert_int_equal(match_only(t, N(t), "/a/1/b/2/c/3/d/4/e/5/f"), -1);
	assert_int_equal(match_only(routes, ROUTE__MAX,
	    "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16"), -1);
}

static void
literal_wins_over_parameter(void **state)
{
	(void)state;
	static const struct route a[] = {
		READ_ROUTE("/plans/:plan"),
		READ_ROUTE("/plans/new"),
	};
	static const struct route b[] = {
		READ_ROUTE("/plans/new"),
		READ_ROUTE("/plans/:plan"),
	};
	char msg[256];
	assert_true(routes_check(a, N(a), msg, sizeof(msg)));
	assert_int_equal(match_only(a, N(a), "/plans/new"), 1);
	assert_int_equal(match_only(a, N(a), "/plans/old"), 0);
	assert_int_equal(match_only(b, N(b), "/plans/new"), 0);
	assert_int_equal(match_only(b, N(b), "/plans/old"), 1);
	/* A name with a dot is a literal like any other. */
	static const struct route c[] = {
		READ_ROUTE("/robots.txt"),
		READ_ROUTE("/:plan"),
	};
	assert_true(routes_check(c, N(c), msg, sizeof(msg)));
	assert_int_equal(match_only(c, N(c), "/robots.txt"), 0);
	assert_int_equal(match_only(c, N(c), "/robots"), 1);
}

/* routes_check refuses table (one bad route after a good one) with a
 * message naming the route and containing want. */
static void
refused(const struct route *bad, const char *want)
{
	struct route t[2] = {READ_ROUTE("/fine"), *bad};
	char msg[256] = "";
	if (routes_check(t, 2, msg, sizeof(msg)))
		fail_msg("accepted a table whose route 1 should fail: %s", want);
	char name[128];
	snprintf(name, sizeof(name), "route 1 (%s)",
	    bad->pattern ? bad->pattern : "no pattern");
	if (strstr(msg, name) == NULL || strstr(msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", msg, name, want);
}

static const struct route_field title_field[] = {
	{"title", VALID_TITLE, .required = true},
	{.name = NULL},
};
static const struct route_field twice_field[] = {
	{"title", VALID_TITLE, .required = true},
	{"title", VALID_LINE, .required = false},
	{.name = NULL},
};
static const struct route_field bad_kind_field[] = {
	{"title", VALID__MAX, .required = true},
	{.name = NULL},
};
static const struct route_field csrf_field[] = {
	{"csrf", VALID_LINE, .required = false},
	{.name = NULL},
};
static const struct route_field required_prefix_field[] = {
	{"status.", VALID_LINE, .required = true},
	{.name = NULL},
};

static void
check_refuses_bad_tables(void **state)
{
	(void)state;
	/* Access: deny by default. */
	refused(&(struct route){.pattern = "/x", .methods = HTTP_METHODS_READ,
	    .handler = h_dummy}, "has no access");
	refused(&(struct route){.pattern = "/x", .methods = HTTP_METHODS_READ,
	    .access = ACCESS__MAX, .handler = h_dummy}, "not an enum access");
	/* Patterns. */
	struct route r = READ_ROUTE(NULL);
	refused(&r, "begins with '/'");
	r.pattern = "x";
	refused(&r, "begins with '/'");
	r.pattern = "";
	refused(&r, "begins with '/'");
	r.pattern = "/x/";
	refused(&r, "empty segment");
	r.pattern = "/x//y";
	refused(&r, "empty segment");
	r.pattern = "/Plans";
	refused(&r, "other than a-z, 0-9, '-' and a '.' after the first");
	r.pattern = "/x/..";
	refused(&r, "a '.' after the first");
	r.pattern = "/.well-known";
	refused(&r, "a '.' after the first");
	r.pattern = "/x/:nope";
	refused(&r, "no parameter is called \":nope\"");
	r.pattern = "/x/:";
	refused(&r, "no parameter is called \":\"");
	r.pattern = "/x/:plan/y/:plan";
	refused(&r, "\":plan\" twice");
	r.pattern = "/1/2/3/4/5/6/7/8/9/10/11/12/13";
	refused(&r, "more than 12 segments");
	r.pattern = "/a/:plan/:theme/:measure/:unit/:n/:year/:file";
	refused(&r, "more than 6 parameters");
	/* Methods. */
	r = (struct route)READ_ROUTE("/x");
	r.methods = 0;
	refused(&r, "allows no method");
	r.methods = HTTP_GET;
	refused(&r, "GET and HEAD");
	r.methods = HTTP_HEAD | HTTP_POST;
	refused(&r, "GET and HEAD");
	r.methods = 1u << 12;
	refused(&r, "not an enum http_method");
	/* Cache: shared only when public. */
	r = (struct route)READ_ROUTE("/x");
	r.access = ACCESS_ADMIN;
	refused(&r, "shared in the page cache but not public");
	r.cache = (enum route_cache)7;
	refused(&r, "not an enum route_cache");
	/* Bodies and forms. */
	r = (struct route)READ_ROUTE("/x");
	r.body_max = 100;
	refused(&r, "allows no method that carries one");
	r.methods |= HTTP_POST;
	r.body_max = HTTP_FORM_MAX + 1;
	refused(&r, "more than HTTP_FORM_MAX");
	r.body_max = 0;
	r.fields = title_field;
	refused(&r, "declares form fields but accepts no body");
	r.body_max = 1000;
	r.fields = twice_field;
	refused(&r, "\"title\" twice");
	r.fields = bad_kind_field;
	refused(&r, "not in the validator table");
	r.fields = csrf_field;
	refused(&r, "\"csrf\"");
	r.fields = required_prefix_field;
	refused(&r, "required");
	r.fields = NULL;
	refused(&r, "declares no form fields");
	/* The signed-in area and the public pages do not mix. */
	r = (struct route)READ_ROUTE("/x");
	r.access = ACCESS_READER;
	r.cache = ROUTE_PRIVATE;
	refused(&r, "outside /admin");
	r = (struct route)READ_ROUTE("/admin/x");
	refused(&r, "public");
	/* Query fields, handler. */
	r = (struct route)READ_ROUTE("/x");
	r.cache_query[0] = "a";
	r.cache_query[1] = "b";
	r.cache_query[2] = "c";
	r.cache_query[3] = "d";
	r.cache_query[4] = "e";
	r.cache_query[5] = "f";
	refused(&r, "more than 5 query fields");
	r = (struct route)READ_ROUTE("/x");
	r.handler = NULL;
	refused(&r, "has no handler");
	/* Two routes for one address, also under other parameter names. */
	r = (struct route)READ_ROUTE("/fine");
	refused(&r, "matches the same addresses as route 0 (/fine)");
	struct route t[3] = {READ_ROUTE("/plans/:plan"), READ_ROUTE("/fine"),
	    READ_ROUTE("/plans/:unit")};
	char msg[256] = "";
	assert_false(routes_check(t, 3, msg, sizeof(msg)));
	assert_string_equal(msg, "route 2 (/plans/:unit): matches the same "
	    "addresses as route 0 (/plans/:plan)");
}

static void
check_accepts_a_form_route(void **state)
{
	(void)state;
	static const struct route t[] = {
		READ_ROUTE("/plans/:plan"),
		{
			.pattern = "/admin/plans/:plan/measures/:measure",
			.methods = HTTP_METHODS_READ | HTTP_POST,
			.access = ACCESS_COORDINATOR,
			.body_max = 4096,
			.fields = title_field,
			.handler = h_dummy,
		},
	};
	char msg[256] = "";
	if (!routes_check(t, N(t), msg, sizeof(msg)))
		fail_msg("%s", msg);
}

static void
allow_is_made_from_the_methods(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(route_allow(HTTP_METHODS_READ, out, sizeof(out)),
	    "GET, HEAD");
	assert_string_equal(route_allow(HTTP_METHODS_READ | HTTP_POST, out,
	    sizeof(out)), "GET, HEAD, POST");
	assert_string_equal(route_allow(HTTP_POST | HTTP_DELETE, out, sizeof(out)),
	    "POST, DELETE");
	assert_string_equal(route_allow(HTTP_METHODS_ALL, out, sizeof(out)),
	    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
	/* Every public page is read-only, but for the sign-in form. */
	for (size_t i = 0; i < ROUTE__MAX; i++)
		if (routes[i].access == ACCESS_PUBLIC && i != ROUTE_LOGIN)
			assert_string_equal(route_allow(routes[i].methods, out,
			    sizeof(out)), "GET, HEAD");
	assert_string_equal(route_allow(routes[ROUTE_LOGIN].methods, out,
	    sizeof(out)), "GET, HEAD, POST");
	/* Method names are case-sensitive (RFC 9110 9.1). */
	assert_int_equal(http_method_parse("GET"), HTTP_GET);
	assert_int_equal(http_method_parse("PATCH"), HTTP_PATCH);
	assert_int_equal(http_method_parse("get"), HTTP_METHOD_OTHER);
	assert_int_equal(http_method_parse("BREW"), HTTP_METHOD_OTHER);
	assert_int_equal(http_method_parse(NULL), HTTP_METHOD_OTHER);
}

static void
request_is_decoded_and_routed(void **state)
{
	(void)state;
	struct request *req = request_new("/plans/p/measures/m?q=1");
	assert_int_equal(req->url_status, URL_OK);
	assert_ptr_equal(req->route, &routes[ROUTE_MEASURE]);
	assert_string_equal(req_param(req, PARAM_PLAN), "p");
	assert_string_equal(req_param(req, PARAM_MEASURE), "m");
	assert_null(req_param(req, PARAM_THEME));
	assert_null(req_param(req, PARAM__MAX));
	/* Only declared query fields (part of the cache key) are read. */
	assert_null(req_query(req, "q"));
	assert_string_equal(req->lang, "nb");
	assert_null(req->session);
	assert_null(req->form);
	assert_string_equal(req->cache, "-");
	request_free(req);

	req = request_new("/search?q=vold&x=1");
	assert_ptr_equal(req->route, &routes[ROUTE_SEARCH]);
	assert_string_equal(req_query(req, "q"), "vold");
	assert_null(req_query(req, "x"));
	request_free(req);

	req = request_new("/plans/%zz");
	assert_int_equal(req->url_status, URL_BAD);
	assert_non_null(req->url_err);
	assert_null(req->route);
	assert_null(req_query(req, "q"));
	request_free(req);

	req = request_new(NULL);
	assert_string_equal(req->raw, "");
	assert_int_equal(req->url_status, URL_BAD);
	request_free(req);
	request_free(NULL);

	req = request_new("/");
	request_set_method(req, "G\nT", "HTTP/1.0");
	assert_string_equal(req->method_name, "G?T");
	assert_int_equal(req->method, HTTP_METHOD_OTHER);
	assert_int_equal(req->version, HTTP_VERSION_1_0);
	request_set_method(req, "OPTIONS", "HTTP/1.1");
	assert_int_equal(req->method, HTTP_OPTIONS);
	assert_int_equal(req->version, HTTP_VERSION_1_1);
	request_set_method(req, "LONGMETHOD", "HTTP/1.1");
	assert_string_equal(req->method_name, "LONGMET");
	request_free(req);
}

static void
access_and_cache_policy(void **state)
{
	(void)state;
	static const struct route pub = READ_ROUTE("/x");
	static const struct route admin = {.pattern = "/x",
	    .methods = HTTP_METHODS_READ, .access = ACCESS_ADMIN,
	    .handler = h_dummy};
	static const struct route reader = {.pattern = "/x",
	    .methods = HTTP_METHODS_READ, .access = ACCESS_READER,
	    .handler = h_dummy};
	struct request *req = request_new("/x");
	assert_true(route_permits(&pub, req));
	assert_false(route_permits(&admin, req));
	assert_false(route_permits(&reader, req));
	assert_true(route_shared(&pub, req));
	assert_false(route_shared(&admin, req));   /* private: the zero value */
	/* A request with a session is never served from the shared cache. */
	int stand_in;
	req->session = (struct session *)(void *)&stand_in;
	assert_false(route_shared(&pub, req));
	req->session = NULL;
	request_free(req);
}

/* request_early for method on route rt (NULL: no route). */
static enum request_early
early(const struct route *rt, const char *method, bool expect, long long length)
{
	struct request *req = request_new("/x");
	req->route = rt;
	request_set_method(req, method, "HTTP/1.1");
	enum request_early e = request_early(req, expect, length);
	request_free(req);
	return e;
}

static void
first_call_decisions(void **state)
{
	(void)state;
	static const struct route read = READ_ROUTE("/x");
	static const struct route form = {.pattern = "/x",
	    .methods = HTTP_METHODS_READ | HTTP_POST, .access = ACCESS_PUBLIC,
	    .body_max = 1000, .fields = title_field, .handler = h_dummy};
	static const struct route post_only = {.pattern = "/x",
	    .methods = HTTP_POST, .access = ACCESS_PUBLIC, .body_max = 1000,
	    .handler = h_dummy};
	static const struct route admin = {.pattern = "/x",
	    .methods = HTTP_METHODS_READ | HTTP_POST, .access = ACCESS_ADMIN,
	    .body_max = 1000, .handler = h_dummy};

	/* Reads: wait for dispatch, or answer now when asked to continue. */
	assert_int_equal(early(&read, "GET", false, -1), EARLY_WAIT);
	assert_int_equal(early(&read, "HEAD", false, 10), EARLY_WAIT);
	assert_int_equal(early(&read, "GET", true, 10), EARLY_DISPATCH);
	assert_int_equal(early(NULL, "GET", false, -1), EARLY_WAIT);
	assert_int_equal(early(NULL, "GET", true, -1), EARLY_DISPATCH);
	/* Methods the route does not allow: 405; no route: 404. */
	assert_int_equal(early(&read, "POST", false, 0), EARLY_METHOD);
	assert_int_equal(early(&read, "BREW", false, -1), EARLY_METHOD);
	assert_int_equal(early(&post_only, "GET", false, -1), EARLY_METHOD);
	assert_int_equal(early(NULL, "POST", false, 0), EARLY_NOT_FOUND);
	/* A body for a route this request may not open is refused before
	 * it is read; a read waits for dispatch (which sends it to sign in). */
	assert_int_equal(early(&admin, "POST", false, 10), EARLY_DENIED);
	assert_int_equal(early(&admin, "GET", false, -1), EARLY_WAIT);
	/* A body route: its own limit, and 100 Continue is welcome. */
	assert_int_equal(early(&form, "POST", false, 1001), EARLY_TOO_LARGE);
	assert_int_equal(early(&form, "POST", false, 1000), EARLY_WAIT);
	assert_int_equal(early(&form, "POST", true, 1000), EARLY_WAIT);
	assert_int_equal(early(&form, "POST", true, -1), EARLY_WAIT);
	assert_int_equal(early(&form, "GET", true, 5), EARLY_DISPATCH);

	struct request *req = request_new("/x");
	req->route = &form;
	request_set_method(req, "POST", "HTTP/1.1");
	assert_int_equal(request_body_limit(req), 1000);
	request_set_method(req, "GET", "HTTP/1.1");
	assert_int_equal(request_body_limit(req), HTTP_BODY_MAX);
	req->route = &read;
	request_set_method(req, "POST", "HTTP/1.1");
	assert_int_equal(request_body_limit(req), HTTP_BODY_MAX);
	request_free(req);
}

/* Nothing in the application changes the audit trail: every address
 * under /admin/audit only reads (GET and HEAD, no body, no form), and
 * no route that takes a body lies there (issue 7 §6). */
static void
audit_routes_only_read(void **state)
{
	(void)state;
	size_t n = 0;
	for (size_t i = 0; i < ROUTE__MAX; i++) {
		const struct route *rt = &routes[i];
		if (strncmp(rt->pattern, "/admin/audit", 12) != 0 ||
		    (rt->pattern[12] != '\0' && rt->pattern[12] != '/'))
			continue;
		n++;
		if (rt->methods != HTTP_METHODS_READ || rt->body_max != 0 || rt->fields)
			fail_msg("route %zu (%s) may change the audit trail: it allows more "
			    "than GET and HEAD, or takes a body", i, rt->pattern);
		assert_true(rt->access >= ACCESS_COORDINATOR);
	}
	assert_int_equal(n, 6);
}


/* The language prefix: public pages take "/nn" or "/en" and the request
 * carries the language and the page's address without it; the sign-in
 * page, the signed-in area, static files and the API take none. */
static void
language_prefix_routing(void **state)
{
	(void)state;
	struct request *req = request_new("/nn/plans/p/measures/m?q=1");
	assert_ptr_equal(req->route, &routes[ROUTE_MEASURE]);
	assert_string_equal(req->lang, "nn");
	assert_string_equal(req_param(req, PARAM_PLAN), "p");
	assert_string_equal(req->address, "/plans/p/measures/m");
	request_free(req);

	req = request_new("/en/?kommune=bod%C3%B8");
	assert_ptr_equal(req->route, &routes[ROUTE_HOME]);
	assert_string_equal(req->lang, "en");
	assert_string_equal(req->address, "/?kommune=bod%C3%B8");
	request_free(req);

	req = request_new("/plans/p/indicators?theme=t&x=1");
	assert_ptr_equal(req->route, &routes[ROUTE_INDICATORS]);
	assert_string_equal(req->lang, "nb");
	assert_string_equal(req->address, "/plans/p/indicators?theme=t");
	request_free(req);

	const char *const none[] = {"/nn/admin", "/en/admin/report", "/nn/login",
	    "/en/static/style.css", "/en/api/plans/p", "/nb/plans", "/nb/",
	    "/xx/plans", "/en/en/plans"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		req = request_new(none[i]);
		if (req->route != NULL)
			fail_msg("%s found a route", none[i]);
		for (int p = 0; p < PARAM__MAX; p++)
			assert_null(req->param[p]);
		assert_null(req->address);
		request_free(req);
	}
	/* Pages in one language have no address for language links. */
	req = request_new("/login");
	assert_ptr_equal(req->route, &routes[ROUTE_LOGIN]);
	assert_null(req->address);
	request_free(req);
	req = request_new("/admin");
	assert_null(req->address);
	request_free(req);
}

/* Every route of the table agrees with url_path: a path url_path writes
 * with a prefix in an English page finds its route, and a route whose
 * paths url_path leaves unprefixed has no prefixed address. */
static void
url_path_and_router_agree(void **state)
{
	(void)state;
	for (size_t i = 0; i < ROUTE__MAX; i++) {
		/* The pattern with each parameter replaced by "x". */
		char path[256] = "";
		const char *p = routes[i].pattern;
		while (*p) {
			if (*p == ':') {
				strcat(path, "x");
				p += strcspn(p, "/");
			} else {
				strncat(path, p, 1);
				p++;
			}
		}
		i18n_use("en");
		char *local = url_local(path);
		i18n_reset();
		struct request *req = request_new(local);
		bool prefixed = strncmp(local, "/en/", 4) == 0;
		if (prefixed && req->route != &routes[i])
			fail_msg("route %zu: %s is written but finds no page", i, local);
		if (prefixed && routes[i].access != ACCESS_PUBLIC)
			fail_msg("route %zu: %s is signed-in but prefixed", i, local);
		request_free(req);
		free(local);
		if (!prefixed) {
			char *en = xasprintf("/en%s", path);
			req = request_new(en);
			if (req->route == &routes[i])
				fail_msg("route %zu: %s finds the page url_path never writes", i, en);
			request_free(req);
			free(en);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_table_passes_the_check),
		cmocka_unit_test(named_parameters_are_read_by_name),
		cmocka_unit_test(long_admin_pattern_matches),
		cmocka_unit_test(trailing_slash_is_another_address),
		cmocka_unit_test(too_many_segments_match_nothing),
		cmocka_unit_test(literal_wins_over_parameter),
		cmocka_unit_test(check_refuses_bad_tables),
		cmocka_unit_test(check_accepts_a_form_route),
		cmocka_unit_test(allow_is_made_from_the_methods),
		cmocka_unit_test(request_is_decoded_and_routed),
		cmocka_unit_test(access_and_cache_policy),
		cmocka_unit_test(first_call_decisions),
		cmocka_unit_test(audit_routes_only_read),
		cmocka_unit_test(language_prefix_routing),
		cmocka_unit_test(url_path_and_router_agree),
	};
	return cmocka_run_group_tests_name("routes", tests, NULL, NULL);
}
