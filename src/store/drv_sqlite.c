/* drv_sqlite.c — the SQLite driver (drv.h).
 *
 * The database runs in WAL mode with synchronous=FULL (a commit is durable
 * once acknowledged) and foreign keys on. Statements are prepared once per
 * connection; "$1", "$2", … in their SQL are SQLite named parameters, each
 * bound by looking up its index once.
 *
 * Opening follows docs/ARCHITECTURE.md ("The store"): only DRV_CREATE
 * makes a database; a database whose file or folder cannot be written is
 * opened read-only, and on a read-only location without its -wal and
 * -shm files, as immutable. */
#include "store/drv_impl.h"
#include "store/lite_vfs.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define PARAMS_MAX 32

/* How long a connection waits for another writer before SQLITE_BUSY. */
#define BUSY_TIMEOUT_MS 5000
/* How long one wait lasts at most: a writer in another process (the
 * command line) ends without telling this one. */
#define BUSY_POLL_MS    2
/* How long a checkpoint that starts the log again waits for the readers
 * still on it, holding the write lock (see checkpoints below): this many
 * waits of BUSY_POLL_MS at most. */
#define RESTART_WAIT_MS 20

/* What a commit made due (wal_committed, lite_upkeep). */
enum checkpoint { CHECKPOINT_NONE, CHECKPOINT_PASSIVE, CHECKPOINT_RESTART };

struct lite {
	struct drv       base;
	sqlite3         *conn;
	bool             writing;      /* in a transaction begun for writing */
	enum checkpoint  checkpoint;   /* due (wal_committed) */
	bool             restarting;   /* in a CHECKPOINT_RESTART */
	bool             restart_gave_up; /* it waited RESTART_WAIT_MS in vain */
	struct log_state *log;         /* its database's (wal_committed) */
	struct timespec  busy_since;   /* when the current wait began */
};

struct lite_stmt {
	struct drv_stmt  base;
	sqlite3_stmt    *st;
	int              index[PARAMS_MAX + 1];  /* "$i" → SQLite's index */
	int              rc;                     /* the last step's result */
};

static struct lite *
lite_of(struct drv *d)
{
	return (struct lite *)d;
}

static enum drv_error
kind_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT: return DRV_ERR_CONSTRAINT;
	case SQLITE_READONLY:   return DRV_ERR_READ_ONLY;
	default:                return DRV_ERR_OTHER;
	}
}

static void
fail_lite(struct drv *d, int rc, const char *what)
{
	drv_fail(d, kind_of(rc), what, sqlite3_errmsg(lite_of(d)->conn));
}

/* tiltak_fold(text): text_fold as an SQL function, used by migration 3
 * to remake the search text of databases made before it. NULL stays
 * NULL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, text_fold((const char *)s), -1, free);
}

/* The folder of path: what is before its last '/', "/" or ".". */
static void
parent_dir(const char *path, char *out, size_t outsz)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(out, outsz, ".");
	else if (slash == path)
		snprintf(out, outsz, "/");
	else
		snprintf(out, outsz, "%.*s", (int)(slash - path), path);
}

/* Whether path (and its folder, where SQLite makes -wal and -shm) can be
 * written. Permissions and read-only mounts both count: access() answers
 * for this process, so as root only a read-only mount says no. Sets
 * *no_folder when the folder does not exist. */
static bool
location_writable(const char *path, bool exists, bool *no_folder)
{
	char dir[4096];
	parent_dir(path, dir, sizeof(dir));
	*no_folder = false;
	if (access(dir, W_OK | X_OK) != 0) {
		*no_folder = errno == ENOENT;
		return false;
	}
	return !exists || access(path, W_OK) == 0;
}

/* path as an SQLite "file:" URI with the query q: every byte but
 * unreserved ones and '/' percent-encoded (so '?', '#' and '%' in a
 * file name stay part of it). Caller frees. */
