/* plan_read.c — loading a whole plan with a fixed number of set-based
 * statements, whatever its size (12: the plan row, its organisations,
 * overarching goals, chapters, units, implementation steps and their
 * units, themes, goals, measures, indicators and their units). Each
 * statement returns its rows in the plan's order, so that the tree is
 * built by walking them side by side: the goals of the first theme come
 * first, then those of the second, and so on. Over a network (PostgreSQL)
 * a plan page costs 12 round trips, not one per measure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* Binds the plan id and returns the statement, or NULL. */
static struct drv_stmt *
for_plan(struct db *db, enum stmt s, const char *id)
{
	struct drv_stmt *st = q(db, s);
	if (st != NULL)
		drv_bind_text(st, 1, id);
	return st;
}

static bool
get_lists(struct db *db, struct plan *p)
{
	struct arena *a = &p->arena;
	struct drv_stmt *st;
	size_t cap;
	bool ok = true;

	st = for_plan(db, S_PLAN_ORGS, p->id);
	cap = 0;
	while (q_row(db, st, "organisations", &ok)) {
		struct organisation *o = VEC_PUSH(a, p->organisations, p->norganisations, cap);
		o->id = col_text(a, st, C_ORG_ID);
		o->name = col_text(a, st, C_ORG_NAME);
		o->logo_text = col_text(a, st, C_ORG_LOGO);
		o->accent = col_text(a, st, C_ORG_ACCENT);
	}
	if (!ok)
		return false;

	st = for_plan(db, S_PLAN_OGOALS, p->id);
	cap = 0;
	while (q_row(db, st, "overarching goals", &ok)) {
		struct overarching_goal *g = VEC_PUSH(a, p->overarching_goals,
		    p->noverarching_goals, cap);
		g->title = col_text(a, st, C_OG_TITLE);
		g->text = col_text(a, st, C_OG_TEXT);
	}
	if (!ok)
		return false;

	st = for_plan(db, S_PLAN_CHAPTERS, p->id);
	cap = 0;
	while (q_row(db, st, "chapters", &ok)) {
		struct chapter *c = VEC_PUSH(a, p->chapters, p->nchapters, cap);
		c->id = col_text(a, st, C_CH_ID);
		c->title = col_text(a, st, C_CH_TITLE);
		c->body = col_text(a, st, C_CH_BODY);
	}
	if (!ok)
		return false;

	st = for_plan(db, S_PLAN_UNITS, p->id);
	cap = 0;
	while (q_row(db, st, "units", &ok)) {
		struct unit *u = VEC_PUSH(a, p->units, p->nunits, cap);
		u->id = col_text(a, st, C_UN_ID);
		u->name = col_text(a, st, C_UN_NAME);
		u->kind = col_unit_kind(st, C_UN_KIND);
		u->organisation = col_text(a, st, C_UN_ORG);
		u->parent = col_text(a, st, C_UN_PARENT);
		u->collective = col_int(st, C_UN_COLLECTIVE) != 0;
		unit_applies_parse(a, drv_col_text(st, C_UN_APPLIES_TO), u);
	}
	if (!ok)
		return false;

	st = for_plan(db, S_PLAN_STEPS, p->id);
	cap = 0;
	while (q_row(db, st, "implementation steps", &ok)) {
		struct implementation_step *s = VEC_PUSH(a, p->steps, p->nsteps, cap);
		s->what = col_text(a, st, C_ST_WHAT);
		s->who = col_text(a, st, C_ST_WHO);
		s->when = col_text(a, st, C_ST_WHEN);
	}
	if (!ok)
		return false;

	/* Step units come ordered by step position, which is the index of
	 * the step in p->steps. */
	st = for_plan(db, S_PLAN_STEP_UNITS, p->id);
	size_t *caps = xcalloc(p->nsteps ? p->nsteps : 1, sizeof(size_t));
	while (q_row(db, st, "implementation step units", &ok)) {
		int step = col_int(st, C_SU_STEP);
		if (step < 0 || (size_t)step >= p->nsteps)
			continue;
		struct implementation_step *s = &p->steps[step];
		char **slot = VEC_PUSH(a, s->responsible, s->nresponsible, caps[step]);
		*slot = col_text(a, st, C_SU_UNIT);
	}
	free(caps);
	return ok;
}

/* The tree: themes, then goals, measures, indicators and indicator units,
 * each in the plan's order, matched to their parents by walking both. */
