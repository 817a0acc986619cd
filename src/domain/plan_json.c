/* plan_json.c — reads and writes the plan interchange format with jansson.
 *
 * Parsing is strict (docs/plan-format.md): unknown keys, duplicate keys,
 * wrong types, dangling unit references, and every value the validator
 * table (valid.h) refuses — bad ids and dates, control characters,
 * oversized text — are refused with the JSON path of the offending
 * value. The first problem stops the parse. */
#include "domain/plan_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/valid.h"
#include "limits.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Parsing context: the plan under construction, the current JSON path and
 * the error, once there is one. */
struct ctx {
	struct plan       *plan;
	struct plan_error *err;
	char               path[512];
	size_t             pathlen;
	bool               failed;
};

static void
fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct ctx *c, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	snprintf(c->err->path, sizeof(c->err->path), "%s", c->path);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
	va_end(ap);
}

/* Path stack: push returns the previous length for pop. */
static size_t
push_key(struct ctx *c, const char *key)
{
	size_t old = c->pathlen;
	int n = snprintf(c->path + old, sizeof(c->path) - old, ".%s", key);
	if (n > 0)
		c->pathlen = old + (size_t)n < sizeof(c->path) ? old + (size_t)n : sizeof(c->path) - 1;
	return old;
}

static size_t
push_index(struct ctx *c, size_t i)
{
	size_t old = c->pathlen;
	int n = snprintf(c->path + old, sizeof(c->path) - old, "[%zu]", i);
	if (n > 0)
		c->pathlen = old + (size_t)n < sizeof(c->path) ? old + (size_t)n : sizeof(c->path) - 1;
	return old;
}

static void
pop(struct ctx *c, size_t old)
{
	c->pathlen = old;
	c->path[old] = '\0';
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL:    return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	case JSON_NULL:    return "null";
	}
	return "something else";
}

/* Refuses keys of obj that are not in the NULL-terminated list allowed. */
static void
check_keys(struct ctx *c, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = true;
		if (!ok) {
			char quoted[200];
			valid_quote(key, strlen(key), quoted, sizeof(quoted));
			char names[300] = "";
			size_t off = 0;
			for (const char *const *a = allowed; *a && off < sizeof(names); a++) {
				int n = snprintf(names + off, sizeof(names) - off, "%s%s",
				    a == allowed ? "" : ", ", *a);
				if (n > 0)
					off += (size_t)n;
			}
			size_t old = push_key(c, quoted);
			fail(c, "unknown key \"%s\" (expected one of: %s)", quoted, names);
			pop(c, old);
			return;
		}
	}
}

/* Validates a string value against kind (the validator table, valid.h);
 * returns it copied into the plan's arena, or NULL with the error set. */
static char *
text_value(struct ctx *c, json_t *v, enum valid_kind kind)
{
	if (!json_is_string(v)) {
		fail(c, "expected a string, found %s", type_name(v));
		return NULL;
	}
	/* jansson refuses \u0000 unless JSON_ALLOW_NUL; the validator would
	 * refuse it anyway, as it works on (pointer, length). */
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	char msg[256];
	if (!valid_check(kind, s, n, msg, sizeof(msg))) {
		fail(c, "%s", msg);
		return NULL;
	}
	return arena_strndup(&c->plan->arena, s, n);
}

/* Reads obj[key] as text. Absent or null is an error when required,
 * otherwise NULL. */
static char *
get_text(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    bool required)
{
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	size_t old = push_key(c, key);
	char *r = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required %s is missing", kind == VALID_ID ? "id" : "text");
	} else {
		r = text_value(c, v, kind);
	}
	pop(c, old);
	return r;
}

/* Reads obj[key] as an array of at most PLAN_ITEMS_MAX items. Returns the
 * array and its size in *n; absent or null gives NULL and 0 (an error when
 * required). */
static json_t *
get_array(struct ctx *c, json_t *obj, const char *key, bool required, size_t *n)
{
	*n = 0;
	if (c->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	size_t old = push_key(c, key);
	json_t *r = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required array is missing");
	} else if (!json_is_array(v)) {
		fail(c, "expected an array, found %s", type_name(v));
	} else if (json_array_size(v) > PLAN_ITEMS_MAX) {
		fail(c, "%zu entries; at most %u are allowed", json_array_size(v),
		    PLAN_ITEMS_MAX);
	} else {
		r = v;
		*n = json_array_size(v);
	}
	pop(c, old);
	return r;
}

/* Reads an enum of the given kind named by a string; absent or null
 * gives dflt (an error when required). */
