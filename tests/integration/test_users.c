/* test_users.c — user administration in the browser (issue 7 §3),
 * through the real server: adding an account, changing its role, units
 * and organisations, a new password, disabling and enabling, renaming an
 * organisation; every form refused with a message at its field and what
 * was typed, nothing written; each change audited as the administrator;
 * sessions ended on a new password and on disabling; the last active
 * administrator kept; and only administrators may do any of it. */
#include "integration/signin.h"

#define ADMIN  "admin@testby.no"
#define COORD  "coord@testby.no"
#define READER "reader@testby.no"
#define UNIT   "testby-barnevern"
#define UNIT2  "testby-helsestasjon"
#define NEWPW  "a new password for you"

static void
fill_users(const char *db)
{
	import_ok(db, SMALL_FILE);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "coordinator", COORD, "--org", "testby", NULL);
	user_add(db, "reader", READER, NULL);
}

static char *
users_db(const char *name)
{
	return new_db_filled(root, name, fill_users);
}

static long long
account_id(const char *db, const char *email)
{
	return sql_int(db, S("SELECT id FROM account WHERE email = '%s'", email));
}

static long long
accounts(const char *db)
{
	return sql_int(db, "SELECT count(*) FROM account");
}

/* Audit rows by the administrator on the web. */
static long long
audited(const char *db, const char *action)
{
	return sql_int(db, S("SELECT count(*) FROM audit WHERE actor = 'web:" ADMIN "'"
	    " AND action = '%s'", action));
}

static struct http_response *
post_ok(int port, const struct signin *s, const char *target, const char *fields,
    int status)
{
	struct http_response *r = post_as(port, s, target, form_with_csrf(s, fields));
	if (r->status != status)
		fail_msg("POST %s (%s): status %d, expected %d\n%.3000s", target, fields,
		    r->status, status, r->body);
	if (status != 303)
		check_page(r, target);
	return r;
}

static void
adding_an_account(void **state)
{
	(void)state;
	char *db = users_db("add");
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	struct http_response *r = get_as(s->port, &admin, "/admin/users/new");
	assert_int_equal(r->status, 200);
	check_page(r, "new account");
	assert_contains(r->body, "id=\"unit-" UNIT "\" name=\"unit\" value=\"" UNIT "\"");
	assert_contains(r->body, "id=\"org-testby\" name=\"org\" value=\"testby\"");
	long long n = accounts(db);

	/* Everything wrong at once: each field says what, what was typed
	 * stays, nothing is written. */
	r = post_ok(s->port, &admin, "/admin/users/new", S("email=%s&role=reporter&org=testby"
	    "&password=short&password2=short", form_escape("not an address <b>")), 400);
	assert_field_error(r->body, "email", "");
	assert_contains(r->body, "value=\"not an address &lt;b&gt;\"");
	assert_field_error(r->body, "unit", "En rapportør rapporterer for én eller flere");
	assert_field_error(r->body, "org", "Bare en koordinator har organisasjoner");
	assert_field_error(r->body, "password", "minst 10 tegn");
	assert_contains(r->body, "<option value=\"reporter\" selected=\"\">");
	assert_contains(r->body, "id=\"org-testby\" name=\"org\" value=\"testby\" checked=\"\"");
	assert_int_equal(accounts(db), n);
	/* Two passwords that differ; a unit that does not exist; a role that
	 * is not one. */
	r = post_ok(s->port, &admin, "/admin/users/new", "email=ny%40testby.no&role=reporter"
	    "&unit=" UNIT "&password=" NEWPW "&password2=another+password", 400);
	assert_field_error(r->body, "password2", "De to passordene er ulike");
	assert_contains(r->body, "id=\"unit-" UNIT "\" name=\"unit\" value=\"" UNIT
	    "\" checked=\"\"");
	assert_contains(r->body, "value=\"ny@testby.no\"");
	r = post_ok(s->port, &admin, "/admin/users/new", "email=ny%40testby.no&role=reporter"
	    "&unit=nowhere&password=" NEWPW "&password2=" NEWPW, 400);
	assert_field_error(r->body, "unit", "Det finnes ingen enhet «nowhere»");
	r = post_ok(s->port, &admin, "/admin/users/new", "email=ny%40testby.no&role=boss"
	    "&password=" NEWPW "&password2=" NEWPW, 400);
	assert_field_error(r->body, "role", "Velg en av rollene");
	/* An address that is taken (in another case). */
	r = post_ok(s->port, &admin, "/admin/users/new", "email=Reader%40Testby.no&role=reader"
	    "&password=" NEWPW "&password2=" NEWPW, 400);
	assert_field_error(r->body, "email", "Det finnes allerede en konto");
	assert_int_equal(accounts(db), n);
	assert_int_equal(audited(db, "add"), 0);

	/* A reporter for two units. */
	r = post_ok(s->port, &admin, "/admin/users/new", "email=Ny%40Testby.no&role=reporter"
	    "&unit=" UNIT "&unit=" UNIT2 "&password=" NEWPW "&password2=" NEWPW, 303);
	long long id = account_id(db, "ny@testby.no");
	assert_true(id > 0);
	assert_string_equal(header(r, "Location"), S("/admin/users/%lld?done=added", id));
	r = get_as(s->port, &admin, header(r, "Location"));
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "Kontoen er lagt til");
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM account_unit WHERE account_id ="
	    " %lld", id)), 2);
	assert_int_equal(audited(db, "add"), 1);
	assert_contains(get_as(s->port, &admin, "/admin/users")->body,
	    S("<a href=\"/admin/users/%lld\">ny@testby.no</a>", id));
	/* It signs in with its password, and sees no user administration. */
	struct signin ny;
	sign_in(s->port, "ny@testby.no", NEWPW, &ny);
	assert_int_equal(get_as(s->port, &ny, "/admin/users")->status, 403);
	assert_not_contains(get_as(s->port, &ny, "/admin")->body, "/admin/users");
	server_stop(s);
}