static bool
get_tree(struct db *db, struct plan *p)
{
	struct arena *a = &p->arena;
	bool ok = true;
	size_t cap = 0;

	struct drv_stmt *st = for_plan(db, S_PLAN_THEMES, p->id);
	while (q_row(db, st, "themes", &ok)) {
		struct theme *t = VEC_PUSH(a, p->themes, p->nthemes, cap);
		t->id = col_text(a, st, C_TH_ID);
		t->title = col_text(a, st, C_TH_TITLE);
		t->background = col_text(a, st, C_TH_BACKGROUND);
		t->challenge = col_text(a, st, C_TH_CHALLENGE);
	}
	if (!ok)
		return false;

	/* Goals: the theme index only ever moves forward. */
	size_t ti = 0;
	cap = 0;
	st = for_plan(db, S_PLAN_GOALS, p->id);
	while (q_row(db, st, "goals", &ok)) {
		const char *theme = drv_col_text(st, C_GO_THEME);
		while (ti < p->nthemes && strcmp(p->themes[ti].id, theme) != 0) {
			ti++;
			cap = 0;
		}
		if (ti == p->nthemes)
			continue; /* not expected: the rows come in the themes' order */
		struct theme *t = &p->themes[ti];
		struct goal *g = VEC_PUSH(a, t->goals, t->ngoals, cap);
		g->id = col_text(a, st, C_GO_ID);
		g->text = col_text(a, st, C_GO_TEXT);
	}
	if (!ok)
		return false;

	/* Every goal in order, to walk the measures against. */
	size_t ngoals = 0;
	for (size_t t = 0; t < p->nthemes; t++)
		ngoals += p->themes[t].ngoals;
	struct goal **goals = xcalloc(ngoals ? ngoals : 1, sizeof(*goals));
	size_t k = 0;
	for (size_t t = 0; t < p->nthemes; t++)
		for (size_t g = 0; g < p->themes[t].ngoals; g++)
			goals[k++] = &p->themes[t].goals[g];

	size_t gi = 0;
	cap = 0;
	st = for_plan(db, S_PLAN_MEASURES, p->id);
	while (q_row(db, st, "measures", &ok)) {
		const char *goal = drv_col_text(st, C_ME_GOAL);
		while (gi < ngoals && strcmp(goals[gi]->id, goal) != 0) {
			gi++;
			cap = 0;
		}
		if (gi == ngoals)
			continue;
		struct goal *g = goals[gi];
		struct measure *m = VEC_PUSH(a, g->measures, g->nmeasures, cap);
		m->id = col_text(a, st, C_ME_ID);
		m->title = col_text(a, st, C_ME_TITLE);
		const char *kind = drv_col_text(st, C_ME_KIND);
		int mk = kind ? measure_kind_parse(kind) : -1;
		m->kind = mk < 0 ? MEASURE_NEW : (enum measure_kind)mk;
		m->description = col_text(a, st, C_ME_DESCRIPTION);
	}
	size_t nmeasures = 0;
	for (size_t i = 0; i < ngoals; i++)
		nmeasures += goals[i]->nmeasures;
	struct measure **measures = xcalloc(nmeasures ? nmeasures : 1, sizeof(*measures));
	k = 0;
	for (size_t i = 0; i < ngoals; i++)
		for (size_t m = 0; m < goals[i]->nmeasures; m++)
			measures[k++] = &goals[i]->measures[m];
	free(goals);
	if (!ok) {
		free(measures);
		return false;
	}

	size_t mi = 0;
	cap = 0;
	st = for_plan(db, S_PLAN_INDICATORS, p->id);
	while (q_row(db, st, "indicators", &ok)) {
		const char *measure = drv_col_text(st, C_IN_MEASURE);
		while (mi < nmeasures && strcmp(measures[mi]->id, measure) != 0) {
			mi++;
			cap = 0;
		}
		if (mi == nmeasures)
			continue;
		struct measure *m = measures[mi];
		struct indicator *ind = VEC_PUSH(a, m->indicators, m->nindicators, cap);
		ind->number = col_int(st, C_IN_NUMBER);
		ind->text = col_text(a, st, C_IN_TEXT);
		ind->resource_note = col_text(a, st, C_IN_RESOURCE_NOTE);
		ind->resource_category = col_category(st, C_IN_CATEGORY);
		ind->responsible_note = col_text(a, st, C_IN_RESPONSIBLE_NOTE);
		ind->deadline = col_text(a, st, C_IN_DEADLINE);
	}
	if (!ok) {
		free(measures);
		return false;
	}

	/* Indicator units, walked against every indicator in order. */
	size_t nind = 0;
	for (size_t i = 0; i < nmeasures; i++)
		nind += measures[i]->nindicators;
	struct flat {
		const char       *measure;
		struct indicator *ind;
	} *flat = xcalloc(nind ? nind : 1, sizeof(*flat));
	k = 0;
	for (size_t i = 0; i < nmeasures; i++)
		for (size_t j = 0; j < measures[i]->nindicators; j++) {
			flat[k].measure = measures[i]->id;
			flat[k++].ind = &measures[i]->indicators[j];
		}
	size_t fi = 0;
	cap = 0;
	st = for_plan(db, S_PLAN_INDICATOR_UNITS, p->id);
	while (q_row(db, st, "indicator units", &ok)) {
		const char *measure = drv_col_text(st, C_IU_MEASURE);
		int number = col_int(st, C_IU_NUMBER);
		while (fi < nind && (flat[fi].ind->number != number ||
		    strcmp(flat[fi].measure, measure) != 0)) {
			fi++;
			cap = 0;
		}
		if (fi == nind)
			continue;
		struct indicator *ind = flat[fi].ind;
		char **slot = VEC_PUSH(a, ind->responsible, ind->nresponsible, cap);
		*slot = col_text(a, st, C_IU_UNIT);
	}
	free(flat);
	free(measures);
	return ok;
}

