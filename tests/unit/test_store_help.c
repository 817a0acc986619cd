/* test_store_help.c — the help directory in the store (db.h), on SQLite
 * and, by tests/run.sh, on PostgreSQL: an import of plans and services in
 * one transaction (all or nothing, with the file and JSON path of a bad
 * reference), the directory of an organisation (its own, those serving
 * it, the national ones, by rank), a unit's contact record, and the
 * editor's writes (create, change with the version check, verify,
 * delete), each audited and moving the generation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/storetest.h"
#include "common/testdb.h"
#include "domain/help.h"
#include "domain/plan_json.h"
#include "store/db.h"

#define ACTOR "test:help"

static const char plan_oslo[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-oslo\", \"title\": \"Plan\","
" \"period\": {\"start\": 2022, \"end\": 2025}, \"status\": \"adopted\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"units\": [{\"id\": \"oslo-barnevern\", \"name\": \"Barneverntjenesten\","
"  \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"  {\"id\": \"krise\", \"name\": \"Krisesenteret\", \"kind\": \"internal\","
"  \"organisation\": \"oslo\"}],"
" \"themes\": []}";

static const char plan_baerum[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-baerum\", \"title\": \"Plan B\","
" \"period\": {\"start\": 2022, \"end\": 2025}, \"status\": \"adopted\","
" \"organisations\": [{\"id\": \"baerum\", \"name\": \"Bærum kommune\"}],"
" \"themes\": []}";

static const char services[] =
"{\"format\": \"tiltak-services/1\", \"services\": ["
"{\"id\": \"nod\", \"name\": {\"nb\": \"Nødnummer\"}, \"audiences\": [\"adults\"],"
" \"kind\": \"emergency\", \"phone\": \"112\", \"hours\": {\"always\": true}, \"rank\": 1},"
"{\"id\": \"oslo-barnevern\", \"name\": {\"nb\": \"Barnevernet\"}, \"audiences\": [\"children\"],"
" \"kind\": \"child_welfare\", \"phone\": \"22123456\", \"owner\": \"oslo\","
" \"unit\": \"oslo-barnevern\", \"rank\": 30},"
"{\"id\": \"krise\", \"name\": {\"nb\": \"Krisesenteret\"}, \"audiences\": [\"women\"],"
" \"kind\": \"crisis_centre\", \"owner\": \"oslo\", \"serves\": [\"baerum\"], \"rank\": 10},"
"{\"id\": \"baerum-helse\", \"name\": {\"nb\": \"Helsestasjonen\"}, \"audiences\": [\"children\"],"
" \"kind\": \"health\", \"owner\": \"baerum\", \"rank\": 10}"
"]}";

static int
setup(void **state)
{
	return storetest_setup(state, "help", "t");
}

static struct help_list *
list_of(const char *json, const char *source)
{
	struct help_error err;
	struct help_list *l = help_json_parse(json, strlen(json), &err);
	if (l == NULL)
		fail_msg("%s: %s", err.path, err.message);
	l->source = arena_strdup(&l->arena, source);
	return l;
}

/* Imports both plans and the services text; returns the status. */
static enum db_status
import(struct db *db, const char *svc, struct db_help_import *done)
{
	struct plan *p[2] = {storetest_plan(plan_oslo), storetest_plan(plan_baerum)};
	struct help_list *l = list_of(svc, "svc.json");
	enum db_status r = db_import(db, ACTOR, p, 2, NULL, NULL, &l, 1, done, NULL);
	plan_free(p[0]);
	plan_free(p[1]);
	help_list_free(l);
	return r;
}

static int64_t
generation(struct db *db)
{
	int64_t g;
	assert_int_equal(db_generation(db, &g), DB_OK);
	return g;
}

