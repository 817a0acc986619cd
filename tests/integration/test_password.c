/* test_password.c — a signed-in user changes their own password
 * (/admin/password, issue 7 §2), through the real server, on both
 * backends: every role may; the current password is asked for, and a
 * wrong one is answered at its field and counted by the sign-in throttle
 * (which then holds the form too); the new one follows the
 * administrator's rules (typed twice, at least ACCOUNT_PASSWORD_MIN
 * characters); the CSRF token is checked; on success every other
 * session of the account ends, this one goes on under a new token, the
 * old password no longer works and the change is audited without the
 * password or its hash. */
#include "integration/signin.h"

#define READER "leser@testby.no"
#define COORD  "koordinator@testby.no"
#define NEWPW  "a brand new passphrase"
#define PAGE   "/admin/password"

static char *
password_db(const char *name)
{
	char *db = new_db(root, name);
	import_ok(db, SMALL_FILE);
	user_add(db, "reader", READER, NULL);
	user_add(db, "coordinator", COORD, "--org", "testby", NULL);
	return db;
}

/* POSTs fields with si's CSRF token to the page and checks the status. */
static struct http_response *
change(struct server *s, const struct signin *si, const char *fields, int status)
{
	struct http_response *r = post_as(s->port, si, PAGE, form_with_csrf(si, fields));
	if (r->status != status)
		fail_msg("POST " PAGE " (%s): status %d, expected %d\n%.3000s", fields,
		    r->status, status, r->body);
	if (status != 303)
		check_page(r, PAGE);
	return r;
}

/* Password changes audited for email. */
static long long
audited(const char *db, const char *email)
{
	return sql_int(db, S("SELECT count(*) FROM audit WHERE action = 'password' AND "
	    "object_type = 'account' AND actor = 'web:%s'", email));
}

static void
changing_it_ends_the_other_sessions(void **state)
{
	(void)state;
	char *db = password_db("change");
	long long id = sql_int(db, "SELECT id FROM account WHERE email = '" READER "'");
	struct server *s = server_start(db);
	struct signin si, other, coord;
	sign_in(s->port, READER, TEST_PASSWORD, &si);
	sign_in(s->port, READER, TEST_PASSWORD, &other);
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);

	/* Every page of the signed-in area links to it. */
	assert_contains(get_as(s->port, &si, "/admin")->body, "href=\"" PAGE "\"");
	assert_contains(get_as(s->port, &coord, "/admin/plans")->body, "href=\"" PAGE "\"");
	struct http_response *r = get_as(s->port, &si, PAGE);
	assert_int_equal(r->status, 200);
	check_page(r, PAGE);
	assert_contains(r->body, "autocomplete=\"current-password\"");
	assert_contains(r->body, "name=\"password2\"");

	r = change(s, &si, "current=" TEST_PASSWORD "&password=" NEWPW "&password2=" NEWPW,
	    303);
	assert_string_equal(header(r, "Location"), PAGE "?done=1");
	/* A new session id, as at sign-in. */
	const char *set = header(r, "Set-Cookie");
	assert_non_null(set);
	assert_int_equal(strncmp(set, "tiltak_session=", 15), 0);
	struct signin now = {0};
	size_t n = strcspn(set + 15, ";");
	assert_int_equal(n, 43);
	snprintf(now.token, sizeof(now.token), "%.*s", (int)n, set + 15);
	snprintf(now.cookie, sizeof(now.cookie), "tiltak_session=%s", now.token);
	assert_string_not_equal(now.token, si.token);
	r = get_as(s->port, &now, PAGE "?done=1");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "Passordet ditt er endret.");
	snprintf(now.csrf, sizeof(now.csrf), "%s", csrf_of(r->body));
	assert_string_not_equal(now.csrf, si.csrf);
	/* The old token and the account's other session have ended; the
	 * other account's goes on. */
	assert_int_equal(get_as(s->port, &si, "/admin")->status, 303);
	assert_int_equal(get_as(s->port, &other, "/admin")->status, 303);
	assert_int_equal(get_as(s->port, &coord, "/admin")->status, 200);
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM session WHERE account_id = "
	    "%lld", id)), 1);
	/* The old password no longer works; the new one does. */
	assert_int_equal(login_post(s->port, READER, TEST_PASSWORD, NULL, NULL)->status,
	    403);
	struct signin again;
	sign_in(s->port, READER, NEWPW, &again);
	/* The session it goes on in is a whole one: it signs out with its
	 * own CSRF token. */
	r = post_as(s->port, &now, "/admin/logout", form_with_csrf(&now, NULL));
	assert_int_equal(r->status, 303);
	assert_int_equal(get_as(s->port, &again, "/admin")->status, 200);

	/* Audited as the user, without the password or its hash. */
	assert_int_equal(audited(db, READER), 1);
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM audit WHERE object_id = "
	    "'%lld' AND action = 'password'", id)), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE after_json LIKE"
	    " '%argon2%' OR before_json LIKE '%argon2%' OR after_json LIKE '%brand new%'"),
	    0);
	server_stop(s);
	assert_not_contains(s->log, "brand new");
}

