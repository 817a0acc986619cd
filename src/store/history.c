/* history.c — what the store remembers of the past: the audit trail
 * (who changed what, when, before and after) and the numbered revisions
 * of every plan. Audit rows are only ever inserted: the schema refuses
 * UPDATE and DELETE of them (triggers on both backends). */
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

bool
audit_write(struct db *db, const char *actor, const char *action,
    const char *object_type, const char *object_id, const char *before,
    const char *after)
{
	struct drv_stmt *st = q(db, S_AUDIT_INSERT);
	if (st == NULL)
		return false;
	char at[32];
	store_now(at);
	drv_bind_text(st, 1, at);
	drv_bind_text(st, 2, actor);
	drv_bind_text(st, 3, action);
	drv_bind_text(st, 4, object_type);
	drv_bind_text(st, 5, object_id);
	drv_bind_text(st, 6, before);
	drv_bind_text(st, 7, after);
	return q_run(db, st, "audit");
}

enum db_status
db_revisions(struct db *db, const char *plan_id, struct revision_list **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_REVISIONS);
	if (st)
		drv_bind_text(st, 1, plan_id);
	struct revision_list *l = xcalloc(1, sizeof(*l));
	struct arena *a = &l->arena;
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "revisions", &ok)) {
		struct revision *r = VEC_PUSH(a, l->items, l->n, cap);
		r->number = col_int(st, C_RV_NUMBER);
		r->at = col_text(a, st, C_RV_AT);
		r->actor = col_text(a, st, C_RV_ACTOR);
		r->title = col_text(a, st, C_RV_TITLE);
		r->digest = col_text(a, st, C_RV_DIGEST);
	}
	if (!ok) {
		revision_list_free(l);
		return DB_ERROR;
	}
	if (l->n == 0) {
		revision_list_free(l);
		return DB_NOT_FOUND;
	}
	*out = l;
	return DB_OK;
}

void
revision_list_free(struct revision_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

enum db_status
db_revision_json(struct db *db, const char *plan_id, int number, char **json,
    size_t *len)
{
	*json = NULL;
	struct drv_stmt *st = q(db, S_REVISION_GET);
	if (st == NULL)
		return DB_ERROR;
	drv_bind_text(st, 1, plan_id);
	drv_bind_int(st, 2, number);
	enum drv_step r = drv_step(st, "revision");
	if (r == DRV_ROW) {
		*json = xstrdup(drv_col_text(st, 0));
		if (len)
			*len = strlen(*json);
	}
	drv_reset(st);
	if (r == DRV_FAIL)
		return DB_ERROR;
	return r == DRV_ROW ? DB_OK : DB_NOT_FOUND;
}

static enum db_status audit_read(struct db *, struct drv_stmt *,
    struct audit_list **out);

enum db_status
db_audit(struct db *db, const char *object_type, const char *object_id,
    const char *actor, struct audit_list **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_AUDIT_LIST);
	if (st) {
		drv_bind_text(st, 1, object_type ? object_type : "");
		drv_bind_text(st, 2, object_id ? object_id : "");
		drv_bind_text(st, 3, actor ? actor : "");
	}
	return audit_read(db, st, out);
}

void
audit_list_free(struct audit_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

/* ---- the audit trail a page at a time ---- */

/* "" for NULL. */
static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* The statement whose index serves f best: one object, an actor, a
 * plan, a type, or none (the newest entries, through the primary key).
 * Each applies every filter; only the index differs. */
static enum stmt
audit_page_stmt(const struct audit_filter *f)
{
	if (*or_empty(f->object_type) && *or_empty(f->object_id))
		return S_AUDIT_PAGE_OBJECT;
	if (*or_empty(f->actor))
		return S_AUDIT_PAGE_ACTOR;
	if (*or_empty(f->plan))
		return S_AUDIT_PAGE_PLAN;
	if (*or_empty(f->object_type))
		return S_AUDIT_PAGE_TYPE;
	return S_AUDIT_PAGE;
}

/* Reads the entries st returns into a new list. */
static enum db_status
audit_read(struct db *db, struct drv_stmt *st, struct audit_list **out)
{
	*out = NULL;
	struct audit_list *l = xcalloc(1, sizeof(*l));
	struct arena *a = &l->arena;
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "audit", &ok)) {
		struct audit_entry *e = VEC_PUSH(a, l->items, l->n, cap);
		e->id = drv_col_int(st, C_AU_ID);
		e->at = col_text(a, st, C_AU_AT);
		e->actor = col_text(a, st, C_AU_ACTOR);
		e->action = col_text(a, st, C_AU_ACTION);
		e->object_type = col_text(a, st, C_AU_OBJECT_TYPE);
		e->object_id = col_text(a, st, C_AU_OBJECT_ID);
		e->before = col_text(a, st, C_AU_BEFORE);
		e->after = col_text(a, st, C_AU_AFTER);
	}
	if (!ok) {
		audit_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

enum db_status
db_audit_page(struct db *db, const struct audit_filter *f, struct audit_list **out,
    bool *more)
{
	*out = NULL;
	*more = false;
	size_t limit = f->limit ? f->limit : AUDIT_PAGE_SIZE;
	if (limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	const char *plan = or_empty(f->plan);
	/* A plan's objects have ids from "PLAN/" up to, not including,
	 * "PLAN0" ('0' is the byte after '/'). */
	char *lo = xasprintf("%s/", plan), *hi = xasprintf("%s0", plan);
	struct drv_stmt *st = q(db, audit_page_stmt(f));
	if (st) {
		drv_bind_text(st, 1, or_empty(f->actor));
		drv_bind_text(st, 2, or_empty(f->object_type));
		drv_bind_text(st, 3, or_empty(f->object_id));
		drv_bind_text(st, 4, plan);
		drv_bind_text(st, 5, lo);
		drv_bind_text(st, 6, hi);
		drv_bind_int(st, 7, f->before > 0 ? f->before : INT64_MAX);
		drv_bind_int(st, 8, f->no_accounts ? 1 : 0);
		/* One more than a page: whether there is a next one. */
		drv_bind_int(st, 9, (int64_t)limit + 1);
	}
	enum db_status s = audit_read(db, st, out);
	free(lo);
	free(hi);
	if (s == DB_OK && (*out)->n > limit) {
		(*out)->n = limit;
		*more = true;
	}
	return s;
}

/* ---- plans by name ---- */

enum db_status
db_plan_names(struct db *db, struct plan_names **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_PLAN_NAMES);
	struct plan_names *l = xcalloc(1, sizeof(*l));
	struct arena *a = &l->arena;
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "plans", &ok)) {
		struct plan_name *p = VEC_PUSH(a, l->items, l->n, cap);
		memset(p, 0, sizeof(*p));
		p->id = col_text(a, st, C_PN_ID);
		p->title = col_text(a, st, C_PN_TITLE);
		p->period_start = col_int(st, C_PN_START);
		p->period_end = col_int(st, C_PN_END);
	}
	if (!ok) {
		plan_names_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
plan_names_free(struct plan_names *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}
