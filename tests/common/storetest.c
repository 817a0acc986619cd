/* storetest.c — a unit test's own store (storetest.h). */
#include "common/storetest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/testdb.h"
#include "domain/plan_json.h"
#include "http/auth.h"
#include "limits.h"

int
storetest_open(struct storetest *t, const char *kind, const char *name)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/tiltak-%s-XXXXXX", kind);
	if (mkdtemp(t->dir) == NULL) {
		perror(t->dir);
		return -1;
	}
	t->path = testdb_new(t->dir, name);
	if (t->path == NULL) {
		rmdir(t->dir);
		return -1;
	}
	char err[512];
	t->db = db_open(t->path, DB_OPEN_CREATE, err, sizeof(err));
	if (t->db == NULL) {
		fprintf(stderr, "%s\n", err);
		testdb_remove(t->dir, t->path);
		free(t->path);
		t->path = NULL;
		return -1;
	}
	return 0;
}

int
storetest_setup(void **state, const char *kind, const char *name)
{
	struct storetest *t = calloc(1, sizeof(*t));
	if (t == NULL || storetest_open(t, kind, name) != 0) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

int
storetest_teardown(void **state)
{
	struct storetest *t = *state;
	db_close(t->db);
	testdb_remove(t->dir, t->path);
	free(t->path);
	free(t);
	return 0;
}

int
storetest_group_teardown(void **state)
{
	(void)state;
	testdb_cleanup();
	return 0;
}

struct plan *
storetest_plan(const char *json)
{
	struct plan_error err;
	struct plan *p = plan_json_parse(json, strlen(json), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	return p;
}

int64_t
storetest_account(struct db *db, const char *actor, const char *email,
    enum role role, const char *hash, const char *unit)
{
	/* struct account holds char *: copies of what the caller lends. */
	char ebuf[ACCOUNT_EMAIL_MAX + 1], hbuf[AUTH_PWHASH_MAX];
	char ubuf[PLAN_ID_MAX + 1];
	snprintf(ebuf, sizeof(ebuf), "%s", email);
	snprintf(hbuf, sizeof(hbuf), "%s", hash ? hash : "x");
	snprintf(ubuf, sizeof(ubuf), "%s", unit ? unit : "");
	char *units[] = {ubuf};
	struct account a = {.email = ebuf, .role = role, .password_hash = hbuf,
	    .units = unit ? units : NULL, .nunits = unit ? 1 : 0};
	int64_t id = 0;
	assert_int_equal(db_account_add(db, actor, &a, &id), DB_OK);
	return id;
}
