/* drv_pgsql.c — the PostgreSQL driver (drv.h) on libpq.
 *
 * Statements are prepared on the server once per connection (PQprepare,
 * named "t<id>"), executed with text parameters (PQexecPrepared), and
 * their whole result is fetched at once; drv_step walks its rows. Reads
 * run in REPEATABLE READ READ ONLY transactions, so the dozen queries
 * that load a plan see one snapshot. Writers take a transaction-scoped
 * advisory lock first, so writes from every instance and the command
 * line queue one after another, as SQLite's single writer does; those
 * begun with drv_begin_write_concurrent (a yearly report's save) do not,
 * and rely on their unique keys instead.
 *
 * A BEGIN is not sent on its own: it waits for what comes next and goes
 * in the same round trip (with the first statement, in libpq's pipeline
 * mode; before a command, in one simple query), so a transaction costs
 * one round trip less; one that runs nothing sends nothing. A
 * transaction's snapshot is taken at its first statement either way. */
#include "store/drv_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

/* Any number, the same in every instance: the advisory lock writers take
 * (pg_advisory_xact_lock), released at COMMIT or ROLLBACK. */
#define WRITE_LOCK_KEY "7411"

/* A write stepped while writes are deferred (pg_defer_writes): sent
 * with the COMMIT. */
struct deferred {
	char             name[16];
	int              nparams;
	char           **values;   /* owned copies */
	char            *what;
	struct deferred *next;
};

struct pg {
	struct drv       base;
	PGconn          *conn;
	int64_t          changes;
	const char      *begin;     /* a BEGIN not sent yet, or NULL */
	bool             deferring; /* writes stepped now wait for COMMIT */
	struct deferred *deferred, **deferred_tail;
};

struct pg_stmt {
	struct drv_stmt base;
	char            name[16];
	char           *sql;        /* for statements planned each time */
	int             nparams;
	int             nfields;    /* columns it returns */
	char          **values;    /* owned copies, NULL for SQL NULL */
	PGresult       *res;
	int             row;       /* the current row, -1 before the first */
};

static struct pg *
pg_of(struct drv *d)
{
	return (struct pg *)d;
}

/* The first line of a libpq message (they end in '\n'). */
static void
fail_pg(struct drv *d, enum drv_error kind, const char *what, const char *msg)
{
	char line[900];
	snprintf(line, sizeof(line), "%s", msg ? msg : "unknown error");
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	drv_fail(d, kind, what, line);
}

/* The error kind of a failed result, from its SQLSTATE. */
static enum drv_error
kind_of(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state == NULL)
		return DRV_ERR_OTHER;
	if (strncmp(state, "23", 2) == 0)
		return DRV_ERR_CONSTRAINT;
	if (strcmp(state, "25006") == 0) /* read_only_sql_transaction */
		return DRV_ERR_READ_ONLY;
	return DRV_ERR_OTHER;
}

/* Runs a command without parameters (after the BEGIN waiting, in one
 * simple query: PQexec answers with the last result, and stops at the
 * first error); false with the error set. */
static bool
command(struct drv *d, const char *sql, const char *what)
{
	struct pg *p = pg_of(d);
	char *both = NULL;
	if (p->begin != NULL) {
		both = xasprintf("%s; %s", p->begin, sql);
		p->begin = NULL;
	}
	PGresult *res = PQexec(p->conn, both ? both : sql);
	free(both);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		fail_pg(d, kind_of(res), what, PQresultErrorMessage(res));
	PQclear(res);
	return ok;
}

