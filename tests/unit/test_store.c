/* test_store.c — the store's conformance tests, run against SQLite and,
 * by tests/run.sh, against PostgreSQL too (common/testdb.h): put/get
 * round trip, replacement by id, revisions and the audit trail, the
 * generation counter, rollback of a failed import, catalogue, unit view
 * and search, the bounded number of statements per plan, reopening an
 * existing database; and, on SQLite, what only a file can show
 * (corruption, read-only files, upgrading an old schema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/storetest.h"
#include "common/testdb.h"
#include "domain/plan_json.h"
#include "store/db.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

#define ACTOR "test:store"

static enum db_status
put(struct db *db, struct plan **plans, size_t n)
{
	return db_plans_put(db, ACTOR, plans, n, NULL, NULL);
}

/* Skips a test that needs a database file. */
#define SQLITE_ONLY() do { \
	if (testdb_pg()) { \
		fprintf(stderr, "# SKIP needs a SQLite file: not run on PostgreSQL\n"); \
		skip(); \
	} \
} while (0)

static const char plan_a[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-a\", \"title\": \"Plan A\","
" \"period\": {\"start\": 2022, \"end\": 2025}, \"status\": \"adopted\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"units\": [{\"id\": \"oslo-barnevern\", \"name\": \"Barneverntjenesten\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"            {\"id\": \"politiet\", \"name\": \"Politiet\", \"kind\": \"external\"}],"
" \"implementation_steps\": [{\"what\": \"Gjøre planen kjent\", \"who\": \"Alle\", \"when\": \"2022\", \"responsible\": [\"politiet\"]}],"
" \"themes\": [{\"id\": \"t\", \"title\": \"ØKONOMI og vold\", \"goals\": [{\"id\": \"g\", \"text\": \"Mål\", \"measures\": ["
"   {\"id\": \"m1\", \"title\": \"Samtaler med BARN\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"Årlige fagdager om vold\", \"resource_category\": \"existing_budget\", \"responsible\": [\"oslo-barnevern\"]},"
"     {\"number\": 2, \"text\": \"Kurs i Økonomisk vold\", \"responsible\": [\"oslo-barnevern\", \"politiet\"]}]},"
"   {\"id\": \"m2\", \"title\": \"Familievoldskoordinator\"}]}]}]}";

static int
setup(void **state)
{
	return storetest_setup(state, "store", "t");
}

static char *
export_of(struct db *db, const char *id)
{
	struct plan *p;
	assert_int_equal(db_plan_get(db, id, &p), DB_OK);
	struct plan_error err;
	char *s = plan_json_export(p, NULL, &err);
	assert_non_null(s);
	plan_free(p);
	return s;
}

static void
put_get_round_trip(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	struct plan_error err;
	char *want = plan_json_export(p, NULL, &err);
	plan_free(p);
	char *got = export_of(f->db, "plan-a");
	assert_string_equal(got, want);
	free(got);
	free(want);
	struct plan *none;
	assert_int_equal(db_plan_get(f->db, "nope", &none), DB_NOT_FOUND);
	assert_null(none);
}

static void
replace_by_id_and_generation(void **state)
{
	struct storetest *f = *state;
	int64_t g0, g1, g2;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);
	struct plan *p = storetest_plan(plan_a);
	enum db_put result;
	int rev;
	assert_int_equal(db_plans_put(f->db, ACTOR, &p, 1, &result, &rev), DB_OK);
	assert_int_equal(result, DB_PUT_NEW);
	assert_int_equal(rev, 1);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_true(g1 > g0);
	/* The same content again: nothing to write, nothing changes. */
	assert_int_equal(db_plans_put(f->db, ACTOR, &p, 1, &result, &rev), DB_OK);
	assert_int_equal(result, DB_PUT_UNCHANGED);
	assert_int_equal(rev, 1);
	assert_int_equal(db_generation(f->db, &g2), DB_OK);
	assert_int_equal(g2, g1);
	/* Changed content replaces the plan: one plan, a new revision. */
	p->title = "Plan A, revidert";
	assert_int_equal(db_plans_put(f->db, ACTOR, &p, 1, &result, &rev), DB_OK);
	assert_int_equal(result, DB_PUT_CHANGED);
	assert_int_equal(rev, 2);
	assert_int_equal(db_generation(f->db, &g2), DB_OK);
	assert_true(g2 > g1);
	plan_free(p);

	struct catalogue *c;
	assert_int_equal(db_catalogue(f->db, &c), DB_OK);
	assert_int_equal(c->norgs, 1);
	assert_int_equal(c->orgs[0].nplans, 1);
	assert_int_equal(c->orgs[0].plans[0].counts.measures, 2);
	assert_int_equal(c->orgs[0].plans[0].counts.indicators, 2);
	catalogue_free(c);

	struct unit_view *u;
	assert_int_equal(db_unit_get(f->db, "oslo-barnevern", 1, &u), DB_OK);
	assert_int_equal(u->nitems, 2);
	assert_string_equal(u->name, "Barneverntjenesten");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "politiet", 1, &u), DB_OK);
	assert_int_equal(u->nitems, 1);
	/* Every unit responsible for the item, in the plan's order: the
	 * unit page names the others as sharing the task. */
	assert_int_equal(u->items[0].nresponsible, 2);
	assert_string_equal(u->items[0].responsible[0].id, "oslo-barnevern");
	assert_string_equal(u->items[0].responsible[0].name, "Barneverntjenesten");
	assert_string_equal(u->items[0].responsible[1].id, "politiet");
	assert_int_equal(u->nsteps, 1);
	assert_string_equal(u->steps[0].what, "Gjøre planen kjent");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "nobody", 1, &u), DB_NOT_FOUND);

	struct unit_list *l;
	assert_int_equal(db_unit_list(f->db, &l), DB_OK);
	assert_int_equal(l->n, 2);
	unit_list_free(l);
}

static void
failed_put_rolls_back(void **state)
{
	struct storetest *f = *state;
	struct plan *good = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &good, 1), DB_OK);
	char *before = export_of(f->db, "plan-a");
	int64_t g0, g1;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);

	/* A second plan whose indicator names a unit it does not have (the
	 * validator would refuse it; here the database's own foreign key
	 * must): put together with a changed plan-a, nothing may stay. */
	struct plan *changed = storetest_plan(plan_a);
	changed->title = "Changed";
	struct plan *bad = storetest_plan(plan_a);
	bad->id = "plan-b";
	bad->themes[0].goals[0].measures[0].indicators[0].responsible[0] = "ghost";
	struct plan *both[] = {changed, bad};
	assert_int_equal(put(f->db, both, 2), DB_ERROR);
	if (strstr(db_errmsg(f->db), "foreign key") == NULL &&
	    strstr(db_errmsg(f->db), "FOREIGN KEY") == NULL)
		fail_msg("expected a foreign key error, got: %s", db_errmsg(f->db));

	char *after = export_of(f->db, "plan-a");
	assert_string_equal(after, before);
	struct plan *none;
	assert_int_equal(db_plan_get(f->db, "plan-b", &none), DB_NOT_FOUND);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_int_equal(g1, g0);
	free(before);
	free(after);
	plan_free(good);
	plan_free(changed);
	plan_free(bad);
}

static void
search_folds_case_and_needs_every_word(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	struct search_result *r;

	/* "barn" is in the measure's title, and in the name of the unit
	 * responsible for both its indicators (Barneverntjenesten). */
	assert_int_equal(db_search(f->db, "barn", &r), DB_OK);
	assert_int_equal(r->nhits, 3);
	assert_int_equal(r->hits[0].kind, SEARCH_MEASURE);
	assert_int_equal(r->hits[0].number, 0);
	assert_string_equal(r->hits[0].id, "m1");
	assert_int_equal(r->hits[1].kind, SEARCH_INDICATOR);
	assert_int_equal(r->hits[1].number, 1);
	assert_int_equal(r->hits[1].nresponsible, 1);
	assert_string_equal(r->hits[1].responsible[0].name, "Barneverntjenesten");
	assert_int_equal(r->hits[2].number, 2);
	assert_int_equal(r->hits[2].nresponsible, 2);
	assert_string_equal(r->hits[2].responsible[1].id, "politiet");
	search_result_free(r);

	/* Non-ASCII case folding: "økonomisk" finds "Økonomisk". */
	assert_int_equal(db_search(f->db, "økonomisk", &r), DB_OK);
	assert_int_equal(r->nhits, 1);
	assert_int_equal(r->hits[0].number, 2);
	search_result_free(r);

	/* Part of a compound: "vold" is inside "Familievoldskoordinator";
	 * two indicators hold it as a word. Hits come in plan order. */
	assert_int_equal(db_search(f->db, "VOLD", &r), DB_OK);
	assert_int_equal(r->nhits, 3);
	assert_int_equal(r->hits[0].number, 1);
	assert_int_equal(r->hits[1].number, 2);
	assert_string_equal(r->hits[2].id, "m2");
	search_result_free(r);

	assert_int_equal(db_search(f->db, "vold fagdager", &r), DB_OK);
	assert_int_equal(r->nhits, 1);
	assert_string_equal(r->hits[0].text, "Årlige fagdager om vold");
	search_result_free(r);

	assert_int_equal(db_search(f->db, "   ", &r), DB_OK);
	assert_int_equal(r->nhits, 0);
	search_result_free(r);
	assert_int_equal(db_search(f->db, "100%_'\"", &r), DB_OK);
	assert_int_equal(r->nhits, 0);
	search_result_free(r);
}

