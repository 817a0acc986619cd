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
static void
fill_directory(const char *db)
{
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE,
	    NATIONAL_FILE, BODO_SVC_FILE, BALS_SVC_FILE, (char *)NULL);
	assert_exit(c, 0);
}

static char *
directory_db(const char *name)
{
	return new_db_filled(root, name, fill_directory);
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

/* ---- the editor (/admin/services) ---- */

#define ADMIN "admin@example.no"
#define COORD "coord@bodo.kommune.no"
#define BCOORD "coord@balsfjord.kommune.no"
#define SVC "bodo-barneverntjenesten"

static void
fill_editor(const char *db)
{
	fill_directory(db);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "coordinator", COORD, "--org", "bodo", NULL);
	user_add(db, "coordinator", BCOORD, "--org", "balsfjord", NULL);
}

static char *
editor_db(const char *name)
{
	return new_db_filled(root, name, fill_editor);
}

static long long
version_of(const char *db, const char *id)
{
	return sql_int(db, S("SELECT version FROM help_service WHERE id = '%s'", id));
}

static struct http_response *
post_expect(int port, const struct signin *s, const char *target, const char *fields,
    int status)
{
	struct http_response *r = post_as(port, s, target, form_with_csrf(s, fields));
	if (r->status != status)
		fail_msg("POST %s (%s): status %d, expected %d\n%.3000s", target, fields,
		    r->status, status, r->body);
	return r;
}

/* The part of an editor page from its heading with id to the next
 * heading. */
static const char *
section(const char *body, const char *id)
{
	const char *a = strstr(body, S("id=\"%s\"", id));
	if (a == NULL)
		fail_msg("no section %s", id);
	const char *b = strstr(a, "<h2");
	return b ? S("%.*s", (int)(b - a), a) : a;
}

static void
editor_lists_what_is_missing_and_stale(void **state)
{
	(void)state;
	char *db = editor_db("svc-editor-list");
	struct server *s = server_start(db);
	struct signin coord, bcoord, admin;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	sign_in(s->port, BCOORD, TEST_PASSWORD, &bcoord);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	/* The start page leads there. */
	struct http_response *r = get_as(s->port, &coord, "/admin");
	assert_contains(r->body, "href=\"/admin/services\"");
	r = get_as(s->port, &coord, "/admin/services");
	assert_int_equal(r->status, 200);
	check_page(r, "/admin/services");
	/* Bodø's coordinator: Bodø's entries, not Balsfjord's nor national. */
	assert_contains(r->body, "Krisesenteret i Salten");
	assert_not_contains(r->body, "Krisesenteret for Tromsø og omegn");
	assert_not_contains(r->body, "Alarmtelefonen");
	/* What is missing, per entry, and what is not verified. */
	const char *missing = section(r->body, "missing");
	const char *stale = section(r->body, "stale");
	assert_contains(missing, "Krisesenteret i Salten</a>: mangler telefonnummer, åpningstid");
	assert_contains(stale, "Krisesenteret i Salten</a>: aldri kontrollert");
	/* Balsfjord's: the crisis centre has number and hours. */
	r = get_as(s->port, &bcoord, "/admin/services");
	missing = section(r->body, "missing");
	assert_not_contains(missing, "Krisesenteret for Tromsø og omegn");
	assert_contains(missing, "Barneverntjenesten</a>: mangler telefonnummer, åpningstid");
	/* The administrator: everything, national entries too. */
	r = get_as(s->port, &admin, "/admin/services");
	assert_contains(r->body, "Alarmtelefonen for barn og unge");
	assert_contains(r->body, "Krisesenteret for Tromsø og omegn");
	/* Someone else's entries are not theirs to edit. */
	r = get_as(s->port, &coord, "/admin/services/krisesenteret-for-tromso-og-omegn");
	assert_int_equal(r->status, 403);
	r = get_as(s->port, &coord, "/admin/services/alarmtelefonen-for-barn-og-unge");
	assert_int_equal(r->status, 403);
	r = get_as(s->port, &admin, "/admin/services/alarmtelefonen-for-barn-og-unge");
	assert_int_equal(r->status, 200);
	r = get_as(s->port, &coord, "/admin/services/none-such");
	assert_int_equal(r->status, 404);
	server_stop(s);
}

