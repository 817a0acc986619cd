/* plan_json.c — reads and writes the plan interchange format with jansson.
 *
 * Parsing is strict (docs/plan-format.md): unknown keys, duplicate keys,
 * wrong types, dangling unit references, and every value the validator
 * table (valid.h) refuses — bad ids and dates, control characters,
 * oversized text — are refused with the JSON path of the offending
 * value. The first problem stops the parse. */
#include "domain/plan_json.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/json_read.h"
#include "domain/valid.h"
#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Parsing and export: the path and the error (json_read.h), and the plan
 * being read (NULL in export). */
struct ctx {
	struct json_read  r;
	struct plan      *plan;
};

/* How plans have always worded and limited things (json_read.h). */
static const struct json_read_dialect plan_dialect = {
	.max_bytes = PLAN_FILE_MAX, .max_bytes_of = "", .files = "plan files",
	.column_chars = false, .missing_by_key = false, .check_msg_size = 256,
};

/* Refuses a second occurrence of id among ids[0..n). */
static void
check_unique(struct ctx *c, const char *const *ids, size_t n, const char *id, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] && id && strcmp(ids[i], id) == 0) {
			json_read_fail(&c->r, "duplicate %s id \"%s\"", what, id);
			return;
		}
}

/* Reads a list of unit ids that must all be in the plan's units. */
static char **
get_unit_refs(struct ctx *c, json_t *obj, const char *key, size_t *n)
{
	struct json_read *r = &c->r;
	json_t *arr = json_read_array(r, obj, key, PLAN_ITEMS_MAX, false, n);
	if (arr == NULL)
		return NULL;
	char **ids = arena_array(&c->plan->arena, *n, sizeof(char *));
	size_t old = json_read_push_key(r, key);
	for (size_t i = 0; i < *n && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		ids[i] = json_read_string(r, json_array_get(arr, i), VALID_ID);
		if (ids[i] && plan_unit(c->plan, ids[i]) == NULL)
			json_read_fail(r, "unknown unit \"%s\" (not in $.units)", ids[i]);
		if (!r->failed)
			check_unique(c, (const char *const *)ids, i, ids[i], "responsible unit");
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	return ids;
}

/* Collected ids for plan-wide uniqueness checks. */
struct idset {
	const char **ids;
	size_t  n, cap;
};

static void
idset_add(struct ctx *c, struct idset *s, const char *id, const char *what)
{
	if (id == NULL || c->r.failed)
		return;
	check_unique(c, s->ids, s->n, id, what);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ids = xrealloc(s->ids, s->cap * sizeof(char *));
	}
	s->ids[s->n++] = id;
}

static void
parse_indicator(struct ctx *c, json_t *v, struct indicator *ind)
{
	struct json_read *r = &c->r;
	static const char *const keys[] = {"number", "text", "resource_note",
	    "resource_category", "responsible", "responsible_note", "deadline", NULL};
	if (!json_read_object(r, v, keys))
		return;
	ind->number = json_read_int(r, v, "number", VALID_INDICATOR_NUMBER, 0,
	    true);
	ind->text = json_read_text(r, v, "text", VALID_LINE, true);
	ind->resource_note = json_read_text(r, v, "resource_note", VALID_LINE, false);
	ind->resource_category = json_read_enum(r, v, "resource_category",
	    VALID_RESOURCE_CATEGORY, RESOURCE_UNKNOWN, false);
	ind->responsible = get_unit_refs(c, v, "responsible", &ind->nresponsible);
	ind->responsible_note = json_read_text(r, v, "responsible_note", VALID_LINE,
	    false);
	ind->deadline = json_read_text(r, v, "deadline", VALID_DATE, false);
}

