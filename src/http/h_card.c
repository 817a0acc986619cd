/* h_card.c — the action card's public pages (issue 8 §5): the card, its
 * print view and its PDF, all public and kept in the shared page cache
 * (an edit or import moves the data generation). Each answers 200, 404
 * (no such organisation, or it has no card) or 500 (the database failed;
 * for the PDF also a card that does not fit one A4 page, logged with
 * why, since no text may be cut). */
#include <stdio.h>
#include <stdlib.h>

#include "http/handlers.h"
#include "http/request.h"
#include "util/text.h"
#include "views/card_pdf.h"
#include "views/i18n.h"
#include "views/pages.h"

/* The card of the organisation :org, or NULL with r filled (404, 500). */
static struct card_view *
card_or_reply(struct request *req, struct reply *r)
{
	const char *org = req_param(req, PARAM_ORG);
	if (org == NULL || !text_is_id(org)) {
		reply_error(r, 404, N_("There is no action card at this address."));
		return NULL;
	}
	struct card_view *v = NULL;
	if (handler_store_failed(req, r, db_card_get(req->db, org, &v),
	    N_("There is no action card at this address.")))
		return NULL;
	return v;
}

static void
card_page(struct request *req, struct reply *r, bool print)
{
	struct card_view *v = card_or_reply(req, r);
	if (v == NULL)
		return;
	size_t len;
	char *body = page_card(v, print, &len);
	reply_body(r, 200, "text/html; charset=utf-8", body, len, CACHE_PAGE);
	card_view_free(v);
}

void
h_card(struct request *req, struct reply *r)
{
	card_page(req, r, false);
}

void
h_card_print(struct request *req, struct reply *r)
{
	card_page(req, r, true);
}

void
h_card_pdf(struct request *req, struct reply *r)
{
	struct card_view *v = card_or_reply(req, r);
	if (v == NULL)
		return;
	size_t len;
	char err[512];
	char *pdf = card_pdf(v, &len, NULL, err, sizeof(err));
	if (pdf == NULL) {
		fprintf(stderr, "tiltak: cannot make the PDF of the action card: %s\n", err);
		reply_error(r, 500, N_("The action card does not fit one A4 page, so no PDF "
		    "was made. Its coordinator must shorten it. The error has been logged."));
	} else {
		reply_body(r, 200, "application/pdf", pdf, len, CACHE_PAGE);
	}
	card_view_free(v);
}
