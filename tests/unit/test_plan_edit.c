/* test_plan_edit.c — changing a plan in memory (domain/plan_edit.h):
 * finding, adding, moving and removing items of every kind, ids made
 * from titles, and the check that an edited plan is one the importer
 * accepts, so that it exports and imports again unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_edit.h"
#include "domain/plan_json.h"

static const char plan_text[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"p\", \"title\": \"Plan\","
" \"period\": {\"start\": 2022, \"end\": 2025}, \"status\": \"draft\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"overarching_goals\": [{\"title\": \"O1\", \"text\": \"x\"},"
"                         {\"title\": \"O2\", \"text\": \"y\"}],"
" \"chapters\": [{\"id\": \"forord\", \"title\": \"Forord\", \"body\": \"x\"},"
"                {\"id\": \"mandat\", \"title\": \"Mandat\", \"body\": \"y\"}],"
" \"units\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"            {\"id\": \"b\", \"name\": \"B\", \"kind\": \"external\"}],"
" \"implementation_steps\": [{\"what\": \"S1\", \"who\": \"W\", \"responsible\": [\"a\", \"b\"]},"
"                           {\"what\": \"S2\", \"who\": \"W\", \"responsible\": [\"b\"]}],"
" \"themes\": ["
"  {\"id\": \"t1\", \"title\": \"T1\", \"goals\": [{\"id\": \"g1\", \"text\": \"G1\", \"measures\": ["
"    {\"id\": \"m1\", \"title\": \"M1\", \"indicators\": ["
"      {\"number\": 1, \"text\": \"I1\", \"responsible\": [\"a\"]},"
"      {\"number\": 3, \"text\": \"I3\", \"responsible\": [\"a\", \"b\"]}]},"
"    {\"id\": \"m2\", \"title\": \"M2\"}]}]},"
"  {\"id\": \"t2\", \"title\": \"T2\", \"goals\": [{\"id\": \"g2\", \"text\": \"G2\", \"measures\": []}]}"
" ]}";

static struct plan *
load(void)
{
	struct plan_error err;
	struct plan *p = plan_json_parse(plan_text, strlen(plan_text), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	return p;
}

static void
slugs(void **state)
{
	(void)state;
	static const struct {
		const char *title, *id;
	} cases[] = {
		{"Forebygging av vold", "forebygging-av-vold"},
		{"Økonomisk vold – Æ Ø Å", "okonomisk-vold-ae-o-a"},
		{"  «Trygg» hjem!  ", "trygg-hjem"},
		{"Barnehus/Statens barnehus", "barnehus-statens-barnehus"},
		{"Café Süd", "cafe-sud"},
		{"Árbmugasvuohta čálli", "arbmugasvuohta-calli"},
		{"§ 12 – 3.", "12-3"},
		{"!!!", ""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[PLAN_ID_MAX + 1];
		plan_slug(cases[i].title, out, sizeof(out));
		if (strcmp(out, cases[i].id) != 0)
			fail_msg("\"%s\": \"%s\", expected \"%s\"", cases[i].title, out, cases[i].id);
	}
	/* A long title is cut between words, within the limit. */
	char out[PLAN_ID_MAX + 1];
	plan_slug("Tverrfaglig samarbeid mellom barneverntjenesten, helsestasjonene "
	    "og skolene i kommunen", out, sizeof(out));
	assert_true(strlen(out) <= PLAN_ID_MAX);
	assert_string_equal(out, "tverrfaglig-samarbeid-mellom-barneverntjenesten-helsestasjonene");
	plan_slug(NULL, out, sizeof(out));
	assert_string_equal(out, "");
}

static bool
taken_outside(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "nytt") == 0;
}

