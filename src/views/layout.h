/* layout.h — the frame every page shares: head, header with navigation
 * and search, main landmark, footer; and small shared pieces. */
#ifndef TILTAK_LAYOUT_H
#define TILTAK_LAYOUT_H
#include <stdbool.h>

#include "domain/plan.h"

struct html;

/* ---- "Leave this page" (issue 8 §3) ----
 * Every public page carries a link to a neutral site, configured per
 * installation (serve --exit-url), which static/leave.js follows with
 * location.replace on a click, Escape or Shift pressed three times. */
#define LAYOUT_EXIT_URL_DEFAULT "https://www.yr.no/"
#define LAYOUT_EXIT_URL_MAX     200   /* bytes */
/* Whether url may be the neutral site: http(s)://host…, printable ASCII
 * without space, quotes, angle brackets or backslash, at most
 * LAYOUT_EXIT_URL_MAX bytes. */
bool layout_exit_url_valid(const char *url);
/* Sets the neutral site (before serving; not thread-safe). Returns false,
 * changing nothing, for a url layout_exit_url_valid refuses. */
bool layout_set_exit_url(const char *url);
/* The neutral site (LAYOUT_EXIT_URL_DEFAULT until set). */
const char *layout_exit_url(void);

/* ---- The installation's public address (serve --public-url) ----
 * The origin readers reach the site at ("https://hjelp.bodo.kommune.no"):
 * the hreflang alternates in a public page's head name it, since search
 * engines take only absolute addresses there. Never the request's Host
 * header: pages are cached and shared. Unset (""), they are paths. */
#define LAYOUT_PUBLIC_URL_MAX 200   /* bytes */
/* Sets it (before serving; not thread-safe): an http or https origin as
 * layout_exit_url_valid allows, with no path (a final "/" is dropped).
 * Returns false, changing nothing, for anything else. */
bool layout_set_public_url(const char *url);

/* Breadcrumb trail entries before the current page. */
struct crumb {
	const char *label;
	const char *href;   /* already a path built with url_path */
};

/* Opens the document up to and including <main>. title names the page
 * in the breadcrumb trail; doc_title (NULL: title) is the document's
 * <title>, to which " – tiltak" is appended. doc_title names the page and
 * what it belongs to ("Theme – Plan", "«words» – Search"), so that tabs,
 * bookmarks and a screen reader's list of windows tell pages apart. */
void layout_begin(struct html *, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs);
/* The same for a page of an organisation's own (org NULL: none): its
 * header shows the organisation's logo text (else its name), and its
 * accent colour, when it has one, comes from /static/org/ID.css. */
void layout_begin_org(struct html *, const char *title, const char *doc_title,
    const struct crumb *crumbs, size_t ncrumbs, const struct organisation *org);
/* The same with the page's own description for search results (the
 * <meta name="description">; layout_begin gives every public page the
 * site's). */
void layout_begin_described(struct html *, const char *title,
    const char *doc_title, const struct crumb *crumbs, size_t ncrumbs,
    const char *description);
/* The pieces both frames (public, signed-in) share: the document up to
 * the skip link (body_class NULL for public pages; a class for the
 * signed-in area, whose pages are also marked noindex), and the
 * breadcrumb trail ending in title (nothing when ncrumbs is 0). */
void layout_head(struct html *, const char *doc_title, const char *body_class);
void layout_crumbs(struct html *, const char *title, const struct crumb *crumbs,
    size_t ncrumbs);

/* The links to the current page in every interface language (Bokmål,
 * Nynorsk, English, each named in itself, the current one marked
 * aria-current), for the header of a page that exists in every language
 * (i18n_address); nothing on other pages. layout_begin writes it. */
void layout_langs(struct html *);

/* Closes main and writes the footer. */
void layout_end(struct html *);
/* The same with another note than "this site sets no cookies" (the
 * sign-in page, whose form sets the session cookie). */
void layout_end_note(struct html *, const char *note);

/* Opens a table cell (tag "td", or "th" with scope) of a table whose rows
 * become cards on narrow screens. The cell starts with its column's name,
 * shown only on narrow screens and hidden from assistive technology,
 * which has the column header: one label per cell, not two (CSS
 * generated content would be read out as part of the cell). */
void labelled_cell(struct html *, const char *tag, const char *label,
    const char *scope);

/* Translated names of the model's enums. */
const char *label_plan_status(enum plan_status);
const char *label_measure_kind(enum measure_kind);
const char *label_resource_category(enum resource_category);
const char *label_unit_kind(enum unit_kind);
/* A yearly report's status (domain/report.h: enum report_status). */
const char *label_report_status(int status);
/* "1. september 2026" in the interface language, for year and "MM-DD"
 * (1 September when mmdd is not a day). */
void format_day(char *out, size_t outsz, int year, const char *mmdd);

/* "2022–2025" or "2017–" into out. */
void format_period(char *out, size_t outsz, int start, int end);

#endif
