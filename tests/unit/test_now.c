/* test_now.c — the test clock (util/now.h): TILTAK_TEST_NOW sets the
 * time now, which then runs on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/now.h"

static void
the_test_clock_starts_where_it_is_told_and_runs(void **state)
{
	(void)state;
	setenv("TILTAK_TEST_NOW", "2026-12-02T09:05:00Z", 1);
	int64_t start, want;
	assert_true(clock_parse_utc("2026-12-02T09:05:00Z", &want));
	assert_true(now_test_start(&start));
	assert_int_equal(start, want);
	int64_t a = now_unix();
	if (a < start || a > start + 2)
		fail_msg("the test clock reads %lld, expected %lld", (long long)a,
		    (long long)start);
	sleep(1);
	int64_t b = now_unix();
	if (b <= a || b > a + 3)
		fail_msg("the test clock went from %lld to %lld in a second",
		    (long long)a, (long long)b);
	/* Read once: changing the variable afterwards changes nothing. */
	setenv("TILTAK_TEST_NOW", "2030-01-01T00:00:00Z", 1);
	assert_true(now_unix() < start + 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_test_clock_starts_where_it_is_told_and_runs),
	};
	return cmocka_run_group_tests_name("now", tests, NULL, NULL);
}