static int
get_enum(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    int dflt, bool required)
{
	if (c->failed)
		return dflt;
	const struct valid_field *f = &valid_fields[kind];
	json_t *v = json_object_get(obj, key);
	size_t old = push_key(c, key);
	int r = dflt;
	char msg[256];
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required value is missing (one of: %s)", f->choices);
	} else if (!json_is_string(v)) {
		fail(c, "expected one of %s, found %s", f->choices, type_name(v));
	} else if (!valid_check(kind, json_string_value(v), json_string_length(v), msg,
	    sizeof(msg))) {
		fail(c, "%s", msg);
	} else {
		r = f->parse(json_string_value(v));
	}
	pop(c, old);
	return r;
}

/* Reads an integer of a numeric kind (its range from the validator
 * table); absent or null gives 0 unless required. */
static int
get_int(struct ctx *c, json_t *obj, const char *key, enum valid_kind kind,
    bool required)
{
	if (c->failed)
		return 0;
	json_t *v = json_object_get(obj, key);
	size_t old = push_key(c, key);
	int r = 0;
	char msg[256];
	if (v == NULL || json_is_null(v)) {
		if (required)
			fail(c, "required integer is missing");
	} else if (!json_is_integer(v)) {
		fail(c, "expected an integer, found %s", type_name(v));
	} else if (!valid_number(kind, json_integer_value(v), msg, sizeof(msg))) {
		fail(c, "%s", msg);
	} else {
		r = (int)json_integer_value(v);
	}
	pop(c, old);
	return r;
}

/* Checks that v is an object with only the allowed keys. */
static bool
expect_object(struct ctx *c, json_t *v, const char *const *allowed)
{
	if (c->failed)
		return false;
	if (!json_is_object(v)) {
		fail(c, "expected an object, found %s", type_name(v));
		return false;
	}
	check_keys(c, v, allowed);
	return !c->failed;
}

/* Refuses a second occurrence of id among ids[0..n). */
static void
check_unique(struct ctx *c, const char *const *ids, size_t n, const char *id, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] && id && strcmp(ids[i], id) == 0) {
			fail(c, "duplicate %s id \"%s\"", what, id);
			return;
		}
}

/* Reads a list of unit ids that must all be in the plan's units. */
static char **
get_unit_refs(struct ctx *c, json_t *obj, const char *key, size_t *n)
{
	json_t *arr = get_array(c, obj, key, false, n);
	if (arr == NULL)
		return NULL;
	char **ids = arena_array(&c->plan->arena, *n, sizeof(char *));
	size_t old = push_key(c, key);
	for (size_t i = 0; i < *n && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		ids[i] = text_value(c, json_array_get(arr, i), VALID_ID);
		if (ids[i] && plan_unit(c->plan, ids[i]) == NULL)
			fail(c, "unknown unit \"%s\" (not in $.units)", ids[i]);
		if (!c->failed)
			check_unique(c, (const char *const *)ids, i, ids[i], "responsible unit");
		pop(c, o2);
	}
	pop(c, old);
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
	if (id == NULL || c->failed)
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
	static const char *const keys[] = {"number", "text", "resource_note",
	    "resource_category", "responsible", "responsible_note", "deadline", NULL};
	if (!expect_object(c, v, keys))
		return;
	ind->number = get_int(c, v, "number", VALID_INDICATOR_NUMBER, true);
	ind->text = get_text(c, v, "text", VALID_LINE, true);
	ind->resource_note = get_text(c, v, "resource_note", VALID_LINE, false);
	ind->resource_category = get_enum(c, v, "resource_category",
	    VALID_RESOURCE_CATEGORY, RESOURCE_UNKNOWN, false);
	ind->responsible = get_unit_refs(c, v, "responsible", &ind->nresponsible);
	ind->responsible_note = get_text(c, v, "responsible_note", VALID_LINE, false);
	ind->deadline = get_text(c, v, "deadline", VALID_DATE, false);
}