static char *
file_uri(const char *path, const char *q)
{
	struct buf b = {0};
	buf_puts(&b, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	buf_printf(&b, "?%s", q);
	return buf_take(&b, NULL);
}

/* ---- waiting for the write lock ----
 *
 * SQLite lets one writer in at a time. Its own busy handler sleeps 1, 2,
 * 5, 10, … 100 ms between tries whatever happens meanwhile, so under many
 * concurrent saves a waiting writer slept on long after the lock was
 * free while the other server threads took it again (a p99 of 250 ms for
 * 50 reporters saving at once, with every thread idle half the time).
 * Here a waiting connection sleeps until a write transaction of this
 * process ends (writes_ended changes), or BUSY_POLL_MS for writers in
 * other processes, then tries again; BUSY_TIMEOUT_MS in all. The lock
 * itself stays SQLite's: this only decides when to try again. */
static pthread_mutex_t writers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  writers_done;
static unsigned long   writes_ended;
static pthread_once_t  writers_once = PTHREAD_ONCE_INIT;

static void
writers_init(void)
{
	pthread_condattr_t at;
	pthread_condattr_init(&at);
	pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
	pthread_cond_init(&writers_done, &at);
	pthread_condattr_destroy(&at);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SQLite's busy handler: nonzero to try again. */
static int
busy_wait(void *arg, int count)
{
	struct lite *l = arg;
	if (l->restarting) {
		/* Counted in waits, not time: SQLite does not start the count
		 * again between the locks one checkpoint waits for, and the
		 * copying between them is no waiting. */
		if (count >= RESTART_WAIT_MS / BUSY_POLL_MS) {
			l->restart_gave_up = true;
			return 0;
		}
	} else if (count == 0) {
		clock_gettime(CLOCK_MONOTONIC, &l->busy_since);
	} else if (ms_since(&l->busy_since) >= BUSY_TIMEOUT_MS) {
		return 0;
	}
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += BUSY_POLL_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&writers_lock);
	unsigned long seen = writes_ended;
	while (writes_ended == seen &&
	    pthread_cond_timedwait(&writers_done, &writers_lock, &until) == 0)
		;
	pthread_mutex_unlock(&writers_lock);
	return 1;
}

/* A write transaction of l ended: wake the writers waiting. */
static void
write_ended(struct lite *l)
{
	if (!l->writing)
		return;
	l->writing = false;
	pthread_mutex_lock(&writers_lock);
	writes_ended++;
	pthread_cond_broadcast(&writers_done);
	pthread_mutex_unlock(&writers_lock);
}

/* ---- checkpoints ----
 *
 * A checkpoint copies the pages of the log (-wal) into the database file;
 * once all are copied, the next writer starts the log again from its
 * beginning — but only if no reader still reads from the log and its own
 * transaction began after the copy was complete. SQLite makes one
 * (passive: it waits for no one) inside the commit that leaves the log at
 * 1 000 pages or more, while the write lock is held. Under a steady load
 * of writes and reads the two conditions for a restart never meet: the
 * log then grew without end (60 000 pages, 240 MB, in 10 s of
 * yearly-report saves with two server threads; 256 000 pages, 1 GB,
 * with four), and since it stayed over 1 000 pages every commit made a
 * checkpoint due: one with a sync of the database file for every save.
 *
 * So there are two steps. Once WAL_CHECKPOINT_FRAMES pages of the log
 * are not yet in the file, a passive checkpoint copies them, after the
 * commit is synced (and, in group.c, answered), while the next writers
 * go on. Once the log holds WAL_RESTART_FRAMES pages, the checkpoint is
 * SQLite's RESTART: it takes the write lock, copies what is left (little,
 * after the passive ones), waits up to RESTART_WAIT_MS for the readers
 * still on the log, and then the next writer starts the log again; in
 * group.c the next batch waits for it (drv_upkeep_exclusive). A restart
 * that cannot have its readers in time is tried again once
 * WAL_RESTART_RETRY more pages are in the log, not at the next commit: a
 * long read (an export, another process) keeps the log from starting
 * again as long as it lasts, and each try holds the write lock for
 * RESTART_WAIT_MS. One refused at once (another checkpoint under way) is
 * tried again at the next commit.
 * What is in the file is known to the process's connections together
 * (struct log_state), and one passive checkpoint runs at a time.
 * A thread of its own for checkpoints was tried: it made saves slower
 * (docs/PERFORMANCE.md). */
#define WAL_CHECKPOINT_FRAMES 1000
#define WAL_RESTART_FRAMES    4000
#define WAL_RESTART_RETRY     250

/* What this process knows of a database's log, shared by its
 * connections (each commit's hook sees only the log's length). Kept for
 * the process's life. */
struct log_state {
	char             *path;
	int               backfilled;   /* pages known to be in the file */
	int               passive;      /* a passive checkpoint is under way */
	int               restart_at;   /* the next restart's length (0: WAL_RESTART_FRAMES) */
	struct log_state *next;
};

static pthread_mutex_t   logs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_state *logs;

static struct log_state *
log_state_of(const char *path)
{
	pthread_mutex_lock(&logs_lock);
	struct log_state *s = logs;
	while (s != NULL && strcmp(s->path, path) != 0)
		s = s->next;
	if (s == NULL) {
		s = xcalloc(1, sizeof(*s));
		s->path = xstrdup(path);
		s->next = logs;
		logs = s;
	}
	pthread_mutex_unlock(&logs_lock);
	return s;
}

/* Called by SQLite after each commit in WAL mode (in place of its own
 * hook), the write lock released: wakes the waiting writers, and notes
 * whether a checkpoint is due. */
static int
wal_committed(void *arg, sqlite3 *conn, const char *db, int frames)
{
	struct lite *l = arg;
	write_ended(l);
	if (l->log == NULL)
		l->log = log_state_of(sqlite3_db_filename(conn, db));
	int backfilled = __atomic_load_n(&l->log->backfilled, __ATOMIC_RELAXED);
	if (frames < backfilled) {   /* the log was started again */
		backfilled = 0;
		__atomic_store_n(&l->log->backfilled, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&l->log->restart_at, 0, __ATOMIC_RELAXED);
	}
	int restart_at = __atomic_load_n(&l->log->restart_at, __ATOMIC_RELAXED);
	if (frames >= (restart_at > WAL_RESTART_FRAMES ? restart_at : WAL_RESTART_FRAMES))
		l->checkpoint = CHECKPOINT_RESTART;
	else if (frames - backfilled >= WAL_CHECKPOINT_FRAMES)
		l->checkpoint = CHECKPOINT_PASSIVE;
	return SQLITE_OK;
}

static void
busy_setup(struct lite *l)
{
	pthread_once(&writers_once, writers_init);
	sqlite3_busy_handler(l->conn, busy_wait, l);
	sqlite3_wal_hook(l->conn, wal_committed, l);
}

/* Opens target (a path, or a URI with SQLITE_OPEN_URI) and reads the
 * schema once: SQLite reports only at the first read that it cannot
 * open a WAL database read-only. Returns an SQLite result code. */
static int
try_open(struct lite *l, const char *target, int flags)
{
	int rc = sqlite3_open_v2(target, &l->conn, flags | SQLITE_OPEN_NOMUTEX, lite_vfs());
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(l->conn, 1);
		busy_setup(l);
		rc = sqlite3_exec(l->conn, "SELECT count(*) FROM sqlite_master", NULL,
		    NULL, NULL);
	}
	return rc;
}