/* The fields of the form for SVC, at version v, with phone and hours. */
static const char *
svc_form(int v, const char *phone, const char *extra)
{
	return S("version=%d&name_nb=Barneverntjenesten&kind=child_welfare&audience=children"
	    "&audience=worried&phone=%s&hours=weekly&from.mon.1=08%%3A00&to.mon.1=15%%3A30"
	    "&from.tue.1=08%%3A00&to.tue.1=15%%3A30&owner=bodo&unit=" SVC "&rank=30%s", v,
	    phone, extra ? extra : "");
}

static void
editing_an_entry(void **state)
{
	(void)state;
	char *db = editor_db("svc-editor-edit");
	struct server *s = server_start(db);
	struct signin coord;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	struct http_response *r = get_as(s->port, &coord, "/admin/services/" SVC);
	assert_int_equal(r->status, 200);
	check_page(r, "/admin/services/" SVC);
	assert_contains(r->body, "name=\"name_nn\"");
	assert_contains(r->body, "name=\"from.sun.2\"");
	long long v = version_of(db, SVC);

	/* Errors: at their fields, what was typed shown again, nothing
	 * written. */
	r = post_expect(s->port, &coord, "/admin/services/" SVC,
	    S("version=%lld&name_nb=Barneverntjenesten&kind=child_welfare&phone=12"
	    "&hours=weekly&from.mon.1=25%%3A00&to.mon.1=15%%3A30&web=ftp%%3A%%2F%%2Fx"
	    "&owner=bodo", v), 400);
	check_page(r, "/admin/services/" SVC);
	assert_contains(r->body, "href=\"#phone\"");
	assert_contains(r->body, "et norsk telefonnummer har 8 sifre");
	assert_contains(r->body, "value=\"12\"");
	assert_contains(r->body, "«25:00» er ikke et klokkeslett");
	assert_contains(r->body, "href=\"#from.mon.1\"");
	assert_contains(r->body, "Velg hvem tjenesten er for");
	assert_contains(r->body, "en nettadresse begynner med https://");
	assert_int_equal(version_of(db, SVC), v);
	/* Owner: only one's own organisations. */
	r = post_expect(s->port, &coord, "/admin/services/" SVC,
	    svc_form((int)v, "75555555", NULL), 303);
	(void)r;
	assert_int_equal(version_of(db, SVC), v + 1);
	r = post_expect(s->port, &coord, "/admin/services/" SVC,
	    S("version=%lld&name_nb=B&kind=child_welfare&audience=children&owner=balsfjord",
	    v + 1), 400);
	assert_contains(r->body, "Velg en av organisasjonene du er koordinator for");

	/* Saved: the number in the one record, audited, and on the unit's
	 * public page. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service WHERE id = '" SVC "'"
	    " AND data LIKE '%\"phone\": \"75555555\"%'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'service'"
	    " AND object_id = '" SVC "' AND action = 'update' AND actor = 'web:" COORD "'"), 1);
	r = get_as(s->port, &coord, "/admin/audit/object?type=service&id=" SVC);
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "Hjelpetjeneste");
	assert_contains(r->body, "75555555");
	await_fresh();
	r = page_ok(s->port, "/units/" SVC);
	assert_contains(r->body, "href=\"tel:+4775555555\"");
	assert_contains(r->body, "75 55 55 55");
	assert_contains(r->body, "mandag–tirsdag 08:00–15:30");
	/* The form shows it as saved, grouped. */
	r = get_as(s->port, &coord, "/admin/services/" SVC "?done=saved");
	assert_contains(r->body, "Tjenesten er lagret");
	assert_contains(r->body, "value=\"75 55 55 55\"");

	/* A form read before that save: refused, nothing written. */
	r = post_expect(s->port, &coord, "/admin/services/" SVC,
	    svc_form((int)v, "75000000", NULL), 409);
	assert_contains(r->body, "Noen andre har endret");
	assert_int_equal(version_of(db, SVC), v + 1);

	/* Mark verified today: off the stale list. */
	r = post_expect(s->port, &coord, "/admin/services/" SVC "/verify",
	    S("version=%lld", v), 409);
	r = post_expect(s->port, &coord, "/admin/services/" SVC "/verify",
	    S("version=%lld", v + 1), 303);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service WHERE id = '" SVC "'"
	    " AND verified IS NOT NULL"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_id = '" SVC "'"
	    " AND action = 'verify'"), 1);
	r = get_as(s->port, &coord, "/admin/services?done=verified");
	assert_not_contains(section(r->body, "stale"), "Barneverntjenesten</a>");
	assert_contains(r->body, "merket som kontrollert i dag");
	server_stop(s);
}

