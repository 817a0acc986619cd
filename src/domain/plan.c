/* plan.c — construction, lookup and enum names of the plan model. */
#include "domain/plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char *const status_names[PLAN_STATUS__MAX] = {
	"draft",     /* PLAN_DRAFT */
	"adopted",   /* PLAN_ADOPTED */
	"replaced",  /* PLAN_REPLACED */
};

static const char *const kind_names[MEASURE_KIND__MAX] = {
	"new",       /* MEASURE_NEW */
	"existing",  /* MEASURE_EXISTING */
	"proposed",  /* MEASURE_PROPOSED */
};

static const char *const category_names[RESOURCE_CATEGORY__MAX] = {
	"unknown",          /* RESOURCE_UNKNOWN */
	"existing_budget",  /* RESOURCE_EXISTING_BUDGET */
	"investigate",      /* RESOURCE_INVESTIGATE */
	"set_aside",        /* RESOURCE_SET_ASIDE */
	"external",         /* RESOURCE_EXTERNAL */
};

static const char *const unit_kind_names[UNIT_KIND__MAX] = {
	"internal",  /* UNIT_INTERNAL */
	"external",  /* UNIT_EXTERNAL */
};

static int
lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *plan_status_name(enum plan_status v) { return status_names[v]; }
const char *measure_kind_name(enum measure_kind v) { return kind_names[v]; }
const char *resource_category_name(enum resource_category v) { return category_names[v]; }
const char *unit_kind_name(enum unit_kind v) { return unit_kind_names[v]; }

int plan_status_parse(const char *s) { return lookup(status_names, PLAN_STATUS__MAX, s); }
int measure_kind_parse(const char *s) { return lookup(kind_names, MEASURE_KIND__MAX, s); }
int resource_category_parse(const char *s) { return lookup(category_names, RESOURCE_CATEGORY__MAX, s); }
int unit_kind_parse(const char *s) { return lookup(unit_kind_names, UNIT_KIND__MAX, s); }

struct plan *
plan_new(void)
{
	return xcalloc(1, sizeof(struct plan));
}

void
plan_free(struct plan *p)
{
	if (p == NULL)
		return;
	arena_free(&p->arena);
	free(p);
}

void
plan_count(const struct plan *p, struct plan_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->themes = p->nthemes;
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		c->goals += th->ngoals;
		for (size_t g = 0; g < th->ngoals; g++) {
			const struct goal *go = &th->goals[g];
			c->measures += go->nmeasures;
			for (size_t m = 0; m < go->nmeasures; m++)
				c->indicators += go->measures[m].nindicators;
		}
	}
}

const struct unit *
plan_unit(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (strcmp(p->units[i].id, id) == 0)
			return &p->units[i];
	return NULL;
}

const struct theme *
plan_theme(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->nthemes; i++)
		if (strcmp(p->themes[i].id, id) == 0)
			return &p->themes[i];
	return NULL;
}

const struct measure *
plan_measure(const struct plan *p, const char *id, const struct theme **theme,
    const struct goal **goal)
{
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		for (size_t g = 0; g < th->ngoals; g++) {
			const struct goal *go = &th->goals[g];
			for (size_t m = 0; m < go->nmeasures; m++) {
				if (strcmp(go->measures[m].id, id) != 0)
					continue;
				if (theme)
					*theme = th;
				if (goal)
					*goal = go;
				return &go->measures[m];
			}
		}
	}
	return NULL;
}