/* Opens an existing database read-only. A WAL database can be read so
 * when its -wal and -shm files exist or can be made; on a location that
 * cannot be written and lacks them, SQLite cannot open it, and it is
 * opened as immutable instead — safe when there is no -wal holding
 * changes, which then would be ignored: such a database is refused. */
static bool
open_readonly(struct lite *l, const char *path, char *err, size_t errsz)
{
	int rc = try_open(l, path, SQLITE_OPEN_READONLY);
	if (rc == SQLITE_OK)
		return true;
	if ((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_READONLY) {
		snprintf(err, errsz, "cannot open database %s: %s", path,
		    l->conn ? sqlite3_errmsg(l->conn) : sqlite3_errstr(rc));
		return false;
	}
	sqlite3_close(l->conn);
	l->conn = NULL;
	char wal[4200];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	struct stat st;
	if (stat(wal, &st) == 0 && st.st_size > 0) {
		snprintf(err, errsz, "cannot read %s: the location is read-only and %s "
		    "holds changes not yet in the database, which SQLite cannot read "
		    "without making its -shm file; open the database once where it can "
		    "be written (tiltak export does it) to fold them in", path, wal);
		return false;
	}
	char *uri = file_uri(path, "immutable=1");
	rc = try_open(l, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot open database %s read-only: %s", path,
		    l->conn ? sqlite3_errmsg(l->conn) : sqlite3_errstr(rc));
		return false;
	}
	return true;
}

/* A savepoint, or a statement writing many rows that may fail midway
 * (a yearly report's save: its foreign key), keeps the original of every
 * page it changes in a statement journal, which SQLite writes to a
 * temporary file past 64 KiB: every save in a group commit (group.c)
 * did. Kept in memory instead (per connection, while the statement or
 * savepoint lasts: at most the pages one transaction changes, which the
 * input limits bound). -1, not a size: SQLite allocates the journal in
 * chunks of the spill size, so a limit of 4 MiB made every statement
 * journal a 4 MiB allocation (a quarter of the test build's time under
 * AddressSanitizer); held wholly in memory it grows by 1 KiB chunks.
 * Set once, before SQLite's first use. */
