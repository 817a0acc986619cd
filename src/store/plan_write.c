/* plan_write.c — storing plans (db_plans_put): the plan's rows, its
 * search entries, a numbered revision of its canonical JSON and an audit
 * row, all in one write transaction.
 *
 * A plan's rows (themes, goals, measures, indicators, units, …) are
 * removed and written anew, cascading from the plan row. Nothing that
 * refers to a plan from outside its own tree (revisions, audit, and the
 * status reports to come) has a foreign key that cascades from it, so
 * such data survives a re-import that keeps the natural keys it refers to
 * (plan id, measure id, indicator number). */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan_json.h"
#include "store/store_impl.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"

static bool
put_unit_refs(struct db *db, enum stmt s, const char *plan_id, const char *key,
    int number, char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct drv_stmt *st = q(db, s);
		if (st == NULL)
			return false;
		drv_bind_text(st, 1, plan_id);
		if (s == S_STEP_UNIT_INSERT) {
			drv_bind_int(st, 2, number);
			drv_bind_int(st, 3, (int64_t)i);
			drv_bind_text(st, 4, ids[i]);
		} else {
			drv_bind_text(st, 2, key);
			drv_bind_int(st, 3, number);
			drv_bind_int(st, 4, (int64_t)i);
			drv_bind_text(st, 5, ids[i]);
		}
		if (!q_run(db, st, "responsible unit"))
			return false;
	}
	return true;
}

