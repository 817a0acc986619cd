/* test_plan_json.c — parsing, validation and canonical export of plan
 * files. Every error case checks the JSON path and the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/testjson.h"
#include "domain/plan_json.h"
#include "limits.h"
#include "util/buf.h"

static const char valid[] =
"{\n"
"  \"format\": \"tiltak-plan/1\",\n"
"  \"id\": \"test-plan\",\n"
"  \"title\": \"Testplan\",\n"
"  \"period\": {\"start\": 2022, \"end\": 2025},\n"
"  \"status\": \"adopted\",\n"
"  \"adoption\": {\"date\": \"2022-06-16\", \"body\": \"Bystyret\", \"case_reference\": \"PS 22/1\"},\n"
"  \"replaces\": \"test-old\",\n"
"  \"organisations\": [{\"id\": \"test\", \"name\": \"Test kommune\"}],\n"
"  \"overarching_goals\": [{\"title\": \"Forebygge\", \"text\": \"Tekst.\"}],\n"
"  \"chapters\": [{\"id\": \"forord\", \"title\": \"Forord\", \"body\": \"Avsnitt.\\n\\nTo.\"}],\n"
"  \"units\": [\n"
"    {\"id\": \"test-a\", \"name\": \"Enhet A\", \"kind\": \"internal\", \"organisation\": \"test\"},\n"
"    {\"id\": \"ext\", \"name\": \"Politiet\", \"kind\": \"external\", \"organisation\": null}\n"
"  ],\n"
"  \"implementation_steps\": [{\"what\": \"Vedta\", \"who\": \"Bystyret\", \"when\": \"2022\", \"responsible\": [\"test-a\"]}],\n"
"  \"themes\": [\n"
"    {\"id\": \"t1\", \"title\": \"Tema\", \"background\": \"B\", \"challenge\": null, \"goals\": [\n"
"      {\"id\": \"g1\", \"text\": \"Mål\", \"measures\": [\n"
"        {\"id\": \"m1\", \"title\": \"Tiltak 1\", \"kind\": \"existing\", \"indicators\": [\n"
"          {\"number\": 1, \"text\": \"I1\", \"resource_note\": \"Må utredes.\", \"resource_category\": \"investigate\", \"responsible\": [\"test-a\", \"ext\"], \"responsible_note\": null, \"deadline\": \"2023-09-01\"},\n"
"          {\"number\": 2, \"text\": \"I2\"}\n"
"        ]},\n"
"        {\"id\": \"m2\", \"title\": \"Tiltak 2\"}\n"
"      ]}\n"
"    ]}\n"
"  ]\n"
"}\n";

/* valid with the first occurrence of from replaced by to. */
static char *
mutate(const char *from, const char *to)
{
	return testjson_mutate(valid, from, to);
}

/* Parses s; asserts it is refused with path and a message containing msg. */
static void
refused(const char *s, size_t len, const char *path, const char *msg)
{
	struct plan_error err;
	struct plan *p = plan_json_parse(s, len, &err);
	bool accepted = p != NULL;
	plan_free(p);
	testjson_refused(accepted, err.path, err.message, path, msg);
}

static void
refused_mut(const char *from, const char *to, const char *path, const char *msg)
{
	char *s = mutate(from, to);
	refused(s, strlen(s), path, msg);
	free(s);
}