static void
import_and_directory(void **state)
{
	struct storetest *f = *state;
	int64_t g0 = generation(f->db);
	struct db_help_import done;
	assert_int_equal(import(f->db, services, &done), DB_OK);
	assert_int_equal(done.created, 4);
	assert_true(generation(f->db) > g0);

	/* Oslo: national, its own two, by rank then name. */
	struct help_list *l;
	assert_int_equal(db_help_directory(f->db, "oslo", &l), DB_OK);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->items[0].id, "nod");
	assert_string_equal(l->items[1].id, "krise");
	assert_string_equal(l->items[2].id, "oslo-barnevern");
	assert_string_equal(l->items[2].phone, "22123456");
	assert_string_equal(l->items[2].unit_name, "Barneverntjenesten");
	assert_string_equal(l->items[2].owner_name, "Oslo kommune");
	assert_int_equal(l->items[2].version, 1);
	assert_null(l->items[0].owner_name);
	assert_true(l->items[0].hours.always);
	help_list_free(l);
	/* Bærum: national, Oslo's crisis centre that serves it, its own. */
	assert_int_equal(db_help_directory(f->db, "baerum", &l), DB_OK);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->items[0].id, "nod");
	assert_string_equal(l->items[1].id, "baerum-helse");
	assert_string_equal(l->items[2].id, "krise");
	help_list_free(l);
	/* An organisation with nothing of its own: the national ones. */
	assert_int_equal(db_help_directory(f->db, "bergen", &l), DB_OK);
	assert_int_equal(l->n, 1);
	help_list_free(l);

	/* The editor's lists. */
	assert_int_equal(db_help_list(f->db, NULL, &l), DB_OK);
	assert_int_equal(l->n, 4);
	assert_string_equal(l->items[0].id, "nod");
	help_list_free(l);
	assert_int_equal(db_help_list(f->db, "", &l), DB_OK);
	assert_int_equal(l->n, 1);
	help_list_free(l);
	assert_int_equal(db_help_list(f->db, "oslo", &l), DB_OK);
	assert_int_equal(l->n, 2);
	help_list_free(l);

	/* The unit's contact record. */
	assert_int_equal(db_help_by_unit(f->db, "oslo-barnevern", &l), DB_OK);
	assert_string_equal(l->items[0].id, "oslo-barnevern");
	help_list_free(l);
	assert_int_equal(db_help_by_unit(f->db, "krise", &l), DB_NOT_FOUND);
	assert_null(l);

	/* Audited as imported. */
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "service", "krise", NULL, &a), DB_OK);
	assert_int_equal(a->n, 1);
	assert_string_equal(a->items[0].action, "import");
	assert_null(a->items[0].before);
	assert_non_null(strstr(a->items[0].after, "\"Krisesenteret\""));
	audit_list_free(a);

	/* The same again writes nothing and keeps the generation. */
	int64_t g1 = generation(f->db);
	assert_int_equal(import(f->db, services, &done), DB_OK);
	assert_int_equal(done.unchanged, 4);
	assert_int_equal(done.created + done.changed, 0);
	assert_int_equal(generation(f->db), g1);
}

