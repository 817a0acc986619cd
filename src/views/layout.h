/* layout.h — the frame every page shares: head, header with navigation
 * and search, main landmark, footer; and small shared pieces. */
#ifndef TILTAK_LAYOUT_H
#define TILTAK_LAYOUT_H
#include "domain/plan.h"

struct html;

/* Breadcrumb trail entries before the current page. */
struct crumb {
	const char *label;
	const char *href;   /* already a path built with url_path */
};

/* Opens the document up to and including <main>. title is the page's own
 * title (the site name is appended). */
void layout_begin(struct html *, const char *title,
    const struct crumb *crumbs, size_t ncrumbs);
/* Closes main and writes the footer. */
void layout_end(struct html *);

/* Translated names of the model's enums. */
const char *label_plan_status(enum plan_status);
const char *label_measure_kind(enum measure_kind);
const char *label_resource_category(enum resource_category);
const char *label_unit_kind(enum unit_kind);

/* "2022–2025" or "2017–" into out. */
void format_period(char *out, size_t outsz, int start, int end);

#endif