static void
valid_plan_parses(void **state)
{
	(void)state;
	struct plan_error err;
	struct plan *p = plan_json_parse(valid, strlen(valid), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	struct plan_counts c;
	plan_count(p, &c);
	assert_int_equal(c.themes, 1);
	assert_int_equal(c.goals, 1);
	assert_int_equal(c.measures, 2);
	assert_int_equal(c.indicators, 2);
	const struct measure *m = plan_measure(p, "m1", NULL, NULL);
	assert_non_null(m);
	assert_int_equal(m->kind, MEASURE_EXISTING);
	assert_int_equal(m->indicators[0].resource_category, RESOURCE_INVESTIGATE);
	assert_int_equal(m->indicators[0].nresponsible, 2);
	assert_string_equal(m->indicators[0].deadline, "2023-09-01");
	/* Defaults. */
	assert_int_equal(m->indicators[1].resource_category, RESOURCE_UNKNOWN);
	assert_int_equal(plan_measure(p, "m2", NULL, NULL)->kind, MEASURE_NEW);
	assert_int_equal(p->period_end, 2025);
	assert_string_equal(p->adoption_case, "PS 22/1");
	plan_free(p);
}

static void
export_is_canonical_and_stable(void **state)
{
	(void)state;
	struct plan_error err;
	struct plan *p = plan_json_parse(valid, strlen(valid), &err);
	assert_non_null(p);
	size_t n1, n2;
	char *a = plan_json_export(p, &n1, &err);
	plan_free(p);
	p = plan_json_parse(a, n1, &err);
	assert_non_null(p);
	char *b = plan_json_export(p, &n2, &err);
	plan_free(p);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	/* Every optional key present, in documented order, final newline. */
	assert_non_null(strstr(a, "\"resource_category\": \"unknown\""));
	assert_non_null(strstr(a, "\"description\": null"));
	assert_true(strstr(a, "\"format\"") < strstr(a, "\"id\""));
	assert_int_equal(a[n1 - 1], '\n');
	free(a);
	free(b);
}

/* Text changed in the database by other means may not be UTF-8: export
 * says where, and returns NULL rather than aborting or leaving it out. */
static void
export_refuses_invalid_utf8(void **state)
{
	(void)state;
	struct plan_error err;
	struct plan *p = plan_json_parse(valid, strlen(valid), &err);
	assert_non_null(p);
	struct indicator *ind = &p->themes[0].goals[0].measures[0].indicators[0];
	char bad_ref[] = "ext\xc3";
	ind->responsible[1] = bad_ref;
	size_t n = 99;
	assert_null(plan_json_export(p, &n, &err));
	assert_string_equal(err.path, "$.themes[0].goals[0].measures[0].indicators[0].responsible[1]");
	assert_non_null(strstr(err.message, "not valid UTF-8 (byte 0xc3 at byte 3)"));
	assert_int_equal(err.line, 0);

	/* The first bad text in document order is the one named. */
	char bad_title[] = "Tema \xed\xa0\x80"; /* a surrogate */
	p->themes[0].title = bad_title;
	assert_null(plan_json_export(p, &n, &err));
	assert_string_equal(err.path, "$.themes[0].title");
	assert_non_null(strstr(err.message, "byte 0xed at byte 5"));
	char bad_body[] = "\x80";
	p->chapters[0].body = bad_body;
	assert_null(plan_json_export(p, &n, &err));
	assert_string_equal(err.path, "$.chapters[0].body");
	plan_free(p);
}

static void
syntax_errors_have_line_and_column(void **state)
{
	(void)state;
	struct plan_error err;
	char *s = mutate("\"title\": \"Testplan\",", "\"title\": \"Testplan\", \"title\": \"x\",");
	assert_null(plan_json_parse(s, strlen(s), &err));
	assert_int_equal(err.line, 4);
	assert_true(err.column > 0);
	assert_non_null(strstr(err.message, "duplicate"));
	free(s);

	assert_null(plan_json_parse(valid, strlen(valid) - 20, &err));
	assert_true(err.line > 0);
	assert_non_null(strstr(err.message, "invalid JSON"));

	s = mutate("Testplan", "Test\xff\xfeplan");
	assert_null(plan_json_parse(s, strlen(s), &err));
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 17);
	assert_non_null(strstr(err.message, "UTF-8"));
	free(s);

	char out[1400];
	plan_error_format(&err, "f.json", out, sizeof(out));
	assert_true(strncmp(out, "f.json:4:17: $: invalid UTF-8", 29) == 0);
}

