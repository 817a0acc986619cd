/* h_plan_items.c — editing the items of a plan (issue 7 §7): themes,
 * goals, measures, indicators, units, chapters, implementation steps and
 * overarching goals, each added, edited, deleted and moved through the
 * same four handlers.
 * The route says which kind (items[] names each kind's routes); each
 * kind's fields are listed once, in an X-macro that makes both the
 * route's form fields and the bindings of those fields to the members of
 * the item's struct.
 *
 * A new item's id is made from its title (plan_edit_new_id) unless one
 * is given; ids and indicator numbers cannot be changed afterwards: they
 * are what addresses, later plans and status reports refer to.
 * Implementation steps and overarching goals have no id: their address
 * names their place in the list (from 1). */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_edit.h"
#include "http/edit.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/html.h"
#include "views/layout.h"
#include "views/pages.h"

/* How a form field reaches its member of the item. */
enum bind_how {
	B_TEXT,     /* char *: the text, or NULL when empty */
	B_ENUM,     /* an enum, by its wire name (valid_fields[].parse) */
	B_NUMBER,   /* int */
	B_UNITS,    /* char **responsible, size_t nresponsible: unit ids */
	B_ORG,      /* char *: one of the plan's organisations, or NULL */
};

struct bind {
	const char       *name;
	enum valid_kind   valid;
	bool              required;
	enum bind_how     how;
	size_t            off;      /* of the member in the item's struct */
	enum edit_widget  widget;
	const char       *label;    /* msgid */
	const char       *hint;     /* msgid or NULL */
};

/* Enums are written through an int (same size: checked here), unit
 * lists as the pointer and the count that follows it. */
static_assert(sizeof(enum measure_kind) == sizeof(int), "enum size");
static_assert(sizeof(enum resource_category) == sizeof(int), "enum size");
static_assert(sizeof(enum unit_kind) == sizeof(int), "enum size");
static_assert(offsetof(struct indicator, nresponsible) ==
    offsetof(struct indicator, responsible) + sizeof(char **), "unit list");
static_assert(offsetof(struct implementation_step, nresponsible) ==
    offsetof(struct implementation_step, responsible) + sizeof(char **), "unit list");

#define MD_HINT N_("Markdown: a blank line between paragraphs, a line starting " \
    "with “* ” for each point of a list.")
#define ID_HINT N_("Short and lower-case (a-z, 0-9 and -), unique in the plan: it " \
    "is part of addresses and cannot be changed later. Left empty, it is made " \
    "from the title.")

/* X(struct, field, kind, required, how, member, widget, label, hint) */
#define THEME_FIELDS(X) \
	X(theme, "title", VALID_TITLE, true, B_TEXT, title, EW_TEXT, N_("Title"), NULL) \
	X(theme, "background", VALID_MARKDOWN, false, B_TEXT, background, EW_TEXTAREA, \
	    N_("Background"), MD_HINT) \
	X(theme, "challenge", VALID_MARKDOWN, false, B_TEXT, challenge, EW_TEXTAREA, \
	    N_("Challenge"), MD_HINT)
#define GOAL_FIELDS(X) \
	X(goal, "text", VALID_LINE, true, B_TEXT, text, EW_TEXT, N_("Goal"), NULL)
#define MEASURE_FIELDS(X) \
	X(measure, "title", VALID_LINE, true, B_TEXT, title, EW_TEXT, N_("Measure"), \
	    N_("As the plan words it.")) \
	X(measure, "kind", VALID_MEASURE_KIND, true, B_ENUM, kind, EW_SELECT, \
	    N_("Kind of measure"), NULL) \
	X(measure, "description", VALID_MARKDOWN, false, B_TEXT, description, \
	    EW_TEXTAREA, N_("Description"), MD_HINT)
#define INDICATOR_FIELDS(X) \
	X(indicator, "text", VALID_LINE, true, B_TEXT, text, EW_TEXT, N_("Indicator"), \
	    NULL) \
	X(indicator, "responsible", VALID_ID, false, B_UNITS, responsible, \
	    EW_CHECKBOXES, N_("Responsible units"), NULL) \
	X(indicator, "responsible_note", VALID_LINE, false, B_TEXT, responsible_note, \
	    EW_TEXT, N_("Responsibility as the plan words it"), N_("Where the plan " \
	    "says more than the units' names, e.g. “… in cooperation with …”.")) \
	X(indicator, "resource_note", VALID_LINE, false, B_TEXT, resource_note, EW_TEXT, \
	    N_("Resources and economy"), N_("The plan's own words.")) \
	X(indicator, "resource_category", VALID_RESOURCE_CATEGORY, true, B_ENUM, \
	    resource_category, EW_SELECT, N_("Resource category"), N_("What the " \
	    "budget process needs to know.")) \
	X(indicator, "deadline", VALID_DATE, false, B_TEXT, deadline, EW_DATE, \
	    N_("Deadline"), NULL)
#define UNIT_FIELDS(X) \
	X(unit, "name", VALID_TITLE, true, B_TEXT, name, EW_TEXT, N_("Name"), NULL) \
	X(unit, "kind", VALID_UNIT_KIND, true, B_ENUM, kind, EW_SELECT, \
	    N_("Internal or external"), NULL) \
	X(unit, "organisation", VALID_ID, false, B_ORG, organisation, EW_SELECT, \
	    N_("Organisation"), N_("For an internal unit: the owner of the plan it " \
	    "belongs to."))
#define CHAPTER_FIELDS(X) \
	X(chapter, "title", VALID_TITLE, true, B_TEXT, title, EW_TEXT, N_("Title"), NULL) \
	X(chapter, "body", VALID_MARKDOWN, true, B_TEXT, body, EW_TEXTAREA, N_("Text"), \
	    MD_HINT)
