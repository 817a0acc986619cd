/* test_auth.c — signing in, sessions and the sign-in throttle
 * (src/http/auth.c) on the store, with the clock given by the test, so
 * that delays and expiry are checked exactly. Runs on SQLite and, by
 * tests/run.sh, on PostgreSQL (common/testdb.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "common/storetest.h"
#include "common/testdb.h"
#include "http/auth.h"
#include "limits.h"
#include "store/db.h"

#define PW "correct horse battery staple"
#define T0 ((time_t)1800000000)

/* A new database with two administrators whose password is PW. */
static int
setup(void **state)
{
	char hash[AUTH_PWHASH_MAX];
	if (auth_password_hash(PW, strlen(PW), hash) != AUTH_PW_OK ||
	    storetest_setup(state, "auth", "a") != 0)
		return -1;
	struct storetest *f = *state;
	storetest_account(f->db, "test", "a@x.no", ROLE_ADMIN, hash, NULL);
	storetest_account(f->db, "test", "b@x.no", ROLE_ADMIN, hash, NULL);
	return 0;
}

static enum auth_login
login(struct storetest *f, const char *email, const char *pw, const char *client,
    time_t now, long *wait)
{
	char token[AUTH_TOKEN_CHARS + 1];
	struct session s;
	return auth_login(f->db, email, pw, strlen(pw), client, now, token, &s, wait);
}

static void
delays_grow_then_lock(void **state)
{
	struct storetest *f = *state;
	long wait;
	time_t t = T0;
	/* THROTTLE_ACCOUNT_FREE failures cost nothing but the hash. */
	for (int i = 0; i < THROTTLE_ACCOUNT_FREE; i++)
		assert_int_equal(login(f, "a@x.no", "wrong", NULL, t, &wait), LOGIN_FAILED);
	/* Then 1 s, 2 s, 4 s… before the next attempt is even checked. */
	long expect = 1;
	for (int i = THROTTLE_ACCOUNT_FREE; i < THROTTLE_ACCOUNT_LOCK; i++) {
		assert_int_equal(login(f, "a@x.no", PW, NULL, t, &wait), LOGIN_THROTTLED);
		assert_int_equal(wait, expect);
		assert_int_equal(login(f, "a@x.no", PW, NULL, t + expect - 1, &wait),
		    LOGIN_THROTTLED);
		t += expect;
		assert_int_equal(login(f, "a@x.no", "wrong", NULL, t, &wait), LOGIN_FAILED);
		expect *= 2;
	}
	/* Locked: even the right password, for THROTTLE_LOCK_S. */
	assert_int_equal(login(f, "a@x.no", PW, NULL, t + 1, &wait), LOGIN_THROTTLED);
	assert_int_equal(wait, THROTTLE_LOCK_S - 1);
	assert_int_equal(login(f, "a@x.no", PW, NULL, t + THROTTLE_LOCK_S - 1, &wait),
	    LOGIN_THROTTLED);
	/* Another account is not affected. */
	assert_int_equal(login(f, "b@x.no", PW, NULL, t, &wait), LOGIN_OK);
	/* After the lock, the right password works and the count is gone. */
	assert_int_equal(login(f, "a@x.no", PW, NULL, t + THROTTLE_LOCK_S, &wait),
	    LOGIN_OK);
	assert_int_equal(login(f, "a@x.no", "wrong", NULL, t + THROTTLE_LOCK_S, &wait),
	    LOGIN_FAILED);
	assert_int_equal(login(f, "a@x.no", PW, NULL, t + THROTTLE_LOCK_S, &wait),
	    LOGIN_OK);
}

static void
unknown_accounts_and_addresses_are_counted_alike(void **state)
{
	struct storetest *f = *state;
	long wait;
	for (int i = 0; i < THROTTLE_ACCOUNT_FREE; i++)
		assert_int_equal(login(f, "ghost@x.no", "wrong", NULL, T0, &wait),
		    LOGIN_FAILED);
	assert_int_equal(login(f, "ghost@x.no", "wrong", NULL, T0, &wait),
	    LOGIN_THROTTLED);
	assert_int_equal(wait, 1);
	/* One address trying many accounts. */
	for (int i = 0; i < THROTTLE_ADDRESS_FREE; i++) {
		char email[32];
		snprintf(email, sizeof(email), "u%d@x.no", i);
		assert_int_equal(login(f, email, "wrong", "192.0.2.7", T0 + 100, &wait),
		    LOGIN_FAILED);
	}
	assert_int_equal(login(f, "b@x.no", PW, "192.0.2.7", T0 + 100, &wait),
	    LOGIN_THROTTLED);
	assert_int_equal(login(f, "b@x.no", PW, "192.0.2.8", T0 + 100, &wait),
	    LOGIN_OK);
	assert_int_equal(login(f, "b@x.no", PW, "192.0.2.7", T0 + 101, &wait),
	    LOGIN_OK);
	/* Failures older than the window are forgotten. */
	assert_int_equal(login(f, "ghost@x.no", "wrong", NULL,
	    T0 + THROTTLE_WINDOW_S + 1, &wait), LOGIN_FAILED);
}

