/* accounts.c — accounts, sessions, the shared secrets and the sign-in
 * throttle. Changes to accounts are audited (never the password hash);
 * sessions are stored by a hash of their token, so a copy of the
 * database does not let anyone in. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* An account as the audit trail records it: no password hash. */
static char *
account_json(const struct account *a, const char *email, bool disabled)
{
	json_t *units = json_array(), *orgs = json_array();
	for (size_t i = 0; a && i < a->nunits; i++)
		json_array_append_new(units, json_string(a->units[i]));
	for (size_t i = 0; a && i < a->norganisations; i++)
		json_array_append_new(orgs, json_string(a->organisations[i]));
	json_t *o = json_pack("{s:s,s:s,s:b,s:o,s:o}", "email", email,
	    "role", a ? role_name(a->role) : "", "disabled", disabled,
	    "units", units, "organisations", orgs);
	char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	return s;
}

enum db_status
db_account_add(struct db *db, const char *actor, const struct account *a,
    int64_t *id)
{
	*id = 0;
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	enum db_status st = DB_ERROR;
	char at[32];
	store_now(at);
	struct drv_stmt *s = q(db, S_ACCOUNT_INSERT);
	if (s == NULL)
		goto out;
	drv_bind_text(s, 1, a->email);
	drv_bind_text(s, 2, role_name(a->role));
	drv_bind_text(s, 3, a->password_hash);
	drv_bind_text(s, 4, at);
	enum drv_step r = drv_step(s, "account");
	if (r == DRV_ROW)
		*id = drv_col_int(s, 0);
	drv_reset(s);
	if (r != DRV_ROW) {
		if (drv_error(db->drv) == DRV_ERR_CONSTRAINT)
			st = DB_CONFLICT;
		goto out;
	}
	for (size_t i = 0; i < a->nunits; i++) {
		if ((s = q(db, S_ACCOUNT_UNIT_INSERT)) == NULL)
			goto out;
		drv_bind_int(s, 1, *id);
		drv_bind_text(s, 2, a->units[i]);
		if (!q_run(db, s, "account unit"))
			goto out;
	}
	for (size_t i = 0; i < a->norganisations; i++) {
		if ((s = q(db, S_ACCOUNT_ORG_INSERT)) == NULL)
			goto out;
		drv_bind_int(s, 1, *id);
		drv_bind_text(s, 2, a->organisations[i]);
		if (!q_run(db, s, "account organisation")) {
			if (drv_error(db->drv) == DRV_ERR_CONSTRAINT)
				st = DB_NOT_FOUND;
			goto out;
		}
	}
	char idtext[32];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)*id);
	char *after = account_json(a, a->email, false);
	bool ok = audit_write(db, actor, "add", "account", idtext, NULL, after);
	free(after);
	if (ok)
		st = DB_OK;
out:
	if (!end_write(db, st == DB_OK)) {
		*id = 0;
		return st == DB_OK ? DB_ERROR : st;
	}
	return st;
}

