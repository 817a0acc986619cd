/* test_valid.c — the validator table (src/domain/valid.c): every rule for
 * text (UTF-8, NUL and control characters, line breaks, bidirectional
 * controls, white space at the ends, lengths) and for ids, dates, years
 * and enums, each with the message and the position it reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/valid.h"
#include "limits.h"

/* s[0..n) is accepted as kind. */
static void
ok_n(enum valid_kind kind, const char *s, size_t n)
{
	char msg[256] = "";
	if (!valid_check(kind, s, n, msg, sizeof(msg)))
		fail_msg("%s: refused %zu bytes: %s", valid_fields[kind].name, n, msg);
}

static void
ok(enum valid_kind kind, const char *s)
{
	ok_n(kind, s, strlen(s));
}

/* s[0..n) is refused as kind with a message containing want. */
static void
refused_n(enum valid_kind kind, const char *s, size_t n, const char *want)
{
	char msg[256] = "";
	if (valid_check(kind, s, n, msg, sizeof(msg)))
		fail_msg("%s: accepted, expected \"%s\"", valid_fields[kind].name, want);
	if (strstr(msg, want) == NULL)
		fail_msg("%s: got \"%s\", expected \"%s\"", valid_fields[kind].name, msg, want);
}

static void
refused(enum valid_kind kind, const char *s, const char *want)
{
	refused_n(kind, s, strlen(s), want);
}

static const enum valid_kind text_kinds[] = {VALID_TITLE, VALID_LINE, VALID_MARKDOWN};
#define NTEXT (sizeof(text_kinds) / sizeof(text_kinds[0]))

static void
table_is_complete(void **state)
{
	(void)state;
	for (int k = 0; k < VALID__MAX; k++) {
		assert_non_null(valid_fields[k].name);
		assert_non_null(valid_fields[k].check);
	}
	assert_int_equal(valid_fields[VALID_TITLE].max_bytes, PLAN_TITLE_MAX);
	assert_int_equal(valid_fields[VALID_LINE].max_bytes, PLAN_LINE_MAX);
	assert_int_equal(valid_fields[VALID_MARKDOWN].max_bytes, PLAN_TEXT_MAX);
	assert_true(valid_fields[VALID_MARKDOWN].multiline);
	assert_false(valid_fields[VALID_TITLE].multiline);
}

static void
ordinary_text_passes(void **state)
{
	(void)state;
	for (size_t i = 0; i < NTEXT; i++) {
		ok(text_kinds[i], "Bodø kommune");
		ok(text_kinds[i], "Æ Ø Å «sitat» – tankestrek … 😀 Sámi: Ŋ ŧ đ");
		ok(text_kinds[i], "tab\tinside");
		ok(text_kinds[i], "x");
		/* Left-to-right and right-to-left marks are not overrides. */
		ok(text_kinds[i], "a\u200eb\u200fc");
		/* Non-breaking space and ideographic space are text. */
		ok(text_kinds[i], "a\u00a0b\u3000c");
	}
	ok(VALID_MARKDOWN, "Line one\nline two\n\n- item\n");
	ok(VALID_MARKDOWN, " leading and trailing space is Markdown's business ");
	ok(VALID_MARKDOWN, "\tindented code");
}

static void
control_characters_are_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < NTEXT; i++) {
		enum valid_kind k = text_kinds[i];
		/* C1: U+0085 NEXT LINE, U+0080, U+009F. */
		refused(k, "abc\xc2\x85" "def", "control character U+0085 at character 4 is not allowed");
		refused(k, "\xc2\x80" "x", "control character U+0080 at character 1 is not allowed");
		refused(k, "x\xc2\x9f", "control character U+009F at character 2 is not allowed");
		/* C0 and DEL. */
		refused(k, "a\x01", "control character U+0001 at character 2 is not allowed");
		refused(k, "a\x1b[31mred", "control character U+001B at character 2");
		refused(k, "a\x7f", "control character U+007F at character 2");
		refused(k, "line\r\nnext", "control character U+000D at character 5");
		refused(k, "a\x0b", "control character U+000B");
		refused(k, "a\x0c", "control character U+000C");
		/* Positions count characters, not bytes. */
		refused(k, "ææø\xc2\x85", "U+0085 at character 4 ");
		/* NUL inside (pointer, length). */
		refused_n(k, "ab\0cd", 5, "NUL character (U+0000) at character 3 is not allowed");
		refused_n(k, "\0", 1, "NUL character (U+0000) at character 1");
	}
}

