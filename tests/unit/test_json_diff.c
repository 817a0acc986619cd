/* test_json_diff.c — what changed between two versions of a plan's JSON
 * (domain/json_diff.h): things with an id or a number matched wherever
 * they are, added, removed, changed (which fields) and reordered; other
 * values compared whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/json_diff.h"

static const char v1[] =
"{\"id\": \"p\", \"title\": \"Plan\", \"period\": {\"start\": 2022, \"end\": 2025},"
" \"units\": [{\"id\": \"u1\", \"name\": \"Barnevern\"}, {\"id\": \"u2\", \"name\": \"Politi\"}],"
" \"implementation_steps\": [{\"what\": \"A\"}],"
" \"themes\": ["
"  {\"id\": \"t1\", \"title\": \"Forebygge\", \"goals\": [{\"id\": \"g1\", \"text\": \"Mål\", \"measures\": ["
"    {\"id\": \"m1\", \"title\": \"Kurs\", \"indicators\": ["
"      {\"number\": 1, \"text\": \"Fagdag\", \"responsible\": [\"u1\"]},"
"      {\"number\": 2, \"text\": \"Kurs\", \"responsible\": [\"u1\"]}]},"
"    {\"id\": \"m2\", \"title\": \"Koordinator\"}]}]},"
"  {\"id\": \"t2\", \"title\": \"Avdekke\", \"goals\": []}]}";

/* m1 renamed, indicator 1 given another unit, indicator 3 added to m1,
 * indicator 2 gone; m2 before m1; theme t2 gone, t3 added; a unit
 * renamed; the steps changed. */
static const char v2[] =
"{\"id\": \"p\", \"title\": \"Plan\", \"period\": {\"start\": 2022, \"end\": 2025},"
" \"units\": [{\"id\": \"u1\", \"name\": \"Barneverntjenesten\"}, {\"id\": \"u2\", \"name\": \"Politi\"}],"
" \"implementation_steps\": [{\"what\": \"B\"}],"
" \"themes\": ["
"  {\"id\": \"t1\", \"title\": \"Forebygge\", \"goals\": [{\"id\": \"g1\", \"text\": \"Mål\", \"measures\": ["
"    {\"id\": \"m2\", \"title\": \"Koordinator\"},"
"    {\"id\": \"m1\", \"title\": \"Kurs for alle\", \"indicators\": ["
"      {\"number\": 1, \"text\": \"Fagdag\", \"responsible\": [\"u1\", \"u2\"]},"
"      {\"number\": 3, \"text\": \"Ny\"}]}]}]},"
"  {\"id\": \"t3\", \"title\": \"Beskytte\"}]}";

/* The item for (kind, key), or fails. */
static const struct diff_item *
item(const struct json_diff *d, const char *kind, const char *key)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_item *it = &d->items[i];
		if ((kind == NULL ? it->kind == NULL : it->kind && strcmp(it->kind, kind) == 0) &&
		    (key == NULL ? it->key == NULL : it->key && strcmp(it->key, key) == 0))
			return it;
	}
	fail_msg("no item %s %s", kind ? kind : "(document)", key ? key : "");
	return NULL;
}

/* The fields of a changed item as "a,b(order)". */
static const char *
fields(const struct diff_item *it)
{
	static char buf[200];
	buf[0] = '\0';
	for (size_t i = 0; i < it->nfields; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s%s", i ? "," : "",
		    it->fields[i].name, it->fields[i].order ? "(order)" : "");
	return buf;
}

