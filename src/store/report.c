/* report.c — the yearly report: which indicators an account reports on,
 * the report page of a plan and year, saving a whole page in one
 * transaction with a version check, and an indicator's history.
 *
 * Reports are only appended (the schema refuses UPDATE and DELETE): a
 * save inserts the version it was based on plus one, and the primary key
 * (plan, measure, number, year, version) lets only one of two saves
 * based on the same version commit. Writers are serialised anyway
 * (drv_begin_write), so the version read in the transaction is the one
 * the insert follows; the key is the guarantee if that ever changes. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* ---- which indicators an account reports on ---- */

/* The selection (db.h: db_reporter_indicators) inside a transaction the
 * caller holds; keys are added to *out in arena a. */
static bool
reporter_keys(struct db *db, struct arena *a, int64_t account_id, const char *plan_id,
    struct indicator_key **items, size_t *n)
{
	struct drv_stmt *st = q(db, S_REPORTER_INDICATORS);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, account_id);
	}
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "reporter's indicators", &ok)) {
		struct indicator_key *k = VEC_PUSH(a, *items, *n, cap);
		k->measure_id = col_text(a, st, 0);
		k->number = col_int(st, 1);
	}
	return ok;
}

enum db_status
db_reporter_indicators(struct db *db, int64_t account_id, const char *plan_id,
    struct indicator_keys **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct indicator_keys *k = xcalloc(1, sizeof(*k));
	bool ok = reporter_keys(db, &k->arena, account_id, plan_id, &k->items, &k->n);
	if (!end_read(db, ok)) {
		indicator_keys_free(k);
		return DB_ERROR;
	}
	*out = k;
	return DB_OK;
}

void
indicator_keys_free(struct indicator_keys *k)
{
	if (k == NULL)
		return;
	arena_free(&k->arena);
	free(k);
}

/* ---- plans ---- */

static void
plan_read(struct arena *a, struct drv_stmt *st, struct report_plan *p)
{
	p->id = col_text(a, st, C_RP_ID);
	p->title = col_text(a, st, C_RP_TITLE);
	p->period_start = col_int(st, C_RP_START);
	p->period_end = drv_col_null(st, C_RP_END) ? 0 : col_int(st, C_RP_END);
	int s = plan_status_parse(drv_col_text(st, C_RP_STATUS));
	p->status = s < 0 ? PLAN_DRAFT : (enum plan_status)s;
	p->deadline = col_text(a, st, C_RP_DEADLINE);
	if (p->deadline == NULL)
		p->deadline = arena_strdup(a, REPORT_DEADLINE_DEFAULT);
}

enum db_status
db_report_plans(struct db *db, int64_t account_id, struct report_plan_list **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct report_plan_list *l = xcalloc(1, sizeof(*l));
	struct drv_stmt *st = q(db, account_id > 0 ? S_REPORTER_PLANS : S_REPORT_PLANS);
	if (st && account_id > 0)
		drv_bind_int(st, 1, account_id);
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "report plans", &ok))
		plan_read(&l->arena, st, VEC_PUSH(&l->arena, l->items, l->n, cap));
	if (!end_read(db, ok)) {
		report_plan_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
report_plan_list_free(struct report_plan_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

/* ---- reading reports ---- */

static struct report_row *
row_read(struct arena *a, struct drv_stmt *st)
{
	struct report_row *r = arena_alloc(a, sizeof(*r));
	r->year = col_int(st, C_RE_YEAR);
	r->version = col_int(st, C_RE_VERSION);
	int s = report_status_parse(drv_col_text(st, C_RE_STATUS));
	r->status = s < 0 ? REPORT_NOT_STARTED : (enum report_status)s;
	r->progress = drv_col_null(st, C_RE_PROGRESS) ? -1 : col_int(st, C_RE_PROGRESS);
	r->comment = col_text(a, st, C_RE_COMMENT);
	r->evaluation = col_text(a, st, C_RE_EVALUATION);
	r->actor = col_text(a, st, C_RE_ACTOR);
	r->at = col_text(a, st, C_RE_AT);
	return r;
}

/* The item of s for (measure_id, number), or NULL. */
static struct report_item *
item_of(struct report_sheet *s, const char *measure_id, int number)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].number == number &&
		    strcmp(s->items[i].measure_id, measure_id) == 0)
			return &s->items[i];
	return NULL;
}

