/* test_reply.c — reply.c: the body a reply owns and hands on, redirects
 * (the one place that sets Location) and the Cache-Control of each
 * policy, read back from the libmicrohttpd response it builds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "limits.h"
#include "util/xalloc.h"

static void
body_is_handed_on_not_copied(void **state)
{
	(void)state;
	struct reply r = {0};
	char *body = xstrdup("<p>x</p>");
	reply_body(&r, 200, "text/html; charset=utf-8", body, strlen(body), CACHE_PAGE);
	assert_ptr_equal(r.body, body);
	struct MHD_Response *resp = reply_response(&r);
	assert_null(r.body);   /* libmicrohttpd frees it with the response */
	assert_string_equal(MHD_get_response_header(resp, "Cache-Control"), "no-cache");
	assert_null(MHD_get_response_header(resp, "Location"));
	MHD_destroy_response(resp);
	reply_free(&r);

	/* A second body replaces the first, which is freed (ASan: no leak). */
	reply_body(&r, 200, "text/plain", xstrdup("a"), 1, CACHE_PAGE);
	reply_error(&r, 404, NULL);
	assert_int_equal(r.status, 404);
	reply_free(&r);

	static const char data[] = "static";
	reply_static(&r, 200, "text/css", data, sizeof(data) - 1, CACHE_STATIC);
	assert_null(r.body);
	resp = reply_response(&r);
	assert_string_equal(MHD_get_response_header(resp, "Cache-Control"),
	    "public, max-age=86400");
	MHD_destroy_response(resp);
	reply_free(&r);
}

static void
private_pages_are_never_stored(void **state)
{
	(void)state;
	struct reply r = {0};
	reply_body(&r, 200, "text/html; charset=utf-8", xstrdup("p"), 1, CACHE_PRIVATE);
	struct MHD_Response *resp = reply_response(&r);
	assert_string_equal(MHD_get_response_header(resp, "Cache-Control"),
	    "private, no-store");
	MHD_destroy_response(resp);
	reply_free(&r);
}

static void
redirect_sets_location(void **state)
{
	(void)state;
	const int statuses[] = {301, 302, 303, 307, 308};
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct reply r = {0};
		assert_true(reply_redirect(&r, statuses[i], "/plans/bod%C3%B8?x=1"));
		assert_int_equal(r.status, statuses[i]);
		struct MHD_Response *resp = reply_response(&r);
		assert_string_equal(MHD_get_response_header(resp, "Location"),
		    "/plans/bod%C3%B8?x=1");
		assert_string_equal(MHD_get_response_header(resp, "Cache-Control"),
		    "no-store");
		assert_non_null(MHD_get_response_header(resp, "Content-Security-Policy"));
		MHD_destroy_response(resp);
		reply_free(&r);
		assert_null(r.location);
	}
}

static void
redirect_refuses_other_sites_and_injection(void **state)
{
	(void)state;
	char *huge = malloc(HTTP_URL_MAX + 2);
	memset(huge, 'a', HTTP_URL_MAX + 1);
	huge[0] = '/';
	huge[HTTP_URL_MAX + 1] = '\0';
	const char *bad[] = {
		NULL, "", "plans", "//evil.example/x", "/\\evil.example",
		"http://evil.example/", "/a\r\nSet-Cookie: s=1", "/a\nb", "/a b",
		"/a\x7f", "/bod\xc3\xb8", huge,
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct reply r = {0};
		assert_false(reply_redirect(&r, 303, bad[i]));
		assert_int_equal(r.status, 500);
		assert_null(r.location);
		struct MHD_Response *resp = reply_response(&r);
		assert_null(MHD_get_response_header(resp, "Location"));
		MHD_destroy_response(resp);
		reply_free(&r);
	}
	free(huge);
	/* Not a redirect status. */
	struct reply r = {0};
	assert_false(reply_redirect(&r, 200, "/"));
	assert_false(reply_redirect(&r, 304, "/"));
	assert_int_equal(r.status, 500);
	reply_free(&r);
	/* Redirected twice: the first Location is replaced and freed. */
	assert_true(reply_redirect(&r, 303, "/a"));
	assert_true(reply_redirect(&r, 303, "/b"));
	assert_string_equal(r.location, "/b");
	reply_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(body_is_handed_on_not_copied),
		cmocka_unit_test(private_pages_are_never_stored),
		cmocka_unit_test(redirect_sets_location),
		cmocka_unit_test(redirect_refuses_other_sites_and_injection),
	};
	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