static void
every_role_may(void **state)
{
	(void)state;
	char *db = password_db("roles");
	user_add(db, "reporter", "rapportor@testby.no", "--unit", "testby-barnevern", NULL);
	user_add(db, "admin", "admin@testby.no", NULL);
	struct server *s = server_start(db);
	static const char *const who[] = {READER, "rapportor@testby.no", COORD,
	    "admin@testby.no"};
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		struct signin si;
		sign_in(s->port, who[i], TEST_PASSWORD, &si);
		change(s, &si, "current=" TEST_PASSWORD "&password=" NEWPW "&password2=" NEWPW,
		    303);
		assert_int_equal(audited(db, who[i]), 1);
		sign_in(s->port, who[i], NEWPW, &si);
	}
	server_stop(s);
}

static void
a_wrong_current_password_is_a_failed_sign_in(void **state)
{
	(void)state;
	char *db = password_db("wrong");
	struct server *s = server_start(db);
	struct signin si, other;
	sign_in(s->port, READER, TEST_PASSWORD, &si);
	sign_in(s->port, READER, TEST_PASSWORD, &other);
	struct http_response *r = change(s, &si, "current=not+my+password&password=" NEWPW
	    "&password2=" NEWPW, 403);
	assert_field_error(r->body, "current",
	    "Dette er ikke det nåværende passordet ditt.");
	/* No password is shown again. */
	assert_not_contains(r->body, "not my password");
	assert_not_contains(r->body, "brand new");
	/* Counted as a failed sign-in of the account (and the address). */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM login_throttle WHERE key LIKE "
	    "'e:%' AND failures = 1"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM login_throttle WHERE key LIKE "
	    "'a:%' AND failures = 1"), 1);
	/* Nothing changed, and nobody was signed out. */
	assert_int_equal(audited(db, READER), 0);
	assert_int_equal(get_as(s->port, &other, "/admin")->status, 200);
	assert_int_equal(get_as(s->port, &si, "/admin")->status, 200);

	/* The same key as a sign-in's: once it is locked, signing in and
	 * the form are both held, even with the right password. */
	sql_exec(db, S("UPDATE login_throttle SET failures = 10, updated_at = %lld "
	    "WHERE key LIKE 'e:%%'", (long long)time(NULL)));
	assert_int_equal(login_post(s->port, READER, TEST_PASSWORD, NULL, NULL)->status,
	    429);
	r = change(s, &si, "current=" TEST_PASSWORD "&password=" NEWPW "&password2=" NEWPW,
	    429);
	assert_field_error(r->body, "current", "for mange mislykkede");
	const char *ra = header(r, "Retry-After");
	assert_non_null(ra);
	assert_in_range(atol(ra), 800, 900);
	assert_int_equal(audited(db, READER), 0);
	/* When the lock has passed, the right password changes it, and the
	 * count starts again. */
	sql_exec(db, S("UPDATE login_throttle SET updated_at = %lld WHERE key LIKE 'e:%%'",
	    (long long)time(NULL) - 3600));
	change(s, &si, "current=" TEST_PASSWORD "&password=" NEWPW "&password2=" NEWPW, 303);
	assert_int_equal(audited(db, READER), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM login_throttle WHERE key LIKE "
	    "'e:%'"), 0);
	server_stop(s);
}

