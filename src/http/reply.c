/* reply.c — response headers; error pages. */
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

void
reply_error_arg(struct reply *r, int status, const char *msgid, unsigned long arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), _(msgid), arg);
	r->status = status;
	r->body = page_error(status, msg, &r->len);
	r->content_type = "text/html; charset=utf-8";
	r->cache = CACHE_NONE;
}

void
reply_headers(struct MHD_Response *resp, const struct reply *r)
{
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
}
