/* test_directory.c — the help directory (issue 8 §1) through the real
 * binary: importing the bundled services files with the plans (all or
 * nothing, bad files named by file and JSON path, nothing written),
 * exporting them, and a register unit's contact record shown on the
 * plan's unit page. */
#include "integration/signin.h"

#define NATIONAL_FILE "data/services/national.json"
#define BODO_SVC_FILE "data/services/bodo.json"
#define BALS_SVC_FILE "data/services/balsfjord.json"

/* A database with both plans and every services file. */
static char *
directory_db(const char *name)
{
	char *db = new_db(root, name);
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE,
	    NATIONAL_FILE, BODO_SVC_FILE, BALS_SVC_FILE, (char *)NULL);
	assert_exit(c, 0);
	return db;
}

static long long
services(const char *db)
{
	return sql_int(db, "SELECT count(*) FROM help_service");
}

static void
import_with_the_plans(void **state)
{
	(void)state;
	char *db = new_db(root, "svc-import");
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE,
	    NATIONAL_FILE, BODO_SVC_FILE, BALS_SVC_FILE, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "help services: 36 new, 0 changed, 0 unchanged");
	assert_int_equal(services(db), 36);
	/* National services have no owner; municipal ones are their
	 * organisation's, and Bodø's name their register units. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service WHERE owner_id IS NULL"),
	    10);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service"
	    " WHERE unit_id = 'krisesenteret-i-salten' AND owner_id = 'bodo'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service"
	    " WHERE owner_id = 'balsfjord'"), 11);
	/* Where the plans give no number, none was made up: unverified. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service WHERE verified IS NOT NULL"),
	    0);
	/* Audited as the command line's user, one row per service. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'service'"
	    " AND action = 'import' AND actor LIKE 'cli:%'"), 36);
	long long g = generation(db);

	/* Again: nothing changes, the generation stays. */
	c = tiltak(NULL, "import", "--db", db, NATIONAL_FILE, BODO_SVC_FILE, BALS_SVC_FILE,
	    (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "help services: 0 new, 0 changed, 36 unchanged");
	assert_int_equal(generation(db), g);

	/* A changed number: one service changed, audited, generation moves. */
	json_t *j = load_json_file(BALS_SVC_FILE);
	json_object_set_new(json_array_get(json_object_get(j, "services"), 0), "phone",
	    json_string("77000000"));
	char *dir = new_dir("svc-changed");
	char *file = S("%s/balsfjord.json", dir);
	write_json(file, j);
	c = tiltak(NULL, "import", "--db", db, file, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "help services: 0 new, 1 changed, 10 unchanged");
	assert_true(generation(db) > g);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'service'"
	    " AND object_id = 'krisesenteret-for-tromso-og-omegn'"), 2);

	/* Export writes them all as one services file, which imports again. */
	c = tiltak(NULL, "export", "--db", db, "--services", (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "\"format\": \"tiltak-services/1\"");
	assert_contains(c->out, "\"phone\": \"77000000\"");
	char *out = S("%s/all.json", dir);
	write_file(out, c->out, c->out_len);
	c = tiltak(NULL, "check", out, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "ok: 36 help services");
	c = tiltak(NULL, "import", "--db", db, out, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "0 new, 0 changed, 36 unchanged");
}

/* Imports the plans with one bad services file; checks the message and
 * that nothing was written. */
static void
refused(const char *name, const char *json, const char *msg)
{
	char *dir = new_dir(name);
	char *file = S("%s/svc.json", dir);
	write_file(file, json, strlen(json));
	char *db = new_db(dir, "db");
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, NATIONAL_FILE, BODO_SVC_FILE, file,
	    (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, file);
	assert_contains(c->err, msg);
	/* A file refused by the store (not by the parser, before any
	 * database is opened) leaves the database without a plan. */
	if (strstr(c->err, "import failed, nothing was written") != NULL) {
		assert_int_equal(sql_int(db, "SELECT count(*) FROM plan"), 0);
		assert_int_equal(services(db), 0);
	}
}

