/* plan.h — the plan register's data model (PRODUCT.md, glossary): a plan
 * with its organisations, chapters, units, implementation steps and the
 * tree theme → goal → measure → indicator. A struct plan and everything
 * it points to live in one arena, freed by plan_free. */
#ifndef TILTAK_PLAN_H
#define TILTAK_PLAN_H
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum plan_status {
	PLAN_DRAFT,
	PLAN_ADOPTED,
	PLAN_REPLACED,
	PLAN_STATUS__MAX
};

enum measure_kind {
	MEASURE_NEW,
	MEASURE_EXISTING,
	MEASURE_PROPOSED,
	MEASURE_KIND__MAX
};

enum resource_category {
	RESOURCE_UNKNOWN,
	RESOURCE_EXISTING_BUDGET,
	RESOURCE_INVESTIGATE,
	RESOURCE_SET_ASIDE,
	RESOURCE_EXTERNAL,
	RESOURCE_CATEGORY__MAX
};

enum unit_kind {
	UNIT_INTERNAL,
	UNIT_EXTERNAL,
	UNIT_KIND__MAX
};

struct organisation {
	char *id;
	char *name;
	/* How it looks on its public pages (the register's, never a plan
	 * file's): its logo's text and accent colour "#RRGGBB"; NULL: its
	 * name, the site's colour. */
	char *logo_text;
	char *accent;
};

struct overarching_goal {
	char *title;
	char *text;
};

struct chapter {
	char *id;
	char *title;
	char *body;          /* Markdown */
};

/* A responsible body as a plan names it. A unit may sit under a parent
 * unit of the same plan (Helse- og omsorg → Helsestasjonene), and may be
 * a collective role (Virksomhetsledere) that applies to many units:
 * either to the units listed in applies_to (applies_listed; the list may
 * be empty: the plan names none of them), or, when none are listed, to
 * every internal unit of its organisation that is not itself a
 * collective role. */
struct unit {
	char          *id;
	char          *name;
	enum unit_kind kind;
	char          *organisation;   /* organisation id or NULL */
	char          *parent;         /* unit id or NULL */
	bool           collective;
	bool           applies_listed; /* collective: applies_to is the list */
	char         **applies_to;     /* unit ids (applies_listed) */
	size_t         napplies_to;
};

struct implementation_step {
	char   *what;
	char   *who;
	char   *when;                /* or NULL */
	char  **responsible;         /* unit ids */
	size_t  nresponsible;
};

struct indicator {
	int                     number;
	char                   *text;
	char                   *resource_note;    /* or NULL */
	enum resource_category  resource_category;
	char                  **responsible;      /* unit ids */
	size_t                  nresponsible;
	char                   *responsible_note; /* or NULL */
	char                   *deadline;         /* YYYY-MM-DD or NULL */
};

struct measure {
	char              *id;
	char              *title;
	enum measure_kind  kind;
	char              *description; /* Markdown or NULL */
	struct indicator  *indicators;
	size_t             nindicators;
};

struct goal {
	char           *id;
	char           *text;
	struct measure *measures;
	size_t          nmeasures;
};

struct theme {
	char        *id;
	char        *title;
	char        *background; /* Markdown or NULL */
	char        *challenge;  /* Markdown or NULL */
	struct goal *goals;
	size_t       ngoals;
};

struct plan {
	struct arena                arena;
	char                       *id;
	char                       *title;
	int                         period_start;
	int                         period_end;      /* 0: open-ended */
	enum plan_status            status;
	bool                        has_adoption;
	char                       *adoption_date;   /* or NULL */
	char                       *adoption_body;   /* or NULL */
	char                       *adoption_case;   /* or NULL */
	char                       *replaces;        /* plan id or NULL */
	char                       *replaces_title;  /* its title, or NULL */
	char                       *report_deadline; /* "MM-DD" the yearly
	                                                report is due by, or
	                                                NULL: 1 September */
	struct organisation        *organisations;
	size_t                      norganisations;
	struct overarching_goal    *overarching_goals;
	size_t                      noverarching_goals;
	struct chapter             *chapters;
	size_t                      nchapters;
	struct unit                *units;
	size_t                      nunits;
	struct implementation_step *steps;
	size_t                      nsteps;
	struct theme               *themes;
	size_t                      nthemes;
};

/* Counts of the plan tree, for tests, summaries and the CLI. */
struct plan_counts {
	size_t themes, goals, measures, indicators;
};

struct plan *plan_new(void);
void plan_free(struct plan *);
void plan_count(const struct plan *, struct plan_counts *);

/* Lookups; NULL when absent. */
const struct unit    *plan_unit(const struct plan *, const char *id);
const struct theme   *plan_theme(const struct plan *, const char *id);
/* Finds a measure; sets *theme and *goal to its parents when not NULL. */
const struct measure *plan_measure(const struct plan *, const char *id,
    const struct theme **theme, const struct goal **goal);

/* The wire names ("draft", "existing", "set_aside", "internal", …) and
 * back; *_parse returns -1 for an unknown name. */
const char *plan_status_name(enum plan_status);
const char *measure_kind_name(enum measure_kind);
const char *resource_category_name(enum resource_category);
const char *unit_kind_name(enum unit_kind);
int plan_status_parse(const char *);
int measure_kind_parse(const char *);
int resource_category_parse(const char *);
int unit_kind_parse(const char *);

#endif
