/* units.c — reading the units register and what falls to a unit: the
 * list of units, one unit's page (its place among the units and, a page
 * of plans at a time, the indicators and steps that fall to it and how),
 * db_unit_duties for the reports and db_indicator_falls_to for the
 * reporters' rights. Every query starts from the same set of sources
 * (stmts.c: DUTY_SOURCES): the unit, the collective roles that apply to
 * it and the units above it. A unit's page is 7 statements (6 for a unit
 * that is not a role listing its units), whatever the number of plans. */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

_Static_assert(DUTY_DIRECT == 0 && DUTY_COLLECTIVE == 2 && DUTY_PARENT == 3,
    "the sources' ways in stmts.c (DUTY_SOURCES) are these numbers");

/* ---- the list ---- */

enum db_status
db_unit_list(struct db *db, struct unit_list **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_UNIT_LIST);
	struct unit_list *l = xcalloc(1, sizeof(*l));
	struct arena *a = &l->arena;
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "units", &ok)) {
		struct unit_summary *u = VEC_PUSH(a, l->units, l->n, cap);
		u->id = col_text(a, st, C_UL_ID);
		u->name = col_text(a, st, C_UL_NAME);
		u->kind = col_unit_kind(st, C_UL_KIND);
		u->organisation_id = col_text(a, st, C_UL_ORG_ID);
		u->organisation_name = col_text(a, st, C_UL_ORG_NAME);
		u->parent_id = col_text(a, st, C_UL_PARENT);
		u->collective = col_int(st, C_UL_COLLECTIVE) != 0;
		u->nindicators = (size_t)drv_col_int(st, C_UL_INDICATORS);
		u->nplans = (size_t)drv_col_int(st, C_UL_PLANS);
	}
	if (!ok) {
		unit_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
unit_list_free(struct unit_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

/* ---- duties ---- */

/* Adds unit (id, name) to a list unless it is there. */
static void
ref_add(struct arena *a, struct unit_ref **list, size_t *n, size_t *cap, const char *id,
    const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].id, id) == 0)
			return;
	struct unit_ref *r = VEC_PUSH(a, *list, *n, *cap);
	r->id = arena_strdup(a, id);
	r->name = arena_strdup(a, name);
}

static bool
via_has(const struct duty_via *via, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(via[i].unit.id, id) == 0)
			return true;
	return false;
}

/* Rows of S_UNIT_DUTIES or S_UNIT_DUTIES_PAGE into items: one duty per
 * indicator, from one row per responsible unit (and per way it is a
 * source). self is the unit. */
struct duty_builder {
	struct unit_duty *d;
	size_t rcap, vcap;
	int    last_pos;
	bool   direct;
};

static void
duty_finish(struct arena *a, struct duty_builder *b, const char *self)
{
	struct unit_duty *d = b->d;
	if (d == NULL)
		return;
	size_t scap = 0;
	for (size_t i = 0; i < d->nresponsible; i++) {
		const struct unit_ref *r = &d->responsible[i];
		if (strcmp(r->id, self) == 0 || (!b->direct && via_has(d->via, d->nvia, r->id)))
			continue;
		ref_add(a, &d->shared_with, &d->nshared, &scap, r->id, r->name);
	}
	d->ways = 0;
	for (size_t i = 0; i < d->nvia; i++)
		d->ways |= DUTY_BIT(d->via[i].way);
	if (b->direct)
		d->way = d->nshared ? DUTY_SHARED : DUTY_DIRECT;
	else
		d->way = d->ways & DUTY_BIT(DUTY_COLLECTIVE) ? DUTY_COLLECTIVE : DUTY_PARENT;
	d->ways |= DUTY_BIT(d->way);
}

