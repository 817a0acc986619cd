/* report.c — the yearly report: which indicators an account reports on,
 * the report page of a plan and year, saving a whole page in one
 * transaction with a version check, and an indicator's history.
 *
 * Reports are only appended (the schema refuses UPDATE and DELETE): a
 * save inserts the version it was based on plus one, and the primary key
 * (plan, measure, number, year, version) lets only one of two saves
 * based on the same version commit. That key is the whole version check
 * (see "saving" below): a save reads nothing in its write transaction,
 * and does not queue behind other writers (drv_begin_write_concurrent). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- which indicators an account reports on ---- */

/* The selection (db.h: db_reporter_indicators) inside a transaction the
 * caller holds; keys are added to *out in arena a. */
static bool
reporter_keys(struct db *db, enum stmt which, struct arena *a, int64_t account_id,
    const char *plan_id, struct indicator_key **items, size_t *n)
{
	struct drv_stmt *st = q(db, which);
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

/* The keys statement which selects, in a read transaction of its own. */
static enum db_status
keys_get(struct db *db, enum stmt which, int64_t account_id, const char *plan_id,
    struct indicator_keys **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct indicator_keys *k = xcalloc(1, sizeof(*k));
	bool ok = reporter_keys(db, which, &k->arena, account_id, plan_id, &k->items, &k->n);
	if (!end_read(db, ok)) {
		indicator_keys_free(k);
		return DB_ERROR;
	}
	*out = k;
	return DB_OK;
}

enum db_status
db_reporter_indicators(struct db *db, int64_t account_id, const char *plan_id,
    struct indicator_keys **out)
{
	return keys_get(db, S_REPORTER_INDICATORS, account_id, plan_id, out);
}

enum db_status
db_reporter_below(struct db *db, int64_t account_id, const char *plan_id,
    struct indicator_keys **out)
{
	return keys_get(db, S_REPORTER_BELOW, account_id, plan_id, out);
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
	r->account_id = drv_col_null(st, C_RE_ACCOUNT_ID) ? 0 : drv_col_int(st, C_RE_ACCOUNT_ID);
	return r;
}

/* The item of items[0..n) for (measure_id, number), or NULL. */
static struct report_item *
item_of(struct report_item *items, size_t n, const char *measure_id, int number)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].number == number && strcmp(items[i].measure_id, measure_id) == 0)
			return &items[i];
	return NULL;
}

/* The plan and its organisations, in a read transaction. */
static enum db_status
sheet_head(struct db *db, struct report_sheet *s, const char *plan_id)
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
	return ok ? DB_OK : DB_ERROR;
}

/* The statements that read one list of a sheet: its indicators, their
 * responsible units in the same order, and their current reports in the
 * sheet's year and the year before. */
struct list_stmts {
	enum stmt indicators, units, latest;
	bool      below;   /* units ends with a column: 1 if the unit is
	                      below the account's */
};

static const struct list_stmts own_stmts = {S_REPORT_INDICATORS,
    S_REPORT_INDICATOR_UNITS, S_REPORT_LATEST, false};
static const struct list_stmts all_stmts = {S_REPORT_INDICATORS_ALL,
    S_REPORT_INDICATOR_UNITS_ALL, S_REPORT_LATEST_ALL, false};
static const struct list_stmts below_stmts = {S_REPORT_BELOW_INDICATORS,
    S_REPORT_BELOW_UNITS, S_REPORT_BELOW_LATEST, true};

/* One list of the sheet into *items[0..*n), by the statements of l: for
 * account_id (> 0, bound after the plan), or every indicator (0). In a
 * read transaction. */