static void
reopen_keeps_data_and_schema(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	char *before = export_of(f->db, "plan-a");
	int version = db_schema_version(f->db);
	db_close(f->db);
	char err[512];
	f->db = db_open(f->path, DB_OPEN_EXISTING, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_schema_version(f->db), version);
	char *after = export_of(f->db, "plan-a");
	assert_string_equal(after, before);
	free(before);
	free(after);
}

static void
open_refuses_garbage(void **state)
{
	(void)state;
	SQLITE_ONLY();
	char dir[] = "/tmp/tiltak-garbage-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/g.db", dir);
	FILE *fp = fopen(path, "w");
	fputs("this is not a database, just text long enough to look like a header....", fp);
	fclose(fp);
	char err[512];
	struct db *db = db_open(path, DB_OPEN_EXISTING, err, sizeof(err));
	assert_null(db);
	assert_non_null(strstr(err, path));
	unlink(path);
	rmdir(dir);
}

/* Runs sql on a second connection to the fixture's database. */
static void
exec_other(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(h);
}

/* The root page of table name (after a checkpoint, so that the table is
 * in the database file itself). */
static int
root_page(const char *path, const char *name)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT rootpage FROM sqlite_master"
	    " WHERE type = 'table' AND name = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int root = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return root;
}

/* A read that fails inside db_plan_get's read transaction is reported as
 * itself: not as the COMMIT that ends the transaction (which then fails
 * too), and not as "not an error" (the COMMIT's success). */
static void
read_errors_name_the_failing_query(void **state)
{
	struct storetest *f = *state;
	SQLITE_ONLY();
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	db_close(f->db);
	f->db = NULL;

	/* Overwrite the indicator table's only page with garbage. */
	int root = root_page(f->path, "indicator");
	int fd = open(f->path, O_RDWR);
	assert_true(fd >= 0);
	char junk[4096];
	memset(junk, 0x5a, sizeof(junk));
	assert_int_equal(pwrite(fd, junk, sizeof(junk), (off_t)(root - 1) * 4096),
	    (ssize_t)sizeof(junk));
	close(fd);

	char err[512];
	f->db = db_open(f->path, DB_OPEN_EXISTING, err, sizeof(err));
	assert_non_null(f->db);
	struct plan *got = NULL;
	assert_int_equal(db_plan_get(f->db, "plan-a", &got), DB_ERROR);
	assert_null(got);
	const char *msg = db_errmsg(f->db);
	if (strstr(msg, "COMMIT") != NULL || strstr(msg, "indicators") == NULL ||
	    strstr(msg, "malformed") == NULL)
		fail_msg("expected the indicators query and \"malformed\", got: %s", msg);
	/* The connection is usable afterwards: no transaction left open. */
	int64_t g;
	assert_int_equal(db_generation(f->db, &g), DB_OK);
	assert_int_equal(db_plan_get(f->db, "plan-a", &got), DB_ERROR);

	/* The first statement of the transaction fails: its own error, not
	 * the message of the COMMIT that succeeded after it. */
	db_close(f->db);
	unlink(f->path);
	f->db = db_open(f->path, DB_OPEN_CREATE, err, sizeof(err));
	assert_non_null(f->db);
	p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	assert_int_equal(db_plan_get(f->db, "plan-a", &got), DB_OK);
	plan_free(got);
	exec_other(f->path, "DROP TABLE plan");
	assert_int_equal(db_plan_get(f->db, "plan-a", &got), DB_ERROR);
	msg = db_errmsg(f->db);
	if (strstr(msg, "not an error") != NULL || strstr(msg, "no such table: plan") == NULL)
		fail_msg("expected \"no such table: plan\", got: %s", msg);
	struct unit_view *u = NULL;
	assert_int_equal(db_unit_get(f->db, "politiet", 1, &u), DB_ERROR);
	msg = db_errmsg(f->db);
	if (strstr(msg, "not an error") != NULL || strstr(msg, "no such table: plan") == NULL)
		fail_msg("expected \"no such table: plan\", got: %s", msg);
}

/* The read-only code path (SQLITE_OPEN_READONLY) on an ordinary file:
 * reads work, writes fail, nothing is created, and a schema that needs
 * upgrading is refused with a message instead of being upgraded. */
static void
readonly_mode_reads_and_refuses_writes(void **state)
{
	struct storetest *f = *state;
	SQLITE_ONLY();
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	char *want = export_of(f->db, "plan-a");
	assert_false(db_readonly(f->db));
	db_close(f->db);

	char err[512];
	f->db = db_open(f->path, DB_OPEN_READONLY, err, sizeof(err));
	if (f->db == NULL)
		fail_msg("%s", err);
	assert_true(db_readonly(f->db));
	char *got = export_of(f->db, "plan-a");
	assert_string_equal(got, want);
	free(got);
	int64_t g;
	assert_int_equal(db_generation(f->db, &g), DB_OK);
	assert_int_equal(put(f->db, &p, 1), DB_ERROR);
	assert_non_null(strstr(db_errmsg(f->db), "readonly"));
	db_close(f->db);

	/* Missing: refused by every mode but create, and not created. */
	char missing[160];
	snprintf(missing, sizeof(missing), "%s/missing.db", f->dir);
	char expect[512];
	snprintf(expect, sizeof(expect), "no database at %s (create one with: tiltak "
	    "import --db %s FILE...)", missing, missing);
	assert_null(db_open(missing, DB_OPEN_READONLY, err, sizeof(err)));
	assert_string_equal(err, expect);
	assert_null(db_open(missing, DB_OPEN_EXISTING, err, sizeof(err)));
	assert_string_equal(err, expect);
	assert_int_equal(access(missing, F_OK), -1);
	assert_null(db_open(f->dir, DB_OPEN_EXISTING, err, sizeof(err)));
	assert_non_null(strstr(err, "is a directory, not a database"));

	/* A database of an older schema (version 1, as tiltak 0.1.0 left it):
	 * read-only cannot upgrade it, read-write does. */
	char old[160];
	snprintf(old, sizeof(old), "%s/v1.db", f->dir);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	FILE *dump = fopen("tests/integration/fixtures/schema-v1.sql", "r");
	assert_non_null(dump);
	static char sql[200000];
	size_t n = fread(sql, 1, sizeof(sql) - 1, dump);
	sql[n] = '\0';
	fclose(dump);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("schema-v1.sql: %s", msg);
	sqlite3_close(h);
	f->db = db_open(old, DB_OPEN_READONLY, err, sizeof(err));
	assert_null(f->db);
	if (strstr(err, old) == NULL || strstr(err, "it is read-only, so it cannot "
	    "be upgraded") == NULL)
		fail_msg("got: %s", err);
	assert_non_null(strstr(err, "schema version 1 and this program needs"));
	f->db = db_open(old, DB_OPEN_EXISTING, err, sizeof(err));
	if (f->db == NULL)
		fail_msg("%s", err);
	assert_true(db_schema_version(f->db) >= 4);
	struct search_result *r;
	assert_int_equal(db_search(f->db, "rutiner", &r), DB_OK);
	assert_true(r->nhits > 0); /* search entries made by the upgrade */
	search_result_free(r);
	/* The units register made by the upgrade (migration 6) from the
	 * plan's units, each entry audited. */
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "unit", NULL, "migration:6", &a), DB_OK);
	assert_int_equal(a->n, 2);
	assert_string_equal(a->items[0].object_id, "sokby-familie");
	assert_non_null(strstr(a->items[0].after, "\"plan\":\"search-plan\""));
	audit_list_free(a);
	struct unit_view *uv;
	assert_int_equal(db_unit_get(f->db, "sokby-helse", 1, &uv), DB_OK);
	assert_string_equal(uv->name, "Helsetjenesten i Søkby");
	assert_true(uv->nitems > 0);
	unit_view_free(uv);
	db_close(f->db);
	f->db = NULL;
	unlink(old);
	char side[200];
	snprintf(side, sizeof(side), "%s-wal", old);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", old);
	unlink(side);
	free(want);
	plan_free(p);
}

/* Every stored plan is kept as a numbered revision of its canonical
 * JSON, and every change is in the audit trail with who made it. */