static bool
duty_rows(struct db *db, struct drv_stmt *st, const char *self, struct arena *a,
    struct unit_duty **items, size_t *n)
{
	size_t cap = 0;
	struct duty_builder b = {0};
	bool ok = true;
	while (q_row(db, st, "unit duties", &ok)) {
		const char *plan = drv_col_text(st, C_DU_PLAN_ID);
		const char *measure = drv_col_text(st, C_DU_MEASURE_ID);
		int number = col_int(st, C_DU_NUMBER);
		struct unit_duty *d = b.d;
		if (d == NULL || d->number != number || strcmp(d->measure_id, measure) != 0 ||
		    strcmp(d->plan_id, plan) != 0) {
			duty_finish(a, &b, self);
			d = VEC_PUSH(a, *items, *n, cap);
			b = (struct duty_builder){.d = d, .last_pos = -1};
			d->plan_id = col_text(a, st, C_DU_PLAN_ID);
			d->plan_title = col_text(a, st, C_DU_PLAN_TITLE);
			const char *status = drv_col_text(st, C_DU_PLAN_STATUS);
			int ps = status ? plan_status_parse(status) : -1;
			d->plan_status = ps < 0 ? PLAN_DRAFT : (enum plan_status)ps;
			d->theme_id = col_text(a, st, C_DU_THEME_ID);
			d->theme_title = col_text(a, st, C_DU_THEME_TITLE);
			d->measure_id = col_text(a, st, C_DU_MEASURE_ID);
			d->measure_title = col_text(a, st, C_DU_MEASURE_TITLE);
			d->number = number;
			d->text = col_text(a, st, C_DU_TEXT);
			d->resource_note = col_text(a, st, C_DU_RESOURCE_NOTE);
			d->resource_category = col_category(st, C_DU_CATEGORY);
			d->responsible_note = col_text(a, st, C_DU_RESPONSIBLE_NOTE);
			d->deadline = col_text(a, st, C_DU_DEADLINE);
		}
		const char *uid = drv_col_text(st, C_DU_UNIT_ID);
		const char *uname = drv_col_text(st, C_DU_UNIT_NAME);
		int pos = col_int(st, C_DU_POSITION);
		if (pos != b.last_pos) {
			struct unit_ref *r = VEC_PUSH(a, d->responsible, d->nresponsible, b.rcap);
			r->id = arena_strdup(a, uid);
			r->name = arena_strdup(a, uname);
			b.last_pos = pos;
		}
		if (drv_col_null(st, C_DU_WAY))
			continue;
		int way = col_int(st, C_DU_WAY);
		if (way == DUTY_DIRECT) {
			b.direct = true;
		} else if ((way == DUTY_COLLECTIVE || way == DUTY_PARENT) &&
		    !via_has(d->via, d->nvia, uid)) {
			struct duty_via *v = VEC_PUSH(a, d->via, d->nvia, b.vcap);
			v->way = (enum duty_way)way;
			v->unit.id = arena_strdup(a, uid);
			v->unit.name = arena_strdup(a, uname);
		}
	}
	duty_finish(a, &b, self);
	return ok;
}

/* True if the register has unit id (inside a read transaction). */
static bool
unit_exists(struct db *db, const char *id, bool *exists)
{
	struct drv_stmt *st = q(db, S_REG_PARENT);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, id);
	enum drv_step r = drv_step(st, "unit");
	drv_reset(st);
	*exists = r == DRV_ROW;
	return r != DRV_FAIL;
}