/* Reads the accounts st returns, with their units and organisations. */
static enum db_status
accounts_read(struct db *db, struct drv_stmt *st, struct account_list **out)
{
	*out = NULL;
	struct account_list *l = xcalloc(1, sizeof(*l));
	struct arena *a = &l->arena;
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "accounts", &ok)) {
		struct account *ac = VEC_PUSH(a, l->items, l->n, cap);
		memset(ac, 0, sizeof(*ac));
		ac->id = drv_col_int(st, C_AC_ID);
		ac->email = col_text(a, st, C_AC_EMAIL);
		ac->role = role_parse(drv_col_text(st, C_AC_ROLE));
		ac->password_hash = col_text(a, st, C_AC_HASH);
		ac->disabled = drv_col_int(st, C_AC_DISABLED) != 0;
		ac->created_at = col_text(a, st, C_AC_CREATED);
		ac->last_login_at = col_text(a, st, C_AC_LAST_LOGIN);
	}
	for (size_t i = 0; ok && i < l->n; i++) {
		struct account *ac = &l->items[i];
		size_t ucap = 0, ocap = 0;
		struct drv_stmt *u = q(db, S_ACCOUNT_UNITS);
		if (u)
			drv_bind_int(u, 1, ac->id);
		while (q_row(db, u, "account units", &ok))
			*VEC_PUSH(a, ac->units, ac->nunits, ucap) = col_text(a, u, 0);
		if (!ok)
			break;
		struct drv_stmt *o = q(db, S_ACCOUNT_ORGS);
		if (o)
			drv_bind_int(o, 1, ac->id);
		while (q_row(db, o, "account organisations", &ok))
			*VEC_PUSH(a, ac->organisations, ac->norganisations, ocap) =
			    col_text(a, o, 0);
	}
	if (!ok) {
		account_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

/* One account (st bound), in a read transaction. */
static enum db_status
account_one(struct db *db, struct drv_stmt *st, struct account_list **out)
{
	*out = NULL;
	if (st == NULL)
		return DB_ERROR;
	enum db_status s = accounts_read(db, st, out);
	if (s == DB_OK && (*out)->n == 0) {
		account_list_free(*out);
		*out = NULL;
		s = DB_NOT_FOUND;
	}
	return s;
}

/* One account by e-mail address (email) or else by id, in a read
 * transaction of its own. */
static enum db_status
account_lookup(struct db *db, const char *email, int64_t id,
    struct account_list **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct drv_stmt *st = q(db, email ? S_ACCOUNT_BY_EMAIL : S_ACCOUNT_BY_ID);
	if (st && email)
		drv_bind_text(st, 1, email);
	else if (st)
		drv_bind_int(st, 1, id);
	enum db_status s = account_one(db, st, out);
	if (!end_read(db, s != DB_ERROR)) {
		account_list_free(*out);
		*out = NULL;
		return DB_ERROR;
	}
	return s;
}

enum db_status
db_account_by_email(struct db *db, const char *email, struct account_list **out)
{
	return account_lookup(db, email, 0, out);
}

enum db_status
db_account_by_id(struct db *db, int64_t id, struct account_list **out)
{
	return account_lookup(db, NULL, id, out);
}

enum db_status
db_accounts(struct db *db, struct account_list **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct drv_stmt *st = q(db, S_ACCOUNT_LIST);
	enum db_status s = st ? accounts_read(db, st, out) : DB_ERROR;
	if (!end_read(db, s == DB_OK)) {
		account_list_free(*out);
		*out = NULL;
		return DB_ERROR;
	}
	return s;
}

void
account_list_free(struct account_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

/* In a write transaction: DB_OK if an active administrator remains,
 * DB_CONFLICT (with the error set) if none does, DB_ERROR. */
static enum db_status
admin_remains(struct db *db)
{
	struct drv_stmt *s = q(db, S_ADMINS_ACTIVE);
	if (s == NULL)
		return DB_ERROR;
	enum drv_step r = drv_step(s, "administrators");
	int64_t n = r == DRV_ROW ? drv_col_int(s, 0) : 0;
	drv_reset(s);
	if (r != DRV_ROW)
		return DB_ERROR;
	if (n > 0)
		return DB_OK;
	drv_set_error(db->drv, "no active administrator would remain");
	return DB_CONFLICT;
}

/* A session to begin in the same transaction that ends an account's
 * others: the one its user goes on in after changing their own
 * password. */
struct fresh_session {
	const char *token_hash, *csrf;
	int64_t     now;
};

/* Changes one account in a write transaction: runs the statement bind
 * makes (bound to the account with id as $1), ends its sessions, begins
 * fresh (NULL: none), and audits the change with the account before and
 * after as JSON. */
static enum db_status
account_change(struct db *db, const char *actor, int64_t id, const char *action,
    struct drv_stmt *(*bind)(struct db *, int64_t, const void *), const void *arg,
    bool disabled_after, bool keep_admin, const struct fresh_session *fresh)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	enum db_status st = DB_ERROR;
	struct account_list *before = NULL;
	struct drv_stmt *s = q(db, S_ACCOUNT_BY_ID);
	if (s)
		drv_bind_int(s, 1, id);
	st = account_one(db, s, &before);
	if (st != DB_OK)
		goto out;
	st = DB_ERROR;
	if ((s = bind(db, id, arg)) == NULL || !q_run(db, s, action))
		goto out;
	if ((s = q(db, S_SESSIONS_OF_ACCOUNT_DELETE)) == NULL)
		goto out;
	drv_bind_int(s, 1, id);
	if (!q_run(db, s, "sessions"))
		goto out;
	if (fresh != NULL) {
		if ((s = q(db, S_SESSION_INSERT)) == NULL)
			goto out;
		drv_bind_text(s, 1, fresh->token_hash);
		drv_bind_int(s, 2, id);
		drv_bind_text(s, 3, fresh->csrf);
		drv_bind_int(s, 4, fresh->now);
		if (!q_run(db, s, "session"))
			goto out;
	}
	if (keep_admin && (st = admin_remains(db)) != DB_OK)
		goto out;
	st = DB_ERROR;
	const struct account *a = &before->items[0];
	char idtext[32];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	char *b = account_json(a, a->email, a->disabled);
	char *af = account_json(a, a->email, disabled_after);
	bool ok = audit_write(db, actor, action, "account", idtext, b, af);
	free(b);
	free(af);
	if (ok)
		st = DB_OK;
out:
	account_list_free(before);
	if (!end_write(db, st == DB_OK))
		return st == DB_OK ? DB_ERROR : st;
	return st;
}

static struct drv_stmt *
bind_password(struct db *db, int64_t id, const void *hash)
{
	struct drv_stmt *s = q(db, S_ACCOUNT_SET_PASSWORD);
	if (s) {
		drv_bind_int(s, 1, id);
		drv_bind_text(s, 2, hash);
	}
	return s;
}

static struct drv_stmt *
bind_disabled(struct db *db, int64_t id, const void *disabled)
{
	struct drv_stmt *s = q(db, S_ACCOUNT_SET_DISABLED);
	if (s) {
		drv_bind_int(s, 1, id);
		drv_bind_int(s, 2, *(const bool *)disabled ? 1 : 0);
	}
	return s;
}

/* A new password hash for account id, beginning fresh (or NULL). */
static enum db_status
set_password(struct db *db, const char *actor, int64_t id, const char *hash,
    const struct fresh_session *fresh)
{
	/* The audit row says the password changed, not what to: before and
	 * after are alike but for the action. Whether it stays disabled is
	 * read inside the transaction. */
	struct account_list *l = NULL;
	enum db_status st = db_account_by_id(db, id, &l);
	if (st != DB_OK)
		return st;
	bool disabled = l->items[0].disabled;
	account_list_free(l);
	return account_change(db, actor, id, "password", bind_password, hash, disabled,
	    false, fresh);
}

enum db_status
db_account_set_password(struct db *db, const char *actor, int64_t id,
    const char *hash)
{
	return set_password(db, actor, id, hash, NULL);
}

enum db_status
db_account_set_own_password(struct db *db, const char *actor, int64_t id,
    const char *hash, const char *token_hash, const char *csrf, int64_t now)
{
	struct fresh_session fresh = {token_hash, csrf, now};
	return set_password(db, actor, id, hash, &fresh);
}

enum db_status
db_account_set_disabled(struct db *db, const char *actor, int64_t id,
    bool disabled)
{
	return account_change(db, actor, id, disabled ? "disable" : "enable",
	    bind_disabled, &disabled, disabled, false, NULL);
}

enum db_status
db_account_set_disabled_keep_admin(struct db *db, const char *actor, int64_t id,
    bool disabled)
{
	return account_change(db, actor, id, disabled ? "disable" : "enable",
	    bind_disabled, &disabled, disabled, true, NULL);
}

static int
cmp_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted copy of v[0..n) without repeats (the list, not the texts, is
 * new; caller frees it). *m gets its length. */
static char **
sorted_set(char *const *v, size_t n, size_t *m)
{
	char **c = xcalloc(n ? n : 1, sizeof(*c));
	if (n)
		memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), cmp_text);
	*m = 0;
	for (size_t i = 0; i < n; i++)
		if (*m == 0 || strcmp(c[*m - 1], c[i]) != 0)
			c[(*m)++] = c[i];
	return c;
}