#define STMT_JOURNAL_MEMORY (-1)

static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void
lite_config(void)
{
	/* SQLITE_MISUSE if SQLite is in use already: then as by default. */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_MEMORY);
}

static struct drv *
lite_open(const char *path, enum drv_mode mode, char *err, size_t errsz,
    enum drv_error *why)
{
	pthread_once(&config_once, lite_config);
	struct lite *l = xcalloc(1, sizeof(*l));
	l->base.ops = &drv_sqlite_ops;
	l->base.kind = DRV_SQLITE;
	*why = DRV_ERR_OTHER;
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT) {
		snprintf(err, errsz, "cannot open database %s: %s", path, strerror(errno));
		goto fail;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "%s is a directory, not a database", path);
		goto fail;
	}
	if (!exists && mode != DRV_CREATE) {
		snprintf(err, errsz, "no database at %s (create one with: tiltak import "
		    "--db %s FILE...)", path, path);
		*why = DRV_ERR_MISSING;
		goto fail;
	}
	bool no_folder = false;
	bool writable = mode != DRV_READ_ONLY && location_writable(path, exists, &no_folder);
	if (mode == DRV_CREATE && !writable) {
		char dir[4096];
		parent_dir(path, dir, sizeof(dir));
		if (no_folder)
			snprintf(err, errsz, "cannot create %s: the folder %s does not exist",
			    path, dir);
		else
			snprintf(err, errsz, "cannot write %s: the location is read-only", path);
		*why = DRV_ERR_READ_ONLY;
		goto fail;
	}

	if (!writable) {
		l->base.read_only = true;
		if (!open_readonly(l, path, err, errsz))
			goto fail;
	} else {
		int flags = SQLITE_OPEN_READWRITE | (mode == DRV_CREATE ? SQLITE_OPEN_CREATE : 0);
		int rc = sqlite3_open_v2(path, &l->conn, flags | SQLITE_OPEN_NOMUTEX, lite_vfs());
		if (rc != SQLITE_OK) {
			snprintf(err, errsz, "cannot open database %s: %s", path,
			    l->conn ? sqlite3_errmsg(l->conn) : sqlite3_errstr(rc));
			goto fail;
		}
		sqlite3_extended_result_codes(l->conn, 1);
		busy_setup(l);
	}
	/* WAL: readers never wait for the writer, and a commit is durable
	 * once acknowledged (synchronous=FULL syncs the WAL on commit). */
	/* No memory map (mmap_size): it would make the whole file count in
	 * the server's resident memory, once per connection. */
	const char *pragmas = l->base.read_only ? "PRAGMA foreign_keys = ON;" :
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;";
	char *msg = NULL;
	if (sqlite3_exec(l->conn, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "cannot set up database %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		goto fail;
	}
	if (sqlite3_create_function_v2(l->conn, "tiltak_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
	    NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "cannot set up database %s: %s", path,
		    sqlite3_errmsg(l->conn));
		goto fail;
	}
	*why = DRV_ERR_NONE;
	return &l->base;
fail:
	sqlite3_close(l->conn);
	free(l);
	return NULL;
}

static void
lite_close(struct drv *d)
{
	sqlite3_close(lite_of(d)->conn);
	free(d);
}

static bool
lite_exec(struct drv *d, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(lite_of(d)->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		drv_fail(d, kind_of(rc), "schema", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return false;
	}
	return true;
}

static struct drv_stmt *
lite_prepare(struct drv *d, int id, const char *sql)
{
	(void)id;
	struct lite_stmt *s = xcalloc(1, sizeof(*s));
	int rc = sqlite3_prepare_v3(lite_of(d)->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st, NULL);
	if (rc != SQLITE_OK) {
		char msg[700];
		snprintf(msg, sizeof(msg), "%s (in: %.80s%s)", sqlite3_errmsg(lite_of(d)->conn),
		    sql, strlen(sql) > 80 ? "…" : "");
		drv_fail(d, kind_of(rc), "prepare", msg);
		free(s);
		return NULL;
	}
	for (int i = 1; i <= PARAMS_MAX; i++) {
		char name[16];
		snprintf(name, sizeof(name), "$%d", i);
		s->index[i] = sqlite3_bind_parameter_index(s->st, name);
	}
	return &s->base;
}

static void
lite_finalize(struct drv_stmt *st)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	sqlite3_finalize(s->st);
	free(s);
}