static void
structure_errors_name_the_path(void **state)
{
	(void)state;
	refused_mut("\"format\": \"tiltak-plan/1\",", "", "$.format", "missing");
	refused_mut("tiltak-plan/1", "tiltak-plan/2", "$.format", "expected");
	refused_mut("\"title\": \"Testplan\",", "", "$.title", "missing");
	refused_mut("\"title\": \"Testplan\"", "\"title\": 12", "$.title", "expected a string, found an integer");
	refused_mut("\"id\": \"test-plan\"", "\"id\": \"Bodø\"", "$.id", "not a valid id");
	refused_mut("\"status\": \"adopted\"", "\"status\": \"done\"", "$.status", "not one of");
	refused_mut("\"end\": 2025", "\"end\": 2020", "$.period.end", "before it starts");
	refused_mut("\"start\": 2022", "\"start\": 2022.5", "$.period.start", "expected an integer");
	refused_mut("\"date\": \"2022-06-16\"", "\"date\": \"2022-02-30\"", "$.adoption.date", "not a date");
	refused_mut("\"replaces\": \"test-old\",", "\"replaces\": \"test-old\", \"colour\": 1,", "$.colour", "unknown key");
	refused_mut("\"organisations\": [{\"id\": \"test\", \"name\": \"Test kommune\"}]",
	    "\"organisations\": []", "$.organisations", "at least one");
	refused_mut("\"body\": \"Avsnitt.\\n\\nTo.\"", "\"body\": \"a\\u0001b\"", "$.chapters[0].body", "control character");
	refused_mut("\"title\": \"Forord\"", "\"title\": \"For\\nord\"", "$.chapters[0].title", "line break");
	/* The validator table's characters (valid.h), each with its place. */
	refused_mut("\"title\": \"Testplan\"", "\"title\": \"Test\\u0085plan\"", "$.title",
	    "control character U+0085 at character 5 is not allowed");
	refused_mut("\"text\": \"I1\"", "\"text\": \"I\\u202e1\"",
	    "$.themes[0].goals[0].measures[0].indicators[0].text",
	    "bidirectional control U+202E at character 2 is not allowed");
	refused_mut("\"name\": \"Politiet\"", "\"name\": \"Poli\\u2028tiet\"", "$.units[1].name",
	    "line break U+2028 at character 5 is not allowed here");
	refused_mut("\"body\": \"Avsnitt.\\n\\nTo.\"", "\"body\": \"Avsnitt.\\u2029To.\"",
	    "$.chapters[0].body", "line break U+2029 at character 9 is not allowed");
	refused_mut("\"text\": \"Tekst.\"", "\"text\": \"\\u2067Tekst.\"",
	    "$.overarching_goals[0].text", "bidirectional control U+2067 at character 1");
	refused_mut("\"when\": \"2022\"", "\"when\": \"20\\u009f22\"",
	    "$.implementation_steps[0].when", "control character U+009F at character 3");
	/* A key is never echoed raw, in the path or the message. */
	refused_mut("\"replaces\": \"test-old\",", "\"replaces\": \"test-old\", \"a\\u202eb\": 1,",
	    "$.a\\u202Eb", "unknown key \"a\\u202Eb\"");
	refused_mut("\"id\": \"test-plan\"", "\"id\": \"x\\u001b[2J\"", "$.id",
	    "\"x\\u001B[2J\" is not a valid id");
	refused_mut("\"title\": \"Forord\"", "\"title\": \" Forord\"", "$.chapters[0].title", "white space");
	refused_mut("\"name\": \"Politiet\"", "\"name\": \"\"", "$.units[1].name", "empty");
	refused_mut("\"id\": \"ext\"", "\"id\": \"test-a\"", "$.units[1].id", "duplicate unit id");
	refused_mut("\"organisation\": \"test\"", "\"organisation\": \"other\"", "$.units[0].organisation", "unknown organisation");
	refused_mut("\"kind\": \"internal\"", "\"kind\": \"inside\"", "$.units[0].kind", "not one of");
	refused_mut("\"responsible\": [\"test-a\"]", "\"responsible\": [\"nobody\"]",
	    "$.implementation_steps[0].responsible[0]", "unknown unit \"nobody\"");
	refused_mut("\"responsible\": [\"test-a\", \"ext\"]", "\"responsible\": [\"test-a\", \"hlo\"]",
	    "$.themes[0].goals[0].measures[0].indicators[0].responsible[1]", "unknown unit \"hlo\"");
	refused_mut("\"responsible\": [\"test-a\", \"ext\"]", "\"responsible\": [\"ext\", \"ext\"]",
	    "$.themes[0].goals[0].measures[0].indicators[0].responsible[1]", "duplicate");
	refused_mut("{\"number\": 2, \"text\": \"I2\"}", "{\"number\": 1, \"text\": \"I2\"}",
	    "$.themes[0].goals[0].measures[0].indicators[1].number", "duplicate indicator number 1");
	refused_mut("{\"number\": 2, \"text\": \"I2\"}", "{\"number\": \"2\", \"text\": \"I2\"}",
	    "$.themes[0].goals[0].measures[0].indicators[1].number", "expected an integer, found a string");
	refused_mut("{\"number\": 2, \"text\": \"I2\"}", "{\"number\": 2}",
	    "$.themes[0].goals[0].measures[0].indicators[1].text", "missing");
	refused_mut("\"resource_category\": \"investigate\"", "\"resource_category\": \"cheap\"",
	    "$.themes[0].goals[0].measures[0].indicators[0].resource_category", "not one of");
	refused_mut("{\"id\": \"m2\"", "{\"id\": \"m1\"", "$.themes[0].goals[0].measures[1].id", "duplicate measure id \"m1\"");
	refused_mut("\"kind\": \"existing\"", "\"kind\": \"old\"", "$.themes[0].goals[0].measures[0].kind", "not one of");
	refused_mut("{\"id\": \"m2\", \"title\": \"Tiltak 2\"}",
	    "{\"id\": \"m2\", \"title\": \"Tiltak 2\", \"indicators\": {}}",
	    "$.themes[0].goals[0].measures[1].indicators", "expected an array, found an object");
	refused_mut("\"goals\": [", "\"goals\": 7, \"x\": [", "$.themes[0].x", "unknown key");
	refused_mut("\"themes\": [", "\"themez\": [", "$.themez", "unknown key");
}

