/* test_login.c — accounts, signing in and out, sessions, CSRF tokens
 * and the sign-in throttle, through the real server and CLI (issue 7
 * §2). Public pages stay as they were: no cookie, shared cache. */
#include "integration/signin.h"

#define ADMIN    "boss@bodo.kommune.no"
#define REPORTER "leder@bodo.kommune.no"
#define UNIT     "bodo-barneverntjenesten"

/* A database with both plans and two accounts. */
static void
fill_accounts(const char *db)
{
	import_ok(db, BODO_FILE);
	user_add(db, "admin", ADMIN, NULL);
	user_add(db, "reporter", REPORTER, "--unit", UNIT, NULL);
}

static char *
accounts_db(const char *name)
{
	return new_db_filled(root, name, fill_accounts);
}

/* The attribute attr ("Path=/admin") of a Set-Cookie value, compared
 * case-insensitively by name. */
static bool
has_attr(const char *set_cookie, const char *attr)
{
	for (const char *p = strchr(set_cookie, ';'); p; p = strchr(p + 1, ';')) {
		const char *a = p + 1 + strspn(p + 1, " ");
		size_t n = strcspn(a, ";");
		if (n == strlen(attr) && strncasecmp(a, attr, n) == 0)
			return true;
	}
	return false;
}

static void
signing_in_sets_a_narrow_cookie(void **state)
{
	(void)state;
	char *db = accounts_db("cookie");
	struct server *s = server_start(db);
	struct http_response *r = login_post(s->port, "Boss@Bodo.Kommune.no ",
	    TEST_PASSWORD, NULL, NULL);
	if (r->status != 303)
		fail_msg("sign in: status %d\n%.2000s", r->status, r->body);
	assert_string_equal(header(r, "Location"), "/admin");
	const char *set = header(r, "Set-Cookie");
	assert_non_null(set);
	assert_int_equal(strncmp(set, "tiltak_session=", 15), 0);
	size_t n = strcspn(set + 15, ";");
	assert_int_equal(n, 43);   /* 256 bits, base64url without padding */
	assert_true(has_attr(set, "HttpOnly"));
	assert_true(has_attr(set, "SameSite=Strict"));
	assert_true(has_attr(set, "Path=/admin"));
	assert_true(has_attr(set, "Max-Age=43200"));
	assert_false(has_attr(set, "Secure"));
	/* Only the token's hash is stored. */
	char *token = S("%.*s", (int)n, set + 15);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM session"), 1);
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM session WHERE "
	    "token_hash = '%s'", token)), 0);
	/* A second sign-in is a new session with a new token. */
	struct signin a, b;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &a);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &b);
	assert_string_not_equal(a.token, b.token);
	assert_string_not_equal(a.token, token);
	assert_string_not_equal(a.csrf, b.csrf);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM session"), 3);
	server_stop(s);

	/* Behind TLS the cookie is Secure. */
	s = server_start_with(db, (const char *const[]){"--quiet", "--secure-cookies",
	    NULL}, NULL);
	r = login_post(s->port, ADMIN, TEST_PASSWORD, NULL, NULL);
	assert_int_equal(r->status, 303);
	assert_true(has_attr(header(r, "Set-Cookie"), "Secure"));
	server_stop(s);
}

static void
public_pages_stay_cookieless_and_shared(void **state)
{
	(void)state;
	char *db = accounts_db("public");
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &si);
	static const char *const pages[] = {"/", "/plans/" BODO, "/units",
	    "/search?q=vold", "/login", "/static/style.css"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct http_response *r = get_as(s->port, &si, pages[i]);
		assert_int_equal(r->status, 200);
		assert_null(http_header(r, "Set-Cookie"));
		if (strcmp(pages[i], "/login") == 0)
			continue;   /* the form carries a fresh token */
		const char *cc = header(r, "Cache-Control");
		if (cc == NULL || strstr(cc, "private") != NULL)
			fail_msg("%s with a session cookie: Cache-Control %s", pages[i],
			    cc ? cc : "missing");
	}
	/* The signed-in area is private. */
	struct http_response *r = get_as(s->port, &si, "/admin");
	assert_int_equal(r->status, 200);
	assert_contains(header(r, "Cache-Control"), "no-store");
	assert_contains(r->body, ADMIN);
	server_stop(s);
}

