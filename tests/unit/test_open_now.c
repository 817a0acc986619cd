/* test_open_now.c — open or closed now and the next change
 * (domain/open_now.h): office hours, spans past midnight, weekends, the
 * nights summer time begins and ends, round the clock and unknown hours;
 * and the broken-down local time and the test clock (util/clock.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/open_now.h"
#include "util/clock.h"

#define WEEKDAYS 0x1fu   /* Monday to Friday */
#define WEEKEND  0x60u
#define MON      0x01u

static int64_t
utc(const char *s)
{
	int64_t t;
	if (!clock_parse_utc(s, &t))
		fail_msg("%s does not parse", s);
	return t;
}

/* The state at UTC text at; change_utc the expected next change ("" for
 * none). */
static void
expect(const struct open_span *spans, size_t n, const char *at, bool open,
    const char *change_utc)
{
	struct open_state st;
	open_state_at(OPEN_HOURS, spans, n, utc(at), &st);
	if (st.open != open)
		fail_msg("at %s: %s, expected %s", at, st.open ? "open" : "closed",
		    open ? "open" : "closed");
	int64_t want = *change_utc ? utc(change_utc) : 0;
	if (st.change != want)
		fail_msg("at %s: next change %lld, expected %lld (%s)", at,
		    (long long)st.change, (long long)want, change_utc);
}

static void
office_hours(void **state)
{
	(void)state;
	/* Monday to Friday 08.00–15.30; 2026-12-02 is a Wednesday (UTC+1). */
	const struct open_span office[] = {{WEEKDAYS, 8 * 60, 15 * 60 + 30}};
	expect(office, 1, "2026-12-02T09:00:00Z", true, "2026-12-02T14:30:00Z");
	expect(office, 1, "2026-12-02T14:29:59Z", true, "2026-12-02T14:30:00Z");
	expect(office, 1, "2026-12-02T14:30:00Z", false, "2026-12-03T07:00:00Z");
	expect(office, 1, "2026-12-02T06:59:00Z", false, "2026-12-02T07:00:00Z");
	/* Friday evening: Monday morning. */
	expect(office, 1, "2026-12-04T15:00:00Z", false, "2026-12-07T07:00:00Z");
	expect(office, 1, "2026-12-06T22:59:00Z", false, "2026-12-07T07:00:00Z");
	/* The whole week closed: no change to tell. */
	const struct open_span never[] = {{0, 8 * 60, 9 * 60}};
	expect(never, 1, "2026-12-02T09:00:00Z", false, "");
}

static void
past_midnight_and_weekends(void **state)
{
	(void)state;
	/* Alarmtelefonen as Balsfjord's plan gives it: 15.00–08.00 on
	 * weekdays, the whole day at weekends (and so until Monday 08.00). */
	const struct open_span alarm[] = {
		{WEEKDAYS, 15 * 60, 8 * 60},
		{WEEKEND, 0, 1440},
		{MON, 0, 8 * 60},
	};
	expect(alarm, 3, "2026-12-02T09:00:00Z", false, "2026-12-02T14:00:00Z");
	expect(alarm, 3, "2026-12-02T22:00:00Z", true, "2026-12-03T07:00:00Z");
	/* Friday 20.00 to Monday 08.00 without a break. */
	expect(alarm, 3, "2026-12-04T19:00:00Z", true, "2026-12-07T07:00:00Z");
	expect(alarm, 3, "2026-12-06T23:30:00Z", true, "2026-12-07T07:00:00Z");
	/* Spans that meet are one opening: every day round the clock. */
	const struct open_span week[] = {{0x7f, 0, 1440}};
	expect(week, 1, "2026-12-02T09:00:00Z", true, "");
	const struct open_span halves[] = {{0x7f, 0, 720}, {0x7f, 720, 1440}};
	expect(halves, 2, "2026-12-02T09:00:00Z", true, "");
}