static void
bad_references_write_nothing(void **state)
{
	struct storetest *f = *state;
	static const char *const cases[][2] = {
		{"\"owner\": \"bergen\"", "svc.json: $.services[0].owner: no organisation \"bergen\""},
		{"\"serves\": [\"oslo\", \"bergen\"]",
		 "svc.json: $.services[0].serves: no organisation \"bergen\""},
		{"\"unit\": \"nowhere\"",
		 "svc.json: $.services[0].unit: no unit \"nowhere\" in the units register"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char json[600];
		snprintf(json, sizeof(json), "{\"format\": \"tiltak-services/1\", \"services\": ["
		    "{\"id\": \"x\", \"name\": {\"nb\": \"X\"}, \"audiences\": [\"adults\"],"
		    " \"kind\": \"helpline\", %s}]}", cases[i][0]);
		assert_int_equal(import(f->db, json, NULL), DB_ERROR);
		if (strstr(db_errmsg(f->db), cases[i][1]) == NULL)
			fail_msg("got \"%s\", expected \"%s\"", db_errmsg(f->db), cases[i][1]);
		/* Nothing was written: not the plans either. */
		struct plan *p = NULL;
		assert_int_equal(db_plan_get(f->db, "plan-oslo", &p), DB_NOT_FOUND);
		struct help_list *l;
		assert_int_equal(db_help_list(f->db, NULL, &l), DB_OK);
		assert_int_equal(l->n, 0);
		help_list_free(l);
	}
	/* A unit that is another service's already. */
	assert_int_equal(import(f->db, services, NULL), DB_OK);
	const char *taken = "{\"format\": \"tiltak-services/1\", \"services\": ["
	    "{\"id\": \"y\", \"name\": {\"nb\": \"Y\"}, \"audiences\": [\"adults\"],"
	    " \"kind\": \"helpline\", \"unit\": \"oslo-barnevern\"}]}";
	assert_int_equal(import(f->db, taken, NULL), DB_ERROR);
	assert_non_null(strstr(db_errmsg(f->db), "$.services[0].unit: unit \"oslo-barnevern\" "
	    "is another service's already"));
	struct help_list *l;
	assert_int_equal(db_help_service_get(f->db, "y", &l), DB_NOT_FOUND);
}

/* A service to edit, in its own list. */
static struct help_list *
one(const char *id, const char *owner, const char *phone)
{
	struct help_list *l = help_list_new();
	struct help_service *s = help_list_add(l);
	s->id = arena_strdup(&l->arena, id);
	s->name.nb = arena_strdup(&l->arena, "Ny tjeneste");
	s->audiences = HELP_AUDIENCE_BIT(HELP_AUD_ADULTS);
	s->kind = HELP_KIND_COUNSELLING;
	s->owner = arena_strdup(&l->arena, owner);
	s->phone = arena_strdup(&l->arena, phone);
	return l;
}

static void
editing_checks_versions_and_audits(void **state)
{
	struct storetest *f = *state;
	assert_int_equal(import(f->db, services, NULL), DB_OK);
	struct help_list *n = one("ny", "oslo", "12345678");
	int v = 0;
	int64_t g = generation(f->db);
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 0, &v,
	    NULL), DB_OK);
	assert_int_equal(v, 1);
	assert_true(generation(f->db) > g);
	/* Creating it again: taken. */
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 0, &v,
	    NULL), DB_CONFLICT);
	/* Changing it from version 1. */
	n->items[0].phone = arena_strdup(&n->arena, "87654321");
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 1, &v,
	    NULL), DB_OK);
	assert_int_equal(v, 2);
	/* Someone else's form, still based on version 1. */
	n->items[0].phone = arena_strdup(&n->arena, "11223344");
	assert_int_equal(db_help_service_put(f->db, "web:b@example.no", &n->items[0], 1, &v,
	    NULL), DB_CONFLICT);
	/* Nothing changed: nothing written, the version stays. */
	n->items[0].phone = arena_strdup(&n->arena, "87654321");
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 2, &v,
	    NULL), DB_OK);
	assert_int_equal(v, 2);
	/* A reference that does not hold, named by its field. */
	struct db_help_refusal why;
	n->items[0].unit = arena_strdup(&n->arena, "oslo-barnevern");
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 2, &v,
	    &why), DB_ERROR);
	assert_string_equal(why.field, "unit");
	assert_non_null(strstr(why.message, "another service's"));
	n->items[0].unit = arena_strdup(&n->arena, "krise");
	assert_int_equal(db_help_service_put(f->db, "web:a@example.no", &n->items[0], 2, &v,
	    &why), DB_OK);
	assert_int_equal(v, 3);

	struct help_list *l;
	assert_int_equal(db_help_service_get(f->db, "ny", &l), DB_OK);
	assert_string_equal(l->items[0].phone, "87654321");
	assert_string_equal(l->items[0].unit_name, "Krisesenteret");
	assert_null(l->items[0].verified);
	assert_int_equal(l->items[0].version, 3);
	help_list_free(l);

	/* Verify. */
	assert_int_equal(db_help_service_verify(f->db, "web:a@example.no", "ny", "2026-12-02",
	    2, &v), DB_CONFLICT);
	assert_int_equal(db_help_service_verify(f->db, "web:a@example.no", "ny", "2026-12-02",
	    3, &v), DB_OK);
	assert_int_equal(v, 4);
	assert_int_equal(db_help_service_get(f->db, "ny", &l), DB_OK);
	assert_string_equal(l->items[0].verified, "2026-12-02");
	help_list_free(l);
	assert_int_equal(db_help_service_verify(f->db, "x", "none", "2026-12-02", 0, NULL),
	    DB_NOT_FOUND);

	/* Every change audited, newest first. */
	struct audit_list *a;
	assert_int_equal(db_audit(f->db, "service", "ny", NULL, &a), DB_OK);
	assert_int_equal(a->n, 4);
	int creates = 0, updates = 0, verifies = 0;
	for (size_t j = 0; j < a->n; j++) {
		creates += strcmp(a->items[j].action, "create") == 0;
		updates += strcmp(a->items[j].action, "update") == 0;
		verifies += strcmp(a->items[j].action, "verify") == 0;
		assert_string_equal(a->items[j].object_type, "service");
	}
	assert_int_equal(creates, 1);
	assert_int_equal(updates, 2);
	assert_int_equal(verifies, 1);
	audit_list_free(a);

	/* Delete: stale version refused, then done. */
	assert_int_equal(db_help_service_delete(f->db, "web:a@example.no", "ny", 3), DB_CONFLICT);
	g = generation(f->db);
	assert_int_equal(db_help_service_delete(f->db, "web:a@example.no", "ny", 4), DB_OK);
	assert_true(generation(f->db) > g);
	assert_int_equal(db_help_service_get(f->db, "ny", &l), DB_NOT_FOUND);
	assert_int_equal(db_help_service_delete(f->db, "web:a@example.no", "ny", 0),
	    DB_NOT_FOUND);
	assert_int_equal(db_audit(f->db, "service", "ny", NULL, &a), DB_OK);
	assert_int_equal(a->n, 5);
	int deletes = 0;
	for (size_t j = 0; j < a->n; j++)
		if (strcmp(a->items[j].action, "delete") == 0) {
			deletes++;
			assert_null(a->items[j].after);
			assert_non_null(strstr(a->items[j].before, "\"87654321\""));
		}
	assert_int_equal(deletes, 1);
	audit_list_free(a);
	help_list_free(n);
}

