/* h_help.c — the public help pages (issue 8 §2): "Få hjelp" for one
 * organisation (/hjelp/ORG) and a page per way in by who you are
 * (/hjelp/ORG/for/WAY, domain/help_audience.h). Public and shared in the
 * page cache like every public page, but they show which services are
 * open now: the page says until when that holds (reply.expires), and the
 * cache renders it again from then. */
#include <stdlib.h>
#include <string.h>

#include "domain/help_audience.h"
#include "http/handlers.h"
#include "http/request.h"
#include "store/db.h"
#include "util/now.h"
#include "util/text.h"
#include "views/i18n.h"
#include "views/pages.h"

#define HTML "text/html; charset=utf-8"

/* The help page (way -1) or a way's page (way from 0) of the
 * organisation named by :helporg; way -2: the way named is not one.
 * 200; 404 with the numbers to call and the pages that do exist, for an
 * organisation or a way that is not here; 500. */
static void
help_reply(struct request *req, struct reply *r, int way)
{
	struct organisation_list *orgs = NULL;
	struct help_list *services = NULL;
	if (handler_store_failed(req, r, db_organisations(req->db, &orgs), NULL))
		return;
	const char *id = req_param(req, PARAM_HELP_ORG);
	const struct organisation *org = NULL;
	for (size_t i = 0; id && i < orgs->n; i++)
		if (strcmp(orgs->items[i].id, id) == 0)
			org = &orgs->items[i];
	size_t len;
	if (org == NULL || way < -1) {
		char *body = page_help_missing(orgs, org ? org->id : NULL,
		    org ? org->name : NULL, &len);
		reply_body(r, 404, HTML, body, len, CACHE_NONE);
		goto out;
	}
	if (handler_store_failed(req, r, db_help_directory(req->db, org->id, &services),
	    NULL))
		goto out;
	struct help_page v = {
		.org_id = org->id, .org_name = org->name, .services = services,
		.way = way, .now = now_unix(),
	};
	int64_t expires = 0;
	char *body = page_help(&v, &expires, &len);
	reply_body(r, 200, HTML, body, len, CACHE_PAGE);
	r->expires = expires;
out:
	help_list_free(services);
	organisation_list_free(orgs);
}

void
h_help(struct request *req, struct reply *r)
{
	help_reply(req, r, -1);
}

void
h_help_way(struct request *req, struct reply *r)
{
	int way = help_way_parse(req_param(req, PARAM_AUDIENCE));
	help_reply(req, r, way < 0 ? -2 : way);
}
