/* h_public.c — the public pages of issue 8 that hold no data: how to
 * hide a visit and what violence is. Both answer 200 only. */
#include "http/handlers.h"

#include "http/request.h"
#include "views/pages.h"

#define HTML "text/html; charset=utf-8"

void
h_hide_visit(struct request *req, struct reply *r)
{
	(void)req;
	size_t len;
	char *body = page_hide_visit(&len);
	reply_body(r, 200, HTML, body, len, CACHE_PAGE);
}

void
h_about_violence(struct request *req, struct reply *r)
{
	(void)req;
	size_t len;
	char *body = page_about_violence(&len);
	reply_body(r, 200, HTML, body, len, CACHE_PAGE);
}
