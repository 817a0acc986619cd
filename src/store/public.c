/* public.c — what issue 8's public pages read and administrators set:
 * an organisation's look (logo text and accent colour) and each
 * indicator's current status for the public (status and year, never a
 * comment or an evaluation). */
#include "store/db.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

/* {"logo_text": …, "accent": …}, nulls for NULL; caller frees. */
static char *
brand_json(const char *logo, const char *accent)
{
	json_t *j = json_object();
	json_object_set_new(j, "logo_text", logo ? json_string(logo) : json_null());
	json_object_set_new(j, "accent", accent ? json_string(accent) : json_null());
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return s;
}

static bool
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

enum db_status
db_organisation_brand(struct db *db, const char *actor, const char *id,
    const char *logo_text, const char *accent)
{
	if (logo_text && *logo_text == '\0')
		logo_text = NULL;
	if (accent && *accent == '\0')
		accent = NULL;
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	enum db_status st = DB_ERROR;
	char *old_logo = NULL, *old_accent = NULL;
	struct drv_stmt *s = q(db, S_ORG_BRAND_GET);
	if (s == NULL)
		goto out;
	drv_bind_text(s, 1, id);
	enum drv_step r = drv_step(s, "organisation");
	if (r == DRV_ROW) {
		const char *l = drv_col_text(s, 0), *a = drv_col_text(s, 1);
		old_logo = l ? xstrdup(l) : NULL;
		old_accent = a ? xstrdup(a) : NULL;
	}
	drv_reset(s);
	if (r != DRV_ROW) {
		if (r == DRV_DONE)
			st = DB_NOT_FOUND;
		goto out;
	}
	if (same(old_logo, logo_text) && same(old_accent, accent)) {
		st = DB_OK;
		goto out;
	}
	if ((s = q(db, S_ORG_BRAND_SET)) == NULL)
		goto out;
	drv_bind_text(s, 1, id);
	drv_bind_text(s, 2, logo_text);
	drv_bind_text(s, 3, accent);
	char *b = brand_json(old_logo, old_accent), *a = brand_json(logo_text, accent);
	bool ok = q_run(db, s, "organisation") &&
	    audit_write(db, actor, "brand", "organisation", id, b, a) &&
	    bump_generation(db);
	free(b);
	free(a);
	if (ok)
		st = DB_OK;
out:
	free(old_logo);
	free(old_accent);
	if (!end_write(db, st == DB_OK))
		return st == DB_OK ? DB_ERROR : st;
	return st;
}

enum db_status
db_organisation_accent(struct db *db, const char *id, char accent[8])
{
	accent[0] = '\0';
	struct drv_stmt *s = q(db, S_ORG_BRAND_GET);
	if (s == NULL)
		return DB_ERROR;
	drv_bind_text(s, 1, id);
	enum drv_step r = drv_step(s, "organisation");
	enum db_status st = r == DRV_ROW ? DB_NOT_FOUND : r == DRV_DONE ? DB_NOT_FOUND :
	    DB_ERROR;
	if (r == DRV_ROW) {
		const char *a = drv_col_text(s, 1);
		if (a && strlen(a) == 7) {
			memcpy(accent, a, 8);
			st = DB_OK;
		}
	}
	drv_reset(s);
	return st;
}

enum db_status
db_public_status(struct db *db, const char *plan_id, struct public_status **out)
{
	*out = NULL;
	struct drv_stmt *st = q(db, S_PUBLIC_STATUS);
	if (st == NULL)
		return DB_ERROR;
	drv_bind_text(st, 1, plan_id);
	struct public_status *l = xcalloc(1, sizeof(*l));
	size_t cap = 0;
	bool ok = true;
	while (q_row(db, st, "public status", &ok)) {
		const char *s = drv_col_text(st, 3);
		int k = s ? report_status_parse(s) : -1;
		if (k < 0)
			continue;
		struct public_status_item *it = VEC_PUSH(&l->arena, l->items, l->n, cap);
		it->measure_id = col_text(&l->arena, st, 0);
		it->number = col_int(st, 1);
		it->year = col_int(st, 2);
		it->status = k;
	}
	if (!ok) {
		public_status_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

const struct public_status_item *
public_status_find(const struct public_status *l, const char *measure_id, int number)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (l->items[i].number == number && strcmp(l->items[i].measure_id, measure_id) == 0)
			return &l->items[i];
	return NULL;
}

void
public_status_free(struct public_status *l)
{
	if (l == NULL)
		return;
	arena_free(&l->arena);
	free(l);
}