enum db_status
db_unit_duties(struct db *db, const char *unit_id, const char *plan_id,
    struct unit_duty_list **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	bool exists = false;
	bool ok = unit_exists(db, unit_id, &exists);
	if (!ok || !exists)
		return end_read(db, ok) ? DB_NOT_FOUND : DB_ERROR;
	struct unit_duty_list *l = xcalloc(1, sizeof(*l));
	struct drv_stmt *st = q(db, S_UNIT_DUTIES);
	if (st) {
		drv_bind_text(st, 1, unit_id);
		drv_bind_text(st, 2, plan_id ? plan_id : "");
	}
	ok = end_read(db, duty_rows(db, st, unit_id, &l->arena, &l->items, &l->n));
	if (!ok) {
		unit_duty_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

void
unit_duty_list_free(struct unit_duty_list *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}

enum db_status
db_indicator_falls_to(struct db *db, const char *plan_id, const char *measure_id,
    int number, const char *const *units, size_t n, bool *falls, size_t *which)
{
	*falls = false;
	if (n == 0)
		return DB_OK;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	bool ok = true;
	for (size_t i = 0; ok && !*falls && i < n; i++) {
		struct drv_stmt *st = q(db, S_UNIT_FALLS_TO);
		if (st == NULL) {
			ok = false;
			break;
		}
		drv_bind_text(st, 1, units[i]);
		drv_bind_text(st, 2, plan_id);
		drv_bind_text(st, 3, measure_id);
		drv_bind_int(st, 4, number);
		ok = drv_step(st, "indicator falls to") == DRV_ROW;
		if (ok && drv_col_int(st, 0) > 0) {
			*falls = true;
			if (which)
				*which = i;
		}
		drv_reset(st);
	}
	return end_read(db, ok) ? DB_OK : DB_ERROR;
}

/* ---- one unit's page ---- */

/* Binds the unit and its page (DUTY_PAGE_PLANS' $2 and $3). */
static struct drv_stmt *
for_unit_page(struct db *db, enum stmt s, const char *id, int page)
{
	struct drv_stmt *st = q(db, s);
	if (st) {
		drv_bind_text(st, 1, id);
		drv_bind_int(st, 2, UNIT_PAGE_PLANS);
		drv_bind_int(st, 3, (int64_t)(page - 1) * UNIT_PAGE_PLANS);
	}
	return st;
}

/* A list of (id, name) rows of statement s for id. */
static bool
ref_rows(struct db *db, enum stmt s, const char *id, const char *what, struct arena *a,
    struct unit_ref **list, size_t *n)
{
	struct drv_stmt *st = q(db, s);
	if (st)
		drv_bind_text(st, 1, id);
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, what, &ok)) {
		struct unit_ref *r = VEC_PUSH(a, *list, *n, cap);
		r->id = col_text(a, st, 0);
		r->name = col_text(a, st, 1);
	}
	return ok;
}

/* Where the unit stands: the roles that apply to it, the units above
 * and below it, and a role's listed units. */
static bool
get_place(struct db *db, struct unit_view *u)
{
	struct arena *a = &u->arena;
	struct drv_stmt *st = q(db, S_UNIT_SOURCES);
	if (st)
		drv_bind_text(st, 1, u->id);
	size_t rcap = 0, acap = 0;
	bool ok = true;
	while (q_row(db, st, "unit sources", &ok)) {
		const char *id = drv_col_text(st, C_USRC_ID);
		const char *name = drv_col_text(st, C_USRC_NAME);
		if (col_int(st, C_USRC_WAY) == DUTY_COLLECTIVE)
			ref_add(a, &u->roles, &u->nroles, &rcap, id, name);
		else
			ref_add(a, &u->above, &u->nabove, &acap, id, name);
	}
	ok = ok && ref_rows(db, S_UNIT_BELOW, u->id, "units below", a, &u->below, &u->nbelow);
	if (ok && u->collective && u->applies_listed)
		ok = ref_rows(db, S_UNIT_MEMBERS, u->id, "units of a role", a, &u->members,
		    &u->nmembers);
	return ok;
}

static bool
get_totals(struct db *db, struct unit_view *u)
{
	struct drv_stmt *st = q(db, S_UNIT_TOTALS);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, u->id);
	bool ok = drv_step(st, "unit totals") == DRV_ROW;
	if (ok) {
		u->nplans = (size_t)drv_col_int(st, 0);
		u->nindicators = (size_t)drv_col_int(st, 1);
		size_t alone = (size_t)drv_col_int(st, 2), direct = (size_t)drv_col_int(st, 3);
		u->nway[DUTY_DIRECT] = alone;
		u->nway[DUTY_SHARED] = direct - alone;
		u->nway[DUTY_COLLECTIVE] = (size_t)drv_col_int(st, 4);
		u->nway[DUTY_PARENT] = (size_t)drv_col_int(st, 5);
	}
	drv_reset(st);
	return ok;
}