static void
parse_measure(struct ctx *c, json_t *v, struct measure *m, struct idset *ids)
{
	static const char *const keys[] = {"id", "title", "kind", "description",
	    "indicators", NULL};
	if (!expect_object(c, v, keys))
		return;
	m->id = get_text(c, v, "id", VALID_ID, true);
	{
		size_t old = push_key(c, "id");
		idset_add(c, ids, m->id, "measure");
		pop(c, old);
	}
	m->title = get_text(c, v, "title", VALID_LINE, true);
	m->kind = get_enum(c, v, "kind", VALID_MEASURE_KIND, MEASURE_NEW, false);
	m->description = get_text(c, v, "description", VALID_MARKDOWN, false);
	json_t *arr = get_array(c, v, "indicators", false, &m->nindicators);
	m->indicators = arena_array(&c->plan->arena, m->nindicators, sizeof(*m->indicators));
	size_t old = push_key(c, "indicators");
	for (size_t i = 0; i < m->nindicators && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		parse_indicator(c, json_array_get(arr, i), &m->indicators[i]);
		for (size_t j = 0; j < i && !c->failed; j++)
			if (m->indicators[j].number == m->indicators[i].number) {
				size_t o3 = push_key(c, "number");
				fail(c, "duplicate indicator number %d in this measure",
				    m->indicators[i].number);
				pop(c, o3);
			}
		pop(c, o2);
	}
	pop(c, old);
}

static void
parse_goal(struct ctx *c, json_t *v, struct goal *g, struct idset *goal_ids,
    struct idset *measure_ids)
{
	static const char *const keys[] = {"id", "text", "measures", NULL};
	if (!expect_object(c, v, keys))
		return;
	g->id = get_text(c, v, "id", VALID_ID, true);
	{
		size_t old = push_key(c, "id");
		idset_add(c, goal_ids, g->id, "goal");
		pop(c, old);
	}
	g->text = get_text(c, v, "text", VALID_LINE, true);
	json_t *arr = get_array(c, v, "measures", true, &g->nmeasures);
	g->measures = arena_array(&c->plan->arena, g->nmeasures, sizeof(*g->measures));
	size_t old = push_key(c, "measures");
	for (size_t i = 0; i < g->nmeasures && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		parse_measure(c, json_array_get(arr, i), &g->measures[i], measure_ids);
		pop(c, o2);
	}
	pop(c, old);
}

static void
parse_theme(struct ctx *c, json_t *v, struct theme *t, struct idset *theme_ids,
    struct idset *goal_ids, struct idset *measure_ids)
{
	static const char *const keys[] = {"id", "title", "background",
	    "challenge", "goals", NULL};
	if (!expect_object(c, v, keys))
		return;
	t->id = get_text(c, v, "id", VALID_ID, true);
	{
		size_t old = push_key(c, "id");
		idset_add(c, theme_ids, t->id, "theme");
		pop(c, old);
	}
	t->title = get_text(c, v, "title", VALID_TITLE, true);
	t->background = get_text(c, v, "background", VALID_MARKDOWN, false);
	t->challenge = get_text(c, v, "challenge", VALID_MARKDOWN, false);
	json_t *arr = get_array(c, v, "goals", true, &t->ngoals);
	t->goals = arena_array(&c->plan->arena, t->ngoals, sizeof(*t->goals));
	size_t old = push_key(c, "goals");
	for (size_t i = 0; i < t->ngoals && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		parse_goal(c, json_array_get(arr, i), &t->goals[i], goal_ids, measure_ids);
		pop(c, o2);
	}
	pop(c, old);
}

static bool
has_organisation(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->norganisations; i++)
		if (strcmp(p->organisations[i].id, id) == 0)
			return true;
	return false;
}

/* Reads obj[key] as a boolean; absent or null gives false. */
static bool
get_bool(struct ctx *c, json_t *obj, const char *key)
{
	if (c->failed)
		return false;
	json_t *v = json_object_get(obj, key);
	bool r = false;
	if (v != NULL && !json_is_null(v)) {
		if (json_is_boolean(v)) {
			r = json_is_true(v);
		} else {
			size_t old = push_key(c, key);
			fail(c, "expected true or false, found %s", type_name(v));
			pop(c, old);
		}
	}
	return r;
}

/* The ids of a unit's applies_to: present (an array, perhaps empty) sets
 * u->applies_listed. Each must be a unit id; what they name is checked
 * once every unit is read (check_applies_to). */
