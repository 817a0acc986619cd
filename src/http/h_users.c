/* h_users.c — user administration in the browser (issue 7 §3): the
 * accounts, adding one, changing its role, units and organisations,
 * a new password, disabling and enabling; the organisations' names.
 * And, for every signed-in user, changing their own password (issue 7
 * §2), under the same password rules as the administrator's form.
 * Every change goes through the store's audited functions with the
 * actor "web:" and the administrator's address. The rules a form must
 * meet are those of "tiltak user add": a reporter has units and only a
 * reporter has them; a coordinator has organisations and only a
 * coordinator has them. No change may leave the installation without an
 * active administrator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/auth.h"
#include "http/cache.h"
#include "http/form.h"
#include "http/handlers.h"

#include "domain/colour.h"
#include "http/request.h"
#include "http/server.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"
#include "views/pages.h"

void
handler_actor(const struct request *req, char out[ACTOR_MAX])
{
	snprintf(out, ACTOR_MAX, "web:%s", req->session->email);
}

static bool unit_known(const struct unit_list *, const char *id);

/* What the account forms need to show: the units and organisations to
 * choose from. */
struct choices {
	struct unit_list         *units;
	struct organisation_list *orgs;
};

static enum db_status
choices_read(struct db *db, struct choices *c)
{
	c->units = NULL;
	c->orgs = NULL;
	enum db_status st = db_unit_list(db, &c->units);
	if (st == DB_OK)
		st = db_organisations(db, &c->orgs);
	return st;
}

/* Adds to c's units those of account a that no public plan names (a
 * plan dropped it, or is a draft again), named by their ids: the form
 * shows them checked, and saving keeps them unless they are cleared. */
static void
choices_keep_units(struct choices *c, const struct account *a)
{
	struct unit_list *l = c->units;
	size_t extra = 0;
	for (size_t i = 0; i < a->nunits; i++)
		extra += !unit_known(l, a->units[i]);
	if (extra == 0)
		return;
	struct unit_summary *u = arena_array(&l->arena, l->n + extra, sizeof(*u));
	if (l->n)
		memcpy(u, l->units, l->n * sizeof(*u));
	size_t n = l->n;
	for (size_t i = 0; i < a->nunits; i++)
		if (!unit_known(l, a->units[i])) {
			u[n].id = arena_strdup(&l->arena, a->units[i]);
			u[n].name = u[n].id;
			u[n].kind = UNIT_INTERNAL;
			n++;
		}
	l->units = u;
	l->n = n;
}

static void
choices_free(struct choices *c)
{
	unit_list_free(c->units);
	organisation_list_free(c->orgs);
}

/* The account named by :account, or NULL with 404 or 500 answered. */
static struct account_list *
account_or_reply(struct request *req, struct reply *r)
{
	const char *p = req_param(req, PARAM_ACCOUNT);
	long long id = 0;
	for (const char *c = p; c && *c && id >= 0; c++)
		id = *c >= '0' && *c <= '9' && id < 100000000000LL ? id * 10 + (*c - '0') : -1;
	struct account_list *l = NULL;
	enum db_status st = id > 0 ? db_account_by_id(req->db, id, &l) : DB_NOT_FOUND;
	if (handler_store_failed(req, r, st, N_("There is no account at this address.")))
		return NULL;
	return l;
}

/* ---- reading the forms ---- */

/* Every value sent for the field name (a checkbox), copied into an
 * array freed with values_free; *n gets how many. *error gets the first
 * one's error. */
static char **
values_of(const struct form *f, const char *name, size_t *n, const char **error)
{
	char **v = xcalloc(f->n ? f->n : 1, sizeof(*v));
	*n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, name) != 0 || f->v[i].value[0] == '\0')
			continue;
		if (f->v[i].error && *error == NULL)
			*error = f->v[i].error;
		v[(*n)++] = xstrdup(f->v[i].value);
	}
	return v;
}

static void
values_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* An account form's checkboxes, as sent. */
struct checked {
	char   **units, **orgs;
	size_t   nunits, norgs;
};

static void
checked_free(struct checked *k)
{
	values_free(k->units, k->nunits);
	values_free(k->orgs, k->norgs);
}

static bool
unit_known(const struct unit_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->units[i].id, id) == 0)
			return true;
	return false;
}

static bool
org_known(const struct organisation_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return true;
	return false;
}

