/* reply.c — response headers (the one place that sets them, with
 * rendition.c for a page's variants), redirects, error pages. */
#include "http/reply.h"

#include "http/auth.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/xalloc.h"

#include "views/i18n.h"
#include "views/pages.h"

/* Nothing from elsewhere, no inline script or style, no framing. The
 * one script is our own file (static/leave.js: the public pages' "Leave
 * this page" keys), so script-src allows this origin's files only. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"img-src 'self'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

#define HTML "text/html; charset=utf-8"

void
reply_body(struct reply *r, int status, const char *content_type, char *body,
    size_t len, enum reply_cache cache)
{
	if (r->body != body)
		free(r->body);
	r->status = status;
	r->body = body;
	r->static_body = NULL;
	r->len = len;
	r->content_type = content_type;
	r->cache = cache;
}

void
reply_static(struct reply *r, int status, const char *content_type,
    const void *body, size_t len, enum reply_cache cache)
{
	reply_body(r, status, content_type, NULL, len, cache);
	r->static_body = body;
}

void
reply_error(struct reply *r, int status, const char *msgid)
{
	size_t len;
	char *body = page_error(status, msgid ? _(msgid) : NULL, &len);
	reply_body(r, status, HTML, body, len, CACHE_NONE);
}

void
reply_error_arg(struct reply *r, int status, const char *msgid, unsigned long arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), _(msgid), arg);
	size_t len;
	char *body = page_error(status, msg, &len);
	reply_body(r, status, HTML, body, len, CACHE_NONE);
}

/* A Location we may send: a path on this site. "//host" and "/\host"
 * are read by browsers as another host (an open redirect); a control
 * character could end the header and start another (RFC 9110 5.5). */
static bool
local_location(const char *loc)
{
	if (loc == NULL || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\')
		return false;
	size_t n = strlen(loc);
	if (n > HTTP_URL_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)loc[i] <= 0x20 || (unsigned char)loc[i] >= 0x7f)
			return false;
	return true;
}

bool
reply_redirect(struct reply *r, int status, const char *location)
{
	bool status_ok = status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
	free(r->location);
	r->location = NULL;
	if (!status_ok || !local_location(location)) {
		/* Never the location itself: it may hold anything. */
		if (!status_ok)
			fprintf(stderr, "tiltak: refused to redirect with status %d, "
			    "which is not a redirect\n", status);
		else
			fprintf(stderr, "tiltak: refused to redirect to a location that "
			    "is not a path on this site\n");
		reply_error(r, 500, N_("This page could not be shown. The error has "
		    "been logged."));
		return false;
	}
	/* No body: a browser follows at once; the status and Location say
	 * it all to anything else. */
	reply_body(r, status, HTML, NULL, 0, CACHE_NONE);
	r->location = xstrdup(location);
	return true;
}

static bool secure_cookies;

void
reply_secure_cookies(bool secure)
{
	secure_cookies = secure;
}

bool
reply_session_cookie(struct reply *r, const char *token)
{
	r->session_set = false;
	r->session[0] = '\0';
	if (token != NULL) {
		size_t n = strlen(token);
		if (n != AUTH_TOKEN_CHARS || strspn(token, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != n)
			return false;
		memcpy(r->session, token, n + 1);
	}
	r->session_set = true;
	return true;
}

void
reply_headers(struct MHD_Response *resp, const struct reply *r)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    r->content_type ? r->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->retry_after > 0) {
		char v[16];
		snprintf(v, sizeof(v), "%u", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", v);
	}
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    r->cache == CACHE_STATIC ? "public, max-age=86400" :
	    r->cache == CACHE_PAGE ? "no-cache" :
	    r->cache == CACHE_PRIVATE ? "private, no-store" : "no-store");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->session_set) {
		char c[256];
		snprintf(c, sizeof(c), "%s=%s; Path=%s; Max-Age=%d; HttpOnly; "
		    "SameSite=Strict%s", SESSION_COOKIE, r->session, SESSION_PATH,
		    r->session[0] ? SESSION_MAX_S : 0, secure_cookies ? "; Secure" : "");
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, c);
	}
	/* libmicrohttpd closes the connection after a response that says
	 * so (RFC 9112 9.6). */
	if (r->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

struct MHD_Response *
reply_response(struct reply *r)
{
	struct MHD_Response *resp;
	if (r->body) {
		/* Handed over, not copied. */
		resp = MHD_create_response_from_buffer(r->len, r->body,
		    MHD_RESPMEM_MUST_FREE);
		if (resp != NULL)
			r->body = NULL; /* libmicrohttpd frees it */
	} else {
		/* libmicrohttpd takes a non-const pointer but never writes
		 * through it; the union says so without a cast that drops
		 * const. */
		union { const void *c; void *m; } body = {.c = r->static_body};
		resp = MHD_create_response_from_buffer(r->len, body.m,
		    MHD_RESPMEM_PERSISTENT);
	}
	if (resp == NULL) {
		fputs("tiltak: cannot create a response (out of memory)\n", stderr);
		abort();
	}
	reply_headers(resp, r);
	return resp;
}

void
reply_free(struct reply *r)
{
	free(r->body);
	r->body = NULL;
	free(r->location);
	r->location = NULL;
}
