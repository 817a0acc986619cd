/* test_counts.c — the bundled source plans are complete: the numbers of
 * themes, goals, measures and indicators, per plan and per measure, are
 * those of our own count of the source documents (shared/seeds), and the
 * transcription rules for ranges and per-number notes hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_json.h"

static struct plan *
load(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	static char data[4u << 20];
	size_t n = fread(data, 1, sizeof(data), f);
	fclose(f);
	struct plan_error err;
	struct plan *p = plan_json_parse(data, n, &err);
	if (p == NULL)
		fail_msg("%s: %s: %s", path, err.path, err.message);
	return p;
}

static void
bodo_counts(void **state)
{
	(void)state;
	struct plan *p = load("data/plans/bodo-2022-2025.json");
	struct plan_counts c;
	plan_count(p, &c);
	assert_int_equal(c.themes, 5);
	assert_int_equal(c.goals, 7);
	assert_int_equal(c.measures, 19);
	assert_int_equal(c.indicators, 103);

	/* Indicators per measure, in the order of the source (section 4). */
	static const size_t per_measure[] = {
		5,                  /* Overordnede tiltak */
		10, 2, 1, 4, 4,     /* Kunnskap og samarbeidskompetanse */
		4, 11, 4, 2, 21,    /* Forebygge */
		2, 4, 3,            /* Sikre bistand og beskyttelse */
		5, 3, 5, 7, 6,      /* Avdekke (continues past the page break) */
	};
	size_t k = 0;
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			for (size_t m = 0; m < p->themes[t].goals[g].nmeasures; m++) {
				const struct measure *me = &p->themes[t].goals[g].measures[m];
				assert_true(k < sizeof(per_measure) / sizeof(per_measure[0]));
				if (me->nindicators != per_measure[k])
					fail_msg("measure %s: %zu indicators, expected %zu",
					    me->id, me->nindicators, per_measure[k]);
				for (size_t i = 0; i < me->nindicators; i++)
					assert_int_equal(me->indicators[i].number, (int)i + 1);
				k++;
			}
	assert_int_equal(p->nsteps, 7);
	assert_int_equal(p->noverarching_goals, 3);
	/* The figure docs and limits.h quote (PLAN_VALUES_MAX). */
	assert_int_equal(plan_json_values(p), 1528);
	plan_free(p);
}

static void
bodo_ranges_and_notes(void **state)
{
	(void)state;
	struct plan *p = load("data/plans/bodo-2022-2025.json");
	/* "5-11. Ivaretas gjennom eksisterende tilbud." / "5-11. Skolehelsetjenesten" */
	const struct measure *m = plan_measure(p, "barnehage-og-skole", NULL, NULL);
	assert_non_null(m);
	for (size_t i = 4; i < 11; i++) {
		assert_string_equal(m->indicators[i].resource_note,
		    "Ivaretas gjennom eksisterende tilbud.");
		assert_int_equal(m->indicators[i].nresponsible, 1);
		assert_string_equal(m->indicators[i].responsible[0], "bodo-skolehelsetjenesten");
	}
	/* Parents: one note for the measure, own notes for 19 and 20. */
	m = plan_measure(p, "foreldre", NULL, NULL);
	assert_non_null(m);
	assert_string_equal(m->indicators[0].resource_note,
	    "Ivaretas innenfor gjeldende økonomiske rammer.");
	/* 19: "Alternativ til Vold søker Bodø kommune om midler": money the
	 * municipality must set aside, not external funding. */
	assert_int_equal(m->indicators[18].resource_category, RESOURCE_SET_ASIDE);
	assert_string_equal(m->indicators[18].responsible[0], "atv");
	assert_int_equal(m->indicators[19].resource_category, RESOURCE_EXISTING_BUDGET);
	/* "1-13. Helsestasjonene og familiesentrene" */
	for (size_t i = 0; i < 13; i++)
		assert_int_equal(m->indicators[i].nresponsible, 2);
	/* LHBTIQ: 1-3 covered, 4-7 must be investigated. */
	m = plan_measure(p, "lhbtiq", NULL, NULL);
	assert_non_null(m);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(m->indicators[i].resource_category,
		    i < 3 ? RESOURCE_EXISTING_BUDGET : RESOURCE_INVESTIGATE);
	assert_string_equal(p->id, "bodo-2022-2025");
	assert_string_equal(p->organisations[0].id, "bodo");
	plan_free(p);
}

/* Decisions about categories and units, explained in docs/data-notes.md:
 * the figures per category are pinned so that a change is deliberate. */