static bool
list_read(struct db *db, struct report_sheet *s, const char *plan_id, int64_t account_id,
    const struct list_stmts *l, struct report_item **items, size_t *n)
{
	struct arena *a = &s->arena;
	bool all = account_id <= 0, ok = true;
	size_t cap = 0;
	struct drv_stmt *st = q(db, l->indicators);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		if (!all)
			drv_bind_int(st, 2, account_id);
	}
	while (q_row(db, st, "report indicators", &ok)) {
		struct report_item *it = VEC_PUSH(a, *items, *n, cap);
		memset(it, 0, sizeof(*it));
		it->theme_id = col_text(a, st, C_RI_THEME_ID);
		it->theme_title = col_text(a, st, C_RI_THEME_TITLE);
		it->measure_id = col_text(a, st, C_RI_MEASURE_ID);
		it->measure_title = col_text(a, st, C_RI_MEASURE_TITLE);
		it->number = col_int(st, C_RI_NUMBER);
		it->text = col_text(a, st, C_RI_TEXT);
	}
	if (!ok || *n == 0)
		return ok;
	st = q(db, l->units);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		if (!all)
			drv_bind_int(st, 2, account_id);
	}
	struct report_item *cur = NULL;
	size_t ucap = 0, bcap = 0;
	while (q_row(db, st, "report indicator units", &ok)) {
		const char *m = drv_col_text(st, C_RU_MEASURE_ID);
		int number = col_int(st, C_RU_NUMBER);
		if (cur == NULL || cur->number != number || strcmp(cur->measure_id, m) != 0) {
			cur = item_of(*items, *n, m, number);
			ucap = bcap = 0;
		}
		if (cur == NULL)
			continue;
		struct unit_ref *u = VEC_PUSH(a, cur->responsible, cur->nresponsible, ucap);
		u->id = col_text(a, st, C_RU_UNIT_ID);
		u->name = col_text(a, st, C_RU_UNIT_NAME);
		if (l->below && col_int(st, C_RU_UNIT_NAME + 1) == 1)
			*VEC_PUSH(a, cur->below, cur->nbelow, bcap) = *u;
	}
	if (!ok)
		return false;

	st = q(db, l->latest);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, s->year);
		drv_bind_int(st, 3, s->year - 1);
		if (!all)
			drv_bind_int(st, 4, account_id);
	}
	while (q_row(db, st, "reports", &ok)) {
		struct report_item *it = item_of(*items, *n, drv_col_text(st, C_RE_MEASURE_ID),
		    col_int(st, C_RE_NUMBER));
		if (it == NULL)
			continue;
		struct report_row *row = row_read(a, st);
		if (row->year == s->year)
			it->current = row;
		else
			it->last_year = row;
	}
	return ok;
}

/* Which units saved the current reports of the sheet's below (their
 * "by"), from the units of the accounts that saved them. In a read
 * transaction. */
static bool
below_by_read(struct db *db, struct report_sheet *s, const char *plan_id,
    int64_t account_id)
{
	struct arena *a = &s->arena;
	struct by { int64_t account; struct unit_ref unit; } *rows = NULL;
	size_t nrows = 0, cap = 0;
	bool ok = true;
	struct drv_stmt *st = q(db, S_REPORT_BELOW_BY);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, account_id);
		drv_bind_int(st, 3, s->year);
	}
	while (q_row(db, st, "who reported below", &ok)) {
		struct by *b = VEC_PUSH(a, rows, nrows, cap);
		b->account = drv_col_int(st, 0);
		b->unit.id = col_text(a, st, 1);
		b->unit.name = col_text(a, st, 2);
	}
	if (!ok)
		return false;
	for (size_t i = 0; i < s->nbelow; i++) {
		struct report_item *it = &s->below[i];
		if (it->current == NULL || it->current->account_id <= 0)
			continue;
		/* Its units among the responsible; if none is, all of them. */
		for (int pass = 0; pass < 2 && it->nby == 0; pass++) {
			size_t bcap = 0;
			for (size_t k = 0; k < nrows; k++)
				if (rows[k].account == it->current->account_id &&
				    (pass == 1 || unit_refs_have(it->responsible, it->nresponsible,
				    rows[k].unit.id)))
					*VEC_PUSH(a, it->by, it->nby, bcap) = rows[k].unit;
		}
	}
	return true;
}

