/* help_audience.h — the ways into the public help pages by who you are
 * (issue 8 §2): child or young person, adult, elderly, worried about
 * someone, someone who uses violence, professional. Each is a page,
 * /hjelp/ORG/for/SLUG, listing the directory's services for the
 * audiences it covers, most relevant first.
 *
 * The order of a page ("most relevant first"):
 *   1. kind, in the page's own order: emergency services always first
 *      (someone in acute danger), then what that reader most likely
 *      needs (a child: Alarmtelefonen and child welfare; an adult: the
 *      crisis centre; someone who uses violence: counselling such as
 *      ATV; a professional: counselling and competence centres);
 *   2. local before national: a service of the municipality's own, or
 *      one that names it among those it serves, before a national one
 *      of the same kind;
 *   3. the service's rank (set by the coordinator; lower first);
 *   4. its name in bokmål, then its id, so the order is total. */
#ifndef TILTAK_HELP_AUDIENCE_H
#define TILTAK_HELP_AUDIENCE_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/help.h"

enum help_way {
	HELP_WAY_CHILDREN,      /* barn-og-unge */
	HELP_WAY_ADULTS,        /* voksne */
	HELP_WAY_ELDERLY,       /* eldre */
	HELP_WAY_WORRIED,       /* bekymret */
	HELP_WAY_USES_VIOLENCE, /* utover-vold */
	HELP_WAY_PROFESSIONALS, /* fagfolk */
	HELP_WAY__MAX
};

struct help_way_def {
	const char     *slug;      /* the address segment */
	const char     *link;      /* msgid: the link on the help page ("I am …") */
	const char     *title;     /* msgid: the page's heading */
	const char     *lead;      /* msgid: a sentence or two under it */
	unsigned        audiences; /* the directory's audiences it lists
	                              (HELP_AUDIENCE_BIT set) */
	enum help_kind  kinds[HELP_KIND__MAX]; /* every kind, most relevant first */
};

extern const struct help_way_def help_ways[HELP_WAY__MAX];

/* The way with that slug, or -1. */
int help_way_parse(const char *slug);

/* Whether service s is local to organisation org: its owner, or among
 * the organisations it serves. A national service (no owner) is not. */
bool help_service_local(const struct help_service *s, const char *org);

/* The services of l for way w, as indices into l->items in the page's
 * order (see above), into out (at least l->n entries). Returns how
 * many. */
size_t help_way_select(const struct help_list *l, enum help_way w, const char *org,
    size_t *out);

#endif
