/* overview.c — the coordinator's overview of a plan and year (db.h,
 * "the coordinator's overview"): the plan, its report page for the
 * year with every indicator, the accounts and which indicators some
 * reporter reports on, read and put together here. Nothing is written.
 *
 * The parts are read one after the other (each in its own read
 * transaction): a report saved in between shows in one part and not yet
 * in another until the page is read again, which an overview can bear. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* The indicators some active reporter reports on, as "measure\tnumber"
 * keys in *keys[0..*n). */
static enum db_status
covered_keys(struct db *db, struct arena *a, const char *plan_id, char ***keys,
    size_t *n)
{
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct drv_stmt *st = q(db, S_OVERVIEW_COVERED);
	if (st)
		drv_bind_text(st, 1, plan_id);
	size_t cap = 0;
	bool ok = st != NULL;
	while (q_row(db, st, "the indicators reporters cover", &ok)) {
		char **k = VEC_PUSH(a, *keys, *n, cap);
		char buf[160];
		snprintf(buf, sizeof(buf), "%s\t%lld", drv_col_text(st, 0),
		    (long long)drv_col_int(st, 1));
		*k = arena_strdup(a, buf);
	}
	return end_read(db, ok) ? DB_OK : DB_ERROR;
}

static bool
has_key(char **keys, size_t n, const char *measure_id, int number)
{
	char buf[160];
	snprintf(buf, sizeof(buf), "%s\t%d", measure_id, number);
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], buf) == 0)
			return true;
	return false;
}

/* The sheet's item for an indicator (the sheet is in the plan's order,
 * so the next one is nearly always it). */
static const struct report_item *
sheet_item(const struct report_sheet *s, size_t *next, const char *measure_id,
    int number)
{
	for (size_t k = 0; k < s->n; k++) {
		size_t i = (*next + k) % s->n;
		if (s->items[i].number == number &&
		    strcmp(s->items[i].measure_id, measure_id) == 0) {
			*next = i + 1;
			return &s->items[i];
		}
	}
	return NULL;
}

static int
status_slot(const struct overview_indicator *it)
{
	return it->current ? (int)it->current->status : OVERVIEW_NONE;
}

static bool
filter_keeps(const struct overview_filter *f, const struct overview_indicator *it)
{
	if (f == NULL)
		return true;
	if (f->theme && strcmp(f->theme, it->theme_id) != 0)
		return false;
	if (f->unit && !unit_refs_have(it->responsible, it->nresponsible, f->unit))
		return false;
	return f->status < 0 || f->status == status_slot(it);
}

static void
count_into(struct overview_counts *c, struct overview_progress *p,
    const struct overview_indicator *it)
{
	c->n[status_slot(it)]++;
	c->total++;
	p->indicators++;
	if (it->current && it->current->progress >= 0) {
		/* A running mean: mean += (x - mean) / n. */
		p->with_progress++;
		p->mean += (it->current->progress - p->mean) / p->with_progress;
	}
}

/* The indicators, in the plan's order, with their reports. */
static void
gather_items(struct overview *o, char **keys, size_t nkeys,
    const struct overview_filter *f)
{
	const struct plan *p = o->plan;
	size_t cap = 0, next = 0;
	for (size_t t = 0; t < p->nthemes; t++)
	for (size_t g = 0; g < p->themes[t].ngoals; g++)
	for (size_t m = 0; m < p->themes[t].goals[g].nmeasures; m++) {
		const struct measure *ms = &p->themes[t].goals[g].measures[m];
		for (size_t i = 0; i < ms->nindicators; i++) {
			const struct indicator *in = &ms->indicators[i];
			struct overview_indicator *it = VEC_PUSH(&o->arena, o->items,
			    o->nitems, cap);
			it->theme_id = p->themes[t].id;
			it->goal_id = p->themes[t].goals[g].id;
			it->measure_id = ms->id;
			it->measure_title = ms->title;
			it->number = in->number;
			it->text = in->text;
			it->category = in->resource_category;
			const struct report_item *ri = sheet_item(o->sheet, &next, ms->id,
			    in->number);
			if (ri) {
				it->responsible = ri->responsible;
				it->nresponsible = ri->nresponsible;
				it->current = ri->current;
				it->last_year = ri->last_year;
			}
			it->covered = has_key(keys, nkeys, ms->id, in->number);
			it->shown = filter_keeps(f, it);
		}
	}
}

/* The roll-up tree: a node per theme, goal and measure, each counting
 * the shown indicators below it; measures with no report this year or
 * last (when the plan has run two years) are kept as silent. */