static void
summer_time(void **state)
{
	(void)state;
	const struct open_span office[] = {{WEEKDAYS, 8 * 60, 16 * 60}};
	/* Summer time begins on Sunday 29 March 2026: Monday 08.00 is
	 * 06:00 UTC, an hour less after Saturday noon (11:00 UTC). */
	expect(office, 1, "2026-03-28T11:00:00Z", false, "2026-03-30T06:00:00Z");
	/* It ends on Sunday 25 October 2026: Monday 08.00 is 07:00 UTC. */
	expect(office, 1, "2026-10-24T10:00:00Z", false, "2026-10-26T07:00:00Z");
	/* Midnights across both changes. */
	assert_int_equal(open_next_midnight(utc("2026-12-02T22:59:59Z")),
	    utc("2026-12-02T23:00:00Z"));
	assert_int_equal(open_next_midnight(utc("2026-12-02T23:00:00Z")),
	    utc("2026-12-03T23:00:00Z"));
	assert_int_equal(open_next_midnight(utc("2026-03-28T12:00:00Z")),
	    utc("2026-03-28T23:00:00Z"));
	assert_int_equal(open_next_midnight(utc("2026-03-29T10:00:00Z")),
	    utc("2026-03-29T22:00:00Z"));
	assert_int_equal(open_next_midnight(utc("2026-10-25T10:00:00Z")),
	    utc("2026-10-25T23:00:00Z"));
}

static void
always_and_unknown(void **state)
{
	(void)state;
	struct open_state st;
	open_state_at(OPEN_ALWAYS, NULL, 0, utc("2026-12-02T09:00:00Z"), &st);
	assert_true(st.open);
	assert_int_equal(st.change, 0);
	open_state_at(OPEN_UNKNOWN, NULL, 0, utc("2026-12-02T09:00:00Z"), &st);
	assert_false(st.open);
	assert_int_equal(st.change, 0);
}

static void
local_time_broken_down(void **state)
{
	(void)state;
	struct clock_local l;
	/* Wednesday 2 December 2026, 10:05:07 (UTC+1). */
	clock_oslo_local(utc("2026-12-02T09:05:07Z"), &l);
	assert_int_equal(l.year, 2026);
	assert_int_equal(l.month, 12);
	assert_int_equal(l.day, 2);
	assert_int_equal(l.weekday, 2);
	assert_int_equal(l.minute, 10 * 60 + 5);
	assert_int_equal(l.second, 7);
	assert_int_equal(l.offset, 3600);
	/* Sunday 28 June 2026, 00:30 in summer time (UTC+2). */
	clock_oslo_local(utc("2026-06-27T22:30:00Z"), &l);
	assert_int_equal(l.day, 28);
	assert_int_equal(l.weekday, 6);
	assert_int_equal(l.minute, 30);
	assert_int_equal(l.offset, 7200);
	/* Thursday 1 January 1970, 01:00. */
	clock_oslo_local(0, &l);
	assert_int_equal(l.weekday, 3);
}

static void
the_test_clock_starts_where_it_is_told(void **state)
{
	(void)state;
	setenv("TILTAK_TEST_NOW", "2026-12-02T09:05:00Z", 1);
	int64_t start;
	assert_true(clock_test_start(&start));
	assert_int_equal(start, utc("2026-12-02T09:05:00Z"));
	int64_t now = clock_now();
	if (now < start || now > start + 5)
		fail_msg("the test clock reads %lld, expected %lld", (long long)now,
		    (long long)start);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(office_hours),
		cmocka_unit_test(past_midnight_and_weekends),
		cmocka_unit_test(summer_time),
		cmocka_unit_test(always_and_unknown),
		cmocka_unit_test(local_time_broken_down),
		cmocka_unit_test(the_test_clock_starts_where_it_is_told),
	};
	return cmocka_run_group_tests_name("open_now", tests, NULL, NULL);
}