static void
changing_role_units_and_organisations(void **state)
{
	(void)state;
	char *db = users_db("change");
	long long reader = account_id(db, READER);
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	const char *page = S("/admin/users/%lld", reader);
	struct http_response *r = get_as(s->port, &admin, page);
	assert_int_equal(r->status, 200);
	check_page(r, page);
	assert_contains(r->body, "<option value=\"reader\" selected=\"\">");

	/* Units go with a reporter; organisations with a coordinator. */
	r = post_ok(s->port, &admin, page, "role=reader&unit=" UNIT, 400);
	assert_field_error(r->body, "unit", "Bare en rapportør rapporterer for enheter");
	assert_contains(r->body, "<option value=\"reader\" selected=\"\">");
	r = post_ok(s->port, &admin, page, "role=coordinator", 400);
	assert_field_error(r->body, "org", "En koordinator redigerer planene");
	r = post_ok(s->port, &admin, page, "role=coordinator&org=elsewhere", 400);
	assert_field_error(r->body, "org", "Det finnes ingen organisasjon «elsewhere»");
	assert_int_equal(audited(db, "update"), 0);

	r = post_ok(s->port, &admin, page, "role=reporter&unit=" UNIT2, 303);
	assert_string_equal(header(r, "Location"), S("%s?done=saved", page));
	assert_contains(get_as(s->port, &admin, header(r, "Location"))->body,
	    "Rollen og ansvaret er lagret");
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM account WHERE id = %lld AND"
	    " role = 'reporter'", reader)), 1);
	assert_int_equal(audited(db, "update"), 1);
	/* The same again changes nothing and writes nothing. */
	r = post_ok(s->port, &admin, page, "role=reporter&unit=" UNIT2, 303);
	assert_string_equal(header(r, "Location"), S("%s?done=unchanged", page));
	assert_int_equal(audited(db, "update"), 1);
	/* The audit trail shows before and after. */
	r = get_as(s->port, &admin, S("/admin/audit/object?type=account&id=%lld", reader));
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "<td class=\"before\">Leser</td><td class=\"after\">"
	    "Rapportør</td>");
	assert_contains(r->body, UNIT2);
	/* The change holds at once for the account's session. */
	struct signin coord;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	const char *cpage = S("/admin/users/%lld", account_id(db, COORD));
	post_ok(s->port, &admin, cpage, "role=reader", 303);
	assert_int_equal(get_as(s->port, &coord, "/admin/audit")->status, 403);
	assert_int_equal(get_as(s->port, &coord, "/admin")->status, 200);
	/* A unit no public plan names any more (its plan is a draft again)
	 * stays on the account's form, checked, and saving keeps it. */
	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	json_object_set_new(p, "status", json_string("draft"));
	char *file = S("%s/change-draft.json", root);
	write_json(file, p);
	import_ok(db, file);
	r = get_as(s->port, &admin, page);
	assert_contains(r->body, "id=\"unit-" UNIT2 "\" name=\"unit\" value=\"" UNIT2
	    "\" checked=\"\"");
	r = post_ok(s->port, &admin, page, "role=reporter&unit=" UNIT2, 303);
	assert_string_equal(header(r, "Location"), S("%s?done=unchanged", page));
	r = post_ok(s->port, &admin, page, "role=reporter&unit=" UNIT, 400);
	assert_field_error(r->body, "unit", "Det finnes ingen enhet");
	/* No such account. */
	assert_int_equal(get_as(s->port, &admin, "/admin/users/999")->status, 404);
	assert_int_equal(get_as(s->port, &admin, "/admin/users/x1")->status, 404);
	assert_int_equal(post_as(s->port, &admin, "/admin/users/999",
	    form_with_csrf(&admin, "role=reader"))->status, 404);
	server_stop(s);
}