static void
bodo_categories_and_units(void **state)
{
	(void)state;
	struct plan *p = load("data/plans/bodo-2022-2025.json");
	size_t cats[RESOURCE_CATEGORY__MAX] = {0};
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			for (size_t m = 0; m < p->themes[t].goals[g].nmeasures; m++) {
				const struct measure *me = &p->themes[t].goals[g].measures[m];
				for (size_t i = 0; i < me->nindicators; i++)
					cats[me->indicators[i].resource_category]++;
			}
	assert_int_equal(cats[RESOURCE_EXISTING_BUDGET], 73);
	assert_int_equal(cats[RESOURCE_INVESTIGATE], 16);
	assert_int_equal(cats[RESOURCE_SET_ASIDE], 11);
	assert_int_equal(cats[RESOURCE_EXTERNAL], 1);
	assert_int_equal(cats[RESOURCE_UNKNOWN], 2);

	/* "Må utbedres" (must be improved) says nothing about money: not
	 * "must be investigated". */
	const struct measure *m = plan_measure(p, "eldre-rus-utviklingshemning", NULL, NULL);
	assert_non_null(m);
	assert_string_equal(m->indicators[3].resource_note, "Må utbedres");
	assert_int_equal(m->indicators[3].resource_category, RESOURCE_UNKNOWN);
	/* Bufdir's project money is the one external funding. */
	assert_int_equal(m->indicators[0].resource_category, RESOURCE_EXTERNAL);
	m = plan_measure(p, "voldsutsatte-dyr", NULL, NULL);
	assert_non_null(m);
	assert_string_equal(m->indicators[4].resource_note, "Må utbedres.");
	assert_int_equal(m->indicators[4].resource_category, RESOURCE_UNKNOWN);

	/* Krisesenteret i Salten is a municipal service hosted by Bodø. */
	const struct unit *u = plan_unit(p, "krisesenteret-i-salten");
	assert_non_null(u);
	assert_int_equal(u->kind, UNIT_INTERNAL);
	assert_string_equal(u->organisation, "bodo");

	/* 3.2 is the implementation table itself: no sentence about it. */
	for (size_t i = 0; i < p->nchapters; i++)
		assert_null(strstr(p->chapters[i].body, "Implementeringstabellen"));

	/* The replaced plan, by id and by the title the plan gives it. */
	assert_string_equal(p->replaces, "bodo-2017-2021");
	assert_string_equal(p->replaces_title,
	    "Handlingsplan mot vold i nære relasjoner 2017–2021");
	plan_free(p);
}

/* The collective roles and parents of docs/data-notes.md ("Collective
 * roles and units above others"). */
static void
bodo_collective_roles(void **state)
{
	(void)state;
	struct plan *p = load("data/plans/bodo-2022-2025.json");
	size_t roles = 0, parents = 0;
	for (size_t i = 0; i < p->nunits; i++) {
		roles += p->units[i].collective;
		parents += p->units[i].parent != NULL;
	}
	assert_int_equal(roles, 3);
	assert_int_equal(parents, 0);
	static const char *const org_wide[] = {"bodo-virksomhetsledere", "bodo-virksomhetene"};
	for (size_t i = 0; i < 2; i++) {
		const struct unit *u = plan_unit(p, org_wide[i]);
		assert_non_null(u);
		assert_true(u->collective);
		assert_false(u->applies_listed);
		assert_string_equal(u->organisation, "bodo");
	}
	const struct unit *k = plan_unit(p, "bodo-kommunaldirektorene");
	assert_true(k->collective && k->applies_listed);
	assert_int_equal(k->napplies_to, 0);
	assert_false(plan_unit(p, "bodo-kommunen")->collective);
	plan_free(p);
}

static void
balsfjord_counts(void **state)
{
	(void)state;
	struct plan *p = load("data/plans/balsfjord-2017.json");
	struct plan_counts c;
	plan_count(p, &c);
	assert_int_equal(c.themes, 6);
	assert_int_equal(c.goals, 6);
	assert_int_equal(c.measures, 46);
	assert_int_equal(c.indicators, 0);
	/* Existing and proposed measures per satsingsområde. */
	static const size_t existing[] = {3, 4, 3, 5, 3, 4};
	static const size_t proposed[] = {5, 3, 5, 3, 2, 6};
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		assert_non_null(th->background);
		assert_non_null(th->challenge);
		size_t e = 0, pr = 0;
		for (size_t g = 0; g < th->ngoals; g++)
			for (size_t m = 0; m < th->goals[g].nmeasures; m++) {
				enum measure_kind k = th->goals[g].measures[m].kind;
				e += k == MEASURE_EXISTING;
				pr += k == MEASURE_PROPOSED;
			}
		if (e != existing[t] || pr != proposed[t])
			fail_msg("theme %s: %zu existing, %zu proposed; expected %zu, %zu",
			    th->id, e, pr, existing[t], proposed[t]);
	}
	assert_string_equal(p->organisations[0].id, "balsfjord");
	plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bodo_counts),
		cmocka_unit_test(bodo_ranges_and_notes),
		cmocka_unit_test(bodo_categories_and_units),
		cmocka_unit_test(bodo_collective_roles),
		cmocka_unit_test(balsfjord_counts),
	};
	return cmocka_run_group_tests_name("counts", tests, NULL, NULL);
}