static void
duplicate_theme_and_goal_ids(void **state)
{
	(void)state;
	/* A second theme with the same id, and a second goal with the same id. */
	char *s = mutate("  ]\n}\n", "  ,{\"id\": \"t1\", \"title\": \"Igjen\", \"goals\": []}]\n}\n");
	refused(s, strlen(s), "$.themes[1].id", "duplicate theme id \"t1\"");
	free(s);
	s = mutate("  ]\n}\n", "  ,{\"id\": \"t2\", \"title\": \"T2\", \"goals\": [{\"id\": \"g1\", "
	    "\"text\": \"x\", \"measures\": []}]}]\n}\n");
	refused(s, strlen(s), "$.themes[1].goals[0].id", "duplicate goal id \"g1\"");
	free(s);
}

static void
absurd_sizes(void **state)
{
	(void)state;
	/* A 10 MB string: the file itself is over the limit. */
	size_t big = 10u * 1024 * 1024;
	char *s = malloc(big + 100);
	memcpy(s, "{\"title\": \"", 11);
	memset(s + 11, 'a', big);
	memcpy(s + 11 + big, "\"}", 3);
	refused(s, strlen(s), "$", "at most");
	free(s);
	/* A title over its own limit inside a small file. */
	char title[PLAN_TITLE_MAX + 2];
	memset(title, 'x', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	char *to = malloc(sizeof(title) + 20);
	snprintf(to, sizeof(title) + 20, "\"title\": \"%s\"", title);
	refused_mut("\"title\": \"Testplan\"", to, "$.title", "at most 500");
	free(to);
	/* Not an object at all; a byte-order mark. */
	refused("[1, 2]", 6, "$", "expected an object");
	refused("\xef\xbb\xbf{}", 5, "$", "byte-order mark");
	refused("", 0, "$", "invalid JSON");
}

/* A file of many tiny values: before parsing, the values are counted
 * and the file refused where the count passes PLAN_VALUES_MAX, so memory
 * stays bounded (a 4 MB "[{},{},…]" made jansson use about 300 MB). */
static void
too_many_values_are_refused_before_parsing(void **state)
{
	(void)state;
	size_t n = PLAN_FILE_MAX - 16;
	char *s = malloc(n + 1);
	assert_non_null(s);
	s[0] = '[';
	size_t len = 1;
	while (len + 4 < n) {
		memcpy(s + len, "{},", 3);
		len += 3;
	}
	s[len - 1] = ']';
	struct plan_error err;
	assert_null(plan_json_parse(s, len, &err));
	assert_string_equal(err.path, "$");
	char want[128];
	snprintf(want, sizeof(want), "more than %u JSON values", PLAN_VALUES_MAX);
	if (strstr(err.message, want) == NULL)
		fail_msg("got: %s", err.message);
	/* Where: the '{' that is value PLAN_VALUES_MAX + 1 ('[' is value 1). */
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1 + 3 * (PLAN_VALUES_MAX - 1) + 1);

	/* Strings, numbers and literals count; keys do not, as the
	 * objects around them are not counted twice. At the limit the file
	 * passes the count and fails on what it is. */
	len = 0;
	s[len++] = '[';
	for (unsigned i = 1; i < PLAN_VALUES_MAX; i++) {
		static const char *const v[] = {"\"\",", "0,", "true,", "null,", "-1.5e3,"};
		const char *x = v[i % 5];
		memcpy(s + len, x, strlen(x));
		len += strlen(x);
	}
	s[len - 1] = ']';
	assert_null(plan_json_parse(s, len, &err));
	assert_string_equal(err.message, "expected an object, found an array");
	memcpy(s + len - 1, ",1]", 3);
	assert_null(plan_json_parse(s, len + 2, &err));
	assert_non_null(strstr(err.message, want));
	free(s);

	/* Structural characters inside strings are text, not values. */
	char *t = mutate("\"title\": \"Testplan\"", "\"title\": \"[{[{,:,:]}]}\\\"[\"");
	assert_non_null(t);
	struct plan *p = plan_json_parse(t, strlen(t), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	assert_string_equal(p->title, "[{[{,:,:]}]}\"[");
	plan_free(p);
	free(t);
}

/* Values in a parsed JSON document, counted by jansson's own tree. */
static size_t
json_values(json_t *j)
{
	size_t n = 1;
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach(j, k, v)
			n += json_values(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			n += json_values(v);
	}
	return n;
}

/* valid with its units replaced by units (a JSON array's items; the
 * plan names test-a and ext elsewhere, so both must be there). */
static char *
with_units(const char *units)
{
	const char *from = strstr(valid, "  \"units\": [\n");
	const char *to = strstr(valid, "  ],\n  \"implementation_steps\"");
	assert_true(from && to);
	struct buf b = {0};
	buf_put(&b, valid, (size_t)(from - valid));
	buf_printf(&b, "  \"units\": [%s", units);
	buf_puts(&b, to);
	return buf_take(&b, NULL);
}

static void
refused_units(const char *units, const char *path, const char *msg)
{
	char *s = with_units(units);
	refused(s, strlen(s), path, msg);
	free(s);
}

#define UNIT_A "{\"id\": \"test-a\", \"name\": \"A\", \"kind\": \"internal\", \"organisation\": \"test\""
#define UNIT_EXT "{\"id\": \"ext\", \"name\": \"Politiet\", \"kind\": \"external\""

/* Units with parents and collective roles: parsed, exported with every
 * key (null parent, false, null applies_to where the file says nothing),
 * and an empty applies_to kept apart from none. */
static void
unit_parents_and_collective_roles(void **state)
{
	(void)state;
	char *s = with_units(
	    UNIT_A "},"
	    " {\"id\": \"test-b\", \"name\": \"B\", \"kind\": \"internal\", \"organisation\": \"test\", \"parent\": \"test-a\"},"
	    " {\"id\": \"test-c\", \"name\": \"C\", \"kind\": \"internal\", \"organisation\": \"test\", \"parent\": \"test-b\"},"
	    " {\"id\": \"test-ledere\", \"name\": \"Ledere\", \"kind\": \"internal\", \"organisation\": \"test\", \"collective\": true},"
	    " {\"id\": \"test-noen\", \"name\": \"Noen\", \"kind\": \"internal\", \"organisation\": \"test\", \"collective\": true, \"applies_to\": [\"test-c\", \"ext\"]},"
	    " {\"id\": \"test-direktorer\", \"name\": \"Direktører\", \"kind\": \"internal\", \"collective\": true, \"applies_to\": []},"
	    " " UNIT_EXT ", \"collective\": false, \"applies_to\": null}\n");
	struct plan_error err;
	struct plan *p = plan_json_parse(s, strlen(s), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	assert_int_equal(p->nunits, 7);
	assert_null(plan_unit(p, "test-a")->parent);
	assert_string_equal(plan_unit(p, "test-c")->parent, "test-b");
	const struct unit *u = plan_unit(p, "test-ledere");
	assert_true(u->collective);
	assert_false(u->applies_listed);
	u = plan_unit(p, "test-noen");
	assert_true(u->collective && u->applies_listed);
	assert_int_equal(u->napplies_to, 2);
	assert_string_equal(u->applies_to[1], "ext");
	u = plan_unit(p, "test-direktorer");
	assert_true(u->collective && u->applies_listed);
	assert_int_equal(u->napplies_to, 0);
	assert_false(plan_unit(p, "ext")->collective);

	size_t n1, n2;
	char *a = plan_json_export(p, &n1, &err);
	json_t *j = json_loadb(a, n1, 0, NULL);
	assert_non_null(j);
	assert_int_equal(plan_json_values(p), json_values(j));
	json_t *units = json_object_get(j, "units");
	json_t *first = json_array_get(units, 0);
	assert_true(json_is_null(json_object_get(first, "parent")));
	assert_true(json_is_false(json_object_get(first, "collective")));
	assert_true(json_is_null(json_object_get(first, "applies_to")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(units, 1),
	    "parent")), "test-a");
	assert_true(json_is_null(json_object_get(json_array_get(units, 3), "applies_to")));
	assert_int_equal(json_array_size(json_object_get(json_array_get(units, 4),
	    "applies_to")), 2);
	json_t *none = json_object_get(json_array_get(units, 5), "applies_to");
	assert_true(json_is_array(none) && json_array_size(none) == 0);
	json_decref(j);
	/* The keys, in the format's order. */
	assert_non_null(strstr(a, "\"organisation\": \"test\",\n      \"parent\": null,\n"
	    "      \"collective\": false,\n      \"applies_to\": null\n"));
	plan_free(p);
	p = plan_json_parse(a, n1, &err);
	assert_non_null(p);
	char *b = plan_json_export(p, &n2, &err);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
	free(s);
	plan_free(p);
}

static void
unit_parent_errors(void **state)
{
	(void)state;
	refused_units(UNIT_A ", \"parent\": \"nope\"}, " UNIT_EXT "}",
	    "$.units[0].parent", "unknown unit \"nope\" (not in $.units)");
	refused_units(UNIT_A ", \"parent\": \"test-a\"}, " UNIT_EXT "}",
	    "$.units[0].parent", "a unit cannot be its own parent");
	refused_units(UNIT_A ", \"parent\": \"Test A\"}, " UNIT_EXT "}",
	    "$.units[0].parent", "");
	refused_units(UNIT_A ", \"parent\": \"ext\"}, " UNIT_EXT ", \"parent\": \"test-a\"}",
	    "$.units[0].parent", "the parents make a cycle: test-a \u2192 ext \u2192 test-a");
	/* A cycle above the unit, not through it. */
	refused_units(UNIT_A ", \"parent\": \"x\"}, " UNIT_EXT "},"
	    " {\"id\": \"x\", \"name\": \"X\", \"kind\": \"internal\", \"parent\": \"y\"},"
	    " {\"id\": \"y\", \"name\": \"Y\", \"kind\": \"internal\", \"parent\": \"x\"}",
	    "$.units[0].parent", "the parents make a cycle: x \u2192 y \u2192 x");
	refused_units(UNIT_A ", \"parent\": \"r\"}, " UNIT_EXT "},"
	    " {\"id\": \"r\", \"name\": \"R\", \"kind\": \"internal\", \"organisation\": \"test\","
	    " \"collective\": true}",
	    "$.units[0].parent", "\"r\" is a collective role");
	/* UNIT_DEPTH_MAX levels above a unit are allowed, one more is not. */
	for (int extra = 0; extra <= 1; extra++) {
		struct buf b = {0};
		buf_puts(&b, UNIT_A ", \"parent\": \"u1\"}, " UNIT_EXT "}");
		int levels = UNIT_DEPTH_MAX + extra;
		for (int i = 1; i <= levels; i++) {
			buf_printf(&b, ", {\"id\": \"u%d\", \"name\": \"U\", \"kind\": \"internal\"", i);
			if (i < levels)
				buf_printf(&b, ", \"parent\": \"u%d\"", i + 1);
			buf_puts(&b, "}");
		}
		char *s = with_units(b.data);
		struct plan_error err;
		struct plan *p = plan_json_parse(s, strlen(s), &err);
		if (extra == 0 && p == NULL)
			fail_msg("%d levels refused: %s: %s", levels, err.path, err.message);
		if (extra == 1)
			refused(s, strlen(s), "$.units[0].parent",
			    "more than 16 levels of parent units above \"test-a\"");
		plan_free(p);
		free(s);
		buf_free(&b);
	}
}

static void
unit_collective_errors(void **state)
{
	(void)state;
	refused_units(UNIT_A ", \"collective\": \"yes\"}, " UNIT_EXT "}",
	    "$.units[0].collective", "expected true or false, found a string");
	refused_units(UNIT_A ", \"applies_to\": [\"ext\"]}, " UNIT_EXT "}",
	    "$.units[0].applies_to", "only a collective role (\"collective\": true)");
	refused_units(UNIT_A "}, " UNIT_EXT ", \"collective\": true}",
	    "$.units[1].collective", "applies to every internal unit of its organisation,"
	    " and this one has none");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": \"ext\"}, " UNIT_EXT "}",
	    "$.units[0].applies_to", "expected an array, found a string");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": [\"ext\", \"nope\"]}, "
	    UNIT_EXT "}", "$.units[0].applies_to[1]", "unknown unit \"nope\"");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": [\"test-a\"]}, "
	    UNIT_EXT "}", "$.units[0].applies_to[0]", "cannot apply to itself");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": [\"ext\", \"ext\"]}, "
	    UNIT_EXT "}", "$.units[0].applies_to[1]", "duplicate unit id \"ext\"");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": [\"ext\"]}, "
	    UNIT_EXT ", \"collective\": true, \"applies_to\": []}",
	    "$.units[0].applies_to[0]", "\"ext\" is a collective role too");
	refused_units(UNIT_A ", \"collective\": true, \"applies_to\": [7]}, " UNIT_EXT "}",
	    "$.units[0].applies_to[0]", "expected a string, found an integer");
}