static void
the_signed_in_area_needs_a_session(void **state)
{
	(void)state;
	struct server *s = server_start(accounts_db("area"));
	struct http_response *r = get(s->port, "/admin");
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"), "/login?next=%2Fadmin");
	/* A made-up or malformed cookie is no session. */
	struct signin fake = {.cookie = "tiltak_session="
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	assert_int_equal(get_as(s->port, &fake, "/admin")->status, 303);
	snprintf(fake.cookie, sizeof(fake.cookie), "tiltak_session=<script>");
	assert_int_equal(get_as(s->port, &fake, "/admin")->status, 303);
	/* A form sent without a session is refused before its body is read. */
	r = post_as(s->port, NULL, "/admin/logout", "csrf=x");
	assert_int_equal(r->status, 403);
	assert_contains(r->body, "ikke logget inn");
	/* Coming back after signing in. */
	r = login_post(s->port, ADMIN, TEST_PASSWORD, "/admin/anything", NULL);
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"), "/admin/anything");
	/* Never to another site or outside the signed-in area. */
	static const char *const bad[] = {"//evil.example/admin", "https://evil.example",
	    "/administrator", "/plans", "/admin//evil.example", "/admin\\x",
	    "/admin/\x01"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = login_post(s->port, ADMIN, TEST_PASSWORD, bad[i], NULL);
		if (r->status != 303 && r->status != 400)
			fail_msg("next=%s: status %d", bad[i], r->status);
		if (r->status == 303)
			assert_string_equal(header(r, "Location"), "/admin");
	}
	server_stop(s);
}

/* The page without the (changing) login form token. */
static char *
without_token(const char *body)
{
	char *out = S("%s", body);
	char *p = strstr(out, "name=\"csrf\" value=\"");
	if (p != NULL) {
		p += strlen("name=\"csrf\" value=\"");
		char *end = strchr(p, '"');
		memmove(p, end, strlen(end) + 1);
	}
	return out;
}

static void
wrong_password_and_unknown_account_look_alike(void **state)
{
	(void)state;
	struct server *s = server_start(accounts_db("alike"));
	struct http_response *wrong = login_post(s->port, ADMIN, "not the password",
	    NULL, NULL);
	struct http_response *unknown = login_post(s->port, "nobody@bodo.kommune.no",
	    "not the password", NULL, NULL);
	assert_int_equal(wrong->status, 403);
	assert_int_equal(unknown->status, 403);
	assert_null(http_header(wrong, "Set-Cookie"));
	assert_contains(wrong->body, "E-postadressen eller passordet er feil");
	/* The same page but for the address typed back into the field. */
	char *a = without_token(wrong->body), *b = without_token(unknown->body);
	char *at = strstr(a, ADMIN), *bt = strstr(b, "nobody@bodo.kommune.no");
	assert_non_null(at);
	assert_non_null(bt);
	assert_int_equal(at - a, bt - b);
	assert_string_equal(at + strlen(ADMIN), bt + strlen("nobody@bodo.kommune.no"));
	/* What was typed comes back, escaped; the password never does. */
	struct http_response *r = login_post(s->port, "a\"<b>@x.no", "secret-typed",
	    NULL, NULL);
	assert_not_contains(r->body, "secret-typed");
	assert_not_contains(r->body, "\"<b>");
	server_stop(s);
}

static void
signing_out_ends_the_session(void **state)
{
	(void)state;
	char *db = accounts_db("logout");
	struct server *s = server_start(db);
	struct signin a, b;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &a);
	sign_in(s->port, REPORTER, TEST_PASSWORD, &b);
	/* Without the CSRF token, or with another session's, nothing happens. */
	struct http_response *r = post_as(s->port, &a, "/admin/logout", "");
	assert_int_equal(r->status, 403);
	r = post_as(s->port, &a, "/admin/logout", form_with_csrf(&b, NULL));
	assert_int_equal(r->status, 403);
	assert_contains(r->body, "ingenting ble lagret");
	assert_int_equal(get_as(s->port, &a, "/admin")->status, 200);
	/* A form that is not a form. */
	r = req(s->port, "POST", "/admin/logout", S("Cookie: %s\r\nContent-Type: "
	    "text/plain\r\nContent-Length: 0\r\n", a.cookie));
	assert_int_equal(r->status, 415);
	/* With its own token: out, and the cookie is cleared. */
	r = post_as(s->port, &a, "/admin/logout", form_with_csrf(&a, NULL));
	assert_int_equal(r->status, 303);
	assert_string_equal(header(r, "Location"), "/login?done=1");
	const char *set = header(r, "Set-Cookie");
	assert_non_null(set);
	assert_true(has_attr(set, "Max-Age=0"));
	assert_int_equal(get_as(s->port, &a, "/admin")->status, 303);
	/* The old token cannot be replayed, and the other session lives on. */
	r = post_as(s->port, &a, "/admin/logout", form_with_csrf(&a, NULL));
	assert_int_equal(r->status, 403);
	assert_int_equal(get_as(s->port, &b, "/admin")->status, 200);
	assert_contains(get_status(s->port, "/login?done=1", 200)->body, "logget ut");
	server_stop(s);
}