static void
revisions_and_audit(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	struct plan_error err;
	char *v1 = plan_json_export(p, NULL, &err);
	p->title = "Plan A, andre utgave";
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	char *v2 = plan_json_export(p, NULL, &err);

	struct revision_list *l;
	assert_int_equal(db_revisions(f->db, "plan-a", &l), DB_OK);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[0].number, 1);
	assert_string_equal(l->items[0].title, "Plan A");
	assert_string_equal(l->items[1].title, "Plan A, andre utgave");
	assert_string_equal(l->items[1].actor, ACTOR);
	assert_int_equal(strlen(l->items[1].at), 20); /* 2026-12-02T01:02:03Z */
	revision_list_free(l);
	assert_int_equal(db_revisions(f->db, "nope", &l), DB_NOT_FOUND);

	char *json;
	size_t len;
	assert_int_equal(db_revision_json(f->db, "plan-a", 1, &json, &len), DB_OK);
	assert_string_equal(json, v1);
	free(json);
	assert_int_equal(db_revision_json(f->db, "plan-a", 2, &json, &len), DB_OK);
	assert_string_equal(json, v2);
	free(json);
	assert_int_equal(db_revision_json(f->db, "plan-a", 3, &json, &len), DB_NOT_FOUND);

	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "plan", "plan-a", NULL, &a), DB_OK);
	assert_int_equal(a->n, 2);
	assert_string_equal(a->items[0].action, "create");
	assert_null(a->items[0].before);
	assert_non_null(strstr(a->items[0].after, "\"revision\":1"));
	assert_string_equal(a->items[1].action, "update");
	assert_string_equal(a->items[1].before, "{\"revision\":1}");
	assert_non_null(strstr(a->items[1].after, "andre utgave"));
	assert_string_equal(a->items[1].actor, ACTOR);
	audit_list_free(a);
	assert_int_equal(db_audit(f->db, "organisation", NULL, NULL, &a), DB_OK);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->items[0].object_id, "oslo");
	audit_list_free(a);
	assert_int_equal(db_audit(f->db, NULL, NULL, "someone-else", &a), DB_OK);
	assert_int_equal(a->n, 0);
	audit_list_free(a);
	free(v1);
	free(v2);
	plan_free(p);
}

/* Nothing can change or delete an audit row, not even a connection that
 * goes around the store. */
static void
audit_rows_cannot_change(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	char err[300];
	long long n = testdb_int(f->path, "SELECT count(*) FROM audit", err);
	assert_true(n >= 2);
	assert_false(testdb_exec(f->path, "UPDATE audit SET actor = 'x'", err));
	assert_non_null(strstr(err, "audit rows cannot be"));
	assert_false(testdb_exec(f->path, "DELETE FROM audit", err));
	assert_non_null(strstr(err, "audit rows cannot be"));
	if (testdb_pg()) {
		assert_false(testdb_exec(f->path, "TRUNCATE audit", err));
		assert_non_null(strstr(err, "audit rows cannot be"));
	}
	assert_int_equal(testdb_int(f->path, "SELECT count(*) FROM audit", err), n);
}

/* No statement of the store changes or removes an audit row (the
 * triggers would refuse it; this says no code even tries). */
static void
no_statement_changes_the_trail(void **state)
{
	(void)state;
	static const char *const forbidden[] = {"update audit", "delete from audit",
	    "truncate", "alter table audit", "drop table audit"};
	for (int i = 0; i < STMT__MAX; i++) {
		const char *texts[] = {stmt_defs[i].sql, stmt_defs[i].pgsql};
		for (int k = 0; k < 2; k++) {
			if (texts[k] == NULL)
				continue;
			char low[4096];
			size_t n = 0;
			for (const char *p = texts[k]; *p && n + 1 < sizeof(low); p++)
				low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			low[n] = '\0';
			for (size_t f = 0; f < sizeof(forbidden) / sizeof(forbidden[0]); f++)
				if (strstr(low, forbidden[f]))
					fail_msg("statement %d holds \"%s\": %s", i, forbidden[f],
					    texts[k]);
		}
	}
}

/* A plan loads with a fixed number of statements, however large: 12
 * for the Bodø plan (5 themes, 19 measures, 103 indicators) as for a
 * small one. */
/* The value of row k of tx_probe read on d (statement id), or -1 if
 * there is none, -2 if the read failed. */
static int64_t
probe_read(struct drv *d, int id, int64_t k)
{
	struct drv_stmt *st = drv_stmt(d, id, "SELECT v FROM tx_probe WHERE k = $1");
	if (st == NULL)
		return -2;
	drv_bind_int(st, 1, k);
	enum drv_step r = drv_step(st, "probe");
	int64_t v = r == DRV_ROW ? drv_col_int(st, 0) : r == DRV_DONE ? -1 : -2;
	drv_reset(st);
	return v;
}

/* Two connections of their own to t's database, *mine and *other, and
 * the table tx_probe (k, v) holding (1, 1). The store numbers its
 * statements below STMT__MAX, and its migrations and copy use some
 * above, on the connections that run them: the probes use
 * DRV_STMTS_MAX - 4 and - 5. */