static struct drv *
pg_open(const char *uri, enum drv_mode mode, char *err, size_t errsz,
    enum drv_error *why)
{
	char shown[512];
	drv_uri_shown(uri, shown, sizeof(shown));
	PGconn *conn = PQconnectdb(uri);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		const char *m = conn ? PQerrorMessage(conn) : "out of memory";
		char line[600];
		snprintf(line, sizeof(line), "%s", m);
		line[strcspn(line, "\n")] = '\0';
		bool missing = strstr(line, "does not exist") != NULL &&
		    strstr(line, "database") != NULL;
		*why = missing ? DRV_ERR_MISSING : DRV_ERR_OTHER;
		if (missing)
			snprintf(err, errsz, "no database at %s (%s; create it with "
			    "createdb, then: tiltak import --db URI FILE...)", shown, line);
		else
			snprintf(err, errsz, "cannot connect to %s: %s", shown, line);
		PQfinish(conn);
		return NULL;
	}
	struct pg *p = xcalloc(1, sizeof(*p));
	p->base.ops = &drv_pgsql_ops;
	p->base.kind = DRV_PGSQL;
	p->conn = conn;
	p->deferred_tail = &p->deferred;
	/* Text is UTF-8 whatever the server's default; messages quiet. */
	/* Plan each prepared statement once per connection: PostgreSQL
	 * otherwise plans the first five runs anew each time, and the joins
	 * of a unit's page took 58 ms to plan and 2.6 ms to run. Our
	 * statements are index lookups whose best plan does not depend on
	 * the values. */
	bool ok = PQsetClientEncoding(conn, "UTF8") == 0 &&
	    command(&p->base, "SET client_min_messages = warning", "set up") &&
	    command(&p->base, "SET plan_cache_mode = force_generic_plan", "set up");
	if (ok && mode == DRV_READ_ONLY) {
		p->base.read_only = true;
		ok = command(&p->base, "SET default_transaction_read_only = on", "set up");
	}
	if (!ok) {
		snprintf(err, errsz, "%s: %s", shown, p->base.err);
		*why = DRV_ERR_OTHER;
		PQfinish(conn);
		free(p);
		return NULL;
	}
	return &p->base;
}

static void drop_deferred(struct pg *p);

static void
pg_close(struct drv *d)
{
	drop_deferred(pg_of(d));
	PQfinish(pg_of(d)->conn);
	free(d);
}

static bool
pg_exec(struct drv *d, const char *sql)
{
	return command(d, sql, "schema");
}

static void
clear_params(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
}

static struct drv_stmt *
pg_prepare(struct drv *d, int id, const char *sql)
{
	struct pg *p = pg_of(d);
	struct pg_stmt *s = xcalloc(1, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "t%d", id);
	PGresult *res = PQprepare(p->conn, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_pg(d, kind_of(res), "prepare", PQresultErrorMessage(res));
		PQclear(res);
		free(s);
		return NULL;
	}
	PQclear(res);
	res = PQdescribePrepared(p->conn, s->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_pg(d, DRV_ERR_OTHER, "describe", PQresultErrorMessage(res));
		PQclear(res);
		free(s);
		return NULL;
	}
	s->nparams = PQnparams(res);
	s->nfields = PQnfields(res);
	PQclear(res);
	s->sql = xstrdup(sql);
	s->values = xcalloc((size_t)(s->nparams > 0 ? s->nparams : 1), sizeof(char *));
	s->row = -1;
	return &s->base;
}

static void
pg_finalize(struct drv_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	clear_params(s);
	free(s->values);
	free(s->sql);
	PQclear(s->res);
	free(s);
}

static void
pg_reset(struct drv_stmt *st)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	clear_params(s);
}

static void
set_param(struct pg_stmt *s, int i, char *v)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	free(s->values[i - 1]);
	s->values[i - 1] = v;
}

static void
pg_bind_text(struct drv_stmt *st, int i, const char *v)
{
	set_param((struct pg_stmt *)st, i, xstrdup(v));
}

static void
pg_bind_int(struct drv_stmt *st, int i, int64_t v)
{
	set_param((struct pg_stmt *)st, i, xasprintf("%" PRId64, v));
}

static void
pg_bind_null(struct drv_stmt *st, int i)
{
	set_param((struct pg_stmt *)st, i, NULL);
}

/* Reads a pipeline's results up to its sync's, handing each to take
 * (which keeps or clears it). A NULL follows each result; two in a row:
 * nothing more is coming (the connection failed). true if the sync's
 * came. */
static bool
pipeline_results(struct pg *p, void (*take)(PGresult *, void *), void *arg)
{
	int nulls = 0;
	while (nulls < 2) {
		PGresult *r = PQgetResult(p->conn);
		if (r == NULL) {
			nulls++;
			continue;
		}
		nulls = 0;
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			return true;
		}
		take(r, arg);
	}
	return false;
}

/* exec_after_begin's results: BEGIN's and the statement's. */
struct begun {
	PGresult *begin, *res;
};