/* Whether two sorted lists are the same. */
static bool
same_list(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/* Replaces the account's rows of one list: deletes with del, inserts
 * v[0..n) with ins ($1 account, $2 value). */
static bool
replace_list(struct db *db, int64_t id, enum stmt del, enum stmt ins,
    char *const *v, size_t n, const char *what)
{
	struct drv_stmt *s = q(db, del);
	if (s == NULL)
		return false;
	drv_bind_int(s, 1, id);
	if (!q_run(db, s, what))
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((s = q(db, ins)) == NULL)
			return false;
		drv_bind_int(s, 1, id);
		drv_bind_text(s, 2, v[i]);
		if (!q_run(db, s, what))
			return false;
	}
	return true;
}

enum db_status
db_account_update(struct db *db, const char *actor, int64_t id, enum role role,
    char *const *units, size_t nunits, char *const *orgs, size_t norgs,
    bool *changed)
{
	if (changed)
		*changed = false;
	size_t nu, no;
	char **u = sorted_set(units, nunits, &nu), **o = sorted_set(orgs, norgs, &no);
	struct account_list *before = NULL;
	enum db_status st = DB_ERROR;
	if (!drv_begin_write(db->drv))
		goto done;
	struct drv_stmt *s = q(db, S_ACCOUNT_BY_ID);
	if (s)
		drv_bind_int(s, 1, id);
	if ((st = account_one(db, s, &before)) != DB_OK)
		goto out;
	st = DB_ERROR;
	const struct account *b = &before->items[0];
	struct account after = *b;
	after.role = role;
	after.units = u;
	after.nunits = nu;
	after.organisations = o;
	after.norganisations = no;
	if (b->role == role && same_list(b->units, b->nunits, u, nu) &&
	    same_list(b->organisations, b->norganisations, o, no)) {
		st = DB_OK;   /* nothing to write */
		goto out;
	}
	if ((s = q(db, S_ACCOUNT_SET_ROLE)) == NULL)
		goto out;
	drv_bind_int(s, 1, id);
	drv_bind_text(s, 2, role_name(role));
	if (!q_run(db, s, "account role") ||
	    !replace_list(db, id, S_ACCOUNT_UNITS_DELETE, S_ACCOUNT_UNIT_INSERT, u, nu,
	    "account units"))
		goto out;
	if (!replace_list(db, id, S_ACCOUNT_ORGS_DELETE, S_ACCOUNT_ORG_INSERT, o, no,
	    "account organisations")) {
		if (drv_error(db->drv) == DRV_ERR_CONSTRAINT)
			st = DB_NOT_FOUND;
		goto out;
	}
	if ((st = admin_remains(db)) != DB_OK)
		goto out;
	st = DB_ERROR;
	char idtext[32];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	char *bj = account_json(b, b->email, b->disabled);
	char *aj = account_json(&after, b->email, b->disabled);
	bool ok = audit_write(db, actor, "update", "account", idtext, bj, aj);
	free(bj);
	free(aj);
	if (ok) {
		st = DB_OK;
		if (changed)
			*changed = true;
	}
out:
	if (!end_write(db, st == DB_OK)) {
		if (changed)
			*changed = false;
		if (st == DB_OK)
			st = DB_ERROR;
	}
done:
	account_list_free(before);
	free(u);
	free(o);
	return st;
}

