/* h_public.c — the public pages of issue 8 that hold no data: how to
 * hide a visit and what violence is. Both answer 200 only. */
#include "http/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/colour.h"
#include "http/request.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"
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

/* The accent colour was checked when it was set (domain/colour.h); it
 * is read again here as "#RRGGBB" only, so nothing else reaches CSS. It
 * sets the custom property every rule uses (static/style.css), which the
 * header, links and focus rings then take. */
void
h_org_style(struct request *req, struct reply *r)
{
	const char *file = req_param(req, PARAM_FILE);
	size_t n = file ? strlen(file) : 0;
	char id[PLAN_ID_MAX + 1];
	if (n < 5 || n - 4 > PLAN_ID_MAX || strcmp(file + n - 4, ".css") != 0) {
		reply_error(r, 404, N_("There is no file at this address."));
		return;
	}
	memcpy(id, file, n - 4);
	id[n - 4] = '\0';
	char accent[8];
	if (!text_is_id(id)) {
		reply_error(r, 404, N_("There is no file at this address."));
		return;
	}
	if (handler_store_failed(req, r, db_organisation_accent(req->db, id, accent),
	    N_("There is no file at this address.")))
		return;
	unsigned char rgb[3];
	if (!colour_parse(accent, rgb)) {
		reply_error(r, 404, N_("There is no file at this address."));
		return;
	}
	char *css = xasprintf("/* %s */\n:root { --accent: %s; }\n", id, accent);
	reply_body(r, 200, "text/css; charset=utf-8", css, strlen(css), CACHE_PAGE);
}

/* For search engines: the public pages are for everyone to find (a
 * person looking for help must find them), the signed-in area is not. */
void
h_robots(struct request *req, struct reply *r)
{
	(void)req;
	static const char robots[] =
	    "# tiltak: the public pages are for everyone to find.\n"
	    "User-agent: *\n"
	    "Disallow: /admin\n"
	    "Disallow: /login\n";
	reply_static(r, 200, "text/plain; charset=utf-8", robots, sizeof(robots) - 1,
	    CACHE_PAGE);
}