static void
get_applies_to(struct ctx *c, json_t *v, struct unit *u)
{
	json_t *a = json_object_get(v, "applies_to");
	if (c->failed || a == NULL || json_is_null(a))
		return;
	json_t *arr = get_array(c, v, "applies_to", false, &u->napplies_to);
	if (arr == NULL)
		return;
	u->applies_listed = true;
	u->applies_to = arena_array(&c->plan->arena, u->napplies_to, sizeof(char *));
	size_t old = push_key(c, "applies_to");
	for (size_t i = 0; i < u->napplies_to && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		u->applies_to[i] = text_value(c, json_array_get(arr, i), VALID_ID);
		pop(c, o2);
	}
	pop(c, old);
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
	const struct plan *p = c->plan;
	const struct unit *parent = plan_unit(p, u->parent);
	size_t old = push_key(c, "parent");
	if (parent == NULL) {
		fail(c, "unknown unit \"%s\" (not in $.units)", u->parent);
	} else if (parent == u) {
		fail(c, "a unit cannot be its own parent");
	} else if (parent->collective) {
		fail(c, "\"%s\" is a collective role; a parent is a unit other units "
		    "are part of", u->parent);
	} else {
		/* Walk up, remembering each unit: a unit met twice is a cycle
		 * (perhaps above u), and u with UNIT_DEPTH_MAX units above it
		 * is as deep as a unit may be. */
		const struct unit *seen[UNIT_DEPTH_MAX + 1];
		size_t n = 0;
		char path[300];
		for (const struct unit *at = u; at && !c->failed;
		    at = at->parent ? plan_unit(p, at->parent) : NULL) {
			for (size_t k = 0; k < n && !c->failed; k++)
				if (seen[k] == at) {
					parent_path(p, at, n - k, path, sizeof(path));
					fail(c, "the parents make a cycle: %s", path);
				}
			if (!c->failed && n == UNIT_DEPTH_MAX + 1)
				fail(c, "more than %d levels of parent units above \"%s\"",
				    UNIT_DEPTH_MAX, u->id);
			if (n <= UNIT_DEPTH_MAX)
				seen[n++] = at;
		}
	}
	pop(c, old);
}

/* What a collective role applies to: the listed units of the plan (not
 * itself, not another collective role, each once), or, with none listed,
 * every internal unit of its organisation, which it must then have. */
static void
check_applies_to(struct ctx *c, const struct unit *u)
{
	if (!u->collective) {
		if (u->applies_listed) {
			size_t old = push_key(c, "applies_to");
			fail(c, "only a collective role (\"collective\": true) applies to other "
			    "units");
			pop(c, old);
		}
		return;
	}
	if (!u->applies_listed) {
		if (u->organisation == NULL) {
			size_t old = push_key(c, "collective");
			fail(c, "a collective role without applies_to applies to every internal "
			    "unit of its organisation, and this one has none: give it an "
			    "organisation, or list its units in applies_to");
			pop(c, old);
		}
		return;
	}
	size_t old = push_key(c, "applies_to");
	for (size_t i = 0; i < u->napplies_to && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		const char *id = u->applies_to[i];
		const struct unit *m = plan_unit(c->plan, id);
		if (m == NULL)
			fail(c, "unknown unit \"%s\" (not in $.units)", id);
		else if (m == u)
			fail(c, "a collective role cannot apply to itself");
		else if (m->collective)
			fail(c, "\"%s\" is a collective role too; a collective role applies to "
			    "units", id);
		else
			check_unique(c, (const char *const *)u->applies_to, i, id, "unit");
		pop(c, o2);
	}
	pop(c, old);
}

static void
parse_units(struct ctx *c, json_t *root)
{
	struct plan *p = c->plan;
	json_t *arr = get_array(c, root, "units", false, &p->nunits);
	p->units = arena_array(&p->arena, p->nunits, sizeof(*p->units));
	size_t old = push_key(c, "units");
	for (size_t i = 0; i < p->nunits && !c->failed; i++) {
		static const char *const keys[] = {"id", "name", "kind", "organisation",
		    "parent", "collective", "applies_to", NULL};
		size_t o2 = push_index(c, i);
		json_t *v = json_array_get(arr, i);
		struct unit *u = &p->units[i];
		if (expect_object(c, v, keys)) {
			u->id = get_text(c, v, "id", VALID_ID, true);
			/* plan_unit only sees units before i: a duplicate finds the first. */
			size_t o3 = push_key(c, "id");
			size_t saved = p->nunits;
			p->nunits = i;
			if (u->id && plan_unit(p, u->id))
				fail(c, "duplicate unit id \"%s\"", u->id);
			p->nunits = saved;
			pop(c, o3);
			u->name = get_text(c, v, "name", VALID_TITLE, true);
			u->kind = get_enum(c, v, "kind", VALID_UNIT_KIND, UNIT_INTERNAL, true);
			u->organisation = get_text(c, v, "organisation", VALID_ID, false);
			if (u->organisation && !has_organisation(p, u->organisation)) {
				o3 = push_key(c, "organisation");
				fail(c, "unknown organisation \"%s\" (not in $.organisations)",
				    u->organisation);
				pop(c, o3);
			}
			u->parent = get_text(c, v, "parent", VALID_ID, false);
			u->collective = get_bool(c, v, "collective");
			get_applies_to(c, v, u);
		}
		pop(c, o2);
	}
	/* Parents and applies_to may name units further down the list. */
	for (size_t i = 0; i < p->nunits && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		if (p->units[i].parent)
			check_parent(c, &p->units[i]);
		if (!c->failed)
			check_applies_to(c, &p->units[i]);
		pop(c, o2);
	}
	pop(c, old);
}