static void
passwords_and_disabling_end_sessions(void **state)
{
	(void)state;
	char *db = users_db("sessions");
	long long reader = account_id(db, READER);
	struct server *s = server_start(db);
	struct signin admin, rd;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	sign_in(s->port, READER, TEST_PASSWORD, &rd);
	const char *pw = S("/admin/users/%lld/password", reader);
	struct http_response *r = post_ok(s->port, &admin, pw,
	    "password=" NEWPW "&password2=not+the+same", 400);
	assert_field_error(r->body, "password2", "De to passordene er ulike");
	r = post_ok(s->port, &admin, pw, "password=short&password2=short", 400);
	assert_field_error(r->body, "password", "minst 10 tegn");
	/* A password is never shown again. */
	assert_not_contains(r->body, "value=\"short\"");
	assert_int_equal(get_as(s->port, &rd, "/admin")->status, 200);

	r = post_ok(s->port, &admin, pw, "password=" NEWPW "&password2=" NEWPW, 303);
	assert_string_equal(header(r, "Location"), S("/admin/users/%lld?done=password",
	    reader));
	/* The reader's session has ended; the old password no longer works. */
	assert_int_equal(get_as(s->port, &rd, "/admin")->status, 303);
	assert_int_equal(login_post(s->port, READER, TEST_PASSWORD, NULL, NULL)->status, 403);
	sign_in(s->port, READER, NEWPW, &rd);
	assert_int_equal(audited(db, "password"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE after_json LIKE"
	    " '%argon2%' OR before_json LIKE '%argon2%'"), 0);

	/* Disabling ends its sessions and keeps it out; enabling lets it in. */
	post_ok(s->port, &admin, S("/admin/users/%lld/disable", reader), NULL, 303);
	assert_int_equal(get_as(s->port, &rd, "/admin")->status, 303);
	assert_int_equal(login_post(s->port, READER, NEWPW, NULL, NULL)->status, 403);
	r = get_as(s->port, &admin, S("/admin/users/%lld?done=disabled", reader));
	assert_contains(r->body, "Kontoen er deaktivert");
	assert_contains(r->body, S("action=\"/admin/users/%lld/enable\"", reader));
	assert_contains(get_as(s->port, &admin, "/admin/users")->body, "deaktivert");
	post_ok(s->port, &admin, S("/admin/users/%lld/enable", reader), NULL, 303);
	sign_in(s->port, READER, NEWPW, &rd);
	assert_int_equal(audited(db, "disable"), 1);
	assert_int_equal(audited(db, "enable"), 1);

	/* An administrator's own new password ends their own session: sign
	 * in again. */
	r = post_ok(s->port, &admin, S("/admin/users/%lld/password", account_id(db, ADMIN)),
	    "password=" NEWPW "&password2=" NEWPW, 303);
	assert_string_equal(header(r, "Location"), S("/login?next=/admin/users/%lld",
	    account_id(db, ADMIN)));
	assert_int_equal(get_as(s->port, &admin, "/admin")->status, 303);
	sign_in(s->port, ADMIN, NEWPW, &admin);
	server_stop(s);
}

/* The last active administrator can neither be demoted nor disabled;
 * with a second one, either may step down. */
static void
the_last_administrator_stays(void **state)
{
	(void)state;
	char *db = users_db("lastadmin");
	long long me = account_id(db, ADMIN), coord = account_id(db, COORD);
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	const char *page = S("/admin/users/%lld", me);
	struct http_response *r = post_ok(s->port, &admin, page, "role=reader", 409);
	assert_field_error(r->body, "role", "den siste aktive administratoren");
	r = post_ok(s->port, &admin, S("%s/disable", page), NULL, 409);
	assert_contains(r->body, "den siste aktive administratoren");
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM account WHERE id = %lld AND"
	    " role = 'admin' AND disabled = 0", me)), 1);
	assert_int_equal(get_as(s->port, &admin, "/admin/users")->status, 200);

	/* A second administrator; then the first may step down, and loses
	 * the user administration at once. */
	post_ok(s->port, &admin, S("/admin/users/%lld", coord), "role=admin", 303);
	r = post_ok(s->port, &admin, page, "role=reader", 303);
	assert_string_equal(header(r, "Location"), "/admin");
	assert_int_equal(get_as(s->port, &admin, "/admin/users")->status, 403);
	/* The new one is now the last: it cannot disable itself. */
	struct signin second;
	sign_in(s->port, COORD, TEST_PASSWORD, &second);
	r = post_ok(s->port, &second, S("/admin/users/%lld/disable", coord), NULL, 409);
	assert_int_equal(get_as(s->port, &second, "/admin/users")->status, 200);
	server_stop(s);
}

