/* test_negotiate.c — Accept-Encoding and If-None-Match parsing
 * (rendition.c), including malformed headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/rendition.h"

static void
accept_encoding(void **state)
{
	(void)state;
	assert_false(http_accepts_gzip(NULL));
	assert_false(http_accepts_gzip(""));
	assert_true(http_accepts_gzip("gzip"));
	assert_true(http_accepts_gzip(" gzip ; q=1 "));
	assert_true(http_accepts_gzip("deflate, gzip;q=0.5"));
	assert_true(http_accepts_gzip("*"));
	assert_false(http_accepts_gzip("gzip;q=0"));
	assert_false(http_accepts_gzip("gzip;q=0.000"));
	assert_true(http_accepts_gzip("gzip;q=0.001"));
	assert_false(http_accepts_gzip("*;q=0"));
	assert_false(http_accepts_gzip("*, gzip;q=0"));
	assert_false(http_accepts_gzip("gzipx"));
	assert_false(http_accepts_gzip("gzip;q=x"));   /* malformed weight: not accepted */
	assert_false(http_accepts_gzip(",,,"));
	assert_true(http_accepts_gzip("br,,gzip"));
}

static void
if_none_match(void **state)
{
	(void)state;
	const char *t = "\"abc\"";
	assert_false(http_etag_matches(NULL, t));
	assert_true(http_etag_matches("\"abc\"", t));
	assert_true(http_etag_matches("W/\"abc\"", t));
	assert_true(http_etag_matches("*", t));
	assert_true(http_etag_matches(" * ", t));
	assert_true(http_etag_matches("\"x\", \"abc\"", t));
	assert_true(http_etag_matches("\"x\",W/\"abc\" ,\"y\"", t));
	assert_false(http_etag_matches("\"abcd\"", t));
	assert_false(http_etag_matches("\"ab\"", t));
	assert_false(http_etag_matches("abc", t));        /* unquoted: malformed */
	assert_false(http_etag_matches("\"abc", t));      /* unterminated */
	assert_false(http_etag_matches("\"x\" \"abc\"", t)); /* no comma */
	assert_false(http_etag_matches("", t));
	assert_false(http_etag_matches("*x", t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accept_encoding),
		cmocka_unit_test(if_none_match),
	};
	return cmocka_run_group_tests_name("negotiate", tests, NULL, NULL);
}
