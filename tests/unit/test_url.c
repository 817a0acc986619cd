/* test_url.c — the strict request-target decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/url.h"

static enum url_status
parse(const char *raw, struct url *u)
{
	const char *err;
	enum url_status st = url_parse(raw, u, &err);
	if (st != URL_OK)
		assert_non_null(err);
	return st;
}

static void
root_has_no_segments(void **state)
{
	(void)state;
	struct url u;
	assert_int_equal(parse("/", &u), URL_OK);
	assert_int_equal(u.nsegments, 0);
	assert_int_equal(u.nquery, 0);
	url_free(&u);
}

static void
segments_are_decoded(void **state)
{
	(void)state;
	struct url u;
	assert_int_equal(parse("/plans/bod%C3%B8/measures/a%20b", &u), URL_OK);
	assert_int_equal(u.nsegments, 4);
	assert_string_equal(u.segments[0], "plans");
	assert_string_equal(u.segments[1], "bodø");
	assert_string_equal(u.segments[3], "a b");
	url_free(&u);
	assert_int_equal(parse("/units/", &u), URL_OK);
	assert_int_equal(u.nsegments, 2);
	assert_string_equal(u.segments[1], "");
	url_free(&u);
}

static void
query_fields(void **state)
{
	(void)state;
	struct url u;
	assert_int_equal(parse("/search?q=vold+i+n%C3%A6re&x&y=&q=second#frag", &u), URL_OK);
	assert_string_equal(url_query(&u, "q"), "vold i nære");
	assert_string_equal(url_query(&u, "x"), "");
	assert_string_equal(url_query(&u, "y"), "");
	assert_null(url_query(&u, "z"));
	assert_int_equal(u.nquery, 4);
	url_free(&u);
}

static void
absolute_form(void **state)
{
	(void)state;
	struct url u;
	assert_int_equal(parse("http://127.0.0.1:8080/units?q=1", &u), URL_OK);
	assert_int_equal(u.nsegments, 1);
	assert_string_equal(u.segments[0], "units");
	assert_int_equal(u.pathlen, 6);
	assert_memory_equal(u.origin, "/units", 6);
	url_free(&u);
	/* The authority ends at '?' or '#' too: what follows is query or
	 * fragment, never path. */
	assert_int_equal(parse("http://h?/plans/x", &u), URL_OK);
	assert_int_equal(u.nsegments, 0);
	assert_string_equal(u.origin, "/?/plans/x");
	assert_int_equal(u.pathlen, 1);
	assert_string_equal(url_query(&u, "/plans/x"), "");
	url_free(&u);
	assert_int_equal(parse("http://h#/units", &u), URL_OK);
	assert_int_equal(u.nsegments, 0);
	assert_string_equal(u.origin, "/");
	url_free(&u);
	assert_int_equal(parse("https://h", &u), URL_OK);
	assert_int_equal(u.nsegments, 0);
	url_free(&u);
}

static void
bad_targets(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"/plans/%zz", "/plans/%f", "/plans/%", "/plans/%ff", "/plans/%c3%28",
		"/plans/%00", "/search?q=%00", "/search?q=%e2%82", "/a/../b", "/a/./b",
		"plans", "/a b", "/search?q=a%ZZ", "/x\x01y",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct url u;
		enum url_status st = parse(bad[i], &u);
		if (st != URL_BAD)
			fail_msg("expected 400 for %s", bad[i]);
		url_free(&u);
	}
}

static void
limits(void **state)
{
	(void)state;
	struct url u;
	char *longurl = malloc(HTTP_URL_MAX + 10);
	longurl[0] = '/';
	memset(longurl + 1, 'a', HTTP_URL_MAX + 5);
	longurl[HTTP_URL_MAX + 6] = '\0';
	assert_int_equal(parse(longurl, &u), URL_TOO_LONG);
	url_free(&u);
	free(longurl);

	char q[400] = "/search?q=";
	memset(q + strlen(q), 'x', HTTP_QUERY_FIELD_MAX + 1);
	assert_int_equal(parse(q, &u), URL_BAD);
	url_free(&u);

	/* The limit counts characters, as the form's maxlength does: 200
	 * two-byte letters pass, 201 do not. */
	char ae[1400] = "/search?q=";
	for (int i = 0; i < 200; i++)
		strcat(ae, "%C3%A6");
	assert_int_equal(parse(ae, &u), URL_OK);
	assert_int_equal(strlen(url_query(&u, "q")), 400);
	url_free(&u);
	strcat(ae, "%C3%A6");
	assert_int_equal(parse(ae, &u), URL_BAD);
	url_free(&u);

	char many[512] = "/search?";
	for (unsigned i = 0; i <= HTTP_QUERY_FIELDS; i++)
		strcat(many, "a=1&");
	assert_int_equal(parse(many, &u), URL_BAD);
	url_free(&u);

	char deep[256] = "";
	for (int i = 0; i <= URL_SEGMENTS_MAX; i++)
		strcat(deep, "/a");
	assert_int_equal(parse(deep, &u), URL_BAD);
	url_free(&u);
}