#define ONE(extra) \
	"{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"x\"," \
	" \"name\": {\"nb\": \"X\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"" \
	extra "}]}"

static void
bad_files_write_nothing(void **state)
{
	(void)state;
	refused("svc-unit", ONE(", \"unit\": \"nowhere\""),
	    "$.services[0].unit: no unit \"nowhere\" in the units register");
	refused("svc-owner", ONE(", \"owner\": \"tromso\""),
	    "$.services[0].owner: no organisation \"tromso\"");
	refused("svc-serves", ONE(", \"owner\": \"bodo\", \"serves\": [\"fauske\"]"),
	    "$.services[0].serves: no organisation \"fauske\"");
	refused("svc-taken", ONE(", \"unit\": \"krisesenteret-i-salten\""),
	    "$.services[0].unit: unit \"krisesenteret-i-salten\" is another service's");
	refused("svc-phone", ONE(", \"phone\": \"776 11 060\""),
	    "$.services[0].phone: write the number as its digits");
	refused("svc-dupkey", ONE(", \"kind\": \"hotline\""), "invalid JSON");
	refused("svc-kind", "{\"format\": \"tiltak-services/1\", \"services\": [{\"id\": \"x\","
	    " \"name\": {\"nb\": \"X\"}, \"audiences\": [\"adults\"], \"kind\": \"hotline\"}]}",
	    "$.services[0].kind: \"hotline\" is not one of");
	refused("svc-type", ONE(", \"rank\": \"first\""), "$.services[0].rank: expected an integer");
	refused("svc-hours", ONE(", \"hours\": {\"weekly\": [{\"days\": [\"mon\"],"
	    " \"from\": \"08:00\", \"to\": \"24:30\"}]}"),
	    "$.services[0].hours.weekly[0].to: \"24:30\" is not a time of day");
	refused("svc-dup", "{\"format\": \"tiltak-services/1\", \"services\": ["
	    "{\"id\": \"x\", \"name\": {\"nb\": \"X\"}, \"audiences\": [\"adults\"], \"kind\": \"helpline\"},"
	    "{\"id\": \"x\", \"name\": {\"nb\": \"Y\"}, \"audiences\": [\"men\"], \"kind\": \"helpline\"}]}",
	    "$.services[1].id: service \"x\" is also $.services[0]");
	/* The same service in two files. */
	char *dir = new_dir("svc-twice");
	char *db = new_db(dir, "db");
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BODO_SVC_FILE,
	    BODO_SVC_FILE, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "service \"krisesenteret-i-salten\" is also in " BODO_SVC_FILE);
}

static void
unit_page_shows_the_contact_record(void **state)
{
	(void)state;
	char *db = directory_db("svc-unit-page");
	struct server *s = server_start(db);
	struct http_response *r = page_ok(s->port, "/units/bodo-barneverntjenesten");
	/* No number in the plan: the page says so, and no tel: link. */
	assert_contains(r->body, "Kontaktinformasjon");
	assert_not_contains(r->body, "tel:");
	server_stop(s);
	/* A coordinator's number for the unit, changed once, in the one
	 * record: the unit page shows it. */
	sql_exec(db, "UPDATE help_service SET data = replace(data,"
	    " '\"phone\": null', '\"phone\": \"75555555\"')"
	    " WHERE id = 'bodo-barneverntjenesten'");
	sql_exec(db, "UPDATE meta SET value = value + 1 WHERE key = 'generation'");
	s = server_start(db);
	r = page_ok(s->port, "/units/bodo-barneverntjenesten");
	assert_contains(r->body, "href=\"tel:+4775555555\"");
	assert_contains(r->body, "75 55 55 55");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(import_with_the_plans, teardown),
		cmocka_unit_test_teardown(bad_files_write_nothing, teardown),
		cmocka_unit_test_teardown(unit_page_shows_the_contact_record, teardown),
	};
	return cmocka_run_group_tests_name("directory", tests, group_setup, group_teardown);
}
