/* signin.h — a signed-in client for integration tests: accounts made
 * with "tiltak user add", signing in through /login as a browser does,
 * and requests that carry the session cookie and send forms. */
#ifndef TILTAK_TEST_SIGNIN_H
#define TILTAK_TEST_SIGNIN_H
#include "integration/harness.h"

/* The password every test account gets. */
#define TEST_PASSWORD "correct horse battery staple"

/* Adds an account with "tiltak user add --role ROLE [args...] EMAIL"
 * (args NULL-terminated, e.g. "--unit", "bodo-barneverntjenesten");
 * fails the test unless it exits 0. */
void user_add(const char *db, const char *role, const char *email, ...)
	__attribute__((sentinel));

struct signin {
	char cookie[128];    /* "tiltak_session=TOKEN" */
	char token[64];      /* TOKEN */
	char csrf[128];      /* the session's CSRF token (from /admin) */
};

/* Signs in through the login form; fails the test unless it succeeds. */
void sign_in(int port, const char *email, const char *password, struct signin *out);
/* Posts the login form: the response (the test owns it until its end). */
struct http_response *login_post(int port, const char *email, const char *password,
    const char *next, const char *extra_headers);

/* The value of the first hidden field "csrf" in an HTML page, or NULL. */
char *csrf_of(const char *html);
/* s percent-encoded for a form body. */
char *form_escape(const char *s);

/* A request with the session's cookie (s NULL: none). */
struct http_response *get_as(int port, const struct signin *s, const char *target);
/* POSTs body (application/x-www-form-urlencoded) with the session's
 * cookie (s NULL: none); body is sent as is, so add "csrf=..." yourself
 * (form_with_csrf). */
struct http_response *post_as(int port, const struct signin *s, const char *target,
    const char *body);
/* "csrf=TOKEN&rest" (rest may be NULL or ""). */
char *form_with_csrf(const struct signin *s, const char *rest);

/* Fails unless the page html has message in the error at field (its
 * element "FIELD-error", after the "Feil:" marker) and the error summary
 * links to the field. */
void assert_field_error(const char *html, const char *field, const char *message);

/* Fails the test (naming what, with the body) unless r answered status. */
void expect(const struct http_response *r, int status, const char *what);
/* What db holds of reports: their rows × 1000 plus their audit rows (a
 * refused form must leave it as it was). */
long long reports(const char *db);

/* The year a plan of the period start–end is reported for today (the
 * report page's default year: report_year_current). */
int plan_year(int start, int end);
/* The year Bodø's plan (2022–2025) is reported for today. */
int bodo_year(void);

#endif