/* The sheet's rows, in a read transaction. */
static enum db_status
sheet_read(struct db *db, struct report_sheet *s, const char *plan_id,
    int64_t account_id)
{
	enum db_status hs = sheet_head(db, s, plan_id);
	if (hs != DB_OK)
		return hs;
	/* The indicators (those the account reports on: the selection of
	 * reporter_keys, REPORTER_SELECTS in stmts.c), and for an account
	 * those of the units below its own (BELOW_PAGE). */
	bool all = account_id <= 0;
	if (!list_read(db, s, plan_id, account_id, all ? &all_stmts : &own_stmts,
	    &s->items, &s->n))
		return DB_ERROR;
	if (all)
		return DB_OK;
	if (!list_read(db, s, plan_id, account_id, &below_stmts, &s->below, &s->nbelow))
		return DB_ERROR;
	return s->nbelow == 0 || below_by_read(db, s, plan_id, account_id) ? DB_OK :
	    DB_ERROR;
}

/* The form's rows (db_report_form), in a read transaction. */
static enum db_status
form_read(struct db *db, struct report_sheet *s, const char *plan_id, int64_t account_id)
{
	struct arena *a = &s->arena;
	enum db_status hs = sheet_head(db, s, plan_id);
	if (hs != DB_OK)
		return hs;
	bool all = account_id <= 0;
	struct drv_stmt *st = q(db, all ? S_REPORT_FORM_ALL : S_REPORT_FORM);
	if (st) {
		drv_bind_text(st, 1, plan_id);
		drv_bind_int(st, 2, s->year);
		if (!all)
			drv_bind_int(st, 3, account_id);
	}
	bool ok = true;
	size_t cap = 0;
	while (q_row(db, st, "report form", &ok)) {
		struct report_item *it = VEC_PUSH(a, s->items, s->n, cap);
		memset(it, 0, sizeof(*it));
		it->measure_id = col_text(a, st, C_RF_KEY_MEASURE_ID);
		it->number = col_int(st, C_RF_KEY_NUMBER);
		if (!drv_col_null(st, C_RE_VERSION))
			it->current = row_read(a, st);
	}
	return ok ? DB_OK : DB_ERROR;
}

typedef enum db_status (*sheet_reader)(struct db *, struct report_sheet *, const char *,
    int64_t);

static enum db_status
sheet_get(struct db *db, sheet_reader read, const char *plan_id, int year,
    int64_t account_id, struct report_sheet **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct report_sheet *s = xcalloc(1, sizeof(*s));
	s->year = year;
	enum db_status st = read(db, s, plan_id, account_id);
	if (!end_read(db, st != DB_ERROR) || st != DB_OK) {
		report_sheet_free(s);
		return st == DB_OK ? DB_ERROR : st;
	}
	*out = s;
	return DB_OK;
}

enum db_status
db_report_sheet(struct db *db, const char *plan_id, int year, int64_t account_id,
    struct report_sheet **out)
{
	return sheet_get(db, sheet_read, plan_id, year, account_id, out);
}

enum db_status
db_report_form(struct db *db, const char *plan_id, int year, int64_t account_id,
    struct report_sheet **out)
{
	return sheet_get(db, form_read, plan_id, year, account_id, out);
}

void
report_sheet_free(struct report_sheet *s)
{
	if (s == NULL)
		return;
	arena_free(&s->arena);
	free(s);
}

/* ---- saving ----
 *
 * A save is decided outside any write transaction, on the current
 * reports as the caller read them with the page (report_input.current)
 * or as read here: each input is left alone (unchanged, or unchanged from
 * the version it was based on), a conflict, or a new version, the
 * current one plus one. The new versions and their audit rows are then
 * written in one short transaction of two statements (all the rows of a
 * table in one, passed as a JSON array) that reads nothing.
 *
 * The primary key checks what the decision assumed: versions only ever
 * grow by one, so a new version can be inserted only if no one has saved
 * that indicator since its current report was read. If someone has (a
 * unique violation), nothing is written, the current reports are read
 * again, and the save is decided and written once more; if a version is
 * taken again, the inputs whose reports moved are conflicts.
 *
 * That is as safe as deciding inside the write transaction: a save
 * decided on the reports of a moment T and committed later writes only
 * versions that no one wrote since T (the key), and leaves alone what was
 * to be left alone at T. One indicator's report never depends on
 * another's, so the whole save is one that could have been made at T.
 * Hence no write lock (drv_begin_write_concurrent): on PostgreSQL two
 * saves inserting the same version wait for each other at the key, and
 * the second gets the violation once the first commits; the rows are
 * inserted in key order, so two saves of overlapping pages cannot
 * deadlock; saves of different indicators commit side by side. */

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

