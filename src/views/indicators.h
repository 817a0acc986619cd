/* indicators.h — the indicator table and its small parts (resource
 * category tags, responsible-unit links, anchors), shared by every page
 * that shows indicators: plan, theme, measure, unit, the filtered listing
 * and search. One component, so the pages cannot drift apart. */
#ifndef TILTAK_INDICATORS_H
#define TILTAK_INDICATORS_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/plan.h"
#include "store/db.h"

struct html;

/* One row of an indicator table: an indicator and where it belongs. */
struct itable_row {
	const char             *plan_id;
	const char             *measure_id;
	int                     number;
	const char             *text;
	const char             *deadline;          /* or NULL */
	const char             *resource_note;     /* or NULL */
	enum resource_category  category;
	const char             *responsible_note;  /* or NULL */
	const struct unit_ref  *units;             /* every responsible unit */
	size_t                  nunits;
	const struct unit_duty *duty;              /* on a unit's page: how it
	                                              falls to the unit */
};

/* An indicator table and what it shows. Columns: number, indicator (with
 * deadline and responsibility note), resources (note and category tag),
 * and either the responsible units or, on a unit's page (self_unit set,
 * every row with its duty), how each falls to the unit (duty_marks). */
struct itable {
	const struct itable_row *rows;
	size_t                   nrows;
	const char *caption;     /* a visually hidden caption, or NULL and: */
	const char *labelledby;  /* the id of the heading that names the table */
	const char *self_unit;   /* a unit's page: "Assigned", how it falls to it */
	bool        anchors;     /* rows get id="indicator-<measure>-<n>" */
	bool        link_numbers;/* the number links to the indicator's place
	                            on its measure's page */
	/* A status column (the public plan pages): each row's current status
	 * and its year from status, "Not reported" where it has none. */
	bool                        show_status;
	const struct public_status *status;
};

/* Writes the table. On narrow screens the rows become cards whose cells
 * show their column's name (hidden from assistive technology, which has
 * the column headers). */
void indicator_table(struct html *, const struct itable *);

/* The rows of measure m of plan p (units named as the plan names them)
 * in arena a. */
struct itable_row *measure_rows(struct arena *a, const struct plan *p,
    const struct measure *m);

/* How an indicator falls to a unit, as a list of marks, each words
 * first (not colour alone), then the units it names as links: assigned
 * to the unit, "Only this unit" or "Shared with" the others; "Through
 * the collective role" X; "Through the unit above" Y; and, for one that
 * comes through a role or a unit above, who is "Also responsible". */
void duty_marks(struct html *, const struct unit_duty *);
/* The mark of one role or unit above something falls through. */
void via_mark(struct html *, const struct duty_via *);

/* The resource category as a coloured tag (class cat cat-<name>). */
void category_tag(struct html *, enum resource_category);

/* Links to the pages of units[0..n), comma-separated, leaving out the
 * unit whose id is skip (may be NULL). Returns how many it wrote. */
size_t unit_ref_links(struct html *, const struct unit_ref *units, size_t n,
    const char *skip);

/* The id of a measure's and an indicator's place in a page, derived from
 * the ids and numbers people see, so it stays the same across renders
 * and imports: "measure-<id>", "indicator-<measure id>-<number>". The
 * number has no '-', so two indicators never share an id. Caller frees. */
char *measure_anchor(const char *measure_id);
char *indicator_anchor(const char *measure_id, int number);

/* The id of the heading over a measure's indicator table on pages that
 * may hold several plans ("m_<plan>_<measure>"; ids have no '_'). Caller
 * frees. */
char *measure_heading_id(const char *plan_id, const char *measure_id);

/* The address of a plan's indicator listing with the given filters
 * (category -1, unit NULL, theme NULL: not filtered by it). Caller frees. */
char *indicators_href(const char *plan_id, int category, const char *unit,
    const char *theme);

#endif
