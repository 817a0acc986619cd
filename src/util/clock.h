/* clock.h — times as people in Norway read them. The store keeps every
 * time in UTC ("2026-03-29T01:30:00Z"); the signed-in pages show them in
 * Norway's local time (Europe/Oslo: CET, UTC+1, and summer time CEST,
 * UTC+2, from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October, the EU rule Norway has followed since 1996).
 * Computed here rather than through the C library's time zone, which is
 * process-wide state (TZ, tzset) and not the server's business. */
#ifndef TILTAK_CLOCK_H
#define TILTAK_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Unix time of a UTC text "YYYY-MM-DDTHH:MM:SSZ"; false if s is not
 * one (a day that does not exist included). */
bool clock_parse_utc(const char *s, int64_t *out);

/* Writes t as Norway's local time "DD.MM.YYYY HH:MM:SS" into out (at
 * least CLOCK_LOCAL_MAX bytes); *summer (may be NULL) says whether it is
 * summer time. */
#define CLOCK_LOCAL_MAX 24
void clock_oslo(int64_t t, char *out, size_t outsz, bool *summer);
/* The same for a UTC text (clock_parse_utc's); false, with out empty, if
 * utc is not one. */
bool clock_oslo_text(const char *utc, char *out, size_t outsz);

/* A moment as it reads in Norway, broken down. */
struct clock_local {
	int year, month, day;  /* month 1-12, day 1-31 */
	int weekday;           /* 0 Monday, 1 Tuesday, … 6 Sunday */
	int minute;            /* minutes since local midnight, 0-1439 */
	int second;            /* 0-59 */
	int offset;            /* seconds east of UTC: 3600, or 7200 in summer */
};
void clock_oslo_local(int64_t t, struct clock_local *out);

/* Now, as Unix time: the system clock. For tests only, the environment
 * variable TILTAK_TEST_NOW ("YYYY-MM-DDTHH:MM:SSZ") sets the clock to
 * that moment when it is first read; it then runs on at real speed, so a
 * test can watch a page change as a time passes. clock_test_start says
 * whether the variable is set (and valid), so the server can warn. */
int64_t clock_now(void);
bool clock_test_start(int64_t *start);

#endif