#define STEP_FIELDS(X) \
	X(implementation_step, "what", VALID_LINE, true, B_TEXT, what, EW_TEXT, \
	    N_("What"), NULL) \
	X(implementation_step, "who", VALID_LINE, true, B_TEXT, who, EW_TEXT, N_("Who"), \
	    NULL) \
	X(implementation_step, "when", VALID_TITLE, false, B_TEXT, when, EW_TEXT, \
	    N_("When"), NULL) \
	X(implementation_step, "responsible", VALID_ID, false, B_UNITS, responsible, \
	    EW_CHECKBOXES, N_("Responsible units"), NULL)
#define OVERARCHING_FIELDS(X) \
	X(overarching_goal, "title", VALID_TITLE, true, B_TEXT, title, EW_TEXT, \
	    N_("Title"), NULL) \
	X(overarching_goal, "text", VALID_MARKDOWN, true, B_TEXT, text, EW_TEXTAREA, \
	    N_("Text"), MD_HINT)

#define ROUTE_FIELD(type, name, valid, req, how, member, w, label, hint) \
	{name, valid, .required = req, .many = how == B_UNITS},
#define BIND(type, name, valid, req, how, member, w, label, hint) \
	{name, valid, req, how, offsetof(struct type, member), w, label, hint},
#define REVISION_FIELD {"revision", VALID_REVISION, .required = true}
#define ID_FIELD {"id", VALID_ID, .required = false}
#define ID_BIND(type) \
	{"id", VALID_ID, false, B_TEXT, offsetof(struct type, id), EW_TEXT, N_("Id"), \
	    ID_HINT}
#define END_FIELD {.name = NULL}

const struct route_field edit_delete_fields[] = {REVISION_FIELD, END_FIELD};
const struct route_field edit_move_fields[] = {
	REVISION_FIELD,
	{"to", VALID_POSITION, .required = true},
	END_FIELD,
};

const struct route_field edit_theme_fields[] = {REVISION_FIELD, THEME_FIELDS(ROUTE_FIELD)
    END_FIELD};
const struct route_field edit_theme_add_fields[] = {REVISION_FIELD,
    THEME_FIELDS(ROUTE_FIELD) ID_FIELD, END_FIELD};
const struct route_field edit_goal_fields[] = {REVISION_FIELD, GOAL_FIELDS(ROUTE_FIELD)
    END_FIELD};
const struct route_field edit_goal_add_fields[] = {REVISION_FIELD,
    GOAL_FIELDS(ROUTE_FIELD) ID_FIELD, END_FIELD};
const struct route_field edit_measure_fields[] = {REVISION_FIELD,
    MEASURE_FIELDS(ROUTE_FIELD) END_FIELD};
const struct route_field edit_measure_add_fields[] = {REVISION_FIELD,
    MEASURE_FIELDS(ROUTE_FIELD) ID_FIELD, END_FIELD};
const struct route_field edit_indicator_fields[] = {REVISION_FIELD,
    INDICATOR_FIELDS(ROUTE_FIELD) END_FIELD};
const struct route_field edit_indicator_add_fields[] = {REVISION_FIELD,
    INDICATOR_FIELDS(ROUTE_FIELD) {"number", VALID_INDICATOR_NUMBER, .required = false}, END_FIELD};
const struct route_field edit_unit_fields[] = {REVISION_FIELD, UNIT_FIELDS(ROUTE_FIELD)
    END_FIELD};
const struct route_field edit_unit_add_fields[] = {REVISION_FIELD,
    UNIT_FIELDS(ROUTE_FIELD) ID_FIELD, END_FIELD};
const struct route_field edit_chapter_fields[] = {REVISION_FIELD,
    CHAPTER_FIELDS(ROUTE_FIELD) END_FIELD};
const struct route_field edit_chapter_add_fields[] = {REVISION_FIELD,
    CHAPTER_FIELDS(ROUTE_FIELD) ID_FIELD, END_FIELD};
const struct route_field edit_step_fields[] = {REVISION_FIELD, STEP_FIELDS(ROUTE_FIELD)
    END_FIELD};
const struct route_field edit_step_add_fields[] = {REVISION_FIELD,
    STEP_FIELDS(ROUTE_FIELD) END_FIELD};
const struct route_field edit_overarching_fields[] = {REVISION_FIELD,
    OVERARCHING_FIELDS(ROUTE_FIELD) END_FIELD};
const struct route_field edit_overarching_add_fields[] = {REVISION_FIELD,
    OVERARCHING_FIELDS(ROUTE_FIELD) END_FIELD};

/* Each kind's bindings: its fields, then (on the form for a new one
 * only) its id or number. The first field is the one a new id is made
 * from. */
static const struct bind theme_binds[] = {THEME_FIELDS(BIND) ID_BIND(theme), {.name = NULL}};
static const struct bind goal_binds[] = {GOAL_FIELDS(BIND) ID_BIND(goal), {.name = NULL}};
static const struct bind measure_binds[] = {MEASURE_FIELDS(BIND) ID_BIND(measure),
    {.name = NULL}};
static const struct bind indicator_binds[] = {INDICATOR_FIELDS(BIND)
    {"number", VALID_INDICATOR_NUMBER, false, B_NUMBER,
    offsetof(struct indicator, number), EW_NUMBER, N_("Number"), N_("Its number in "
    "the measure (1, 2, …): status reports refer to it, so it cannot be changed "
    "later.")}, {.name = NULL}};
static const struct bind unit_binds[] = {UNIT_FIELDS(BIND) ID_BIND(unit), {.name = NULL}};
static const struct bind chapter_binds[] = {CHAPTER_FIELDS(BIND) ID_BIND(chapter),
    {.name = NULL}};
