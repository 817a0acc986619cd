/* test_colour.c — accent colours (WCAG 2.1 contrast with white) and the
 * neutral site of the leave control. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "domain/colour.h"
#include "views/layout.h"

static void
parses_rrggbb_only(void **state)
{
	(void)state;
	unsigned char c[3];
	assert_true(colour_parse("#0062ba", c));
	assert_int_equal(c[0], 0x00);
	assert_int_equal(c[1], 0x62);
	assert_int_equal(c[2], 0xba);
	assert_true(colour_parse("#0062BA", c));
	static const char *const bad[] = {"", "#", "0062ba", "#0062b", "#0062bag",
	    "#0062ba ", " #0062ba", "#00 62b", "red", "#0062ba;}", "rgb(0,0,0)"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(colour_parse(bad[i], c));
	assert_false(colour_parse(NULL, c));
}

static void
contrast_as_wcag_computes_it(void **state)
{
	(void)state;
	unsigned char w[3] = {255, 255, 255}, k[3] = {0, 0, 0}, a[3];
	assert_true(fabs(colour_contrast(w, k) - 21.0) < 0.001);
	assert_true(fabs(colour_contrast(w, w) - 1.0) < 0.001);
	assert_true(colour_parse("#0062ba", a));
	assert_true(fabs(colour_contrast(a, w) - 6.08) < 0.01);   /* Designsystemet's accent */
	assert_true(colour_parse("#777777", a));
	assert_true(fabs(colour_contrast(w, a) - 4.48) < 0.01);   /* just too light */
}

static void
accent_needs_4_5_against_white(void **state)
{
	(void)state;
	double r;
	assert_null(colour_accent_problem("#0062ba", &r));
	assert_null(colour_accent_problem("#000000", &r));
	assert_null(colour_accent_problem("#767676", &r));   /* 4.54:1 */
	assert_non_null(colour_accent_problem("#777777", &r)); /* 4.48:1 */
	assert_true(r > 4.47 && r < 4.49);
	assert_non_null(colour_accent_problem("#ffcc00", &r));
	assert_non_null(colour_accent_problem("#ffffff", &r));
	assert_non_null(colour_accent_problem("blue", &r));
	assert_true(r == 0);
}

static void
exit_url_is_checked(void **state)
{
	(void)state;
	assert_string_equal(layout_exit_url(), LAYOUT_EXIT_URL_DEFAULT);
	static const char *const good[] = {"https://www.yr.no/", "http://example.org",
	    "https://www.google.com/search?q=v%C3%A6r&hl=no"};
	static const char *const bad[] = {"", "https://", "https:///x", "//yr.no",
	    "javascript:alert(1)", "data:text/html,x", "ftp://yr.no/", "https://yr.no/ x",
	    "https://yr.no/\"x", "https://yr.no/'x", "https://yr.no/<x", "https://yr.no/\\x",
	    "https://yr.no/\x01", "https://yr.n\xc3\xb8/", "https://.yr.no/"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(layout_exit_url_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (layout_exit_url_valid(bad[i]))
			fail_msg("accepted %s", bad[i]);
	char longer[LAYOUT_EXIT_URL_MAX + 2];
	memcpy(longer, "https://", 8);
	memset(longer + 8, 'a', sizeof(longer) - 9);
	longer[sizeof(longer) - 1] = '\0';
	assert_false(layout_exit_url_valid(longer));
	assert_false(layout_set_exit_url("javascript:x"));
	assert_string_equal(layout_exit_url(), LAYOUT_EXIT_URL_DEFAULT);
	assert_true(layout_set_exit_url("https://www.google.com/"));
	assert_string_equal(layout_exit_url(), "https://www.google.com/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_rrggbb_only),
		cmocka_unit_test(contrast_as_wcag_computes_it),
		cmocka_unit_test(accent_needs_4_5_against_white),
		cmocka_unit_test(exit_url_is_checked),
	};
	return cmocka_run_group_tests_name("colour", tests, NULL, NULL);
}