/* A first segment "nn" or "en" is the language, not a segment. */
static void
language_prefix(void **state)
{
	(void)state;
	struct url u;
	assert_int_equal(parse("/plans/x", &u), URL_OK);
	assert_string_equal(u.lang, "nb");
	url_free(&u);

	assert_int_equal(parse("/en/plans/x?q=1", &u), URL_OK);
	assert_string_equal(u.lang, "en");
	assert_int_equal(u.nsegments, 2);
	assert_string_equal(u.segments[0], "plans");
	assert_string_equal(u.segments[1], "x");
	assert_string_equal(url_query(&u, "q"), "1");
	url_free(&u);

	/* The home page: "/nn/" and "/nn" alike. */
	const char *homes[] = {"/nn/", "/nn", "/%6En/"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(parse(homes[i], &u), URL_OK);
		assert_string_equal(u.lang, "nn");
		assert_int_equal(u.nsegments, 0);
		url_free(&u);
	}

	/* "nb" is no prefix, nor is any other code, nor "en" further on. */
	const char *not_prefixes[] = {"/nb/plans", "/xx/plans", "/EN/plans", "/plans/en"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(parse(not_prefixes[i], &u), URL_OK);
		assert_string_equal(u.lang, "nb");
		assert_int_equal(u.nsegments, 2);
		url_free(&u);
	}
	/* Only one prefix: "/en/nn/x" is English for the path "/nn/x". */
	assert_int_equal(parse("/en/nn/x", &u), URL_OK);
	assert_string_equal(u.lang, "en");
	assert_int_equal(u.nsegments, 2);
	assert_string_equal(u.segments[0], "nn");
	url_free(&u);
	/* "/en//" keeps its empty segments: no page. */
	assert_int_equal(parse("/en//", &u), URL_OK);
	assert_int_equal(u.nsegments, 2);
	url_free(&u);
}

/* The cache key holds the language; the address drops it. */
static void
key_and_address_with_language(void **state)
{
	(void)state;
	const char *const fields[] = {"category", "unit", NULL};
	struct url u;
	char *k, *a;

	assert_int_equal(parse("/plans/x?unit=b%20c&z=9&category=a", &u), URL_OK);
	k = url_key(&u, fields);
	a = url_address(&u, fields);
	assert_string_equal(k, "/plans/x\n=a\n=b%20c");
	assert_string_equal(a, "/plans/x?category=a&unit=b%20c");
	free(k);
	free(a);
	url_free(&u);

	assert_int_equal(parse("/en/plans/x?unit=b+c&category=a", &u), URL_OK);
	k = url_key(&u, fields);
	a = url_address(&u, fields);
	assert_string_equal(k, "/en/plans/x\n=a\n=b%20c");
	assert_string_equal(a, "/plans/x?category=a&unit=b%20c");
	free(k);
	free(a);
	url_free(&u);

	/* Each language's home page has one key, whatever the spelling. */
	const char *const none[] = {NULL};
	assert_int_equal(parse("/nn", &u), URL_OK);
	k = url_key(&u, none);
	a = url_address(&u, NULL);
	assert_string_equal(k, "/nn/");
	assert_string_equal(a, "/");
	free(k);
	free(a);
	url_free(&u);
	assert_int_equal(parse("/", &u), URL_OK);
	k = url_key(&u, none);
	assert_string_equal(k, "/");
	free(k);
	url_free(&u);

	/* A field that is absent is left out of the address. */
	assert_int_equal(parse("/nn/plans/x?unit=", &u), URL_OK);
	a = url_address(&u, fields);
	assert_string_equal(a, "/plans/x?unit=");
	free(a);
	url_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(root_has_no_segments),
		cmocka_unit_test(segments_are_decoded),
		cmocka_unit_test(query_fields),
		cmocka_unit_test(absolute_form),
		cmocka_unit_test(bad_targets),
		cmocka_unit_test(limits),
		cmocka_unit_test(language_prefix),
		cmocka_unit_test(key_and_address_with_language),
	};
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
