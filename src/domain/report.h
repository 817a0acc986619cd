/* report.h — the yearly report (issue 7 §4): per indicator and year a
 * status, an optional progress (0–100), a comment and the written
 * evaluation; the deadline it is due by; and the check that keeps
 * Norwegian national identity numbers out of what a reporter types.
 *
 * Plans (Bodø 3.2) ask for a yearly status review of every measure and a
 * written evaluation by 1 September; a plan file may move that day
 * (report_deadline, "MM-DD", docs/plan-format.md). */
#ifndef TILTAK_REPORT_H
#define TILTAK_REPORT_H
#include <stdbool.h>
#include <stddef.h>

enum report_status {
	REPORT_NOT_STARTED,
	REPORT_IN_PROGRESS,
	REPORT_DONE,
	REPORT_ONGOING,      /* continued as ordinary operations */
	REPORT_DELAYED,
	REPORT_DROPPED,
	REPORT_STATUS__MAX
};

/* "not_started", "in_progress", "done", "ongoing", "delayed", "dropped",
 * and back (-1 for an unknown name). */
const char *report_status_name(enum report_status);
int report_status_parse(const char *);

/* A conflict's choice (the later writer keeps theirs or mine):
 * "mine", "theirs". */
enum report_choice {
	REPORT_KEEP_MINE,
	REPORT_TAKE_THEIRS,
	REPORT_CHOICE__MAX
};
const char *report_choice_name(enum report_choice);
int report_choice_parse(const char *);

/* The default deadline of a year's report: 1 September. */
#define REPORT_DEADLINE_DEFAULT "09-01"

/* Reads a deadline "MM-DD" (a day every year has: 02-29 is refused) into
 * *month and *day. false if s is not one. */
bool report_deadline_parse(const char *s, int *month, int *day);

/* The year a plan is reported for now: this year, within the plan's
 * period (end 0: open-ended). A plan whose period is over is reported
 * for its last year; one not begun yet for its first. */
int report_year_current(int this_year, int period_start, int period_end);

/* Whether d[0..11) (digits) is a Norwegian national identity number:
 * a fødselsnummer, a D-number (day + 40) or an H-number (month + 40),
 * with a plausible day and month and both mod-11 control digits (k1,
 * k2) right. */
bool report_nin_valid(const char d[11]);

/* Looks in s[0..n) for a national identity number, its 11 digits
 * written together or in groups split by spaces, dots, hyphens or
 * slashes ("010203 12345", "01 02 03 123 45", "01.02.03-123.45"). Returns
 * true and the number of the character (from 1) where it begins in *at
 * if one is found. Numbers longer than 11 digits are looked into at
 * their group boundaries; 11 digits that fail the control digits (a
 * phone number with a country code, an account number) are not one. */
bool report_find_nin(const char *s, size_t n, size_t *at);

#endif
