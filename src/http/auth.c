/* auth.c — passwords, sessions, CSRF tokens, the sign-in throttle
 * (auth.h says what each promises). */
#include "http/auth.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"

/* Argon2id's cost (auth.h: the test build's is the minimum). */
#ifdef TILTAK_TEST_BUILD
#define AUTH_PWHASH_OPS  crypto_pwhash_OPSLIMIT_MIN
#define AUTH_PWHASH_MEM  crypto_pwhash_MEMLIMIT_MIN
#else
#define AUTH_PWHASH_OPS  crypto_pwhash_OPSLIMIT_INTERACTIVE
#define AUTH_PWHASH_MEM  crypto_pwhash_MEMLIMIT_INTERACTIVE
#endif

/* ---- the cap on concurrent hashes ---- */

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  hash_free = PTHREAD_COND_INITIALIZER;
static int             hashing;

/* Waits for a turn; false if none came within AUTH_HASH_WAIT_MS. */
static bool
hash_begin(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += AUTH_HASH_WAIT_MS / 1000;
	until.tv_nsec += (long)(AUTH_HASH_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&hash_lock);
	int rc = 0;
	while (hashing >= AUTH_HASHES_MAX && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&hash_free, &hash_lock, &until);
	bool ok = hashing < AUTH_HASHES_MAX;
	if (ok)
		hashing++;
	pthread_mutex_unlock(&hash_lock);
	return ok;
}

static void
hash_end(void)
{
	pthread_mutex_lock(&hash_lock);
	hashing--;
	pthread_cond_signal(&hash_free);
	pthread_mutex_unlock(&hash_lock);
}

enum auth_pw
auth_password_hash(const char *pw, size_t n, char out[AUTH_PWHASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= AUTH_PWHASH_MAX, "hash size");
	if (!hash_begin())
		return AUTH_PW_BUSY;
	int rc = crypto_pwhash_str(out, pw, n, AUTH_PWHASH_OPS, AUTH_PWHASH_MEM);
	hash_end();
	return rc == 0 ? AUTH_PW_OK : AUTH_PW_ERROR;
}

/* The hash an unknown account is checked against: of a random password,
 * made once, with the same limits as every other. */
static char dummy_hash[AUTH_PWHASH_MAX];
static bool dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_make(void)
{
	char pw[AUTH_TOKEN_CHARS + 1];
	auth_token_new(pw);
	dummy_ok = crypto_pwhash_str(dummy_hash, pw, strlen(pw),
	    AUTH_PWHASH_OPS, AUTH_PWHASH_MEM) == 0;
}

enum auth_pw
auth_password_verify(const char *hash, const char *pw, size_t n)
{
	if (!hash_begin())
		return AUTH_PW_BUSY;
	enum auth_pw r;
	if (hash == NULL) {
		pthread_once(&dummy_once, dummy_make);
		/* The dummy's password is random: this never matches. */
		r = dummy_ok && crypto_pwhash_str_verify(dummy_hash, pw, n) == 0 ?
		    AUTH_PW_ERROR : AUTH_PW_WRONG;
	} else {
		r = crypto_pwhash_str_verify(hash, pw, n) == 0 ? AUTH_PW_OK : AUTH_PW_WRONG;
	}
	hash_end();
	return r;
}

/* ---- tokens ---- */

void
auth_token_new(char out[AUTH_TOKEN_CHARS + 1])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(out, AUTH_TOKEN_CHARS + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_token_hash(const char *token, char out[AUTH_HASH_HEX + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token),
	    NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_HEX + 1, h, sizeof(h));
}

