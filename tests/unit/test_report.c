/* test_report.c — the yearly report's domain (src/domain/report.c): the
 * status enum, deadlines, the report year, and the check that keeps
 * national identity numbers (fødselsnummer, D-number) out of comments
 * and evaluations, also through the validator table (valid.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/report.h"
#include "domain/valid.h"
#include "limits.h"

/* Valid numbers, made with the mod-11 rule (k1, k2). */
#define FNR1 "01020312560"    /* 1 February 2003 */
#define FNR2 "15057745654"
#define DNR  "41020312392"    /* a D-number: day 01 + 40 */

static void
status_names_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = {"not_started", "in_progress", "done",
	    "ongoing", "delayed", "dropped"};
	assert_int_equal(sizeof(names) / sizeof(names[0]), REPORT_STATUS__MAX);
	for (int i = 0; i < REPORT_STATUS__MAX; i++) {
		assert_string_equal(report_status_name((enum report_status)i), names[i]);
		assert_int_equal(report_status_parse(names[i]), i);
	}
	assert_int_equal(report_status_parse("finished"), -1);
	assert_int_equal(report_status_parse("Done"), -1);
	assert_int_equal(report_status_parse(""), -1);
	assert_int_equal(report_status_parse(NULL), -1);
	assert_string_equal(report_status_name(REPORT_STATUS__MAX), "");
	assert_int_equal(report_choice_parse("mine"), REPORT_KEEP_MINE);
	assert_int_equal(report_choice_parse("theirs"), REPORT_TAKE_THEIRS);
	assert_int_equal(report_choice_parse("both"), -1);

	char msg[256];
	assert_true(valid_check(VALID_REPORT_STATUS, "in_progress", 11, msg, sizeof(msg)));
	assert_false(valid_check(VALID_REPORT_STATUS, "finished", 8, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "not_started, in_progress"));
	assert_true(valid_check(VALID_PROGRESS, "0", 1, msg, sizeof(msg)));
	assert_true(valid_check(VALID_PROGRESS, "100", 3, msg, sizeof(msg)));
	assert_false(valid_check(VALID_PROGRESS, "101", 3, msg, sizeof(msg)));
	assert_false(valid_check(VALID_PROGRESS, "-1", 2, msg, sizeof(msg)));
	assert_false(valid_check(VALID_PROGRESS, "50%", 3, msg, sizeof(msg)));
	assert_true(valid_check(VALID_REPORT_VERSION, "0", 1, msg, sizeof(msg)));
	assert_false(valid_check(VALID_REPORT_VERSION, "x", 1, msg, sizeof(msg)));
}

static void
deadlines_and_years(void **state)
{
	(void)state;
	int m = 0, d = 0;
	assert_true(report_deadline_parse(REPORT_DEADLINE_DEFAULT, &m, &d));
	assert_int_equal(m, 9);
	assert_int_equal(d, 1);
	assert_true(report_deadline_parse("12-31", &m, &d));
	assert_false(report_deadline_parse("02-29", &m, &d));   /* not every year */
	assert_false(report_deadline_parse("13-01", &m, &d));
	assert_false(report_deadline_parse("04-31", &m, &d));
	assert_false(report_deadline_parse("9-1", &m, &d));
	assert_false(report_deadline_parse("09-01x", &m, &d));
	assert_false(report_deadline_parse(NULL, &m, &d));
	char msg[256];
	assert_true(valid_check(VALID_MONTH_DAY, "06-15", 5, msg, sizeof(msg)));
	assert_false(valid_check(VALID_MONTH_DAY, "06/15", 5, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "MM-DD"));

	assert_int_equal(report_year_current(2026, 2022, 2025), 2025);
	assert_int_equal(report_year_current(2024, 2022, 2025), 2024);
	assert_int_equal(report_year_current(2026, 2017, 0), 2026);
	assert_int_equal(report_year_current(2020, 2022, 0), 2022);
}

static bool
found(const char *s, size_t *at)
{
	size_t dummy;
	return report_find_nin(s, strlen(s), at ? at : &dummy);
}