/* ---- organisations ---- */

/* {"name": name} as JSON (caller frees). */
static char *
name_json(const char *name)
{
	json_t *j = json_pack("{s:s}", "name", name);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return s;
}

enum db_status
db_organisation_rename(struct db *db, const char *actor, const char *id,
    const char *name)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	enum db_status st = DB_ERROR;
	char *old = NULL;
	struct drv_stmt *s = q(db, S_ORG_GET);
	if (s == NULL)
		goto out;
	drv_bind_text(s, 1, id);
	enum drv_step r = drv_step(s, "organisation");
	if (r == DRV_ROW)
		old = xstrdup(drv_col_text(s, 0));
	drv_reset(s);
	if (r != DRV_ROW) {
		if (r == DRV_DONE)
			st = DB_NOT_FOUND;
		goto out;
	}
	if (strcmp(old, name) == 0) {
		st = DB_OK;
		goto out;
	}
	if ((s = q(db, S_ORG_RENAME)) == NULL)
		goto out;
	drv_bind_text(s, 1, id);
	drv_bind_text(s, 2, name);
	char *b = name_json(old), *a = name_json(name);
	bool ok = q_run(db, s, "organisation") &&
	    audit_write(db, actor, "rename", "organisation", id, b, a) &&
	    bump_generation(db);
	free(b);
	free(a);
	if (ok)
		st = DB_OK;