static void
sessions_end_when_idle_old_or_signed_out(void **state)
{
	struct storetest *f = *state;
	char token[AUTH_TOKEN_CHARS + 1], token2[AUTH_TOKEN_CHARS + 1];
	struct session s, found;
	long wait;
	assert_int_equal(auth_login(f->db, "A@X.no ", PW, strlen(PW), NULL, T0, token,
	    &s, &wait), LOGIN_FAILED);   /* the address as typed: a space */
	assert_int_equal(auth_login(f->db, "A@X.no", PW, strlen(PW), NULL, T0, token,
	    &s, &wait), LOGIN_OK);
	assert_int_equal(strlen(token), AUTH_TOKEN_CHARS);
	assert_string_equal(s.email, "a@x.no");
	assert_int_equal(auth_session_find(f->db, token, T0 + 10, &found), DB_OK);
	assert_string_equal(found.csrf, s.csrf);
	assert_true(auth_csrf_ok(&found, s.csrf));
	assert_false(auth_csrf_ok(&found, "x"));
	assert_false(auth_csrf_ok(&found, NULL));
	/* Used within SESSION_IDLE_S it lives on… */
	time_t t = T0;
	for (int i = 0; i < 5; i++) {
		t += SESSION_IDLE_S - 60;
		assert_int_equal(auth_session_find(f->db, token, t, &found), DB_OK);
	}
	/* …until SESSION_MAX_S after it began. */
	assert_int_equal(auth_session_find(f->db, token, T0 + SESSION_MAX_S, &found),
	    DB_NOT_FOUND);
	assert_int_equal(auth_session_find(f->db, token, T0 + 1, &found), DB_NOT_FOUND);
	/* Idle. */
	assert_int_equal(auth_login(f->db, "a@x.no", PW, strlen(PW), NULL, T0, token2,
	    &s, &wait), LOGIN_OK);
	assert_int_equal(auth_session_find(f->db, token2, T0 + SESSION_IDLE_S, &found),
	    DB_NOT_FOUND);
	/* Signed out. */
	assert_int_equal(auth_login(f->db, "a@x.no", PW, strlen(PW), NULL, T0, token,
	    &s, &wait), LOGIN_OK);
	assert_true(auth_logout(f->db, &s));
	assert_int_equal(auth_session_find(f->db, token, T0 + 1, &found), DB_NOT_FOUND);
	/* Malformed cookies are no session, and cost no query. */
	assert_int_equal(auth_session_find(f->db, NULL, T0, &found), DB_NOT_FOUND);
	assert_int_equal(auth_session_find(f->db, "short", T0, &found), DB_NOT_FOUND);
}

static void
login_form_tokens(void **state)
{
	struct storetest *f = *state;
	char tok[AUTH_FORM_TOKEN_MAX];
	assert_true(auth_form_token(f->db, T0, tok, sizeof(tok)));
	assert_true(auth_form_token_ok(f->db, tok, T0));
	assert_true(auth_form_token_ok(f->db, tok, T0 + LOGIN_FORM_MAX_S - 1));
	assert_false(auth_form_token_ok(f->db, tok, T0 + LOGIN_FORM_MAX_S + 1));
	assert_false(auth_form_token_ok(f->db, tok, T0 - 120));   /* from the future */
	tok[strlen(tok) - 1] ^= 1;
	assert_false(auth_form_token_ok(f->db, tok, T0));
	assert_false(auth_form_token_ok(f->db, NULL, T0));
	assert_false(auth_form_token_ok(f->db, "", T0));
	/* A second connection (another instance) accepts the same token. */
	char err[512];
	struct db *other = db_open(f->path, DB_OPEN_EXISTING, err, sizeof(err));
	assert_non_null(other);
	assert_true(auth_form_token(f->db, T0, tok, sizeof(tok)));
	assert_true(auth_form_token_ok(other, tok, T0 + 5));
	db_close(other);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(delays_grow_then_lock, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(unknown_accounts_and_addresses_are_counted_alike,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(sessions_end_when_idle_old_or_signed_out,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(login_form_tokens, setup, storetest_teardown),
	};
	return cmocka_run_group_tests_name(testdb_pg() ? "auth (pgsql)" : "auth (sqlite)",
	    tests, NULL, storetest_group_teardown);
}
