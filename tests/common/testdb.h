/* testdb.h — the database a test runs against, SQLite or PostgreSQL, so
 * that one test runs on both backends (tests/run.sh runs the store and
 * integration tests twice).
 *
 *   TILTAK_TEST_BACKEND  "sqlite" (the default) or "pgsql"
 *   TILTAK_TEST_PG       with pgsql: the URI of the test cluster's
 *                        administrative database (tests/pg-cluster.sh
 *                        prints it), where new databases are made
 *
 * A database is named by what `tiltak --db` takes: a path for SQLite, a
 * postgresql:// URI for PostgreSQL. */
#ifndef TILTAK_TESTDB_H
#define TILTAK_TESTDB_H
#include <stdbool.h>

/* True when the tests run against PostgreSQL. */
bool testdb_pg(void);
/* "sqlite" or "pgsql", for messages. */
const char *testdb_backend(void);
/* A new, empty database: for SQLite the path DIR/NAME.db (not yet made:
 * `tiltak import` or db_open makes it); for PostgreSQL a database made
 * now on the test cluster, with its URI. Caller frees. NULL (with a
 * message on standard error) if it cannot be made. */
char *testdb_new(const char *dir, const char *name);
/* A new PostgreSQL database on the test cluster, whichever backend the
 * tests run on (for copying between backends); NULL when there is no
 * cluster (TILTAK_TEST_PG unset). Caller frees. */
char *testdb_new_pg(void);
/* A new PostgreSQL database on the test cluster made as a copy of
 * template_uri (a database made by testdb_new or testdb_new_pg in this
 * process, to which nobody is connected: CREATE DATABASE … TEMPLATE).
 * Caller frees; NULL with a message on standard error. */
char *testdb_copy_pg(const char *template_uri);
/* Runs sql on db and returns the integer in the first column of its
 * first row; -1 and a message in err (if not NULL, 300 bytes) on
 * failure. */
long long testdb_int(const char *db, const char *sql, char *err);
/* Runs sql (which returns no rows) on db; false with a message in err. */
bool testdb_exec(const char *db, const char *sql, char *err);
/* Removes a SQLite database made by testdb_new (the file, its -wal and
 * -shm) and the folder dir it lives in (nothing for PostgreSQL but the
 * folder: testdb_cleanup drops those databases). */
void testdb_remove(const char *dir, const char *path);
/* Drops every PostgreSQL database made by testdb_new in this process. */
void testdb_cleanup(void);

#endif
