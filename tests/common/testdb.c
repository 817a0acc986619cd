/* testdb.c — SQLite or PostgreSQL databases for tests (testdb.h). */
#include "common/testdb.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **made;
static size_t nmade;

bool
testdb_pg(void)
{
	const char *b = getenv("TILTAK_TEST_BACKEND");
	return b && strcmp(b, "pgsql") == 0;
}

const char *
testdb_backend(void)
{
	return testdb_pg() ? "pgsql" : "sqlite";
}

static bool
is_pg(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

/* The admin URI with its database name replaced by name. */
static char *
uri_for(const char *admin, const char *name)
{
	/* postgresql:///postgres?host=…: the name sits after the third '/'. */
	const char *p = strstr(admin, "://");
	const char *slash = p ? strchr(p + 3, '/') : NULL;
	if (slash == NULL)
		return NULL;
	const char *q = strchr(slash, '?');
	size_t head = (size_t)(slash - admin) + 1;
	size_t n = head + strlen(name) + (q ? strlen(q) : 0) + 1;
	char *u = malloc(n);
	if (u == NULL)
		abort();
	snprintf(u, n, "%.*s%s%s", (int)head, admin, name, q ? q : "");
	return u;
}

static bool
admin_exec(const char *sql, char *err)
{
	const char *admin = getenv("TILTAK_TEST_PG");
	if (admin == NULL || *admin == '\0') {
		snprintf(err, 300, "TILTAK_TEST_PG is not set (tests/run.sh sets it)");
		return false;
	}
	PGconn *c = PQconnectdb(admin);
	bool ok = PQstatus(c) == CONNECTION_OK;
	if (ok) {
		PGresult *r = PQexec(c, sql);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			snprintf(err, 300, "%s", PQresultErrorMessage(r));
		PQclear(r);
	} else {
		snprintf(err, 300, "%s", PQerrorMessage(c));
	}
	PQfinish(c);
	return ok;
}

char *
testdb_new(const char *dir, const char *name)
{
	if (!testdb_pg()) {
		size_t n = strlen(dir) + strlen(name) + 8;
		char *p = malloc(n);
		if (p == NULL)
			abort();
		snprintf(p, n, "%s/%s.db", dir, name);
		return p;
	}
	return testdb_new_pg();
}

/* A new database on the test cluster, a copy of template (a database's
 * name, or NULL: an empty one). */
static char *
new_pg(const char *template)
{
	const char *admin = getenv("TILTAK_TEST_PG");
	if (admin == NULL || *admin == '\0')
		return NULL;
	static unsigned seq;
	char dbname[64], sql[200], err[300];
	snprintf(dbname, sizeof(dbname), "t%d_%u", (int)getpid(), ++seq);
	if (template)
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s", dbname, template);
	else
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
	if (!admin_exec(sql, err)) {
		fprintf(stderr, "# cannot make a PostgreSQL database: %s\n", err);
		return NULL;
	}
	made = realloc(made, (nmade + 1) * sizeof(*made));
	if (made == NULL)
		abort();
	made[nmade++] = strdup(dbname);
	return uri_for(getenv("TILTAK_TEST_PG"), dbname);
}

char *
testdb_new_pg(void)
{
	return new_pg(NULL);
}

char *
testdb_copy_pg(const char *template_uri)
{
	/* Only the names this file made ("t" digits "_" digits) are taken. */
	for (size_t i = 0; i < nmade; i++) {
		char *u = uri_for(getenv("TILTAK_TEST_PG"), made[i]);
		bool same = u && strcmp(u, template_uri) == 0;
		free(u);
		if (same)
			return new_pg(made[i]);
	}
	fprintf(stderr, "# %s is not a database made by this test program\n", template_uri);
	return NULL;
}

void
testdb_remove(const char *dir, const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3 && !testdb_pg(); i++) {
		char p[1024];
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
	rmdir(dir);
}

void
testdb_cleanup(void)
{
	char sql[160], err[300];
	for (size_t i = 0; i < nmade; i++) {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", made[i]);
		if (!admin_exec(sql, err))
			fprintf(stderr, "# cannot drop %s: %s\n", made[i], err);
		free(made[i]);
	}
	free(made);
	made = NULL;
	nmade = 0;
}

long long
testdb_int(const char *db, const char *sql, char *err)
{
	char dummy[300];
	if (err == NULL)
		err = dummy;
	long long v = -1;
	if (is_pg(db)) {
		PGconn *c = PQconnectdb(db);
		if (PQstatus(c) != CONNECTION_OK) {
			snprintf(err, 300, "%s", PQerrorMessage(c));
		} else {
			PGresult *r = PQexec(c, sql);
			if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
				v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
			else
				snprintf(err, 300, "%s", PQresultErrorMessage(r));
			PQclear(r);
		}
		PQfinish(c);
		return v;
	}
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, 300, "%s", h ? sqlite3_errmsg(h) : "cannot open");
		sqlite3_close(h);
		return -1;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		snprintf(err, 300, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

bool
testdb_exec(const char *db, const char *sql, char *err)
{
	char dummy[300];
	if (err == NULL)
		err = dummy;
	if (is_pg(db)) {
		PGconn *c = PQconnectdb(db);
		bool ok = PQstatus(c) == CONNECTION_OK;
		if (ok) {
			PGresult *r = PQexec(c, sql);
			ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
			    PQresultStatus(r) == PGRES_TUPLES_OK;
			if (!ok)
				snprintf(err, 300, "%s", PQresultErrorMessage(r));
			PQclear(r);
		} else {
			snprintf(err, 300, "%s", PQerrorMessage(c));
		}
		PQfinish(c);
		return ok;
	}
	sqlite3 *h = NULL;
	bool ok = sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
	char *msg = NULL;
	if (ok && sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, 300, "%s", msg ? msg : sqlite3_errmsg(h));
		ok = false;
	} else if (!ok) {
		snprintf(err, 300, "%s", h ? sqlite3_errmsg(h) : "cannot open");
	}
	sqlite3_free(msg);
	sqlite3_close(h);
	return ok;
}
