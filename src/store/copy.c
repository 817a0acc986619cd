/* copy.c — copying a whole installation from one database to another,
 * either backend to either (db_copy; `tiltak copy-db`). Every table is
 * read in one read transaction on the source (one moment) and written in
 * one write transaction on the target (all or nothing), row by row with
 * bound parameters, parents before children. Values travel as text, which
 * both backends read back into their column types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct table {
	const char *name;
	const char *columns;   /* comma-separated, as in the schema */
	int         ncolumns;
	const char *order;
	bool        serial;    /* an id PostgreSQL numbers with a sequence */
};

/* Every table of schema version 9 but session and login_throttle,
 * parents first (references inside the units register are checked at
 * commit). Adding a table to the
 * schema means adding it here (the copy test compares every table). */
static const struct table tables[] = {
	{"organisation", "id, name, logo_text, accent", 4, "id", false},
	{"org_unit", "id, name, kind, organisation_id, parent_id, collective,"
	    " members_listed", 7, "id", false},
	{"org_unit_member", "collective_id, unit_id, position", 3,
	    "collective_id, unit_id", false},
	/* The help directory (after the organisations and units it names). */
	{"help_service", "id, owner_id, unit_id, kind, sort_rank, name, verified,"
	    " version, data", 9, "id", false},
	{"help_service_org", "service_id, organisation_id", 2,
	    "service_id, organisation_id", false},
	{"plan", "id, title, period_start, period_end, status, has_adoption,"
	    " adoption_date, adoption_body, adoption_case, replaces, replaces_title,"
	    " report_deadline", 12, "id", false},
	{"plan_organisation", "plan_id, organisation_id, position", 3,
	    "plan_id, organisation_id", false},
	{"overarching_goal", "plan_id, position, title, text", 4, "plan_id, position", false},
	{"chapter", "plan_id, id, position, title, body", 5, "plan_id, id", false},
	{"unit", "plan_id, id, position, name, kind, organisation_id, parent_id,"
	    " collective, applies_to", 9, "plan_id, id", false},
	{"implementation_step", "plan_id, position, what, who, when_text", 5,
	    "plan_id, position", false},
	{"step_unit", "plan_id, step_position, position, unit_id", 4,
	    "plan_id, step_position, position", false},
	{"theme", "plan_id, id, position, title, background, challenge", 6, "plan_id, id",
	    false},
	{"goal", "plan_id, id, theme_id, position, text", 5, "plan_id, id", false},
	{"measure", "plan_id, id, goal_id, position, title, kind, description", 7,
	    "plan_id, id", false},
	{"indicator", "plan_id, measure_id, number, position, text, resource_note,"
	    " resource_category, responsible_note, deadline", 9,
	    "plan_id, measure_id, number", false},
	{"indicator_unit", "plan_id, measure_id, number, position, unit_id", 5,
	    "plan_id, measure_id, number, position", false},
	{"plan_search_slot", "plan_id, slot", 2, "plan_id", false},
	{"search_entry", "id, plan_id, plan_title, plan_start, ord, kind, key, title,"
	    " number, body, resource_note, category, units, text", 14, "id", false},
	{"plan_revision", "plan_id, number, at, actor, title, digest, json", 7,
	    "plan_id, number", false},
	{"audit", "id, at, actor, action, object_type, object_id, before_json,"
	    " after_json", 8, "id", true},
	/* Accounts and the secrets that sign login forms and key the
	 * throttle; sessions and throttle counts are not copied (everyone
	 * signs in again on the new installation). */
	{"account", "id, email, role, password_hash, disabled, created_at,"
	    " last_login_at", 7, "id", true},
	{"account_unit", "account_id, unit_id", 2, "account_id, unit_id", false},
	{"account_organisation", "account_id, organisation_id", 2,
	    "account_id, organisation_id", false},
	{"secret", "name, value", 2, "name", false},
	/* The yearly reports, every version (after the accounts they name). */
	{"report", "plan_id, measure_id, number, year, version, status, progress,"
	    " comment, evaluation, account_id, actor, at", 12,
	    "plan_id, measure_id, number, year, version", false},
	/* The action cards (issue 8 §5). */
	{"action_card", "organisation_id, revision, is_template, json, digest,"
	    " updated_at, updated_by", 7, "organisation_id", false},
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))
/* Statement numbers above the store's own. */
#define COPY_STMT(i, write) (STMT__MAX + 2 * (int)(i) + (write))

static bool
count_in_use(struct db *db, int64_t *n)
{
	struct drv_stmt *st = q(db, S_ROWS_IN_USE);
	if (st == NULL || drv_step(st, "rows in use") != DRV_ROW) {
		if (st)
			drv_reset(st);
		return false;
	}
	*n = drv_col_int(st, 0);
	drv_reset(st);
	return true;
}

