/* storetest.h — a unit test's own store, on the backend the tests run on
 * (testdb.h), and what the store's tests put in it: plans from JSON text
 * and accounts. The cmocka set-up and tear-down every store test shares
 * (test_store, test_store_help, test_store_report, test_store_group,
 * test_auth).
 *
 * Linked into the unit tests only: it calls the store (db_open), which
 * the integration tests do not link (they run the binary). */
#ifndef TILTAK_STORETEST_H
#define TILTAK_STORETEST_H
#include <stdint.h>

#include "store/db.h"

struct plan;

/* One test's database. A fixture with more in it starts with one. */
struct storetest {
	char       dir[64];  /* the test's own folder, /tmp/tiltak-KIND-XXXXXX */
	char      *path;     /* a file (SQLite) or a URI (PostgreSQL) */
	struct db *db;       /* open on path */
};

/* Makes t's folder /tmp/tiltak-KIND-XXXXXX, a new database NAME in it
 * (testdb_new) and opens it (DB_OPEN_CREATE). 0, or -1 with the reason
 * on standard error (nothing is left open or made then). */
int storetest_open(struct storetest *t, const char *kind, const char *name);
/* cmocka set-up: *state = a new struct storetest, opened as
 * storetest_open does. 0 or -1. */
int storetest_setup(void **state, const char *kind, const char *name);
/* cmocka tear-down: closes the database at *state (a struct storetest,
 * or a fixture that starts with one), removes it and its folder, frees
 * *state. Returns 0. */
int storetest_teardown(void **state);
/* cmocka group tear-down: drops the PostgreSQL databases the group made
 * (testdb_cleanup). Returns 0. */
int storetest_group_teardown(void **state);

/* The plan in json; fails the test with the decoder's JSON path and
 * message if it is refused. Caller frees (plan_free). */
struct plan *storetest_plan(const char *json);
/* Adds an account with role, audited as done by actor, with password
 * hash (NULL: "x", which no password matches) and, if unit is not NULL,
 * that one unit; fails the test unless the store answers DB_OK. Returns
 * its id. */
int64_t storetest_account(struct db *db, const char *actor, const char *email,
    enum role role, const char *hash, const char *unit);

#endif
