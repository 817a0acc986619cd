/* indicators.c — the indicator table component and its parts. */
#include "views/indicators.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/layout.h"

void
category_tag(struct html *h, enum resource_category c)
{
	static const char *const cls[RESOURCE_CATEGORY__MAX] = {
		"cat cat-unknown",     /* RESOURCE_UNKNOWN */
		"cat cat-existing",    /* RESOURCE_EXISTING_BUDGET */
		"cat cat-investigate", /* RESOURCE_INVESTIGATE */
		"cat cat-set-aside",   /* RESOURCE_SET_ASIDE */
		"cat cat-external",    /* RESOURCE_EXTERNAL */
	};
	html_elem(h, "span", label_resource_category(c), "class", cls[c], NULL);
}

size_t
unit_ref_links(struct html *h, const struct unit_ref *units, size_t n,
    const char *skip)
{
	size_t written = 0;
	for (size_t i = 0; i < n; i++) {
		if (skip && strcmp(units[i].id, skip) == 0)
			continue;
		if (written++ > 0)
			html_text(h, ", ");
		char *href = url_path("units", units[i].id, NULL);
		html_elem(h, "a", units[i].name, "href", href, NULL);
		free(href);
	}
	return written;
}

void
via_mark(struct html *h, const struct duty_via *v)
{
	bool role = v->way == DUTY_COLLECTIVE;
	html_elem(h, "span", role ? _("Through the collective role") :
	    _("Through the unit above"), "class", role ? "duty duty-collective" :
	    "duty duty-parent", NULL);
	html_text(h, " ");
	unit_ref_links(h, &v->unit, 1, NULL);
}