static void
parse_plan(struct ctx *c, json_t *root)
{
	static const char *const keys[] = {"format", "id", "title", "period",
	    "status", "adoption", "replaces", "replaces_title", "report_deadline", "organisations",
	    "overarching_goals",
	    "chapters", "units", "implementation_steps", "themes", NULL};
	struct plan *p = c->plan;

	if (!expect_object(c, root, keys))
		return;

	json_t *fmt = json_object_get(root, "format");
	{
		size_t old = push_key(c, "format");
		if (fmt == NULL)
			fail(c, "required format is missing (expected \"%s\")", PLAN_FORMAT);
		else if (!json_is_string(fmt) || strcmp(json_string_value(fmt), PLAN_FORMAT) != 0)
			fail(c, "expected \"%s\"", PLAN_FORMAT);
		pop(c, old);
	}

	p->id = get_text(c, root, "id", VALID_ID, true);
	p->title = get_text(c, root, "title", VALID_TITLE, true);

	if (!c->failed) {
		static const char *const pkeys[] = {"start", "end", NULL};
		json_t *v = json_object_get(root, "period");
		size_t old = push_key(c, "period");
		if (v == NULL)
			fail(c, "required period is missing ({\"start\": YEAR, \"end\": YEAR or null})");
		else if (expect_object(c, v, pkeys)) {
			p->period_start = get_int(c, v, "start", VALID_YEAR, true);
			p->period_end = get_int(c, v, "end", VALID_YEAR, false);
			if (!c->failed && p->period_end && p->period_end < p->period_start) {
				size_t o2 = push_key(c, "end");
				fail(c, "the period ends (%d) before it starts (%d)",
				    p->period_end, p->period_start);
				pop(c, o2);
			}
		}
		pop(c, old);
	}

	p->status = get_enum(c, root, "status", VALID_PLAN_STATUS, PLAN_DRAFT, true);

	if (!c->failed) {
		static const char *const akeys[] = {"date", "body", "case_reference", NULL};
		json_t *v = json_object_get(root, "adoption");
		size_t old = push_key(c, "adoption");
		if (v != NULL && !json_is_null(v) && expect_object(c, v, akeys)) {
			p->has_adoption = true;
			p->adoption_date = get_text(c, v, "date", VALID_DATE, false);
			p->adoption_body = get_text(c, v, "body", VALID_TITLE, false);
			p->adoption_case = get_text(c, v, "case_reference", VALID_TITLE, false);
		}
		pop(c, old);
	}

	p->replaces = get_text(c, root, "replaces", VALID_ID, false);
	if (!c->failed && p->replaces && p->id && strcmp(p->replaces, p->id) == 0) {
		size_t old = push_key(c, "replaces");
		fail(c, "a plan cannot replace itself");
		pop(c, old);
	}
	p->replaces_title = get_text(c, root, "replaces_title", VALID_TITLE, false);
	p->report_deadline = get_text(c, root, "report_deadline", VALID_MONTH_DAY, false);

	/* Organisations. */
	json_t *arr = get_array(c, root, "organisations", true, &p->norganisations);
	if (!c->failed && p->norganisations == 0) {
		size_t old = push_key(c, "organisations");
		fail(c, "a plan needs at least one owning organisation");
		pop(c, old);
	}
	p->organisations = arena_array(&p->arena, p->norganisations, sizeof(*p->organisations));
	{
		size_t old = push_key(c, "organisations");
		for (size_t i = 0; i < p->norganisations && !c->failed; i++) {
			static const char *const okeys[] = {"id", "name", NULL};
			size_t o2 = push_index(c, i);
			json_t *v = json_array_get(arr, i);
			if (expect_object(c, v, okeys)) {
				p->organisations[i].id = get_text(c, v, "id", VALID_ID, true);
				size_t o3 = push_key(c, "id");
				for (size_t j = 0; j < i && !c->failed; j++)
					if (p->organisations[i].id &&
					    strcmp(p->organisations[j].id, p->organisations[i].id) == 0)
						fail(c, "duplicate organisation id \"%s\"",
						    p->organisations[i].id);
				pop(c, o3);
				p->organisations[i].name = get_text(c, v, "name", VALID_TITLE, true);
			}
			pop(c, o2);
		}
		pop(c, old);
	}

	/* Overarching goals. */
	arr = get_array(c, root, "overarching_goals", false, &p->noverarching_goals);
	p->overarching_goals = arena_array(&p->arena, p->noverarching_goals,
	    sizeof(*p->overarching_goals));
	{
		size_t old = push_key(c, "overarching_goals");
		for (size_t i = 0; i < p->noverarching_goals && !c->failed; i++) {
			static const char *const gkeys[] = {"title", "text", NULL};
			size_t o2 = push_index(c, i);
			json_t *v = json_array_get(arr, i);
			if (expect_object(c, v, gkeys)) {
				p->overarching_goals[i].title = get_text(c, v, "title", VALID_TITLE, true);
				p->overarching_goals[i].text = get_text(c, v, "text", VALID_MARKDOWN, true);
			}
			pop(c, o2);
		}
		pop(c, old);
	}

	/* Chapters. */
	arr = get_array(c, root, "chapters", false, &p->nchapters);
	p->chapters = arena_array(&p->arena, p->nchapters, sizeof(*p->chapters));
	{
		size_t old = push_key(c, "chapters");
		for (size_t i = 0; i < p->nchapters && !c->failed; i++) {
			static const char *const ckeys[] = {"id", "title", "body", NULL};
			size_t o2 = push_index(c, i);
			json_t *v = json_array_get(arr, i);
			struct chapter *ch = &p->chapters[i];
			if (expect_object(c, v, ckeys)) {
				ch->id = get_text(c, v, "id", VALID_ID, true);
				size_t o3 = push_key(c, "id");
				for (size_t j = 0; j < i && !c->failed; j++)
					if (ch->id && strcmp(p->chapters[j].id, ch->id) == 0)
						fail(c, "duplicate chapter id \"%s\"", ch->id);
				pop(c, o3);
				ch->title = get_text(c, v, "title", VALID_TITLE, true);
				ch->body = get_text(c, v, "body", VALID_MARKDOWN, true);
			}
			pop(c, o2);
		}
		pop(c, old);
	}

	parse_units(c, root);

	/* Implementation steps. */
	arr = get_array(c, root, "implementation_steps", false, &p->nsteps);
	p->steps = arena_array(&p->arena, p->nsteps, sizeof(*p->steps));
	{
		size_t old = push_key(c, "implementation_steps");
		for (size_t i = 0; i < p->nsteps && !c->failed; i++) {
			static const char *const skeys[] = {"what", "who", "when",
			    "responsible", NULL};
			size_t o2 = push_index(c, i);
			json_t *v = json_array_get(arr, i);
			struct implementation_step *s = &p->steps[i];
			if (expect_object(c, v, skeys)) {
				s->what = get_text(c, v, "what", VALID_LINE, true);
				s->who = get_text(c, v, "who", VALID_LINE, true);
				s->when = get_text(c, v, "when", VALID_TITLE, false);
				s->responsible = get_unit_refs(c, v, "responsible", &s->nresponsible);
			}
			pop(c, o2);
		}
		pop(c, old);
	}

	/* Themes → goals → measures → indicators. */
	struct idset theme_ids = {0}, goal_ids = {0}, measure_ids = {0};
	arr = get_array(c, root, "themes", true, &p->nthemes);
	p->themes = arena_array(&p->arena, p->nthemes, sizeof(*p->themes));
	{
		size_t old = push_key(c, "themes");
		for (size_t i = 0; i < p->nthemes && !c->failed; i++) {
			size_t o2 = push_index(c, i);
			parse_theme(c, json_array_get(arr, i), &p->themes[i], &theme_ids,
			    &goal_ids, &measure_ids);
			pop(c, o2);
		}
		pop(c, old);
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

/* Finds line and column (1-based, in bytes) of offset off. */
static void
line_col(const char *data, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Counts the JSON values in data[0..len) before jansson builds them, so
 * that the memory a file can make the parser use is bounded by
 * PLAN_VALUES_MAX and PLAN_DEPTH_MAX rather than by how many tiny values
 * fit in PLAN_FILE_MAX bytes. Keys are not counted (each comes with a
 * value). Text that is not JSON is left for jansson to report. Returns
 * true within the limits; otherwise false with err's message, line and
 * column at the value that crosses a limit. */
static bool
count_values(const char *data, size_t len, struct plan_error *err)
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
				line_col(data, start, &err->line, &err->column);
				snprintf(err->message, sizeof(err->message), "JSON nested deeper "
				    "than %u levels; a plan file needs far fewer", PLAN_DEPTH_MAX);
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
			line_col(data, start, &err->line, &err->column);
			snprintf(err->message, sizeof(err->message), "more than %u JSON values "
			    "(objects, arrays, strings, numbers, true, false, null); a plan "
			    "file holds at most %u", PLAN_VALUES_MAX, PLAN_VALUES_MAX);
			return false;
		}
	}
	return true;
}