/* The sheet's rows, in a read transaction. */
static enum db_status
sheet_read(struct db *db, struct report_sheet *s, const char *plan_id,
    int64_t account_id)
{
	struct arena *a = &s->arena;
	struct drv_stmt *st = q(db, S_REPORT_PLAN);
	if (st == NULL)
		return DB_ERROR;
	drv_bind_text(st, 1, plan_id);
	enum drv_step r = drv_step(st, "report plan");
	if (r == DRV_ROW)
		plan_read(a, st, &s->plan);
	drv_reset(st);
	if (r != DRV_ROW)
		return r == DRV_DONE ? DB_NOT_FOUND : DB_ERROR;

	bool ok = true;
	size_t cap = 0;
	st = q(db, S_PLAN_ORGS);
	if (st)
		drv_bind_text(st, 1, plan_id);
	while (q_row(db, st, "plan organisations", &ok))
		*VEC_PUSH(a, s->organisations, s->norganisations, cap) =
		    col_text(a, st, C_ORG_ID);
	if (!ok)
		return DB_ERROR;

	/* The indicators (those the account reports on: the selection of
	 * reporter_keys, REPORTER_SELECTS in stmts.c) and their units, in
	 * the same order. */
	cap = 0;
	st = q(db, S_REPORT_INDICATORS);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, account_id);
	}
	while (q_row(db, st, "report indicators", &ok)) {
		int number = col_int(st, C_RI_NUMBER);
		struct report_item *it = VEC_PUSH(a, s->items, s->n, cap);
		memset(it, 0, sizeof(*it));
		it->theme_id = col_text(a, st, C_RI_THEME_ID);
		it->theme_title = col_text(a, st, C_RI_THEME_TITLE);
		it->measure_id = col_text(a, st, C_RI_MEASURE_ID);
		it->measure_title = col_text(a, st, C_RI_MEASURE_TITLE);
		it->number = number;
		it->text = col_text(a, st, C_RI_TEXT);
	}
	if (!ok)
		return DB_ERROR;
	st = q(db, S_REPORT_INDICATOR_UNITS);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, account_id);
	}
	struct report_item *cur = NULL;
	size_t ucap = 0;
	while (q_row(db, st, "report indicator units", &ok)) {
		const char *m = drv_col_text(st, C_RU_MEASURE_ID);
		int number = col_int(st, C_RU_NUMBER);
		if (cur == NULL || cur->number != number || strcmp(cur->measure_id, m) != 0) {
			cur = item_of(s, m, number);
			ucap = 0;
		}
		if (cur == NULL)
			continue;
		struct unit_ref *u = VEC_PUSH(a, cur->responsible, cur->nresponsible, ucap);
		u->id = col_text(a, st, C_RU_UNIT_ID);
		u->name = col_text(a, st, C_RU_UNIT_NAME);
	}
	if (!ok)
		return DB_ERROR;

	st = q(db, S_REPORT_LATEST);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, s->year);
		drv_bind_int(st, 3, s->year - 1);
		drv_bind_int(st, 4, account_id);
	}
	while (q_row(db, st, "reports", &ok)) {
		struct report_item *it = item_of(s, drv_col_text(st, C_RE_MEASURE_ID),
		    col_int(st, C_RE_NUMBER));
		if (it == NULL)
			continue;
		struct report_row *row = row_read(a, st);
		if (row->year == s->year)
			it->current = row;
		else
			it->last_year = row;
	}
	return ok ? DB_OK : DB_ERROR;
}

enum db_status
db_report_sheet(struct db *db, const char *plan_id, int year, int64_t account_id,
    struct report_sheet **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct report_sheet *s = xcalloc(1, sizeof(*s));
	s->year = year;
	enum db_status st = sheet_read(db, s, plan_id, account_id);
	if (!end_read(db, st != DB_ERROR) || st != DB_OK) {
		report_sheet_free(s);
		return st == DB_OK ? DB_ERROR : st;
	}
	*out = s;
	return DB_OK;
}