/* The page's steps: one per step, with the roles and units above it
 * falls through. */
static bool
get_steps(struct db *db, struct unit_view *u)
{
	struct arena *a = &u->arena;
	struct drv_stmt *st = for_unit_page(db, S_UNIT_STEPS, u->id, u->page);
	size_t cap = 0, vcap = 0;
	int last_pos = -1;
	struct unit_step *s = NULL;
	bool ok = true;
	while (q_row(db, st, "unit steps", &ok)) {
		const char *plan = drv_col_text(st, C_DS_PLAN_ID);
		int pos = col_int(st, C_DS_POSITION);
		if (s == NULL || pos != last_pos || strcmp(s->plan_id, plan) != 0) {
			s = VEC_PUSH(a, u->steps, u->nsteps, cap);
			s->plan_id = col_text(a, st, C_DS_PLAN_ID);
			s->plan_title = col_text(a, st, C_DS_PLAN_TITLE);
			s->what = col_text(a, st, C_DS_WHAT);
			s->when = col_text(a, st, C_DS_WHEN);
			last_pos = pos;
			vcap = 0;
		}
		int way = col_int(st, C_DS_WAY);
		const char *uid = drv_col_text(st, C_DS_UNIT_ID);
		if (way == DUTY_DIRECT) {
			s->direct = true;
		} else if (!via_has(s->via, s->nvia, uid)) {
			struct duty_via *v = VEC_PUSH(a, s->via, s->nvia, vcap);
			v->way = way == DUTY_COLLECTIVE ? DUTY_COLLECTIVE : DUTY_PARENT;
			v->unit.id = arena_strdup(a, uid);
			v->unit.name = col_text(a, st, C_DS_UNIT_NAME);
		}
	}
	return ok;
}

enum db_status
db_unit_get(struct db *db, const char *id, int page, struct unit_view **out)
{
	*out = NULL;
	if (!drv_begin_read(db->drv))
		return DB_ERROR;
	struct drv_stmt *st = q(db, S_UNIT_ENTRY);
	if (st == NULL) {
		end_read(db, false);
		return DB_ERROR;
	}
	drv_bind_text(st, 1, id);
	enum drv_step r = drv_step(st, "unit");
	if (r != DRV_ROW) {
		drv_reset(st);
		if (!end_read(db, r == DRV_DONE))
			return DB_ERROR;
		return DB_NOT_FOUND;
	}
	struct unit_view *u = xcalloc(1, sizeof(*u));
	struct arena *a = &u->arena;
	u->id = arena_strdup(a, id);
	u->name = col_text(a, st, C_UE_NAME);
	u->kind = col_unit_kind(st, C_UE_KIND);
	u->organisation_id = col_text(a, st, C_UE_ORG_ID);
	u->organisation_name = col_text(a, st, C_UE_ORG_NAME);
	u->collective = col_int(st, C_UE_COLLECTIVE) != 0;
	u->applies_listed = col_int(st, C_UE_LISTED) != 0;
	drv_reset(st);
	u->page = page;
	bool ok = get_totals(db, u);
	u->pages = (int)((u->nplans + UNIT_PAGE_PLANS - 1) / UNIT_PAGE_PLANS);
	if (ok && (page < 1 || page > u->pages)) {
		end_read(db, true);
		unit_view_free(u);
		return DB_NOT_FOUND;
	}
	ok = ok && get_place(db, u);
	if (ok) {
		st = for_unit_page(db, S_UNIT_DUTIES_PAGE, id, page);
		ok = duty_rows(db, st, id, a, &u->items, &u->nitems);
	}
	ok = end_read(db, ok && get_steps(db, u));
	if (!ok) {
		unit_view_free(u);
		return DB_ERROR;
	}
	*out = u;
	return DB_OK;
}

void
unit_view_free(struct unit_view *u)
{
	if (u == NULL)
		return;
	arena_free(&u->arena);
	free(u);
}