static void
lite_reset(struct drv_stmt *st)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int
param(struct lite_stmt *s, int i)
{
	return i >= 1 && i <= PARAMS_MAX ? s->index[i] : 0;
}

static void
lite_bind_text(struct drv_stmt *st, int i, const char *v)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	if (param(s, i))
		sqlite3_bind_text(s->st, param(s, i), v, -1, SQLITE_TRANSIENT);
}

static void
lite_bind_int(struct drv_stmt *st, int i, int64_t v)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	if (param(s, i))
		sqlite3_bind_int64(s->st, param(s, i), (sqlite3_int64)v);
}

static void
lite_bind_null(struct drv_stmt *st, int i)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	if (param(s, i))
		sqlite3_bind_null(s->st, param(s, i));
}

static enum drv_step
lite_step(struct drv_stmt *st, const char *what)
{
	struct lite_stmt *s = (struct lite_stmt *)st;
	s->rc = sqlite3_step(s->st);
	if (s->rc == SQLITE_ROW)
		return DRV_ROW;
	if (s->rc == SQLITE_DONE)
		return DRV_DONE;
	/* Name the statement that failed by the start of its SQL, before a
	 * reset may replace the message. */
	const char *sql = sqlite3_sql(s->st);
	char msg[700];
	snprintf(msg, sizeof(msg), "%s (in: %.80s%s)", sqlite3_errmsg(lite_of(st->drv)->conn),
	    sql ? sql : "?", sql && strlen(sql) > 80 ? "…" : "");
	drv_fail(st->drv, kind_of(s->rc), what, msg);
	return DRV_FAIL;
}

static const char *
lite_col_text(struct drv_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(((struct lite_stmt *)st)->st, i);
}

static int64_t
lite_col_int(struct drv_stmt *st, int i)
{
	return (int64_t)sqlite3_column_int64(((struct lite_stmt *)st)->st, i);
}

static bool
lite_col_null(struct drv_stmt *st, int i)
{
	return sqlite3_column_type(((struct lite_stmt *)st)->st, i) == SQLITE_NULL;
}

static int64_t
lite_changes(struct drv *d)
{
	return (int64_t)sqlite3_changes(lite_of(d)->conn);
}

static bool
simple(struct drv *d, const char *sql)
{
	int rc = sqlite3_exec(lite_of(d)->conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fail_lite(d, rc, sql);
		return false;
	}
	return true;
}

static bool
lite_begin_read(struct drv *d)
{
	return simple(d, "BEGIN");
}

static bool
lite_begin_write(struct drv *d)
{
	if (d->read_only) {
		drv_fail(d, DRV_ERR_READ_ONLY, "BEGIN",
		    "attempt to write a readonly database (it was opened read-only)");
		return false;
	}
	if (!simple(d, "BEGIN IMMEDIATE"))
		return false;
	lite_of(d)->writing = true;
	return true;
}

/* A write transaction's commit leaves the log's sync owed (lite_vfs.h):
 * SQLite would sync while it holds the write lock, so that the next
 * writer waits for the disk as well; here the lock is free when the
 * commit returns, and lite_make_durable syncs. Everything committed
 * before that sync is in the log file, and a sync covers the whole file,
 * so a commit is durable once its own sync, or a later one, is made. A
 * read transaction has nothing to sync. */
static bool
lite_commit_visible(struct drv *d)
{
	struct lite *l = lite_of(d);
	/* SQLite ends the transaction itself after some errors (I/O,
	 * corruption): then there is nothing to commit. */
	if (sqlite3_get_autocommit(l->conn)) {
		drv_fail(d, DRV_ERR_OTHER, "COMMIT", "the transaction was already ended");
		write_ended(l);
		return false;
	}
	sqlite3_file *log = l->writing ? lite_vfs_log(l->conn) : NULL;
	if (log != NULL)
		lite_vfs_defer_sync(log, 1);
	bool ok = simple(d, "COMMIT");
	if (log != NULL)
		lite_vfs_defer_sync(log, 0);
	if (ok || sqlite3_get_autocommit(l->conn))
		write_ended(l);
	return ok;
}