static struct report_row *
row_copy(struct arena *a, const struct report_row *r)
{
	if (r == NULL)
		return NULL;
	struct report_row *c = arena_alloc(a, sizeof(*c));
	*c = *r;
	c->comment = arena_strdup(a, r->comment);
	c->evaluation = arena_strdup(a, r->evaluation);
	c->actor = arena_strdup(a, r->actor);
	c->at = arena_strdup(a, r->at);
	return c;
}

/* One input of a save and what is decided for it. */
struct put {
	const struct report_input *in;
	const struct report_row   *cur;     /* the current report it is decided
	                                       on (NULL: none) */
	bool                       known;   /* cur has been read */
	bool                       caller;  /* cur is the caller's */
	bool                       write;   /* a new version: now */
	struct report_row          now;
};

/* What one round of a save came to. */
enum round {
	ROUND_OK,        /* written, or nothing to write */
	ROUND_CONFLICT,  /* s->conflicts lists them; nothing written */
	ROUND_MOVED,     /* a version was taken since cur was read */
	ROUND_ERROR,
};

/* A read transaction begun on first need (reading is rare here). */
static bool
read_begin(struct db *db, bool *reading)
{
	if (*reading)
		return true;
	*reading = drv_begin_read(db->drv);
	return *reading;
}

/* Decides each of p[0..n) on its cur, reading those not known; marks
 * the new versions, or lists the conflicts in s. */
static enum round
decide(struct db *db, struct report_save *s, struct put *p, size_t n, const char *plan_id,
    int year)
{
	struct arena *a = &s->arena;
	bool reading = false, ok = true, moved = false;
	size_t cap = 0;
	s->nconflicts = 0;
	s->conflicts = NULL;
	for (size_t i = 0; ok && !moved && i < n; i++) {
		const struct report_input *in = p[i].in;
		p[i].write = false;
		if (!p[i].known) {
			ok = read_begin(db, &reading);
			if (ok)
				p[i].cur = row_one(db, a, bind_key(db, S_REPORT_CURRENT, plan_id,
				    in, year), &ok);
			p[i].known = ok;
			p[i].caller = false;
		}
		if (!ok)
			break;
		const struct report_row *cur = p[i].cur;
		int version = cur ? cur->version : 0;
		/* Based on a version newer than what the caller read: its
		 * read is older than the form, so read again. */
		moved = p[i].caller && in->base_version > version;
		if (moved || same(in, cur))
			continue;
		if (version != in->base_version) {
			/* Saved by someone else since the form was shown:
			 * unchanged from what the form showed means its writer
			 * left it alone. Versions never change: read any time. */
			struct report_row *base = NULL;
			if (in->base_version > 0 && (ok = read_begin(db, &reading))) {
				struct drv_stmt *st = bind_key(db, S_REPORT_VERSION, plan_id, in,
				    year);
				if (st)
					drv_bind_int(st, 5, in->base_version);
				base = row_one(db, a, st, &ok);
			}
			if (!ok || (base != NULL && same(in, base)))
				continue;
			struct report_conflict *c = VEC_PUSH(a, s->conflicts, s->nconflicts, cap);
			c->index = (size_t)(in - p[0].in);
			c->theirs = row_copy(a, cur);
			continue;
		}
		p[i].write = true;
		p[i].now = (struct report_row){
			.year = year, .version = version + 1, .status = in->status,
			.progress = in->progress,
			.comment = arena_strdup(a, nonempty(in->comment)),
			.evaluation = arena_strdup(a, nonempty(in->evaluation)),
		};
	}
	if (reading && !end_read(db, ok))
		ok = false;
	return !ok ? ROUND_ERROR : moved ? ROUND_MOVED : s->nconflicts > 0 ? ROUND_CONFLICT :
	    ROUND_OK;
}

