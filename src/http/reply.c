/* reply.c — turning replies into responses; error pages. */
#include "http/reply.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>

#include "views/i18n.h"
#include "views/pages.h"

/* No script, no inline style, nothing from elsewhere, no framing. */
#define CSP "default-src 'none'; style-src 'self'; img-src 'self'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

void
reply_error(struct reply *r, int status, const char *msgid)
{
	r->status = status;
	r->body = page_error(status, msgid ? _(msgid) : NULL, &r->len);
	r->content_type = "text/html; charset=utf-8";
	r->cache = CACHE_NONE;
}

struct MHD_Response *
reply_response(const struct reply *r)
{
	/* libmicrohttpd takes a non-const pointer but never writes through
	 * it; the union says so without a cast that drops const. */
	union { const void *c; void *m; } body = {
		.c = r->body ? (const void *)r->body : r->static_body };
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->len,
	    body.m, r->body ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		fputs("tiltak: cannot create a response (out of memory)\n", stderr);
		abort();
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    r->content_type ? r->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    r->cache == CACHE_STATIC ? "public, max-age=86400" :
	    r->cache == CACHE_PAGE ? "no-cache" : "no-store");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	return resp;
}

void
reply_free(struct reply *r)
{
	free(r->body);
	r->body = NULL;
}