struct plan *
plan_json_parse(const char *data, size_t len, struct plan_error *err)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->path, sizeof(err->path), "$");

	if (len > PLAN_FILE_MAX) {
		snprintf(err->message, sizeof(err->message),
		    "the file is %zu bytes; at most %u bytes are allowed", len,
		    PLAN_FILE_MAX);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		err->line = err->column = 1;
		snprintf(err->message, sizeof(err->message),
		    "the file starts with a byte-order mark; save it as UTF-8 without one");
		return NULL;
	}
	/* Report invalid UTF-8 with its position before the parser sees it. */
	size_t bad = text_utf8_invalid_at(data, len);
	if (bad < len) {
		line_col(data, bad, &err->line, &err->column);
		snprintf(err->message, sizeof(err->message),
		    "invalid UTF-8 (byte 0x%02x); plan files must be UTF-8",
		    (unsigned char)data[bad]);
		return NULL;
	}

	if (!count_values(data, len, err))
		return NULL;

	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		err->line = jerr.line > 0 ? jerr.line : 0;
		err->column = jerr.column > 0 ? jerr.column : 0;
		snprintf(err->message, sizeof(err->message), "invalid JSON: %s", jerr.text);
		return NULL;
	}

	struct ctx c = {.plan = plan_new(), .err = err};
	snprintf(c.path, sizeof(c.path), "$");
	c.pathlen = 1;
	parse_plan(&c, root);
	json_decref(root);
	/* Export writes every optional key: the plan written out in full must
	 * fit the limit too, or its export could not be imported again. */
	size_t full;
	if (!c.failed && (full = plan_json_values(c.plan)) > PLAN_VALUES_MAX)
		fail(&c, "written out in full (export writes every optional key), this "
		    "plan holds %zu JSON values; at most %u are allowed", full,
		    PLAN_VALUES_MAX);
	if (c.failed) {
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
		fail(c, "the text is not valid UTF-8 (byte 0x%02x at byte %zu) and cannot "
		    "be written as JSON; it was changed in the database by other means "
		    "than import", (unsigned char)s[bad], bad);
		return NULL;
	}
	return json_stringn(s, n);
}