static void
take_begun(PGresult *r, void *arg)
{
	struct begun *b = arg;
	if (b->begin == NULL)
		b->begin = r;
	else if (b->res == NULL)
		b->res = r;
	else
		PQclear(r);
}

/* The result of the first statement of a transaction, sent in one
 * round trip with the BEGIN waiting (libpq's pipeline mode: BEGIN, the
 * statement, a sync). A failed BEGIN is the statement's failure. NULL
 * if libpq refuses the pipeline or the connection fails (pg_step then
 * reports libpq's message). */
static PGresult *
exec_after_begin(struct pg *p, struct pg_stmt *s)
{
	const char *begin = p->begin;
	p->begin = NULL;
	const char *const *values = (const char *const *)s->values;
	if (PQenterPipelineMode(p->conn) != 1)
		return NULL;
	bool sent = PQsendQueryParams(p->conn, begin, 0, NULL, NULL, NULL, NULL, 0) == 1 &&
	    (s->base.each_time ?
	    PQsendQueryParams(p->conn, s->sql, s->nparams, NULL, values, NULL, NULL, 0) :
	    PQsendQueryPrepared(p->conn, s->name, s->nparams, values, NULL, NULL, 0)) == 1 &&
	    PQpipelineSync(p->conn) == 1;
	/* After a failed BEGIN the statement is only "aborted": the first
	 * failure is the one kept. */
	struct begun b = {0};
	if (sent)
		pipeline_results(p, take_begun, &b);
	PQexitPipelineMode(p->conn);
	if (b.begin != NULL && PQresultStatus(b.begin) != PGRES_COMMAND_OK) {
		PQclear(b.res);
		return b.begin;
	}
	PQclear(b.begin);
	return b.res;
}

static enum drv_step
pg_step(struct drv_stmt *st, const char *what)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	struct pg *p = pg_of(st->drv);
	if (s->res == NULL && p->deferring) {
		if (s->nfields > 0 || st->each_time) {
			fail_pg(st->drv, DRV_ERR_OTHER, what, "a statement that returns rows (or "
			    "is planned each time) cannot wait for the COMMIT");
			return DRV_FAIL;
		}
		struct deferred *w = xcalloc(1, sizeof(*w));
		memcpy(w->name, s->name, sizeof(w->name));
		w->nparams = s->nparams;
		w->values = xcalloc((size_t)(s->nparams > 0 ? s->nparams : 1), sizeof(char *));
		for (int i = 0; i < s->nparams; i++)
			w->values[i] = s->values[i] ? xstrdup(s->values[i]) : NULL;
		w->what = xstrdup(what);
		*p->deferred_tail = w;
		p->deferred_tail = &w->next;
		p->changes = 0;
		s->res = PQmakeEmptyPGresult(p->conn, PGRES_COMMAND_OK);
		return DRV_DONE;
	}
	if (s->res == NULL) {
		/* The connection plans prepared statements once (generic
		 * plans); one that asks is sent with its text and planned for
		 * its values. */
		s->res = p->begin != NULL ? exec_after_begin(p, s) : st->each_time ?
		    PQexecParams(p->conn, s->sql, s->nparams, NULL,
		    (const char *const *)s->values, NULL, NULL, 0) :
		    PQexecPrepared(p->conn, s->name, s->nparams,
		    (const char *const *)s->values, NULL, NULL, 0);
		if (s->res == NULL) {
			fail_pg(st->drv, DRV_ERR_OTHER, what, PQerrorMessage(p->conn));
			return DRV_FAIL;
		}
		ExecStatusType rs = PQresultStatus(s->res);
		if (rs == PGRES_COMMAND_OK) {
			const char *n = PQcmdTuples(s->res);
			p->changes = n && *n ? strtoll(n, NULL, 10) : 0;
			return DRV_DONE;
		}
		if (rs != PGRES_TUPLES_OK) {
			fail_pg(st->drv, kind_of(s->res), what, PQresultErrorMessage(s->res));
			return DRV_FAIL;
		}
		/* INSERT … RETURNING and UPDATE … RETURNING change rows too. */
		const char *n = PQcmdTuples(s->res);
		if (n && *n && strncmp(PQcmdStatus(s->res), "SELECT", 6) != 0)
			p->changes = strtoll(n, NULL, 10);
		s->row = -1;
	}
	if (PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return DRV_DONE;
	s->row++;
	return s->row < PQntuples(s->res) ? DRV_ROW : DRV_DONE;
}