static void
line_breaks(void **state)
{
	(void)state;
	refused(VALID_TITLE, "a\nb", "line break U+000A at character 2 is not allowed here "
	    "(one line of text expected)");
	refused(VALID_LINE, "a\nb", "line break U+000A at character 2");
	/* U+2028 and U+2029 are line breaks too. */
	refused(VALID_TITLE, "ab\u2028", "line break U+2028 at character 3 is not allowed here");
	refused(VALID_LINE, "\u2029ab", "line break U+2029 at character 1 is not allowed here");
	/* In Markdown only line feed breaks a line: U+2028/U+2029 are refused
	 * there too, with a message saying what to use instead. */
	refused(VALID_MARKDOWN, "one\u2028two", "U+2028 at character 4 is not allowed");
	refused(VALID_MARKDOWN, "one\u2028two", "line feed");
	refused(VALID_MARKDOWN, "one\u2029two", "U+2029 at character 4 is not allowed");
	ok(VALID_MARKDOWN, "one\ntwo");
}

static void
bidirectional_controls_are_refused_everywhere(void **state)
{
	(void)state;
	static const char *const bidi[] = {"\u202a", "\u202b", "\u202c", "\u202d",
	    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"};
	for (size_t i = 0; i < NTEXT; i++) {
		for (size_t b = 0; b < sizeof(bidi) / sizeof(bidi[0]); b++) {
			char s[32];
			snprintf(s, sizeof(s), "ab%scd", bidi[b]);
			refused(text_kinds[i], s, "bidirectional control U+20");
			refused(text_kinds[i], s, "at character 3 is not allowed");
		}
		refused(text_kinds[i], "x\u202egnp.exe", "bidirectional control U+202E at character 2");
		refused(text_kinds[i], "\u2066x", "bidirectional control U+2066 at character 1");
	}
}

static void
invalid_utf8_is_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < NTEXT; i++) {
		enum valid_kind k = text_kinds[i];
		refused(k, "ab\xff", "invalid UTF-8 at character 3 (byte 0xff)");
		/* Overlong encodings of '/' and of NUL. */
		refused(k, "a\xc0\xaf", "invalid UTF-8 at character 2 (byte 0xc0)");
		refused(k, "a\xe0\x80\xaf", "invalid UTF-8 at character 2 (byte 0xe0)");
		refused_n(k, "a\xc0\x80", 3, "invalid UTF-8 at character 2");
		/* A surrogate, a code point above U+10FFFF, a lone continuation
		 * byte, a sequence cut short. */
		refused(k, "ø\xed\xa0\x80", "invalid UTF-8 at character 2 (byte 0xed)");
		refused(k, "\xf4\x90\x80\x80", "invalid UTF-8 at character 1 (byte 0xf4)");
		refused(k, "x\x80", "invalid UTF-8 at character 2 (byte 0x80)");
		refused(k, "x\xe2\x82", "invalid UTF-8 at character 2 (byte 0xe2)");
		/* Cut short by the length, not by a NUL. */
		refused_n(k, "x\u00e6", 2, "invalid UTF-8 at character 2 (byte 0xc3)");
		ok_n(k, "x\u00e6", 3);
	}
}

static void
white_space_and_emptiness(void **state)
{
	(void)state;
	for (size_t i = 0; i < NTEXT; i++)
		refused_n(text_kinds[i], "", 0, "text must not be empty");
	refused(VALID_TITLE, " Forord", "text must not begin or end with white space");
	refused(VALID_TITLE, "Forord ", "text must not begin or end with white space");
	refused(VALID_LINE, "\tForord", "white space");
	refused(VALID_LINE, "Forord\t", "white space");
	ok(VALID_TITLE, "For ord");
}

