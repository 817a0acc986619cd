/* help.c — the help directory in the store (db.h, "the help directory"):
 * reading services for the public pages and the editor, and writing them
 * from the editor and from an import, each change audited with the
 * service's canonical JSON before and after, and the data generation
 * moved. A row keeps the service as that JSON (help_service_json) beside
 * the columns the statements select and sort by. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/help.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

/* Binds text or, for NULL, SQL NULL. */
static void
bind_opt(struct drv_stmt *st, int i, const char *v)
{
	if (v)
		drv_bind_text(st, i, v);
	else
		drv_bind_null(st, i);
}

/* Reads the rows of st (bound by the caller) into a new list. */
static enum db_status
read_rows(struct db *db, struct drv_stmt *st, const char *what, struct help_list **out)
{
	*out = NULL;
	struct help_list *l = help_list_new();
	bool ok = true, bad = false;
	while (q_row(db, st, what, &ok)) {
		const char *data = drv_col_text(st, C_HE_DATA);
		struct help_error err;
		if (bad || !help_json_parse_service(l, data, strlen(data), &err)) {
			if (!bad)
				drv_set_error(db->drv, "service \"%s\" as stored is not valid: "
				    "%s: %s", drv_col_text(st, C_HE_ID), err.path, err.message);
			bad = true;
			continue;
		}
		struct help_service *s = &l->items[l->n - 1];
		s->version = col_int(st, C_HE_VERSION);
		s->unit_name = col_text(&l->arena, st, C_HE_UNIT_NAME);
		s->owner_name = col_text(&l->arena, st, C_HE_OWNER_NAME);
	}
	if (!ok || bad) {
		help_list_free(l);
		return DB_ERROR;
	}
	*out = l;
	return DB_OK;
}

enum db_status
db_help_directory(struct db *db, const char *org_id, struct help_list **out)
{
	struct drv_stmt *st = q(db, S_HELP_DIRECTORY);
	if (st)
		drv_bind_text(st, 1, org_id);
	return read_rows(db, st, "help directory", out);
}

/* One service by key through statement s; DB_NOT_FOUND if none. */
static enum db_status
get_one(struct db *db, enum stmt s, const char *key, struct help_list **out)
{
	struct drv_stmt *st = q(db, s);
	if (st)
		drv_bind_text(st, 1, key);
	enum db_status r = read_rows(db, st, "help service", out);
	if (r == DB_OK && (*out)->n == 0) {
		help_list_free(*out);
		*out = NULL;
		return DB_NOT_FOUND;
	}
	return r;
}

enum db_status
db_help_service_get(struct db *db, const char *id, struct help_list **out)
{
	return get_one(db, S_HELP_GET, id, out);
}

enum db_status
db_help_by_unit(struct db *db, const char *unit_id, struct help_list **out)
{
	return get_one(db, S_HELP_BY_UNIT, unit_id, out);
}

enum db_status
db_help_list(struct db *db, const char *owner, struct help_list **out)
{
	struct drv_stmt *st;
	if (owner == NULL) {
		st = q(db, S_HELP_LIST_ALL);
	} else if (*owner == '\0') {
		st = q(db, S_HELP_LIST_NATIONAL);
	} else if ((st = q(db, S_HELP_LIST_OWNER)) != NULL) {
		drv_bind_text(st, 1, owner);
	}
	return read_rows(db, st, "help services", out);
}

/* ---- writing ---- */

/* Whether statement s finds a row for key (1 yes, 0 no, -1 error). */
static int
exists(struct db *db, enum stmt s, const char *key, const char *key2)
{
	struct drv_stmt *st = q(db, s);
	if (st == NULL)
		return -1;
	drv_bind_text(st, 1, key);
	if (key2)
		drv_bind_text(st, 2, key2);
	enum drv_step r = drv_step(st, "reference");
	drv_reset(st);
	return r == DRV_ROW ? 1 : r == DRV_DONE ? 0 : -1;
}

/* Checks what s names: its owner and the organisations it serves exist,
 * its unit is in the register and no other service's. Returns 1 when
 * all is well, 0 with why filled in (where prefixes the field, "" from
 * the editor, "FILE: $.services[N]." from an import) and the error set,
 * -1 on a database error. */