static void
the_new_password_is_checked(void **state)
{
	(void)state;
	char *db = password_db("rules");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, READER, TEST_PASSWORD, &si);
	/* Typed differently twice. */
	struct http_response *r = change(s, &si, "current=" TEST_PASSWORD "&password=" NEWPW
	    "&password2=a+brand+new+passphrasE", 400);
	assert_field_error(r->body, "password2", "De to passordene er ulike");
	assert_not_contains(r->body, "brand new");
	assert_not_contains(r->body, "correct horse");
	/* Too short, the same rule as the administrator's form. */
	r = change(s, &si, "current=" TEST_PASSWORD "&password=kort&password2=kort", 400);
	assert_field_error(r->body, "password", "minst 10 tegn");
	assert_not_contains(r->body, "value=\"kort\"");
	/* The current password left out. */
	r = change(s, &si, "current=&password=" NEWPW "&password2=" NEWPW, 400);
	assert_field_error(r->body, "current", "Dette feltet må fylles ut.");
	/* A control character. */
	r = change(s, &si, "current=" TEST_PASSWORD "&password=ten+chars%01x&password2="
	    "ten+chars%01x", 400);
	assert_contains(r->body, "id=\"password-error\"");
	/* A form refused for the new password checks no current one: nothing
	 * counted, nothing changed, still signed in with the old password. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM login_throttle"), 0);
	assert_int_equal(audited(db, READER), 0);
	assert_int_equal(get_as(s->port, &si, "/admin")->status, 200);
	assert_int_equal(login_post(s->port, READER, TEST_PASSWORD, NULL, NULL)->status,
	    303);
	server_stop(s);
}

static void
the_csrf_token_is_checked(void **state)
{
	(void)state;
	char *db = password_db("csrf");
	struct server *s = server_start(db);
	struct signin si, coord;
	sign_in(s->port, READER, TEST_PASSWORD, &si);
	sign_in(s->port, COORD, TEST_PASSWORD, &coord);
	const char *fields = "current=" TEST_PASSWORD "&password=" NEWPW "&password2=" NEWPW;
	/* None, a made-up one, another session's. */
	struct http_response *r = post_as(s->port, &si, PAGE, fields);
	assert_int_equal(r->status, 403);
	r = post_as(s->port, &si, PAGE, S("csrf=%s&%s", form_escape(
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), fields));
	assert_int_equal(r->status, 403);
	r = post_as(s->port, &si, PAGE, form_with_csrf(&coord, fields));
	assert_int_equal(r->status, 403);
	assert_contains(r->body, "ingenting ble lagret");
	assert_null(http_header(r, "Set-Cookie"));
	/* Without a session, nothing either. */
	r = post_as(s->port, NULL, PAGE, S("csrf=x&%s", fields));
	assert_int_equal(r->status, 403);
	assert_int_equal(get_as(s->port, NULL, PAGE)->status, 303);
	/* Nothing changed: no audit row, both still signed in, the old
	 * password good. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action = "
	    "'password'"), 0);
	assert_int_equal(get_as(s->port, &si, "/admin")->status, 200);
	assert_int_equal(get_as(s->port, &coord, "/admin")->status, 200);
	assert_int_equal(login_post(s->port, READER, TEST_PASSWORD, NULL, NULL)->status,
	    303);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(changing_it_ends_the_other_sessions, teardown),
		cmocka_unit_test_teardown(every_role_may, teardown),
		cmocka_unit_test_teardown(a_wrong_current_password_is_a_failed_sign_in,
		    teardown),
		cmocka_unit_test_teardown(the_new_password_is_checked, teardown),
		cmocka_unit_test_teardown(the_csrf_token_is_checked, teardown),
	};
	return cmocka_run_group_tests_name("password", tests, group_setup, group_teardown);
}