out:
	free(old);
	if (!end_write(db, st == DB_OK))
		return st == DB_OK ? DB_ERROR : st;
	return st;
}

/* ---- sessions ---- */

enum db_status
db_session_begin(struct db *db, int64_t account_id, const char *token_hash,
    const char *csrf, int64_t now, int64_t idle_before, int64_t created_before)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	bool ok = false;
	char at[32];
	store_now(at);
	struct drv_stmt *s = q(db, S_ACCOUNT_LOGIN_OK);
	if (s == NULL)
		goto out;
	drv_bind_int(s, 1, account_id);
	drv_bind_text(s, 2, at);
	if (!q_run(db, s, "sign-in"))
		goto out;
	if ((s = q(db, S_SESSIONS_EXPIRED_DELETE)) == NULL)
		goto out;
	drv_bind_int(s, 1, account_id);
	drv_bind_int(s, 2, idle_before);
	drv_bind_int(s, 3, created_before);
	if (!q_run(db, s, "expired sessions"))
		goto out;
	if ((s = q(db, S_SESSION_INSERT)) == NULL)
		goto out;
	drv_bind_text(s, 1, token_hash);
	drv_bind_int(s, 2, account_id);
	drv_bind_text(s, 3, csrf);
	drv_bind_int(s, 4, now);
	ok = q_run(db, s, "session");
out:
	return end_write(db, ok) ? DB_OK : DB_ERROR;
}

static void
copy_text(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src ? src : "");
}

enum db_status
db_session_get(struct db *db, const char *token_hash, struct session_row *out)
{
	memset(out, 0, sizeof(*out));
	struct drv_stmt *s = q(db, S_SESSION_GET);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, token_hash);
	enum drv_step r = drv_step(s, "session");
	if (r == DRV_ROW) {
		out->account_id = drv_col_int(s, C_SS_ACCOUNT);
		copy_text(out->csrf, sizeof(out->csrf), drv_col_text(s, C_SS_CSRF));
		out->created_at = drv_col_int(s, C_SS_CREATED);
		out->seen_at = drv_col_int(s, C_SS_SEEN);
		copy_text(out->email, sizeof(out->email), drv_col_text(s, C_SS_EMAIL));
		out->role = role_parse(drv_col_text(s, C_SS_ROLE));
		out->disabled = drv_col_int(s, C_SS_DISABLED) != 0;
	}
	drv_reset(s);
	if (r == DRV_FAIL)
		return DB_ERROR;
	return r == DRV_ROW ? DB_OK : DB_NOT_FOUND;
}