static void
lengths_are_in_bytes(void **state)
{
	(void)state;
	static char buf[PLAN_TEXT_MAX + 8];
	static const struct { enum valid_kind k; size_t max; } cases[] = {
		{VALID_TITLE, PLAN_TITLE_MAX},
		{VALID_LINE, PLAN_LINE_MAX},
		{VALID_MARKDOWN, PLAN_TEXT_MAX},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'x', cases[i].max + 1);
		ok_n(cases[i].k, buf, cases[i].max);
		char want[96];
		snprintf(want, sizeof(want), "text is %zu bytes long; at most %zu are allowed",
		    cases[i].max + 1, cases[i].max);
		refused_n(cases[i].k, buf, cases[i].max + 1, want);
	}
	/* Two bytes a character: 250 'ø' fit in a title, 251 do not. */
	for (size_t i = 0; i < 251; i++)
		memcpy(buf + 2 * i, "ø", 2);
	ok_n(VALID_TITLE, buf, 500);
	refused_n(VALID_TITLE, buf, 502, "text is 502 bytes long; at most 500 are allowed");
}

static void
ids(void **state)
{
	(void)state;
	ok(VALID_ID, "a");
	ok(VALID_ID, "bodo-2022-2025");
	ok(VALID_ID, "0");
	char id[PLAN_ID_MAX + 2];
	memset(id, 'a', sizeof(id));
	ok_n(VALID_ID, id, PLAN_ID_MAX);
	refused_n(VALID_ID, id, PLAN_ID_MAX + 1, "is not a valid id");
	refused(VALID_ID, "-a", "is not a valid id (1-64 characters: a-z, 0-9 and '-', "
	    "not starting with '-')");
	refused(VALID_ID, "Bodo", "\"Bodo\" is not a valid id");
	refused(VALID_ID, "bodø", "is not a valid id");
	refused(VALID_ID, "a b", "is not a valid id");
	refused(VALID_ID, "a_b", "is not a valid id");
	refused_n(VALID_ID, "", 0, "is not a valid id");
	refused_n(VALID_ID, "ab\0c", 4, "is not a valid id");
	/* The message never echoes what it refuses raw. */
	refused(VALID_ID, "a\u202eb", "\"a\\u202Eb\" is not a valid id");
	refused(VALID_ID, "a\x1b[2J", "\"a\\u001B[2J\" is not a valid id");
}

static void
dates(void **state)
{
	(void)state;
	ok(VALID_DATE, "2022-06-16");
	ok(VALID_DATE, "2024-02-29");     /* leap year */
	ok(VALID_DATE, "2000-02-29");     /* divisible by 400 */
	ok(VALID_DATE, "1900-01-01");
	ok(VALID_DATE, "2200-12-31");
	ok_n(VALID_DATE, "2022-06-16T10:00", 10); /* (pointer, length) */
	refused(VALID_DATE, "2023-02-29", "\"2023-02-29\" is not a date");
	refused(VALID_DATE, "1900-02-29", "is not a date");   /* not divisible by 400 */
	refused(VALID_DATE, "2022-02-30", "is not a date");
	refused(VALID_DATE, "2022-04-31", "is not a date");
	refused(VALID_DATE, "2022-13-01", "is not a date");
	refused(VALID_DATE, "2022-00-10", "is not a date");
	refused(VALID_DATE, "2022-01-00", "is not a date");
	refused(VALID_DATE, "2022-1-01", "is not a date");
	refused(VALID_DATE, "22-01-01", "is not a date");
	refused(VALID_DATE, "2022-01-01 ", "is not a date");
	refused(VALID_DATE, "2022/01/01", "is not a date");
	refused(VALID_DATE, "1899-12-31", "is not a date");
	refused(VALID_DATE, "2201-01-01", "is not a date");
	refused_n(VALID_DATE, "2022-01-0\0", 10, "is not a date");
}