static void
new_ids_are_unique(void **state)
{
	(void)state;
	struct plan *p = load();
	char id[PLAN_ID_MAX + 1];
	plan_edit_new_id(p, EDIT_THEME, "T1", NULL, NULL, NULL, id);
	assert_string_equal(id, "t1-2");
	plan_edit_new_id(p, EDIT_GOAL, "G1", NULL, NULL, NULL, id);
	assert_string_equal(id, "g1-2");
	plan_edit_new_id(p, EDIT_MEASURE, "T1", NULL, NULL, NULL, id);
	assert_string_equal(id, "t1");   /* themes and measures have their own ids */
	plan_edit_new_id(p, EDIT_CHAPTER, "???", NULL, NULL, NULL, id);
	assert_string_equal(id, "chapter");
	plan_edit_new_id(p, EDIT_UNIT, "Barnevern", "oslo", NULL, NULL, id);
	assert_string_equal(id, "oslo-barnevern");
	plan_edit_new_id(p, EDIT_UNIT, "Oslo barnevern", "oslo", NULL, NULL, id);
	assert_string_equal(id, "oslo-barnevern");
	plan_edit_new_id(NULL, EDIT_THEME, "Nytt", NULL, taken_outside, NULL, id);
	assert_string_equal(id, "nytt-2");
	/* At the limit the suffix still fits. */
	char title[200];
	memset(title, 'x', 100);
	title[100] = '\0';
	plan_edit_new_id(p, EDIT_THEME, title, NULL, NULL, NULL, id);
	assert_int_equal(strlen(id), PLAN_ID_MAX);
	struct edit_ref ref;
	struct theme *t = plan_edit_add(p, EDIT_THEME, NULL, &ref);
	t->id = id;
	t->title = "X";
	char id2[PLAN_ID_MAX + 1];
	plan_edit_new_id(p, EDIT_THEME, title, NULL, NULL, NULL, id2);
	assert_int_equal(strlen(id2), PLAN_ID_MAX);
	assert_string_equal(id2 + PLAN_ID_MAX - 2, "-2");
	plan_free(p);
}

static void
finding(void **state)
{
	(void)state;
	struct plan *p = load();
	struct edit_ref r;
	assert_true(plan_edit_find(p, EDIT_THEME, "t2", 0, &r));
	assert_int_equal(r.index, 1);
	assert_true(plan_edit_find(p, EDIT_GOAL, "g2", 0, &r));
	assert_int_equal(r.theme, 1);
	assert_true(plan_edit_find(p, EDIT_MEASURE, "m2", 0, &r));
	assert_int_equal(r.index, 1);
	assert_true(plan_edit_find(p, EDIT_INDICATOR, "m1", 3, &r));
	assert_int_equal(r.index, 1);
	assert_string_equal(((struct indicator *)plan_edit_item(p, &r))->text, "I3");
	assert_false(plan_edit_find(p, EDIT_INDICATOR, "m1", 2, &r));
	assert_false(plan_edit_find(p, EDIT_INDICATOR, "m2", 1, &r));
	assert_true(plan_edit_find(p, EDIT_STEP, NULL, 2, &r));
	assert_string_equal(((struct implementation_step *)plan_edit_item(p, &r))->what, "S2");
	assert_false(plan_edit_find(p, EDIT_STEP, NULL, 3, &r));
	assert_false(plan_edit_find(p, EDIT_STEP, NULL, 0, &r));
	/* Overarching goals are found by their place too. */
	assert_true(plan_edit_find(p, EDIT_OVERARCHING, NULL, 2, &r));
	assert_string_equal(((struct overarching_goal *)plan_edit_item(p, &r))->title, "O2");
	assert_int_equal(plan_edit_siblings(p, &r), 2);
	assert_false(plan_edit_find(p, EDIT_OVERARCHING, NULL, 3, &r));
	assert_false(plan_edit_find(p, EDIT_OVERARCHING, NULL, 0, &r));
	assert_false(plan_edit_id_taken(p, EDIT_OVERARCHING, "O1"));
	assert_true(plan_edit_find(p, EDIT_CHAPTER, "mandat", 0, &r));
	assert_true(plan_edit_find(p, EDIT_UNIT, "b", 0, &r));
	assert_false(plan_edit_find(p, EDIT_UNIT, "c", 0, &r));
	assert_false(plan_edit_find(p, EDIT_THEME, NULL, 0, &r));
	assert_true(plan_edit_number_taken(p, &r, 0) == false);
	assert_true(plan_edit_find(p, EDIT_MEASURE, "m1", 0, &r));
	assert_true(plan_edit_number_taken(p, &r, 3));
	assert_false(plan_edit_number_taken(p, &r, 2));
	assert_int_equal(plan_edit_next_number(p, &r), 4);
	assert_true(plan_edit_find(p, EDIT_MEASURE, "m2", 0, &r));
	assert_int_equal(plan_edit_next_number(p, &r), 1);
	for (int k = 0; k < EDIT_KIND__MAX; k++)
		assert_int_equal(edit_kind_parse(edit_kind_name((enum edit_kind)k)), k);
	assert_int_equal(edit_kind_parse("plan"), -1);
	plan_free(p);
}

