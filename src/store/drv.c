/* drv.c — the driver interface (drv.h): picks the backend from the URI
 * and keeps what both share: the statement cache and the error. */
#include "store/drv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/drv_impl.h"

enum drv_kind
drv_kind_of(const char *uri)
{
	if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0)
		return DRV_PGSQL;
	return DRV_SQLITE;
}

void
drv_uri_shown(const char *uri, char *out, size_t outsz)
{
	const char *scheme = strstr(uri, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
	if (drv_kind_of(uri) == DRV_PGSQL && at && colon && colon < at)
		snprintf(out, outsz, "%.*s:***%s", (int)(colon - uri), uri, at);
	else
		snprintf(out, outsz, "%s", uri);
}

struct drv *
drv_open(const char *uri, enum drv_mode mode, char *err, size_t errsz,
    enum drv_error *why)
{
	enum drv_error dummy;
	if (why == NULL)
		why = &dummy;
	*why = DRV_ERR_NONE;
	if (drv_kind_of(uri) == DRV_PGSQL)
		return drv_pgsql_ops.open(uri, mode, err, errsz, why);
	const char *path = strncmp(uri, "sqlite:", 7) == 0 ? uri + 7 : uri;
	if (*path == '\0') {
		snprintf(err, errsz, "no database path in \"%s\"", uri);
		*why = DRV_ERR_OTHER;
		return NULL;
	}
	return drv_sqlite_ops.open(path, mode, err, errsz, why);
}

void
drv_close(struct drv *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < DRV_STMTS_MAX; i++)
		if (d->stmts[i])
			d->ops->finalize(d->stmts[i]);
	d->ops->close(d);
}

enum drv_kind drv_kind(const struct drv *d) { return d->kind; }
bool drv_read_only(const struct drv *d) { return d->read_only; }
const char *drv_errmsg(const struct drv *d) { return d->err; }
enum drv_error drv_error(const struct drv *d) { return d->error; }

void
drv_fail(struct drv *d, enum drv_error kind, const char *what, const char *msg)
{
	d->error = kind;
	if (what)
		snprintf(d->err, sizeof(d->err), "%s: %s", what, msg ? msg : "unknown error");
	else
		snprintf(d->err, sizeof(d->err), "%s", msg ? msg : "unknown error");
}

void
drv_set_error(struct drv *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	d->error = DRV_ERR_OTHER;
}

bool
drv_exec(struct drv *d, const char *sql)
{
	return d->ops->exec(d, sql);
}

struct drv_stmt *
drv_stmt(struct drv *d, int id, const char *sql)
{
	if (id < 0 || id >= DRV_STMTS_MAX) {
		drv_set_error(d, "statement number %d is out of range", id);
		return NULL;
	}
	struct drv_stmt *s = d->stmts[id];
	if (s == NULL) {
		s = d->ops->prepare(d, id, sql);
		if (s == NULL)
			return NULL;
		s->drv = d;
		d->stmts[id] = s;
	} else {
		d->ops->reset(s);
	}
	s->active = false;
	return s;
}

void
drv_stmt_plan_each_time(struct drv_stmt *s)
{
	s->each_time = true;
}

void drv_bind_text(struct drv_stmt *s, int i, const char *v)
{
	if (v == NULL)
		s->drv->ops->bind_null(s, i);
	else
		s->drv->ops->bind_text(s, i, v);
}
void drv_bind_int(struct drv_stmt *s, int i, int64_t v) { s->drv->ops->bind_int(s, i, v); }
void drv_bind_null(struct drv_stmt *s, int i) { s->drv->ops->bind_null(s, i); }

enum drv_step
drv_step(struct drv_stmt *s, const char *what)
{
	s->active = true;
	return s->drv->ops->step(s, what);
}

const char *drv_col_text(struct drv_stmt *s, int i) { return s->drv->ops->col_text(s, i); }
int64_t drv_col_int(struct drv_stmt *s, int i) { return s->drv->ops->col_int(s, i); }
bool drv_col_null(struct drv_stmt *s, int i) { return s->drv->ops->col_null(s, i); }

void
drv_reset(struct drv_stmt *s)
{
	if (s->active)
		s->drv->ops->reset(s);
	s->active = false;
}

int64_t drv_changes(struct drv *d) { return d->ops->changes(d); }
bool drv_begin_read(struct drv *d) { return d->ops->begin_read(d); }
bool drv_begin_write(struct drv *d) { return d->ops->begin_write(d); }
bool
drv_begin_write_concurrent(struct drv *d)
{
	return d->ops->begin_write_concurrent(d);
}
bool drv_commit(struct drv *d) { return d->ops->commit(d); }

bool
drv_commit_visible(struct drv *d)
{
	return d->ops->commit_visible ? d->ops->commit_visible(d) : d->ops->commit(d);
}

bool
drv_make_durable(struct drv *d)
{
	return d->ops->make_durable ? d->ops->make_durable(d) : true;
}

void
drv_defer_writes(struct drv *d)
{
	if (d->ops->defer_writes)
		d->ops->defer_writes(d);
}

void
drv_upkeep(struct drv *d)
{
	if (d->ops->upkeep)
		d->ops->upkeep(d);
}

bool
drv_upkeep_exclusive(struct drv *d)
{
	return d->ops->upkeep_exclusive ? d->ops->upkeep_exclusive(d) : false;
}

bool
drv_sync_owed(struct drv *d)
{
	return d->ops->sync_owed ? d->ops->sync_owed(d) : false;
}

void
drv_rollback(struct drv *d)
{
	char saved[sizeof(d->err)];
	enum drv_error kind = d->error;
	memcpy(saved, d->err, sizeof(saved));
	d->ops->rollback(d);
	memcpy(d->err, saved, sizeof(saved));
	d->error = kind;
}

bool drv_savepoint(struct drv *d) { return d->ops->savepoint(d); }

bool
drv_savepoint_end(struct drv *d, bool keep)
{
	char saved[sizeof(d->err)];
	enum drv_error kind = d->error;
	memcpy(saved, d->err, sizeof(saved));
	bool ok = d->ops->savepoint_end(d, keep);
	if (!keep && ok) {
		memcpy(d->err, saved, sizeof(saved));
		d->error = kind;
	}
	return ok;
}

bool drv_listen(struct drv *d, const char *channel) { return d->ops->listen(d, channel); }
int drv_wait_notify(struct drv *d, int ms) { return d->ops->wait_notify(d, ms); }
bool drv_connected(struct drv *d) { return d->ops->connected(d); }
