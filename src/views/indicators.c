/* indicators.c — the indicator table component and its parts. */
#include "views/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
