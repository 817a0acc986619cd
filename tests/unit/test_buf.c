/* test_buf.c — the byte buffer's JSON string writer (buf_json_string),
 * which the yearly report's save uses to pass its rows to SQL: whatever
 * text it is given, a JSON parser reads back exactly that text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Writes s as a JSON string inside an array and parses it back. */
static void
round_trips(const char *s)
{
	struct buf b = {0};
	buf_puts(&b, "[");
	buf_json_string(&b, s);
	buf_puts(&b, "]");
	json_error_t err;
	json_t *v = json_loads(b.data, 0, &err);
	if (v == NULL)
		fail_msg("%s: not JSON (%s)", b.data, err.text);
	json_t *e = json_array_get(v, 0);
	if (s == NULL) {
		assert_true(json_is_null(e));
	} else {
		assert_true(json_is_string(e));
		assert_int_equal(json_string_length(e), strlen(s));
		assert_string_equal(json_string_value(e), s);
	}
	json_decref(v);
	buf_free(&b);
}

static void
any_text_round_trips(void **state)
{
	(void)state;
	round_trips("");
	round_trips("Runde 3, rapportør 12");
	round_trips("\"sitert\" og \\ skråstrek / her");
	round_trips("linje 1\nlinje 2\r\n\tinnrykket");
	round_trips("\x01\x02\x1f slutt");
	round_trips("æøå ÆØÅ – “typografisk” 🙂");
	round_trips("\\u0041 er ikke A");
	round_trips(NULL);
}

static void
escapes_only_what_it_must(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_json_string(&b, "a\"b\\c\nd/æ");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\u000ad/æ\"");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(any_text_round_trips),
		cmocka_unit_test(escapes_only_what_it_must),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