/* Orders puts by key (measure, number). */
static int
put_cmp(const void *x, const void *y)
{
	const struct put *a = *(const struct put *const *)x, *b = *(const struct put *const *)y;
	int c = strcmp(a->in->measure_id, b->in->measure_id);
	return c != 0 ? c : (a->in->number > b->in->number) - (a->in->number < b->in->number);
}

/* The rows to insert, in key order: the new versions and their audit
 * rows, as the two JSON arrays S_REPORT_INSERTS and S_REPORT_AUDITS
 * take (written here: jansson took a fifth of a save's time). false if
 * a report could not be made audit JSON (not UTF-8). */
static bool
rows_json(struct put **w, size_t nw, const char *plan_id, int year, char **reports,
    char **audits)
{
	struct buf r = {0}, au = {0};
	bool ok = true;
	buf_putc(&r, '[');
	buf_putc(&au, '[');
	for (size_t i = 0; ok && i < nw; i++) {
		const struct put *p = w[i];
		const struct report_row *now = &p->now;
		buf_puts(&r, i ? ",{\"measure\":" : "{\"measure\":");
		buf_json_string(&r, p->in->measure_id);
		buf_printf(&r, ",\"number\":%d,\"version\":%d,\"status\":\"%s\",\"progress\":",
		    p->in->number, now->version, report_status_name(now->status));
		if (now->progress >= 0)
			buf_printf(&r, "%d", now->progress);
		else
			buf_puts(&r, "null");
		buf_puts(&r, ",\"comment\":");
		buf_json_string(&r, now->comment);
		buf_puts(&r, ",\"evaluation\":");
		buf_json_string(&r, now->evaluation);
		buf_putc(&r, '}');

		char id[PLAN_ID_MAX * 2 + 64];
		snprintf(id, sizeof(id), "%s/%s/%d/%d", plan_id, p->in->measure_id,
		    p->in->number, year);
		char *before = report_json(p->cur), *after = report_json(now);
		ok = after != NULL && (p->cur == NULL || before != NULL);
		buf_printf(&au, "%s{\"action\":\"%s\",\"id\":", i ? "," : "",
		    p->cur ? "update" : "add");
		buf_json_string(&au, id);
		buf_puts(&au, ",\"before\":");
		buf_json_string(&au, before);
		buf_puts(&au, ",\"after\":");
		buf_json_string(&au, after);
		buf_putc(&au, '}');
		free(before);
		free(after);
	}
	buf_putc(&r, ']');
	buf_putc(&au, ']');
	*reports = buf_take(&r, NULL);
	*audits = buf_take(&au, NULL);
	return ok;
}

/* What write_rows writes: one save's rows. */
struct rows {
	const char *plan_id, *actor, *at, *reports, *audits;
	int         year;
	int64_t     account_id;
};

/* A write_part: the rows of one save. DB_CONFLICT if a version was
 * taken (a unique violation). */
static enum db_status
write_rows(struct db *db, void *arg)
{
	const struct rows *w = arg;
	struct drv_stmt *st = q(db, S_REPORT_INSERTS);
	if (st) {
		drv_bind_text(st, 1, w->plan_id);
		drv_bind_int(st, 2, w->year);
		if (w->account_id > 0)
			drv_bind_int(st, 3, w->account_id);
		else
			drv_bind_null(st, 3);
		drv_bind_text(st, 4, w->actor);
		drv_bind_text(st, 5, w->at);
		drv_bind_text(st, 6, w->reports);
	}
	if (!q_run(db, st, "reports"))
		return st != NULL && drv_error(db->drv) == DRV_ERR_CONSTRAINT ? DB_CONFLICT :
		    DB_ERROR;
	st = q(db, S_REPORT_AUDITS);
	if (st) {
		drv_bind_text(st, 1, w->at);
		drv_bind_text(st, 2, w->actor);
		drv_bind_text(st, 3, "report");
		drv_bind_text(st, 4, w->audits);
	}
	return q_run(db, st, "audit") ? DB_OK : DB_ERROR;
}

/* Writes the new versions of p[0..n) and their audit rows, committed
 * (with other saves on SQLite: write_together). ROUND_MOVED (nothing
 * written) if a version was taken. */
