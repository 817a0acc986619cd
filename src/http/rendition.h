/* rendition.h — a finished page in every form a client may ask for,
 * made once and kept in the page cache: the body as it is and gzipped
 * (when that is smaller), each with a strong ETag, and for each a 200 and
 * a 304 response. Serving a cached page is then a choice and a queue:
 * no compression, hashing or copying per request (the gzip variant is
 * made on the first request that wants it, and remade once at the best
 * level when the page is asked for again: rendition.c).
 *
 * Content negotiation follows RFC 9110: Accept-Encoding (12.5.3) chooses
 * gzip when the client gives it a non-zero weight; If-None-Match (13.1.2,
 * weak comparison) answers 304 when one of its tags is the chosen
 * variant's. Both variants say "Vary: Accept-Encoding". */
#ifndef TILTAK_RENDITION_H
#define TILTAK_RENDITION_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/reply.h"

/* What the request asks for. */
struct negotiation {
	bool        gzip;           /* Accept-Encoding allows gzip */
	const char *if_none_match;  /* the header, or NULL */
};

struct rendition;

/* Builds the rendition of a 200 reply, taking over r->body (r keeps no
 * body afterwards; a static body is borrowed). Never NULL. */
struct rendition *rendition_new(struct reply *r);
/* Drops the rendition's references; responses still being sent live on
 * until libmicrohttpd is done with them. */
void rendition_free(struct rendition *);
/* Queues the variant neg asks for (200, or 304 when If-None-Match
 * matches) on c, making the gzip variant if it is asked for and not made
 * yet. again: the page came from the cache (it is being read more than
 * once), so a fast gzip is remade at the best level. Sets *status and
 * *size (bytes of body sent). Thread-safe. */
enum MHD_Result rendition_queue(struct rendition *, struct MHD_Connection *c,
    const struct negotiation *neg, bool again, int *status, size_t *size);
/* The moment (Unix time) from which the page must not be served from
 * the cache (the reply's expires; 0: none). */
int64_t rendition_expires(const struct rendition *);
/* Bytes of memory the rendition's bodies hold (the cache's budget). */
size_t rendition_bytes(const struct rendition *);

/* Whether an Accept-Encoding value lets us send gzip. NULL: no. */
bool http_accepts_gzip(const char *accept_encoding);
/* Whether an If-None-Match value matches etag (weak comparison: W/ is
 * ignored; "*" matches any). */
bool http_etag_matches(const char *if_none_match, const char *etag);

#endif