static void
years_and_numbers(void **state)
{
	(void)state;
	ok(VALID_YEAR, "2022");
	ok(VALID_YEAR, "1900");
	ok(VALID_YEAR, "2200");
	refused(VALID_YEAR, "1899", "\"1899\" is not a year from 1900 to 2200");
	refused(VALID_YEAR, "2201", "is not a year from 1900 to 2200");
	refused(VALID_YEAR, "20a2", "is not a year");
	refused(VALID_YEAR, "+2022", "is not a year");
	refused(VALID_YEAR, "02022", "is not a year");
	refused_n(VALID_YEAR, "", 0, "is not a year");
	char msg[128];
	assert_true(valid_number(VALID_YEAR, 2022, msg, sizeof(msg)));
	assert_false(valid_number(VALID_YEAR, 2300, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "2300 is out of range (1900 to 2200)"));
	assert_true(valid_number(VALID_INDICATOR_NUMBER, 1, msg, sizeof(msg)));
	assert_true(valid_number(VALID_INDICATOR_NUMBER, PLAN_INDICATOR_NUMBER_MAX, msg, sizeof(msg)));
	assert_false(valid_number(VALID_INDICATOR_NUMBER, 0, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "0 is out of range (1 to 9999)"));
	ok(VALID_INDICATOR_NUMBER, "19");
	refused(VALID_INDICATOR_NUMBER, "0", "\"0\" is not a number from 1 to 9999");
}

static void
enums(void **state)
{
	(void)state;
	ok(VALID_PLAN_STATUS, "adopted");
	ok(VALID_MEASURE_KIND, "proposed");
	ok(VALID_RESOURCE_CATEGORY, "set_aside");
	ok(VALID_UNIT_KIND, "external");
	refused(VALID_PLAN_STATUS, "done", "\"done\" is not one of: draft, adopted, replaced");
	refused(VALID_RESOURCE_CATEGORY, "cheap", "is not one of: existing_budget, "
	    "investigate, set_aside, external, unknown");
	refused(VALID_UNIT_KIND, "Internal", "is not one of: internal, external");
	refused(VALID_MEASURE_KIND, "old", "is not one of: new, existing, proposed");
	/* A NUL inside does not cut a longer value down to a valid one. */
	refused_n(VALID_UNIT_KIND, "internal\0x", 10, "is not one of");
	refused_n(VALID_UNIT_KIND, "", 0, "is not one of");
}

static void
quote_escapes_what_does_not_print(void **state)
{
	(void)state;
	char out[128];
	valid_quote("Bodø", strlen("Bodø"), out, sizeof(out));
	assert_string_equal(out, "Bodø");
	static const char mixed[] = "a\u202eb\u2028c\xc2\x85\n\x01\xff";
	valid_quote(mixed, sizeof(mixed) - 1, out, sizeof(out));
	assert_string_equal(out, "a\\u202Eb\\u2028c\\u0085\\u000A\\u0001\\xFF");
	char long_s[200];
	memset(long_s, 'y', sizeof(long_s));
	valid_quote(long_s, sizeof(long_s), out, sizeof(out));
	assert_true(strlen(out) < 60);
	assert_non_null(strstr(out, "…"));
	valid_quote("abc", 3, out, 3);
	assert_int_equal(strlen(out), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_complete),
		cmocka_unit_test(ordinary_text_passes),
		cmocka_unit_test(control_characters_are_refused),
		cmocka_unit_test(line_breaks),
		cmocka_unit_test(bidirectional_controls_are_refused_everywhere),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(white_space_and_emptiness),
		cmocka_unit_test(lengths_are_in_bytes),
		cmocka_unit_test(ids),
		cmocka_unit_test(dates),
		cmocka_unit_test(years_and_numbers),
		cmocka_unit_test(enums),
		cmocka_unit_test(quote_escapes_what_does_not_print),
	};
	return cmocka_run_group_tests_name("valid", tests, NULL, NULL);
}
