/* page_card.c — the action card's public pages (issue 8 §5): the card
 * at /tiltakskort/ORG, and its print view (/tiltakskort/ORG/utskrift),
 * the same content without the site's header, made to print as one A4
 * page (static/style.css, @media print). Text in the request's language,
 * falling back to bokmål; every phone number a tel: link. One function
 * writes the card's content for both. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"

#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"
#include "views/pages.h"

/* A directory phone number (stored form) as a tel: link, grouped as
 * Norwegians write it. */
static void
phone_link(struct html *h, const char *stored)
{
	char shown[HELP_PHONE_SHOWN_MAX], tel[HELP_PHONE_SHOWN_MAX + 8];
	help_phone_format(stored, shown, sizeof(shown));
	help_phone_href(stored, tel, sizeof(tel));
	html_elem(h, "a", shown, "href", tel, "class", "tel", NULL);
}

/* The template mark: shown until a coordinator marks the card reviewed. */
static void
template_mark(struct html *h)
{
	html_open(h, "div", "class", "card-template", "role", "note", NULL);
	html_elem(h, "strong", _("Template"), NULL);
	html_text(h, " ");
	html_text(h, _("This card is shipped with tiltak and has not been reviewed by "
	    "the municipality. Check every step before using it."));
	html_close(h, "div");
}

/* "Label: " in bold, as a step's lines begin. */
static void
label(struct html *h, const char *text)
{
	html_open(h, "strong", NULL);
	html_text(h, text);
	html_text(h, ":");
	html_close(h, "strong");
	html_text(h, " ");
}

/* One step: the situation, what to do (one point a line), the duty and
 * its law, the units responsible and the directory entries to call. */
static void
step(struct html *h, const struct card_view *v, size_t i, const char *lang)
{
	const struct card_step *s = &v->card->steps[i];
	char id[32];
	snprintf(id, sizeof(id), "steg-%zu", i + 1);
	html_open(h, "li", "id", id, "class", "card-step", NULL);
	html_elem(h, "h2", card_text_pick(&s->heading, lang), NULL);
	html_open(h, "ul", "class", "card-do", NULL);
	const char *a = card_text_pick(&s->action, lang);
	while (a && *a) {
		const char *nl = strchr(a, '\n');
		size_t n = nl ? (size_t)(nl - a) : strlen(a);
		if (n > 0) {
			html_open(h, "li", NULL);
			html_textn(h, a, n);
			html_close(h, "li");
		}
		a = nl ? nl + 1 : NULL;
	}
	html_close(h, "ul");
	const char *duty = card_text_pick(&s->duty, lang);
	if (duty) {
		html_open(h, "p", "class", "card-duty", NULL);
		label(h, _("Your duty"));
		html_text(h, duty);
		const char *ref = card_text_pick(&s->reference, lang);
		if (ref) {
			html_text(h, " ");
			html_elem(h, "span", ref, "class", "card-law", NULL);
		}
		html_close(h, "p");
	}
	if (v->nunits[i] > 0) {
		html_open(h, "p", "class", "card-units", NULL);
		label(h, _("Responsible"));
		for (size_t u = 0; u < v->nunits[i]; u++) {
			if (u)
				html_text(h, ", ");
			const struct card_link *l = &v->units[i][u];
			char *href = url_path("units", l->id, NULL);
			html_elem(h, "a", card_text_pick(&l->name, lang), "href", href, NULL);
			free(href);
			if (l->phone) {
				html_text(h, " ");
				phone_link(h, l->phone);
			}
		}
		html_close(h, "p");
	}
	if (v->nservices[i] > 0) {
		html_open(h, "ul", "class", "card-contacts", "aria-label", _("Contact"), NULL);
		for (size_t u = 0; u < v->nservices[i]; u++) {
			const struct card_link *l = &v->services[i][u];
			html_open(h, "li", NULL);
			html_elem(h, "span", card_text_pick(&l->name, lang), "class",
			    "card-service", NULL);
			if (l->phone) {
				html_text(h, " ");
				phone_link(h, l->phone);
			}
			html_close(h, "li");
		}
		html_close(h, "ul");
	}
	html_close(h, "li");
}

/* The card's content, shared by the page and its print view. */
static void
card_body(struct html *h, const struct card_view *v, bool print)
{
	const char *lang = i18n_lang();
	const struct card *c = v->card;
	html_open(h, "article", "class", print ? "action-card print-card" : "action-card",
	    NULL);
	html_elem(h, "h1", card_text_pick(&c->title, lang), NULL);
	if (v->organisation_name)
		html_elem(h, "p", v->organisation_name, "class", "card-org", NULL);
	if (c->is_template)
		template_mark(h);
	const char *intro = card_text_pick(&c->intro, lang);
	if (intro)
		html_elem(h, "p", intro, "class", "card-intro", NULL);
	char *print_href = url_path("tiltakskort", c->organisation, "utskrift", NULL);
	char *pdf_href = url_path("tiltakskort", c->organisation, "pdf", NULL);
	char *card_href = url_path("tiltakskort", c->organisation, NULL);
	html_open(h, "p", "class", "card-print", NULL);
	if (print) {
		html_text(h, _("Print this page with your browser's print command: it fits "
		    "one A4 page."));
		html_text(h, " ");
		html_elem(h, "a", _("Back to the card"), "href", card_href, NULL);
	} else {
		html_elem(h, "a", _("Print view (one A4 page)"), "href", print_href, NULL);
	}
	html_text(h, " · ");
	html_elem(h, "a", _("The card as PDF"), "href", pdf_href, "type",
	    "application/pdf", NULL);
	html_close(h, "p");
	free(print_href);
	free(pdf_href);
	free(card_href);
	html_open(h, "ol", "class", "card-steps", NULL);
	for (size_t i = 0; i < c->nsteps; i++)
		step(h, v, i, lang);
	html_close(h, "ol");
	html_close(h, "article");
}

char *
page_card(const struct card_view *v, bool print, size_t *len)
{
	struct html *h = html_new();
	const char *title = card_text_pick(&v->card->title, i18n_lang());
	char doc_title[PLAN_TITLE_MAX + 200];
	snprintf(doc_title, sizeof(doc_title), "%s – %s", title,
	    v->organisation_name ? v->organisation_name : v->card->organisation);
	if (print) {
		/* Without the site's header and navigation: the card alone. */
		layout_head(h, doc_title, "print-view");
		html_open(h, "main", "id", "main", NULL);
		card_body(h, v, true);
		html_close(h, "main");
		html_close(h, "body");
		html_close(h, "html");
	} else {
		layout_begin(h, title, doc_title, NULL, 0);
		card_body(h, v, false);
		layout_end(h);
	}
	return html_finish(h, len);
}
