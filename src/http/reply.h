/* reply.h — what a handler answers, and the one place that gives a
 * response its headers: the security headers every response carries,
 * Content-Type, Cache-Control, Allow, and "Connection: close" when the
 * request must not be followed by another on the same connection. */
#ifndef TILTAK_REPLY_H
#define TILTAK_REPLY_H
#include <stdbool.h>
#include <stddef.h>

struct MHD_Response;

enum reply_cache {
	CACHE_NONE,     /* Cache-Control: no-store (errors) */
	CACHE_PAGE,     /* no-cache: revalidate (ETag); kept in the page cache */
	CACHE_STATIC,   /* public, max-age a day (embedded files) */
};

struct reply {
	int               status;
	char             *body;         /* owned (malloc), handed on or freed */
	const void       *static_body;  /* or borrowed, never freed */
	size_t            len;
	const char       *content_type;
	const char       *allow;        /* the Allow header of a 405 */
	enum reply_cache  cache;
	bool              close;        /* end the connection after this */
};

/* Fills r with an HTML error page for status with a message (an English
 * msgid, translated here). */
void reply_error(struct reply *r, int status, const char *msgid);
/* The same for a msgid with one "%lu" (a limit), filled with arg. */
void reply_error_arg(struct reply *r, int status, const char *msgid,
    unsigned long arg);
/* Adds the headers of r that do not depend on the body: Content-Type,
 * Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
 * Cache-Control, Allow, Connection. */
void reply_headers(struct MHD_Response *resp, const struct reply *r);
/* Builds a plain response (errors, redirects): takes over r->body, which
 * libmicrohttpd frees when the response is done. */
struct MHD_Response *reply_response(struct reply *r);
void reply_free(struct reply *r);

#endif