static void
probe_open(struct storetest *t, struct db **mine, struct db **other)
{
	char err[512];
	*mine = db_open(t->path, DB_OPEN_EXISTING, err, sizeof(err));
	*other = db_open(t->path, DB_OPEN_EXISTING, err, sizeof(err));
	assert_non_null(*mine);
	assert_non_null(*other);
	assert_true(drv_exec((*mine)->drv,
	    "CREATE TABLE tx_probe (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
	assert_true(drv_exec((*mine)->drv, "INSERT INTO tx_probe (k, v) VALUES (1, 1)"));
}

/* The driver's transactions, as the store relies on them (PostgreSQL's
 * BEGIN goes with the first statement that follows it, drv_pgsql.c): a
 * read transaction keeps its snapshot while another connection commits;
 * a write transaction whose first statement is refused says why (a
 * constraint: how a save finds a version taken) and rolls back, leaving
 * the connection usable; a row written first thing in a transaction
 * goes with its rollback; a transaction that ran nothing ends. */
static void
transactions_keep_snapshots_and_roll_back(void **state)
{
	struct db *mine, *other;
	probe_open(*state, &mine, &other);
	struct drv *d = mine->drv, *d2 = other->drv;
	const int sel = DRV_STMTS_MAX - 4, ins = DRV_STMTS_MAX - 5;

	/* A snapshot: the other connection's commit is seen only after. */
	assert_true(drv_begin_read(d));
	assert_int_equal(probe_read(d, sel, 1), 1);
	assert_true(drv_exec(d2, "UPDATE tx_probe SET v = 2 WHERE k = 1"));
	assert_int_equal(probe_read(d, sel, 1), 1);
	assert_true(drv_commit(d));
	assert_int_equal(probe_read(d, sel, 1), 2);

	/* The first statement refused by a constraint. */
	struct drv_stmt *st = drv_stmt(d, ins, "INSERT INTO tx_probe (k, v) VALUES ($1, $2)");
	assert_non_null(st);
	assert_true(drv_begin_write_concurrent(d));
	drv_bind_int(st, 1, 1);
	drv_bind_int(st, 2, 3);
	assert_int_equal(drv_step(st, "probe insert"), DRV_FAIL);
	assert_int_equal(drv_error(d), DRV_ERR_CONSTRAINT);
	drv_reset(st);
	drv_rollback(d);
	assert_true(drv_exec(d2, "UPDATE tx_probe SET v = 4 WHERE k = 1"));
	assert_int_equal(probe_read(d, sel, 1), 4);

	/* A row written first thing goes with the rollback. */
	for (int kind = 0; kind < 2; kind++) {
		assert_true(kind == 0 ? drv_begin_write_concurrent(d) : drv_begin_write(d));
		st = drv_stmt(d, ins, "INSERT INTO tx_probe (k, v) VALUES ($1, $2)");
		drv_bind_int(st, 1, 5);
		drv_bind_int(st, 2, 5);
		assert_int_equal(drv_step(st, "probe insert"), DRV_DONE);
		drv_reset(st);
		assert_int_equal(probe_read(d, sel, 5), 5);
		drv_rollback(d);
		assert_int_equal(probe_read(d, sel, 5), -1);
		assert_int_equal(probe_read(d2, sel, 5), -1);
	}

	/* Transactions that ran nothing. */
	assert_true(drv_begin_read(d));
	assert_true(drv_commit(d));
	assert_true(drv_begin_write_concurrent(d));
	assert_true(drv_commit(d));
	assert_true(drv_begin_write(d));
	assert_true(drv_commit(d));
	assert_int_equal(probe_read(d, sel, 1), 4);
	db_close(mine);
	db_close(other);
}

/* Writes deferred to the COMMIT (drv_defer_writes; PostgreSQL sends
 * them with it in one round trip): they are written when it succeeds;
 * when one is refused, the refusal is the step's (SQLite) or the
 * COMMIT's (PostgreSQL), with its kind, nothing of the transaction is
 * written, and the connection goes on. */
static void
deferred_writes_go_with_the_commit(void **state)
{
	struct db *mine, *other;
	probe_open(*state, &mine, &other);
	struct drv *d = mine->drv, *d2 = other->drv;
	const int sel = DRV_STMTS_MAX - 4, ins = DRV_STMTS_MAX - 5;
	const bool pg = drv_kind(d) == DRV_PGSQL;

	/* Two writes, then the COMMIT. */
	assert_true(drv_begin_write_concurrent(d));
	drv_defer_writes(d);
	for (int k = 10; k <= 11; k++) {
		struct drv_stmt *st = drv_stmt(d, ins, "INSERT INTO tx_probe (k, v) VALUES ($1, $2)");
		assert_non_null(st);
		drv_bind_int(st, 1, k);
		drv_bind_int(st, 2, k);
		assert_int_equal(drv_step(st, "probe insert"), DRV_DONE);
		drv_reset(st);
	}
	assert_int_equal(probe_read(d2, sel, 10), -1);
	assert_true(drv_commit(d));
	assert_int_equal(probe_read(d2, sel, 10), 10);
	assert_int_equal(probe_read(d2, sel, 11), 11);

	/* The second of three refused: none is written. */
	assert_true(drv_begin_write_concurrent(d));
	drv_defer_writes(d);
	const int64_t keys[] = {20, 1, 21};
	bool refused = false;
	for (int i = 0; i < 3 && !refused; i++) {
		struct drv_stmt *st = drv_stmt(d, ins, "INSERT INTO tx_probe (k, v) VALUES ($1, $2)");
		drv_bind_int(st, 1, keys[i]);
		drv_bind_int(st, 2, 5);
		enum drv_step r = drv_step(st, "probe insert");
		drv_reset(st);
		if (pg) {
			assert_int_equal(r, DRV_DONE);
		} else if (r == DRV_FAIL) {
			assert_int_equal(i, 1);
			assert_int_equal(drv_error(d), DRV_ERR_CONSTRAINT);
			refused = true;
		}
	}
	if (pg) {
		assert_false(drv_commit(d));
		assert_int_equal(drv_error(d), DRV_ERR_CONSTRAINT);
		if (strstr(drv_errmsg(d), "probe insert") == NULL)
			fail_msg("the refusal does not name the write: %s", drv_errmsg(d));
	}
	assert_true(refused || pg);
	drv_rollback(d);
	assert_int_equal(probe_read(d2, sel, 20), -1);
	assert_int_equal(probe_read(d2, sel, 21), -1);
	assert_int_equal(probe_read(d, sel, 1), 1);

	/* A read cannot wait for the COMMIT: PostgreSQL refuses it. */
	if (pg) {
		assert_true(drv_begin_write_concurrent(d));
		drv_defer_writes(d);
		struct drv_stmt *st = drv_stmt(d, sel, "SELECT v FROM tx_probe WHERE k = $1");
		drv_bind_int(st, 1, 1);
		assert_int_equal(drv_step(st, "probe"), DRV_FAIL);
		drv_reset(st);
		drv_rollback(d);
	}
	/* And the connection goes on as before. */
	assert_true(drv_begin_write_concurrent(d));
	struct drv_stmt *st = drv_stmt(d, ins, "INSERT INTO tx_probe (k, v) VALUES ($1, $2)");
	drv_bind_int(st, 1, 30);
	drv_bind_int(st, 2, 30);
	assert_int_equal(drv_step(st, "probe insert"), DRV_DONE);
	drv_reset(st);
	assert_int_equal(probe_read(d, sel, 30), 30);
	assert_true(drv_commit(d));
	assert_int_equal(probe_read(d2, sel, 30), 30);
	db_close(mine);
	db_close(other);
}

static void
plan_loads_in_twelve_statements(void **state)
{
	struct storetest *f = *state;
	FILE *fp = fopen("data/plans/bodo-2022-2025.json", "r");
	assert_non_null(fp);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	struct plan_error err;
	struct plan *bodo = plan_json_parse(buf, n, &err);
	assert_non_null(bodo);
	struct plan *small = storetest_plan(plan_a);
	struct plan *both[] = {bodo, small};
	assert_int_equal(put(f->db, both, 2), DB_OK);
	const char *ids[] = {"bodo-2022-2025", "plan-a"};
	for (int i = 0; i < 2; i++) {
		long before = db_statements(f->db);
		struct plan *got;
		assert_int_equal(db_plan_get(f->db, ids[i], &got), DB_OK);
		long used = db_statements(f->db) - before;
		fprintf(stderr, "# %s: %ld statements\n", ids[i], used);
		if (used > 12)
			fail_msg("%s took %ld statements to load; at most 12", ids[i], used);
		char *a = plan_json_export(got, NULL, &err);
		char *b = plan_json_export(both[i], NULL, &err);
		assert_string_equal(a, b);
		free(a);
		free(b);
		plan_free(got);
	}
	plan_free(bodo);
	plan_free(small);
}

/* ==== the units register and what falls to a unit ==== */

static const char plan_units[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-u\", \"title\": \"Plan U\","
" \"period\": {\"start\": 2022, \"end\": 2025}, \"status\": \"adopted\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"units\": ["
"  {\"id\": \"oslo-helse\", \"name\": \"Helse og omsorg\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"  {\"id\": \"oslo-helsestasjon\", \"name\": \"Helsestasjonen\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"parent\": \"oslo-helse\"},"
"  {\"id\": \"oslo-ledere\", \"name\": \"Virksomhetsledere\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"collective\": true},"
"  {\"id\": \"oslo-noen\", \"name\": \"Noen\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"collective\": true, \"applies_to\": [\"oslo-barnevern\"]},"
"  {\"id\": \"oslo-direktorer\", \"name\": \"Direktørene\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"collective\": true, \"applies_to\": []},"
"  {\"id\": \"oslo-barnevern\", \"name\": \"Barneverntjenesten\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"  {\"id\": \"politiet\", \"name\": \"Politiet\", \"kind\": \"external\"}],"
" \"implementation_steps\": [{\"what\": \"Ta planen i bruk\", \"who\": \"Virksomhetsledere\", \"responsible\": [\"oslo-ledere\"]}],"
" \"themes\": [{\"id\": \"t\", \"title\": \"Tema\", \"goals\": [{\"id\": \"g\", \"text\": \"Mål\", \"measures\": ["
"   {\"id\": \"m1\", \"title\": \"Tiltak\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"En\", \"responsible\": [\"oslo-helsestasjon\"]},"
"     {\"number\": 2, \"text\": \"To\", \"responsible\": [\"oslo-helsestasjon\", \"politiet\"]},"
"     {\"number\": 3, \"text\": \"Tre\", \"responsible\": [\"oslo-helse\"]},"
"     {\"number\": 4, \"text\": \"Fire\", \"responsible\": [\"oslo-ledere\", \"politiet\"]},"
"     {\"number\": 5, \"text\": \"Fem\", \"responsible\": [\"oslo-noen\"]},"
"     {\"number\": 6, \"text\": \"Seks\", \"responsible\": [\"oslo-direktorer\"]},"
"     {\"number\": 7, \"text\": \"Sju\", \"responsible\": [\"oslo-helsestasjon\", \"oslo-ledere\"]},"
"     {\"number\": 8, \"text\": \"Åtte\", \"responsible\": [\"politiet\"]}]}]}]}]}";

/* The numbers of a unit's duties, as "1 2 3". */
static char *
duty_numbers(struct db *db, const char *unit, const char *plan)
{
	struct unit_duty_list *l;
	assert_int_equal(db_unit_duties(db, unit, plan, &l), DB_OK);
	static char out[200];
	out[0] = '\0';
	for (size_t i = 0; i < l->n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%d", i ? " " : "",
		    l->items[i].number);
	unit_duty_list_free(l);
	return out;
}

static void
unit_duties_say_how(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_units);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);

	struct unit_duty_list *l;
	assert_int_equal(db_unit_duties(f->db, "oslo-helsestasjon", NULL, &l), DB_OK);
	assert_int_equal(l->n, 5);
	const struct unit_duty *d = l->items;
	/* 1: its own, alone. */
	assert_int_equal(d[0].number, 1);
	assert_int_equal(d[0].way, DUTY_DIRECT);
	assert_int_equal(d[0].ways, DUTY_BIT(DUTY_DIRECT));
	assert_int_equal(d[0].nvia, 0);
	assert_int_equal(d[0].nshared, 0);
	assert_string_equal(d[0].plan_id, "plan-u");
	assert_string_equal(d[0].measure_id, "m1");
	assert_string_equal(d[0].text, "En");
	/* 2: its own, shared with the police. */
	assert_int_equal(d[1].number, 2);
	assert_int_equal(d[1].way, DUTY_SHARED);
	assert_int_equal(d[1].nshared, 1);
	assert_string_equal(d[1].shared_with[0].id, "politiet");
	assert_int_equal(d[1].nresponsible, 2);
	/* 3: through the unit above it. */
	assert_int_equal(d[2].number, 3);
	assert_int_equal(d[2].way, DUTY_PARENT);
	assert_int_equal(d[2].ways, DUTY_BIT(DUTY_PARENT));
	assert_int_equal(d[2].nvia, 1);
	assert_int_equal(d[2].via[0].way, DUTY_PARENT);
	assert_string_equal(d[2].via[0].unit.id, "oslo-helse");
	assert_string_equal(d[2].via[0].unit.name, "Helse og omsorg");
	assert_int_equal(d[2].nshared, 0);
	/* 4: through the role of every unit of Oslo, with the police also
	 * responsible. */
	assert_int_equal(d[3].number, 4);
	assert_int_equal(d[3].way, DUTY_COLLECTIVE);
	assert_int_equal(d[3].nvia, 1);
	assert_string_equal(d[3].via[0].unit.id, "oslo-ledere");
	assert_int_equal(d[3].nshared, 1);
	assert_string_equal(d[3].shared_with[0].id, "politiet");
	/* 7: its own, shared with a role that applies to it too. */
	assert_int_equal(d[4].number, 7);
	assert_int_equal(d[4].way, DUTY_SHARED);
	assert_int_equal(d[4].ways, DUTY_BIT(DUTY_SHARED) | DUTY_BIT(DUTY_COLLECTIVE));
	assert_int_equal(d[4].nshared, 1);
	assert_string_equal(d[4].shared_with[0].id, "oslo-ledere");
	assert_int_equal(d[4].nvia, 1);
	unit_duty_list_free(l);

	/* A role that lists its units applies to those only; an internal
	 * unit gets the role of its whole organisation; an external body
	 * does not; a role is not a member of itself; a role listing none
	 * applies to no unit. The unit above gets nothing from below. */
	assert_string_equal(duty_numbers(f->db, "oslo-barnevern", NULL), "4 5 7");
	assert_string_equal(duty_numbers(f->db, "politiet", NULL), "2 4 8");
	assert_string_equal(duty_numbers(f->db, "oslo-ledere", NULL), "4 7");
	assert_string_equal(duty_numbers(f->db, "oslo-direktorer", NULL), "6");
	assert_string_equal(duty_numbers(f->db, "oslo-helse", NULL), "3 4 7");
	assert_string_equal(duty_numbers(f->db, "oslo-helsestasjon", "plan-u"), "1 2 3 4 7");
	assert_string_equal(duty_numbers(f->db, "oslo-helsestasjon", "other-plan"), "");
	assert_int_equal(db_unit_duties(f->db, "nobody", NULL, &l), DB_NOT_FOUND);
	assert_null(l);

	/* A reporter for some units may report on what falls to any. */
	const char *mine[] = {"oslo-barnevern", "oslo-helsestasjon"};
	bool falls;
	size_t which = 99;
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 3, mine, 2, &falls,
	    &which), DB_OK);
	assert_true(falls);
	assert_int_equal(which, 1);
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 5, mine, 2, &falls,
	    &which), DB_OK);
	assert_true(falls);
	assert_int_equal(which, 0);
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 6, mine, 2, &falls,
	    NULL), DB_OK);
	assert_false(falls);
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 8, mine, 2, &falls,
	    NULL), DB_OK);
	assert_false(falls);
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 99, mine, 2, &falls,
	    NULL), DB_OK);
	assert_false(falls);
	assert_int_equal(db_indicator_falls_to(f->db, "plan-u", "m1", 1, mine, 0, &falls,
	    NULL), DB_OK);
	assert_false(falls);

	/* The unit's page: its place and its counts, in at most 7
	 * statements whatever the number of plans. */
	struct unit_view *u;
	long before = db_statements(f->db);
	assert_int_equal(db_unit_get(f->db, "oslo-noen", 1, &u), DB_OK);
	assert_true(db_statements(f->db) - before <= 7);
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "oslo-helsestasjon", 1, &u), DB_OK);
	assert_string_equal(u->name, "Helsestasjonen");
	assert_string_equal(u->organisation_name, "Oslo kommune");
	assert_int_equal(u->nabove, 1);
	assert_string_equal(u->above[0].id, "oslo-helse");
	assert_int_equal(u->nroles, 1);
	assert_string_equal(u->roles[0].id, "oslo-ledere");
	assert_int_equal(u->nbelow, 0);
	assert_int_equal(u->nitems, 5);
	assert_int_equal(u->nindicators, 5);
	assert_int_equal(u->nway[DUTY_DIRECT], 1);
	assert_int_equal(u->nway[DUTY_SHARED], 2);
	assert_int_equal(u->nway[DUTY_COLLECTIVE], 1);
	assert_int_equal(u->nway[DUTY_PARENT], 1);
	assert_int_equal(u->nplans, 1);
	assert_int_equal(u->nsteps, 1);
	assert_false(u->steps[0].direct);
	assert_int_equal(u->steps[0].nvia, 1);
	assert_int_equal(u->steps[0].via[0].way, DUTY_COLLECTIVE);
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "oslo-helse", 1, &u), DB_OK);
	assert_int_equal(u->nbelow, 1);
	assert_string_equal(u->below[0].name, "Helsestasjonen");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "oslo-noen", 1, &u), DB_OK);
	assert_true(u->collective && u->applies_listed);
	assert_int_equal(u->nmembers, 1);
	assert_string_equal(u->members[0].id, "oslo-barnevern");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "oslo-ledere", 1, &u), DB_OK);
	assert_true(u->collective);
	assert_false(u->applies_listed);
	unit_view_free(u);

	struct unit_list *ul;
	assert_int_equal(db_unit_list(f->db, &ul), DB_OK);
	assert_int_equal(ul->n, 7);
	size_t roles = 0;
	for (size_t i = 0; i < ul->n; i++) {
		roles += ul->units[i].collective;
		if (strcmp(ul->units[i].id, "oslo-helsestasjon") == 0) {
			assert_string_equal(ul->units[i].parent_id, "oslo-helse");
			assert_int_equal(ul->units[i].nindicators, 3);
			assert_int_equal(ul->units[i].nplans, 1);
		}
	}
	assert_int_equal(roles, 3);
	unit_list_free(ul);
}