static enum round
write_round(struct db *db, struct report_save *s, struct put *p, size_t n,
    const char *actor, int64_t account_id, const char *plan_id, int year)
{
	struct put **w = arena_array(&s->arena, n, sizeof(*w));
	size_t nw = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].write)
			w[nw++] = &p[i];
	s->written = 0;
	if (nw == 0)
		return ROUND_OK;
	qsort(w, nw, sizeof(*w), put_cmp);
	char at[32];
	store_now(at);
	struct rows rows = {.plan_id = plan_id, .actor = actor, .at = at, .year = year,
	    .account_id = account_id};
	char *reports = NULL, *audits = NULL;
	enum round r = ROUND_ERROR;
	if (!rows_json(w, nw, plan_id, year, &reports, &audits)) {
		drv_set_error(db->drv, "report: a text could not be written as JSON");
		goto out;
	}
	rows.reports = reports;
	rows.audits = audits;
	switch (write_together(db, write_rows, &rows)) {
	case DB_OK:
		s->written = nw;
		r = ROUND_OK;
		break;
	case DB_CONFLICT:
		r = ROUND_MOVED;
		break;
	default:
		break;
	}
out:
	free(reports);
	free(audits);
	return r;
}

/* After a version was taken twice: the inputs written whose current
 * report is no longer the one decided on are conflicts. */
static enum round
moved_conflicts(struct db *db, struct report_save *s, struct put *p, size_t n,
    const char *plan_id, int year)
{
	struct arena *a = &s->arena;
	char why[1024];
	snprintf(why, sizeof(why), "%s", drv_errmsg(db->drv));
	if (!drv_begin_read(db->drv))
		return ROUND_ERROR;
	bool ok = true;
	size_t cap = 0;
	s->nconflicts = 0;
	s->conflicts = NULL;
	for (size_t i = 0; ok && i < n; i++) {
		if (!p[i].write)
			continue;
		struct report_row *now = row_one(db, a, bind_key(db, S_REPORT_CURRENT, plan_id,
		    p[i].in, year), &ok);
		if (ok && (now ? now->version : 0) != (p[i].cur ? p[i].cur->version : 0)) {
			struct report_conflict *c = VEC_PUSH(a, s->conflicts, s->nconflicts, cap);
			c->index = (size_t)(p[i].in - p[0].in);
			c->theirs = now;
		}
	}
	if (!end_read(db, ok))
		return ROUND_ERROR;
	if (s->nconflicts == 0) {
		/* Not a version taken: another constraint refused the rows. */
		drv_set_error(db->drv, "%s", why);
		return ROUND_ERROR;
	}
	return ROUND_CONFLICT;
}

enum db_status
db_reports_put(struct db *db, const char *actor, int64_t account_id,
    const char *plan_id, int year, const struct report_input *in, size_t n,
    struct report_save **out)
{
	*out = NULL;
	struct report_save *s = xcalloc(1, sizeof(*s));
	struct put *p = arena_array(&s->arena, n ? n : 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = (struct put){.in = &in[i], .cur = in[i].current,
		    .known = in[i].current_read, .caller = in[i].current_read};
	enum round r = ROUND_OK;
	for (int round = 0; round < 2; round++) {
		if (round > 0)
			for (size_t i = 0; i < n; i++)
				p[i].known = false;   /* read them again */
		r = decide(db, s, p, n, plan_id, year);
		if (r == ROUND_MOVED && round > 0)
			r = ROUND_ERROR;   /* cannot be: nothing is the caller's now */
		if (r == ROUND_OK)
			r = write_round(db, s, p, n, actor, account_id, plan_id, year);
		if (r != ROUND_MOVED)
			break;
	}
	if (r == ROUND_MOVED)
		r = moved_conflicts(db, s, p, n, plan_id, year);
	if (r == ROUND_ERROR) {
		report_save_free(s);
		return DB_ERROR;
	}
	if (r == ROUND_CONFLICT)
		s->written = 0;
	*out = s;
	return r == ROUND_CONFLICT ? DB_CONFLICT : DB_OK;
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