static void
gather_nodes(struct overview *o)
{
	const struct plan *p = o->plan;
	size_t cap = 0, scap = 0, k = 0;
	bool two_years = o->year - 1 >= p->period_start;
	for (size_t t = 0; t < p->nthemes; t++) {
		size_t tn = o->nnodes;
		struct overview_node *n = VEC_PUSH(&o->arena, o->nodes, o->nnodes, cap);
		*n = (struct overview_node){0, p->themes[t].id, p->themes[t].title, {{0}, 0},
		    {0, 0, 0}};
		for (size_t g = 0; g < p->themes[t].ngoals; g++) {
			const struct goal *gl = &p->themes[t].goals[g];
			size_t gn = o->nnodes;
			n = VEC_PUSH(&o->arena, o->nodes, o->nnodes, cap);
			*n = (struct overview_node){1, gl->id, gl->text, {{0}, 0}, {0, 0, 0}};
			for (size_t m = 0; m < gl->nmeasures; m++) {
				const struct measure *ms = &gl->measures[m];
				size_t mn = o->nnodes;
				n = VEC_PUSH(&o->arena, o->nodes, o->nnodes, cap);
				*n = (struct overview_node){2, ms->id, ms->title, {{0}, 0},
				    {0, 0, 0}};
				bool heard = false;
				for (size_t i = 0; i < ms->nindicators; i++, k++) {
					const struct overview_indicator *it = &o->items[k];
					heard |= it->current != NULL || it->last_year != NULL;
					if (!it->shown)
						continue;
					count_into(&o->nodes[mn].counts, &o->nodes[mn].progress, it);
					count_into(&o->nodes[gn].counts, &o->nodes[gn].progress, it);
					count_into(&o->nodes[tn].counts, &o->nodes[tn].progress, it);
					count_into(&o->counts, &o->progress, it);
				}
				if (two_years && !heard) {
					size_t *s = VEC_PUSH(&o->arena, o->silent, o->nsilent, scap);
					*s = mn;
				}
			}
		}
	}
}

static bool
account_has_unit(const struct account *a, const char *unit)
{
	for (size_t i = 0; i < a->nunits; i++)
		if (strcmp(a->units[i], unit) == 0)
			return true;
	return false;
}

/* The index of unit id among the plan's, or -1. */
static long
unit_index(const struct plan *p, const char *id)
{
	for (size_t u = 0; id != NULL && u < p->nunits; u++)
		if (strcmp(p->units[u].id, id) == 0)
			return (long)u;
	return -1;
}

/* Appends unit u of the plan and, depth first in the plan's order, the
 * units below it to o->units. parent[] holds each unit's parent index
 * (-1: none); the depth bound keeps it finite whatever the plan says
 * (plan_check refuses a cycle). */
static void
tree_push(struct overview *o, const long *parent, size_t u, int depth, size_t *cap)
{
	const struct plan *p = o->plan;
	const struct unit *pu = &p->units[u];
	struct overview_unit *ou = VEC_PUSH(&o->arena, o->units, o->nunits, *cap);
	memset(ou, 0, sizeof(*ou));
	ou->id = pu->id;
	ou->name = pu->name;
	ou->external = pu->kind == UNIT_EXTERNAL;
	ou->collective = pu->collective;
	ou->depth = depth;
	ou->parent_name = parent[u] >= 0 ? p->units[parent[u]].name : NULL;
	for (size_t c = 0; c < p->nunits; c++)
		if (parent[c] == (long)u) {
			ou->has_below = true;
			if (depth < UNIT_DEPTH_MAX)
				tree_push(o, parent, c, depth + 1, cap);
		}
}

/* Counts each indicator the theme and status filters keep for every
 * unit responsible for it, and once for each unit above those in the
 * tree. tree[] is o->units' index of each of the plan's units, or -1. */
static void
tree_count(struct overview *o, const struct overview_filter *f, const long *parent,
    const long *tree)
{
	const struct plan *p = o->plan;
	struct overview_filter g = f ? *f : (struct overview_filter){NULL, NULL, -1};
	g.unit = NULL;
	/* Which indicator last counted for each unit: once per indicator. */
	size_t *stamp = xcalloc(p->nunits ? p->nunits : 1, sizeof(*stamp));
	for (size_t i = 0; i < o->nitems; i++) {
		const struct overview_indicator *it = &o->items[i];
		if (!filter_keeps(&g, it))
			continue;
		bool done = it->current != NULL;
		for (size_t r = 0; r < it->nresponsible; r++) {
			long u = unit_index(p, it->responsible[r].id);
			if (u >= 0 && tree[u] >= 0) {
				o->units[tree[u]].indicators++;
				o->units[tree[u]].reported += done;
			}
			for (int up = 0; u >= 0 && up <= UNIT_DEPTH_MAX; up++, u = parent[u]) {
				if (stamp[u] == i + 1)
					break;   /* counted, and so are the units above it */
				stamp[u] = i + 1;
				if (tree[u] >= 0) {
					o->units[tree[u]].tree_indicators++;
					o->units[tree[u]].tree_reported += done;
				}
			}
		}
	}
	free(stamp);
}