static const struct bind step_binds[] = {STEP_FIELDS(BIND) {.name = NULL}};
static const struct bind overarching_binds[] = {OVERARCHING_FIELDS(BIND) {.name = NULL}};

/* Whether a binding is only on the form for a new item. */
static bool
new_only(const struct bind *b)
{
	return strcmp(b->name, "id") == 0 || strcmp(b->name, "number") == 0;
}

/* A kind of item: its routes, its bindings and the size of its struct. */
static const struct item_kind {
	enum route_id      add, edit, del, move;
	const struct bind *binds;
	size_t             size;
} items[EDIT_KIND__MAX] = {
	[EDIT_THEME] = {ROUTE_THEME_ADD, ROUTE_THEME_EDIT, ROUTE_THEME_DELETE,
	    ROUTE_THEME_MOVE, theme_binds, sizeof(struct theme)},
	[EDIT_GOAL] = {ROUTE_GOAL_ADD, ROUTE_GOAL_EDIT, ROUTE_GOAL_DELETE,
	    ROUTE_GOAL_MOVE, goal_binds, sizeof(struct goal)},
	[EDIT_MEASURE] = {ROUTE_MEASURE_ADD, ROUTE_MEASURE_EDIT, ROUTE_MEASURE_DELETE,
	    ROUTE_MEASURE_MOVE, measure_binds, sizeof(struct measure)},
	[EDIT_INDICATOR] = {ROUTE_INDICATOR_ADD, ROUTE_INDICATOR_EDIT,
	    ROUTE_INDICATOR_DELETE, ROUTE_INDICATOR_MOVE, indicator_binds,
	    sizeof(struct indicator)},
	[EDIT_UNIT] = {ROUTE_UNIT_ADD, ROUTE_UNIT_EDIT, ROUTE_UNIT_DELETE,
	    ROUTE_UNIT_MOVE, unit_binds, sizeof(struct unit)},
	[EDIT_CHAPTER] = {ROUTE_CHAPTER_ADD, ROUTE_CHAPTER_EDIT, ROUTE_CHAPTER_DELETE,
	    ROUTE_CHAPTER_MOVE, chapter_binds, sizeof(struct chapter)},
	[EDIT_STEP] = {ROUTE_STEP_ADD, ROUTE_STEP_EDIT, ROUTE_STEP_DELETE,
	    ROUTE_STEP_MOVE, step_binds, sizeof(struct implementation_step)},
	[EDIT_OVERARCHING] = {ROUTE_OVERARCHING_ADD, ROUTE_OVERARCHING_EDIT,
	    ROUTE_OVERARCHING_DELETE, ROUTE_OVERARCHING_MOVE, overarching_binds,
	    sizeof(struct overarching_goal)},
};

/* The kind whose routes include req's. */
static enum edit_kind
kind_of(const struct request *req)
{
	for (int k = 0; k < EDIT_KIND__MAX; k++) {
		const struct item_kind *ik = &items[k];
		if (req->route == &routes[ik->add] || req->route == &routes[ik->edit] ||
		    req->route == &routes[ik->del] || req->route == &routes[ik->move])
			return (enum edit_kind)k;
	}
	return EDIT_THEME;   /* not reached: the table names every route */
}

/* ---- members ---- */

#define MEMBER(item, b, type) ((type *)(void *)((char *)(item) + (b)->off))
#define CMEMBER(item, b, type) \
	((type const *)(const void *)((const char *)(item) + (b)->off))

/* An enum's wire name, and its options with their labels. */
static const char *
enum_name(enum valid_kind k, int v)
{
	switch (k) {
	case VALID_MEASURE_KIND:      return measure_kind_name((enum measure_kind)v);
	case VALID_RESOURCE_CATEGORY: return resource_category_name((enum resource_category)v);
	default:                      return unit_kind_name((enum unit_kind)v);
	}
}

static const char *
enum_label(enum valid_kind k, int v)
{
	switch (k) {
	case VALID_MEASURE_KIND:      return label_measure_kind((enum measure_kind)v);
	case VALID_RESOURCE_CATEGORY: return label_resource_category((enum resource_category)v);
	default:                      return label_unit_kind((enum unit_kind)v);
	}
}

static int
enum_count(enum valid_kind k)
{
	switch (k) {
	case VALID_MEASURE_KIND:      return MEASURE_KIND__MAX;
	case VALID_RESOURCE_CATEGORY: return RESOURCE_CATEGORY__MAX;
	default:                      return UNIT_KIND__MAX;
	}
}

/* A field's choices: an enum's values, the plan's units or its
 * organisations (with "none" first). */
static struct option *
options_of(struct edit_ctx *c, const struct bind *b, size_t *n)
{
	const struct plan *p = c->plan;
	struct option *o;
	*n = 0;
	switch (b->how) {
	case B_ENUM:
		o = arena_array(&c->scratch, (size_t)enum_count(b->valid), sizeof(*o));
		for (int i = 0; i < enum_count(b->valid); i++)
			o[(*n)++] = (struct option){enum_name(b->valid, i), enum_label(b->valid, i)};
		return o;
	case B_UNITS:
		o = arena_array(&c->scratch, p->nunits + 1, sizeof(*o));
		for (size_t i = 0; i < p->nunits; i++)
			o[(*n)++] = (struct option){p->units[i].id, p->units[i].name};
		return o;
	case B_ORG:
		o = arena_array(&c->scratch, p->norganisations + 1, sizeof(*o));
		o[(*n)++] = (struct option){"", _("(none: an external unit)")};
		for (size_t i = 0; i < p->norganisations; i++)
			o[(*n)++] = (struct option){p->organisations[i].id,
			    p->organisations[i].name};
		return o;
	default:
		return NULL;
	}
}

/* What an item holds in a field, as the form sends it (units: *units
 * and *nunits). */