/* Drafts are not public: a unit's page and the list show what public
 * plans say; db_unit_duties gives everything, each with its plan's
 * status. */
static void
drafts_are_not_on_unit_pages(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_units);
	struct plan *draft = storetest_plan(plan_units);
	draft->id = "plan-draft";
	draft->status = PLAN_DRAFT;
	draft->period_start = 2026;
	draft->period_end = 2029;
	draft->units[5].name = "Barnevern (utkast)";
	draft->units[6].id = "politi-utkast";   /* politiet, renamed in the draft */
	draft->units[6].name = "Politiet (utkast)";
	for (size_t i = 0; i < draft->themes[0].goals[0].measures[0].nindicators; i++) {
		struct indicator *ind = &draft->themes[0].goals[0].measures[0].indicators[i];
		for (size_t k = 0; k < ind->nresponsible; k++)
			if (strcmp(ind->responsible[k], "politiet") == 0)
				ind->responsible[k] = "politi-utkast";
	}
	struct plan *both[] = {p, draft};
	assert_int_equal(put(f->db, both, 2), DB_OK);

	/* A later draft does not rename a unit a public plan names. */
	struct unit_view *u;
	assert_int_equal(db_unit_get(f->db, "oslo-barnevern", 1, &u), DB_OK);
	assert_string_equal(u->name, "Barneverntjenesten");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "politi-utkast", 1, &u), DB_NOT_FOUND);
	assert_int_equal(db_unit_get(f->db, "oslo-helsestasjon", 1, &u), DB_OK);
	assert_int_equal(u->nplans, 1);
	assert_int_equal(u->nindicators, 5);
	for (size_t i = 0; i < u->nitems; i++) {
		assert_string_equal(u->items[i].plan_id, "plan-u");
		for (size_t k = 0; k < u->items[i].nresponsible; k++)
			assert_string_not_equal(u->items[i].responsible[k].id, "politi-utkast");
	}
	unit_view_free(u);
	struct unit_list *l;
	assert_int_equal(db_unit_list(f->db, &l), DB_OK);
	assert_int_equal(l->n, 7);
	for (size_t i = 0; i < l->n; i++) {
		assert_string_not_equal(l->units[i].id, "politi-utkast");
		if (strcmp(l->units[i].id, "oslo-helsestasjon") == 0) {
			assert_int_equal(l->units[i].nplans, 1);
			assert_int_equal(l->units[i].nindicators, 3);
		}
	}
	unit_list_free(l);

	/* For the reports: the draft's duties too, marked as such. */
	struct unit_duty_list *d;
	assert_int_equal(db_unit_duties(f->db, "oslo-helsestasjon", NULL, &d), DB_OK);
	assert_int_equal(d->n, 10);
	assert_string_equal(d->items[0].plan_id, "plan-draft");
	assert_int_equal(d->items[0].plan_status, PLAN_DRAFT);
	assert_int_equal(d->items[5].plan_status, PLAN_ADOPTED);
	unit_duty_list_free(d);
	assert_string_equal(duty_numbers(f->db, "politi-utkast", NULL), "2 4 8");

	/* Adopted, it outranks the plan of the earlier period. */
	draft->status = PLAN_ADOPTED;
	assert_int_equal(put(f->db, &draft, 1), DB_OK);
	assert_int_equal(db_unit_get(f->db, "oslo-barnevern", 1, &u), DB_OK);
	assert_string_equal(u->name, "Barnevern (utkast)");
	unit_view_free(u);
	plan_free(p);
	plan_free(draft);
}