/* Runs a one-statement write with the token hash as $1 (and now as $2
 * when now >= 0): a transaction of its own. */
static enum db_status
session_write(struct db *db, enum stmt which, const char *token_hash,
    int64_t now, const char *what)
{
	struct drv_stmt *s = q(db, which);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, token_hash);
	if (now >= 0)
		drv_bind_int(s, 2, now);
	return q_run(db, s, what) ? DB_OK : DB_ERROR;
}

enum db_status
db_session_touch(struct db *db, const char *token_hash, int64_t now)
{
	return session_write(db, S_SESSION_TOUCH, token_hash, now, "session use");
}

enum db_status
db_session_end(struct db *db, const char *token_hash)
{
	return session_write(db, S_SESSION_DELETE, token_hash, -1, "sign-out");
}

/* ---- secrets ---- */

/* The secret's value into out; DB_NOT_FOUND if there is none. */
static enum db_status
secret_read(struct db *db, const char *name, char *out, size_t outsz)
{
	struct drv_stmt *s = q(db, S_SECRET_GET);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, name);
	enum drv_step r = drv_step(s, "secret");
	bool fits = false;
	if (r == DRV_ROW) {
		const char *v = drv_col_text(s, 0);
		fits = v != NULL && strlen(v) < outsz;
		if (fits)
			memcpy(out, v, strlen(v) + 1);
	}
	drv_reset(s);
	if (r == DRV_ROW && !fits) {
		drv_set_error(db->drv, "secret %s: the stored value is too long", name);
		return DB_ERROR;
	}
	if (r == DRV_FAIL)
		return DB_ERROR;
	return r == DRV_ROW ? DB_OK : DB_NOT_FOUND;
}

enum db_status
db_secret(struct db *db, const char *name, const char *candidate, char *out,
    size_t outsz)
{
	out[0] = '\0';
	enum db_status st = secret_read(db, name, out, outsz);
	if (st != DB_NOT_FOUND)
		return st;
	struct drv_stmt *s = q(db, S_SECRET_INSERT);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, name);
	drv_bind_text(s, 2, candidate);
	if (!q_run(db, s, "secret"))
		return DB_ERROR;
	st = secret_read(db, name, out, outsz);
	return st == DB_NOT_FOUND ? DB_ERROR : st;
}

/* ---- the sign-in throttle ---- */

enum db_status
db_throttle_get(struct db *db, const char *key, int *failures, int64_t *updated_at)
{
	*failures = 0;
	*updated_at = 0;
	struct drv_stmt *s = q(db, S_THROTTLE_GET);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, key);
	enum drv_step r = drv_step(s, "throttle");
	if (r == DRV_ROW) {
		*failures = (int)drv_col_int(s, 0);
		*updated_at = drv_col_int(s, 1);
	}
	drv_reset(s);
	return r == DRV_FAIL ? DB_ERROR : DB_OK;
}

enum db_status
db_throttle_fail(struct db *db, const char *key, int64_t now,
    int64_t forget_before, int *failures)
{
	*failures = 0;
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	bool ok = false;
	struct drv_stmt *s = q(db, S_THROTTLE_PRUNE);
	if (s == NULL)
		goto out;
	drv_bind_int(s, 1, forget_before);
	if (!q_run(db, s, "throttle"))
		goto out;
	if ((s = q(db, S_THROTTLE_FAIL)) == NULL)
		goto out;
	drv_bind_text(s, 1, key);
	drv_bind_int(s, 2, now);
	drv_bind_int(s, 3, forget_before);
	enum drv_step r = drv_step(s, "throttle");
	if (r == DRV_ROW)
		*failures = (int)drv_col_int(s, 0);
	drv_reset(s);
	ok = r == DRV_ROW;
out:
	return end_write(db, ok) ? DB_OK : DB_ERROR;
}

enum db_status
db_throttle_clear(struct db *db, const char *key)
{
	return session_write(db, S_THROTTLE_CLEAR, key, -1, "throttle");
}
