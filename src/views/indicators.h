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

#endif