void
report_sheet_free(struct report_sheet *s)
{
	if (s == NULL)
		return;
	arena_free(&s->arena);
	free(s);
}

/* ---- saving ---- */

static bool
text_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the input says what row says. */
static bool
same(const struct report_input *in, const struct report_row *row)
{
	return row != NULL && in->status == row->status && in->progress == row->progress &&
	    text_same(in->comment, row->comment) && text_same(in->evaluation, row->evaluation);
}

/* A report as the audit trail records it. */
static char *
report_json(const struct report_row *r)
{
	if (r == NULL)
		return NULL;
	json_t *o = json_pack("{s:i,s:i,s:s,s:o,s:o,s:o}", "year", r->year,
	    "version", r->version, "status", report_status_name(r->status),
	    "progress", r->progress < 0 ? json_null() : json_integer(r->progress),
	    "comment", r->comment ? json_string(r->comment) : json_null(),
	    "evaluation", r->evaluation ? json_string(r->evaluation) : json_null());
	char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	return s;
}

/* The version of (plan, measure, number, year) st selects, or NULL
 * (*ok false on error). */
static struct report_row *
row_one(struct db *db, struct arena *a, struct drv_stmt *st, bool *ok)
{
	struct report_row *row = NULL;
	while (q_row(db, st, "report", ok))
		row = row_read(a, st);
	return row;
}

static struct drv_stmt *
bind_key(struct db *db, enum stmt s, const char *plan_id, const struct report_input *in,
    int year)
{
	struct drv_stmt *st = q(db, s);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_text(st, 2, in->measure_id);
		drv_bind_int(st, 3, in->number);
		drv_bind_int(st, 4, year);
	}
	return st;
}

static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

enum put {
	PUT_ERROR,      /* the database failed */
	PUT_OK,         /* written, or nothing to write */
	PUT_CONFLICT,   /* based on a version that is not the current one */
	PUT_RACE,       /* the version was taken by a writer not serialised
	                   with this one: a conflict, and on PostgreSQL the
	                   transaction can do nothing more */
};

/* Saves one input (see db_reports_put); *conflict gets the current
 * report (NULL if there is none) when it is one. */
static enum put
put_one(struct db *db, struct arena *a, const char *actor, int64_t account_id,
    const char *plan_id, int year, const struct report_input *in, const char *at,
    size_t *written, struct report_row **conflict)
{
	*conflict = NULL;
	bool ok = true;
	struct report_row *cur = row_one(db, a, bind_key(db, S_REPORT_CURRENT, plan_id,
	    in, year), &ok);
	if (!ok)
		return PUT_ERROR;
	int version = cur ? cur->version : 0;
	if (same(in, cur))
		return PUT_OK;
	if (version != in->base_version) {
		/* Saved by someone else since the form was shown: unchanged
		 * from what the form showed means its writer left it alone. */
		struct report_row *base = NULL;
		if (in->base_version > 0) {
			struct drv_stmt *st = bind_key(db, S_REPORT_VERSION, plan_id, in, year);
			if (st)
				drv_bind_int(st, 5, in->base_version);
			base = row_one(db, a, st, &ok);
			if (!ok)
				return PUT_ERROR;
		}
		if (base != NULL && same(in, base))
			return PUT_OK;
		*conflict = cur;
		return PUT_CONFLICT;
	}
	struct report_row now = {
		.year = year, .version = version + 1, .status = in->status,
		.progress = in->progress,
		.comment = arena_strdup(a, nonempty(in->comment)),
		.evaluation = arena_strdup(a, nonempty(in->evaluation)),
	};
	struct drv_stmt *st = q(db, S_REPORT_INSERT);
	if (st == NULL)
		return PUT_ERROR;
	drv_bind_text(st, 1, plan_id);
	drv_bind_text(st, 2, in->measure_id);
	drv_bind_int(st, 3, in->number);
	drv_bind_int(st, 4, year);
	drv_bind_int(st, 5, now.version);
	drv_bind_text(st, 6, report_status_name(in->status));
	if (in->progress >= 0)
		drv_bind_int(st, 7, in->progress);
	else
		drv_bind_null(st, 7);
	drv_bind_text(st, 8, now.comment);
	drv_bind_text(st, 9, now.evaluation);
	if (account_id > 0)
		drv_bind_int(st, 10, account_id);
	else
		drv_bind_null(st, 10);
	drv_bind_text(st, 11, actor);
	drv_bind_text(st, 12, at);
	if (!q_run(db, st, "report")) {
		if (drv_error(db->drv) != DRV_ERR_CONSTRAINT)
			return PUT_ERROR;
		/* The version was taken after all: a conflict, never an
		 * overwrite. */
		*conflict = cur;
		return PUT_RACE;
	}
	char id[PLAN_ID_MAX * 2 + 64];
	snprintf(id, sizeof(id), "%s/%s/%d/%d", plan_id, in->measure_id, in->number, year);
	char *before = report_json(cur), *after = report_json(&now);
	ok = audit_write(db, actor, cur ? "update" : "add", "report", id, before, after);
	free(before);
	free(after);
	(*written)++;
	return ok ? PUT_OK : PUT_ERROR;
}