static void
copy_db_takes_the_directory(void **state)
{
	struct storetest *f = *state;
	assert_int_equal(import(f->db, services, NULL), DB_OK);
	char *to_path = testdb_new(f->dir, "copy");
	assert_non_null(to_path);
	char err[512];
	struct db *to = db_open(to_path, DB_OPEN_CREATE, err, sizeof(err));
	assert_non_null(to);
	long rows = 0;
	assert_int_equal(db_copy(f->db, to, false, &rows), DB_OK);
	struct help_list *l;
	assert_int_equal(db_help_directory(to, "baerum", &l), DB_OK);
	assert_int_equal(l->n, 3);
	help_list_free(l);
	db_close(to);
	if (!testdb_pg()) {
		char side[600];
		unlink(to_path);
		snprintf(side, sizeof(side), "%s-wal", to_path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", to_path);
		unlink(side);
	}
	free(to_path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(import_and_directory, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(bad_references_write_nothing,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(editing_checks_versions_and_audits,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(copy_db_takes_the_directory,
		    setup, storetest_teardown),
	};
	fprintf(stderr, "# backend: %s\n", testdb_backend());
	return cmocka_run_group_tests_name(testdb_pg() ? "store help (pgsql)" :
	    "store help (sqlite)", tests, NULL, storetest_group_teardown);
}