static bool
count_audit(struct db *db, int64_t *n)
{
	struct drv_stmt *st = drv_stmt(db->drv, COPY_STMT(NTABLES, 0),
	    "SELECT count(*) FROM audit");
	if (st == NULL || drv_step(st, "audit rows") != DRV_ROW) {
		if (st)
			drv_reset(st);
		return false;
	}
	*n = drv_col_int(st, 0);
	drv_reset(st);
	return true;
}

static bool
copy_table(struct db *from, struct db *to, size_t ti, long *rows)
{
	const struct table *t = &tables[ti];
	char *select = xasprintf("SELECT %s FROM %s ORDER BY %s", t->columns, t->name,
	    t->order);
	struct buf ins = {0};
	buf_printf(&ins, "INSERT INTO %s (%s) VALUES (", t->name, t->columns);
	for (int i = 1; i <= t->ncolumns; i++)
		buf_printf(&ins, "%s$%d", i > 1 ? ", " : "", i);
	buf_putc(&ins, ')');
	struct drv_stmt *src = drv_stmt(from->drv, COPY_STMT(ti, 0), select);
	struct drv_stmt *dst = drv_stmt(to->drv, COPY_STMT(ti, 1), ins.data);
	free(select);
	buf_free(&ins);
	if (src == NULL || dst == NULL)
		return false;
	enum drv_step r;
	while ((r = drv_step(src, t->name)) == DRV_ROW) {
		dst = drv_stmt(to->drv, COPY_STMT(ti, 1), NULL);
		for (int i = 0; i < t->ncolumns; i++)
			drv_bind_text(dst, i + 1, drv_col_text(src, i));
		if (drv_step(dst, t->name) == DRV_FAIL) {
			drv_reset(src);
			return false;
		}
		drv_reset(dst);
		(*rows)++;
	}
	drv_reset(src);
	if (r == DRV_FAIL) {
		drv_set_error(to->drv, "reading %s: %s", t->name, drv_errmsg(from->drv));
		return false;
	}
	/* PostgreSQL's sequences must go on after the copied ids. */
	if (t->serial && db_is_pgsql(to)) {
		char *sql = xasprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'),"
		    " (SELECT coalesce(max(id), 0) + 1 FROM %s), false)", t->name, t->name);
		bool ok = drv_exec(to->drv, sql);
		free(sql);
		if (!ok)
			return false;
	}
	return true;
}

enum db_status
db_copy(struct db *from, struct db *to, bool force, long *rows)
{
	*rows = 0;
	int64_t in_use = 0, audit = 0;
	if (!count_in_use(to, &in_use) || !count_audit(to, &audit))
		return DB_ERROR;
	if (in_use > 0 && !force) {
		drv_set_error(to->drv, "the target database is not empty (it holds %lld "
		    "plans, organisations, units, help services, revisions or audit rows); copy-db writes only "
		    "into an empty one, or replaces its plans with --force",
		    (long long)in_use);
		return DB_ERROR;
	}
	if (audit > 0) {
		drv_set_error(to->drv, "the target database holds %lld audit rows, which "
		    "cannot be deleted or mixed with another installation's; copy into an "
		    "empty database", (long long)audit);
		return DB_ERROR;
	}
	int64_t gen = 0;
	if (!drv_begin_read(from->drv))
		return DB_ERROR;
	if (!drv_begin_write(to->drv)) {
		end_read(from, false);
		return DB_ERROR;
	}
	bool ok = db_generation(from, &gen) == DB_OK;
	if (ok && in_use > 0)
		ok = drv_exec(to->drv, "DELETE FROM help_service_org; DELETE FROM help_service;"
		    " DELETE FROM search_entry; DELETE FROM plan_search_slot;"
		    " DELETE FROM plan_revision; DELETE FROM plan; DELETE FROM org_unit_member;"
		    " DELETE FROM org_unit; DELETE FROM action_card; DELETE FROM organisation;");
	for (size_t i = 0; ok && i < NTABLES; i++)
		ok = copy_table(from, to, i, rows);
	/* The target's generation moves past both, so no cache anywhere
	 * holds a page of what it was. */
	if (ok) {
		int64_t tgen = 0;
		ok = db_generation(to, &tgen) == DB_OK;
		struct drv_stmt *st = ok ? drv_stmt(to->drv, COPY_STMT(NTABLES, 1),
		    "UPDATE meta SET value = $1 WHERE key = 'generation'") : NULL;
		if (st) {
			drv_bind_int(st, 1, (gen > tgen ? gen : tgen) + 1);
			ok = q_run(to, st, "generation") && q_run(to, q(to, S_NOTIFY), "notify");
		} else {
			ok = false;
		}
	}
	end_read(from, true);
	return end_write(to, ok) ? DB_OK : DB_ERROR;
}