enum db_status
db_reports_put(struct db *db, const char *actor, int64_t account_id,
    const char *plan_id, int year, const struct report_input *in, size_t n,
    struct report_save **out)
{
	*out = NULL;
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	struct report_save *s = xcalloc(1, sizeof(*s));
	char at[32];
	store_now(at);
	size_t cap = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		struct report_row *theirs = NULL;
		enum put r = put_one(db, &s->arena, actor, account_id, plan_id, year, &in[i],
		    at, &s->written, &theirs);
		ok = r != PUT_ERROR;
		if (r == PUT_CONFLICT || r == PUT_RACE) {
			struct report_conflict *c = VEC_PUSH(&s->arena, s->conflicts,
			    s->nconflicts, cap);
			c->index = i;
			c->theirs = theirs;
		}
		if (r == PUT_RACE)
			break;
	}
	enum db_status st = !ok ? DB_ERROR : s->nconflicts > 0 ? DB_CONFLICT : DB_OK;
	if (!end_write(db, st == DB_OK) && st == DB_OK)
		st = DB_ERROR;
	if (st == DB_ERROR) {
		report_save_free(s);
		return st;
	}
	if (st == DB_CONFLICT)
		s->written = 0;
	*out = s;
	return st;
}

void
report_save_free(struct report_save *s)
{
	if (s == NULL)
		return;
	arena_free(&s->arena);
	free(s);
}

/* ---- history ---- */

enum db_status
db_report_history(struct db *db, const char *plan_id, const char *measure_id,
    int number, struct report_history **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct report_history *h = xcalloc(1, sizeof(*h));
	struct arena *a = &h->arena;
	h->plan_id = arena_strdup(a, plan_id);
	h->measure_id = arena_strdup(a, measure_id);
	h->number = number;
	bool ok = true;
	struct drv_stmt *st = q(db, S_REPORT_PLAN);
	if (st)
		drv_bind_text(st, 1, plan_id);
	while (q_row(db, st, "report plan", &ok))
		h->plan_title = col_text(a, st, C_RP_TITLE);
	st = q(db, S_REPORT_INDICATOR);
	if (ok && st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_text(st, 2, measure_id);
		drv_bind_int(st, 3, number);
	}
	while (ok && q_row(db, st, "report indicator", &ok)) {
		h->measure_title = col_text(a, st, C_RI_MEASURE_TITLE);
		h->text = col_text(a, st, C_RI_TEXT);
	}
	st = q(db, S_REPORT_HISTORY);
	if (ok && st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_text(st, 2, measure_id);
		drv_bind_int(st, 3, number);
	}
	size_t cap = 0;
	while (ok && q_row(db, st, "report history", &ok))
		*VEC_PUSH(a, h->rows, h->n, cap) = *row_read(a, st);
	if (!end_read(db, ok)) {
		report_history_free(h);
		return DB_ERROR;
	}
	if (h->text == NULL && h->n == 0) {
		report_history_free(h);
		return DB_NOT_FOUND;
	}
	*out = h;
	return DB_OK;
}

void
report_history_free(struct report_history *h)
{
	if (h == NULL)
		return;
	arena_free(&h->arena);
	free(h);
}
