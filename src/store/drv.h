/* drv.h — the small database driver beneath the store: open a
 * connection, prepare a statement once, bind, step through rows, read
 * columns, and transactions. Two implementations: drv_sqlite.c (SQLite,
 * one file) and drv_pgsql.c (PostgreSQL through libpq). The store above
 * writes its SQL once, in the subset both accept, with parameters as $1,
 * $2, … (SQLite takes "$1" as a named parameter; the driver maps it to
 * its number), and never knows which backend it talks to except where a
 * statement has a variant for one of them.
 *
 * A struct drv is one connection, used by one thread at a time. Every
 * statement is prepared once per connection, on first use, under a
 * number the caller chooses (the store's statement enum), and its
 * parameters are always bound, never spliced into the text. */
#ifndef TILTAK_DRV_H
#define TILTAK_DRV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum drv_kind {
	DRV_SQLITE,
	DRV_PGSQL,
	DRV_KIND__MAX
};

enum drv_mode {
	DRV_CREATE,      /* open, creating an empty database if there is none */
	DRV_EXISTING,    /* open a database that must exist */
	DRV_READ_ONLY,   /* open for reading only */
};

/* What went wrong, as far as callers need to tell. */
enum drv_error {
	DRV_ERR_NONE,
	DRV_ERR_MISSING,     /* no such database (DRV_EXISTING, DRV_READ_ONLY) */
	DRV_ERR_READ_ONLY,   /* the database or its location cannot be written */
	DRV_ERR_CONSTRAINT,  /* a unique, foreign key or check constraint */
	DRV_ERR_OTHER,
};

enum drv_step {
	DRV_ROW,
	DRV_DONE,
	DRV_FAIL,            /* see drv_errmsg */
};

struct drv;
struct drv_stmt;

/* The kind of backend a --db value names: "postgresql://…" and
 * "postgres://…" are PostgreSQL; "sqlite:PATH" and a bare path SQLite. */
enum drv_kind drv_kind_of(const char *uri);

/* uri as it may be shown in a message or a log: a password in a
 * PostgreSQL URI is replaced by "***". */
void drv_uri_shown(const char *uri, char *out, size_t outsz);

/* Opens uri (see drv_kind_of). NULL on failure, with a message naming
 * the database in err and the kind of failure in *why. */
struct drv *drv_open(const char *uri, enum drv_mode mode, char *err, size_t errsz,
    enum drv_error *why);
void drv_close(struct drv *);
enum drv_kind drv_kind(const struct drv *);
/* True if the connection was opened read-only (asked for, or because the
 * database could not be written). */