static int
refs_check(struct db *db, const struct help_service *s, const char *where,
    struct db_help_refusal *why)
{
	struct db_help_refusal r;
	memset(&r, 0, sizeof(r));
	int e;
	if (s->owner && (e = exists(db, S_ORG_GET, s->owner, NULL)) != 1) {
		if (e < 0)
			return -1;
		snprintf(r.field, sizeof(r.field), "owner");
		snprintf(r.message, sizeof(r.message), "no organisation \"%s\"", s->owner);
	}
	for (size_t i = 0; r.field[0] == '\0' && i < s->nserves; i++)
		if ((e = exists(db, S_ORG_GET, s->serves[i], NULL)) != 1) {
			if (e < 0)
				return -1;
			snprintf(r.field, sizeof(r.field), "serves");
			snprintf(r.message, sizeof(r.message), "no organisation \"%s\"",
			    s->serves[i]);
		}
	if (r.field[0] == '\0' && s->unit) {
		if ((e = exists(db, S_REG_GET, s->unit, NULL)) != 1) {
			if (e < 0)
				return -1;
			snprintf(r.field, sizeof(r.field), "unit");
			snprintf(r.message, sizeof(r.message), "no unit \"%s\" in the units "
			    "register", s->unit);
		} else if ((e = exists(db, S_HELP_UNIT_TAKEN, s->unit, s->id)) != 0) {
			if (e < 0)
				return -1;
			snprintf(r.field, sizeof(r.field), "unit");
			snprintf(r.message, sizeof(r.message), "unit \"%s\" is another "
			    "service's already: a unit has one contact record", s->unit);
		}
	}
	if (r.field[0] == '\0')
		return 1;
	drv_set_error(db->drv, "%s%s: %s", where, r.field, r.message);
	if (why)
		*why = r;
	return 0;
}

/* The stored row of service id: its version and JSON (caller frees);
 * 0 and NULL when there is none. false on error. */
static bool
stored(struct db *db, const char *id, int *version, char **json)
{
	*version = 0;
	*json = NULL;
	struct drv_stmt *st = q(db, S_HELP_GET);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, id);
	enum drv_step r = drv_step(st, "help service");
	if (r == DRV_ROW) {
		*version = col_int(st, C_HE_VERSION);
		*json = xstrdup(drv_col_text(st, C_HE_DATA));
	}
	drv_reset(st);
	return r != DRV_FAIL;
}

/* Writes s as version `version` (1: a new row; else replacing version
 * version - 1), its organisations, and the audit row. */
static bool
write_row(struct db *db, const char *actor, const char *action,
    const struct help_service *s, int version, const char *before, const char *after)
{
	struct drv_stmt *st = q(db, version == 1 ? S_HELP_INSERT : S_HELP_UPDATE);
	if (st == NULL)
		return false;
	drv_bind_text(st, 1, s->id);
	bind_opt(st, 2, s->owner);
	bind_opt(st, 3, s->unit);
	drv_bind_text(st, 4, help_kind_name(s->kind));
	drv_bind_int(st, 5, s->rank);
	drv_bind_text(st, 6, s->name.nb);
	bind_opt(st, 7, s->verified);
	drv_bind_int(st, 8, version);
	drv_bind_text(st, 9, after);
	if (version > 1)
		drv_bind_int(st, 10, version - 1);
	if (!q_run(db, st, "help service"))
		return false;
	if (version > 1 && drv_changes(db->drv) != 1) {
		drv_set_error(db->drv, "service \"%s\" changed while it was written", s->id);
		return false;
	}
	if ((st = q(db, S_HELP_ORGS_DELETE)) == NULL)
		return false;
	drv_bind_text(st, 1, s->id);
	if (!q_run(db, st, "help service organisations"))
		return false;
	for (size_t i = 0; i < s->nserves; i++) {
		if ((st = q(db, S_HELP_ORG_INSERT)) == NULL)
			return false;
		drv_bind_text(st, 1, s->id);
		drv_bind_text(st, 2, s->serves[i]);
		if (!q_run(db, st, "help service organisation"))
			return false;
	}
	return audit_write(db, actor, action, "service", s->id, before, after);
}

bool
help_lists_put(struct db *db, const char *actor, struct help_list *const *lists,
    size_t n, struct db_help_import *done, bool *changed)
{
	for (size_t f = 0; f < n; f++) {
		const struct help_list *l = lists[f];
		for (size_t i = 0; i < l->n; i++) {
			const struct help_service *s = &l->items[i];
			char where[600];
			snprintf(where, sizeof(where), "%s: $.services[%zu].",
			    l->source ? l->source : "services", i);
			if (refs_check(db, s, where, NULL) != 1)
				return false;
			int version;
			char *before;
			if (!stored(db, s->id, &version, &before))
				return false;
			char *after = help_service_json(s);
			bool ok = true;
			if (before && strcmp(before, after) == 0) {
				if (done)
					done->unchanged++;
			} else {
				ok = write_row(db, actor, "import", s, version + 1, before, after);
				*changed = true;
				if (done && before)
					done->changed++;
				else if (done)
					done->created++;
			}
			free(before);
			free(after);
			if (!ok)
				return false;
		}
	}
	return true;
}