/* The plan's units as a tree, with their reporters and counts, and the
 * reporters of the plan who have not signed in this year. */
static void
gather_units(struct overview *o, const struct overview_filter *f, const char *today)
{
	const struct plan *p = o->plan;
	size_t n = p->nunits ? p->nunits : 1, cap = 0;
	long *parent = xcalloc(n, sizeof(*parent)), *tree = xcalloc(n, sizeof(*tree));
	for (size_t u = 0; u < p->nunits; u++)
		parent[u] = unit_index(p, p->units[u].parent);
	long only = f && f->unit ? unit_index(p, f->unit) : -1;
	for (size_t u = 0; u < p->nunits; u++)
		if (only >= 0 ? (long)u == only : parent[u] < 0)
			tree_push(o, parent, u, 0, &cap);
	for (size_t u = 0; u < p->nunits; u++)
		tree[u] = -1;
	for (size_t k = 0; k < o->nunits; k++)
		tree[unit_index(p, o->units[k].id)] = (long)k;
	tree_count(o, f, parent, tree);
	free(parent);
	free(tree);
	for (size_t k = 0; k < o->nunits; k++) {
		struct overview_unit *ou = &o->units[k];
		size_t rcap = 0;
		for (size_t a = 0; a < o->accounts->n; a++) {
			const struct account *ac = &o->accounts->items[a];
			if (ac->role != ROLE_REPORTER || ac->disabled ||
			    !account_has_unit(ac, ou->id))
				continue;
			const char **r = VEC_PUSH(&o->arena, ou->reporters, ou->nreporters, rcap);
			*r = ac->email;
		}
	}
	char year_start[16];
	snprintf(year_start, sizeof(year_start), "%.4s-01-01", today);
	size_t acap = 0;
	for (size_t a = 0; a < o->accounts->n; a++) {
		const struct account *ac = &o->accounts->items[a];
		if (ac->role != ROLE_REPORTER || ac->disabled)
			continue;
		bool in_plan = false;
		for (size_t u = 0; u < p->nunits && !in_plan; u++)
			in_plan = account_has_unit(ac, p->units[u].id);
		if (!in_plan || (ac->last_login_at && strcmp(ac->last_login_at, year_start) >= 0))
			continue;
		struct overview_reporter *r = VEC_PUSH(&o->arena, o->absent, o->nabsent, acap);
		r->email = ac->email;
		r->last_login_at = ac->last_login_at;
	}
}

enum db_status
db_overview(struct db *db, const char *plan_id, int year,
    const struct overview_filter *f, const char *today, struct overview **out)
{
	*out = NULL;
	struct overview *o = xcalloc(1, sizeof(*o));
	o->year = year;
	enum db_status st = db_plan_get(db, plan_id, &o->plan);
	if (st == DB_OK)
		st = db_report_sheet(db, plan_id, year, 0, &o->sheet);
	if (st == DB_OK)
		st = db_accounts(db, &o->accounts);
	char **keys = NULL;
	size_t nkeys = 0;
	if (st == DB_OK)
		st = covered_keys(db, &o->arena, plan_id, &keys, &nkeys);
	if (st != DB_OK) {
		overview_free(o);
		return st;
	}
	snprintf(o->deadline, sizeof(o->deadline), "%04d-%.5s", year % 10000,
	    o->plan->report_deadline ? o->plan->report_deadline : REPORT_DEADLINE_DEFAULT);
	o->overdue = strcmp(today, o->deadline) > 0;
	gather_items(o, keys, nkeys, f);
	for (size_t i = 0; i < o->nitems; i++) {
		o->no_unit += o->items[i].nresponsible == 0;
		o->not_covered += !o->items[i].covered;
	}
	gather_nodes(o);
	gather_units(o, f, today);
	*out = o;
	return DB_OK;
}

void
overview_free(struct overview *o)
{
	if (o == NULL)
		return;
	plan_free(o->plan);
	report_sheet_free(o->sheet);
	account_list_free(o->accounts);
	arena_free(&o->arena);
	free(o);
}
