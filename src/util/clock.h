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

/* Norway's local time at t, in fields: the offset from UTC in seconds
 * (3600 in winter, 7200 in summer time), the date, the weekday (0 Monday
 * … 6 Sunday) and the time of day. */
struct clock_local {
	int offset;
	int year, month, day;
	int weekday;
	int hour, minute, second;
};
void clock_oslo_fields(int64_t t, struct clock_local *out);

#endif
