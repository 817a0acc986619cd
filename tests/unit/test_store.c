/* test_store.c — the SQLite store: put/get round trip, replacement by id,
 * the generation counter, rollback of a failed import, catalogue, unit
 * view and search, reopening an existing database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/plan_json.h"
#include "store/db.h"

struct fixture {
	char       dir[64];
	char       path[96];
	struct db *db;
};

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

static struct plan *
parse(const char *json)
{
	struct plan_error err;
	struct plan *p = plan_json_parse(json, strlen(json), &err);
	if (p == NULL)
		fail_msg("%s: %s", err.path, err.message);
	return p;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/tiltak-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	char err[512];
	f->db = db_open(f->path, err, sizeof(err));
	if (f->db == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	char p[160];
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static char *
export_of(struct db *db, const char *id)
{
	struct plan *p;
	assert_int_equal(db_plan_get(db, id, &p), DB_OK);
	char *s = plan_json_export(p, NULL);
	plan_free(p);
	return s;
}

static void
put_get_round_trip(void **state)
{
	struct fixture *f = *state;
	struct plan *p = parse(plan_a);
	assert_int_equal(db_plans_put(f->db, &p, 1), DB_OK);
	char *want = plan_json_export(p, NULL);
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
	struct fixture *f = *state;
	int64_t g0, g1, g2;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);
	struct plan *p = parse(plan_a);
	assert_int_equal(db_plans_put(f->db, &p, 1), DB_OK);
	assert_int_equal(db_generation(f->db, &g1), DB_OK);
	assert_int_equal(db_plans_put(f->db, &p, 1), DB_OK);
	assert_int_equal(db_generation(f->db, &g2), DB_OK);
	assert_true(g1 > g0);
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
	assert_int_equal(db_unit_get(f->db, "oslo-barnevern", &u), DB_OK);
	assert_int_equal(u->nitems, 2);
	assert_string_equal(u->name, "Barneverntjenesten");
	unit_view_free(u);
	assert_int_equal(db_unit_get(f->db, "politiet", &u), DB_OK);
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
	assert_int_equal(db_unit_get(f->db, "nobody", &u), DB_NOT_FOUND);

	struct unit_list *l;
	assert_int_equal(db_unit_list(f->db, &l), DB_OK);
	assert_int_equal(l->n, 2);
	unit_list_free(l);
}

static void
failed_put_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct plan *good = parse(plan_a);
	assert_int_equal(db_plans_put(f->db, &good, 1), DB_OK);
	char *before = export_of(f->db, "plan-a");
	int64_t g0, g1;
	assert_int_equal(db_generation(f->db, &g0), DB_OK);

	/* A second plan whose indicator names a unit it does not have (the
	 * validator would refuse it; here the database's own foreign key
	 * must): put together with a changed plan-a, nothing may stay. */
	struct plan *changed = parse(plan_a);
	changed->title = "Changed";
	struct plan *bad = parse(plan_a);
	bad->id = "plan-b";
	bad->themes[0].goals[0].measures[0].indicators[0].responsible[0] = "ghost";
	struct plan *both[] = {changed, bad};
	assert_int_equal(db_plans_put(f->db, both, 2), DB_ERROR);
	assert_non_null(strstr(db_errmsg(f->db), "FOREIGN KEY"));

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
	struct fixture *f = *state;
	struct plan *p = parse(plan_a);
	assert_int_equal(db_plans_put(f->db, &p, 1), DB_OK);
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
	struct fixture *f = *state;
	struct plan *p = parse(plan_a);
	assert_int_equal(db_plans_put(f->db, &p, 1), DB_OK);
	plan_free(p);
	char *before = export_of(f->db, "plan-a");
	int version = db_schema_version(f->db);
	db_close(f->db);
	char err[512];
	f->db = db_open(f->path, err, sizeof(err));
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
	char dir[] = "/tmp/tiltak-garbage-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/g.db", dir);
	FILE *fp = fopen(path, "w");
	fputs("this is not a database, just text long enough to look like a header....", fp);
	fclose(fp);
	char err[512];
	struct db *db = db_open(path, err, sizeof(err));
	assert_null(db);
	assert_non_null(strstr(err, path));
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(put_get_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(replace_by_id_and_generation, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_put_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(search_folds_case_and_needs_every_word, setup, teardown),
		cmocka_unit_test_setup_teardown(reopen_keeps_data_and_schema, setup, teardown),
		cmocka_unit_test(open_refuses_garbage),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
