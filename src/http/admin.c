/* admin.c — signing in and out, and the signed-in area's start page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/auth.h"
#include "http/form.h"
#include "http/handlers.h"
#include "http/request.h"
#include "http/server.h"
#include "views/i18n.h"
#include "views/pages.h"

#define HTML "text/html; charset=utf-8"

struct admin_user
admin_user_of(const struct request *req)
{
	const struct session *s = req->session;
	return (struct admin_user){s->email, s->role, s->csrf};
}

bool
handler_store_failed(struct request *req, struct reply *r, enum db_status st,
    const char *not_found)
{
	if (st == DB_OK)
		return false;
	if (st == DB_NOT_FOUND) {
		reply_error(r, 404, not_found ? not_found :
		    N_("There is nothing at this address."));
	} else {
		fprintf(stderr, "tiltak: database: %s\n", db_errmsg(req->db));
		reply_error(r, 500, N_("The page could not be read from the database. "
		    "Please try again in a moment."));
	}
	return true;
}

int
handler_today(char out[16])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
	return tm.tm_year + 1900;
}

void
handler_private_page(struct reply *r, char *body, size_t len, int status)
{
	reply_body(r, status, HTML, body, len, CACHE_PRIVATE);
}

void
handler_wait_message(long wait, char *out, size_t outsz)
{
	long min = (wait + 59) / 60;
	snprintf(out, outsz, P_("There have been too many failed sign-ins. Wait %ld "
	    "minute and try again.", "There have been too many failed sign-ins. Wait "
	    "%ld minutes and try again.", min), min);
}

/* Whether next is a place to go after signing in: a path under
 * SESSION_PATH, with no scheme, host, backslash or control character
 * (so never another site). */
static bool
next_ok(const char *next)
{
	size_t n = strlen(SESSION_PATH);
	if (next == NULL || strncmp(next, SESSION_PATH, n) != 0 ||
	    (next[n] != '\0' && next[n] != '/'))
		return false;
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '\\' || *p == 0x7f)
			return false;
	return strstr(next, "//") == NULL && strlen(next) < 1024;
}

/* The sign-in form at status, with what was typed and why it failed. */
static void
login_form(struct request *req, struct reply *r, int status, const char *email,
    const char *next, const char *error, const char *error_field)
{
	bool signed_out = status == 200 && req_query(req, "done") != NULL;
	char token[AUTH_FORM_TOKEN_MAX];
	if (!auth_form_token(req->db, time(NULL), token, sizeof(token))) {
		handler_store_failed(req, r, DB_ERROR, NULL);
		return;
	}
	size_t len;
	char *body = page_login(token, email, next_ok(next) ? next : NULL, error,
	    error_field, signed_out, &len);
	reply_body(r, status, HTML, body, len, CACHE_NONE);
}

void
h_login(struct request *req, struct reply *r)
{
	if (req->method != HTTP_POST) {
		login_form(req, r, 200, NULL, req_query(req, "next"), NULL, NULL);
		return;
	}
	const struct form *f = req->form;
	const char *email = form_get(f, "email");
	const char *next = form_get(f, "next");
	if (f->errors > 0) {
		const char *field = form_error(f, "email") ? "email" : "password";
		const char *why = form_error(f, field);
		login_form(req, r, 400, email, next, why ? why :
		    _("Fill in your e-mail address and your password."), field);
		return;
	}
	const struct form_value *pw = form_entry(f, "password");
	char client[128];
	server_client_address(req, client, sizeof(client));
	char token[AUTH_TOKEN_CHARS + 1];
	struct session s;
	long wait = 0;
	enum auth_login res = auth_login(req->db, email, pw->value, pw->len,
	    client[0] ? client : NULL, time(NULL), token, &s, &wait);
	switch (res) {
	case LOGIN_OK:
		/* A reporter comes to sign in to report: straight to it. */
		reply_redirect(r, 303, next_ok(next) ? next : s.role == ROLE_REPORTER ?
		    SESSION_PATH "/report" : SESSION_PATH);
		reply_session_cookie(r, token);
		return;
	case LOGIN_FAILED:
		login_form(req, r, 403, email, next, _("The e-mail address or the "
		    "password is wrong."), NULL);
		return;
	case LOGIN_THROTTLED: {
		char msg[256];
		handler_wait_message(wait, msg, sizeof(msg));
		login_form(req, r, 429, email, next, msg, NULL);
		r->retry_after = (unsigned)(wait > 0 ? wait : 1);
		return;
	}
	case LOGIN_BUSY:
		login_form(req, r, 503, email, next, _("Many people are signing in "
		    "right now. Wait a few seconds and try again."), NULL);
		r->retry_after = 5;
		return;
	case LOGIN_ERROR:
		break;
	}
	handler_store_failed(req, r, DB_ERROR, NULL);
}

void
h_logout(struct request *req, struct reply *r)
{
	if (!auth_logout(req->db, req->session)) {
		handler_store_failed(req, r, DB_ERROR, NULL);
		return;
	}
	reply_redirect(r, 303, "/login?done=1");
	reply_session_cookie(r, NULL);
}

void
h_admin(struct request *req, struct reply *r)
{
	struct admin_user u = admin_user_of(req);
	size_t len;
	char *body = page_admin_home(&u, &len);
	handler_private_page(r, body, len, 200);
}