/* The plan's export, for comparing. */
static char *
export(const struct plan *p)
{
	struct plan_error err;
	char *s = plan_json_export(p, NULL, &err);
	assert_non_null(s);
	return s;
}

static void
adding_moving_removing(void **state)
{
	(void)state;
	struct plan *p = load();
	struct edit_ref parent, r;
	/* A goal under the second theme, a measure under it, an indicator. */
	assert_true(plan_edit_find(p, EDIT_THEME, "t2", 0, &parent));
	struct goal *g = plan_edit_add(p, EDIT_GOAL, &parent, &r);
	g->id = "g3";
	g->text = "G3";
	assert_int_equal(r.theme, 1);
	assert_int_equal(r.index, 1);
	struct measure *m = plan_edit_add(p, EDIT_MEASURE, &r, &r);
	m->id = "m3";
	m->title = "M3";
	struct indicator *ind = plan_edit_add(p, EDIT_INDICATOR, &r, &r);
	ind->number = 1;
	ind->text = "Ny";
	struct plan_error err;
	if (!plan_check(p, &err))
		fail_msg("%s: %s", err.path, err.message);
	assert_true(plan_edit_find(p, EDIT_INDICATOR, "m3", 1, &r));
	assert_int_equal(r.theme, 1);
	assert_int_equal(r.goal, 1);

	/* Move the second chapter first, and back. */
	assert_true(plan_edit_find(p, EDIT_CHAPTER, "mandat", 0, &r));
	plan_edit_move(p, &r, 0);
	assert_int_equal(r.index, 0);
	assert_string_equal(p->chapters[0].id, "mandat");
	assert_string_equal(p->chapters[1].id, "forord");
	plan_edit_move(p, &r, 99);   /* clamped to the end */
	assert_string_equal(p->chapters[1].id, "mandat");
	/* Three themes: the first to the end, and the others keep order. */
	struct theme *t = plan_edit_add(p, EDIT_THEME, NULL, &r);
	t->id = "t3";
	t->title = "T3";
	assert_true(plan_edit_find(p, EDIT_THEME, "t1", 0, &r));
	plan_edit_move(p, &r, 2);
	assert_string_equal(p->themes[0].id, "t2");
	assert_string_equal(p->themes[1].id, "t3");
	assert_string_equal(p->themes[2].id, "t1");
	assert_true(plan_check(p, &err));

	/* Removing a unit takes it out of every list that names it. */
	assert_true(plan_edit_find(p, EDIT_UNIT, "a", 0, &r));
	struct edit_contents c;
	plan_edit_contents(p, &r, &c);
	assert_int_equal(c.unit_indicators, 2);
	assert_int_equal(c.unit_steps, 1);
	plan_edit_remove(p, &r);
	assert_int_equal(p->nunits, 1);
	assert_int_equal(p->steps[0].nresponsible, 1);
	assert_string_equal(p->steps[0].responsible[0], "b");
	assert_true(plan_check(p, &err));
	char *json = export(p);
	assert_null(strstr(json, "\"a\""));
	free(json);

	/* Removing a theme takes its goals, measures and indicators. */
	assert_true(plan_edit_find(p, EDIT_THEME, "t1", 0, &r));
	plan_edit_contents(p, &r, &c);
	assert_int_equal(c.goals, 1);
	assert_int_equal(c.measures, 2);
	assert_int_equal(c.indicators, 2);
	plan_edit_remove(p, &r);
	assert_int_equal(p->nthemes, 2);
	assert_false(plan_edit_find(p, EDIT_MEASURE, "m1", 0, &r));
	/* An overarching goal: added, moved first, the other removed. */
	struct overarching_goal *og = plan_edit_add(p, EDIT_OVERARCHING, NULL, &r);
	og->title = "O3";
	og->text = "z";
	assert_int_equal(r.index, 2);
	plan_edit_move(p, &r, 0);
	assert_true(plan_edit_find(p, EDIT_OVERARCHING, NULL, 2, &r));
	plan_edit_contents(p, &r, &c);
	assert_int_equal(c.goals + c.measures + c.indicators, 0);
	plan_edit_remove(p, &r);
	assert_int_equal(p->noverarching_goals, 2);
	assert_string_equal(p->overarching_goals[0].title, "O3");
	assert_string_equal(p->overarching_goals[1].title, "O2");
	assert_true(plan_check(p, &err));
	/* A step, an indicator, a chapter. */
	assert_true(plan_edit_find(p, EDIT_STEP, NULL, 1, &r));
	plan_edit_remove(p, &r);
	assert_string_equal(p->steps[0].what, "S2");
	assert_true(plan_edit_find(p, EDIT_INDICATOR, "m3", 1, &r));
	plan_edit_remove(p, &r);
	assert_true(plan_edit_find(p, EDIT_MEASURE, "m3", 0, &r));
	assert_int_equal(((struct measure *)plan_edit_item(p, &r))->nindicators, 0);
	assert_true(plan_edit_find(p, EDIT_CHAPTER, "forord", 0, &r));
	plan_edit_remove(p, &r);
	assert_int_equal(p->nchapters, 1);
	assert_true(plan_check(p, &err));

	/* The edited plan exports, imports and exports again to the same. */
	json = export(p);
	struct plan *back = plan_json_parse(json, strlen(json), &err);
	assert_non_null(back);
	char *again = export(back);
	assert_string_equal(json, again);
	free(json);
	free(again);
	plan_free(back);
	plan_free(p);
}