static const char *
pg_col_text(struct drv_stmt *st, int i)
{
	struct pg_stmt *s = (struct pg_stmt *)st;
	if (s->res == NULL || s->row < 0 || s->row >= PQntuples(s->res) ||
	    i >= PQnfields(s->res) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t
pg_col_int(struct drv_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);
	if (v == NULL)
		return 0;
	/* Booleans come as "t"/"f". */
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtoll(v, NULL, 10);
}

static bool
pg_col_null(struct drv_stmt *st, int i)
{
	return pg_col_text(st, i) == NULL;
}

static int64_t
pg_changes(struct drv *d)
{
	return pg_of(d)->changes;
}

/* The transactions' BEGINs wait in p->begin (see the top). */
static bool
pg_begin_read(struct drv *d)
{
	pg_of(d)->begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	return true;
}

static bool
pg_begin_write(struct drv *d)
{
	if (d->read_only) {
		drv_fail(d, DRV_ERR_READ_ONLY, "BEGIN", "the database was opened read-only");
		return false;
	}
	pg_of(d)->begin = "BEGIN";
	if (!command(d, "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")", "write lock")) {
		PGresult *res = PQexec(pg_of(d)->conn, "ROLLBACK");
		PQclear(res);
		return false;
	}
	return true;
}

static bool
pg_begin_write_concurrent(struct drv *d)
{
	if (d->read_only) {
		drv_fail(d, DRV_ERR_READ_ONLY, "BEGIN", "the database was opened read-only");
		return false;
	}
	pg_of(d)->begin = "BEGIN";
	return true;
}

static void
drop_deferred(struct pg *p)
{
	for (struct deferred *w = p->deferred, *next; w; w = next) {
		next = w->next;
		for (int i = 0; i < w->nparams; i++)
			free(w->values[i]);
		free(w->values);
		free(w->what);
		free(w);
	}
	p->deferred = NULL;
	p->deferred_tail = &p->deferred;
	p->deferring = false;
}

/* commit_deferred's results, in the order sent: BEGIN's (if sent), the
 * writes', COMMIT's. The first failure is kept (those after it are
 * "aborted"). */
struct committed {
	struct drv      *d;
	bool             ok;
	bool             begin;    /* the next result is BEGIN's */
	struct deferred *w;        /* the next result is w's, or COMMIT's */
};

static void
take_committed(PGresult *r, void *arg)
{
	struct committed *c = arg;
	ExecStatusType rs = PQresultStatus(r);
	if (c->ok && rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
		fail_pg(c->d, kind_of(r), c->begin ? "BEGIN" : c->w ? c->w->what : "COMMIT",
		    PQresultErrorMessage(r));
		c->ok = false;
	}
	PQclear(r);
	if (c->begin)
		c->begin = false;
	else if (c->w != NULL)
		c->w = c->w->next;
}

/* The deferred writes and the COMMIT (and the BEGIN, if it waits) in
 * one round trip: libpq's pipeline mode. After a failure the server
 * skips the rest ("aborted"), COMMIT too: the first failure is the one
 * reported, and the transaction is left for pg_rollback to end. */
static bool
commit_deferred(struct drv *d)
{
	struct pg *p = pg_of(d);
	const char *begin = p->begin;
	p->begin = NULL;
	bool sent = PQenterPipelineMode(p->conn) == 1;
	if (sent && begin != NULL)
		sent = PQsendQueryParams(p->conn, begin, 0, NULL, NULL, NULL, NULL, 0) == 1;
	for (struct deferred *w = p->deferred; sent && w; w = w->next)
		sent = PQsendQueryPrepared(p->conn, w->name, w->nparams,
		    (const char *const *)w->values, NULL, NULL, 0) == 1;
	sent = sent && PQsendQueryParams(p->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) == 1 &&
	    PQpipelineSync(p->conn) == 1;
	struct committed c = {.d = d, .ok = true, .begin = begin != NULL, .w = p->deferred};
	if (!sent || !pipeline_results(p, take_committed, &c)) {
		if (c.ok)
			fail_pg(d, DRV_ERR_OTHER, "COMMIT", PQerrorMessage(p->conn));
		c.ok = false;
	}
	PQexitPipelineMode(p->conn);
	drop_deferred(p);
	return c.ok;
}

/* A transaction whose BEGIN is still waiting ran nothing: there is
 * nothing to end. */
static bool
pg_commit(struct drv *d)
{
	struct pg *p = pg_of(d);
	if (p->deferred != NULL)
		return commit_deferred(d);
	p->deferring = false;
	if (p->begin != NULL) {
		p->begin = NULL;
		return true;
	}
	return command(d, "COMMIT", "COMMIT");
}

static void
pg_rollback(struct drv *d)
{
	struct pg *p = pg_of(d);
	drop_deferred(p);
	if (p->begin != NULL) {
		p->begin = NULL;
		return;
	}
	PGresult *res = PQexec(p->conn, "ROLLBACK");
	PQclear(res);
}

/* Writes stepped from now on in this transaction wait for its COMMIT
 * (drv.h). */
static void
pg_defer_writes(struct drv *d)
{
	pg_of(d)->deferring = true;
}

static bool
pg_savepoint(struct drv *d)
{
	return command(d, "SAVEPOINT part", "SAVEPOINT");
}

static bool
pg_savepoint_end(struct drv *d, bool keep)
{
	return command(d, keep ? "RELEASE SAVEPOINT part" :
	    "ROLLBACK TO SAVEPOINT part; RELEASE SAVEPOINT part", "SAVEPOINT");
}

static bool
pg_listen(struct drv *d, const char *channel)
{
	struct pg *p = pg_of(d);
	char *id = PQescapeIdentifier(p->conn, channel, strlen(channel));
	if (id == NULL) {
		fail_pg(d, DRV_ERR_OTHER, "LISTEN", PQerrorMessage(p->conn));
		return false;
	}
	char *sql = xasprintf("LISTEN %s", id);
	PQfreemem(id);
	bool ok = command(d, sql, "LISTEN");
	free(sql);
	return ok;
}

static int
pg_wait_notify(struct drv *d, int ms)
{
	struct pg *p = pg_of(d);
	for (;;) {
		if (PQconsumeInput(p->conn) == 0) {
			fail_pg(d, DRV_ERR_OTHER, "LISTEN", PQerrorMessage(p->conn));
			return -1;
		}
		PGnotify *n = PQnotifies(p->conn);
		if (n != NULL) {
			/* Several notifications may have come: one is enough. */
			while (n) {
				PQfreemem(n);
				n = PQnotifies(p->conn);
			}
			return 1;
		}
		if (PQstatus(p->conn) != CONNECTION_OK) {
			fail_pg(d, DRV_ERR_OTHER, "LISTEN", "the connection was lost");
			return -1;
		}
		struct pollfd pf = {.fd = PQsocket(p->conn), .events = POLLIN};
		int r = poll(&pf, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		ms = 0; /* data came: read it, then return whatever it was */
	}
}

/* An idle connection that does not LISTEN has nothing to read unless the
 * server closed it: its last words (a FATAL message), then the end of the
 * stream. Reading the end makes libpq mark the connection bad; the words
 * and the end may come in two reads. A poll() without waiting when there
 * is nothing, which is every other time. */
static bool
pg_connected(struct drv *d)
{
	PGconn *conn = pg_of(d)->conn;
	for (int reads = 0; reads < 4 && PQstatus(conn) == CONNECTION_OK; reads++) {
		struct pollfd pf = {.fd = PQsocket(conn), .events = POLLIN};
		if (pf.fd < 0 || poll(&pf, 1, 0) <= 0)
			break;
		if (PQconsumeInput(conn) == 0)
			return false;
	}
	return PQstatus(conn) == CONNECTION_OK;
}

const struct drv_ops drv_pgsql_ops = {
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.begin_read = pg_begin_read,
	.begin_write = pg_begin_write,
	.begin_write_concurrent = pg_begin_write_concurrent,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.defer_writes = pg_defer_writes,
	.savepoint = pg_savepoint,
	.savepoint_end = pg_savepoint_end,
	.listen = pg_listen,
	.wait_notify = pg_wait_notify,
	.connected = pg_connected,
};