/* Every change an import makes to the register is audited; a plan of
 * an earlier period does not overwrite a later one's word; a cycle made
 * with the register is refused and nothing is written. */
static void
unit_register_follows_the_latest_plan(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_units);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "unit", NULL, NULL, &a), DB_OK);
	assert_int_equal(a->n, 7);
	assert_string_equal(a->items[0].action, "create");
	assert_string_equal(a->items[0].actor, ACTOR);
	audit_list_free(a);
	assert_int_equal(db_audit(f->db, "unit", "oslo-noen", NULL, &a), DB_OK);
	assert_int_equal(a->n, 1);
	assert_null(a->items[0].before);
	assert_string_equal(a->items[0].after, "{\"applies_to\":[\"oslo-barnevern\"],"
	    "\"collective\":true,\"kind\":\"internal\",\"name\":\"Noen\","
	    "\"organisation\":\"oslo\",\"parent\":null,\"plan\":\"plan-u\"}");
	audit_list_free(a);

	/* A renamed unit: one update, with before and after. */
	p->units[5].name = "Barnevernet";
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	assert_int_equal(db_audit(f->db, "unit", NULL, NULL, &a), DB_OK);
	assert_int_equal(a->n, 8);
	assert_string_equal(a->items[7].object_id, "oslo-barnevern");
	assert_string_equal(a->items[7].action, "update");
	assert_non_null(strstr(a->items[7].before, "\"name\":\"Barneverntjenesten\""));
	assert_non_null(strstr(a->items[7].after, "\"name\":\"Barnevernet\""));
	audit_list_free(a);

	/* A plan of a later period names the unit otherwise; the earlier
	 * plan, imported again with yet another name, leaves it so. The
	 * plan itself keeps its own words. */
	struct plan *later = storetest_plan(plan_units);
	later->id = "plan-later";
	later->period_start = 2026;
	later->period_end = 2029;
	later->units[5].name = "Barnevern og familie";
	later->units[1].parent = NULL;
	assert_int_equal(put(f->db, &later, 1), DB_OK);
	p->units[5].name = "Barnevernstjenesten";
	p->title = "Plan U, endret";
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	struct unit_view *u;
	assert_int_equal(db_unit_get(f->db, "oslo-barnevern", 1, &u), DB_OK);
	assert_string_equal(u->name, "Barnevern og familie");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "oslo-helsestasjon", 1, &u), DB_OK);
	assert_int_equal(u->nabove, 0);
	/* Both plans now: their items, newest plan first. */
	assert_int_equal(u->nplans, 2);
	assert_string_equal(u->items[0].plan_id, "plan-later");
	unit_view_free(u);
	struct plan *got;
	assert_int_equal(db_plan_get(f->db, "plan-u", &got), DB_OK);
	assert_string_equal(plan_unit(got, "oslo-barnevern")->name, "Barnevernstjenesten");
	assert_string_equal(plan_unit(got, "oslo-helsestasjon")->parent, "oslo-helse");
	plan_free(got);

	/* The register changed by other means (a future register editor):
	 * Helse og omsorg under Helsestasjonen. A plan of a still later
	 * period names Helse og omsorg, so its word stands; the later plan,
	 * putting Helsestasjonen under Helse og omsorg, would close a circle:
	 * refused, and nothing is written. */
	static const char top_json[] =
	    "{\"format\": \"tiltak-plan/1\", \"id\": \"plan-top\", \"title\": \"Top\","
	    " \"period\": {\"start\": 2030}, \"status\": \"adopted\","
	    " \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
	    " \"units\": [{\"id\": \"oslo-helse\", \"name\": \"Helse og omsorg\","
	    " \"kind\": \"internal\", \"organisation\": \"oslo\"}], \"themes\": []}";
	struct plan *top = storetest_plan(top_json);
	assert_int_equal(put(f->db, &top, 1), DB_OK);
	plan_free(top);
	char err[300];
	if (!testdb_exec(f->path, "UPDATE org_unit SET parent_id = 'oslo-helsestasjon'"
	    " WHERE id = 'oslo-helse'", err))
		fail_msg("%s", err);
	later->units[1].parent = "oslo-helse";
	later->title = "Later, with a circle";
	int64_t g0, g1;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);
	assert_int_equal(put(f->db, &later, 1), DB_ERROR);
	const char *msg = db_errmsg(f->db);
	if (strstr(msg, "make a cycle: oslo-helsestasjon \u2192 oslo-helse \u2192 "
	    "oslo-helsestasjon") == NULL && strstr(msg, "make a cycle: oslo-helse \u2192 "
	    "oslo-helsestasjon \u2192 oslo-helse") == NULL)
		fail_msg("expected the cycle, got: %s", msg);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_int_equal(g1, g0);
	struct plan_name *pn;
	assert_int_equal(db_plan_name(f->db, "plan-later", &pn), DB_OK);
	assert_string_equal(pn->title, "Plan U");
	plan_name_free(pn);
	assert_int_equal(db_unit_get(f->db, "oslo-helsestasjon", 1, &u), DB_OK);
	assert_int_equal(u->nabove, 0);
	unit_view_free(u);
	plan_free(p);
	plan_free(later);
}

/* Appends an audit row around the store (it may be inserted, never
 * changed). */
static void
audit_insert(const char *path, const char *actor, const char *type, const char *id)
{
	char sql[400], err[300];
	snprintf(sql, sizeof(sql), "INSERT INTO audit (at, actor, action, object_type,"
	    " object_id, before_json, after_json) VALUES ('2026-01-01T00:00:00Z', '%s',"
	    " 'update', '%s', '%s', NULL, '{}')", actor, type, id);
	if (!testdb_exec(path, sql, err))
		fail_msg("%s", err);
}

/* One page of the audit trail, checked: its ids fall, and each entry
 * passes check. Returns how many; *more and *last (the last id). */
static size_t
audit_page(struct db *db, const struct audit_filter *f, bool *more, int64_t *last,
    bool (*check)(const struct audit_entry *))
{
	struct audit_list *l;
	assert_int_equal(db_audit_page(db, f, &l, more), DB_OK);
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0 && l->items[i].id >= l->items[i - 1].id)
			fail_msg("entry %zu: id %lld after %lld: not newest first", i,
			    (long long)l->items[i].id, (long long)l->items[i - 1].id);
		if (check && !check(&l->items[i]))
			fail_msg("entry %lld (%s %s by %s) does not belong",
			    (long long)l->items[i].id, l->items[i].object_type,
			    l->items[i].object_id, l->items[i].actor);
	}
	size_t n = l->n;
	*last = n ? l->items[n - 1].id : 0;
	audit_list_free(l);
	return n;
}

/* Every page of f: the number of entries in all. */
static size_t
audit_all(struct db *db, struct audit_filter f, bool (*check)(const struct audit_entry *))
{
	size_t total = 0, pages = 0;
	bool more = true;
	while (more) {
		int64_t last;
		size_t n = audit_page(db, &f, &more, &last, check);
		if (more && n != (f.limit ? f.limit : AUDIT_PAGE_SIZE))
			fail_msg("page %zu holds %zu entries and says more follow", pages, n);
		total += n;
		f.before = last;
		if (++pages > 100)
			fail_msg("more than 100 pages");
	}
	return total;
}

static bool
of_plan_a(const struct audit_entry *e)
{
	return (strcmp(e->object_type, "plan") == 0 && strcmp(e->object_id, "plan-a") == 0) ||
	    strncmp(e->object_id, "plan-a/", 7) == 0;
}

static bool
by_ann(const struct audit_entry *e)
{
	return strcmp(e->actor, "web:ann@x.no") == 0;
}

static bool
is_report(const struct audit_entry *e)
{
	return strcmp(e->object_type, "report") == 0;
}

static bool
not_account(const struct audit_entry *e)
{
	return strcmp(e->object_type, "account") != 0;
}