static void
sessions_expire(void **state)
{
	(void)state;
	char *db = accounts_db("expire");
	struct server *s = server_start(db);
	struct signin idle, old, fine;
	sign_in(s->port, ADMIN, TEST_PASSWORD, &idle);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &old);
	sign_in(s->port, ADMIN, TEST_PASSWORD, &fine);
	/* Two hours unused, and twelve hours old though used just now. */
	long long now = (long long)time(NULL);
	char hash[3][65];
	for (int i = 0; i < 3; i++) {
		const struct signin *x = i == 0 ? &idle : i == 1 ? &old : &fine;
		struct cmd *c = run_argv((char *const[]){"sh", "-c", S("printf %%s '%s' | "
		    "b2sum -l 256 | cut -c1-64", x->token), NULL}, NULL);
		assert_exit(c, 0);
		snprintf(hash[i], sizeof(hash[i]), "%.64s", c->out);
	}
	assert_int_equal(sql_int(db, S("SELECT count(*) FROM session WHERE token_hash "
	    "IN ('%s','%s','%s')", hash[0], hash[1], hash[2])), 3);
	sql_exec(db, S("UPDATE session SET seen_at = %lld WHERE token_hash = '%s'",
	    now - 2 * 3600 - 5, hash[0]));
	sql_exec(db, S("UPDATE session SET created_at = %lld WHERE token_hash = '%s'",
	    now - 12 * 3600 - 5, hash[1]));
	assert_int_equal(get_as(s->port, &idle, "/admin")->status, 303);
	assert_int_equal(get_as(s->port, &old, "/admin")->status, 303);
	assert_int_equal(get_as(s->port, &fine, "/admin")->status, 200);
	/* Expired sessions are removed. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM session"), 1);
	/* Disabling the account ends the rest. */
	struct cmd *c = tiltak(db, "user", "disable", ADMIN, NULL);
	assert_exit(c, 0);
	assert_int_equal(get_as(s->port, &fine, "/admin")->status, 303);
	assert_int_equal(login_post(s->port, ADMIN, TEST_PASSWORD, NULL, NULL)->status,
	    403);
	c = tiltak(db, "user", "disable", "--enable", ADMIN, NULL);
	assert_exit(c, 0);
	assert_int_equal(login_post(s->port, ADMIN, TEST_PASSWORD, NULL, NULL)->status,
	    303);
	server_stop(s);
}

static void
the_login_form_needs_its_token(void **state)
{
	(void)state;
	struct server *s = server_start(accounts_db("formtoken"));
	char *body = S("email=%s&password=%s", form_escape(ADMIN),
	    form_escape(TEST_PASSWORD));
	struct http_response *r = post_as(s->port, NULL, "/login", body);
	assert_int_equal(r->status, 403);
	assert_null(http_header(r, "Set-Cookie"));
	r = post_as(s->port, NULL, "/login", S("csrf=1.abc&%s", body));
	assert_int_equal(r->status, 403);
	/* A token signed long ago (the form is good for two hours). */
	r = post_as(s->port, NULL, "/login", S("csrf=1000000000.%064d&%s", 0, body));
	assert_int_equal(r->status, 403);
	/* A field the form does not have, or one sent twice: 400. */
	struct http_response *form = get_status(s->port, "/login", 200);
	char *csrf = form_escape(csrf_of(form->body));
	r = post_as(s->port, NULL, "/login", S("csrf=%s&%s&role=admin", csrf, body));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "role");
	r = post_as(s->port, NULL, "/login", S("csrf=%s&%s&email=x", csrf, body));
	assert_int_equal(r->status, 400);
	/* Empty fields: the form again, with the message. */
	r = post_as(s->port, NULL, "/login", S("csrf=%s&email=&password=", csrf));
	assert_int_equal(r->status, 400);
	assert_contains(r->body, "aria-invalid=\"true\"");
	/* A body over the route's limit. */
	char *big = xmalloc(5001);
	memset(big, 'a', 5000);
	big[5000] = '\0';
	keep(big, free);
	r = post_as(s->port, NULL, "/login", S("csrf=%s&password=%s", csrf, big));
	assert_int_equal(r->status, 413);
	server_stop(s);
}