/* Messages made for one form (the user_form points into them). */
struct messages {
	char unit[300], org[300], password[200];
};

/* Reads role, units and organisations from the form into fm (pointing
 * into the form, k and m), checks them against each other and the
 * choices, and returns *role. k is the caller's to free (checked_free).
 * Returns false if a field is wrong (its message in fm). */
static bool
role_form(const struct form *f, const struct choices *c, struct user_form *fm,
    enum role *role, struct checked *k, struct messages *m)
{
	fm->role = form_get(f, "role");
	fm->role_error = form_error(f, "role");
	k->units = values_of(f, "unit", &k->nunits, &fm->units_error);
	k->orgs = values_of(f, "org", &k->norgs, &fm->orgs_error);
	fm->units = (const char *const *)k->units;
	fm->nunits = k->nunits;
	fm->orgs = (const char *const *)k->orgs;
	fm->norgs = k->norgs;
	*role = fm->role ? role_parse(fm->role) : ROLE_NONE;
	if (fm->role_error == NULL && *role == ROLE_NONE)
		fm->role_error = _("Choose one of the roles.");
	for (size_t i = 0; fm->units_error == NULL && i < fm->nunits; i++)
		if (!unit_known(c->units, fm->units[i])) {
			snprintf(m->unit, sizeof(m->unit), _("There is no unit “%s”."),
			    fm->units[i]);
			fm->units_error = m->unit;
		}
	for (size_t i = 0; fm->orgs_error == NULL && i < fm->norgs; i++)
		if (!org_known(c->orgs, fm->orgs[i])) {
			snprintf(m->org, sizeof(m->org), _("There is no organisation “%s”."),
			    fm->orgs[i]);
			fm->orgs_error = m->org;
		}
	if (fm->role_error == NULL && fm->units_error == NULL) {
		if (*role == ROLE_REPORTER && fm->nunits == 0)
			fm->units_error = _("A reporter reports for one or more units: "
			    "choose them.");
		else if (*role != ROLE_REPORTER && fm->nunits > 0)
			fm->units_error = _("Only a reporter reports for units: choose the "
			    "role Reporter, or clear the units.");
	}
	if (fm->role_error == NULL && fm->orgs_error == NULL) {
		if (*role == ROLE_COORDINATOR && fm->norgs == 0)
			fm->orgs_error = _("A coordinator edits the plans of one or more "
			    "organisations: choose them.");
		else if (*role != ROLE_COORDINATOR && fm->norgs > 0)
			fm->orgs_error = _("Only a coordinator has organisations: choose the "
			    "role Coordinator, or clear the organisations.");
	}
	return fm->role_error == NULL && fm->units_error == NULL &&
	    fm->orgs_error == NULL;
}

/* Reads and checks the two password fields; false with messages in fm. */
static bool
password_form(const struct form *f, struct user_form *fm,
    const struct form_value **pw, struct messages *m)
{
	*pw = form_entry(f, "password");
	const struct form_value *pw2 = form_entry(f, "password2");
	fm->password_error = form_error(f, "password");
	fm->password2_error = form_error(f, "password2");
	char why[200];
	if (fm->password_error == NULL && *pw &&
	    !account_password_ok((*pw)->value, (*pw)->len, why, sizeof(why))) {
		snprintf(m->password, sizeof(m->password), _("The password must be at "
		    "least %u characters long, without control characters."),
		    ACCOUNT_PASSWORD_MIN);
		fm->password_error = m->password;
	}
	if (fm->password_error == NULL && fm->password2_error == NULL && *pw && pw2 &&
	    ((*pw)->len != pw2->len || memcmp((*pw)->value, pw2->value, pw2->len) != 0))
		fm->password2_error = _("The two passwords differ: type the same password "
		    "twice.");
	return fm->password_error == NULL && fm->password2_error == NULL;
}

/* 503: every turn to hash a password was taken (AUTH_HASHES_MAX). */
static void
busy_reply(struct reply *r)
{
	reply_error(r, 503, N_("Many passwords are being checked right now. Wait "
	    "a few seconds and send the form again."));
	r->retry_after = 5;
}