/* The audit trail is read a page at a time, newest first, by plan (the
 * plan's own entries and its objects'), actor, object and type. */
/* On SQLite, the audit trail's reads by object and by plan go through an
 * index, not a scan of every entry (migration 12 dropped the index by
 * type and object: audit_by_object_id serves both). PostgreSQL plans
 * them for their values each time, with its own indexes. */
static void
audit_reads_by_object_use_an_index(void **state)
{
	SQLITE_ONLY();
	struct storetest *t = *state;
	const enum stmt which[] = {S_AUDIT_PAGE_OBJECT, S_AUDIT_PAGE_PLAN};
	for (size_t i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		char *sql = xasprintf("EXPLAIN QUERY PLAN %s", stmt_defs[which[i]].sql);
		struct drv_stmt *st = drv_stmt(t->db->drv, DRV_STMTS_MAX - 6 - (int)i, sql);
		assert_non_null(st);
		int rows = 0, indexed = 0;
		while (drv_step(st, "query plan") == DRV_ROW) {
			const char *detail = drv_col_text(st, 3);
			assert_non_null(detail);
			fprintf(stderr, "# %s\n", detail);
			rows++;
			if (strstr(detail, "INDEX audit_by_object_id (object_id") != NULL)
				indexed++;
			assert_null(strstr(detail, "SCAN audit"));
		}
		drv_reset(st);
		free(sql);
		assert_true(rows > 0);
		assert_int_equal(indexed, i == 0 ? 1 : 2);
	}
}

static void
audit_pages_and_filters(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);   /* plan + organisation */
	p->title = "Plan A2";
	assert_int_equal(put(f->db, &p, 1), DB_OK);   /* plan */
	plan_free(p);
	int64_t ann = storetest_account(f->db, ACTOR, "ann@x.no", ROLE_READER, NULL, NULL);
	char annid[32];
	snprintf(annid, sizeof(annid), "%lld", (long long)ann);
	/* 120 reports of plan-a by two actors, and look-alikes of other
	 * plans ("plan-ab", "plan-a-2") that must not count. */
	for (int i = 0; i < 120; i++) {
		char id[64];
		snprintf(id, sizeof(id), "plan-a/m1/%d/2025", i % 3 + 1);
		audit_insert(f->path, i % 2 ? "web:ann@x.no" : "cli:root", "report", id);
	}
	audit_insert(f->path, "web:ann@x.no", "report", "plan-ab/m1/1/2025");
	audit_insert(f->path, "web:ann@x.no", "plan", "plan-a-2");
	audit_insert(f->path, "web:ann@x.no", "unit", "plan-a");
	audit_insert(f->path, "web:ann@x.no", "account", annid);

	bool more;
	int64_t last;
	struct audit_filter all = {0};
	/* 2 plan, 1 organisation, 2 units entering the register (as
	 * plan_a names them), 1 account, 124 inserted: 130. */
	assert_int_equal(audit_all(f->db, all, NULL), 130);
	assert_int_equal(audit_page(f->db, &all, &more, &last, NULL), AUDIT_PAGE_SIZE);
	assert_true(more);
	/* A page of 7, from the newest: the account inserted last. */
	struct audit_list *l;
	assert_int_equal(db_audit_page(f->db, &(struct audit_filter){.limit = 7}, &l,
	    &more), DB_OK);
	assert_int_equal(l->n, 7);
	assert_true(more);
	assert_string_equal(l->items[0].object_type, "account");
	audit_list_free(l);

	struct audit_filter plan = {.plan = "plan-a"};
	assert_int_equal(audit_all(f->db, plan, of_plan_a), 122);
	plan.limit = 11;
	assert_int_equal(audit_all(f->db, plan, of_plan_a), 122);
	struct audit_filter actor = {.actor = "web:ann@x.no"};
	assert_int_equal(audit_all(f->db, actor, by_ann), 64);
	struct audit_filter object = {.object_type = "report", .object_id = "plan-a/m1/2/2025"};
	assert_int_equal(audit_all(f->db, object, is_report), 40);
	struct audit_filter type = {.object_type = "report"};
	assert_int_equal(audit_all(f->db, type, is_report), 121);
	/* Filters together: ann's reports of plan-a. */
	struct audit_filter both = {.plan = "plan-a", .actor = "web:ann@x.no",
	    .object_type = "report"};
	assert_int_equal(audit_all(f->db, both, by_ann), 60);
	/* Changes to accounts left out (a coordinator's view). */
	struct audit_filter noacc = {.no_accounts = true};
	assert_int_equal(audit_all(f->db, noacc, not_account), 128);
	noacc.object_type = "account";
	assert_int_equal(audit_all(f->db, noacc, NULL), 0);
	struct audit_filter none = {.plan = "nope"};
	assert_int_equal(audit_page(f->db, &none, &more, &last, NULL), 0);
	assert_false(more);

	struct plan_names *names;
	assert_int_equal(db_plan_names(f->db, &names), DB_OK);
	assert_int_equal(names->n, 1);
	assert_string_equal(names->items[0].title, "Plan A2");
	plan_names_free(names);
}

/* An administrator changes an account's role, units and organisations;
 * each change is audited with the account before and after, and the
 * last active administrator cannot be demoted or disabled. */
static void
account_updates(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);   /* organisation "oslo" */
	plan_free(p);
	int64_t boss = storetest_account(f->db, ACTOR, "boss@x.no", ROLE_ADMIN, NULL, NULL);
	char *units[] = {"politiet", "oslo-barnevern", "politiet"};
	int64_t bo = storetest_account(f->db, ACTOR, "bo@x.no", ROLE_READER, NULL, NULL);
	bool changed;
	assert_int_equal(db_account_update(f->db, "web:boss@x.no", bo, ROLE_REPORTER,
	    units, 3, NULL, 0, &changed), DB_OK);
	assert_true(changed);
	struct account_list *l;
	assert_int_equal(db_account_by_id(f->db, bo, &l), DB_OK);
	assert_int_equal(l->items[0].role, ROLE_REPORTER);
	assert_int_equal(l->items[0].nunits, 2);   /* sorted, once each */
	assert_string_equal(l->items[0].units[0], "oslo-barnevern");
	assert_string_equal(l->items[0].units[1], "politiet");
	account_list_free(l);
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)bo);
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "account", id, NULL, &a), DB_OK);
	assert_int_equal(a->n, 2);
	assert_string_equal(a->items[1].action, "update");
	assert_string_equal(a->items[1].actor, "web:boss@x.no");
	assert_non_null(strstr(a->items[1].before, "\"role\":\"reader\""));
	assert_non_null(strstr(a->items[1].after, "\"role\":\"reporter\""));
	assert_non_null(strstr(a->items[1].after,
	    "\"units\":[\"oslo-barnevern\",\"politiet\"]"));
	assert_null(strstr(a->items[1].after, "$argon2"));
	audit_list_free(a);
	/* The same again writes nothing. */
	char *same[] = {"oslo-barnevern", "politiet"};
	assert_int_equal(db_account_update(f->db, "web:boss@x.no", bo, ROLE_REPORTER,
	    same, 2, NULL, 0, &changed), DB_OK);
	assert_false(changed);
	assert_int_equal(db_audit(f->db, "account", id, NULL, &a), DB_OK);
	assert_int_equal(a->n, 2);
	audit_list_free(a);
	/* An organisation that does not exist: nothing written. */
	char *orgs[] = {"oslo", "nowhere"};
	assert_int_equal(db_account_update(f->db, ACTOR, bo, ROLE_COORDINATOR, NULL, 0,
	    orgs, 2, &changed), DB_NOT_FOUND);
	assert_false(changed);
	assert_int_equal(db_account_by_id(f->db, bo, &l), DB_OK);
	assert_int_equal(l->items[0].role, ROLE_REPORTER);
	assert_int_equal(l->items[0].nunits, 2);
	account_list_free(l);
	assert_int_equal(db_account_update(f->db, ACTOR, bo, ROLE_COORDINATOR, NULL, 0,
	    orgs, 1, &changed), DB_OK);
	assert_int_equal(db_account_update(f->db, ACTOR, 9999, ROLE_READER, NULL, 0,
	    NULL, 0, &changed), DB_NOT_FOUND);

	/* The last active administrator stays one. */
	assert_int_equal(db_account_update(f->db, ACTOR, boss, ROLE_COORDINATOR, NULL, 0,
	    orgs, 1, &changed), DB_CONFLICT);
	assert_int_equal(db_account_set_disabled_keep_admin(f->db, ACTOR, boss, true),
	    DB_CONFLICT);
	assert_int_equal(db_account_by_id(f->db, boss, &l), DB_OK);
	assert_int_equal(l->items[0].role, ROLE_ADMIN);
	assert_false(l->items[0].disabled);
	account_list_free(l);
	/* With a second one, either may go. */
	assert_int_equal(db_account_update(f->db, ACTOR, bo, ROLE_ADMIN, NULL, 0, NULL, 0,
	    &changed), DB_OK);
	assert_int_equal(db_account_set_disabled_keep_admin(f->db, ACTOR, boss, true),
	    DB_OK);
	assert_int_equal(db_account_set_disabled_keep_admin(f->db, ACTOR, bo, true),
	    DB_CONFLICT);
	assert_int_equal(db_account_set_disabled_keep_admin(f->db, ACTOR, boss, false),
	    DB_OK);
	/* The command line may disable the last one. */
	assert_int_equal(db_account_set_disabled(f->db, ACTOR, boss, true), DB_OK);
	assert_int_equal(db_account_set_disabled(f->db, ACTOR, bo, true), DB_OK);
}