static void
failed_sign_ins_are_throttled(void **state)
{
	(void)state;
	char *db = accounts_db("throttle");
	struct server *s = server_start_with(db, (const char *const[]){"--quiet",
	    "--client-header", "X-Real-IP", NULL}, NULL);
	/* An account with ten failures in the window is locked: the right
	 * password is refused too, with how long to wait. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(login_post(s->port, REPORTER, "wrong password!", NULL,
		    "X-Real-IP: 10.0.0.1\r\n")->status, 403);
	assert_int_equal(sql_int(db, "SELECT max(failures) FROM login_throttle"), 5);
	sql_exec(db, S("UPDATE login_throttle SET failures = 10, updated_at = %lld "
	    "WHERE failures = 5", (long long)time(NULL)));
	struct http_response *r = login_post(s->port, REPORTER, TEST_PASSWORD, NULL,
	    "X-Real-IP: 10.0.0.2\r\n");
	assert_int_equal(r->status, 429);
	assert_null(http_header(r, "Set-Cookie"));
	const char *ra = header(r, "Retry-After");
	assert_non_null(ra);
	assert_in_range(atol(ra), 800, 900);
	assert_contains(r->body, "for mange mislykkede");
	/* An unknown account is throttled alike. */
	for (int i = 0; i < 5; i++)
		login_post(s->port, "ghost@bodo.kommune.no", "wrong password!", NULL,
		    "X-Real-IP: 10.0.0.3\r\n");
	sql_exec(db, S("UPDATE login_throttle SET failures = 10, updated_at = %lld "
	    "WHERE failures = 5", (long long)time(NULL)));
	assert_int_equal(login_post(s->port, "ghost@bodo.kommune.no", "x", NULL,
	    "X-Real-IP: 10.0.0.4\r\n")->status, 429);
	/* Other accounts sign in. */
	assert_int_equal(login_post(s->port, ADMIN, TEST_PASSWORD, NULL,
	    "X-Real-IP: 10.0.0.5\r\n")->status, 303);
	/* An address with many failures is throttled, whatever the account. */
	sql_exec(db, "DELETE FROM login_throttle");
	for (int i = 0; i < 3; i++)
		login_post(s->port, S("user%d@bodo.kommune.no", i), "wrong password!",
		    NULL, "X-Real-IP: 10.9.9.9\r\n");
	/* (The growing delays are checked with a given clock in test_auth.) */
	sql_exec(db, S("UPDATE login_throttle SET failures = 100, updated_at = %lld "
	    "WHERE failures = 3", (long long)time(NULL)));
	assert_int_equal(login_post(s->port, ADMIN, TEST_PASSWORD, NULL,
	    "X-Real-IP: 10.9.9.9\r\n")->status, 429);
	assert_int_equal(login_post(s->port, ADMIN, TEST_PASSWORD, NULL,
	    "X-Real-IP: 10.9.9.8\r\n")->status, 303);
	/* Neither addresses nor e-mail addresses are stored in the clear. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM login_throttle WHERE "
	    "key LIKE '%10.9%' OR key LIKE '%@%'"), 0);
	server_stop(s);
	assert_not_contains(s->log, "10.9.9.9");
}

static void
the_user_command(void **state)
{
	(void)state;
	char *db = new_db(root, "cli");
	import_ok(db, BODO_FILE);
#define ADD "user", "add", "--role", "reporter", "--unit", UNIT, "ny@bodo.kommune.no"
	struct cmd *c = tiltak_input(db, "short\n", ADD, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "at least 10");
	c = tiltak_input(db, "", ADD, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "no password");
	c = tiltak_input(db, TEST_PASSWORD "\n", "user", "add", "--role",
	    "reporter", "--unit", "no-such-unit", "ny@bodo.kommune.no", NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "no-such-unit");
	c = tiltak_input(db, TEST_PASSWORD "\n", "user", "add", "--role",
	    "reporter", "ny@bodo.kommune.no", NULL);
	assert_exit(c, 2);
	assert_contains(c->err, "--unit");
	c = tiltak_input(db, TEST_PASSWORD "\n", "user", "add", "--role",
	    "boss", "ny@bodo.kommune.no", NULL);
	assert_exit(c, 2);
	c = tiltak_input(db, TEST_PASSWORD "\n", "user", "add", "--role",
	    "coordinator", "--org", "nowhere", "k@bodo.kommune.no", NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "organisation");
	c = tiltak_input(db, TEST_PASSWORD "\n", "user", "add", "--role",
	    "reader", "not-an-address", NULL);
	assert_exit(c, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM account"), 0);

	c = tiltak_input(db, TEST_PASSWORD "\n", ADD, NULL);
	assert_exit(c, 0);
	c = tiltak_input(db, TEST_PASSWORD "\n", ADD, NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "already");
	user_add(db, "coordinator", "K@Bodo.Kommune.no", "--org", "bodo", NULL);
	c = tiltak(db, "user", "list", NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "ny@bodo.kommune.no\treporter\tactive\tunit:" UNIT
	    "\tnever signed in");
	assert_contains(c->out, "k@bodo.kommune.no\tcoordinator\tactive\torg:bodo");
	/* The hash is Argon2id; the password is nowhere. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM account WHERE "
	    "password_hash LIKE '$argon2id$%'"), 2);
	/* The test build hashes at libsodium's minimum cost (auth.c); the
	 * release build, which make run and make bench serve, at its
	 * interactive limits: 64 MiB, two passes. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM account WHERE "
	    "password_hash LIKE '$argon2id$v=19$m=8,t=1,p=1$%'"), 2);
	if (access("build/tiltak", X_OK) != 0)
		fail_msg("build/tiltak (the release binary) is missing; make test builds it");
	c = run_argv_input((char *const[]){"build/tiltak", "user", "add", "--role", "coordinator",
	    "--org", "bodo", "rel@bodo.kommune.no", NULL}, db, "et langt passord her\n");
	assert_exit(c, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM account WHERE email = "
	    "'rel@bodo.kommune.no' AND password_hash LIKE '$argon2id$v=19$m=65536,t=2,p=1$%'"), 1);
	/* Every change is in the audit trail, without the hash. */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE "
	    "after_json LIKE '%ny@bodo.kommune.no%'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE "
	    "after_json LIKE '%argon%' OR before_json LIKE '%argon%'"), 0);

	/* A new password ends the sessions and works. */
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, "ny@bodo.kommune.no", TEST_PASSWORD, &si);
	c = tiltak_input(db, "another long password\n", "user", "passwd",
	    "ny@bodo.kommune.no", NULL);
	assert_exit(c, 0);
	assert_int_equal(get_as(s->port, &si, "/admin")->status, 303);
	sign_in(s->port, "ny@bodo.kommune.no", "another long password", &si);
	c = tiltak(db, "user", "list", NULL);
	assert_not_contains(c->out, "ny@bodo.kommune.no\treporter\tactive\tunit:" UNIT
	    "\tnever signed in");
	c = tiltak(db, "user", "passwd", "nobody@x.no", NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "no account");
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(signing_in_sets_a_narrow_cookie, teardown),
		cmocka_unit_test_teardown(public_pages_stay_cookieless_and_shared, teardown),
		cmocka_unit_test_teardown(the_signed_in_area_needs_a_session, teardown),
		cmocka_unit_test_teardown(wrong_password_and_unknown_account_look_alike,
		    teardown),
		cmocka_unit_test_teardown(signing_out_ends_the_session, teardown),
		cmocka_unit_test_teardown(sessions_expire, teardown),
		cmocka_unit_test_teardown(the_login_form_needs_its_token, teardown),
		cmocka_unit_test_teardown(failed_sign_ins_are_throttled, teardown),
		cmocka_unit_test_teardown(the_user_command, teardown),
	};
	return cmocka_run_group_tests_name("login", tests, group_setup, group_teardown);
}
