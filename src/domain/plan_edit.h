/* plan_edit.h — changing a plan in memory, for the editing pages of the
 * signed-in area (issue 7 §7): finding an item by the key its address
 * names, adding, removing and moving items within their lists, ids made
 * from titles, and the check that a changed plan is still one the
 * importer accepts.
 *
 * An edit loads the whole plan (db_plan_get_revision), changes the
 * struct with these functions, checks it with plan_check and stores the
 * whole plan again (db_plans_put_checked). Because plan_check is the
 * importer's own parser run over the plan's export, an edited plan
 * exports to a file that imports unchanged.
 *
 * New items and copied text live in the plan's arena. */
#ifndef TILTAK_PLAN_EDIT_H
#define TILTAK_PLAN_EDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/plan.h"
#include "domain/plan_json.h"
#include "limits.h"

/* The kinds of item a coordinator edits one by one. */
enum edit_kind {
	EDIT_THEME,
	EDIT_GOAL,
	EDIT_MEASURE,
	EDIT_INDICATOR,
	EDIT_UNIT,
	EDIT_CHAPTER,
	EDIT_STEP,
	EDIT_OVERARCHING,   /* an overarching goal */
	EDIT_KIND__MAX
};

/* "theme", "goal", "measure", "indicator", "unit", "chapter", "step",
 * "overarching-goal": for addresses, notices and the audit trail. */
const char *edit_kind_name(enum edit_kind);
/* The kind named s, or -1. */
int edit_kind_parse(const char *s);

/* Where an item lies in its plan: its kind, its parents' places (a
 * goal's theme; a measure's theme and goal; an indicator's theme, goal
 * and measure) and its own place in its list, all from 0. */
struct edit_ref {
	enum edit_kind kind;
	size_t         theme, goal, measure;
	size_t         index;
};

/* Finds an item: a theme, goal, measure, unit or chapter by its id
 * (key); an indicator by its measure's id (key) and its number; an
 * implementation step or an overarching goal (which have no id) by its
 * place from 1 (number; key unused). Returns false if the plan has no
 * such item. */
bool plan_edit_find(const struct plan *, enum edit_kind, const char *key,
    int number, struct edit_ref *out);

/* The item ref names: a struct theme *, goal *, measure *, indicator *,
 * unit *, chapter *, implementation_step * or overarching_goal *. ref
 * must be valid. */
void *plan_edit_item(const struct plan *, const struct edit_ref *);
/* How many items the list holding ref has (ref->index < this). */
size_t plan_edit_siblings(const struct plan *, const struct edit_ref *);

/* Adds a zeroed item of kind at the end of its list — a goal's under
 * the theme parent->theme, a measure's under parent's goal, an
 * indicator's under parent's measure (parent is ignored for the other
 * kinds, and may then be NULL) — and sets *ref to it. Returns the item
 * (as plan_edit_item), allocated in the plan's arena. */
void *plan_edit_add(struct plan *, enum edit_kind, const struct edit_ref *parent,
    struct edit_ref *ref);

/* Moves the item to place to (from 0; clamped to the list), the others
 * keeping their order; ref then names it at its new place. */
void plan_edit_move(struct plan *, struct edit_ref *ref, size_t to);

/* Removes the item and everything under it. A unit is also taken out of
 * the responsible lists of every indicator and step that names it. ref
 * and every ref to a later sibling are invalid afterwards. */
void plan_edit_remove(struct plan *, const struct edit_ref *);

/* What removing an item takes with it: the goals, measures and
 * indicators under it (counting itself), and for a unit the indicators
 * and steps that name it as responsible. */
struct edit_contents {
	size_t goals, measures, indicators;
	size_t unit_indicators, unit_steps;
};
void plan_edit_contents(const struct plan *, const struct edit_ref *,
    struct edit_contents *);

/* ---- ids ---- */

/* The id a title suggests: lower-case a-z, 0-9 and single '-' between
 * words; æ becomes "ae", ø "o", å "a", other Latin letters with marks
 * (é, ü, č, ŋ…) their base letter; at most PLAN_ID_MAX bytes, cut
 * between words where it can. Writes "" when nothing of the title is
 * usable. out has at least PLAN_ID_MAX + 1 bytes. */
void plan_slug(const char *title, char *out, size_t outsz);

/* Whether id is taken by an item of kind in the plan (themes, goals,
 * measures, units and chapters each have their own ids; an indicator's
 * number is checked with plan_edit_number_taken). */
bool plan_edit_id_taken(const struct plan *, enum edit_kind, const char *id);
/* Whether the measure of ref (an indicator's ref or a measure's) holds an
 * indicator numbered number. */
bool plan_edit_number_taken(const struct plan *, const struct edit_ref *measure,
    int number);

/* A new id for an item of kind titled title (EDIT_KIND__MAX: a plan;
 * p is then NULL and taken says which ids are taken): prefix (NULL:
 * none) and "-", then the title's slug (or the kind's name when it has
 * none), with
 * "-2", "-3"… added until no item of kind has it. taken (may be NULL) is
 * asked too, for ids kept outside the plan (another plan's id). out has
 * PLAN_ID_MAX + 1 bytes. */
void plan_edit_new_id(const struct plan *, enum edit_kind, const char *title,
    const char *prefix, bool (*taken)(void *ctx, const char *id), void *ctx,
    char out[PLAN_ID_MAX + 1]);

/* The number a new indicator of the measure ref names gets: one more
 * than the highest (1 for the first). */
int plan_edit_next_number(const struct plan *, const struct edit_ref *measure);

/* ---- checking ---- */

/* Checks the plan as import would: writes it in the interchange format
 * and parses that with plan_json_parse. Returns true, or false with
 * err (its path names the offending value). */
bool plan_check(const struct plan *, struct plan_error *err);

#endif
