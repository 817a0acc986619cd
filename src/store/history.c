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

void
audit_list_free(struct audit_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}