/* Renaming an organisation is audited and moves the generation (public
 * pages show its name); the same name changes nothing. */
static void
organisation_rename(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	assert_int_equal(put(f->db, &p, 1), DB_OK);
	plan_free(p);
	int64_t g0, g1, g2;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);
	assert_int_equal(db_organisation_rename(f->db, "web:a@x.no", "oslo",
	    "Oslo kommune (bydel)"), DB_OK);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_true(g1 > g0);
	struct organisation_list *l;
	assert_int_equal(db_organisations(f->db, &l), DB_OK);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->items[0].name, "Oslo kommune (bydel)");
	organisation_list_free(l);
	struct catalogue *c;
	assert_int_equal(db_catalogue(f->db, &c), DB_OK);
	assert_string_equal(c->orgs[0].name, "Oslo kommune (bydel)");
	catalogue_free(c);
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "organisation", "oslo", "web:a@x.no", &a), DB_OK);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->items[0].action, "rename");
	assert_string_equal(a->items[0].before, "{\"name\":\"Oslo kommune\"}");
	assert_string_equal(a->items[0].after, "{\"name\":\"Oslo kommune (bydel)\"}");
	audit_list_free(a);
	assert_int_equal(db_organisation_rename(f->db, "web:a@x.no", "oslo",
	    "Oslo kommune (bydel)"), DB_OK);
	assert_int_equal(db_generation(f->db, &g2), DB_OK);
	assert_true(g2 == g1);
	assert_int_equal(db_organisation_rename(f->db, "web:a@x.no", "bergen", "Bergen"),
	    DB_NOT_FOUND);
}

/* Editing (issue 7 §7): a plan is stored only at the revision its
 * editor read; drafts are read for editing; the catalogue for editors
 * holds drafts; reports are counted where their table exists. */
static void
checked_put_refuses_a_stale_revision(void **state)
{
	struct storetest *f = *state;
	struct plan *p = storetest_plan(plan_a);
	p->status = PLAN_DRAFT;
	int base = -1, rev = 0;
	enum db_put res;
	/* New: -1 says it must not exist yet. */
	assert_int_equal(db_plans_put_checked(f->db, ACTOR, &p, &base, 1, "create plan",
	    &res, &rev, NULL), DB_OK);
	assert_int_equal(res, DB_PUT_NEW);
	assert_int_equal(rev, 1);
	size_t at = 99;
	assert_int_equal(db_plans_put_checked(f->db, ACTOR, &p, &base, 1, NULL, &res,
	    &rev, &at), DB_CONFLICT);
	assert_int_equal(at, 0);

	/* Drafts are read for editing, with the revision. */
	struct plan *e;
	struct revision_info ri;
	assert_int_equal(db_plan_get_revision(f->db, "plan-a", &e, &ri), DB_OK);
	assert_int_equal(e->status, PLAN_DRAFT);
	assert_int_equal(ri.number, 1);
	assert_string_equal(ri.actor, ACTOR);
	assert_int_equal(strlen(ri.at), 20);
	plan_free(e);
	assert_int_equal(db_plan_get_revision(f->db, "nope", &e, &ri), DB_NOT_FOUND);
	assert_null(e);

	/* Two editors of revision 1: the first wins, the second is refused
	 * and nothing of it is written. */
	int64_t g0, g1;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);
	p->title = "Plan A, first";
	base = 1;
	assert_int_equal(db_plans_put_checked(f->db, ACTOR, &p, &base, 1,
	    "update plan plan-a", &res, &rev, NULL), DB_OK);
	assert_int_equal(rev, 2);
	p->title = "Plan A, second";
	assert_int_equal(db_plans_put_checked(f->db, ACTOR, &p, &base, 1, NULL, &res,
	    &rev, NULL), DB_CONFLICT);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_int_equal(g1, g0 + 1);
	assert_int_equal(db_plan_get_revision(f->db, "plan-a", &e, &ri), DB_OK);
	assert_string_equal(e->title, "Plan A, first");
	assert_int_equal(ri.number, 2);
	plan_free(e);
	/* The change is in the audit row. */
	struct audit_list *al;
	assert_int_equal(db_audit(f->db, "plan", "plan-a", NULL, &al), DB_OK);
	assert_int_equal(al->n, 2);
	assert_non_null(strstr(al->items[1].after, "\"change\":\"update plan plan-a\""));
	audit_list_free(al);

	/* The public catalogue leaves the draft out; the editors' has it. */
	struct catalogue *c;
	assert_int_equal(db_catalogue(f->db, &c), DB_OK);
	assert_int_equal(c->norgs, 0);
	catalogue_free(c);
	assert_int_equal(db_catalogue_all(f->db, &c), DB_OK);
	assert_int_equal(c->norgs, 1);
	assert_string_equal(c->orgs[0].plans[0].id, "plan-a");
	assert_int_equal(c->orgs[0].plans[0].status, PLAN_DRAFT);
	catalogue_free(c);
	struct organisation_list *ol;
	assert_int_equal(db_organisations(f->db, &ol), DB_OK);
	assert_int_equal(ol->n, 1);
	assert_string_equal(ol->items[0].id, "oslo");
	assert_string_equal(ol->items[0].name, "Oslo kommune");
	organisation_list_free(ol);
	plan_free(p);
}

static void
reports_of_what_is_deleted_are_counted(void **state)
{
	struct storetest *f = *state;
	long n = -1;
	assert_int_equal(db_report_count(f->db, "plan-a", NULL, 0, &n), DB_OK);
	assert_int_equal(n, 0);
	/* Reports as the yearly report writes them (a version each). */
	char err[300];
	assert_true(testdb_exec(f->path, "INSERT INTO report (plan_id, measure_id, number,"
	    " year, version, status, actor, at) VALUES"
	    " ('plan-a', 'm1', 1, 2023, 1, 'done', 't', '2023-01-01T00:00:00Z'),"
	    " ('plan-a', 'm1', 1, 2024, 1, 'done', 't', '2024-01-01T00:00:00Z'),"
	    " ('plan-a', 'm1', 2, 2024, 1, 'done', 't', '2024-01-01T00:00:00Z'),"
	    " ('plan-a', 'm2', 1, 2024, 1, 'done', 't', '2024-01-01T00:00:00Z'),"
	    " ('plan-b', 'm1', 1, 2024, 1, 'done', 't', '2024-01-01T00:00:00Z')", err));
	assert_int_equal(db_report_count(f->db, "plan-a", NULL, 0, &n), DB_OK);
	assert_int_equal(n, 4);
	assert_int_equal(db_report_count(f->db, "plan-a", "m1", 0, &n), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(db_report_count(f->db, "plan-a", "m1", 1, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(db_report_count(f->db, "plan-a", "m3", 0, &n), DB_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(put_get_round_trip, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(replace_by_id_and_generation,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(failed_put_rolls_back, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(search_folds_case_and_needs_every_word,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(reopen_keeps_data_and_schema,
		    setup, storetest_teardown),
		cmocka_unit_test(open_refuses_garbage),
		cmocka_unit_test_setup_teardown(read_errors_name_the_failing_query,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(readonly_mode_reads_and_refuses_writes,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(revisions_and_audit, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(audit_rows_cannot_change,
		    setup, storetest_teardown),
		cmocka_unit_test(no_statement_changes_the_trail),
		cmocka_unit_test_setup_teardown(transactions_keep_snapshots_and_roll_back,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(deferred_writes_go_with_the_commit,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(plan_loads_in_twelve_statements,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(unit_duties_say_how, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(unit_register_follows_the_latest_plan,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(drafts_are_not_on_unit_pages,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(checked_put_refuses_a_stale_revision,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(reports_of_what_is_deleted_are_counted,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(audit_pages_and_filters, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(audit_reads_by_object_use_an_index, setup,
		    storetest_teardown),
		cmocka_unit_test_setup_teardown(account_updates, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(organisation_rename, setup, storetest_teardown),
	};
	fprintf(stderr, "# backend: %s\n", testdb_backend());
	return cmocka_run_group_tests_name(testdb_pg() ? "store (pgsql)" : "store (sqlite)",
	    tests, NULL, storetest_group_teardown);
}
