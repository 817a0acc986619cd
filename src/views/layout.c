/* layout.c — the shared page frame and labels. */
#include "views/layout.h"

#include "domain/report.h"

#include <stdio.h>
#include <stdlib.h>

#include "views/html.h"
#include "views/i18n.h"

void
layout_begin(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs)
{
	layout_head(h, doc_title ? doc_title : title, NULL);

	html_open(h, "header", "class", "site", NULL);
	html_open(h, "div", "class", "bar", NULL);
	html_elem(h, "a", "tiltak", "class", "brand", "href", "/", NULL);
	html_open(h, "nav", "aria-label", _("Main menu"), NULL);
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Plans"), "href", "/", NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Units"), "href", "/units", NULL);
	html_close(h, "li");
	html_close(h, "ul");
	html_close(h, "nav");
	html_open(h, "form", "class", "search", "role", "search", "method", "get",
	    "action", "/search", "aria-label", _("Search the site"), NULL);
	html_elem(h, "label", _("Search the plans"), "for", "site-q", "class", "vh", NULL);
	html_void(h, "input", "type", "search", "id", "site-q", "name", "q",
	    "placeholder", _("Search the plans"), "maxlength", "200", NULL);
	html_elem(h, "button", _("Search"), "type", "submit", NULL);
	html_close(h, "form");
	html_close(h, "div");
	html_close(h, "header");

	layout_crumbs(h, title, crumbs, ncrumbs);
	html_open(h, "main", "id", "main", NULL);
}

void
layout_head(struct html *h, const char *doc_title, const char *body_class)
{
	html_doctype(h);
	html_open(h, "html", "lang", _("nb"), NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content",
	    "width=device-width, initial-scale=1", NULL);
	html_void(h, "meta", "name", "referrer", "content", "no-referrer", NULL);
	/* The signed-in area is for no search engine. */
	if (body_class != NULL)
		html_void(h, "meta", "name", "robots", "content", "noindex", NULL);
	html_open(h, "title", NULL);
	html_text(h, doc_title);
	html_text(h, " – tiltak");
	html_close(h, "title");
	html_void(h, "link", "rel", "stylesheet", "href", "/static/style.css", NULL);
	/* Without an icon of its own a browser asks for /favicon.ico: a 404
	 * in its console on every page. */
	html_void(h, "link", "rel", "icon", "href", "/static/favicon.svg",
	    "type", "image/svg+xml", NULL);
	html_close(h, "head");
	html_open(h, "body", "class", body_class, NULL);
	html_elem(h, "a", _("Skip to content"), "class", "skip", "href", "#main", NULL);
}

void
layout_crumbs(struct html *h, const char *title, const struct crumb *crumbs,
    size_t ncrumbs)
{
	if (ncrumbs == 0)
		return;
	html_open(h, "nav", "class", "crumbs", "aria-label", _("You are here"), NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < ncrumbs; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", crumbs[i].label, "href", crumbs[i].href, NULL);
		html_close(h, "li");
	}
	html_open(h, "li", NULL);
	html_elem(h, "span", title, "aria-current", "page", NULL);
	html_close(h, "li");
	html_close(h, "ol");
	html_close(h, "nav");
}

void
layout_end(struct html *h)
{
	layout_end_note(h, _("This site sets no cookies and keeps no record of who visits."));
}

void
layout_end_note(struct html *h, const char *note)
{
	html_close(h, "main");
	html_open(h, "footer", "class", "site", NULL);
	html_open(h, "p", NULL);
	html_text(h, _("tiltak – action plans against domestic violence."));
	html_text(h, " ");
	html_text(h, note);
	html_close(h, "p");
	html_open(h, "p", NULL);
	html_elem(h, "a", _("Accessibility statement"), "href", "/tilgjengelighet", NULL);
	html_close(h, "p");
	html_close(h, "footer");
	html_close(h, "body");
	html_close(h, "html");
}

void
labelled_cell(struct html *h, const char *tag, const char *label, const char *scope)
{
	html_open(h, tag, "scope", scope, NULL);
	html_elem(h, "span", label, "class", "cell-label", "aria-hidden", "true", NULL);
}

const char *
label_plan_status(enum plan_status s)
{
	static const char *const names[PLAN_STATUS__MAX] = {
		N_("Draft"),     /* PLAN_DRAFT */
		N_("Adopted"),   /* PLAN_ADOPTED */
		N_("Replaced"),  /* PLAN_REPLACED */
	};
	return _(names[s]);
}

const char *
label_measure_kind(enum measure_kind k)
{
	static const char *const names[MEASURE_KIND__MAX] = {
		N_("New measure"),       /* MEASURE_NEW */
		N_("Existing measure"),  /* MEASURE_EXISTING */
		N_("Proposed measure"),  /* MEASURE_PROPOSED */
	};
	return _(names[k]);
}

const char *
label_resource_category(enum resource_category c)
{
	static const char *const names[RESOURCE_CATEGORY__MAX] = {
		N_("Not categorised"),               /* RESOURCE_UNKNOWN */
		N_("Covered by existing budgets"),   /* RESOURCE_EXISTING_BUDGET */
		N_("Must be investigated"),          /* RESOURCE_INVESTIGATE */
		N_("Needs money set aside"),         /* RESOURCE_SET_ASIDE */
		N_("Externally funded"),             /* RESOURCE_EXTERNAL */
	};
	return _(names[c]);
}

const char *
label_unit_kind(enum unit_kind k)
{
	static const char *const names[UNIT_KIND__MAX] = {
		N_("Municipal unit"),   /* UNIT_INTERNAL */
		N_("External body"),    /* UNIT_EXTERNAL */
	};
	return _(names[k]);
}

void
format_period(char *out, size_t outsz, int start, int end)
{
	if (end)
		snprintf(out, outsz, "%d–%d", start, end);
	else
		snprintf(out, outsz, "%d–", start);
}

const char *
label_report_status(int s)
{
	static const char *const names[REPORT_STATUS__MAX] = {
		[REPORT_NOT_STARTED] = N_("Not started"),
		[REPORT_IN_PROGRESS] = N_("In progress"),
		[REPORT_DONE] = N_("Done"),
		[REPORT_ONGOING] = N_("Continued as ordinary operations"),
		[REPORT_DELAYED] = N_("Delayed"),
		[REPORT_DROPPED] = N_("Dropped"),
	};
	return (unsigned)s < REPORT_STATUS__MAX ? _(names[s]) : "";
}

/* "1 September 2026" in the interface language, for year and "MM-DD". */
void
format_day(char *out, size_t outsz, int year, const char *mmdd)
{
	static const char *const months[12] = {N_("January"), N_("February"),
	    N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
	    N_("August"), N_("September"), N_("October"), N_("November"),
	    N_("December")};
	int m = 9, d = 1;
	report_deadline_parse(mmdd, &m, &d);
	/* TRANSLATORS: a date: day, month name, year ("1. september 2026"). */
	snprintf(out, outsz, _("%1$d %2$s %3$d"), d, _(months[m - 1]), year);
}

