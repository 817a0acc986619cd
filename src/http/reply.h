/* reply.h — what a handler answers, and the one place that gives a
 * response its headers: the security headers every response carries,
 * Content-Type, Cache-Control, Allow, Location, and "Connection: close"
 * when the request must not be followed by another on the same
 * connection. Only reply.c (and rendition.c, for the headers of a page's
 * variants: ETag, Vary, Content-Encoding) adds response headers; only
 * reply.c sets Location (reply_redirect) and the one cookie, the session's
 * (reply_session_cookie: only on answers under the signed-in area's
 * path and /login; public pages never set or read it).
 *
 * A reply owns its body: the handler's rendered page is handed to it
 * (reply_body) and from it, without a copy, to the page cache
 * (rendition_new) or to libmicrohttpd (reply_response). */
#ifndef TILTAK_REPLY_H
#define TILTAK_REPLY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Response;

enum reply_cache {
	CACHE_NONE,     /* Cache-Control: no-store (errors, redirects) */
	CACHE_PAGE,     /* no-cache: revalidate (ETag); kept in the page cache */
	CACHE_STATIC,   /* public, max-age a day (embedded files) */
	CACHE_PRIVATE,  /* private, no-store: a page for one signed-in user,
	                   kept by no cache (set by dispatch, not handlers) */
};

struct reply {
	int               status;
	char             *body;         /* owned (malloc), handed on or freed */
	const void       *static_body;  /* or borrowed, never freed */
	size_t            len;
	const char       *content_type;
	const char       *allow;        /* the Allow header of a 405 */
	char             *location;     /* owned; set by reply_redirect only */
	enum reply_cache  cache;
	bool              close;        /* end the connection after this */
	/* The session cookie to send: a token (set), "" (clear), or
	 * nothing (no cookie header). */
	char              session[48];
	bool              session_set;
	unsigned          retry_after;  /* seconds for Retry-After (429,
	                                   503), or 0: none */
	/* A shared page that shows the time of day (a help service open or
	 * closed now): the Unix time (now_unix, util/now.h) from which the page cache
	 * must render it again; 0: it holds until the data changes. The
	 * ETag is the body's, so a client revalidating after that moment
	 * gets the new page. */
	int64_t           expires;
};

/* Fills r with a body it takes over (malloc'd; freed with r or handed
 * on), of type content_type (a literal), with the caching cache. */
void reply_body(struct reply *r, int status, const char *content_type,
    char *body, size_t len, enum reply_cache cache);
/* The same for a body r borrows (static data, never freed). */
void reply_static(struct reply *r, int status, const char *content_type,
    const void *body, size_t len, enum reply_cache cache);
/* Fills r with a redirect: status 301, 302, 303, 307 or 308 and a
 * Location that is a path on this site ("/plans/x?y=1": it begins with
 * one '/', holds printable ASCII only — encode it with url_path — and is
 * at most HTTP_URL_MAX bytes). Returns true; for any other status or
 * location (a programming error: an open redirect or a header
 * injection) logs why, fills r with a 500 page and returns false. */
bool reply_redirect(struct reply *r, int status, const char *location);

/* Sends the session cookie with r: token (auth_token_new's, which
 * this checks) or NULL to end it in the browser. The cookie is
 * HttpOnly, SameSite=Strict, limited to the signed-in area's path, and
 * Secure when reply_secure_cookies(true) was called. Returns false (and
 * sends none) for a token that is not one. */
bool reply_session_cookie(struct reply *r, const char *token);
/* Whether cookies are marked Secure (the server is reached over TLS). */
void reply_secure_cookies(bool secure);

/* Fills r with an HTML error page for status with a message (an English
 * msgid, translated here). */
void reply_error(struct reply *r, int status, const char *msgid);
/* The same for a msgid with one "%lu" (a limit), filled with arg. */
void reply_error_arg(struct reply *r, int status, const char *msgid,
    unsigned long arg);
/* Adds the headers of r that do not depend on the body: Content-Type,
 * Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
 * Cache-Control, Allow, Location, Connection. */
void reply_headers(struct MHD_Response *resp, const struct reply *r);
/* Builds a plain response (errors, redirects): takes over r->body, which
 * libmicrohttpd frees when the response is done. */
struct MHD_Response *reply_response(struct reply *r);
/* Frees what r owns (its body, its Location); r may be filled again. */
void reply_free(struct reply *r);

#endif