/* Export writes every optional key, so a sparse file grows: the limit
 * applies to the plan written out in full, or export → import would not
 * round-trip. plan_json_values counts exactly what export writes. */
static void
export_stays_within_the_value_limit(void **state)
{
	(void)state;
	struct plan_error err;
	struct plan *p = plan_json_parse(valid, strlen(valid), &err);
	assert_non_null(p);
	size_t n;
	char *out = plan_json_export(p, &n, &err);
	json_t *j = json_loadb(out, n, 0, NULL);
	assert_non_null(j);
	assert_int_equal(plan_json_values(p), json_values(j));
	json_decref(j);
	free(out);
	plan_free(p);

	/* Indicators of two values each ({"number": N, "text": "x"}) in
	 * measures of PLAN_ITEMS_MAX: few enough values in the file, too
	 * many once every key is written. */
	struct buf b = {0};
	buf_puts(&b, "{\"format\": \"tiltak-plan/1\", \"id\": \"sparse\", \"title\": \"S\","
	    " \"period\": {\"start\": 2022}, \"status\": \"draft\","
	    " \"organisations\": [{\"id\": \"o\", \"name\": \"O\"}],"
	    " \"themes\": [{\"id\": \"t\", \"title\": \"T\", \"goals\": [{\"id\": \"g\","
	    " \"text\": \"G\", \"measures\": [");
	size_t file_values = 0;
	for (int m = 0; m < 8; m++) {
		buf_printf(&b, "%s{\"id\": \"m%d\", \"title\": \"M\", \"indicators\": [",
		    m ? ", " : "", m);
		for (int i = 1; i <= 2000; i++)
			buf_printf(&b, "%s{\"number\": %d, \"text\": \"x\"}", i > 1 ? ", " : "", i);
		buf_puts(&b, "]}");
		file_values += 4 + 2000 * 3;
	}
	buf_puts(&b, "]}]}]}");
	assert_true(file_values < PLAN_VALUES_MAX);
	refused(b.data, b.len, "$", "written out in full");
	refused(b.data, b.len, "$", "at most 50000");
	buf_free(&b);
}