static void
adding_and_deleting(void **state)
{
	(void)state;
	char *db = editor_db("svc-editor-add");
	struct server *s = server_start(db);
	struct signin coord;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	struct http_response *r = get_as(s->port, &coord, "/admin/services/new");
	assert_int_equal(r->status, 200);
	check_page(r, "/admin/services/new");
	long long n = services(db);
	/* A taken id. */
	r = post_expect(s->port, &coord, "/admin/services/new",
	    "version=0&id=atv&name_nb=X&kind=helpline&audience=adults&owner=bodo", 409);
	assert_contains(r->body, "Det finnes allerede en tjeneste med denne id-en");
	/* A unit that is another service's. */
	r = post_expect(s->port, &coord, "/admin/services/new",
	    "version=0&id=ny&name_nb=X&kind=helpline&audience=adults&owner=bodo&unit=atv", 400);
	assert_contains(r->body, "kontaktinformasjon for en annen tjeneste");
	assert_int_equal(services(db), n);
	r = post_expect(s->port, &coord, "/admin/services/new",
	    "version=0&id=ny-tjeneste&name_nb=Ny+tjeneste&name_en=New+service"
	    "&offers_nb=Samtaler.&kind=counselling&audience=adults&audience=lgbtiq"
	    "&phone=%2B47+915+55+555&hours=always&anonymous=yes&languages=nb%2C+en"
	    "&owner=bodo&rank=15", 303);
	assert_contains(http_header(r, "Location"), "/admin/services/ny-tjeneste");
	assert_int_equal(services(db), n + 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM help_service WHERE id = 'ny-tjeneste'"
	    " AND owner_id = 'bodo' AND data LIKE '%\"phone\": \"91555555\"%'"
	    " AND data LIKE '%\"always\": true%' AND data LIKE '%\"en\": \"New service\"%'"),
	    1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_id = 'ny-tjeneste'"
	    " AND action = 'create'"), 1);
	/* Delete: the confirmation, a stale form refused, then gone. */
	r = get_as(s->port, &coord, "/admin/services/ny-tjeneste/delete");
	assert_int_equal(r->status, 200);
	check_page(r, "/admin/services/ny-tjeneste/delete");
	post_expect(s->port, &coord, "/admin/services/ny-tjeneste/delete", "version=7", 409);
	post_expect(s->port, &coord, "/admin/services/ny-tjeneste/delete", "version=1", 303);
	assert_int_equal(services(db), n);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_id = 'ny-tjeneste'"
	    " AND action = 'delete'"), 1);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(import_with_the_plans, teardown),
		cmocka_unit_test_teardown(bad_files_write_nothing, teardown),
		cmocka_unit_test_teardown(unit_page_shows_the_contact_record, teardown),
		cmocka_unit_test_teardown(editor_lists_what_is_missing_and_stale, teardown),
		cmocka_unit_test_teardown(editing_an_entry, teardown),
		cmocka_unit_test_teardown(adding_and_deleting, teardown),
	};
	return cmocka_run_group_tests_name("directory", tests, group_setup, group_teardown);
}