/* True if s is a token as auth_token_new makes them. */
static bool
token_shaped(const char *s)
{
	if (s == NULL || strlen(s) != AUTH_TOKEN_CHARS)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* ---- secrets ---- */

/* A secret shared by every instance through the database, as 32 bytes.
 * It never changes once made, so each process keeps it after the first
 * read. */
struct secret {
	const char      *name;
	pthread_mutex_t  lock;
	bool             loaded;
	unsigned char    key[32];
};

static struct secret login_secret = {"login-form", PTHREAD_MUTEX_INITIALIZER, false, {0}};
static struct secret throttle_secret = {"throttle", PTHREAD_MUTEX_INITIALIZER, false, {0}};

static bool
secret_get(struct db *db, struct secret *s, unsigned char key[32])
{
	pthread_mutex_lock(&s->lock);
	bool ok = s->loaded;
	if (!ok) {
		unsigned char b[32];
		char candidate[65], value[65];
		randombytes_buf(b, sizeof(b));
		sodium_bin2hex(candidate, sizeof(candidate), b, sizeof(b));
		size_t got = 0;
		ok = db_secret(db, s->name, candidate, value, sizeof(value)) == DB_OK &&
		    sodium_hex2bin(s->key, sizeof(s->key), value, strlen(value), NULL,
		    &got, NULL) == 0 && got == sizeof(s->key);
		s->loaded = ok;
	}
	if (ok)
		memcpy(key, s->key, 32);
	pthread_mutex_unlock(&s->lock);
	return ok;
}

/* ---- sessions ---- */

enum db_status
auth_session_find(struct db *db, const char *cookie, time_t now,
    struct session *out)
{
	memset(out, 0, sizeof(*out));
	if (!token_shaped(cookie))
		return DB_NOT_FOUND;
	char hash[AUTH_HASH_HEX + 1];
	auth_token_hash(cookie, hash);
	struct session_row row;
	enum db_status st = db_session_get(db, hash, &row);
	if (st != DB_OK)
		return st;
	if (row.disabled || row.role == ROLE_NONE || now - row.seen_at >= SESSION_IDLE_S
	    || now - row.created_at >= SESSION_MAX_S || now < row.created_at) {
		if (db_session_end(db, hash) != DB_OK)
			return DB_ERROR;
		return DB_NOT_FOUND;
	}
	if (now - row.seen_at >= SESSION_TOUCH_S &&
	    db_session_touch(db, hash, (int64_t)now) != DB_OK)
		return DB_ERROR;
	out->account_id = row.account_id;
	out->role = row.role;
	snprintf(out->email, sizeof(out->email), "%s", row.email);
	if (strlen(row.csrf) != AUTH_TOKEN_CHARS)
		return DB_NOT_FOUND;
	memcpy(out->csrf, row.csrf, AUTH_TOKEN_CHARS + 1);
	memcpy(out->token_hash, hash, sizeof(hash));
	return DB_OK;
}

bool
auth_logout(struct db *db, const struct session *s)
{
	return db_session_end(db, s->token_hash) == DB_OK;
}

bool
auth_csrf_ok(const struct session *s, const char *token)
{
	size_t n = strlen(s->csrf);
	return token != NULL && n == AUTH_TOKEN_CHARS && strlen(token) == n &&
	    sodium_memcmp(s->csrf, token, n) == 0;
}

/* ---- the login form's token: "T.MAC", MAC = HMAC-SHA-256(key, T) ---- */

static bool
form_mac(struct db *db, long long t, char hex[65])
{
	unsigned char key[32], mac[crypto_auth_hmacsha256_BYTES];
	if (!secret_get(db, &login_secret, key))
		return false;
	char msg[32];
	int n = snprintf(msg, sizeof(msg), "%lld", t);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_bin2hex(hex, 65, mac, sizeof(mac));
	sodium_memzero(key, sizeof(key));
	return true;
}

bool
auth_form_token(struct db *db, time_t now, char *out, size_t outsz)
{
	char hex[65];
	if (!form_mac(db, (long long)now, hex))
		return false;
	return (size_t)snprintf(out, outsz, "%lld.%s", (long long)now, hex) < outsz;
}

bool
auth_form_token_ok(struct db *db, const char *token, time_t now)
{
	if (token == NULL)
		return false;
	const char *dot = strchr(token, '.');
	if (dot == NULL || dot == token || dot - token > 19 || strlen(dot + 1) != 64)
		return false;
	long long t = 0;
	for (const char *p = token; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return false;
		t = t * 10 + (*p - '0');
	}
	if (t > (long long)now || (long long)now - t > LOGIN_FORM_MAX_S)
		return false;
	char hex[65];
	if (!form_mac(db, t, hex))
		return false;
	return sodium_memcmp(hex, dot + 1, 64) == 0;
}

/* ---- the throttle ---- */

/* The key failures are counted under: kind ('e' for an e-mail address,
 * 'a' for a client address) and a keyed BLAKE2b of what. */
static bool
throttle_key(struct db *db, char kind, const char *what, char out[68])
{
	unsigned char key[32], h[32];
	if (!secret_get(db, &throttle_secret, key))
		return false;
	crypto_generichash(h, sizeof(h), (const unsigned char *)what, strlen(what),
	    key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	out[0] = kind;
	out[1] = ':';
	sodium_bin2hex(out + 2, 65, h, sizeof(h));
	return true;
}

/* Seconds to wait before the next attempt after failures, the last at
 * last: none up to free, then 1 s, 2 s, 4 s… (at most cap), and a lock
 * of THROTTLE_LOCK_S from lock on. */
static long
throttle_wait(int failures, int64_t last, time_t now, int free_, int lock, long cap)
{
	if (failures < free_ || last < (int64_t)now - THROTTLE_WINDOW_S)
		return 0;
	long delay;
	if (failures >= lock) {
		delay = THROTTLE_LOCK_S;
	} else {
		int k = failures - free_;
		delay = k >= 20 ? cap : 1L << k;
		if (delay > cap)
			delay = cap;
	}
	long left = (long)(last + delay - (int64_t)now);
	return left > 0 ? left : 0;
}

/* The keys email's (an address as typed) and client's (NULL: unknown)
 * failures are counted under; *norm gets email in lower case, and
 * *shaped whether it is an address at all. */
static bool
throttle_keys(struct db *db, const char *email, const char *client,
    char norm[ACCOUNT_EMAIL_MAX + 1], bool *shaped, char ekey[68], char akey[68])
{
	char msg[128];
	*shaped = account_email_normal(email, norm, msg, sizeof(msg));
	if (!*shaped)
		snprintf(norm, ACCOUNT_EMAIL_MAX + 1, "%s", email);
	return throttle_key(db, 'e', norm, ekey) &&
	    throttle_key(db, 'a', client ? client : "", akey);
}

/* Whether an attempt may go on now: LOGIN_OK with *ef, the account's
 * failures so far; LOGIN_THROTTLED with *wait, the seconds to wait
 * first; LOGIN_ERROR. */
static enum auth_login
throttle_check(struct db *db, const char *ekey, const char *akey, bool client,
    time_t now, int *ef, long *wait)
{
	int af;
	int64_t elast, alast;
	if (db_throttle_get(db, ekey, ef, &elast) != DB_OK ||
	    db_throttle_get(db, akey, &af, &alast) != DB_OK)
		return LOGIN_ERROR;
	long we = throttle_wait(*ef, elast, now, THROTTLE_ACCOUNT_FREE,
	    THROTTLE_ACCOUNT_LOCK, THROTTLE_LOCK_S);
	long wa = client ? throttle_wait(af, alast, now, THROTTLE_ADDRESS_FREE,
	    THROTTLE_ADDRESS_LOCK, 60) : 0;
	if (we > 0 || wa > 0) {
		*wait = we > wa ? we : wa;
		return LOGIN_THROTTLED;
	}
	return LOGIN_OK;
}

/* Counts a failed attempt for the account and (when known) the client:
 * LOGIN_FAILED, or LOGIN_ERROR. */
static enum auth_login
throttle_fail(struct db *db, const char *ekey, const char *akey, bool client,
    time_t now)
{
	int f;
	if (db_throttle_fail(db, ekey, (int64_t)now, (int64_t)now - THROTTLE_WINDOW_S,
	    &f) != DB_OK)
		return LOGIN_ERROR;
	if (client && db_throttle_fail(db, akey, (int64_t)now,
	    (int64_t)now - THROTTLE_WINDOW_S, &f) != DB_OK)
		return LOGIN_ERROR;
	return LOGIN_FAILED;
}

/* A new session of account a (not stored yet): its token for the
 * cookie, and out with the token's hash and a new CSRF token. */
static void
session_new(const struct account *a, char token[AUTH_TOKEN_CHARS + 1],
    struct session *out)
{
	auth_token_new(token);
	auth_token_hash(token, out->token_hash);
	auth_token_new(out->csrf);
	out->account_id = a->id;
	out->role = a->role;
	snprintf(out->email, sizeof(out->email), "%s", a->email);
}

enum auth_login
auth_login(struct db *db, const char *email, const char *pw, size_t n,
    const char *client, time_t now, char token[AUTH_TOKEN_CHARS + 1],
    struct session *out, long *wait)
{
	*wait = 0;
	token[0] = '\0';
	memset(out, 0, sizeof(*out));
	char norm[ACCOUNT_EMAIL_MAX + 1], ekey[68], akey[68];
	bool shaped;
	int ef;
	if (!throttle_keys(db, email, client, norm, &shaped, ekey, akey))
		return LOGIN_ERROR;
	enum auth_login t = throttle_check(db, ekey, akey, client != NULL, now, &ef, wait);
	if (t != LOGIN_OK)
		return t;

	struct account_list *l = NULL;
	enum db_status st = shaped ? db_account_by_email(db, norm, &l) : DB_NOT_FOUND;
	if (st == DB_ERROR)
		return LOGIN_ERROR;
	const struct account *a = st == DB_OK ? &l->items[0] : NULL;
	enum auth_pw v = auth_password_verify(a ? a->password_hash : NULL, pw, n);
	if (v == AUTH_PW_BUSY) {
		account_list_free(l);
		return LOGIN_BUSY;
	}
	if (v != AUTH_PW_OK || a->disabled || a->role == ROLE_NONE) {
		account_list_free(l);
		return throttle_fail(db, ekey, akey, client != NULL, now);
	}
	if (ef > 0 && db_throttle_clear(db, ekey) != DB_OK) {
		account_list_free(l);
		return LOGIN_ERROR;
	}
	session_new(a, token, out);
	account_list_free(l);
	if (db_session_begin(db, out->account_id, out->token_hash, out->csrf,
	    (int64_t)now, (int64_t)now - SESSION_IDLE_S, (int64_t)now - SESSION_MAX_S)
	    != DB_OK) {
		memset(out, 0, sizeof(*out));
		token[0] = '\0';
		return LOGIN_ERROR;
	}
	return LOGIN_OK;
}

enum auth_login
auth_password_change(struct db *db, const struct session *s, const char *actor,
    const char *current, size_t n, const char *pw, size_t pn, const char *client,
    time_t now, char token[AUTH_TOKEN_CHARS + 1], struct session *out, long *wait)
{
	*wait = 0;
	token[0] = '\0';
	memset(out, 0, sizeof(*out));
	char norm[ACCOUNT_EMAIL_MAX + 1], ekey[68], akey[68];
	bool shaped;
	int ef;
	if (!throttle_keys(db, s->email, client, norm, &shaped, ekey, akey))
		return LOGIN_ERROR;
	enum auth_login t = throttle_check(db, ekey, akey, client != NULL, now, &ef, wait);
	if (t != LOGIN_OK)
		return t;

	/* The session was read with its account a moment ago: an account
	 * gone since is an error, not a wrong password. */
	struct account_list *l = NULL;
	if (db_account_by_id(db, s->account_id, &l) != DB_OK)
		return LOGIN_ERROR;
	const struct account *a = &l->items[0];
	enum auth_pw v = auth_password_verify(a->password_hash, current, n);
	char hash[AUTH_PWHASH_MAX];
	if (v == AUTH_PW_OK)
		v = auth_password_hash(pw, pn, hash);
	else if (v == AUTH_PW_WRONG)
		t = throttle_fail(db, ekey, akey, client != NULL, now);
	if (v != AUTH_PW_OK) {
		account_list_free(l);
		return v == AUTH_PW_BUSY ? LOGIN_BUSY : v == AUTH_PW_WRONG ? t : LOGIN_ERROR;
	}
	session_new(a, token, out);
	account_list_free(l);
	if ((ef > 0 && db_throttle_clear(db, ekey) != DB_OK) ||
	    db_account_set_own_password(db, actor, out->account_id, hash, out->token_hash,
	    out->csrf, (int64_t)now) != DB_OK) {
		memset(out, 0, sizeof(*out));
		token[0] = '\0';
		return LOGIN_ERROR;
	}
	return LOGIN_OK;
}