static void
deep_nesting_is_refused_before_parsing(void **state)
{
	(void)state;
	char s[2 * (PLAN_DEPTH_MAX + 1) + 1];
	size_t len = 0;
	for (unsigned i = 0; i <= PLAN_DEPTH_MAX; i++)
		s[len++] = '[';
	for (unsigned i = 0; i <= PLAN_DEPTH_MAX; i++)
		s[len++] = ']';
	struct plan_error err;
	assert_null(plan_json_parse(s, len, &err));
	char want[96];
	snprintf(want, sizeof(want), "nested deeper than %u levels", PLAN_DEPTH_MAX);
	if (strstr(err.message, want) == NULL)
		fail_msg("got: %s", err.message);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, PLAN_DEPTH_MAX + 1);
	/* PLAN_DEPTH_MAX levels pass the count. */
	assert_null(plan_json_parse(s + 1, len - 2, &err));
	assert_string_equal(err.message, "expected an object, found an array");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_plan_parses),
		cmocka_unit_test(export_is_canonical_and_stable),
		cmocka_unit_test(export_refuses_invalid_utf8),
		cmocka_unit_test(syntax_errors_have_line_and_column),
		cmocka_unit_test(structure_errors_name_the_path),
		cmocka_unit_test(duplicate_theme_and_goal_ids),
		cmocka_unit_test(absurd_sizes),
		cmocka_unit_test(too_many_values_are_refused_before_parsing),
		cmocka_unit_test(deep_nesting_is_refused_before_parsing),
		cmocka_unit_test(export_stays_within_the_value_limit),
		cmocka_unit_test(unit_parents_and_collective_roles),
		cmocka_unit_test(unit_parent_errors),
		cmocka_unit_test(unit_collective_errors),
	};
	return cmocka_run_group_tests_name("plan_json", tests, NULL, NULL);
}