/* Sets obj[key] to the text s (null for NULL). */
static void
put_text(struct ctx *c, json_t *obj, const char *key, const char *s)
{
	if (c->failed)
		return;
	size_t old = push_key(c, key);
	json_t *v = text_json(c, s);
	pop(c, old);
	if (v != NULL)
		json_object_set_new(obj, key, v);
}

/* Sets obj[key] to the list of unit ids. */
static void
put_unit_refs(struct ctx *c, json_t *obj, const char *key, char **ids, size_t n)
{
	json_t *a = json_array();
	size_t old = push_key(c, key);
	for (size_t i = 0; i < n && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		json_t *v = text_json(c, ids[i]);
		pop(c, o2);
		if (v != NULL)
			json_array_append_new(a, v);
	}
	pop(c, old);
	json_object_set_new(obj, key, a);
}

static json_t *
export_measure(struct ctx *c, const struct measure *m)
{
	json_t *o = json_object();
	put_text(c, o, "id", m->id);
	put_text(c, o, "title", m->title);
	json_object_set_new(o, "kind", json_string(measure_kind_name(m->kind)));
	put_text(c, o, "description", m->description);
	json_t *inds = json_array();
	size_t old = push_key(c, "indicators");
	for (size_t i = 0; i < m->nindicators && !c->failed; i++) {
		const struct indicator *ind = &m->indicators[i];
		size_t o2 = push_index(c, i);
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
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(o, "indicators", inds);
	return o;
}

static void
export_themes(struct ctx *c, json_t *root, const struct plan *p)
{
	json_t *a = json_array();
	size_t old = push_key(c, "themes");
	for (size_t t = 0; t < p->nthemes && !c->failed; t++) {
		const struct theme *th = &p->themes[t];
		size_t o2 = push_index(c, t);
		json_t *to = json_object();
		put_text(c, to, "id", th->id);
		put_text(c, to, "title", th->title);
		put_text(c, to, "background", th->background);
		put_text(c, to, "challenge", th->challenge);
		json_t *goals = json_array();
		size_t o3 = push_key(c, "goals");
		for (size_t g = 0; g < th->ngoals && !c->failed; g++) {
			const struct goal *go = &th->goals[g];
			size_t o4 = push_index(c, g);
			json_t *gobj = json_object();
			put_text(c, gobj, "id", go->id);
			put_text(c, gobj, "text", go->text);
			json_t *ms = json_array();
			size_t o5 = push_key(c, "measures");
			for (size_t m = 0; m < go->nmeasures && !c->failed; m++) {
				size_t o6 = push_index(c, m);
				json_array_append_new(ms, export_measure(c, &go->measures[m]));
				pop(c, o6);
			}
			pop(c, o5);
			json_object_set_new(gobj, "measures", ms);
			json_array_append_new(goals, gobj);
			pop(c, o4);
		}
		pop(c, o3);
		json_object_set_new(to, "goals", goals);
		json_array_append_new(a, to);
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "themes", a);
}

/* Builds the whole document; on failure c->failed is set and the caller
 * throws the partial document away. */
static json_t *
export_plan(struct ctx *c, const struct plan *p)
{
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
		size_t old = push_key(c, "adoption");
		put_text(c, a, "date", p->adoption_date);
		put_text(c, a, "body", p->adoption_body);
		put_text(c, a, "case_reference", p->adoption_case);
		pop(c, old);
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
	size_t old = push_key(c, "organisations");
	for (size_t i = 0; i < p->norganisations && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		json_t *o = json_object();
		put_text(c, o, "id", p->organisations[i].id);
		put_text(c, o, "name", p->organisations[i].name);
		json_array_append_new(a, o);
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "organisations", a);

	a = json_array();
	old = push_key(c, "overarching_goals");
	for (size_t i = 0; i < p->noverarching_goals && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		json_t *o = json_object();
		put_text(c, o, "title", p->overarching_goals[i].title);
		put_text(c, o, "text", p->overarching_goals[i].text);
		json_array_append_new(a, o);
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "overarching_goals", a);

	a = json_array();
	old = push_key(c, "chapters");
	for (size_t i = 0; i < p->nchapters && !c->failed; i++) {
		size_t o2 = push_index(c, i);
		json_t *o = json_object();
		put_text(c, o, "id", p->chapters[i].id);
		put_text(c, o, "title", p->chapters[i].title);
		put_text(c, o, "body", p->chapters[i].body);
		json_array_append_new(a, o);
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "chapters", a);

	a = json_array();
	old = push_key(c, "units");
	for (size_t i = 0; i < p->nunits && !c->failed; i++) {
		const struct unit *u = &p->units[i];
		size_t o2 = push_index(c, i);
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
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "units", a);

	a = json_array();
	old = push_key(c, "implementation_steps");
	for (size_t i = 0; i < p->nsteps && !c->failed; i++) {
		const struct implementation_step *s = &p->steps[i];
		size_t o2 = push_index(c, i);
		json_t *o = json_object();
		put_text(c, o, "what", s->what);
		put_text(c, o, "who", s->who);
		put_text(c, o, "when", s->when);
		put_unit_refs(c, o, "responsible", s->responsible, s->nresponsible);
		json_array_append_new(a, o);
		pop(c, o2);
	}
	pop(c, old);
	json_object_set_new(root, "implementation_steps", a);

	export_themes(c, root, p);
	return root;
}

char *
plan_json_export(const struct plan *p, size_t *len, struct plan_error *err)
{
	memset(err, 0, sizeof(*err));
	struct ctx c = {.err = err};
	snprintf(c.path, sizeof(c.path), "$");
	c.pathlen = 1;
	json_t *root = export_plan(&c, p);
	if (c.failed) {
		json_decref(root);
		return NULL;
	}
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL) {
		/* Every value was checked above: only memory can be missing. */
		fputs("tiltak: out of memory\n", stderr);
		abort();
	}
	size_t n = strlen(s);
	char *out = xmalloc(n + 2);
	memcpy(out, s, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(s);
	if (len)
		*len = n + 1;
	return out;
}