/* The sync the last commit left owed. */
static bool
lite_make_durable(struct drv *d)
{
	struct lite *l = lite_of(d);
	sqlite3_file *log = lite_vfs_log(l->conn);
	int rc = log != NULL ? lite_vfs_pay_sync(log) : SQLITE_OK;
	if (rc != SQLITE_OK) {
		char msg[200];
		snprintf(msg, sizeof(msg), "the log could not be synced to disk: %s",
		    sqlite3_errstr(rc));
		drv_fail(d, DRV_ERR_OTHER, "COMMIT", msg);
		return false;
	}
	return true;
}

/* The checkpoint a commit made due (l->log is set: a commit set it). One
 * that cannot finish (SQLITE_BUSY: a reader, another checkpoint, another
 * process's writer) is made due again by a later commit; a restart that
 * waited for its readers in vain, only WAL_RESTART_RETRY pages later. */
static void
lite_upkeep(struct drv *d)
{
	struct lite *l = lite_of(d);
	enum checkpoint due = l->checkpoint;
	if (due == CHECKPOINT_NONE)
		return;
	l->checkpoint = CHECKPOINT_NONE;
	/* A passive one while another connection makes one would copy
	 * nothing more (and answer SQLITE_BUSY). */
	if (due == CHECKPOINT_PASSIVE &&
	    __atomic_exchange_n(&l->log->passive, 1, __ATOMIC_ACQ_REL))
		return;
	l->restarting = due == CHECKPOINT_RESTART;
	l->restart_gave_up = false;
	int length = -1, copied = -1;
	int rc = sqlite3_wal_checkpoint_v2(l->conn, "main", l->restarting ?
	    SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE, &length, &copied);
	if (due == CHECKPOINT_PASSIVE)
		__atomic_store_n(&l->log->passive, 0, __ATOMIC_RELEASE);
	if (rc != SQLITE_OK && l->restart_gave_up && length > 0)
		__atomic_store_n(&l->log->restart_at, length + WAL_RESTART_RETRY,
		    __ATOMIC_RELAXED);
	l->restarting = false;
	if (copied > __atomic_load_n(&l->log->backfilled, __ATOMIC_RELAXED))
		__atomic_store_n(&l->log->backfilled, copied, __ATOMIC_RELAXED);
}

static bool
lite_upkeep_exclusive(struct drv *d)
{
	return lite_of(d)->checkpoint == CHECKPOINT_RESTART;
}

static bool
lite_sync_owed(struct drv *d)
{
	sqlite3_file *log = lite_vfs_log(lite_of(d)->conn);
	return log != NULL && lite_vfs_sync_owed(log);
}

static bool
lite_commit(struct drv *d)
{
	bool ok = lite_commit_visible(d);
	ok = lite_make_durable(d) && ok;
	lite_upkeep(d);
	return ok;
}

static void
lite_rollback(struct drv *d)
{
	if (!sqlite3_get_autocommit(lite_of(d)->conn))
		sqlite3_exec(lite_of(d)->conn, "ROLLBACK", NULL, NULL, NULL);
	write_ended(lite_of(d));
}

static bool
lite_savepoint(struct drv *d)
{
	return simple(d, "SAVEPOINT part");
}

static bool
lite_savepoint_end(struct drv *d, bool keep)
{
	return simple(d, keep ? "RELEASE part" : "ROLLBACK TO part; RELEASE part");
}

static bool
lite_listen(struct drv *d, const char *channel)
{
	(void)d;
	(void)channel;
	return false;
}

static int
lite_wait_notify(struct drv *d, int ms)
{
	(void)d;
	(void)ms;
	return -1;
}

static bool
lite_connected(struct drv *d)
{
	(void)d;
	return true;
}

const struct drv_ops drv_sqlite_ops = {
	.open = lite_open,
	.close = lite_close,
	.exec = lite_exec,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.reset = lite_reset,
	.bind_text = lite_bind_text,
	.bind_int = lite_bind_int,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.col_text = lite_col_text,
	.col_int = lite_col_int,
	.col_null = lite_col_null,
	.changes = lite_changes,
	.begin_read = lite_begin_read,
	.begin_write = lite_begin_write,
	.begin_write_concurrent = lite_begin_write,
	.commit = lite_commit,
	.commit_visible = lite_commit_visible,
	.make_durable = lite_make_durable,
	.sync_owed = lite_sync_owed,
	.upkeep = lite_upkeep,
	.upkeep_exclusive = lite_upkeep_exclusive,
	.rollback = lite_rollback,
	.savepoint = lite_savepoint,
	.savepoint_end = lite_savepoint_end,
	.listen = lite_listen,
	.wait_notify = lite_wait_notify,
	.connected = lite_connected,
};
