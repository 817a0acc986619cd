/* auth.h — signing in and out, sessions, CSRF tokens and the sign-in
 * throttle.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, its
 * interactive limits: 64 MiB and about a quarter of a second); at most
 * AUTH_HASHES_MAX hashes run at once, and a sign-in that finds no free
 * turn within AUTH_HASH_WAIT_MS is answered "busy", so a burst of sign-ins
 * cannot exhaust memory. The test build alone (make test, compiled with
 * TILTAK_TEST_BUILD) uses libsodium's minimum limits, so that the tests'
 * hundreds of accounts and sign-ins take milliseconds, not minutes; the
 * release build (make run, make bench) cannot (test_login checks that
 * its hashes say m=65536,t=2).
 *
 * A session is a token of 256 random bits in the cookie SESSION_COOKIE,
 * sent only under SESSION_PATH (the signed-in area: public pages never
 * see it), HttpOnly and SameSite=Strict, Secure when the server is told
 * it is behind TLS. The database keeps only the token's BLAKE2b hash. A
 * session ends when unused for SESSION_IDLE_S, SESSION_MAX_S after it
 * began, at sign-out, and when its account's password changes or the
 * account is disabled. Every sign-in makes a new session, and so does a
 * user's change of their own password (the others end).
 *
 * Every form carries a CSRF token: a signed-in user's forms the session's
 * own (random, kept with the session), the login form a token the server
 * signs with a secret kept in the database (so every instance accepts
 * it) and that is good for LOGIN_FORM_MAX_S.
 *
 * Failed sign-ins are counted per account and per client address, each
 * under a keyed hash (the addresses are never stored or logged): after
 * THROTTLE_*_FREE failures each next attempt waits longer, and after
 * THROTTLE_*_LOCK the account or address is locked for THROTTLE_LOCK_S.
 * An unknown address is counted like a known one and costs the same
 * hash, so the answer never tells whether an account exists. */
#ifndef TILTAK_AUTH_H
#define TILTAK_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/account.h"
#include "limits.h"

#include "store/db.h"

#define SESSION_COOKIE "tiltak_session"
#define SESSION_PATH   "/admin"
#define AUTH_TOKEN_CHARS 43        /* 32 bytes in unpadded base64url */
#define AUTH_HASH_HEX    64        /* a token's BLAKE2b-256, in hex */
#define AUTH_PWHASH_MAX  128       /* crypto_pwhash_STRBYTES */

/* The signed-in user of a request. */
struct session {
	int64_t    account_id;
	enum role  role;
	char       email[ACCOUNT_EMAIL_MAX + 1];
	char       csrf[AUTH_TOKEN_CHARS + 1];
	char       token_hash[AUTH_HASH_HEX + 1];
};

/* Hashing passwords. */
enum auth_pw {
	AUTH_PW_OK,      /* hashed; or verified: the password matches */
	AUTH_PW_WRONG,   /* verified: it does not */
	AUTH_PW_BUSY,    /* no turn within AUTH_HASH_WAIT_MS */
	AUTH_PW_ERROR,   /* out of memory, or a malformed stored hash */
};

/* Hashes pw[0..n) into out. */
enum auth_pw auth_password_hash(const char *pw, size_t n, char out[AUTH_PWHASH_MAX]);
/* Checks pw[0..n) against hash; hash NULL checks it against a hash of a
 * random password (an unknown account), at the same cost. */
enum auth_pw auth_password_verify(const char *hash, const char *pw, size_t n);

/* A new random token (256 bits, unpadded base64url). */
void auth_token_new(char out[AUTH_TOKEN_CHARS + 1]);
/* The hash under which a token is stored. */
void auth_token_hash(const char *token, char out[AUTH_HASH_HEX + 1]);

/* The session whose token is cookie (the cookie's value, or NULL) at
 * now: DB_NOT_FOUND when there is none, it has expired (then it is
 * removed) or its account is disabled. Records its use. */
enum db_status auth_session_find(struct db *, const char *cookie, time_t now,
    struct session *out);

/* What a sign-in came to. */
enum auth_login {
	LOGIN_OK,
	LOGIN_FAILED,     /* wrong address or password, or a disabled account */
	LOGIN_THROTTLED,  /* too many failures: *wait seconds to wait */
	LOGIN_BUSY,       /* too many sign-ins at once: try again in a moment */
	LOGIN_ERROR,      /* the database failed (db_errmsg) */
};

/* Signs in email (as typed) with pw[0..n) from client (an address, or
 * NULL if unknown) at now. On LOGIN_OK, token gets the new session's
 * token (for the cookie) and out the session. */
enum auth_login auth_login(struct db *, const char *email, const char *pw,
    size_t n, const char *client, time_t now, char token[AUTH_TOKEN_CHARS + 1],
    struct session *out, long *wait);
/* Ends the session (sign-out). */
bool auth_logout(struct db *, const struct session *);

/* The signed-in user s changes their own password from current[0..n)
 * to pw[0..pn) (already checked by account_password_ok), from client
 * (or NULL) at now. The current password is checked as a sign-in is,
 * under the same throttle: a wrong one counts as a failed sign-in of the
 * account and of client, and a throttled account or client is told to
 * wait. Both hashes take their turn under AUTH_HASHES_MAX. On success
 * the new hash is stored with actor for the audit trail, every session
 * of the account ends, and the user goes on in a new one: token gets its
 * token (for the cookie) and out the session (its new CSRF token too).
 * LOGIN_OK; LOGIN_FAILED (current is wrong); LOGIN_THROTTLED (*wait
 * seconds); LOGIN_BUSY; LOGIN_ERROR. */
enum auth_login auth_password_change(struct db *, const struct session *s,
    const char *actor, const char *current, size_t n, const char *pw, size_t pn,
    const char *client, time_t now, char token[AUTH_TOKEN_CHARS + 1],
    struct session *out, long *wait);

/* The login form's token at now (out: at least AUTH_FORM_TOKEN_MAX
 * bytes), and whether a token sent back is one the server made less than
 * LOGIN_FORM_MAX_S ago. false on a database failure. */
#define AUTH_FORM_TOKEN_MAX 96
bool auth_form_token(struct db *, time_t now, char *out, size_t outsz);
bool auth_form_token_ok(struct db *, const char *token, time_t now);

/* Whether token is the session's CSRF token (compared in constant time). */
bool auth_csrf_ok(const struct session *, const char *token);

#endif
