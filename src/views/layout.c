/* layout.c — the shared page frame and labels. */
#include "views/layout.h"

#include "domain/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "views/html.h"
#include "util/xalloc.h"
#include "views/i18n.h"

/* The neutral site "Leave this page" goes to (serve --exit-url). Set
 * once at start, before any thread renders a page. */
static char exit_url[LAYOUT_EXIT_URL_MAX + 1] = LAYOUT_EXIT_URL_DEFAULT;

bool
layout_exit_url_valid(const char *url)
{
	if (url == NULL)
		return false;
	size_t n = strlen(url), scheme;
	if (strncmp(url, "https://", 8) == 0)
		scheme = 8;
	else if (strncmp(url, "http://", 7) == 0)
		scheme = 7;
	else
		return false;
	if (n > LAYOUT_EXIT_URL_MAX || n == scheme || url[scheme] == '/' ||
	    url[scheme] == '.')
		return false;
	/* Printable ASCII without space, quotes, angle brackets or a
	 * backslash: it goes into an attribute and a header-free page. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c <= 0x20 || c >= 0x7f || strchr("\"'<>\\`", c) != NULL)
			return false;
	}
	return true;
}

bool
layout_set_exit_url(const char *url)
{
	if (!layout_exit_url_valid(url))
		return false;
	memcpy(exit_url, url, strlen(url) + 1);
	return true;
}

const char *
layout_exit_url(void)
{
	return exit_url;
}

/* serve --public-url, without a final "/"; "" when not set. Set once at
 * start, before any thread renders a page. */
static char public_url[LAYOUT_PUBLIC_URL_MAX + 1];

bool
layout_set_public_url(const char *url)
{
	if (!layout_exit_url_valid(url))
		return false;
	size_t n = strlen(url);
	if (url[n - 1] == '/')
		n--;
	const char *host = strstr(url, "://") + 3;
	/* An origin: nothing after the host and port but that final "/". */
	if (n > LAYOUT_PUBLIC_URL_MAX || memchr(host, '/', n - (size_t)(host - url)) != NULL ||
	    strpbrk(host, "?#") != NULL)
		return false;
	memcpy(public_url, url, n);
	public_url[n] = '\0';
	return true;
}

/* "Leave this page": a plain link to the neutral site that works
 * without JavaScript (rel=noreferrer: the site it goes to is not told
 * where the reader came from), kept in view by CSS (sticky), and taken
 * over by static/leave.js, which replaces this page in the history
 * (location.replace) on a click, on Escape and on Shift pressed three
 * times. */
static void
leave_control(struct html *h)
{
	html_open(h, "aside", "class", "leave", "aria-label", _("Leave this page"), NULL);
	html_open(h, "a", "id", "leave", "class", "leave-btn", "href", exit_url,
	    "rel", "noreferrer", NULL);
	html_text(h, _("Leave this page"));
	html_close(h, "a");
	html_elem(h, "span", _("Quick exit: press Esc, or Shift three times."),
	    "class", "leave-hint", NULL);
	html_close(h, "aside");
}

static void head(struct html *h, const char *doc_title, const char *body_class,
    const struct organisation *org, const char *description);
static void begin(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs, const struct organisation *org,
    const char *description);

void
layout_begin(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs)
{
	begin(h, title, doc_title, crumbs, ncrumbs, NULL, NULL);
}

void
layout_begin_org(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs, const struct organisation *org)
{
	begin(h, title, doc_title, crumbs, ncrumbs, org, NULL);
}

void
layout_begin_described(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs, const char *description)
{
	begin(h, title, doc_title, crumbs, ncrumbs, NULL, description);
}

static void
begin(struct html *h, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs, const struct organisation *org,
    const char *description)
{
	head(h, doc_title ? doc_title : title, NULL, org, description);

	html_open(h, "header", "class", "site", NULL);
	layout_langs(h);
	html_open(h, "div", "class", "bar", NULL);
	/* The organisation's logo text (else its name) where the page is
	 * one of its own; "tiltak" elsewhere. Text, no image. */
	const char *brand = org ? (org->logo_text && *org->logo_text ? org->logo_text :
	    org->name) : NULL;
	html_elem(h, "a", brand ? brand : "tiltak", "class", "brand", "href", url_home(), NULL);
	html_open(h, "nav", "aria-label", _("Main menu"), NULL);
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Plans"), "href", url_home(), NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	char *units = url_path("units", NULL);
	html_elem(h, "a", _("Units"), "href", units, NULL);
	free(units);
	html_close(h, "li");
	html_close(h, "ul");
	html_close(h, "nav");
	char *search = url_path("search", NULL);
	html_open(h, "form", "class", "search", "role", "search", "method", "get",
	    "action", search, "aria-label", _("Search the site"), NULL);
	free(search);
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

/* The current page's address (i18n_address) in language i. Caller frees. */
static char *
lang_href(int i)
{
	return xasprintf("%s%s", i18n_languages[i].prefix, i18n_address());
}

void
layout_langs(struct html *h)
{
	if (i18n_address() == NULL)
		return;
	const char *cur = i18n_lang();
	html_open(h, "nav", "class", "langs", "aria-label", _("Language"), NULL);
	html_open(h, "ul", NULL);
	for (int i = 0; i < I18N_LANGS; i++) {
		char *href = lang_href(i);
		html_open(h, "li", NULL);
		html_elem(h, "a", i18n_languages[i].name, "href", href, "lang", i18n_languages[i].code,
		    "hreflang", i18n_languages[i].code, "aria-current",
		    strcmp(cur, i18n_languages[i].code) == 0 ? "true" : NULL, NULL);
		html_close(h, "li");
		free(href);
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

void
layout_head(struct html *h, const char *doc_title, const char *body_class)
{
	head(h, doc_title, body_class, NULL, NULL);
}

static void
head(struct html *h, const char *doc_title, const char *body_class,
    const struct organisation *org, const char *description)
{
	/* A public page: no class, or the print view of a public page (the
	 * action card's), which keeps the leave control and its script. */
	bool public = body_class == NULL || strcmp(body_class, "print-view") == 0;
	html_doctype(h);
	html_open(h, "html", "lang", i18n_lang(), NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content",
	    "width=device-width, initial-scale=1", NULL);
	html_void(h, "meta", "name", "referrer", "content", "no-referrer", NULL);
	/* The signed-in area is for no search engine. A public page says
	 * what it is in a search result: someone looking for help should
	 * see at once that this is where it is. */
	if (body_class != NULL)
		html_void(h, "meta", "name", "robots", "content", "noindex", NULL);
	if (public)
		html_void(h, "meta", "name", "description", "content", description ?
		    description : _("Where to get help with violence and abuse, and the "
		    "municipalities' action plans against violence in close "
		    "relationships."), NULL);
	html_open(h, "title", NULL);
	html_text(h, doc_title);
	html_text(h, " – tiltak");
	html_close(h, "title");
	html_void(h, "link", "rel", "stylesheet", "href", "/static/style.css", NULL);
	/* The same page in every language; bokmål's address is the default. */
	if (i18n_address() != NULL && public) {
		for (int i = 0; i < I18N_LANGS; i++) {
			char *href = xasprintf("%s%s%s", public_url, i18n_languages[i].prefix,
			    i18n_address());
			html_void(h, "link", "rel", "alternate", "hreflang", i18n_languages[i].code,
			    "href", href, NULL);
			free(href);
		}
		char *href = xasprintf("%s%s", public_url, i18n_address());
		html_void(h, "link", "rel", "alternate", "hreflang", "x-default", "href", href, NULL);
		free(href);
	}
	/* An organisation's accent colour: a stylesheet of its own, since the
	 * CSP allows no inline style (h_org_style). */
	if (org && org->accent && *org->accent) {
		/* Not url_path: static files have no language prefix. An id
		 * is [a-z0-9-], nothing to encode. */
		char *href = xasprintf("/static/org/%s.css", org->id);
		html_void(h, "link", "rel", "stylesheet", "href", href, NULL);
		free(href);
	}
	/* The one script, on public pages only: the leave control's keys. */
	if (public) {
		html_open(h, "script", "src", "/static/leave.js", "defer", "", NULL);
		html_close(h, "script");
	}
	/* Without an icon of its own a browser asks for /favicon.ico: a 404
	 * in its console on every page. */
	html_void(h, "link", "rel", "icon", "href", "/static/favicon.svg",
	    "type", "image/svg+xml", NULL);
	html_close(h, "head");
	html_open(h, "body", "class", body_class, NULL);
	html_elem(h, "a", _("Skip to content"), "class", "skip", "href", "#main", NULL);
	if (public)
		leave_control(h);
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
	html_open(h, "ul", "class", "foot-links", NULL);
	char *hide = url_path("skjul-besok", NULL);
	char *about = url_path("om-vold", NULL);
	char *statement = url_path("tilgjengelighet", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", _("How to hide your visit"), "href", hide, NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("What violence is"), "href", about, NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", _("Accessibility statement"), "href", statement, NULL);
	html_close(h, "li");
	html_close(h, "ul");
	free(hide);
	free(about);
	free(statement);
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