bool drv_read_only(const struct drv *);
/* The last error, as "what: message"; valid until the next call. */
const char *drv_errmsg(const struct drv *);
enum drv_error drv_error(const struct drv *);
/* Sets the error message (keeping the kind DRV_ERR_OTHER). */
void drv_set_error(struct drv *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Runs sql, which may hold several statements and takes no parameters
 * (schema changes). Returns false with the error set. */
bool drv_exec(struct drv *, const char *sql);

/* The statement numbered id (0 <= id < DRV_STMTS_MAX), prepared from sql
 * on first use and reset with its bindings cleared on every later call.
 * NULL with the error set if it cannot be prepared. what names it in
 * error messages. */
#define DRV_STMTS_MAX 256
struct drv_stmt *drv_stmt(struct drv *, int id, const char *sql);

/* Asks that st be planned anew, for its values, every time it runs
 * (PostgreSQL: its plan depends on how common the values are, as a
 * search word's; other statements keep one plan per connection). SQLite
 * plans every run anyway. */
void drv_stmt_plan_each_time(struct drv_stmt *st);

/* Parameters are numbered from 1, as $1 in the SQL. A NULL text binds
 * NULL. Text is copied or kept as the driver needs until the step. */
void drv_bind_text(struct drv_stmt *, int i, const char *s);
void drv_bind_int(struct drv_stmt *, int i, int64_t v);
void drv_bind_null(struct drv_stmt *, int i);

/* The next row; DRV_DONE after the last; DRV_FAIL with the error set
 * (naming what, the statement's purpose). */
enum drv_step drv_step(struct drv_stmt *, const char *what);
/* Columns of the current row, numbered from 0. Text is NULL for a NULL
 * and valid until the next step or reset. */
const char *drv_col_text(struct drv_stmt *, int i);
int64_t drv_col_int(struct drv_stmt *, int i);
bool drv_col_null(struct drv_stmt *, int i);
/* Ends the use of the statement's rows (so its read locks go). */
void drv_reset(struct drv_stmt *);
/* Rows changed by the last statement that changed rows. */
int64_t drv_changes(struct drv *);

/* Transactions. A read transaction sees one moment of the database
 * throughout; a write transaction takes the database's write lock at
 * once (SQLite BEGIN IMMEDIATE; PostgreSQL locks the generation row), so
 * writers queue rather than fail midway. */
bool drv_begin_read(struct drv *);
bool drv_begin_write(struct drv *);
/* A write transaction that does not queue behind the other writers
 * (PostgreSQL: no write lock, READ COMMITTED), for a write that reads
 * nothing and whose rows' unique keys alone decide what may be written:
 * two such transactions writing the same key are told by a unique
 * violation (DRV_ERR_CONSTRAINT), and the one that loses has written
 * nothing. Writes to different keys commit side by side, and PostgreSQL
 * syncs them to its log together. SQLite has one writer at a time: the
 * same as drv_begin_write. */
bool drv_begin_write_concurrent(struct drv *);
bool drv_commit(struct drv *);
/* drv_commit in two steps, for a writer that lets the next one in before
 * its own commit is on disk (group.c): drv_commit_visible ends the
 * transaction (other connections see it, the write lock is free) and may
 * leave its sync to disk owed; drv_make_durable makes it. Nothing written
 * may be acknowledged before drv_make_durable returns true. Then
 * drv_upkeep does what the commit made due (SQLite: a checkpoint of its
 * log), which the answer need not wait for. PostgreSQL's commit is
 * durable when it returns: there both do nothing. */
bool drv_commit_visible(struct drv *);
bool drv_make_durable(struct drv *);
void drv_upkeep(struct drv *);
/* Whether the upkeep due must be done before this process writes again
 * (SQLite: a checkpoint that starts the log again, which takes the write
 * lock). */
bool drv_upkeep_exclusive(struct drv *);
/* PostgreSQL: the writes (statements that return no rows) stepped from
 * now until the end of this transaction are not sent when stepped but
 * with its COMMIT, all in one round trip (libpq's pipeline mode). Each
 * answers DRV_DONE when stepped, with no count of changes; a failure
 * among them is the COMMIT's (drv_commit false, drv_error its kind: a
 * unique violation is DRV_ERR_CONSTRAINT), and nothing is written. For
 * a transaction of writes that reads nothing, such as a yearly report's
 * save. SQLite runs them when stepped, as always. */
void drv_defer_writes(struct drv *);
/* Whether a commit's sync to disk is owed (drv_commit_visible, and no
 * drv_make_durable since). */
bool drv_sync_owed(struct drv *);
/* Rolls back, keeping the error that caused it. */
void drv_rollback(struct drv *);
/* A savepoint inside a write transaction (one at a time): what is
 * written after drv_savepoint is kept (drv_savepoint_end true) or undone
 * (false, keeping the error), and the transaction goes on. */
bool drv_savepoint(struct drv *);
bool drv_savepoint_end(struct drv *, bool keep);

/* PostgreSQL notifications (LISTEN/NOTIFY); SQLite has none and returns
 * false. drv_listen subscribes to channel; drv_wait_notify waits at most
 * ms for a notification on it and returns 1 if one came, 0 on timeout,
 * -1 if the connection failed. */
bool drv_listen(struct drv *, const char *channel);
int drv_wait_notify(struct drv *, int ms);

/* false if the connection is lost: a statement found the server gone,
 * or (PostgreSQL, checked without waiting) the server has closed it
 * since, as a restart or pg_terminate_backend does. A lost connection
 * stays lost; only a new one (drv_open) reaches the database again.
 * SQLite's is always there. */
bool drv_connected(struct drv *);

#endif
