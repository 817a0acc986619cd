/* store.c — opening and closing the store, the data generation, and the
 * helpers every query uses (store_impl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

static enum drv_mode
drv_mode_of(enum db_mode m)
{
	switch (m) {
	case DB_OPEN_CREATE:   return DRV_CREATE;
	case DB_OPEN_READONLY: return DRV_READ_ONLY;
	default:               return DRV_EXISTING;
	}
}

struct db *
db_open(const char *uri, enum db_mode mode, char *err, size_t errsz)
{
	enum drv_error why;
	struct drv *d = drv_open(uri, drv_mode_of(mode), err, errsz, &why);
	if (d == NULL)
		return NULL;
	struct db *db = xcalloc(1, sizeof(*db));
	db->drv = d;
	db->uri = xstrdup(uri);
	bool ok = drv_read_only(d) ? schema_check(db) : schema_migrate(db);
	if (!ok) {
		char shown[512];
		drv_uri_shown(uri, shown, sizeof(shown));
		snprintf(err, errsz, "%s: %s", shown, drv_errmsg(d));
		db_close(db);
		return NULL;
	}
	return db;
}

void
db_uri_shown(const char *uri, char *out, size_t outsz)
{
	drv_uri_shown(uri, out, outsz);
}

bool
db_readonly(const struct db *db)
{
	return drv_read_only(db->drv);
}

bool
db_is_pgsql(const struct db *db)
{
	return drv_kind(db->drv) == DRV_PGSQL;
}

long
db_statements(const struct db *db)
{
	return db->statements;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	drv_close(db->drv);
	free(db->uri);
	free(db);
}

const char *
db_errmsg(const struct db *db)
{
	return drv_errmsg(db->drv);
}

int
db_schema_version(struct db *db)
{
	return db->version;
}

/* ---- helpers ---- */

struct drv_stmt *
q(struct db *db, enum stmt s)
{
	const struct stmt_def *d = &stmt_defs[s];
	const char *sql = drv_kind(db->drv) == DRV_PGSQL && d->pgsql ? d->pgsql : d->sql;
	db->statements++;
	struct drv_stmt *st = drv_stmt(db->drv, (int)s, sql);
	if (st && d->each_time)
		drv_stmt_plan_each_time(st);
	return st;
}

bool
q_run(struct db *db, struct drv_stmt *st, const char *what)
{
	(void)db;
	if (st == NULL)
		return false;
	enum drv_step r;
	while ((r = drv_step(st, what)) == DRV_ROW)
		;
	drv_reset(st);
	return r == DRV_DONE;
}

bool
q_row(struct db *db, struct drv_stmt *st, const char *what, bool *ok)
{
	(void)db;
	if (st == NULL) {
		*ok = false;
		return false;
	}
	enum drv_step r = drv_step(st, what);
	if (r == DRV_ROW)
		return true;
	*ok = r == DRV_DONE;
	drv_reset(st);
	return false;
}

enum unit_kind
col_unit_kind(struct drv_stmt *st, int i)
{
	const char *s = drv_col_text(st, i);
	int k = s ? unit_kind_parse(s) : -1;
	return k < 0 ? UNIT_INTERNAL : (enum unit_kind)k;
}

enum resource_category
col_category(struct drv_stmt *st, int i)
{
	const char *s = drv_col_text(st, i);
	int c = s ? resource_category_parse(s) : -1;
	return c < 0 ? RESOURCE_UNKNOWN : (enum resource_category)c;
}

char *
col_text(struct arena *a, struct drv_stmt *st, int i)
{
	const char *s = drv_col_text(st, i);
	return s ? arena_strdup(a, s) : NULL;
}

int
col_int(struct drv_stmt *st, int i)
{
	return (int)drv_col_int(st, i);
}

void *
vec_push(struct arena *a, void *arr, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *na = arena_array(a, ncap, sz);
		if (*n)
			memcpy(na, arr, *n * sz);
		arr = na;
		*cap = ncap;
	}
	(*n)++;
	return arr;
}

bool
unit_refs_have(const struct unit_ref *u, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].id, id) == 0)
			return true;
	return false;
}

bool
end_write(struct db *db, bool ok)
{
	if (ok && drv_commit(db->drv))
		return true;
	drv_rollback(db->drv);
	return false;
}

bool
end_read(struct db *db, bool ok)
{
	if (!ok) {
		drv_rollback(db->drv);
		return false;
	}
	if (drv_commit(db->drv))
		return true;
	drv_rollback(db->drv);
	return false;
}

bool
bump_generation(struct db *db)
{
	return q_run(db, q(db, S_GENERATION_BUMP), "generation") &&
	    q_run(db, q(db, S_NOTIFY), "notify");
}

void
store_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

enum db_status
db_analyze(struct db *db)
{
	/* Without statistics PostgreSQL plans the joins of a freshly imported
	 * national installation badly (p99 of a unit page 0.8 s instead of
	 * 0.17 s in make bench-scale). */
	return drv_exec(db->drv, db_is_pgsql(db) ? "ANALYZE" : "PRAGMA optimize") ?
	    DB_OK : DB_ERROR;
}

/* ---- the generation ---- */

enum db_status
db_generation(struct db *db, int64_t *out)
{
	struct drv_stmt *st = q(db, S_GENERATION);
	if (st == NULL)
		return DB_ERROR;
	if (drv_step(st, "generation") != DRV_ROW) {
		drv_reset(st);
		return DB_ERROR;
	}
	*out = drv_col_int(st, 0);
	drv_reset(st);
	return DB_OK;
}

bool
db_listen(struct db *db)
{
	return drv_listen(db->drv, GENERATION_CHANNEL);
}

int
db_wait_change(struct db *db, int ms)
{
	return drv_wait_notify(db->drv, ms);
}

bool
db_connected(struct db *db)
{
	return drv_connected(db->drv);
}
