/* test_clock.c — UTC texts shown in Norway's local time (util/clock.h):
 * the changes to and from summer time, dates that do not exist, and, where
 * the system has the time zone database, every hour of 1996–2040 against
 * the C library's Europe/Oslo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"

static const char *
oslo(const char *utc, bool *summer)
{
	static char out[CLOCK_LOCAL_MAX];
	int64_t t;
	if (!clock_parse_utc(utc, &t))
		fail_msg("%s does not parse", utc);
	clock_oslo(t, out, sizeof(out), summer);
	return out;
}

static void
summer_time_begins_and_ends(void **state)
{
	(void)state;
	bool summer;
	assert_string_equal(oslo("2026-12-02T01:02:03Z", &summer), "02.12.2026 02:02:03");
	assert_false(summer);
	/* 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	assert_string_equal(oslo("2026-03-29T00:59:59Z", &summer), "29.03.2026 01:59:59");
	assert_false(summer);
	assert_string_equal(oslo("2026-03-29T01:00:00Z", &summer), "29.03.2026 03:00:00");
	assert_true(summer);
	assert_string_equal(oslo("2026-10-25T00:59:59Z", &summer), "25.10.2026 02:59:59");
	assert_true(summer);
	assert_string_equal(oslo("2026-10-25T01:00:00Z", &summer), "25.10.2026 02:00:00");
	assert_false(summer);
	/* Across midnight and the year. */
	assert_string_equal(oslo("2025-12-31T23:30:00Z", NULL), "01.01.2026 00:30:00");
	assert_string_equal(oslo("2024-02-28T23:00:00Z", NULL), "29.02.2024 00:00:00");
	assert_string_equal(oslo("2024-06-30T22:00:00Z", NULL), "01.07.2024 00:00:00");
}

static void
only_utc_texts_parse(void **state)
{
	(void)state;
	int64_t t;
	assert_true(clock_parse_utc("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(clock_parse_utc("2026-12-02T01:02:03Z", &t));
	assert_int_equal(t, 1796173323);
	const char *bad[] = {NULL, "", "2026-12-02", "2026-12-02T01:02:03",
	    "2026-12-02 01:02:03Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
	    "2026-04-31T00:00:00Z", "2026-12-02T24:00:00Z", "2026-12-02T01:60:00Z",
	    "2026-1x-02T01:02:03Z", "2026-12-02T01:02:03Z ", "+026-12-02T01:02:03Z"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (clock_parse_utc(bad[i], &t))
			fail_msg("\"%s\" parsed", bad[i] ? bad[i] : "(null)");
	char out[CLOCK_LOCAL_MAX] = "x";
	assert_false(clock_oslo_text("2026-13-01T00:00:00Z", out, sizeof(out)));
	assert_string_equal(out, "");
	assert_true(clock_oslo_text("2026-07-01T12:00:00Z", out, sizeof(out)));
	assert_string_equal(out, "01.07.2026 14:00:00");
}

/* Every hour (and the minutes around each change) from 1996 to 2040,
 * against the C library with TZ=Europe/Oslo. */
static void
agrees_with_the_time_zone_database(void **state)
{
	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Oslo", R_OK) != 0) {
		fprintf(stderr, "# SKIP no /usr/share/zoneinfo/Europe/Oslo\n");
		skip();
	}
	setenv("TZ", "Europe/Oslo", 1);
	tzset();
	long checked = 0;
	for (int64_t t = 820454400; t < 2208988800; t += 3600) {   /* 1996–2040 */
		for (int64_t k = -1; k <= 1; k++) {
			time_t tt = (time_t)(t + k);
			struct tm tm;
			localtime_r(&tt, &tm);
			char want[64], got[CLOCK_LOCAL_MAX];
			strftime(want, sizeof(want), "%d.%m.%Y %H:%M:%S", &tm);
			bool summer;
			clock_oslo(t + k, got, sizeof(got), &summer);
			if (strcmp(want, got) != 0 || summer != (tm.tm_isdst > 0))
				fail_msg("%lld: %s (dst %d), expected %s (dst %d)",
				    (long long)(t + k), got, summer, want, tm.tm_isdst);
			checked++;
		}
	}
	fprintf(stderr, "# %ld times checked\n", checked);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summer_time_begins_and_ends),
		cmocka_unit_test(only_utc_texts_parse),
		cmocka_unit_test(agrees_with_the_time_zone_database),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