/* Hashes a password, or answers 503 (busy) or 500 and returns false. */
static bool
hash_or_reply(struct request *req, struct reply *r, const struct form_value *pw,
    char hash[AUTH_PWHASH_MAX])
{
	switch (auth_password_hash(pw->value, pw->len, hash)) {
	case AUTH_PW_OK:
		return true;
	case AUTH_PW_BUSY:
		busy_reply(r);
		return false;
	default:
		handler_store_failed(req, r, DB_ERROR, NULL);
		return false;
	}
}

/* ---- pages ---- */

void
h_users(struct request *req, struct reply *r)
{
	struct account_list *l = NULL;
	struct choices c = {0};
	enum db_status st = db_accounts(req->db, &l);
	if (st == DB_OK)
		st = choices_read(req->db, &c);
	if (!handler_store_failed(req, r, st, NULL)) {
		struct admin_user u = admin_user_of(req);
		size_t len;
		char *body = page_users(&u, l, c.units, c.orgs, &len);
		handler_private_page(r, body, len, 200);
	}
	account_list_free(l);
	choices_free(&c);
}

/* The new-account form at status, with what was typed (f, or NULL). */
static void
user_new_form(struct request *req, struct reply *r, const struct choices *c,
    const struct user_form *f, int status)
{
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_user_new(&u, c->units, c->orgs, f, &len);
	handler_private_page(r, body, len, status);
}

void
h_user_new(struct request *req, struct reply *r)
{
	struct choices c;
	if (handler_store_failed(req, r, choices_read(req->db, &c), NULL)) {
		choices_free(&c);
		return;
	}
	if (req->method != HTTP_POST) {
		user_new_form(req, r, &c, NULL, 200);
		choices_free(&c);
		return;
	}
	const struct form *f = req->form;
	struct user_form fm = {0};
	struct messages m;
	struct checked k = {0};
	enum role role;
	const struct form_value *pw;
	char email[ACCOUNT_EMAIL_MAX + 1], why[200];
	fm.email = form_get(f, "email");
	fm.email_error = form_error(f, "email");
	if (fm.email_error == NULL && fm.email &&
	    !account_email_normal(fm.email, email, why, sizeof(why)))
		fm.email_error = _("Write an e-mail address such as name@kommune.no.");
	bool ok = role_form(f, &c, &fm, &role, &k, &m);
	ok = password_form(f, &fm, &pw, &m) && ok && fm.email_error == NULL;
	char hash[AUTH_PWHASH_MAX];
	if (!ok) {
		user_new_form(req, r, &c, &fm, 400);
	} else if (hash_or_reply(req, r, pw, hash)) {
		char actor[ACTOR_MAX];
		handler_actor(req, actor);
		struct account a = {
			.email = email, .role = role, .password_hash = hash,
			.units = k.units, .nunits = k.nunits,
			.organisations = k.orgs, .norganisations = k.norgs,
		};
		int64_t id;
		enum db_status st = db_account_add(req->db, actor, &a, &id);
		if (st == DB_CONFLICT || st == DB_NOT_FOUND) {
			if (st == DB_CONFLICT)
				fm.email_error = _("There is an account with this address "
				    "already.");
			else
				fm.orgs_error = _("An organisation chosen no longer exists.");
			user_new_form(req, r, &c, &fm, 400);
		} else if (!handler_store_failed(req, r, st, NULL)) {
			char *loc = xasprintf("/admin/users/%lld?done=added", (long long)id);
			reply_redirect(r, 303, loc);
			free(loc);
		}
	}
	checked_free(&k);
	choices_free(&c);
}