void
duty_marks(struct html *h, const struct unit_duty *d)
{
	bool direct = d->way == DUTY_DIRECT || d->way == DUTY_SHARED;
	html_open(h, "ul", "class", "duties", NULL);
	if (direct && d->nshared == 0) {
		html_open(h, "li", NULL);
		html_elem(h, "span", _("Only this unit"), "class", "duty duty-direct", NULL);
		html_close(h, "li");
	}
	for (size_t i = 0; i < d->nvia; i++) {
		html_open(h, "li", NULL);
		via_mark(h, &d->via[i]);
		html_close(h, "li");
	}
	if (d->nshared > 0) {
		/* Whom the unit shares it with, or, when it comes through a role
		 * or a unit above, who else is responsible for it. */
		html_open(h, "li", NULL);
		html_elem(h, "span", direct ? _("Shared with") : _("Also responsible"), "class",
		    direct ? "duty duty-shared" : "duty duty-others", NULL);
		html_text(h, " ");
		unit_ref_links(h, d->shared_with, d->nshared, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
}

char *
measure_anchor(const char *measure_id)
{
	return xasprintf("measure-%s", measure_id);
}

char *
indicator_anchor(const char *measure_id, int number)
{
	return xasprintf("indicator-%s-%d", measure_id, number);
}

char *
measure_heading_id(const char *plan_id, const char *measure_id)
{
	return xasprintf("m_%s_%s", plan_id, measure_id);
}

char *
indicators_href(const char *plan_id, int category, const char *unit,
    const char *theme)
{
	struct buf b = {0};
	char *path = url_path("plans", plan_id, "indicators", NULL);
	buf_puts(&b, path);
	free(path);
	const char *names[] = {"category", "unit", "theme"};
	const char *values[] = {category >= 0 ?
	    resource_category_name((enum resource_category)category) : NULL, unit, theme};
	char sep = '?';
	for (size_t i = 0; i < 3; i++) {
		if (values[i] == NULL)
			continue;
		char *v = url_query_escape(values[i]);
		buf_printf(&b, "%c%s=%s", sep, names[i], v);
		free(v);
		sep = '&';
	}
	return buf_take(&b, NULL);
}

struct itable_row *
measure_rows(struct arena *a, const struct plan *p, const struct measure *m)
{
	struct itable_row *rows = arena_array(a, m->nindicators ? m->nindicators : 1,
	    sizeof(*rows));
	for (size_t i = 0; i < m->nindicators; i++) {
		const struct indicator *ind = &m->indicators[i];
		struct unit_ref *units = arena_array(a, ind->nresponsible ? ind->nresponsible : 1,
		    sizeof(*units));
		for (size_t j = 0; j < ind->nresponsible; j++) {
			const struct unit *u = plan_unit(p, ind->responsible[j]);
			units[j].id = ind->responsible[j];
			units[j].name = u ? u->name : ind->responsible[j];
		}
		rows[i] = (struct itable_row){
			.plan_id = p->id,
			.measure_id = m->id,
			.number = ind->number,
			.text = ind->text,
			.deadline = ind->deadline,
			.resource_note = ind->resource_note,
			.category = ind->resource_category,
			.responsible_note = ind->responsible_note,
			.units = units,
			.nunits = ind->nresponsible,
		};
	}
	return rows;
}

void
indicator_table(struct html *h, const struct itable *t)
{
	const char *last = t->self_unit ? _("Assigned") : _("Responsible");
	html_open(h, "div", "class", "table-wrap", NULL);
	html_open(h, "table", "class", "indicators", "aria-labelledby", t->labelledby, NULL);
	if (t->caption)
		html_elem(h, "caption", t->caption, "class", "vh", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", _("No."), "scope", "col", NULL);
	html_elem(h, "th", _("Indicator"), "scope", "col", NULL);
	html_elem(h, "th", _("Resources"), "scope", "col", NULL);
	html_elem(h, "th", last, "scope", "col", NULL);
	if (t->show_status)
		html_elem(h, "th", _("Status"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct itable_row *r = &t->rows[i];
		char num[16];
		snprintf(num, sizeof(num), "%d", r->number);
		char *anchor = indicator_anchor(r->measure_id, r->number);
		html_open(h, "tr", "id", t->anchors ? anchor : NULL, NULL);

		labelled_cell(h, "th", _("No."), "row");
		if (t->link_numbers) {
			char *path = url_path("plans", r->plan_id, "measures", r->measure_id, NULL);
			char *href = xasprintf("%s#%s", path, anchor);
			html_elem(h, "a", num, "href", href, NULL);
			free(href);
			free(path);
		} else {
			html_text(h, num);
		}
		html_close(h, "th");
		free(anchor);

		labelled_cell(h, "td", _("Indicator"), NULL);
		html_text(h, r->text);
		if (r->deadline) {
			html_open(h, "span", "class", "deadline", NULL);
			html_printf(h, _("Deadline: %s"), r->deadline);
			html_close(h, "span");
		}
		html_close(h, "td");

		labelled_cell(h, "td", _("Resources"), NULL);
		if (r->resource_note) {
			html_text(h, r->resource_note);
			html_text(h, " ");
		}
		category_tag(h, r->category);
		html_close(h, "td");

		labelled_cell(h, "td", last, NULL);
		if (r->duty)
			duty_marks(h, r->duty);
		else
			unit_ref_links(h, r->units, r->nunits, NULL);
		if (r->responsible_note) {
			html_open(h, "span", "class", "note", NULL);
			html_text(h, r->responsible_note);
			html_close(h, "span");
		}
		html_close(h, "td");
		if (t->show_status) {
			const struct public_status_item *it = public_status_find(t->status,
			    r->measure_id, r->number);
			labelled_cell(h, "td", _("Status"), NULL);
			if (it) {
				html_elem(h, "span", label_report_status(it->status), "class",
				    "state", NULL);
				html_open(h, "span", "class", "note", NULL);
				html_printf(h, _("reported for %d"), it->year);
				html_close(h, "span");
			} else {
				html_elem(h, "span", _("Not reported"), "class", "muted", NULL);
			}
			html_close(h, "td");
		}
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}