static void
plan_versions(void **state)
{
	(void)state;
	int which;
	struct json_diff *d = json_diff_texts(v1, v2, &which);
	assert_non_null(d);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "# %d %s %s (%s %s) %s: %s\n", d->items[i].change,
		    d->items[i].kind ? d->items[i].kind : "-", d->items[i].key ? d->items[i].key : "-",
		    d->items[i].parent_kind ? d->items[i].parent_kind : "-",
		    d->items[i].parent_key ? d->items[i].parent_key : "-",
		    d->items[i].label ? d->items[i].label : "-", fields(&d->items[i]));
	assert_int_equal(d->n, 9);
	const struct diff_item *it = item(d, NULL, NULL);
	assert_int_equal(it->change, DIFF_CHANGED);
	assert_string_equal(fields(it), "implementation_steps");
	it = item(d, "units", "u1");
	assert_int_equal(it->change, DIFF_CHANGED);
	assert_string_equal(fields(it), "name");
	assert_string_equal(it->label, "Barneverntjenesten");
	assert_null(it->parent_kind);
	it = item(d, "goals", "g1");
	assert_string_equal(fields(it), "measures(order)");
	assert_string_equal(it->parent_kind, "themes");
	assert_string_equal(it->parent_key, "t1");
	it = item(d, "measures", "m1");
	assert_int_equal(it->change, DIFF_CHANGED);
	assert_string_equal(fields(it), "title");
	assert_string_equal(it->label, "Kurs for alle");
	assert_string_equal(it->parent_key, "g1");
	it = item(d, "indicators", "1");
	assert_int_equal(it->change, DIFF_CHANGED);
	assert_string_equal(fields(it), "responsible");
	assert_string_equal(it->parent_kind, "measures");
	assert_string_equal(it->parent_key, "m1");
	assert_int_equal(item(d, "indicators", "3")->change, DIFF_ADDED);
	assert_int_equal(item(d, "indicators", "2")->change, DIFF_REMOVED);
	assert_string_equal(item(d, "indicators", "2")->label, "Kurs");
	assert_int_equal(item(d, "themes", "t3")->change, DIFF_ADDED);
	assert_int_equal(item(d, "themes", "t2")->change, DIFF_REMOVED);
	assert_string_equal(item(d, "themes", "t2")->label, "Avdekke");
	/* The theme holding them did not change itself. */
	for (size_t i = 0; i < d->n; i++)
		assert_false(d->items[i].kind && strcmp(d->items[i].kind, "themes") == 0 &&
		    strcmp(d->items[i].key, "t1") == 0);
	/* A parent comes before what is inside it. */
	assert_true(item(d, "measures", "m1") < item(d, "indicators", "1"));
	json_diff_free(d);

	/* The same document twice: nothing. */
	d = json_diff_texts(v2, v2, &which);
	assert_non_null(d);
	assert_int_equal(d->n, 0);
	json_diff_free(d);
	/* Back again: added and removed swap. */
	d = json_diff_texts(v2, v1, &which);
	assert_int_equal(item(d, "themes", "t2")->change, DIFF_ADDED);
	assert_int_equal(item(d, "indicators", "2")->change, DIFF_ADDED);
	json_diff_free(d);
}

static void
not_objects(void **state)
{
	(void)state;
	int which = -1;
	assert_null(json_diff_texts("[1]", v1, &which));
	assert_int_equal(which, 0);
	assert_null(json_diff_texts(v1, "{", &which));
	assert_int_equal(which, 1);
	assert_null(json_diff_texts(NULL, v1, &which));
	assert_int_equal(which, 0);
	/* Lists of things without identity, or of mixed keys, are values. */
	struct json_diff *d = json_diff_texts("{\"a\": [{\"id\": \"x\"}, {\"n\": 1}]}",
	    "{\"a\": [{\"id\": \"x\"}]}", &which);
	assert_int_equal(d->n, 1);
	assert_string_equal(fields(&d->items[0]), "a");
	json_diff_free(d);
	d = json_diff_texts("{\"a\": 1}", "{\"b\": 1}", &which);
	assert_int_equal(d->n, 1);
	assert_string_equal(fields(&d->items[0]), "a,b");
	json_diff_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plan_versions),
		cmocka_unit_test(not_objects),
	};
	return cmocka_run_group_tests_name("json_diff", tests, NULL, NULL);
}
