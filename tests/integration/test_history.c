/* test_history.c — what the store keeps of the past, through the command
 * line, on both backends: every imported version of a plan as a numbered
 * revision (tiltak history, tiltak export --revision), an import of the
 * same content that changes nothing, and an audit row for every change
 * with the actor "cli:USER". */
#include "integration/harness.h"

#include <pwd.h>

static void
revisions_keep_every_version(void **state)
{
	(void)state;
	char *dir = new_dir("history");
	char *db = new_db(dir, "h");
	struct cmd *c = tiltak(NULL, "import", "--db", db, SMALL_FILE, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "imported " SMALL ":");
	assert_contains(c->out, "(revision 1)");

	/* The same file again: nothing changes, not even the generation. */
	long long gen = generation(db);
	c = tiltak(NULL, "import", "--db", db, SMALL_FILE, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "unchanged " SMALL ": revision 1 is the same");
	assert_int_equal(generation(db), gen);

	/* A changed plan is revision 2; revision 1 is what it was. */
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_object_set_new(p, "title", json_string("Plan Beta, revidert 2026"));
	char *v2 = S("%s/v2.json", dir);
	write_json(v2, p);
	c = tiltak(NULL, "import", "--db", db, v2, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "(revision 2)");
	assert_true(generation(db) > gen);

	c = tiltak(NULL, "history", "--db", db, "--plan", SMALL, (char *)NULL);
	assert_exit(c, 0);
	const struct passwd *pw = getpwuid(geteuid());
	char *actor = S("cli:%s", pw ? pw->pw_name : "?");
	assert_contains(c->out, S("1\t"));
	assert_contains(c->out, S("\t%s\t", actor));
	assert_contains(c->out, "2\t");
	assert_contains(c->out, "Plan Beta, revidert 2026");
	assert_int_equal(count_substr(c->out, "\n"), 2);

	struct cmd *r1 = tiltak(NULL, "export", "--db", db, "--plan", SMALL, "--revision",
	    "1", (char *)NULL);
	assert_exit(r1, 0);
	struct cmd *orig = tiltak(NULL, "check", SMALL_FILE, (char *)NULL);
	assert_exit(orig, 0);
	/* Revision 1 is the canonical form of the first file: the same as
	 * exporting it from a database that holds only that. */
	char *db1 = new_db(dir, "h1");
	import_ok(db1, SMALL_FILE);
	struct cmd *e1 = export_plan(db1, SMALL);
	assert_exit(e1, 0);
	assert_string_equal(r1->out, e1->out);
	struct cmd *cur = export_plan(db, SMALL);
	struct cmd *r2 = tiltak(NULL, "export", "--db", db, "--plan", SMALL, "--revision",
	    "2", (char *)NULL);
	assert_exit(r2, 0);
	assert_string_equal(r2->out, cur->out);
	assert_contains(r2->out, "Plan Beta, revidert 2026");

	c = tiltak(NULL, "export", "--db", db, "--plan", SMALL, "--revision", "3",
	    (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "has no revision 3");
	c = tiltak(NULL, "export", "--db", db, "--plan", SMALL, "--revision", "x",
	    (char *)NULL);
	assert_exit(c, 2);
	c = tiltak(NULL, "history", "--db", db, "--plan", "no-such-plan", (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "no revisions of plan \"no-such-plan\"");

	/* The audit trail: the plan created, then updated, by this user. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'plan'"
	    " AND object_id = '" SMALL "'"), 2);
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM audit WHERE actor = '%s'"
	    " AND action = 'update' AND before_json = '{\"revision\":1}'", actor)), 1);
}

/* A re-import keeps what refers to the plan from outside its tree:
 * revisions and audit rows (and the status reports of a later issue) are
 * not removed with the plan's old rows. */
static void
reimport_keeps_history(void **state)
{
	(void)state;
	char *dir = new_dir("keep");
	char *db = new_db(dir, "k");
	import_ok(db, BODO_FILE);
	json_t *p = keep(json_deep_copy(load_json_file(BODO_FILE)), free_json);
	json_object_set_new(p, "title", json_string("Handlingsplan, ny utgave"));
	char *v2 = S("%s/v2.json", dir);
	write_json(v2, p);
	import_ok(db, v2);
	import_ok(db, BODO_FILE);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM plan_revision WHERE plan_id = '"
	    BODO "'"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_id = '"
	    BODO "'"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM plan"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM indicator"), 103);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(revisions_keep_every_version, teardown),
		cmocka_unit_test_teardown(reimport_keeps_history, teardown),
	};
	return cmocka_run_group_tests_name("history", tests, group_setup, group_teardown);
}