static void
check_refuses_what_import_refuses(void **state)
{
	(void)state;
	struct plan *p = load();
	struct edit_ref r;
	struct plan_error err;
	/* A duplicate id. */
	struct theme *t = plan_edit_add(p, EDIT_THEME, NULL, &r);
	t->id = "t1";
	t->title = "Again";
	assert_false(plan_check(p, &err));
	assert_string_equal(err.path, "$.themes[2].id");
	t->id = "t9";
	assert_true(plan_check(p, &err));
	/* A responsible unit the plan does not have. */
	assert_true(plan_edit_find(p, EDIT_INDICATOR, "m1", 1, &r));
	struct indicator *ind = plan_edit_item(p, &r);
	ind->responsible[0] = "nobody";
	assert_false(plan_check(p, &err));
	assert_non_null(strstr(err.message, "unknown unit"));
	ind->responsible[0] = "a";
	/* A unit of an organisation that does not own the plan. */
	p->units[0].organisation = "bergen";
	assert_false(plan_check(p, &err));
	assert_string_equal(err.path, "$.units[0].organisation");
	plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slugs),
		cmocka_unit_test(new_ids_are_unique),
		cmocka_unit_test(finding),
		cmocka_unit_test(adding_moving_removing),
		cmocka_unit_test(check_refuses_what_import_refuses),
	};
	return cmocka_run_group_tests_name("plan_edit", tests, NULL, NULL);
}