static void
control_digits(void **state)
{
	(void)state;
	assert_true(report_nin_valid(FNR1));
	assert_true(report_nin_valid(FNR2));
	assert_true(report_nin_valid(DNR));
	/* Each single changed digit breaks k1 or k2. */
	const char *good[] = {FNR1, FNR2, DNR};
	for (size_t g = 0; g < 3; g++)
		for (int i = 0; i < 11; i++) {
			char d[12];
			memcpy(d, good[g], 12);
			d[i] = (char)('0' + (d[i] - '0' + 1) % 10);
			if (report_nin_valid(d))
				fail_msg("%s with digit %d changed (%s) passed", good[g], i, d);
		}
	/* A wrong date fails even with good control digits: day 32. */
	assert_false(report_nin_valid("32020312345"));
	assert_false(report_nin_valid("0102031256x"));
}

static void
found_in_text(void **state)
{
	(void)state;
	size_t at = 0;
	assert_true(found(FNR1, &at));
	assert_int_equal(at, 1);
	assert_true(found("Gjelder " FNR1 ".", &at));
	assert_int_equal(at, 9);
	assert_true(found("fnr 010203 12560 ble nevnt", &at));
	assert_int_equal(at, 5);
	assert_true(found("01 02 03 125 60", NULL));
	assert_true(found("01.02.03-125.60", NULL));
	assert_true(found("010203 - 12560", NULL));
	assert_true(found("010203\xc2\xa0" "12560", NULL));      /* no-break space */
	assert_true(found("a D-number: " DNR, NULL));
	assert_true(found("line one\n" FNR2 "\n", NULL));
	/* With characters before it that are more than one byte. */
	assert_true(found("Blåbærsyltetøy " FNR1, &at));
	assert_int_equal(at, 16);
	/* Inside a longer run, at its group boundaries. */
	assert_true(found("tlf 75 55 50 00 " FNR1, NULL));
}

static void
other_numbers_pass(void **state)
{
	(void)state;
	/* Phone numbers, organisation numbers, amounts, years, dates. */
	assert_false(found("Ring 75 55 50 00 eller 116 111.", NULL));
	assert_false(found("Org.nr. 972 418 013", NULL));
	assert_false(found("Kostnad 1 500 000 kr i 2024", NULL));
	assert_false(found("Møte 01.02.2024 kl. 12.00", NULL));
	/* 11 digits that fail the control digits: a phone number with its
	 * country code, an account number, a changed fødselsnummer. */
	assert_false(found("+47 75 55 50 00 00", NULL));
	assert_false(found("4755550000", NULL));
	assert_false(found("47755550001", NULL));
	assert_false(found("1503 12 34567", NULL));
	assert_false(found("01020312561", NULL));
	/* More digits joined on: not 11 digits, not an identity number. */
	assert_false(found("1" FNR1, NULL));
	assert_false(found(FNR1 "9", NULL));
	/* Groups far apart are not one number. */
	assert_false(found("010203 og 12560", NULL));
	assert_false(found("010203    12560", NULL));
}

static void
comments_refuse_them(void **state)
{
	(void)state;
	char msg[400];
	const char *bad = "Samtale med mor, fnr 010203 12560.";
	assert_false(valid_check(VALID_REPORT_COMMENT, bad, strlen(bad), msg, sizeof(msg)));
	assert_non_null(strstr(msg, "national identity number"));
	assert_non_null(strstr(msg, "character 22"));
	assert_non_null(strstr(msg, "personal data"));
	assert_false(valid_check(VALID_REPORT_EVALUATION, DNR, 11, msg, sizeof(msg)));
	const char *fine = "Gjennomført to kurs (40 deltakere).\nRing 75 55 50 00.";
	assert_true(valid_check(VALID_REPORT_COMMENT, fine, strlen(fine), msg, sizeof(msg)));
	/* The text rules hold too, and the limits. */
	assert_false(valid_check(VALID_REPORT_COMMENT, "a\x01", 2, msg, sizeof(msg)));
	static char big[REPORT_COMMENT_MAX + 1];
	memset(big, 'x', sizeof(big));
	assert_false(valid_check(VALID_REPORT_COMMENT, big, sizeof(big), msg, sizeof(msg)));
	assert_true(valid_check(VALID_REPORT_EVALUATION, big, sizeof(big), msg, sizeof(msg)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_names_round_trip),
		cmocka_unit_test(deadlines_and_years),
		cmocka_unit_test(control_digits),
		cmocka_unit_test(found_in_text),
		cmocka_unit_test(other_numbers_pass),
		cmocka_unit_test(comments_refuse_them),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