static bool
put_measure(struct db *db, const char *plan_id, const char *goal_id, size_t pos,
    const struct measure *m)
{
	struct drv_stmt *st = q(db, S_MEASURE_INSERT);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, plan_id);
	drv_bind_text(st, 2, m->id);
	drv_bind_text(st, 3, goal_id);
	drv_bind_int(st, 4, (int64_t)pos);
	drv_bind_text(st, 5, m->title);
	drv_bind_text(st, 6, measure_kind_name(m->kind));
	drv_bind_text(st, 7, m->description);
	bool ok = q_run(db, st, "measure");
	for (size_t i = 0; ok && i < m->nindicators; i++) {
		const struct indicator *ind = &m->indicators[i];
		if ((st = q(db, S_INDICATOR_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, plan_id);
		drv_bind_text(st, 2, m->id);
		drv_bind_int(st, 3, ind->number);
		drv_bind_int(st, 4, (int64_t)i);
		drv_bind_text(st, 5, ind->text);
		drv_bind_text(st, 6, ind->resource_note);
		drv_bind_text(st, 7, resource_category_name(ind->resource_category));
		drv_bind_text(st, 8, ind->responsible_note);
		drv_bind_text(st, 9, ind->deadline);
		ok = q_run(db, st, "indicator") &&
		    put_unit_refs(db, S_INDICATOR_UNIT_INSERT, plan_id, m->id, ind->number,
		    ind->responsible, ind->nresponsible);
	}
	return ok;
}

/* The plan's rows, after removing any earlier ones. */
static bool
put_rows(struct db *db, const struct plan *p)
{
	struct drv_stmt *st = q(db, S_PLAN_DELETE);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, p->id);
	if (!q_run(db, st, "delete plan"))
		return false;

	if ((st = q(db, S_PLAN_INSERT)) == NULL)
		return false;
	drv_bind_text(st, 1, p->id);
	drv_bind_text(st, 2, p->title);
	drv_bind_int(st, 3, p->period_start);
	if (p->period_end)
		drv_bind_int(st, 4, p->period_end);
	else
		drv_bind_null(st, 4);
	drv_bind_text(st, 5, plan_status_name(p->status));
	drv_bind_int(st, 6, p->has_adoption);
	drv_bind_text(st, 7, p->adoption_date);
	drv_bind_text(st, 8, p->adoption_body);
	drv_bind_text(st, 9, p->adoption_case);
	drv_bind_text(st, 10, p->replaces);
	drv_bind_text(st, 11, p->replaces_title);
	drv_bind_text(st, 12, p->report_deadline);
	if (!q_run(db, st, "plan"))
		return false;

	for (size_t i = 0; i < p->norganisations; i++) {
		if ((st = q(db, S_PLAN_ORG_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_text(st, 2, p->organisations[i].id);
		drv_bind_int(st, 3, (int64_t)i);
		if (!q_run(db, st, "plan organisation"))
			return false;
	}
	for (size_t i = 0; i < p->noverarching_goals; i++) {
		if ((st = q(db, S_OGOAL_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_int(st, 2, (int64_t)i);
		drv_bind_text(st, 3, p->overarching_goals[i].title);
		drv_bind_text(st, 4, p->overarching_goals[i].text);
		if (!q_run(db, st, "overarching goal"))
			return false;
	}
	for (size_t i = 0; i < p->nchapters; i++) {
		if ((st = q(db, S_CHAPTER_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_text(st, 2, p->chapters[i].id);
		drv_bind_int(st, 3, (int64_t)i);
		drv_bind_text(st, 4, p->chapters[i].title);
		drv_bind_text(st, 5, p->chapters[i].body);
		if (!q_run(db, st, "chapter"))
			return false;
	}
	for (size_t i = 0; i < p->nunits; i++) {
		const struct unit *u = &p->units[i];
		if ((st = q(db, S_UNIT_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_text(st, 2, u->id);
		drv_bind_int(st, 3, (int64_t)i);
		drv_bind_text(st, 4, u->name);
		drv_bind_text(st, 5, unit_kind_name(u->kind));
		drv_bind_text(st, 6, u->organisation);
		drv_bind_text(st, 7, u->parent);
		drv_bind_int(st, 8, u->collective);
		char *applies = unit_applies_text(u);
		drv_bind_text(st, 9, applies);
		free(applies);
		if (!q_run(db, st, "unit"))
			return false;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct implementation_step *s = &p->steps[i];
		if ((st = q(db, S_STEP_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_int(st, 2, (int64_t)i);
		drv_bind_text(st, 3, s->what);
		drv_bind_text(st, 4, s->who);
		drv_bind_text(st, 5, s->when);
		if (!q_run(db, st, "implementation step") ||
		    !put_unit_refs(db, S_STEP_UNIT_INSERT, p->id, NULL, (int)i,
		    s->responsible, s->nresponsible))
			return false;
	}
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		if ((st = q(db, S_THEME_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, p->id);
		drv_bind_text(st, 2, th->id);
		drv_bind_int(st, 3, (int64_t)t);
		drv_bind_text(st, 4, th->title);
		drv_bind_text(st, 5, th->background);
		drv_bind_text(st, 6, th->challenge);
		if (!q_run(db, st, "theme"))
			return false;
		for (size_t g = 0; g < th->ngoals; g++) {
			const struct goal *go = &th->goals[g];
			if ((st = q(db, S_GOAL_INSERT)) == NULL)
				return false;
			drv_bind_text(st, 1, p->id);
			drv_bind_text(st, 2, go->id);
			drv_bind_text(st, 3, th->id);
			drv_bind_int(st, 4, (int64_t)g);
			drv_bind_text(st, 5, go->text);
			if (!q_run(db, st, "goal"))
				return false;
			for (size_t m = 0; m < go->nmeasures; m++)
				if (!put_measure(db, p->id, go->id, m, &go->measures[m]))
					return false;
		}
	}
	return true;
}

/* ---- search entries ---- */

/* What a search looks through, folded by text_fold: the fields joined
 * by spaces, so no word runs from one field into the next. */
static char *
fold_joined(const char *const *parts, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (parts[i] == NULL)
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, parts[i]);
	}
	char *joined = buf_take(&b, NULL);
	char *folded = text_fold(joined);
	free(joined);
	return folded;
}

static bool
put_entry(struct db *db, const struct plan *p, int64_t base, int ord, enum search_kind kind,
    const char *key, const char *title, int number, const char *body,
    const char *resource_note, const char *category, const char *units,
    const char *text)
{
	struct drv_stmt *st = q(db, S_SEARCH_INSERT);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, p->id);
	drv_bind_text(st, 2, p->title);
	drv_bind_int(st, 3, p->period_start);
	drv_bind_int(st, 4, ord);
	drv_bind_int(st, 5, kind);
	drv_bind_text(st, 6, key);
	drv_bind_text(st, 7, title);
	drv_bind_int(st, 8, number);
	drv_bind_text(st, 9, body);
	drv_bind_text(st, 10, resource_note);
	drv_bind_text(st, 11, category);
	drv_bind_text(st, 12, units);
	drv_bind_text(st, 13, text);
	drv_bind_int(st, 14, base + ord);
	return q_run(db, st, "search entry");
}

/* The plan's search slot: a number given to each plan the first time it
 * is stored, and kept. */
static bool
search_slot(struct db *db, const char *plan_id, int64_t *slot)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		struct drv_stmt *st = q(db, S_SEARCH_SLOT);
		if (st == NULL)
			return false;
		drv_bind_text(st, 1, plan_id);
		enum drv_step r = drv_step(st, "search slot");
		if (r == DRV_ROW)
			*slot = drv_col_int(st, 0);
		drv_reset(st);
		if (r == DRV_ROW)
			return true;
		if (r == DRV_FAIL || attempt)
			return false;
		if ((st = q(db, S_SEARCH_SLOT_NEW)) == NULL)
			return false;
		drv_bind_text(st, 1, plan_id);
		if (!q_run(db, st, "search slot"))
			return false;
	}
	return false;
}

bool
search_entries_put(struct db *db, const struct plan *p)
{
	struct drv_stmt *st = q(db, S_SEARCH_DELETE);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, p->id);
	if (!q_run(db, st, "search entries"))
		return false;
	/* A draft is not public: nothing of it is found by a search. */
	if (p->status == PLAN_DRAFT)
		return true;
	/* An entry's id is its place in the order hits are shown: newer
	 * plans first (period start), then plan by plan (slot), then the
	 * plan's own order. */
	int64_t slot;
	if (!search_slot(db, p->id, &slot))
		return false;
	int64_t start = p->period_start > 0 && p->period_start < 9999 ? p->period_start : 0;
	int64_t base = ((9999 - start) << SEARCH_ID_YEAR_SHIFT) |
	    (slot << SEARCH_ID_SLOT_SHIFT);
	int ord = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < p->nchapters; i++) {
		const struct chapter *c = &p->chapters[i];
		const char *parts[] = {c->title, c->body};
		char *text = fold_joined(parts, 2);
		ok = put_entry(db, p, base, ord++, SEARCH_CHAPTER, c->id, c->title, 0, NULL, NULL,
		    NULL, NULL, text);
		free(text);
	}
	for (size_t t = 0; ok && t < p->nthemes; t++)
		for (size_t g = 0; ok && g < p->themes[t].ngoals; g++) {
			const struct goal *go = &p->themes[t].goals[g];
			for (size_t mi = 0; ok && mi < go->nmeasures; mi++) {
				const struct measure *m = &go->measures[mi];
				const char *mparts[] = {m->title, m->description};
				char *text = fold_joined(mparts, 2);
				ok = put_entry(db, p, base, ord++, SEARCH_MEASURE, m->id, m->title, 0,
				    NULL, NULL, NULL, NULL, text);
				free(text);
				for (size_t i = 0; ok && i < m->nindicators; i++) {
					const struct indicator *ind = &m->indicators[i];
					/* The responsible units as "id TAB name" lines,
					 * for the hit's display, and their names for
					 * the text. */
					struct buf units = {0}, names = {0};
					for (size_t k = 0; k < ind->nresponsible; k++) {
						const struct unit *u = plan_unit(p, ind->responsible[k]);
						const char *name = u ? u->name : ind->responsible[k];
						buf_printf(&units, "%s\t%s\n", ind->responsible[k], name);
						buf_printf(&names, "%s%s", k ? " " : "", name);
					}
					const char *iparts[] = {ind->text, ind->resource_note,
					    ind->responsible_note, names.data};
					text = fold_joined(iparts, 4);
					ok = put_entry(db, p, base, ord++, SEARCH_INDICATOR, m->id, m->title,
					    ind->number, ind->text, ind->resource_note,
					    resource_category_name(ind->resource_category),
					    units.data ? units.data : "", text);
					free(text);
					buf_free(&units);
					buf_free(&names);
				}
			}
		}
	return ok;
}

/* ---- organisations, revisions, audit ---- */

/* Upserts the plan's organisations, auditing each one that is new or
 * renamed. */
static bool
put_organisations(struct db *db, const char *actor, const struct plan *p)
{
	for (size_t i = 0; i < p->norganisations; i++) {
		const struct organisation *o = &p->organisations[i];
		struct drv_stmt *st = q(db, S_ORG_GET);
		if (st == NULL)
			return false;
		drv_bind_text(st, 1, o->id);
		char *old = NULL;
		enum drv_step r = drv_step(st, "organisation");
		if (r == DRV_ROW)
			old = xstrdup(drv_col_text(st, 0));
		drv_reset(st);
		if (r == DRV_FAIL)
			return false;
		if (old && strcmp(old, o->name) == 0) {
			free(old);
			continue;
		}
		if ((st = q(db, S_ORG_UPSERT)) == NULL) {
			free(old);
			return false;
		}
		drv_bind_text(st, 1, o->id);
		drv_bind_text(st, 2, o->name);
		bool ok = q_run(db, st, "organisation");
		json_t *before = old ? json_pack("{s:s}", "name", old) : NULL;
		json_t *after = json_pack("{s:s}", "name", o->name);
		char *b = before ? json_dumps(before, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
		char *a = json_dumps(after, JSON_SORT_KEYS | JSON_COMPACT);
		ok = ok && audit_write(db, actor, old ? "update" : "create", "organisation",
		    o->id, b, a);
		free(b);
		free(a);
		json_decref(before);
		json_decref(after);
		free(old);
		if (!ok)
			return false;
	}
	return true;
}

/* The digest of a plan's canonical JSON: BLAKE2b-256, hex. */
static void
digest_of(const char *json, size_t len, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)json, len, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* A revision summary for the audit trail. */
static char *
revision_json(int number, const struct plan *p, const char *digest, const char *change)
{
	struct plan_counts c;
	plan_count(p, &c);
	json_t *j = json_pack("{s:i, s:s, s:s, s:{s:i, s:i, s:i, s:i}}", "revision", number,
	    "title", p->title, "digest", digest, "counts", "themes", (int)c.themes,
	    "goals", (int)c.goals, "measures", (int)c.measures, "indicators",
	    (int)c.indicators);
	if (change != NULL)
		json_object_set_new(j, "change", json_string(change));
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return s;
}

/* base of a plan stored without checking its revision. */
#define BASE_ANY (-2)

/* Stores one plan: unchanged content is left alone; otherwise the rows,
 * the search entries, a new revision and an audit row (with change, when
 * not NULL). Unless base is BASE_ANY, the plan must be at revision base
 * (-1: must not exist yet): if it is not, sets *conflict and returns false
 * without writing. */
static bool
put_plan(struct db *db, const char *actor, const struct plan *p, int base,
    const char *change, enum db_put *result, int *revision, bool *conflict)
{
	struct plan_error perr;
	size_t len;
	char *json = plan_json_export(p, &len, &perr);
	if (json == NULL) {
		drv_set_error(db->drv, "plan %s cannot be written as JSON: %s: %s", p->id,
		    perr.path, perr.message);
		return false;
	}
	char digest[65];
	digest_of(json, len, digest);

	struct drv_stmt *st = q(db, S_REVISION_LAST);
	if (st == NULL) {
		free(json);
		return false;
	}
	drv_bind_text(st, 1, p->id);
	int last = 0;
	bool same = false;
	enum drv_step r = drv_step(st, "revision");
	if (r == DRV_ROW) {
		last = col_int(st, 0);
		same = strcmp(drv_col_text(st, 1), digest) == 0;
	}
	drv_reset(st);
	if (r == DRV_FAIL) {
		free(json);
		return false;
	}
	/* A plan stored before revisions existed has rows but no revision. */
	struct drv_stmt *ex = q(db, S_PLAN_NAME);
	if (ex == NULL) {
		free(json);
		return false;
	}
	drv_bind_text(ex, 1, p->id);
	r = drv_step(ex, "plan");
	bool existed = r == DRV_ROW;
	drv_reset(ex);
	if (r == DRV_FAIL) {
		free(json);
		return false;
	}
	*revision = last;
	if (base != BASE_ANY && (base < 0 ? existed : !existed || last != base)) {
		*conflict = true;
		drv_set_error(db->drv, "plan %s is at revision %d, not %d", p->id, last, base);
		free(json);
		return false;
	}
	if (same && existed) {
		*result = DB_PUT_UNCHANGED;
		free(json);
		return true;
	}
	*result = existed ? DB_PUT_CHANGED : DB_PUT_NEW;
	bool ok = put_organisations(db, actor, p) && register_put(db, actor, p) &&
	    put_rows(db, p) && search_entries_put(db, p);
	char at[32];
	store_now(at);
	if (ok && (st = q(db, S_REVISION_INSERT)) != NULL) {
		drv_bind_text(st, 1, p->id);
		drv_bind_int(st, 2, last + 1);
		drv_bind_text(st, 3, at);
		drv_bind_text(st, 4, actor);
		drv_bind_text(st, 5, p->title);
		drv_bind_text(st, 6, digest);
		drv_bind_text(st, 7, json);
		ok = q_run(db, st, "revision");
	} else {
		ok = false;
	}
	free(json);
	if (ok) {
		*revision = last + 1;
		char *after = revision_json(last + 1, p, digest, change);
		char *before = last ? xasprintf("{\"revision\":%d}", last) : NULL;
		ok = audit_write(db, actor, existed ? "update" : "create", "plan", p->id,
		    before, after);
		free(after);
		free(before);
	}
	return ok;
}

/* db_plans_put and db_plans_put_checked: base NULL stores whatever the
 * revisions are. */
static enum db_status
plans_put(struct db *db, const char *actor, struct plan *const *plans, const int *base,
    size_t n, const char *change, enum db_put *results, int *revisions, size_t *conflict,
    struct help_list *const *lists, size_t nlists, struct db_help_import *done,
    const struct db_card_import *cards)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	bool ok = true, changed = false, stale = false;
	for (size_t i = 0; ok && i < n; i++) {
		enum db_put r = DB_PUT_UNCHANGED;
		int rev = 0;
		ok = put_plan(db, actor, plans[i], base ? base[i] : BASE_ANY, change, &r, &rev,
		    &stale);
		if (stale && conflict)
			*conflict = i;
		changed |= r != DB_PUT_UNCHANGED;
		if (results)
			results[i] = r;
		if (revisions)
			revisions[i] = rev;
	}
	/* Services after the plans: they may name what the plans bring. */
	if (ok && nlists > 0)
		ok = help_lists_put(db, actor, lists, nlists, done, &changed);
	/* Cards last: they may link units and services the others bring. */
	if (ok && cards && cards->n > 0)
		ok = cards_import_put(db, actor, cards, &changed);
	if (ok && changed)
		ok = bump_generation(db);
	if (end_write(db, ok))
		return DB_OK;
	return stale ? DB_CONFLICT : DB_ERROR;
}

enum db_status
db_plans_put(struct db *db, const char *actor, struct plan *const *plans, size_t n,
    enum db_put *results, int *revisions)
{
	return plans_put(db, actor, plans, NULL, n, NULL, results, revisions, NULL, NULL, 0,
	    NULL, NULL);
}

enum db_status
db_import(struct db *db, const char *actor, struct plan *const *plans, size_t nplans,
    enum db_put *results, int *revisions, struct help_list *const *lists, size_t nlists,
    struct db_help_import *done, const struct db_card_import *cards)
{
	if (done)
		memset(done, 0, sizeof(*done));
	if (cards && cards->problem)
		memset(cards->problem, 0, sizeof(*cards->problem));
	enum db_status st = plans_put(db, actor, plans, NULL, nplans, NULL, results,
	    revisions, NULL, lists, nlists, done, cards);
	/* A card refused for what it names: the caller says which and where. */
	if (st != DB_OK && cards && cards->problem && cards->problem->message[0])
		return DB_NOT_FOUND;
	return st;
}

enum db_status
db_plans_put_checked(struct db *db, const char *actor, struct plan *const *plans,
    const int *base, size_t n, const char *change, enum db_put *results,
    int *revisions, size_t *conflict)
{
	return plans_put(db, actor, plans, base, n, change, results, revisions, conflict,
	    NULL, 0, NULL, NULL);
}