enum db_status
db_help_service_put(struct db *db, const char *actor, const struct help_service *s,
    int base_version, int *version, struct db_help_refusal *why)
{
	if (why)
		memset(why, 0, sizeof(*why));
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	enum db_status r = DB_ERROR;
	int current;
	char *before = NULL, *after = help_service_json(s);
	if (!stored(db, s->id, &current, &before))
		goto out;
	if (base_version == 0 && current != 0) {
		drv_set_error(db->drv, "there is a service \"%s\" already", s->id);
		r = DB_CONFLICT;
		goto out;
	}
	if (base_version > 0 && current == 0) {
		drv_set_error(db->drv, "there is no service \"%s\" (any more)", s->id);
		r = DB_NOT_FOUND;
		goto out;
	}
	if (base_version > 0 && current != base_version) {
		drv_set_error(db->drv, "service \"%s\" was changed by someone else "
		    "(version %d, the form was based on %d)", s->id, current, base_version);
		r = DB_CONFLICT;
		goto out;
	}
	if (before && strcmp(before, after) == 0) {
		if (version)
			*version = current;
		r = DB_OK;
		goto out;
	}
	int e = refs_check(db, s, "", why);
	if (e != 1)
		goto out;
	if (write_row(db, actor, current ? "update" : "create", s, current + 1, before,
	    after) && bump_generation(db)) {
		if (version)
			*version = current + 1;
		r = DB_OK;
	}
out:
	free(before);
	free(after);
	if (!end_write(db, r == DB_OK))
		return r == DB_OK ? DB_ERROR : r;
	return r;
}

/* Reads service id for a change at base_version (0: any) inside the
 * caller's write transaction: the service in *l (caller frees), or the
 * status that refuses the change. */
static enum db_status
for_change(struct db *db, const char *id, int base_version, struct help_list **l)
{
	enum db_status r = db_help_service_get(db, id, l);
	if (r != DB_OK)
		return r;
	if (base_version > 0 && (*l)->items[0].version != base_version) {
		drv_set_error(db->drv, "service \"%s\" was changed by someone else "
		    "(version %d, the form was based on %d)", id, (*l)->items[0].version,
		    base_version);
		help_list_free(*l);
		*l = NULL;
		return DB_CONFLICT;
	}
	return DB_OK;
}

enum db_status
db_help_service_delete(struct db *db, const char *actor, const char *id,
    int base_version)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	struct help_list *l = NULL;
	char *before = NULL;
	enum db_status r = for_change(db, id, base_version, &l);
	if (r == DB_OK) {
		r = DB_ERROR;
		before = help_service_json(&l->items[0]);
		struct drv_stmt *st = q(db, S_HELP_DELETE);
		if (st) {
			drv_bind_text(st, 1, id);
			drv_bind_int(st, 2, l->items[0].version);
			if (q_run(db, st, "help service") && drv_changes(db->drv) == 1 &&
			    audit_write(db, actor, "delete", "service", id, before, NULL) &&
			    bump_generation(db))
				r = DB_OK;
		}
	}
	free(before);
	help_list_free(l);
	if (!end_write(db, r == DB_OK))
		return r == DB_OK ? DB_ERROR : r;
	return r;
}

enum db_status
db_help_service_verify(struct db *db, const char *actor, const char *id,
    const char *date, int base_version, int *version)
{
	if (!drv_begin_write(db->drv))
		return DB_ERROR;
	struct help_list *l = NULL;
	char *before = NULL, *after = NULL;
	enum db_status r = for_change(db, id, base_version, &l);
	if (r == DB_OK) {
		struct help_service *s = &l->items[0];
		before = help_service_json(s);
		s->verified = arena_strdup(&l->arena, date);
		after = help_service_json(s);
		r = write_row(db, actor, "verify", s, s->version + 1, before, after) &&
		    bump_generation(db) ? DB_OK : DB_ERROR;
		if (r == DB_OK && version)
			*version = s->version + 1;
	}
	free(before);
	free(after);
	help_list_free(l);
	if (!end_write(db, r == DB_OK))
		return r == DB_OK ? DB_ERROR : r;
	return r;
}