static void
parse_measure(struct ctx *c, json_t *v, struct measure *m, struct idset *ids)
{
	struct json_read *r = &c->r;
	static const char *const keys[] = {"id", "title", "kind", "description",
	    "indicators", NULL};
	if (!json_read_object(r, v, keys))
		return;
	m->id = json_read_text(r, v, "id", VALID_ID, true);
	{
		size_t old = json_read_push_key(r, "id");
		idset_add(c, ids, m->id, "measure");
		json_read_pop(r, old);
	}
	m->title = json_read_text(r, v, "title", VALID_LINE, true);
	m->kind = json_read_enum(r, v, "kind", VALID_MEASURE_KIND, MEASURE_NEW, false);
	m->description = json_read_text(r, v, "description", VALID_MARKDOWN, false);
	json_t *arr = json_read_array(r, v, "indicators", PLAN_ITEMS_MAX, false,
	    &m->nindicators);
	m->indicators = arena_array(&c->plan->arena, m->nindicators, sizeof(*m->indicators));
	size_t old = json_read_push_key(r, "indicators");
	for (size_t i = 0; i < m->nindicators && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		parse_indicator(c, json_array_get(arr, i), &m->indicators[i]);
		for (size_t j = 0; j < i && !r->failed; j++)
			if (m->indicators[j].number == m->indicators[i].number) {
				size_t o3 = json_read_push_key(r, "number");
				json_read_fail(r, "duplicate indicator number %d in this measure",
				    m->indicators[i].number);
				json_read_pop(r, o3);
			}
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

static void
parse_goal(struct ctx *c, json_t *v, struct goal *g, struct idset *goal_ids,
    struct idset *measure_ids)
{
	struct json_read *r = &c->r;
	static const char *const keys[] = {"id", "text", "measures", NULL};
	if (!json_read_object(r, v, keys))
		return;
	g->id = json_read_text(r, v, "id", VALID_ID, true);
	{
		size_t old = json_read_push_key(r, "id");
		idset_add(c, goal_ids, g->id, "goal");
		json_read_pop(r, old);
	}
	g->text = json_read_text(r, v, "text", VALID_LINE, true);
	json_t *arr = json_read_array(r, v, "measures", PLAN_ITEMS_MAX, true, &g->nmeasures);
	g->measures = arena_array(&c->plan->arena, g->nmeasures, sizeof(*g->measures));
	size_t old = json_read_push_key(r, "measures");
	for (size_t i = 0; i < g->nmeasures && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		parse_measure(c, json_array_get(arr, i), &g->measures[i], measure_ids);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

static void
parse_theme(struct ctx *c, json_t *v, struct theme *t, struct idset *theme_ids,
    struct idset *goal_ids, struct idset *measure_ids)
{
	struct json_read *r = &c->r;
	static const char *const keys[] = {"id", "title", "background",
	    "challenge", "goals", NULL};
	if (!json_read_object(r, v, keys))
		return;
	t->id = json_read_text(r, v, "id", VALID_ID, true);
	{
		size_t old = json_read_push_key(r, "id");
		idset_add(c, theme_ids, t->id, "theme");
		json_read_pop(r, old);
	}
	t->title = json_read_text(r, v, "title", VALID_TITLE, true);
	t->background = json_read_text(r, v, "background", VALID_MARKDOWN, false);
	t->challenge = json_read_text(r, v, "challenge", VALID_MARKDOWN, false);
	json_t *arr = json_read_array(r, v, "goals", PLAN_ITEMS_MAX, true, &t->ngoals);
	t->goals = arena_array(&c->plan->arena, t->ngoals, sizeof(*t->goals));
	size_t old = json_read_push_key(r, "goals");
	for (size_t i = 0; i < t->ngoals && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		parse_goal(c, json_array_get(arr, i), &t->goals[i], goal_ids, measure_ids);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

static bool
has_organisation(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->norganisations; i++)
		if (strcmp(p->organisations[i].id, id) == 0)
			return true;
	return false;
}

/* The ids of a unit's applies_to: present (an array, perhaps empty) sets
 * u->applies_listed. Each must be a unit id; what they name is checked
 * once every unit is read (check_applies_to). */
static void
get_applies_to(struct ctx *c, json_t *v, struct unit *u)
{
	struct json_read *r = &c->r;
	json_t *a = json_object_get(v, "applies_to");
	if (r->failed || a == NULL || json_is_null(a))
		return;
	json_t *arr = json_read_array(r, v, "applies_to", PLAN_ITEMS_MAX, false,
	    &u->napplies_to);
	if (arr == NULL)
		return;
	u->applies_listed = true;
	u->applies_to = arena_array(&c->plan->arena, u->napplies_to, sizeof(char *));
	size_t old = json_read_push_key(r, "applies_to");
	for (size_t i = 0; i < u->napplies_to && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		u->applies_to[i] = json_read_string(r, json_array_get(arr, i), VALID_ID);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

/* The path of units from u up its parents, for a message:
 * "a → b → a". */
static void
parent_path(const struct plan *p, const struct unit *u, size_t steps, char *out,
    size_t outsz)
{
	size_t off = 0;
	out[0] = '\0';
	for (size_t i = 0; u && i <= steps && off < outsz; i++) {
		int n = snprintf(out + off, outsz - off, "%s%s", i ? " \u2192 " : "", u->id);
		if (n < 0)
			break;
		off += (size_t)n;
		u = u->parent ? plan_unit(p, u->parent) : NULL;
	}
}

/* A unit's parent: a unit of the plan, not a collective role, and no
 * cycle or chain deeper than UNIT_DEPTH_MAX above it. */
static void
check_parent(struct ctx *c, const struct unit *u)
{
	struct json_read *r = &c->r;
	const struct plan *p = c->plan;
	const struct unit *parent = plan_unit(p, u->parent);
	size_t old = json_read_push_key(r, "parent");
	if (parent == NULL) {
		json_read_fail(r, "unknown unit \"%s\" (not in $.units)", u->parent);
	} else if (parent == u) {
		json_read_fail(r, "a unit cannot be its own parent");
	} else if (parent->collective) {
		json_read_fail(r, "\"%s\" is a collective role; a parent is a unit other units "
		    "are part of", u->parent);
	} else {
		/* Walk up, remembering each unit: a unit met twice is a cycle
		 * (perhaps above u), and u with UNIT_DEPTH_MAX units above it
		 * is as deep as a unit may be. */
		const struct unit *seen[UNIT_DEPTH_MAX + 1];
		size_t n = 0;
		char path[300];
		for (const struct unit *at = u; at && !r->failed;
		    at = at->parent ? plan_unit(p, at->parent) : NULL) {
			for (size_t k = 0; k < n && !r->failed; k++)
				if (seen[k] == at) {
					parent_path(p, at, n - k, path, sizeof(path));
					json_read_fail(r, "the parents make a cycle: %s", path);
				}
			if (!r->failed && n == UNIT_DEPTH_MAX + 1)
				json_read_fail(r, "more than %d levels of parent units above "
				    "\"%s\"", UNIT_DEPTH_MAX, u->id);
			if (n <= UNIT_DEPTH_MAX)
				seen[n++] = at;
		}
	}
	json_read_pop(r, old);
}

/* What a collective role applies to: the listed units of the plan (not
 * itself, not another collective role, each once), or, with none listed,
 * every internal unit of its organisation, which it must then have. */
static void
check_applies_to(struct ctx *c, const struct unit *u)
{
	struct json_read *r = &c->r;
	if (!u->collective) {
		if (u->applies_listed) {
			size_t old = json_read_push_key(r, "applies_to");
			json_read_fail(r, "only a collective role (\"collective\": true) "
			    "applies to other units");
			json_read_pop(r, old);
		}
		return;
	}
	if (!u->applies_listed) {
		if (u->organisation == NULL) {
			size_t old = json_read_push_key(r, "collective");
			json_read_fail(r, "a collective role without applies_to applies to "
			    "every internal unit of its organisation, and this one has none: "
			    "give it an organisation, or list its units in applies_to");
			json_read_pop(r, old);
		}
		return;
	}
	size_t old = json_read_push_key(r, "applies_to");
	for (size_t i = 0; i < u->napplies_to && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		const char *id = u->applies_to[i];
		const struct unit *m = plan_unit(c->plan, id);
		if (m == NULL)
			json_read_fail(r, "unknown unit \"%s\" (not in $.units)", id);
		else if (m == u)
			json_read_fail(r, "a collective role cannot apply to itself");
		else if (m->collective)
			json_read_fail(r, "\"%s\" is a collective role too; a collective role "
			    "applies to units", id);
		else
			check_unique(c, (const char *const *)u->applies_to, i, id, "unit");
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

static void
parse_units(struct ctx *c, json_t *root)
{
	struct json_read *r = &c->r;
	struct plan *p = c->plan;
	json_t *arr = json_read_array(r, root, "units", PLAN_ITEMS_MAX, false, &p->nunits);
	p->units = arena_array(&p->arena, p->nunits, sizeof(*p->units));
	size_t old = json_read_push_key(r, "units");
	for (size_t i = 0; i < p->nunits && !r->failed; i++) {
		static const char *const keys[] = {"id", "name", "kind", "organisation",
		    "parent", "collective", "applies_to", NULL};
		size_t o2 = json_read_push_index(r, i);
		json_t *v = json_array_get(arr, i);
		struct unit *u = &p->units[i];
		if (json_read_object(r, v, keys)) {
			u->id = json_read_text(r, v, "id", VALID_ID, true);
			/* plan_unit only sees units before i: a duplicate finds the first. */
			size_t o3 = json_read_push_key(r, "id");
			size_t saved = p->nunits;
			p->nunits = i;
			if (u->id && plan_unit(p, u->id))
				json_read_fail(r, "duplicate unit id \"%s\"", u->id);
			p->nunits = saved;
			json_read_pop(r, o3);
			u->name = json_read_text(r, v, "name", VALID_TITLE, true);
			u->kind = json_read_enum(r, v, "kind", VALID_UNIT_KIND, UNIT_INTERNAL,
			    true);
			u->organisation = json_read_text(r, v, "organisation", VALID_ID, false);
			if (u->organisation && !has_organisation(p, u->organisation)) {
				o3 = json_read_push_key(r, "organisation");
				json_read_fail(r, "unknown organisation \"%s\" (not in "
				    "$.organisations)", u->organisation);
				json_read_pop(r, o3);
			}
			u->parent = json_read_text(r, v, "parent", VALID_ID, false);
			u->collective = json_read_bool(r, v, "collective");
			get_applies_to(c, v, u);
		}
		json_read_pop(r, o2);
	}
	/* Parents and applies_to may name units further down the list. */
	for (size_t i = 0; i < p->nunits && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		if (p->units[i].parent)
			check_parent(c, &p->units[i]);
		if (!r->failed)
			check_applies_to(c, &p->units[i]);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
}

static void
parse_plan(struct ctx *c, json_t *root)
{
	static const char *const keys[] = {"format", "id", "title", "period",
	    "status", "adoption", "replaces", "replaces_title", "report_deadline", "organisations",
	    "overarching_goals",
	    "chapters", "units", "implementation_steps", "themes", NULL};
	struct json_read *r = &c->r;
	struct plan *p = c->plan;

	if (!json_read_object(r, root, keys))
		return;

	json_read_format(r, root, PLAN_FORMAT);

	p->id = json_read_text(r, root, "id", VALID_ID, true);
	p->title = json_read_text(r, root, "title", VALID_TITLE, true);

	if (!r->failed) {
		static const char *const pkeys[] = {"start", "end", NULL};
		json_t *v = json_object_get(root, "period");
		size_t old = json_read_push_key(r, "period");
		if (v == NULL)
			json_read_fail(r, "required period is missing ({\"start\": YEAR, "
			    "\"end\": YEAR or null})");
		else if (json_read_object(r, v, pkeys)) {
			p->period_start = json_read_int(r, v, "start", VALID_YEAR, 0, true);
			p->period_end = json_read_int(r, v, "end", VALID_YEAR, 0, false);
			if (!r->failed && p->period_end && p->period_end < p->period_start) {
				size_t o2 = json_read_push_key(r, "end");
				json_read_fail(r, "the period ends (%d) before it starts (%d)",
				    p->period_end, p->period_start);
				json_read_pop(r, o2);
			}
		}
		json_read_pop(r, old);
	}

	p->status = json_read_enum(r, root, "status", VALID_PLAN_STATUS, PLAN_DRAFT, true);

	if (!r->failed) {
		static const char *const akeys[] = {"date", "body", "case_reference", NULL};
		json_t *v = json_object_get(root, "adoption");
		size_t old = json_read_push_key(r, "adoption");
		if (v != NULL && !json_is_null(v) && json_read_object(r, v, akeys)) {
			p->has_adoption = true;
			p->adoption_date = json_read_text(r, v, "date", VALID_DATE, false);
			p->adoption_body = json_read_text(r, v, "body", VALID_TITLE, false);
			p->adoption_case = json_read_text(r, v, "case_reference", VALID_TITLE,
			    false);
		}
		json_read_pop(r, old);
	}

	p->replaces = json_read_text(r, root, "replaces", VALID_ID, false);
	if (!r->failed && p->replaces && p->id && strcmp(p->replaces, p->id) == 0) {
		size_t old = json_read_push_key(r, "replaces");
		json_read_fail(r, "a plan cannot replace itself");
		json_read_pop(r, old);
	}
	p->replaces_title = json_read_text(r, root, "replaces_title", VALID_TITLE, false);
	p->report_deadline = json_read_text(r, root, "report_deadline", VALID_MONTH_DAY, false);

	/* Organisations. */
	json_t *arr = json_read_array(r, root, "organisations", PLAN_ITEMS_MAX, true,
	    &p->norganisations);
	if (!r->failed && p->norganisations == 0) {
		size_t old = json_read_push_key(r, "organisations");
		json_read_fail(r, "a plan needs at least one owning organisation");
		json_read_pop(r, old);
	}
	p->organisations = arena_array(&p->arena, p->norganisations, sizeof(*p->organisations));
	{
		size_t old = json_read_push_key(r, "organisations");
		for (size_t i = 0; i < p->norganisations && !r->failed; i++) {
			static const char *const okeys[] = {"id", "name", NULL};
			size_t o2 = json_read_push_index(r, i);
			json_t *v = json_array_get(arr, i);
			struct organisation *o = &p->organisations[i];
			if (json_read_object(r, v, okeys)) {
				o->id = json_read_text(r, v, "id", VALID_ID, true);
				size_t o3 = json_read_push_key(r, "id");
				for (size_t j = 0; j < i && !r->failed; j++)
					if (o->id && strcmp(p->organisations[j].id, o->id) == 0)
						json_read_fail(r, "duplicate organisation id "
						    "\"%s\"", o->id);
				json_read_pop(r, o3);
				o->name = json_read_text(r, v, "name", VALID_TITLE, true);
			}
			json_read_pop(r, o2);
		}
		json_read_pop(r, old);
	}

	/* Overarching goals. */
	arr = json_read_array(r, root, "overarching_goals", PLAN_ITEMS_MAX, false,
	    &p->noverarching_goals);
	p->overarching_goals = arena_array(&p->arena, p->noverarching_goals,
	    sizeof(*p->overarching_goals));
	{
		size_t old = json_read_push_key(r, "overarching_goals");
		for (size_t i = 0; i < p->noverarching_goals && !r->failed; i++) {
			static const char *const gkeys[] = {"title", "text", NULL};
			size_t o2 = json_read_push_index(r, i);
			json_t *v = json_array_get(arr, i);
			if (json_read_object(r, v, gkeys)) {
				struct overarching_goal *g = &p->overarching_goals[i];
				g->title = json_read_text(r, v, "title", VALID_TITLE, true);
				g->text = json_read_text(r, v, "text", VALID_MARKDOWN, true);
			}
			json_read_pop(r, o2);
		}
		json_read_pop(r, old);
	}

	/* Chapters. */
	arr = json_read_array(r, root, "chapters", PLAN_ITEMS_MAX, false, &p->nchapters);
	p->chapters = arena_array(&p->arena, p->nchapters, sizeof(*p->chapters));
	{
		size_t old = json_read_push_key(r, "chapters");
		for (size_t i = 0; i < p->nchapters && !r->failed; i++) {
			static const char *const ckeys[] = {"id", "title", "body", NULL};
			size_t o2 = json_read_push_index(r, i);
			json_t *v = json_array_get(arr, i);
			struct chapter *ch = &p->chapters[i];
			if (json_read_object(r, v, ckeys)) {
				ch->id = json_read_text(r, v, "id", VALID_ID, true);
				size_t o3 = json_read_push_key(r, "id");
				for (size_t j = 0; j < i && !r->failed; j++)
					if (ch->id && strcmp(p->chapters[j].id, ch->id) == 0)
						json_read_fail(r, "duplicate chapter id \"%s\"",
						    ch->id);
				json_read_pop(r, o3);
				ch->title = json_read_text(r, v, "title", VALID_TITLE, true);
				ch->body = json_read_text(r, v, "body", VALID_MARKDOWN, true);
			}
			json_read_pop(r, o2);
		}
		json_read_pop(r, old);
	}

	parse_units(c, root);

	/* Implementation steps. */
	arr = json_read_array(r, root, "implementation_steps", PLAN_ITEMS_MAX, false,
	    &p->nsteps);
	p->steps = arena_array(&p->arena, p->nsteps, sizeof(*p->steps));
	{
		size_t old = json_read_push_key(r, "implementation_steps");
		for (size_t i = 0; i < p->nsteps && !r->failed; i++) {
			static const char *const skeys[] = {"what", "who", "when",
			    "responsible", NULL};
			size_t o2 = json_read_push_index(r, i);
			json_t *v = json_array_get(arr, i);
			struct implementation_step *s = &p->steps[i];
			if (json_read_object(r, v, skeys)) {
				s->what = json_read_text(r, v, "what", VALID_LINE, true);
				s->who = json_read_text(r, v, "who", VALID_LINE, true);
				s->when = json_read_text(r, v, "when", VALID_TITLE, false);
				s->responsible = get_unit_refs(c, v, "responsible",
				    &s->nresponsible);
			}
			json_read_pop(r, o2);
		}
		json_read_pop(r, old);
	}

	/* Themes → goals → measures → indicators. */
	struct idset theme_ids = {0}, goal_ids = {0}, measure_ids = {0};
	arr = json_read_array(r, root, "themes", PLAN_ITEMS_MAX, true, &p->nthemes);
	p->themes = arena_array(&p->arena, p->nthemes, sizeof(*p->themes));
	{
		size_t old = json_read_push_key(r, "themes");
		for (size_t i = 0; i < p->nthemes && !r->failed; i++) {
			size_t o2 = json_read_push_index(r, i);
			parse_theme(c, json_array_get(arr, i), &p->themes[i], &theme_ids,
			    &goal_ids, &measure_ids);
			json_read_pop(r, o2);
		}
		json_read_pop(r, old);
	}
	free(theme_ids.ids);
	free(goal_ids.ids);
	free(measure_ids.ids);
}

size_t
plan_json_values(const struct plan *p)
{
	/* Each count is 1 for the object or array itself plus its members;
	 * the constants are the keys export always writes. */
	size_t n = 1 + 3 + (1 + 2) + 1 + (p->has_adoption ? 1 + 3 : 1) + 2 +
	    (p->report_deadline != NULL);
	n += 1 + p->norganisations * (1 + 2);
	n += 1 + p->noverarching_goals * (1 + 2);
	n += 1 + p->nchapters * (1 + 3);
	n += 1 + p->nunits * (1 + 7);
	for (size_t i = 0; i < p->nunits; i++)
		n += p->units[i].napplies_to;
	n += 1;
	for (size_t i = 0; i < p->nsteps; i++)
		n += 1 + 3 + 1 + p->steps[i].nresponsible;
	n += 1;
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		n += 1 + 4 + 1;
		for (size_t g = 0; g < th->ngoals; g++) {
			const struct goal *go = &th->goals[g];
			n += 1 + 2 + 1;
			for (size_t m = 0; m < go->nmeasures; m++) {
				const struct measure *me = &go->measures[m];
				n += 1 + 4 + 1;
				for (size_t i = 0; i < me->nindicators; i++)
					n += 1 + 6 + 1 + me->indicators[i].nresponsible;
			}
		}
	}
	return n;
}

/* Counts the JSON values in data[0..len) before jansson builds them, so
 * that the memory a file can make the parser use is bounded by
 * PLAN_VALUES_MAX and PLAN_DEPTH_MAX rather than by how many tiny values
 * fit in PLAN_FILE_MAX bytes. Keys are not counted (each comes with a
 * value). Text that is not JSON is left for jansson to report. Returns
 * true within the limits; otherwise false with the error (its line and
 * column at the value that crosses a limit) set in r. */
static bool
count_values(struct json_read *r, const char *data, size_t len)
{
	static const char delims[] = " \t\n\r,:[]{}\"";
	bool in_object[PLAN_DEPTH_MAX + 1]; /* [depth]: that container is an object */
	unsigned depth = 0;
	size_t values = 0;
	bool key_next = false; /* the next string is an object's key */
	for (size_t i = 0; i < len; i++) {
		size_t start = i;
		char ch = data[i];
		switch (ch) {
		case ' ': case '\t': case '\n': case '\r':
			continue;
		case '}': case ']':
			if (depth > 0)
				depth--;
			key_next = false;
			continue;
		case ',':
			key_next = depth > 0 && in_object[depth];
			continue;
		case ':':
			key_next = false;
			continue;
		case '{': case '[':
			if (depth == PLAN_DEPTH_MAX) {
				json_read_fail_at(r, data, start, "JSON nested deeper than %u "
				    "levels; a plan file needs far fewer", PLAN_DEPTH_MAX);
				return false;
			}
			in_object[++depth] = ch == '{';
			key_next = ch == '{';
			break;
		case '"': {
			for (i++; i < len && data[i] != '"'; i++)
				if (data[i] == '\\')
					i++;
			bool key = key_next;
			key_next = false;
			if (key)
				continue;
			break;
		}
		default: /* a number, true, false, null (or something jansson refuses) */
			while (i + 1 < len && strchr(delims, data[i + 1]) == NULL)
				i++;
			break;
		}
		if (++values > PLAN_VALUES_MAX) {
			json_read_fail_at(r, data, start, "more than %u JSON values (objects, "
			    "arrays, strings, numbers, true, false, null); a plan file holds "
			    "at most %u", PLAN_VALUES_MAX, PLAN_VALUES_MAX);
			return false;
		}
	}
	return true;
}

struct plan *
plan_json_parse(const char *data, size_t len, struct plan_error *err)
{
	struct ctx c = {.plan = plan_new()};
	json_read_begin(&c.r, &plan_dialect, &c.plan->arena, JSON_READ_ERROR(err));
	json_t *root = NULL;
	if (json_read_check_file(&c.r, data, len) && count_values(&c.r, data, len))
		root = json_read_parse(&c.r, data, len);
	if (root == NULL) {
		plan_free(c.plan);
		return NULL;
	}
	parse_plan(&c, root);
	json_decref(root);
	/* Export writes every optional key: the plan written out in full must
	 * fit the limit too, or its export could not be imported again. */
	size_t full;
	if (!c.r.failed && (full = plan_json_values(c.plan)) > PLAN_VALUES_MAX)
		json_read_fail(&c.r, "written out in full (export writes every optional "
		    "key), this plan holds %zu JSON values; at most %u are allowed", full,
		    PLAN_VALUES_MAX);
	if (c.r.failed) {
		plan_free(c.plan);
		return NULL;
	}
	return c.plan;
}

void
plan_error_format(const struct plan_error *e, const char *file, char *out, size_t outsz)
{
	if (e->line > 0)
		snprintf(out, outsz, "%s:%d:%d: %s: %s", file, e->line, e->column,
		    e->path, e->message);
	else
		snprintf(out, outsz, "%s: %s: %s", file, e->path, e->message);
}

/* ---- export ---- */

/* Export walks the plan with the same context as parsing (plan is NULL),
 * so that a text which cannot be written is reported with its JSON path.
 * Text in a plan is valid UTF-8 when it was imported; text changed in the
 * database by other means may not be, and JSON cannot carry it. Export
 * then fails: it never leaves the key out or writes something else in
 * its place. Other rules of the format (control characters, lengths) are
 * not checked here: a database written by an earlier version may hold
 * text the importer now refuses, and its plans must still be readable. */

/* The JSON value of the text s (null for NULL), or NULL with the error
 * set at the current path when s is not valid UTF-8. */
static json_t *
text_json(struct ctx *c, const char *s)
{
	if (s == NULL)
		return json_null();
	size_t n = strlen(s);
	size_t bad = text_utf8_invalid_at(s, n);
	if (bad < n) {
		json_read_fail(&c->r, "the text is not valid UTF-8 (byte 0x%02x at byte "
		    "%zu) and cannot be written as JSON; it was changed in the database by "
		    "other means than import", (unsigned char)s[bad], bad);
		return NULL;
	}
	return json_stringn(s, n);
}

/* Sets obj[key] to the text s (null for NULL). */
static void
put_text(struct ctx *c, json_t *obj, const char *key, const char *s)
{
	struct json_read *r = &c->r;
	if (r->failed)
		return;
	size_t old = json_read_push_key(r, key);
	json_t *v = text_json(c, s);
	json_read_pop(r, old);
	if (v != NULL)
		json_object_set_new(obj, key, v);
}

/* Sets obj[key] to the list of unit ids. */
static void
put_unit_refs(struct ctx *c, json_t *obj, const char *key, char **ids, size_t n)
{
	struct json_read *r = &c->r;
	json_t *a = json_array();
	size_t old = json_read_push_key(r, key);
	for (size_t i = 0; i < n && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		json_t *v = text_json(c, ids[i]);
		json_read_pop(r, o2);
		if (v != NULL)
			json_array_append_new(a, v);
	}
	json_read_pop(r, old);
	json_object_set_new(obj, key, a);
}

static json_t *
export_measure(struct ctx *c, const struct measure *m)
{
	struct json_read *r = &c->r;
	json_t *o = json_object();
	put_text(c, o, "id", m->id);
	put_text(c, o, "title", m->title);
	json_object_set_new(o, "kind", json_string(measure_kind_name(m->kind)));
	put_text(c, o, "description", m->description);
	json_t *inds = json_array();
	size_t old = json_read_push_key(r, "indicators");
	for (size_t i = 0; i < m->nindicators && !r->failed; i++) {
		const struct indicator *ind = &m->indicators[i];
		size_t o2 = json_read_push_index(r, i);
		json_t *io = json_object();
		json_object_set_new(io, "number", json_integer(ind->number));
		put_text(c, io, "text", ind->text);
		put_text(c, io, "resource_note", ind->resource_note);
		json_object_set_new(io, "resource_category",
		    json_string(resource_category_name(ind->resource_category)));
		put_unit_refs(c, io, "responsible", ind->responsible, ind->nresponsible);
		put_text(c, io, "responsible_note", ind->responsible_note);
		put_text(c, io, "deadline", ind->deadline);
		json_array_append_new(inds, io);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(o, "indicators", inds);
	return o;
}

static void
export_themes(struct ctx *c, json_t *root, const struct plan *p)
{
	struct json_read *r = &c->r;
	json_t *a = json_array();
	size_t old = json_read_push_key(r, "themes");
	for (size_t t = 0; t < p->nthemes && !r->failed; t++) {
		const struct theme *th = &p->themes[t];
		size_t o2 = json_read_push_index(r, t);
		json_t *to = json_object();
		put_text(c, to, "id", th->id);
		put_text(c, to, "title", th->title);
		put_text(c, to, "background", th->background);
		put_text(c, to, "challenge", th->challenge);
		json_t *goals = json_array();
		size_t o3 = json_read_push_key(r, "goals");
		for (size_t g = 0; g < th->ngoals && !r->failed; g++) {
			const struct goal *go = &th->goals[g];
			size_t o4 = json_read_push_index(r, g);
			json_t *gobj = json_object();
			put_text(c, gobj, "id", go->id);
			put_text(c, gobj, "text", go->text);
			json_t *ms = json_array();
			size_t o5 = json_read_push_key(r, "measures");
			for (size_t m = 0; m < go->nmeasures && !r->failed; m++) {
				size_t o6 = json_read_push_index(r, m);
				json_array_append_new(ms, export_measure(c, &go->measures[m]));
				json_read_pop(r, o6);
			}
			json_read_pop(r, o5);
			json_object_set_new(gobj, "measures", ms);
			json_array_append_new(goals, gobj);
			json_read_pop(r, o4);
		}
		json_read_pop(r, o3);
		json_object_set_new(to, "goals", goals);
		json_array_append_new(a, to);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "themes", a);
}

/* Builds the whole document; on failure c->r.failed is set and the caller
 * throws the partial document away. */
static json_t *
export_plan(struct ctx *c, const struct plan *p)
{
	struct json_read *r = &c->r;
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(PLAN_FORMAT));
	put_text(c, root, "id", p->id);
	put_text(c, root, "title", p->title);

	json_t *period = json_object();
	json_object_set_new(period, "start", json_integer(p->period_start));
	json_object_set_new(period, "end", p->period_end ? json_integer(p->period_end) : json_null());
	json_object_set_new(root, "period", period);
	json_object_set_new(root, "status", json_string(plan_status_name(p->status)));
	if (p->has_adoption) {
		json_t *a = json_object();
		size_t old = json_read_push_key(r, "adoption");
		put_text(c, a, "date", p->adoption_date);
		put_text(c, a, "body", p->adoption_body);
		put_text(c, a, "case_reference", p->adoption_case);
		json_read_pop(r, old);
		json_object_set_new(root, "adoption", a);
	} else {
		json_object_set_new(root, "adoption", json_null());
	}
	put_text(c, root, "replaces", p->replaces);
	put_text(c, root, "replaces_title", p->replaces_title);
	/* Written only when set, so a plan without one exports as before. */
	if (p->report_deadline != NULL)
		put_text(c, root, "report_deadline", p->report_deadline);

	json_t *a = json_array();
	size_t old = json_read_push_key(r, "organisations");
	for (size_t i = 0; i < p->norganisations && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		json_t *o = json_object();
		put_text(c, o, "id", p->organisations[i].id);
		put_text(c, o, "name", p->organisations[i].name);
		json_array_append_new(a, o);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "organisations", a);

	a = json_array();
	old = json_read_push_key(r, "overarching_goals");
	for (size_t i = 0; i < p->noverarching_goals && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		json_t *o = json_object();
		put_text(c, o, "title", p->overarching_goals[i].title);
		put_text(c, o, "text", p->overarching_goals[i].text);
		json_array_append_new(a, o);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "overarching_goals", a);

	a = json_array();
	old = json_read_push_key(r, "chapters");
	for (size_t i = 0; i < p->nchapters && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		json_t *o = json_object();
		put_text(c, o, "id", p->chapters[i].id);
		put_text(c, o, "title", p->chapters[i].title);
		put_text(c, o, "body", p->chapters[i].body);
		json_array_append_new(a, o);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "chapters", a);

	a = json_array();
	old = json_read_push_key(r, "units");
	for (size_t i = 0; i < p->nunits && !r->failed; i++) {
		const struct unit *u = &p->units[i];
		size_t o2 = json_read_push_index(r, i);
		json_t *o = json_object();
		put_text(c, o, "id", u->id);
		put_text(c, o, "name", u->name);
		json_object_set_new(o, "kind", json_string(unit_kind_name(u->kind)));
		put_text(c, o, "organisation", u->organisation);
		put_text(c, o, "parent", u->parent);
		json_object_set_new(o, "collective", json_boolean(u->collective));
		if (u->applies_listed)
			put_unit_refs(c, o, "applies_to", u->applies_to, u->napplies_to);
		else
			json_object_set_new(o, "applies_to", json_null());
		json_array_append_new(a, o);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "units", a);

	a = json_array();
	old = json_read_push_key(r, "implementation_steps");
	for (size_t i = 0; i < p->nsteps && !r->failed; i++) {
		const struct implementation_step *s = &p->steps[i];
		size_t o2 = json_read_push_index(r, i);
		json_t *o = json_object();
		put_text(c, o, "what", s->what);
		put_text(c, o, "who", s->who);
		put_text(c, o, "when", s->when);
		put_unit_refs(c, o, "responsible", s->responsible, s->nresponsible);
		json_array_append_new(a, o);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	json_object_set_new(root, "implementation_steps", a);

	export_themes(c, root, p);
	return root;
}

char *
plan_json_export(const struct plan *p, size_t *len, struct plan_error *err)
{
	struct ctx c = {0};
	json_read_begin(&c.r, &plan_dialect, NULL, JSON_READ_ERROR(err));
	json_t *root = export_plan(&c, p);
	if (c.r.failed) {
		json_decref(root);
		return NULL;
	}
	char *out = json_read_canonical(root, len);
	if (out == NULL) {
		/* Every value was checked above: only memory can be missing. */
		fputs("tiltak: out of memory\n", stderr);
		abort();
	}
	return out;
}