static const char *
member_value(struct edit_ctx *c, const struct bind *b, const void *item,
    const char *const **units, size_t *nunits)
{
	switch (b->how) {
	case B_TEXT:
	case B_ORG:
		return *CMEMBER(item, b, char *);
	case B_ENUM:
		return enum_name(b->valid, *CMEMBER(item, b, int));
	case B_NUMBER:
		return edit_num(c, *CMEMBER(item, b, int), true);
	case B_UNITS:
		*units = (const char *const *)*CMEMBER(item, b, char **);
		*nunits = *(const size_t *)(const void *)((const char *)item + b->off +
		    sizeof(char **));
		return NULL;
	}
	return NULL;
}

/* The unit ids as the plan names them, for a hint ("A, B"). */
static const char *
unit_names(struct edit_ctx *c, const char *const *ids, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = plan_unit(c->plan, ids[i]);
		len += strlen(u ? u->name : ids[i]) + 2;
	}
	char *s = arena_alloc(&c->scratch, len);
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = plan_unit(c->plan, ids[i]);
		if (i)
			strcat(s, ", ");
		strcat(s, u ? u->name : ids[i]);
	}
	return n ? s : NULL;
}

/* Whether two lists of ids hold the same ids. */
static bool
same_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = strcmp(a[i], b[k]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* ---- addresses ---- */

/* The item's address (its form), in the scratch arena. */
static const char *
item_path(struct edit_ctx *c, const struct edit_ref *ref)
{
	const struct plan *p = c->plan;
	const void *item = plan_edit_item(p, ref);
	char n[24];
	char *s = NULL;
	switch (ref->kind) {
	case EDIT_THEME:
		s = url_path("admin", "plans", p->id, "themes",
		    ((const struct theme *)item)->id, NULL);
		break;
	case EDIT_GOAL:
		s = url_path("admin", "plans", p->id, "goals", ((const struct goal *)item)->id,
		    NULL);
		break;
	case EDIT_MEASURE:
		s = url_path("admin", "plans", p->id, "measures",
		    ((const struct measure *)item)->id, NULL);
		break;
	case EDIT_INDICATOR:
		snprintf(n, sizeof(n), "%d", ((const struct indicator *)item)->number);
		s = url_path("admin", "plans", p->id, "measures",
		    p->themes[ref->theme].goals[ref->goal].measures[ref->measure].id,
		    "indicators", n, NULL);
		break;
	case EDIT_UNIT:
		s = url_path("admin", "plans", p->id, "units", ((const struct unit *)item)->id,
		    NULL);
		break;
	case EDIT_CHAPTER:
		s = url_path("admin", "plans", p->id, "chapters",
		    ((const struct chapter *)item)->id, NULL);
		break;
	default:
		/* A step or an overarching goal: by its place. */
		snprintf(n, sizeof(n), "%zu", ref->index + 1);
		s = url_path("admin", "plans", p->id, ref->kind == EDIT_STEP ? "steps" :
		    "overarching-goals", n, NULL);
		break;
	}
	const char *out = arena_strdup(&c->scratch, s);
	free(s);
	return out;
}

/* The address of the form for a new item of kind under parent. */
static const char *
add_path(struct edit_ctx *c, enum edit_kind kind, const struct edit_ref *parent)
{
	const struct plan *p = c->plan;
	char *s;
	switch (kind) {
	case EDIT_GOAL:
		s = url_path("admin", "plans", p->id, "themes", p->themes[parent->index].id,
		    "add-goal", NULL);
		break;
	case EDIT_MEASURE:
		s = url_path("admin", "plans", p->id, "goals",
		    p->themes[parent->theme].goals[parent->index].id, "add-measure", NULL);
		break;
	case EDIT_INDICATOR:
		s = url_path("admin", "plans", p->id, "measures",
		    p->themes[parent->theme].goals[parent->goal].measures[parent->index].id,
		    "add-indicator", NULL);
		break;
	default: {
		char leaf[32];
		snprintf(leaf, sizeof(leaf), "add-%s", edit_kind_name(kind));
		s = url_path("admin", "plans", p->id, leaf, NULL);
		break;
	}
	}
	const char *out = arena_strdup(&c->scratch, s);
	free(s);
	return out;
}

/* The item's key for the audit trail and its anchor on the overview
 * ("theme-ID", "indicator-MEASURE-N", "step-N", "overarching-goal-N"). */
static const char *
item_key(struct edit_ctx *c, const struct edit_ref *ref, bool anchor)
{
	const struct plan *p = c->plan;
	const void *item = plan_edit_item(p, ref);
	char b[200];
	switch (ref->kind) {
	case EDIT_INDICATOR:
		snprintf(b, sizeof(b), anchor ? "%s-%d" : "%s/%d",
		    p->themes[ref->theme].goals[ref->goal].measures[ref->measure].id,
		    ((const struct indicator *)item)->number);
		break;
	case EDIT_STEP:
	case EDIT_OVERARCHING:
		snprintf(b, sizeof(b), "%zu", ref->index + 1);
		break;
	default:
		/* Every other kind begins with its id. */
		snprintf(b, sizeof(b), "%s", *(char *const *)item);
		break;
	}
	if (!anchor)
		return arena_strdup(&c->scratch, b);
	char a[240];
	snprintf(a, sizeof(a), "%s-%s", edit_kind_name(ref->kind), b);
	return arena_strdup(&c->scratch, a);
}

/* What the item is called on the pages: a title, a text, a name. */
static const char *
item_name(struct edit_ctx *c, const struct edit_ref *ref)
{
	const void *item = plan_edit_item(c->plan, ref);
	const struct bind *b = &items[ref->kind].binds[0];
	const char *v = *CMEMBER(item, b, char *);
	if (ref->kind != EDIT_INDICATOR)
		return v;
	char n[24];
	snprintf(n, sizeof(n), "%d. ", ((const struct indicator *)item)->number);
	char *s = arena_alloc(&c->scratch, strlen(n) + strlen(v) + 1);
	strcpy(s, n);
	strcat(s, v);
	return s;
}

/* ---- finding the item ---- */

/* A number in an address (an indicator's, a step's place), or 0. */
static int
param_number(const struct request *req)
{
	const char *s = req_param(req, PARAM_N);
	if (s == NULL || s[0] < '1' || s[0] > '9' || strlen(s) > 4 ||
	    strspn(s, "0123456789") != strlen(s))
		return 0;
	return atoi(s);
}

/* The item the address names, if the plan has it. */
static bool
find_item(const struct request *req, const struct edit_ctx *c, enum edit_kind k,
    struct edit_ref *ref)
{
	static const enum route_param key[EDIT_KIND__MAX] = {
		[EDIT_THEME] = PARAM_THEME, [EDIT_GOAL] = PARAM_GOAL,
		[EDIT_MEASURE] = PARAM_MEASURE, [EDIT_INDICATOR] = PARAM_MEASURE,
		[EDIT_UNIT] = PARAM_UNIT, [EDIT_CHAPTER] = PARAM_CHAPTER,
		[EDIT_STEP] = PARAM_N, [EDIT_OVERARCHING] = PARAM_N,
	};
	bool by_place = k == EDIT_STEP || k == EDIT_OVERARCHING;
	return plan_edit_find(c->plan, k, by_place ? NULL : req_param(req, key[k]),
	    param_number(req), ref);
}

/* The parent a new item of kind k goes under (a goal's theme, a
 * measure's goal, an indicator's measure), if the plan has it; the
 * other kinds have none, and always find it. */
static bool
find_parent(const struct request *req, const struct edit_ctx *c, enum edit_kind k,
    struct edit_ref *parent)
{
	memset(parent, 0, sizeof(*parent));
	switch (k) {
	case EDIT_GOAL:
		return plan_edit_find(c->plan, EDIT_THEME, req_param(req, PARAM_THEME), 0, parent);
	case EDIT_MEASURE:
		return plan_edit_find(c->plan, EDIT_GOAL, req_param(req, PARAM_GOAL), 0, parent);
	case EDIT_INDICATOR:
		return plan_edit_find(c->plan, EDIT_MEASURE, req_param(req, PARAM_MEASURE), 0,
		    parent);
	default:
		return true;
	}
}

static void
not_found(struct reply *r, enum edit_kind k)
{
	static const char *const msg[EDIT_KIND__MAX] = {
		N_("This plan has no theme at this address."),
		N_("This plan has no goal at this address."),
		N_("This plan has no measure at this address."),
		N_("This plan has no indicator at this address."),
		N_("This plan has no unit at this address."),
		N_("This plan has no chapter at this address."),
		N_("This plan has no implementation step at this address."),
		N_("This plan has no overarching goal at this address."),
	};
	reply_error(r, 404, msg[k]);
}

/* ---- the form ---- */

/* The form of an item of kind k: a new one (ref NULL; under parent) or
 * the item ref names. Values come from f when a form was sent, else from
 * the item (for a new one, defaults); after a conflict (status 409) each
 * field where the plan now says something else than was sent says so. */
static void
item_page(struct request *req, struct reply *r, struct edit_ctx *c, enum edit_kind k,
    const struct edit_ref *parent, const struct edit_ref *ref, const struct form *f,
    struct edit_problems *ps, int status, const char *notice)
{
	(void)req;
	const struct item_kind *ik = &items[k];
	/* A new item's defaults: zero is each enum's default; the next
	 * number for an indicator. */
	char *blank = arena_alloc(&c->scratch, ik->size);
	if (k == EDIT_INDICATOR && ref == NULL)
		((struct indicator *)(void *)blank)->number = plan_edit_next_number(c->plan,
		    parent);
	const void *item = ref ? plan_edit_item(c->plan, ref) : blank;
	edit_form_problems(f, ps);
	size_t nb = 0;
	while (ik->binds[nb].name)
		nb++;
	struct edit_field_view *fields = arena_array(&c->scratch, nb, sizeof(*fields));
	size_t nf = 0;
	for (size_t i = 0; i < nb; i++) {
		const struct bind *b = &ik->binds[i];
		if (ref != NULL && new_only(b))
			continue;
		struct edit_field_view *fv = &fields[nf++];
		fv->name = b->name;
		fv->label = _(b->label);
		fv->hint = b->hint ? _(b->hint) : NULL;
		fv->widget = b->widget;
		fv->required = b->required;
		fv->options = options_of(c, b, &fv->noptions);
		fv->error = edit_error_at(f, ps, b->name);
		const char *const *saved_units = NULL;
		size_t nsaved = 0;
		const char *saved = member_value(c, b, item, &saved_units, &nsaved);
		if (b->how == B_UNITS) {
			fv->values = saved_units;
			fv->nvalues = nsaved;
			if (f != NULL)
				fv->values = edit_form_all(c, f, b->name, &fv->nvalues);
		} else {
			fv->value = f ? form_get(f, b->name) : saved;
		}
		if (status != 409 || ref == NULL)
			continue;
		if (b->how == B_UNITS) {
			fv->changed = !same_set(fv->values, fv->nvalues, saved_units, nsaved);
			fv->current = unit_names(c, saved_units, nsaved);
		} else {
			fv->changed = strcmp(fv->value ? fv->value : "", saved ? saved : "") != 0;
			fv->current = saved && *saved ? (b->how == B_ENUM ?
			    enum_label(b->valid, *CMEMBER(item, b, int)) : saved) : NULL;
		}
	}
	struct crumb cr[3];
	edit_crumbs(c, cr);
	struct edit_form_view form = {.action = ref ? item_path(c, ref) :
	    add_path(c, k, parent), .submit = ref ? _("Save") : edit_text(k, ET_ADD),
	    .revision = c->rev.number, .fields = fields, .nfields = nf};
	struct edit_page_view v = {.user = &c->user,
	    .title = edit_text(k, ref ? ET_EDIT : ET_NEW), .crumbs = cr, .ncrumbs = 3,
	    .lead = ref ? item_name(c, ref) : NULL, .notice = notice,
	    .notice_error = notice != NULL, .problems = ps->p, .nproblems = ps->n,
	    .forms = &form, .nforms = 1, .back = cr[2].href};
	size_t len;
	char *body = page_edit_form(&v, &len);
	handler_private_page(r, body, len, status);
}

/* Checks what f sends for an item of kind k (ref: the item, or NULL for
 * a new one under parent) beyond what the decoder checked; sets id (a
 * new item's id, given or made) and *number (a new indicator's). */
static void
item_check(struct edit_ctx *c, enum edit_kind k, const struct edit_ref *parent,
    const struct edit_ref *ref, const struct form *f, struct edit_problems *ps,
    char id[PLAN_ID_MAX + 1], int *number)
{
	const struct plan *p = c->plan;
	for (const struct bind *b = items[k].binds; b->name; b++) {
		if (b->how == B_UNITS) {
			size_t n;
			const char **ids = edit_form_all(c, f, b->name, &n);
			for (size_t i = 0; i < n; i++)
				if (plan_unit(p, ids[i]) == NULL)
					edit_problem(ps, b->name, _("Choose among this plan's units."));
		} else if (b->how == B_ORG) {
			const char *o = form_get(f, b->name);
			bool ok = o == NULL || *o == '\0';
			for (size_t i = 0; !ok && i < p->norganisations; i++)
				ok = strcmp(p->organisations[i].id, o) == 0;
			if (!ok)
				edit_problem(ps, b->name, _("Choose one of the plan's owners, or "
				    "none."));
		}
	}
	if (ref != NULL)
		return;
	if (k == EDIT_INDICATOR) {
		const char *n = form_get(f, "number");
		*number = n && *n ? atoi(n) : plan_edit_next_number(p, parent);
		if (plan_edit_number_taken(p, parent, *number))
			edit_problem(ps, "number", _("This measure has an indicator with this "
			    "number already."));
		return;
	}
	if (k == EDIT_STEP || k == EDIT_OVERARCHING)
		return;
	const char *given = form_get(f, "id");
	if (given && *given) {
		snprintf(id, PLAN_ID_MAX + 1, "%s", given);
		if (plan_edit_id_taken(p, k, id))
			edit_problem(ps, "id", _("This id is taken in the plan: choose another, "
			    "or leave it empty."));
		return;
	}
	/* A unit of an organisation is named after it ("bodo-barnevern"). */
	const char *org = k == EDIT_UNIT ? form_get(f, "organisation") : NULL;
	plan_edit_new_id(p, k, form_get(f, items[k].binds[0].name), org && *org ? org : NULL,
	    NULL, NULL, id);
}

/* Writes what f sends into item (a new one gets id and number). */
static void
item_apply(struct edit_ctx *c, enum edit_kind k, void *item, bool adding,
    const struct form *f, const char *id, int number)
{
	struct plan *p = c->plan;
	for (const struct bind *b = items[k].binds; b->name; b++) {
		if (new_only(b) && !adding)
			continue;
		const char *v = form_get(f, b->name);
		switch (b->how) {
		case B_TEXT:
		case B_ORG:
			*MEMBER(item, b, char *) = edit_text_or_null(p,
			    strcmp(b->name, "id") == 0 ? id : v);
			break;
		case B_ENUM:
			*MEMBER(item, b, int) = valid_fields[b->valid].parse(v);
			break;
		case B_NUMBER:
			*MEMBER(item, b, int) = number;
			break;
		case B_UNITS: {
			/* Those kept, in the order they had; then the new ones, in
			 * the plan's order (the order the form lists them). */
			char ***list = MEMBER(item, b, char **);
			size_t *nlist = (size_t *)(void *)((char *)item + b->off + sizeof(char **));
			size_t n;
			const char **sent = edit_form_all(c, f, b->name, &n);
			char **out = arena_array(&p->arena, n + 1, sizeof(char *));
			size_t w = 0;
			for (size_t i = 0; i < *nlist; i++)
				for (size_t s = 0; s < n; s++)
					if (strcmp((*list)[i], sent[s]) == 0) {
						out[w++] = (*list)[i];
						break;
					}
			for (size_t s = 0; s < n; s++) {
				bool have = false;
				for (size_t i = 0; i < w && !have; i++)
					have = strcmp(out[i], sent[s]) == 0;
				if (!have)
					out[w++] = arena_strdup(&p->arena, sent[s]);
			}
			*list = out;
			*nlist = w;
			break;
		}
		}
	}
}

/* "ACTION.KIND" for ?done=, in the scratch arena. */
static const char *
done_of(struct edit_ctx *c, const char *action, enum edit_kind k)
{
	char b[64];
	snprintf(b, sizeof(b), "%s.%s", action, edit_kind_name(k));
	return arena_strdup(&c->scratch, b);
}

/* The plan as it is now, with a notice that what was sent could not be
 * done (409): someone else saved it first. */
static void
conflict_overview(struct request *req, struct reply *r, struct edit_ctx *c, bool gone)
{
	edit_overview(req, r, c, 409, edit_conflict_notice(c, gone));
}

/* The store's answer to an item change: 303 to the overview at anchor
 * when stored; after a conflict, again (redo: the form, else the
 * overview) with the plan as it is now; 500. */
static void
item_stored(struct request *req, struct reply *r, struct edit_ctx *c, enum db_status st,
    enum db_put res, const char *done, const char *anchor)
{
	if (st == DB_OK)
		edit_done(r, c->plan, res, done, anchor);
	else if (st == DB_CONFLICT && edit_reload(req, r, c))
		conflict_overview(req, r, c, false);
}

/* Adds (ref NULL, under parent) or saves the item from req's form. */
static void
item_post(struct request *req, struct reply *r, struct edit_ctx *c, enum edit_kind k,
    struct edit_ref *parent, struct edit_ref *ref)
{
	const struct form *f = req->form;
	struct edit_problems ps = {.n = 0};
	if (f->errors > 0) {
		item_page(req, r, c, k, parent, ref, f, &ps, 400, NULL);
		return;
	}
	if (edit_form_revision(f) != c->rev.number) {
		item_page(req, r, c, k, parent, ref, f, &ps, 409, edit_conflict_notice(c, false));
		return;
	}
	char id[PLAN_ID_MAX + 1] = "";
	int number = 0;
	item_check(c, k, parent, ref, f, &ps, id, &number);
	if (ps.n > 0) {
		item_page(req, r, c, k, parent, ref, f, &ps, 400, NULL);
		return;
	}
	struct edit_ref at;
	void *item;
	if (ref != NULL) {
		at = *ref;
		item = plan_edit_item(c->plan, ref);
	} else {
		item = plan_edit_add(c->plan, k, parent, &at);
	}
	item_apply(c, k, item, ref == NULL, f, id, number);
	struct plan_error err;
	if (!plan_check(c->plan, &err)) {
		char msg[800];
		snprintf(msg, sizeof(msg), _("The plan could not be saved with this: %s (%s)."),
		    err.message, err.path);
		edit_problem(&ps, items[k].binds[0].name, arena_strdup(&c->scratch, msg));
		if (edit_reload(req, r, c)) {
			if (ref == NULL || find_item(req, c, k, ref))
				item_page(req, r, c, k, parent, ref, f, &ps, 400, NULL);
			else
				conflict_overview(req, r, c, true);
		}
		return;
	}
	const char *key = item_key(c, &at, false), *anchor = item_key(c, &at, true);
	char *change = xasprintf("%s %s %s", ref ? "update" : "add", edit_kind_name(k), key);
	enum db_put res;
	enum db_status st = edit_store(req, r, c, NULL, 0, change, &res);
	free(change);
	if (st == DB_CONFLICT && edit_reload(req, r, c)) {
		/* Show what was sent against the plan as it is now. */
		struct edit_ref again;
		bool there = ref == NULL ? find_parent(req, c, k, &again) :
		    find_item(req, c, k, &again);
		if (there)
			item_page(req, r, c, k, ref ? NULL : &again, ref ? &again : NULL, f, &ps,
			    409, edit_conflict_notice(c, false));
		else
			conflict_overview(req, r, c, true);
		return;
	}
	item_stored(req, r, c, st, res, done_of(c, ref ? "save" : "add", k), anchor);
}

void
h_item_add(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	enum edit_kind k = kind_of(req);
	struct edit_ref parent;
	if (!edit_plan(req, r, &c))
		goto out;
	if (!find_parent(req, &c, k, &parent)) {
		/* Deleted by someone else since the form was opened, or never. */
		if (req->method == HTTP_POST && edit_form_revision(req->form) >= 0 &&
		    edit_form_revision(req->form) != c.rev.number)
			conflict_overview(req, r, &c, true);
		else
			not_found(r, k == EDIT_GOAL ? EDIT_THEME : k == EDIT_MEASURE ?
			    EDIT_GOAL : EDIT_MEASURE);
		goto out;
	}
	if (req->method != HTTP_POST) {
		struct edit_problems ps = {.n = 0};
		item_page(req, r, &c, k, &parent, NULL, NULL, &ps, 200, NULL);
		goto out;
	}
	item_post(req, r, &c, k, &parent, NULL);
out:
	edit_end(&c);
}

void
h_item_edit(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	enum edit_kind k = kind_of(req);
	struct edit_ref ref;
	if (!edit_plan(req, r, &c))
		goto out;
	if (!find_item(req, &c, k, &ref)) {
		bool stale = req->method == HTTP_POST && edit_form_revision(req->form) >= 0 &&
		    edit_form_revision(req->form) != c.rev.number;
		if (stale)
			conflict_overview(req, r, &c, true);
		else
			not_found(r, k);
		goto out;
	}
	if (req->method != HTTP_POST) {
		struct edit_problems ps = {.n = 0};
		item_page(req, r, &c, k, NULL, &ref, NULL, &ps, 200, NULL);
		goto out;
	}
	item_post(req, r, &c, k, NULL, &ref);
out:
	edit_end(&c);
}

/* ---- deleting ---- */

/* The status reports on the indicators under ref: DB_OK and *n. */
static enum db_status
reports_under(struct request *req, struct edit_ctx *c, const struct edit_ref *ref, long *n)
{
	const struct plan *p = c->plan;
	*n = 0;
	const void *item = plan_edit_item(p, ref);
	long k = 0;
	enum db_status st = DB_OK;
	switch (ref->kind) {
	case EDIT_THEME: {
		const struct theme *t = item;
		for (size_t g = 0; st == DB_OK && g < t->ngoals; g++)
			for (size_t m = 0; st == DB_OK && m < t->goals[g].nmeasures; m++) {
				st = db_report_count(req->db, p->id, t->goals[g].measures[m].id, 0, &k);
				*n += k;
			}
		break;
	}
	case EDIT_GOAL: {
		const struct goal *g = item;
		for (size_t m = 0; st == DB_OK && m < g->nmeasures; m++) {
			st = db_report_count(req->db, p->id, g->measures[m].id, 0, &k);
			*n += k;
		}
		break;
	}
	case EDIT_MEASURE:
		st = db_report_count(req->db, p->id, ((const struct measure *)item)->id, 0, n);
		break;
	case EDIT_INDICATOR:
		st = db_report_count(req->db, p->id,
		    p->themes[ref->theme].goals[ref->goal].measures[ref->measure].id,
		    ((const struct indicator *)item)->number, n);
		break;
	default:
		break;
	}
	return st;
}

/* The confirmation page for deleting ref (status 200, or 409 with
 * notice after a refused delete). */
static void
delete_page(struct request *req, struct reply *r, struct edit_ctx *c,
    const struct edit_ref *ref, int status, const char *notice)
{
	long reports;
	if (handler_store_failed(req, r, reports_under(req, c, ref, &reports), NULL))
		return;
	struct edit_contents n;
	plan_edit_contents(c->plan, ref, &n);
	char *action = xasprintf("%s/delete", item_path(c, ref));
	struct edit_delete_view v = {&c->user, c->plan, ref->kind, item_name(c, ref),
	    n.goals, n.measures, n.indicators, n.unit_indicators, n.unit_steps, reports,
	    action, c->rev.number, notice};
	size_t len;
	char *body = page_edit_delete(&v, &len);
	handler_private_page(r, body, len, status);
	free(action);
}

/* Where the overview shows what a deleted item was part of. */
static const char *
parent_anchor(struct edit_ctx *c, const struct edit_ref *ref)
{
	struct edit_ref up = *ref;
	switch (ref->kind) {
	case EDIT_GOAL:
		up.kind = EDIT_THEME;
		up.index = ref->theme;
		return item_key(c, &up, true);
	case EDIT_MEASURE:
		up.kind = EDIT_GOAL;
		up.index = ref->goal;
		return item_key(c, &up, true);
	case EDIT_INDICATOR:
		up.kind = EDIT_MEASURE;
		up.index = ref->measure;
		return item_key(c, &up, true);
	case EDIT_THEME:       return "themes";
	case EDIT_UNIT:        return "units";
	case EDIT_CHAPTER:     return "chapters";
	case EDIT_OVERARCHING: return "overarching-goals";
	default:               return "steps";
	}
}

void
h_item_delete(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	enum edit_kind k = kind_of(req);
	struct edit_ref ref;
	if (!edit_plan(req, r, &c))
		goto out;
	bool post = req->method == HTTP_POST;
	bool stale = post && edit_form_revision(req->form) != c.rev.number;
	if (!find_item(req, &c, k, &ref)) {
		if (stale)
			conflict_overview(req, r, &c, true);
		else
			not_found(r, k);
		goto out;
	}
	if (!post || stale) {
		delete_page(req, r, &c, &ref, post ? 409 : 200, post ?
		    edit_conflict_notice(&c, false) : NULL);
		goto out;
	}
	const char *anchor = parent_anchor(&c, &ref);
	char *change = xasprintf("delete %s %s", edit_kind_name(k), item_key(&c, &ref, false));
	plan_edit_remove(c.plan, &ref);
	struct plan_error err;
	enum db_put res = DB_PUT_UNCHANGED;
	enum db_status st;
	if (!plan_check(c.plan, &err)) {
		/* Not reached for a plan the importer accepted: removing an
		 * item leaves every reference whole (a unit is taken out of the
		 * lists naming it). Logged, and the plan stays as it was. */
		fprintf(stderr, "tiltak: deleting %s from plan %s: %s: %s\n", change, c.plan->id,
		    err.path, err.message);
		reply_error(r, 500, N_("This could not be deleted. The error has been "
		    "logged."));
	} else {
		st = edit_store(req, r, &c, NULL, 0, change, &res);
		item_stored(req, r, &c, st, res, done_of(&c, "delete", k), anchor);
	}
	free(change);
out:
	edit_end(&c);
}

/* ---- moving ---- */

void
h_item_move(struct request *req, struct reply *r)
{
	struct edit_ctx c;
	enum edit_kind k = kind_of(req);
	struct edit_ref ref;
	const struct form *f = req->form;
	if (!edit_plan(req, r, &c))
		goto out;
	bool stale = edit_form_revision(f) != c.rev.number;
	bool found = find_item(req, &c, k, &ref);
	if (f->errors == 0 && stale) {
		conflict_overview(req, r, &c, !found);
		goto out;
	}
	if (!found) {
		not_found(r, k);
		goto out;
	}
	size_t count = plan_edit_siblings(c.plan, &ref);
	if (f->errors > 0) {
		edit_overview(req, r, &c, 400, _("The place to move it to must be a whole "
		    "number from 1. Nothing was moved."));
		goto out;
	}
	long to = strtol(form_get(f, "to"), NULL, 10);
	if (to < 1 || (size_t)to > count) {
		char msg[200];
		snprintf(msg, sizeof(msg), _("There is no place %ld in that list: it has "
		    "%zu. Nothing was moved."), to, count);
		edit_overview(req, r, &c, 400, arena_strdup(&c.scratch, msg));
		goto out;
	}
	char *change = xasprintf("move %s %s to %ld", edit_kind_name(k),
	    item_key(&c, &ref, false), to);
	plan_edit_move(c.plan, &ref, (size_t)to - 1);
	enum db_put res;
	enum db_status st = edit_store(req, r, &c, NULL, 0, change, &res);
	free(change);
	item_stored(req, r, &c, st, res, done_of(&c, "move", k), item_key(&c, &ref, true));
out:
	edit_end(&c);
}