/* What a "done" confirmation says. */
static const char *
done_message(const char *done)
{
	static const struct {
		const char *key, *msg;
	} msgs[] = {
		{"added", N_("The account was added. Give the person the password by a "
		    "safe way.")},
		{"saved", N_("The role and responsibility were saved.")},
		{"unchanged", N_("Nothing was changed: the form held what the account "
		    "has.")},
		{"password", N_("The password was set, and the account's sessions ended.")},
		{"disabled", N_("The account was disabled, and its sessions ended.")},
		{"enabled", N_("The account was enabled: it can sign in again.")},
	};
	for (size_t i = 0; done && i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (strcmp(done, msgs[i].key) == 0)
			return _(msgs[i].msg);
	return NULL;
}

/* One account's page at status, with a form's input and errors (edit or
 * pw, or neither) or a notice. */
static void
user_page(struct request *req, struct reply *r, const struct account *a,
    const struct choices *c, const struct user_form *edit, const struct user_form *pw,
    const char *kind, const char *notice, int status)
{
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_user(&u, a, c->units, c->orgs, edit, pw, kind, notice, &len);
	handler_private_page(r, body, len, status);
}

static const char last_admin[] = N_("This is the last active administrator: make "
    "another account an administrator first, so that someone can still manage "
    "users and organisations.");

/* The account's page after a change: 303 to it with done, or, when the
 * change ended the administrator's own access, to where they can go. */
static void
after_change(struct reply *r, const struct account *a,
    const char *done, bool own_access_ended, bool own_session_ended)
{
	char *loc;
	if (own_session_ended)
		loc = xasprintf("/login?next=/admin/users/%lld", (long long)a->id);
	else if (own_access_ended)
		loc = xasprintf("/admin");
	else
		loc = xasprintf("/admin/users/%lld?done=%s", (long long)a->id, done);
	reply_redirect(r, 303, loc);
	free(loc);
}

void
h_user(struct request *req, struct reply *r)
{
	struct account_list *l = account_or_reply(req, r);
	if (l == NULL)
		return;
	struct choices c;
	if (handler_store_failed(req, r, choices_read(req->db, &c), NULL))
		goto out;
	const struct account *a = &l->items[0];
	choices_keep_units(&c, a);
	if (req->method != HTTP_POST) {
		const char *done = done_message(req_query(req, "done"));
		user_page(req, r, a, &c, NULL, NULL, "ok", done, 200);
		goto out;
	}
	struct user_form fm = {0};
	struct messages m;
	struct checked k = {0};
	enum role role;
	if (!role_form(req->form, &c, &fm, &role, &k, &m)) {
		user_page(req, r, a, &c, &fm, NULL, NULL, NULL, 400);
	} else {
		char actor[ACTOR_MAX];
		handler_actor(req, actor);
		bool changed = false;
		enum db_status st = db_account_update(req->db, actor, a->id, role,
		    k.units, k.nunits, k.orgs, k.norgs, &changed);
		if (st == DB_CONFLICT) {
			fm.role_error = _(last_admin);
			user_page(req, r, a, &c, &fm, NULL, NULL, NULL, 409);
		} else if (st == DB_NOT_FOUND) {
			fm.orgs_error = _("An organisation chosen no longer exists.");
			user_page(req, r, a, &c, &fm, NULL, NULL, NULL, 400);
		} else if (!handler_store_failed(req, r, st, NULL)) {
			bool self = a->id == req->session->account_id;
			after_change(r, a, changed ? "saved" : "unchanged",
			    self && role < ROLE_ADMIN, false);
		}
	}
	checked_free(&k);
out:
	choices_free(&c);
	account_list_free(l);
}

void
h_user_password(struct request *req, struct reply *r)
{
	struct account_list *l = account_or_reply(req, r);
	if (l == NULL)
		return;
	const struct account *a = &l->items[0];
	struct user_form fm = {0};
	struct messages m;
	const struct form_value *pw;
	char hash[AUTH_PWHASH_MAX];
	if (!password_form(req->form, &fm, &pw, &m)) {
		struct choices c;
		if (!handler_store_failed(req, r, choices_read(req->db, &c), NULL)) {
			choices_keep_units(&c, a);
			user_page(req, r, a, &c, NULL, &fm, NULL, NULL, 400);
		}
		choices_free(&c);
	} else if (hash_or_reply(req, r, pw, hash)) {
		char actor[ACTOR_MAX];
		handler_actor(req, actor);
		enum db_status st = db_account_set_password(req->db, actor, a->id, hash);
		if (!handler_store_failed(req, r, st, N_("There is no account at this "
		    "address.")))
			after_change(r, a, "password", false,
			    a->id == req->session->account_id);
	}
	account_list_free(l);
}

/* Disables or enables the account :account. */
static void
set_disabled(struct request *req, struct reply *r, bool disabled)
{
	struct account_list *l = account_or_reply(req, r);
	if (l == NULL)
		return;
	const struct account *a = &l->items[0];
	char actor[ACTOR_MAX];
	handler_actor(req, actor);
	enum db_status st = db_account_set_disabled_keep_admin(req->db, actor, a->id,
	    disabled);
	if (st == DB_CONFLICT) {
		struct choices c;
		if (!handler_store_failed(req, r, choices_read(req->db, &c), NULL)) {
			choices_keep_units(&c, a);
			user_page(req, r, a, &c, NULL, NULL, "error", _(last_admin), 409);
		}
		choices_free(&c);
	} else if (!handler_store_failed(req, r, st, N_("There is no account at this "
	    "address."))) {
		bool self = a->id == req->session->account_id;
		after_change(r, a, disabled ? "disabled" : "enabled", false,
		    self && disabled);
	}
	account_list_free(l);
}

void
h_user_disable(struct request *req, struct reply *r)
{
	set_disabled(req, r, true);
}

void
h_user_enable(struct request *req, struct reply *r)
{
	set_disabled(req, r, false);
}

/* ---- one's own password ---- */

/* The own-password page at status: what was refused in f (NULL: none),
 * or that the password was just changed (done). */
static void
own_password_page(struct request *req, struct reply *r, const struct user_form *f,
    bool done, int status)
{
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_own_password(&u, f, done, &len);
	handler_private_page(r, body, len, status);
}

void
h_password(struct request *req, struct reply *r)
{
	if (req->method != HTTP_POST) {
		own_password_page(req, r, NULL, req_query(req, "done") != NULL, 200);
		return;
	}
	const struct form *f = req->form;
	struct user_form fm = {0};
	struct messages m;
	const struct form_value *pw, *current = form_entry(f, "current");
	fm.current_error = form_error(f, "current");
	/* The new password's rules first: a form refused for them costs no
	 * hash and counts no failure. */
	if (!password_form(f, &fm, &pw, &m) || fm.current_error != NULL) {
		own_password_page(req, r, &fm, false, 400);
		return;
	}
	char client[128], actor[ACTOR_MAX], token[AUTH_TOKEN_CHARS + 1], wait_msg[256];
	server_client_address(req, client, sizeof(client));
	handler_actor(req, actor);
	struct session s;
	long wait = 0;
	switch (auth_password_change(req->db, req->session, actor, current->value,
	    current->len, pw->value, pw->len, client[0] ? client : NULL, time(NULL), token,
	    &s, &wait)) {
	case LOGIN_OK:
		/* The new session's cookie comes with the redirect: the page
		 * after it is already read in the new session. */
		reply_redirect(r, 303, "/admin/password?done=1");
		reply_session_cookie(r, token);
		return;
	case LOGIN_FAILED:
		fm.current_error = _("This is not your current password.");
		own_password_page(req, r, &fm, false, 403);
		return;
	case LOGIN_THROTTLED:
		handler_wait_message(wait, wait_msg, sizeof(wait_msg));
		fm.current_error = wait_msg;
		own_password_page(req, r, &fm, false, 429);
		r->retry_after = (unsigned)(wait > 0 ? wait : 1);
		return;
	case LOGIN_BUSY:
		busy_reply(r);
		return;
	case LOGIN_ERROR:
		break;
	}
	handler_store_failed(req, r, DB_ERROR, NULL);
}

/* ---- organisations ---- */

/* The organisations' page at status; error_id's typed name was refused
 * with error. */
static void
orgs_page_look(struct request *req, struct reply *r, const struct organisation_list *l,
    const char *error_id, const char *typed, const char *error, const char *done,
    const struct org_look_form *look, bool look_done, int status)
{
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_organisations(&u, l, error_id, typed, error, done, look,
	    look_done, &len);
	handler_private_page(r, body, len, status);
}

static void
orgs_page(struct request *req, struct reply *r, const struct organisation_list *l,
    const char *error_id, const char *typed, const char *error, const char *done,
    int status)
{
	orgs_page_look(req, r, l, error_id, typed, error, done, NULL, false, status);
}

/* POST /admin/organisations with logo.ID and accent.ID: how the
 * organisation looks on its public pages (issue 8 §8). The accent colour
 * must be #RRGGBB with at least 4.5:1 against white (domain/colour.h);
 * the logo text one line of at most ORG_LOGO_MAX bytes. 303 when saved;
 * 400 with the form and the message at the field; 404; 500. */
static void
org_look(struct request *req, struct reply *r, const struct organisation_list *l,
    const struct form_value *logo, const struct form_value *accent, const char *id)
{
	struct org_look_form f = {.id = id, .logo = logo ? logo->value : NULL,
	    .accent = accent ? accent->value : NULL};
	char msg[300];
	if (logo && logo->error)
		f.logo_error = logo->error;
	else if (logo && strlen(logo->value) > ORG_LOGO_MAX)
		f.logo_error = _("The logo text is too long: at most 80 characters.");
	if (accent && accent->error) {
		f.accent_error = accent->error;
	} else if (accent && accent->value[0] != '\0') {
		double ratio;
		const char *why = colour_accent_problem(accent->value, &ratio);
		if (why) {
			/* "4.48", with a decimal comma in Norwegian. */
			char num[16];
			snprintf(num, sizeof(num), "%.2f", ratio);
			if (strcmp(i18n_lang(), "en") != 0 && strchr(num, '.'))
				*strchr(num, '.') = ',';
			snprintf(msg, sizeof(msg), _(why), num);
			f.accent_error = msg;
		}
	}
	if (!org_known(l, id)) {
		reply_error(r, 404, N_("There is no such organisation."));
		return;
	}
	if (f.logo_error || f.accent_error) {
		orgs_page_look(req, r, l, NULL, NULL, NULL, NULL, &f, false, 400);
		return;
	}
	/* Without a field, what the organisation has stays. */
	const struct organisation *o = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].id, id) == 0)
			o = &l->items[i];
	char actor[ACTOR_MAX];
	handler_actor(req, actor);
	enum db_status st = db_organisation_brand(req->db, actor, id,
	    logo ? logo->value : o->logo_text, accent ? accent->value : o->accent);
	if (!handler_store_failed(req, r, st, N_("There is no such organisation."))) {
		/* Its public pages show the look at the next request. */
		cache_generation_changed();
		char *loc = xasprintf("/admin/organisations?done=%s&look=1", id);
		reply_redirect(r, 303, loc);
		free(loc);
	}
}

