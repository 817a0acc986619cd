/* reply.h — what a handler answers, and the one place that turns it into
 * an HTTP response with the security headers every response carries. */
#ifndef TILTAK_REPLY_H
#define TILTAK_REPLY_H
#include <stdbool.h>
#include <stddef.h>

struct MHD_Response;

enum reply_cache {
	CACHE_NONE,     /* Cache-Control: no-store (errors) */
	CACHE_PAGE,     /* no-cache: revalidate; and kept in the page cache */
	CACHE_STATIC,   /* public, max-age a day (embedded files) */
};

struct reply {
	int               status;
	char             *body;         /* owned, freed by reply_free */
	const void       *static_body;  /* or borrowed, never freed */
	size_t            len;
	const char       *content_type;
	const char       *allow;        /* the Allow header of a 405 */
	enum reply_cache  cache;
};

/* Fills r with an HTML error page for status with a message (an English
 * msgid, translated here). */
void reply_error(struct reply *r, int status, const char *msgid);
/* Builds the response: status-independent headers (Content-Type,
 * Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
 * Cache-Control, Allow). The body is copied; r may be freed after. */
struct MHD_Response *reply_response(const struct reply *r);
void reply_free(struct reply *r);

#endif