static void
renaming_an_organisation(void **state)
{
	(void)state;
	char *db = users_db("orgs");
	struct server *s = server_start(db);
	struct signin admin;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &admin);
	struct http_response *r = get_as(s->port, &admin, "/admin/organisations");
	assert_int_equal(r->status, 200);
	check_page(r, "organisations");
	assert_contains(r->body, "name=\"name.testby\" value=\"Testby kommune\"");
	assert_contains(get_status(s->port, "/", 200)->body, "Testby kommune");
	long long gen = generation(db);

	/* A name that is refused is shown again with why. */
	r = post_ok(s->port, &admin, "/admin/organisations", "name.testby=+", 400);
	assert_field_error(r->body, "name.testby", "organisasjonens navn");
	r = post_ok(s->port, &admin, "/admin/organisations", "name.testby=Line%0Abreak", 400);
	assert_contains(r->body, "id=\"name.testby-error\"");
	assert_contains(r->body, "value=\"Line");
	assert_int_equal(get_as(s->port, &admin, "/admin/organisations")->status, 200);
	r = post_as(s->port, &admin, "/admin/organisations",
	    form_with_csrf(&admin, "name.nowhere=X"));
	assert_int_equal(r->status, 404);
	r = post_as(s->port, &admin, "/admin/organisations",
	    form_with_csrf(&admin, "name.testby=A&name.other=B"));
	assert_int_equal(r->status, 400);
	r = post_as(s->port, &admin, "/admin/organisations", form_with_csrf(&admin, NULL));
	assert_int_equal(r->status, 400);
	assert_int_equal(generation(db), gen);
	assert_int_equal(audited(db, "rename"), 0);

	r = post_ok(s->port, &admin, "/admin/organisations",
	    "name.testby=Testby+og+omegn+kommune", 303);
	assert_string_equal(header(r, "Location"), "/admin/organisations?done=testby");
	assert_contains(get_as(s->port, &admin, header(r, "Location"))->body,
	    "Organisasjonen heter nå Testby og omegn kommune");
	assert_true(generation(db) > gen);
	assert_int_equal(audited(db, "rename"), 1);
	/* The public pages show the new name. */
	await_fresh();
	assert_contains(get_status(s->port, "/", 200)->body, "Testby og omegn kommune");
	/* The trail shows the name before and after. */
	r = get_as(s->port, &admin, "/admin/audit/object?type=organisation&id=testby");
	assert_contains(r->body, "<td class=\"before\">Testby kommune</td><td class=\"after\">"
	    "Testby og omegn kommune</td>");
	server_stop(s);
}

/* Only administrators: the coordinator and the reader get 403 on every
 * page and form, and their forms write nothing. */
static void
only_administrators(void **state)
{
	(void)state;
	char *db = users_db("onlyadmin");
	long long reader = account_id(db, READER);
	struct server *s = server_start(db);
	struct signin coord;
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	assert_int_equal(get_as(s->port, &coord, "/admin/users")->status, 403);
	assert_int_equal(get_as(s->port, &coord, "/admin/organisations")->status, 403);
	assert_int_equal(post_as(s->port, &coord, S("/admin/users/%lld", reader),
	    form_with_csrf(&coord, "role=admin"))->status, 403);
	assert_int_equal(post_as(s->port, &coord, "/admin/users/new",
	    form_with_csrf(&coord, "email=x%40y.no&role=admin&password=" NEWPW
	    "&password2=" NEWPW))->status, 403);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM account WHERE role = 'admin'"), 1);
	assert_not_contains(get_as(s->port, &coord, "/admin")->body, "/admin/users");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(adding_an_account, teardown),
		cmocka_unit_test_teardown(changing_role_units_and_organisations, teardown),
		cmocka_unit_test_teardown(passwords_and_disabling_end_sessions, teardown),
		cmocka_unit_test_teardown(the_last_administrator_stays, teardown),
		cmocka_unit_test_teardown(renaming_an_organisation, teardown),
		cmocka_unit_test_teardown(only_administrators, teardown),
	};
	return cmocka_run_group_tests_name("users", tests, group_setup, group_teardown);
}