void
h_organisations(struct request *req, struct reply *r)
{
	struct organisation_list *l = NULL;
	if (handler_store_failed(req, r, db_organisations(req->db, &l), NULL))
		return;
	if (req->method != HTTP_POST) {
		const char *done = req_query(req, "done");
		const char *look = req_query(req, "look");
		orgs_page_look(req, r, l, NULL, NULL, NULL, done && org_known(l, done) ?
		    done : NULL, NULL, look != NULL, 200);
		organisation_list_free(l);
		return;
	}
	/* Two forms per organisation: its name ("name.ID"), and its look
	 * ("logo.ID", "accent.ID"). */
	const struct form_value *v = NULL, *logo = NULL, *accent = NULL;
	size_t n = 0, nlook = 0;
	for (size_t i = 0; i < req->form->n; i++) {
		const struct form_value *f = &req->form->v[i];
		if (strncmp(f->name, "name.", 5) == 0) {
			v = f;
			n++;
		} else if (strncmp(f->name, "logo.", 5) == 0) {
			logo = f;
			nlook++;
		} else if (strncmp(f->name, "accent.", 7) == 0) {
			accent = f;
			nlook++;
		}
	}
	const char *lid = logo ? logo->name + 5 : accent ? accent->name + 7 : NULL;
	if (n == 0 && nlook > 0 && nlook <= 2 && text_is_id(lid) &&
	    (!logo || !accent || strcmp(logo->name + 5, accent->name + 7) == 0) &&
	    (logo == NULL || accent == NULL || nlook == 2)) {
		org_look(req, r, l, logo, accent, lid);
		organisation_list_free(l);
		return;
	}
	const char *id = v ? v->name + 5 : NULL;
	if (n != 1 || nlook != 0 || !text_is_id(id)) {
		reply_error(r, 400, N_("Send one organisation's new name (the field "
		    "name.ID), as the form on the organisations page does."));
	} else if (!org_known(l, id)) {
		reply_error(r, 404, N_("There is no such organisation."));
	} else if (v->error || v->value[0] == '\0') {
		orgs_page(req, r, l, id, v->value, v->error ? v->error :
		    _("Write the organisation's name."), NULL, 400);
	} else {
		char actor[ACTOR_MAX];
		handler_actor(req, actor);
		enum db_status st = db_organisation_rename(req->db, actor, id, v->value);
		if (!handler_store_failed(req, r, st, N_("There is no such organisation."))) {
			cache_generation_changed();
			/* An id is [a-z0-9-]: nothing to escape. */
			char *loc = xasprintf("/admin/organisations?done=%s", id);
			reply_redirect(r, 303, loc);
			free(loc);
		}
	}
	organisation_list_free(l);
}
