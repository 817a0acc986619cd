/* test_routes.c — the route table seen from outside: 405's Allow header
 * is made from the matched route's methods, an address no route has is
 * 404 whatever the method, a trailing slash or too many segments find no
 * route, and every route answers GET and HEAD. */
#include "integration/harness.h"

/* One address for every route of src/http/routes.c, in its order. */
static const char *const addresses[] = {
	"/",
	"/plans",
	"/plans/" BODO,
	"/plans/" BODO "/indicators",
	"/plans/" BODO "/themes/no-such-theme",
	"/plans/" BODO "/measures/no-such-measure",
	"/units",
	"/units/no-such-unit",
	"/search",
	"/tilgjengelighet",
	"/api/plans/" BODO,
	"/static/style.css",
};

static void
allow_comes_from_the_route(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	/* Every route today allows GET and HEAD only; methods it does not
	 * allow, known (POST…) or not (BREW, lower-case "get"), are 405 with
	 * the route's Allow, answered at once. */
	static const char *const methods[] = {"POST", "PUT", "PATCH", "DELETE",
	    "OPTIONS", "BREW", "get"};
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			const char *what = S("%s %s", methods[m], addresses[i]);
			struct http_response *r = req(s->port, methods[m], addresses[i],
			    "Content-Length: 0\r\n");
			if (r->status != 405)
				fail_msg("%s: status %d, expected 405", what, r->status);
			if (http_header_count(r, "Allow") != 1)
				fail_msg("%s: %zu Allow headers", what,
				    http_header_count(r, "Allow"));
			assert_string_equal(header(r, "Allow"), "GET, HEAD");
			check_page(r, what);
			assert_contains(r->body, "(GET eller HEAD)");
		}
	}
	assert_serving(s, "405s");
	server_stop(s);
}

static void
no_route_is_404_for_every_method(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	static const char *const targets[] = {
		"/nope",
		"/plans/",                        /* a trailing slash */
		"/plans/" BODO "/",
		"/plans//measures/x",             /* an empty parameter */
		"/plans/" BODO "/measures",
		"/1/2/3/4/5/6/7/8/9/10/11/12/13", /* more than any pattern */
		"/static/style.css/x",
	};
	static const char *const methods[] = {"GET", "HEAD", "POST", "DELETE", "BREW"};
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			const char *what = S("%s %s", methods[m], targets[i]);
			struct http_response *r = req(s->port, methods[m], targets[i],
			    strcmp(methods[m], "POST") == 0 ? "Content-Length: 0\r\n" : NULL);
			if (r->status != 404)
				fail_msg("%s: status %d, expected 404", what, r->status);
			if (http_header(r, "Allow") != NULL)
				fail_msg("%s: an Allow header on a 404", what);
			check_security(r, what);
		}
	}
	/* A target the decoder refuses is 400 to a read, 404 to anything
	 * else (it learns nothing about which addresses exist). */
	struct http_response *r = req(s->port, "POST", "/plans/%zz",
	    "Content-Length: 0\r\n");
	assert_int_equal(r->status, 404);
	get_status(s->port, "/plans/%zz", 400);
	assert_serving(s, "404s");
	server_stop(s);
}

static void
every_route_answers_get_and_head(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
		struct http_response *g = get(s->port, addresses[i]);
		if (g->status != 200 && g->status != 404)
			fail_msg("GET %s: status %d", addresses[i], g->status);
		check_security(g, addresses[i]);
		struct http_response *h = req(s->port, "HEAD", addresses[i], NULL);
		if (h->status != g->status)
			fail_msg("HEAD %s: status %d, GET had %d", addresses[i], h->status,
			    g->status);
		/* Public pages: revalidated or kept a day, never private. */
		const char *cc = header(g, "Cache-Control");
		if (g->status == 200 && (cc == NULL || strstr(cc, "private") != NULL))
			fail_msg("GET %s: Cache-Control %s", addresses[i], cc ? cc : "missing");
	}
	/* The 413 message quotes the limit (src/limits.h: 64 KB). */
	struct http_response *r = req(s->port, "GET", "/", "Content-Length: 10000000\r\n");
	assert_int_equal(r->status, 413);
	assert_contains(r->body, "64 KB");
	assert_serving(s, "GET and HEAD");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(allow_comes_from_the_route, teardown),
		cmocka_unit_test_teardown(no_route_is_404_for_every_method, teardown),
		cmocka_unit_test_teardown(every_route_answers_get_and_head, teardown),
	};
	return cmocka_run_group_tests_name("routes", tests, group_setup, group_teardown);
}
