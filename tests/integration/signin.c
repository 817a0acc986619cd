/* signin.c — the signed-in client of the integration tests. */
#include "integration/signin.h"

void
user_add(const char *db, const char *role, const char *email, ...)
{
	char *argv[32];
	size_t n = 0;
	argv[n++] = S("%s", bin);
	argv[n++] = "user";
	argv[n++] = "add";
	argv[n++] = "--role";
	argv[n++] = S("%s", role);
	va_list ap;
	va_start(ap, email);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL && n < 29;)
		argv[n++] = S("%s", a);
	va_end(ap);
	argv[n++] = S("%s", email);
	argv[n] = NULL;
	struct cmd *c = run_argv_input(argv, db, TEST_PASSWORD "\n");
	assert_exit(c, 0);
}

char *
csrf_of(const char *html)
{
	const char *p = strstr(html, "name=\"csrf\" value=\"");
	if (p == NULL)
		return NULL;
	p += strlen("name=\"csrf\" value=\"");
	size_t n = strcspn(p, "\"");
	return S("%.*s", (int)n, p);
}

char *
form_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = keep(xmalloc(3 * n + 1), free);
	char *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

static char *
cookie_header(const struct signin *s)
{
	return s ? S("Cookie: %s\r\n", s->cookie) : "";
}

struct http_response *
get_as(int port, const struct signin *s, const char *target)
{
	return req(port, "GET", target, cookie_header(s));
}

struct http_response *
post_as(int port, const struct signin *s, const char *target, const char *body)
{
	struct http_conn c;
	if (http_connect(&c, port) != 0)
		fail_msg("POST %s: cannot connect", target);
	char *head = S("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: %zu\r\n%s\r\n", target, strlen(body), cookie_header(s));
	struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
	if (http_send_str(&c, head) != 0 || http_send(&c, body, strlen(body)) != 0 ||
	    http_read_response(&c, r, false) != 0) {
		http_close(&c);
		fail_msg("POST %s: no complete response", target);
	}
	http_close(&c);
	return r;
}

char *
form_with_csrf(const struct signin *s, const char *rest)
{
	return S("csrf=%s%s%s", form_escape(s->csrf), rest && *rest ? "&" : "",
	    rest ? rest : "");
}

struct http_response *
login_post(int port, const char *email, const char *password, const char *next,
    const char *extra_headers)
{
	struct http_response *form = get_status(port, "/login", 200);
	char *csrf = csrf_of(form->body);
	if (csrf == NULL)
		fail_msg("/login has no csrf field:\n%.2000s", form->body);
	char *body = S("csrf=%s&email=%s&password=%s%s%s", form_escape(csrf),
	    form_escape(email), form_escape(password), next ? "&next=" : "",
	    next ? form_escape(next) : "");
	struct http_conn c;
	if (http_connect(&c, port) != 0)
		fail_msg("POST /login: cannot connect");
	char *head = S("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: %zu\r\n%s\r\n", strlen(body), extra_headers ? extra_headers : "");
	struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
	if (http_send_str(&c, head) != 0 || http_send(&c, body, strlen(body)) != 0 ||
	    http_read_response(&c, r, false) != 0) {
		http_close(&c);
		fail_msg("POST /login: no complete response");
	}
	http_close(&c);
	return r;
}

void
sign_in(int port, const char *email, const char *password, struct signin *out)
{
	memset(out, 0, sizeof(*out));
	struct http_response *r = login_post(port, email, password, NULL, NULL);
	if (r->status != 303)
		fail_msg("sign in as %s: status %d\n%.2000s", email, r->status, r->body);
	const char *set = header(r, "Set-Cookie");
	if (set == NULL || strncmp(set, "tiltak_session=", 15) != 0)
		fail_msg("sign in as %s: Set-Cookie is %s", email, set ? set : "missing");
	size_t n = strcspn(set + 15, ";");
	if (n >= sizeof(out->token))
		fail_msg("sign in: a token of %zu bytes", n);
	snprintf(out->token, sizeof(out->token), "%.*s", (int)n, set + 15);
	snprintf(out->cookie, sizeof(out->cookie), "tiltak_session=%s", out->token);
	struct http_response *home = get_as(port, out, "/admin");
	if (home->status != 200)
		fail_msg("/admin after signing in as %s: status %d", email, home->status);
	char *csrf = csrf_of(home->body);
	if (csrf == NULL)
		fail_msg("/admin has no csrf field");
	snprintf(out->csrf, sizeof(out->csrf), "%s", csrf);
}

void
assert_field_error(const char *html, const char *field, const char *message)
{
	const char *e = strstr(html, S("id=\"%s-error\"", field));
	if (e == NULL)
		fail_msg("no error at field %s in:\n%.3000s", field, html);
	const char *end = strstr(e, "</p>");
	if (end == NULL)
		fail_msg("the error at field %s does not end", field);
	assert_contains(S("%.*s", (int)(end - e), e), message);
	assert_contains(html, S("href=\"#%s\"", field));
}

void
expect(const struct http_response *r, int status, const char *what)
{
	if (r->status != status)
		fail_msg("%s: status %d, expected %d\n%.3000s", what, r->status, status, r->body);
}

long long
reports(const char *db)
{
	return sql_int(db, "SELECT count(*) FROM report") * 1000 +
	    sql_int(db, "SELECT count(*) FROM audit WHERE object_type = 'report'");
}

int
plan_year(int start, int end)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int y = tm.tm_year + 1900;
	return y > end ? end : y < start ? start : y;
}

int
bodo_year(void)
{
	return plan_year(2022, 2025);
}