enum db_status
db_plan_get_in(struct db *db, const char *id, struct plan **out)
{
	*out = NULL;
	struct drv_stmt *st = for_plan(db, db->version >= REPORT_SCHEMA ? S_PLAN_GET :
	    S_PLAN_GET_OLD, id);
	if (st == NULL)
		return DB_ERROR;
	enum drv_step r = drv_step(st, "plan");
	if (r != DRV_ROW) {
		drv_reset(st);
		return r == DRV_DONE ? DB_NOT_FOUND : DB_ERROR;
	}
	struct plan *p = plan_new();
	struct arena *a = &p->arena;
	p->id = col_text(a, st, C_PLAN_ID);
	p->title = col_text(a, st, C_PLAN_TITLE);
	p->period_start = col_int(st, C_PLAN_START);
	p->period_end = col_int(st, C_PLAN_END);
	const char *status = drv_col_text(st, C_PLAN_STATUS);
	int s = status ? plan_status_parse(status) : -1;
	p->status = s < 0 ? PLAN_DRAFT : (enum plan_status)s;
	p->has_adoption = col_int(st, C_PLAN_HAS_ADOPTION) != 0;
	p->adoption_date = col_text(a, st, C_PLAN_ADOPTION_DATE);
	p->adoption_body = col_text(a, st, C_PLAN_ADOPTION_BODY);
	p->adoption_case = col_text(a, st, C_PLAN_ADOPTION_CASE);
	p->replaces = col_text(a, st, C_PLAN_REPLACES);
	p->replaces_title = col_text(a, st, C_PLAN_REPLACES_TITLE);
	p->report_deadline = col_text(a, st, C_PLAN_REPORT_DEADLINE);
	drv_reset(st);
	if (!get_lists(db, p) || !get_tree(db, p)) {
		plan_free(p);
		return DB_ERROR;
	}
	*out = p;
	return DB_OK;
}

enum db_status
db_plan_get(struct db *db, const char *id, struct plan **out)
{
	*out = NULL;
	/* One read transaction: the 12 statements see one moment, even
	 * while an import commits. */
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	enum db_status st = db_plan_get_in(db, id, out);
	if (!end_read(db, st != DB_ERROR)) {
		plan_free(*out);
		*out = NULL;
		return DB_ERROR;
	}
	return st;
}

enum db_status
db_plan_get_revision(struct db *db, const char *id, struct plan **out,
    struct revision_info *rev)
{
	*out = NULL;
	memset(rev, 0, sizeof(*rev));
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	enum db_status st = db_plan_get_in(db, id, out);
	struct drv_stmt *q1 = st == DB_OK ? for_plan(db, S_REVISION_LAST_INFO, id) : NULL;
	if (st == DB_OK && q1 == NULL)
		st = DB_ERROR;
	if (q1 != NULL) {
		enum drv_step r = drv_step(q1, "revision");
		if (r == DRV_ROW) {
			rev->number = col_int(q1, 0);
			const char *at = drv_col_text(q1, 1), *actor = drv_col_text(q1, 2);
			snprintf(rev->at, sizeof(rev->at), "%s", at ? at : "");
			snprintf(rev->actor, sizeof(rev->actor), "%s", actor ? actor : "");
		}
		drv_reset(q1);
		if (r == DRV_FAIL)
			st = DB_ERROR;
	}
	if (!end_read(db, st != DB_ERROR) || st == DB_ERROR) {
		plan_free(*out);
		*out = NULL;
		return DB_ERROR;
	}
	return st;
}

enum db_status
db_plan_name(struct db *db, const char *id, struct plan_name **out)
{
	*out = NULL;
	struct drv_stmt *st = for_plan(db, S_PLAN_NAME, id);
	if (st == NULL)
		return DB_ERROR;
	enum drv_step r = drv_step(st, "plan name");
	if (r != DRV_ROW) {
		drv_reset(st);
		return r == DRV_DONE ? DB_NOT_FOUND : DB_ERROR;
	}
	struct plan_name *n = xcalloc(1, sizeof(*n));
	n->id = col_text(&n->arena, st, C_PN_ID);
	n->title = col_text(&n->arena, st, C_PN_TITLE);
	n->period_start = col_int(st, C_PN_START);
	n->period_end = col_int(st, C_PN_END);
	drv_reset(st);
	*out = n;
	return DB_OK;
}

void
plan_name_free(struct plan_name *n)
{
	if (n == NULL)
		return;
	arena_free(&n->arena);
	free(n);
}
