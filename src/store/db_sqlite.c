/* db_sqlite.c — the SQLite backend of the store (db.h).
 *
 * The database runs in WAL mode with foreign keys on. The schema is made
 * and upgraded by the migrations below, each applied once in its own
 * transaction and recorded in schema_version. Every statement is in the
 * stmt_sql table, prepared once per connection on first use, with its
 * parameters always bound. SQL is kept to what PostgreSQL also accepts
 * where that costs nothing (ON CONFLICT upserts, no AUTOINCREMENT). */
#include "store/db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"

/* ---- search text ----
 *
 * What a search looks through, as SQL over one row of its table:
 * tiltak_fold (text_fold, registered on every connection) of the fields
 * joined by spaces, so no word can run from one field into the next. An
 * import computes it for the plan it wrote (S_SEARCH_TEXT_*); migration 2
 * for every row. A change here needs a new migration that recomputes. */

#define SEARCH_TEXT_MEASURE \
	"tiltak_fold(title || ' ' || coalesce(description, ''))"
#define SEARCH_TEXT_INDICATOR \
	"tiltak_fold(text || ' ' || coalesce(resource_note, '') || ' ' ||" \
	" coalesce(responsible_note, '') || ' ' ||" \
	" coalesce((SELECT group_concat(u.name, ' ') FROM indicator_unit iu" \
	"  JOIN unit u ON u.plan_id = iu.plan_id AND u.id = iu.unit_id" \
	"  WHERE iu.plan_id = indicator.plan_id AND iu.measure_id = indicator.measure_id" \
	"  AND iu.number = indicator.number), ''))"
#define SEARCH_TEXT_CHAPTER \
	"tiltak_fold(title || ' ' || body)"

/* ---- migrations ---- */

static const char *const migrations[] = {
	/* 1: the plan register. */
	"CREATE TABLE meta ("
	"  key   TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL);"
	"INSERT INTO meta (key, value) VALUES ('generation', 0);"
	"CREATE TABLE organisation ("
	"  id   TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL);"
	"CREATE TABLE plan ("
	"  id             TEXT PRIMARY KEY,"
	"  title          TEXT NOT NULL,"
	"  period_start   INTEGER NOT NULL,"
	"  period_end     INTEGER,"
	"  status         TEXT NOT NULL CHECK (status IN ('draft','adopted','replaced')),"
	"  has_adoption   INTEGER NOT NULL,"
	"  adoption_date  TEXT,"
	"  adoption_body  TEXT,"
	"  adoption_case  TEXT,"
	"  replaces       TEXT);"
	"CREATE TABLE plan_organisation ("
	"  plan_id         TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  organisation_id TEXT NOT NULL REFERENCES organisation (id),"
	"  position        INTEGER NOT NULL,"
	"  PRIMARY KEY (plan_id, organisation_id));"
	"CREATE INDEX plan_organisation_by_org ON plan_organisation (organisation_id);"
	"CREATE TABLE overarching_goal ("
	"  plan_id  TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  title    TEXT NOT NULL,"
	"  text     TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, position));"
	"CREATE TABLE chapter ("
	"  plan_id  TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  id       TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  title    TEXT NOT NULL,"
	"  body     TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, id));"
	"CREATE TABLE unit ("
	"  plan_id         TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  id              TEXT NOT NULL,"
	"  position        INTEGER NOT NULL,"
	"  name            TEXT NOT NULL,"
	"  kind            TEXT NOT NULL CHECK (kind IN ('internal','external')),"
	"  organisation_id TEXT REFERENCES organisation (id),"
	"  PRIMARY KEY (plan_id, id));"
	"CREATE INDEX unit_by_id ON unit (id);"
	"CREATE TABLE implementation_step ("
	"  plan_id   TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  position  INTEGER NOT NULL,"
	"  what      TEXT NOT NULL,"
	"  who       TEXT NOT NULL,"
	"  when_text TEXT,"
	"  PRIMARY KEY (plan_id, position));"
	"CREATE TABLE step_unit ("
	"  plan_id       TEXT NOT NULL,"
	"  step_position INTEGER NOT NULL,"
	"  position      INTEGER NOT NULL,"
	"  unit_id       TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, step_position, position),"
	"  FOREIGN KEY (plan_id, step_position) REFERENCES implementation_step (plan_id, position) ON DELETE CASCADE,"
	"  FOREIGN KEY (plan_id, unit_id) REFERENCES unit (plan_id, id) ON DELETE CASCADE);"
	"CREATE INDEX step_unit_by_unit ON step_unit (unit_id);"
	"CREATE TABLE theme ("
	"  plan_id    TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,"
	"  id         TEXT NOT NULL,"
	"  position   INTEGER NOT NULL,"
	"  title      TEXT NOT NULL,"
	"  background TEXT,"
	"  challenge  TEXT,"
	"  PRIMARY KEY (plan_id, id));"
	"CREATE TABLE goal ("
	"  plan_id  TEXT NOT NULL,"
	"  id       TEXT NOT NULL,"
	"  theme_id TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  text     TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, id),"
	"  FOREIGN KEY (plan_id, theme_id) REFERENCES theme (plan_id, id) ON DELETE CASCADE);"
	"CREATE INDEX goal_by_theme ON goal (plan_id, theme_id);"
	"CREATE TABLE measure ("
	"  plan_id     TEXT NOT NULL,"
	"  id          TEXT NOT NULL,"
	"  goal_id     TEXT NOT NULL,"
	"  position    INTEGER NOT NULL,"
	"  title       TEXT NOT NULL,"
	"  kind        TEXT NOT NULL CHECK (kind IN ('new','existing','proposed')),"
	"  description TEXT,"
	"  search_text TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, id),"
	"  FOREIGN KEY (plan_id, goal_id) REFERENCES goal (plan_id, id) ON DELETE CASCADE);"
	"CREATE INDEX measure_by_goal ON measure (plan_id, goal_id);"
	"CREATE TABLE indicator ("
	"  plan_id           TEXT NOT NULL,"
	"  measure_id        TEXT NOT NULL,"
	"  number            INTEGER NOT NULL,"
	"  position          INTEGER NOT NULL,"
	"  text              TEXT NOT NULL,"
	"  resource_note     TEXT,"
	"  resource_category TEXT NOT NULL CHECK (resource_category IN"
	"    ('unknown','existing_budget','investigate','set_aside','external')),"
	"  responsible_note  TEXT,"
	"  deadline          TEXT,"
	"  search_text       TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, measure_id, number),"
	"  FOREIGN KEY (plan_id, measure_id) REFERENCES measure (plan_id, id) ON DELETE CASCADE);"
	"CREATE TABLE indicator_unit ("
	"  plan_id    TEXT NOT NULL,"
	"  measure_id TEXT NOT NULL,"
	"  number     INTEGER NOT NULL,"
	"  position   INTEGER NOT NULL,"
	"  unit_id    TEXT NOT NULL,"
	"  PRIMARY KEY (plan_id, measure_id, number, position),"
	"  FOREIGN KEY (plan_id, measure_id, number) REFERENCES indicator (plan_id, measure_id, number) ON DELETE CASCADE,"
	"  FOREIGN KEY (plan_id, unit_id) REFERENCES unit (plan_id, id) ON DELETE CASCADE);"
	"CREATE INDEX indicator_unit_by_unit ON indicator_unit (unit_id);",
	/* 2: the title of the plan a plan replaces, as the plan gives it, so
	 * that a plan not in the database is named by title, not by id. */
	"ALTER TABLE plan ADD COLUMN replaces_title TEXT;",

	/* 3: search covers measure descriptions, resource notes, responsible
	 * units and chapters, folded by utf8proc (text_fold) instead of the
	 * Latin-only fold of version 1. Every stored search text is made
	 * anew here, so a database from version 1 finds the same as a fresh
	 * import; the generation moves so no instance serves an old page. */
	"ALTER TABLE chapter ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
	"UPDATE measure SET search_text = " SEARCH_TEXT_MEASURE ";"
	"UPDATE indicator SET search_text = " SEARCH_TEXT_INDICATOR ";"
	"UPDATE chapter SET search_text = " SEARCH_TEXT_CHAPTER ";"
	"UPDATE meta SET value = value + 1 WHERE key = 'generation';",
};

#define MIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

/* ---- statements ---- */

enum stmt {
	S_BEGIN,
	S_BEGIN_READ,
	S_COMMIT,
	S_ROLLBACK,
	S_GENERATION,
	S_GENERATION_BUMP,
	S_PLAN_DELETE,
	S_ORG_UPSERT,
	S_PLAN_INSERT,
	S_PLAN_ORG_INSERT,
	S_OGOAL_INSERT,
	S_CHAPTER_INSERT,
	S_UNIT_INSERT,
	S_STEP_INSERT,
	S_STEP_UNIT_INSERT,
	S_THEME_INSERT,
	S_GOAL_INSERT,
	S_MEASURE_INSERT,
	S_INDICATOR_INSERT,
	S_INDICATOR_UNIT_INSERT,
	S_SEARCH_TEXT_MEASURES,
	S_SEARCH_TEXT_INDICATORS,
	S_SEARCH_TEXT_CHAPTERS,
	S_PLAN_GET,
	S_PLAN_NAME,
	S_PLAN_ORGS,
	S_PLAN_OGOALS,
	S_PLAN_CHAPTERS,
	S_PLAN_UNITS,
	S_PLAN_STEPS,
	S_STEP_UNITS,
	S_PLAN_THEMES,
	S_THEME_GOALS,
	S_GOAL_MEASURES,
	S_MEASURE_INDICATORS,
	S_INDICATOR_UNITS,
	S_CATALOGUE,
	S_UNIT_LIST,
	S_UNIT_NAME,
	S_UNIT_ITEMS,
	S_UNIT_STEPS,
	S_INDICATOR_UNIT_NAMES,
	S_SEARCH,
	STMT__MAX
};

static const char *const stmt_sql[STMT__MAX] = {
	/* S_BEGIN */ "BEGIN IMMEDIATE",
	/* S_BEGIN_READ */ "BEGIN",
	/* S_COMMIT */ "COMMIT",
	/* S_ROLLBACK */ "ROLLBACK",
	/* S_GENERATION */ "SELECT value FROM meta WHERE key = 'generation'",
	/* S_GENERATION_BUMP */ "UPDATE meta SET value = value + 1 WHERE key = 'generation'",
	/* S_PLAN_DELETE */ "DELETE FROM plan WHERE id = ?1",
	/* S_ORG_UPSERT */
	"INSERT INTO organisation (id, name) VALUES (?1, ?2) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name",
	/* S_PLAN_INSERT */
	"INSERT INTO plan (id, title, period_start, period_end, status, has_adoption,"
	" adoption_date, adoption_body, adoption_case, replaces, replaces_title)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* S_PLAN_ORG_INSERT */
	"INSERT INTO plan_organisation (plan_id, organisation_id, position) VALUES (?1, ?2, ?3)",
	/* S_OGOAL_INSERT */
	"INSERT INTO overarching_goal (plan_id, position, title, text) VALUES (?1, ?2, ?3, ?4)",
	/* S_CHAPTER_INSERT */
	"INSERT INTO chapter (plan_id, id, position, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* S_UNIT_INSERT */
	"INSERT INTO unit (plan_id, id, position, name, kind, organisation_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* S_STEP_INSERT */
	"INSERT INTO implementation_step (plan_id, position, what, who, when_text)"
	" VALUES (?1, ?2, ?3, ?4, ?5)",
	/* S_STEP_UNIT_INSERT */
	"INSERT INTO step_unit (plan_id, step_position, position, unit_id) VALUES (?1, ?2, ?3, ?4)",
	/* S_THEME_INSERT */
	"INSERT INTO theme (plan_id, id, position, title, background, challenge)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* S_GOAL_INSERT */
	"INSERT INTO goal (plan_id, id, theme_id, position, text) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* S_MEASURE_INSERT */
	"INSERT INTO measure (plan_id, id, goal_id, position, title, kind, description, search_text)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* S_INDICATOR_INSERT */
	"INSERT INTO indicator (plan_id, measure_id, number, position, text, resource_note,"
	" resource_category, responsible_note, deadline, search_text)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	/* S_INDICATOR_UNIT_INSERT */
	"INSERT INTO indicator_unit (plan_id, measure_id, number, position, unit_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5)",
	/* S_SEARCH_TEXT_MEASURES */
	"UPDATE measure SET search_text = " SEARCH_TEXT_MEASURE " WHERE plan_id = ?1",
	/* S_SEARCH_TEXT_INDICATORS */
	"UPDATE indicator SET search_text = " SEARCH_TEXT_INDICATOR " WHERE plan_id = ?1",
	/* S_SEARCH_TEXT_CHAPTERS */
	"UPDATE chapter SET search_text = " SEARCH_TEXT_CHAPTER " WHERE plan_id = ?1",
	/* S_PLAN_GET */
	"SELECT id, title, period_start, period_end, status, has_adoption, adoption_date,"
	" adoption_body, adoption_case, replaces, replaces_title FROM plan WHERE id = ?1",
	/* S_PLAN_NAME */
	"SELECT id, title, period_start, period_end FROM plan WHERE id = ?1",
	/* S_PLAN_ORGS */
	"SELECT o.id, o.name FROM plan_organisation po"
	" JOIN organisation o ON o.id = po.organisation_id"
	" WHERE po.plan_id = ?1 ORDER BY po.position",
	/* S_PLAN_OGOALS */
	"SELECT title, text FROM overarching_goal WHERE plan_id = ?1 ORDER BY position",
	/* S_PLAN_CHAPTERS */
	"SELECT id, title, body FROM chapter WHERE plan_id = ?1 ORDER BY position",
	/* S_PLAN_UNITS */
	"SELECT id, name, kind, organisation_id FROM unit WHERE plan_id = ?1 ORDER BY position",
	/* S_PLAN_STEPS */
	"SELECT position, what, who, when_text FROM implementation_step"
	" WHERE plan_id = ?1 ORDER BY position",
	/* S_STEP_UNITS */
	"SELECT unit_id FROM step_unit WHERE plan_id = ?1 AND step_position = ?2 ORDER BY position",
	/* S_PLAN_THEMES */
	"SELECT id, title, background, challenge FROM theme WHERE plan_id = ?1 ORDER BY position",
	/* S_THEME_GOALS */
	"SELECT id, text FROM goal WHERE plan_id = ?1 AND theme_id = ?2 ORDER BY position",
	/* S_GOAL_MEASURES */
	"SELECT id, title, kind, description FROM measure"
	" WHERE plan_id = ?1 AND goal_id = ?2 ORDER BY position",
	/* S_MEASURE_INDICATORS */
	"SELECT number, text, resource_note, resource_category, responsible_note, deadline"
	" FROM indicator WHERE plan_id = ?1 AND measure_id = ?2 ORDER BY position",
	/* S_INDICATOR_UNITS */
	"SELECT unit_id FROM indicator_unit"
	" WHERE plan_id = ?1 AND measure_id = ?2 AND number = ?3 ORDER BY position",
	/* S_CATALOGUE */
	"SELECT o.id, o.name, p.id, p.title, p.period_start, p.period_end, p.status,"
	" (SELECT count(*) FROM theme t WHERE t.plan_id = p.id),"
	" (SELECT count(*) FROM goal g WHERE g.plan_id = p.id),"
	" (SELECT count(*) FROM measure m WHERE m.plan_id = p.id),"
	" (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id)"
	" FROM organisation o"
	" JOIN plan_organisation po ON po.organisation_id = o.id"
	" JOIN plan p ON p.id = po.plan_id"
	" ORDER BY o.name, o.id, p.period_start DESC, p.id",
	/* S_UNIT_LIST */
	"SELECT u.id,"
	" (SELECT u2.name FROM unit u2 JOIN plan p2 ON p2.id = u2.plan_id WHERE u2.id = u.id"
	"  ORDER BY p2.period_start DESC, p2.id LIMIT 1),"
	" (SELECT u2.kind FROM unit u2 JOIN plan p2 ON p2.id = u2.plan_id WHERE u2.id = u.id"
	"  ORDER BY p2.period_start DESC, p2.id LIMIT 1),"
	" (SELECT count(*) FROM indicator_unit iu WHERE iu.unit_id = u.id),"
	" count(*)"
	" FROM unit u GROUP BY u.id ORDER BY 2, u.id",
	/* S_UNIT_NAME */
	"SELECT u.name, u.kind FROM unit u JOIN plan p ON p.id = u.plan_id"
	" WHERE u.id = ?1 ORDER BY p.period_start DESC, p.id LIMIT 1",
	/* S_UNIT_ITEMS */
	"SELECT p.id, p.title, t.id, t.title, m.id, m.title, i.number, i.text,"
	" i.resource_note, i.resource_category, i.responsible_note, i.deadline"
	" FROM indicator_unit iu"
	" JOIN indicator i ON i.plan_id = iu.plan_id AND i.measure_id = iu.measure_id"
	"  AND i.number = iu.number"
	" JOIN measure m ON m.plan_id = i.plan_id AND m.id = i.measure_id"
	" JOIN goal g ON g.plan_id = m.plan_id AND g.id = m.goal_id"
	" JOIN theme t ON t.plan_id = g.plan_id AND t.id = g.theme_id"
	" JOIN plan p ON p.id = t.plan_id"
	" WHERE iu.unit_id = ?1"
	" ORDER BY p.period_start DESC, p.id, t.position, g.position, m.position, i.position",
	/* S_UNIT_STEPS */
	"SELECT p.id, p.title, s.what, s.when_text FROM step_unit su"
	" JOIN implementation_step s ON s.plan_id = su.plan_id AND s.position = su.step_position"
	" JOIN plan p ON p.id = s.plan_id"
	" WHERE su.unit_id = ?1 ORDER BY p.period_start DESC, p.id, s.position",
	/* S_INDICATOR_UNIT_NAMES */
	"SELECT iu.unit_id, u.name FROM indicator_unit iu"
	" JOIN unit u ON u.plan_id = iu.plan_id AND u.id = iu.unit_id"
	" WHERE iu.plan_id = ?1 AND iu.measure_id = ?2 AND iu.number = ?3"
	" ORDER BY iu.position",
	/* S_SEARCH: the chapters, measures and indicators whose folded text
	 * holds ?1; per plan (newest first) chapters, then the tree in order. */
	"SELECT p.id, p.title, 0, c.id, c.title, 0, NULL, NULL, NULL, c.search_text,"
	"  p.period_start, -1, -1, c.position, -1"
	" FROM chapter c"
	" JOIN plan p ON p.id = c.plan_id"
	" WHERE instr(c.search_text, ?1) > 0"
	" UNION ALL "
	"SELECT p.id, p.title, 1, m.id, m.title, 0, NULL, NULL, NULL, m.search_text,"
	"  p.period_start, t.position, g.position, m.position, -1"
	" FROM measure m"
	" JOIN goal g ON g.plan_id = m.plan_id AND g.id = m.goal_id"
	" JOIN theme t ON t.plan_id = g.plan_id AND t.id = g.theme_id"
	" JOIN plan p ON p.id = m.plan_id"
	" WHERE instr(m.search_text, ?1) > 0"
	" UNION ALL "
	"SELECT p.id, p.title, 2, m.id, m.title, i.number, i.text, i.resource_note,"
	"  i.resource_category, i.search_text,"
	"  p.period_start, t.position, g.position, m.position, i.position"
	" FROM indicator i"
	" JOIN measure m ON m.plan_id = i.plan_id AND m.id = i.measure_id"
	" JOIN goal g ON g.plan_id = m.plan_id AND g.id = m.goal_id"
	" JOIN theme t ON t.plan_id = g.plan_id AND t.id = g.theme_id"
	" JOIN plan p ON p.id = i.plan_id"
	" WHERE instr(i.search_text, ?1) > 0"
	" ORDER BY 11 DESC, 1, 12, 13, 14, 15",
};

struct db {
	sqlite3      *conn;
	sqlite3_stmt *stmt[STMT__MAX];
	char          err[512];
	int           version;
	bool          readonly;  /* opened read-only (db_readonly) */
};

static void
set_err(struct db *db, const char *what)
{
	snprintf(db->err, sizeof(db->err), "%s: %s", what, sqlite3_errmsg(db->conn));
}

/* Like set_err, naming also the statement st that failed by the start of
 * its SQL, so that a log line says which query it was. */
static void
set_err_stmt(struct db *db, const char *what, sqlite3_stmt *st)
{
	const char *sql = st ? sqlite3_sql(st) : NULL;
	if (sql == NULL || strcmp(sql, what) == 0) {
		set_err(db, what);
		return;
	}
	snprintf(db->err, sizeof(db->err), "%s: %s (in: %.80s%s)", what,
	    sqlite3_errmsg(db->conn), sql, strlen(sql) > 80 ? "…" : "");
}

/* Returns the prepared statement s, reset and with its bindings cleared,
 * or NULL (error set) if it cannot be prepared. */
static sqlite3_stmt *
stmt(struct db *db, enum stmt s)
{
	if (db->stmt[s] == NULL) {
		if (sqlite3_prepare_v3(db->conn, stmt_sql[s], -1, SQLITE_PREPARE_PERSISTENT,
		    &db->stmt[s], NULL) != SQLITE_OK) {
			snprintf(db->err, sizeof(db->err), "prepare: %s (in: %.80s%s)",
			    sqlite3_errmsg(db->conn), stmt_sql[s],
			    strlen(stmt_sql[s]) > 80 ? "…" : "");
			return NULL;
		}
	} else {
		sqlite3_reset(db->stmt[s]);
		sqlite3_clear_bindings(db->stmt[s]);
	}
	return db->stmt[s];
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Ends a row loop whose last sqlite3_step returned rc: resets st, and
 * returns false with the error set unless the loop ran to the end. */
static bool
query_done(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	if (rc != SQLITE_DONE) {
		/* Before the reset, which may replace the message. */
		set_err_stmt(db, what, st);
		sqlite3_reset(st);
		return false;
	}
	sqlite3_reset(st);
	return true;
}

/* Runs a statement that returns no rows. */
static bool
run(struct db *db, sqlite3_stmt *st, const char *what)
{
	return st != NULL && query_done(db, st, sqlite3_step(st), what);
}

static bool
exec_simple(struct db *db, enum stmt s)
{
	return run(db, stmt(db, s), stmt_sql[s]);
}

/* Prepares s for a row loop with ?1 = a and, when b is not NULL, ?2 = b. */
static sqlite3_stmt *
query(struct db *db, enum stmt s, const char *a, const char *b)
{
	sqlite3_stmt *st = stmt(db, s);
	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	return st;
}

/* Column text copied into an arena; NULL stays NULL. */
static char *
col_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	if (s == NULL)
		return NULL;
	return arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

/* Grows an arena array by one element, doubling its capacity. */
static void *
vec_push(struct arena *a, void *arr, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *na = arena_array(a, ncap, sz);
		if (*n)
			memcpy(na, arr, *n * sz);
		arr = na;
		*cap = ncap;
	}
	(*n)++;
	return arr;
}

#define VEC_PUSH(a, arr, n, cap) \
	((arr) = vec_push((a), (arr), &(n), &(cap), sizeof(*(arr))), &(arr)[(n) - 1])

/* ---- open, migrate, close ---- */

/* The schema version, read without a write lock: -1 if there is no
 * schema_version table yet (a new database), -2 on error. */
static int
current_version(struct db *db)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM sqlite_master"
		" WHERE type = 'table' AND name = 'schema_version'",
		"SELECT coalesce(max(version), 0) FROM schema_version",
	};
	int v = -1;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->conn, sql[i], -1, &st, NULL) != SQLITE_OK)
			return -2;
		int rc = sqlite3_step(st);
		v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -2;
		sqlite3_finalize(st);
		if (v == -2 || (i == 0 && v == 0))
			return v == 0 ? -1 : -2;
	}
	return v;
}

/* tiltak_fold(text): text_fold as an SQL function, for the search text
 * expressions. NULL stays NULL. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, text_fold((const char *)s), -1, free);
}

static bool
migrate(struct db *db)
{
	char *msg = NULL;
	/* The search text expressions (in migrations and imports) need it. */
	if (sqlite3_create_function_v2(db->conn, "tiltak_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
	    NULL, NULL, NULL) != SQLITE_OK) {
		set_err(db, "register tiltak_fold");
		return false;
	}
	/* Up to date (every open after the first): no write lock, so a worker
	 * opening its connection never waits for an import in progress. */
	int v = current_version(db);
	if (v == -2) {
		set_err(db, "schema version");
		return false;
	}
	if (v == MIGRATIONS) {
		db->version = v;
		return true;
	}
	if (sqlite3_exec(db->conn,
	    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
	    NULL, NULL, &msg) != SQLITE_OK)
		goto fail;

	for (;;) {
		/* Read the version inside the write transaction, so two
		 * processes starting at once do not both migrate. */
		if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db->conn,
		    "SELECT coalesce(max(version), 0) FROM schema_version", -1, &st,
		    NULL) != SQLITE_OK) {
			set_err(db, "schema version");
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			return false;
		}
		int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
		sqlite3_finalize(st);
		if (version < 0 || version > MIGRATIONS) {
			snprintf(db->err, sizeof(db->err),
			    "database schema version %d is newer than this program knows (%d)",
			    version, MIGRATIONS);
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			return false;
		}
		db->version = version;
		if (version == MIGRATIONS) {
			sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
			return true;
		}
		if (sqlite3_exec(db->conn, migrations[version], NULL, NULL, &msg) != SQLITE_OK) {
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		if (sqlite3_prepare_v2(db->conn,
		    "INSERT INTO schema_version (version) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
			set_err(db, "schema version");
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			return false;
		}
		sqlite3_bind_int(st, 1, version + 1);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			set_err(db, "schema version");
			sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
			return false;
		}
		if (sqlite3_exec(db->conn, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
	}

fail:
	snprintf(db->err, sizeof(db->err), "migration: %s", msg ? msg : sqlite3_errmsg(db->conn));
	sqlite3_free(msg);
	return false;
}

/* The schema of a database opened read-only cannot be upgraded: it must
 * be the version this program knows already. */
static bool
check_version(struct db *db)
{
	int v = current_version(db);
	if (v == -2) {
		set_err(db, "schema version");
		return false;
	}
	if (v < 0)
		v = 0;
	if (v > MIGRATIONS) {
		snprintf(db->err, sizeof(db->err), "database schema version %d is newer "
		    "than this program knows (%d)", v, MIGRATIONS);
		return false;
	}
	if (v < MIGRATIONS) {
		snprintf(db->err, sizeof(db->err), "the database has schema version %d and "
		    "this program needs %d; it is read-only, so it cannot be upgraded: "
		    "open it once where it can be written (tiltak serve, export or import "
		    "do it)", v, MIGRATIONS);
		return false;
	}
	db->version = v;
	return true;
}

/* The folder of path: what is before its last '/', "/" or ".". */
static void
parent_dir(const char *path, char *out, size_t outsz)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		snprintf(out, outsz, ".");
	else if (slash == path)
		snprintf(out, outsz, "/");
	else
		snprintf(out, outsz, "%.*s", (int)(slash - path), path);
}

/* Whether path (and its folder, where SQLite makes -wal and -shm) can be
 * written. Permissions and read-only mounts both count: access() answers
 * for this process, so as root only a read-only mount says no. Sets
 * *no_folder when the folder does not exist. */
static bool
location_writable(const char *path, bool exists, bool *no_folder)
{
	char dir[4096];
	parent_dir(path, dir, sizeof(dir));
	*no_folder = false;
	if (access(dir, W_OK | X_OK) != 0) {
		*no_folder = errno == ENOENT;
		return false;
	}
	return !exists || access(path, W_OK) == 0;
}

/* path as an SQLite "file:" URI with the query q: every byte but
 * unreserved ones and '/' percent-encoded (so '?', '#' and '%' in a
 * file name stay part of it). Caller frees. */
static char *
file_uri(const char *path, const char *q)
{
	struct buf b = {0};
	buf_puts(&b, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	buf_printf(&b, "?%s", q);
	return buf_take(&b, NULL);
}

/* Opens target (a path, or a URI with SQLITE_OPEN_URI) and reads the
 * schema once: SQLite reports only at the first read that it cannot
 * open a WAL database read-only. Returns an SQLite result code. */
static int
try_open(struct db *db, const char *target, int flags)
{
	int rc = sqlite3_open_v2(target, &db->conn, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->conn, 1);
		sqlite3_busy_timeout(db->conn, 5000);
		rc = sqlite3_exec(db->conn, "SELECT count(*) FROM sqlite_master", NULL,
		    NULL, NULL);
	}
	return rc;
}

/* Opens an existing database read-only (docs/ARCHITECTURE.md, "The
 * store"). A WAL database can be read so when its -wal and -shm files
 * exist or can be made; on a location that cannot be written and lacks
 * them, SQLite cannot open it, and it is opened as immutable instead —
 * safe when there is no -wal holding changes, which then would be
 * ignored: such a database is refused. */
static bool
open_readonly(struct db *db, const char *path, char *err, size_t errsz)
{
	int rc = try_open(db, path, SQLITE_OPEN_READONLY);
	if (rc == SQLITE_OK)
		return true;
	if ((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_READONLY) {
		snprintf(err, errsz, "cannot open database %s: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		return false;
	}
	sqlite3_close(db->conn);
	db->conn = NULL;
	char wal[4200];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	struct stat st;
	if (stat(wal, &st) == 0 && st.st_size > 0) {
		snprintf(err, errsz, "cannot read %s: the location is read-only and %s "
		    "holds changes not yet in the database, which SQLite cannot read "
		    "without making its -shm file; open the database once where it can "
		    "be written (tiltak export does it) to fold them in", path, wal);
		return false;
	}
	char *uri = file_uri(path, "immutable=1");
	rc = try_open(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot open database %s read-only: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		return false;
	}
	return true;
}

struct db *
db_open(const char *path, enum db_mode mode, char *err, size_t errsz)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct stat st;
	bool exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT) {
		snprintf(err, errsz, "cannot open database %s: %s", path, strerror(errno));
		goto fail;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "%s is a directory, not a database", path);
		goto fail;
	}
	if (!exists && mode != DB_OPEN_CREATE) {
		snprintf(err, errsz, "no database at %s (create one with: tiltak import "
		    "--db %s FILE...)", path, path);
		goto fail;
	}
	bool no_folder;
	bool writable = mode != DB_OPEN_READONLY &&
	    location_writable(path, exists, &no_folder);
	if (mode == DB_OPEN_CREATE && !writable) {
		char dir[4096];
		parent_dir(path, dir, sizeof(dir));
		if (no_folder)
			snprintf(err, errsz, "cannot create %s: the folder %s does not exist",
			    path, dir);
		else
			snprintf(err, errsz, "cannot write %s: the location is read-only", path);
		goto fail;
	}

	if (!writable) {
		db->readonly = true;
		if (!open_readonly(db, path, err, errsz))
			goto fail;
		char *msg = NULL;
		if (sqlite3_exec(db->conn, "PRAGMA foreign_keys = ON", NULL, NULL,
		    &msg) != SQLITE_OK) {
			snprintf(err, errsz, "cannot set up database %s: %s", path,
			    msg ? msg : "?");
			sqlite3_free(msg);
			goto fail;
		}
		if (!check_version(db)) {
			snprintf(err, errsz, "%s: %s", path, db->err);
			goto fail;
		}
		return db;
	}

	int flags = SQLITE_OPEN_READWRITE | (mode == DB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &db->conn, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot open database %s: %s", path,
		    db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	sqlite3_busy_timeout(db->conn, 5000);
	/* WAL: readers never wait for the writer, and a commit is durable
	 * once acknowledged (synchronous=FULL syncs the WAL on commit). */
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;";
	char *msg = NULL;
	if (sqlite3_exec(db->conn, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "cannot set up database %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		goto fail;
	}
	if (!migrate(db)) {
		snprintf(err, errsz, "%s: %s", path, db->err);
		goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

bool
db_readonly(const struct db *db)
{
	return db->readonly;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmt[i]);
	sqlite3_close(db->conn);
	free(db);
}

const char *
db_errmsg(const struct db *db)
{
	return db->err;
}

int
db_schema_version(struct db *db)
{
	return db->version;
}

enum db_status
db_generation(struct db *db, int64_t *out)
{
	sqlite3_stmt *st = stmt(db, S_GENERATION);
	if (st == NULL)
		return DB_ERROR;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		set_err(db, "generation");
		sqlite3_reset(st);
		return DB_ERROR;
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return DB_OK;
}

/* ---- writing plans ---- */

static bool
put_unit_refs(struct db *db, enum stmt s, const char *plan_id, const char *key,
    int number, char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt(db, s);
		if (st == NULL)
			return false;
		sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
		if (s == S_STEP_UNIT_INSERT) {
			sqlite3_bind_int(st, 2, number);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
			sqlite3_bind_text(st, 4, ids[i], -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, number);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)i);
			sqlite3_bind_text(st, 5, ids[i], -1, SQLITE_STATIC);
		}
		if (!run(db, st, "responsible unit"))
			return false;
	}
	return true;
}

static bool
put_measure(struct db *db, const char *plan_id, const char *goal_id, size_t pos,
    const struct measure *m)
{
	sqlite3_stmt *st = stmt(db, S_MEASURE_INSERT);
	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, goal_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)pos);
	sqlite3_bind_text(st, 5, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, measure_kind_name(m->kind), -1, SQLITE_STATIC);
	bind_text(st, 7, m->description);
	sqlite3_bind_text(st, 8, "", -1, SQLITE_STATIC); /* see put_search_text */
	bool ok = run(db, st, "measure");
	for (size_t i = 0; ok && i < m->nindicators; i++) {
		const struct indicator *ind = &m->indicators[i];
		st = stmt(db, S_INDICATOR_INSERT);
		if (st == NULL)
			return false;
		sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, m->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, ind->number);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)i);
		sqlite3_bind_text(st, 5, ind->text, -1, SQLITE_STATIC);
		bind_text(st, 6, ind->resource_note);
		sqlite3_bind_text(st, 7, resource_category_name(ind->resource_category), -1,
		    SQLITE_STATIC);
		bind_text(st, 8, ind->responsible_note);
		bind_text(st, 9, ind->deadline);
		sqlite3_bind_text(st, 10, "", -1, SQLITE_STATIC);
		ok = run(db, st, "indicator");
		ok = ok && put_unit_refs(db, S_INDICATOR_UNIT_INSERT, plan_id, m->id,
		    ind->number, ind->responsible, ind->nresponsible);
	}
	return ok;
}

/* Computes the search text of every measure, indicator and chapter of
 * plan_id once all its rows are written (indicators need their units). */
static bool
put_search_text(struct db *db, const char *plan_id)
{
	static const enum stmt s[] = {S_SEARCH_TEXT_MEASURES,
	    S_SEARCH_TEXT_INDICATORS, S_SEARCH_TEXT_CHAPTERS};
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		sqlite3_stmt *st = query(db, s[i], plan_id, NULL);
		if (st == NULL || !run(db, st, "search text"))
			return false;
	}
	return true;
}

static bool
put_plan(struct db *db, const struct plan *p)
{
	sqlite3_stmt *st;

	if ((st = query(db, S_PLAN_DELETE, p->id, NULL)) == NULL)
		return false;
	if (!run(db, st, "delete plan"))
		return false;

	for (size_t i = 0; i < p->norganisations; i++) {
		if ((st = stmt(db, S_ORG_UPSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->organisations[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->organisations[i].name, -1, SQLITE_STATIC);
		if (!run(db, st, "organisation"))
			return false;
	}

	if ((st = stmt(db, S_PLAN_INSERT)) == NULL)
		return false;
	sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->title, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, p->period_start);
	if (p->period_end)
		sqlite3_bind_int(st, 4, p->period_end);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, plan_status_name(p->status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, p->has_adoption);
	bind_text(st, 7, p->adoption_date);
	bind_text(st, 8, p->adoption_body);
	bind_text(st, 9, p->adoption_case);
	bind_text(st, 10, p->replaces);
	bind_text(st, 11, p->replaces_title);
	if (!run(db, st, "plan"))
		return false;

	for (size_t i = 0; i < p->norganisations; i++) {
		if ((st = stmt(db, S_PLAN_ORG_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->organisations[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		if (!run(db, st, "plan organisation"))
			return false;
	}
	for (size_t i = 0; i < p->noverarching_goals; i++) {
		if ((st = stmt(db, S_OGOAL_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, p->overarching_goals[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->overarching_goals[i].text, -1, SQLITE_STATIC);
		if (!run(db, st, "overarching goal"))
			return false;
	}
	for (size_t i = 0; i < p->nchapters; i++) {
		if ((st = stmt(db, S_CHAPTER_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->chapters[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		sqlite3_bind_text(st, 4, p->chapters[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, p->chapters[i].body, -1, SQLITE_STATIC);
		if (!run(db, st, "chapter"))
			return false;
	}
	for (size_t i = 0; i < p->nunits; i++) {
		const struct unit *u = &p->units[i];
		if ((st = stmt(db, S_UNIT_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, u->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		sqlite3_bind_text(st, 4, u->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, unit_kind_name(u->kind), -1, SQLITE_STATIC);
		bind_text(st, 6, u->organisation);
		if (!run(db, st, "unit"))
			return false;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct implementation_step *s = &p->steps[i];
		if ((st = stmt(db, S_STEP_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, s->what, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, s->who, -1, SQLITE_STATIC);
		bind_text(st, 5, s->when);
		if (!run(db, st, "implementation step"))
			return false;
		if (!put_unit_refs(db, S_STEP_UNIT_INSERT, p->id, NULL, (int)i,
		    s->responsible, s->nresponsible))
			return false;
	}
	for (size_t t = 0; t < p->nthemes; t++) {
		const struct theme *th = &p->themes[t];
		if ((st = stmt(db, S_THEME_INSERT)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, th->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)t);
		sqlite3_bind_text(st, 4, th->title, -1, SQLITE_STATIC);
		bind_text(st, 5, th->background);
		bind_text(st, 6, th->challenge);
		if (!run(db, st, "theme"))
			return false;
		for (size_t g = 0; g < th->ngoals; g++) {
			const struct goal *go = &th->goals[g];
			if ((st = stmt(db, S_GOAL_INSERT)) == NULL)
				return false;
			sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, go->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, th->id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)g);
			sqlite3_bind_text(st, 5, go->text, -1, SQLITE_STATIC);
			if (!run(db, st, "goal"))
				return false;
			for (size_t m = 0; m < go->nmeasures; m++)
				if (!put_measure(db, p->id, go->id, m, &go->measures[m]))
					return false;
		}
	}
	return put_search_text(db, p->id);
}

enum db_status
db_plans_put(struct db *db, struct plan *const *plans, size_t n)
{
	if (!exec_simple(db, S_BEGIN))
		return DB_ERROR;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = put_plan(db, plans[i]);
	ok = ok && exec_simple(db, S_GENERATION_BUMP);
	ok = ok && exec_simple(db, S_COMMIT);
	if (!ok) {
		char saved[sizeof(db->err)];
		memcpy(saved, db->err, sizeof(saved));
		exec_simple(db, S_ROLLBACK);
		memcpy(db->err, saved, sizeof(saved));
		return DB_ERROR;
	}
	return DB_OK;
}

/* ---- reading ---- */

/* A read transaction, so that what several statements read belongs to one
 * moment even while an import commits. */
static bool
begin_read(struct db *db)
{
	if (!exec_simple(db, S_BEGIN_READ))
		return false;
	return true;
}

/* Ends the read transaction. ok says whether every read in it succeeded;
 * when one failed, its message stays the error: the COMMIT or ROLLBACK
 * that follows (which may fail too, e.g. after corruption) must not
 * replace it, nor the success message of the COMMIT. Returns ok, or false
 * when the transaction could not be committed. The connection is left
 * without an open transaction either way. */
static bool
end_read(struct db *db, bool ok)
{
	/* SQLite ends the transaction itself after some errors (I/O,
	 * corruption): then there is nothing to end. */
	if (sqlite3_get_autocommit(db->conn))
		return ok;
	if (ok && exec_simple(db, S_COMMIT))
		return true;
	char saved[sizeof(db->err)];
	memcpy(saved, db->err, sizeof(saved));
	if (!sqlite3_get_autocommit(db->conn))
		exec_simple(db, S_ROLLBACK);
	memcpy(db->err, saved, sizeof(saved));
	return false;
}

/* Reads the unit ids of one step or indicator into the plan's arena. */
static bool
get_unit_refs(struct db *db, struct plan *p, sqlite3_stmt *st, char ***ids, size_t *n)
{
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **slot = VEC_PUSH(&p->arena, *ids, *n, cap);
		*slot = col_text(&p->arena, st, 0);
	}
	if (!query_done(db, st, rc, "unit references"))
		return false;
	return true;
}

static bool
get_measures(struct db *db, struct plan *p, struct goal *go)
{
	sqlite3_stmt *st = query(db, S_GOAL_MEASURES, p->id, go->id);
	if (st == NULL)
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct measure *m = VEC_PUSH(&p->arena, go->measures, go->nmeasures, cap);
		m->id = col_text(&p->arena, st, 0);
		m->title = col_text(&p->arena, st, 1);
		int k = measure_kind_parse((const char *)sqlite3_column_text(st, 2));
		m->kind = k < 0 ? MEASURE_NEW : (enum measure_kind)k;
		m->description = col_text(&p->arena, st, 3);
	}
	if (!query_done(db, st, rc, "measures"))
		return false;
	for (size_t i = 0; i < go->nmeasures; i++) {
		struct measure *m = &go->measures[i];
		st = query(db, S_MEASURE_INDICATORS, p->id, m->id);
		if (st == NULL)
			return false;
		size_t icap = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct indicator *ind = VEC_PUSH(&p->arena, m->indicators, m->nindicators, icap);
			ind->number = sqlite3_column_int(st, 0);
			ind->text = col_text(&p->arena, st, 1);
			ind->resource_note = col_text(&p->arena, st, 2);
			int c = resource_category_parse((const char *)sqlite3_column_text(st, 3));
			ind->resource_category = c < 0 ? RESOURCE_UNKNOWN : (enum resource_category)c;
			ind->responsible_note = col_text(&p->arena, st, 4);
			ind->deadline = col_text(&p->arena, st, 5);
		}
		if (!query_done(db, st, rc, "indicators"))
			return false;
		for (size_t j = 0; j < m->nindicators; j++) {
			st = query(db, S_INDICATOR_UNITS, p->id, m->id);
			if (st == NULL)
				return false;
			sqlite3_bind_int(st, 3, m->indicators[j].number);
			if (!get_unit_refs(db, p, st, &m->indicators[j].responsible,
			    &m->indicators[j].nresponsible))
				return false;
		}
	}
	return true;
}

static bool
get_tree(struct db *db, struct plan *p)
{
	sqlite3_stmt *st = stmt(db, S_PLAN_THEMES);
	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct theme *t = VEC_PUSH(&p->arena, p->themes, p->nthemes, cap);
		t->id = col_text(&p->arena, st, 0);
		t->title = col_text(&p->arena, st, 1);
		t->background = col_text(&p->arena, st, 2);
		t->challenge = col_text(&p->arena, st, 3);
	}
	if (!query_done(db, st, rc, "themes"))
		return false;
	for (size_t t = 0; t < p->nthemes; t++) {
		struct theme *th = &p->themes[t];
		st = query(db, S_THEME_GOALS, p->id, th->id);
		if (st == NULL)
			return false;
		size_t gcap = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct goal *g = VEC_PUSH(&p->arena, th->goals, th->ngoals, gcap);
			g->id = col_text(&p->arena, st, 0);
			g->text = col_text(&p->arena, st, 1);
		}
		if (!query_done(db, st, rc, "goals"))
			return false;
		for (size_t g = 0; g < th->ngoals; g++)
			if (!get_measures(db, p, &th->goals[g]))
				return false;
	}
	return true;
}

static bool
get_lists(struct db *db, struct plan *p)
{
	sqlite3_stmt *st;
	size_t cap;
	int rc;

	if ((st = query(db, S_PLAN_ORGS, p->id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct organisation *o = VEC_PUSH(&p->arena, p->organisations, p->norganisations, cap);
		o->id = col_text(&p->arena, st, 0);
		o->name = col_text(&p->arena, st, 1);
	}
	if (!query_done(db, st, rc, "organisations"))
		return false;

	if ((st = query(db, S_PLAN_OGOALS, p->id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct overarching_goal *g = VEC_PUSH(&p->arena, p->overarching_goals,
		    p->noverarching_goals, cap);
		g->title = col_text(&p->arena, st, 0);
		g->text = col_text(&p->arena, st, 1);
	}
	if (!query_done(db, st, rc, "overarching goals"))
		return false;

	if ((st = query(db, S_PLAN_CHAPTERS, p->id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct chapter *c = VEC_PUSH(&p->arena, p->chapters, p->nchapters, cap);
		c->id = col_text(&p->arena, st, 0);
		c->title = col_text(&p->arena, st, 1);
		c->body = col_text(&p->arena, st, 2);
	}
	if (!query_done(db, st, rc, "chapters"))
		return false;

	if ((st = query(db, S_PLAN_UNITS, p->id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit *u = VEC_PUSH(&p->arena, p->units, p->nunits, cap);
		u->id = col_text(&p->arena, st, 0);
		u->name = col_text(&p->arena, st, 1);
		int k = unit_kind_parse((const char *)sqlite3_column_text(st, 2));
		u->kind = k < 0 ? UNIT_INTERNAL : (enum unit_kind)k;
		u->organisation = col_text(&p->arena, st, 3);
	}
	if (!query_done(db, st, rc, "units"))
		return false;

	if ((st = query(db, S_PLAN_STEPS, p->id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct implementation_step *s = VEC_PUSH(&p->arena, p->steps, p->nsteps, cap);
		s->what = col_text(&p->arena, st, 1);
		s->who = col_text(&p->arena, st, 2);
		s->when = col_text(&p->arena, st, 3);
	}
	if (!query_done(db, st, rc, "implementation steps"))
		return false;
	for (size_t i = 0; i < p->nsteps; i++) {
		if ((st = stmt(db, S_STEP_UNITS)) == NULL)
			return false;
		sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		if (!get_unit_refs(db, p, st, &p->steps[i].responsible, &p->steps[i].nresponsible))
			return false;
	}
	return true;
}

enum db_status
db_plan_get(struct db *db, const char *id, struct plan **out)
{
	*out = NULL;
	sqlite3_stmt *st = stmt(db, S_PLAN_GET);
	if (st == NULL)
		return DB_ERROR;
	if (!begin_read(db))
		return DB_ERROR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		bool found_none = rc == SQLITE_DONE;
		if (!found_none)
			set_err_stmt(db, "plan", st);
		sqlite3_reset(st);
		if (!end_read(db, found_none))
			return DB_ERROR;
		return DB_NOT_FOUND;
	}
	struct plan *p = plan_new();
	p->id = col_text(&p->arena, st, 0);
	p->title = col_text(&p->arena, st, 1);
	p->period_start = sqlite3_column_int(st, 2);
	p->period_end = sqlite3_column_int(st, 3);
	int s = plan_status_parse((const char *)sqlite3_column_text(st, 4));
	p->status = s < 0 ? PLAN_DRAFT : (enum plan_status)s;
	p->has_adoption = sqlite3_column_int(st, 5) != 0;
	p->adoption_date = col_text(&p->arena, st, 6);
	p->adoption_body = col_text(&p->arena, st, 7);
	p->adoption_case = col_text(&p->arena, st, 8);
	p->replaces = col_text(&p->arena, st, 9);
	p->replaces_title = col_text(&p->arena, st, 10);
	sqlite3_reset(st);

	bool ok = get_lists(db, p) && get_tree(db, p);
	ok = end_read(db, ok);
	if (!ok) {
		plan_free(p);
		return DB_ERROR;
	}
	*out = p;
	return DB_OK;
}

enum db_status
db_plan_name(struct db *db, const char *id, struct plan_name **out)
{
	*out = NULL;
	sqlite3_stmt *st = query(db, S_PLAN_NAME, id, NULL);
	if (st == NULL)
		return DB_ERROR;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return query_done(db, st, rc, "plan name") ? DB_NOT_FOUND : DB_ERROR;
	struct plan_name *n = xcalloc(1, sizeof(*n));
	n->id = col_text(&n->arena, st, 0);
	n->title = col_text(&n->arena, st, 1);
	n->period_start = sqlite3_column_int(st, 2);
	n->period_end = sqlite3_column_int(st, 3);
	sqlite3_reset(st);
	*out = n;
	return DB_OK;
}

void
plan_name_free(struct plan_name *n)
{
	if (n == NULL)
		return;
	arena_free(&n->arena);
	free(n);
}

/* ---- catalogue, units, search ---- */

enum db_status
db_catalogue(struct db *db, struct catalogue **out)
{
	*out = NULL;
	sqlite3_stmt *st = stmt(db, S_CATALOGUE);
	if (st == NULL)
		return DB_ERROR;
	struct catalogue *c = xcalloc(1, sizeof(*c));
	size_t ocap = 0, pcap = 0;
	struct catalogue_org *org = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *oid = (const char *)sqlite3_column_text(st, 0);
		if (org == NULL || strcmp(org->id, oid) != 0) {
			org = VEC_PUSH(&c->arena, c->orgs, c->norgs, ocap);
			org->id = col_text(&c->arena, st, 0);
			org->name = col_text(&c->arena, st, 1);
			pcap = 0;
		}
		struct catalogue_plan *cp = VEC_PUSH(&c->arena, org->plans, org->nplans, pcap);
		cp->id = col_text(&c->arena, st, 2);
		cp->title = col_text(&c->arena, st, 3);
		cp->period_start = sqlite3_column_int(st, 4);
		cp->period_end = sqlite3_column_int(st, 5);
		int s = plan_status_parse((const char *)sqlite3_column_text(st, 6));
		cp->status = s < 0 ? PLAN_DRAFT : (enum plan_status)s;
		cp->counts.themes = (size_t)sqlite3_column_int64(st, 7);
		cp->counts.goals = (size_t)sqlite3_column_int64(st, 8);
		cp->counts.measures = (size_t)sqlite3_column_int64(st, 9);
		cp->counts.indicators = (size_t)sqlite3_column_int64(st, 10);
	}
	if (!query_done(db, st, rc, "catalogue")) {
		catalogue_free(c);
		return DB_ERROR;
	}
	*out = c;
	return DB_OK;
}

void
catalogue_free(struct catalogue *c)
{
	if (c == NULL)
		return;
	arena_free(&c->arena);
	free(c);
}

enum db_status
db_unit_list(struct db *db, struct unit_list **out)
{
	*out = NULL;
	sqlite3_stmt *st = stmt(db, S_UNIT_LIST);
	if (st == NULL)
		return DB_ERROR;
	struct unit_list *l = xcalloc(1, sizeof(*l));
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit_summary *u = VEC_PUSH(&l->arena, l->units, l->n, cap);
		u->id = col_text(&l->arena, st, 0);
		u->name = col_text(&l->arena, st, 1);
		int k = unit_kind_parse((const char *)sqlite3_column_text(st, 2));
		u->kind = k < 0 ? UNIT_INTERNAL : (enum unit_kind)k;
		u->nindicators = (size_t)sqlite3_column_int64(st, 3);
		u->nplans = (size_t)sqlite3_column_int64(st, 4);
	}
	if (!query_done(db, st, rc, "units")) {
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

/* Reads the responsible units of one indicator into arena a. */
static bool
get_indicator_units(struct db *db, struct arena *a, const char *plan_id,
    const char *measure_id, int number, struct unit_ref **out, size_t *n)
{
	sqlite3_stmt *st = query(db, S_INDICATOR_UNIT_NAMES, plan_id, measure_id);
	if (st == NULL)
		return false;
	sqlite3_bind_int(st, 3, number);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit_ref *u = VEC_PUSH(a, *out, *n, cap);
		u->id = col_text(a, st, 0);
		u->name = col_text(a, st, 1);
	}
	return query_done(db, st, rc, "indicator units");
}

static bool get_unit_lists(struct db *, const char *, struct unit_view *);

enum db_status
db_unit_get(struct db *db, const char *id, struct unit_view **out)
{
	*out = NULL;
	sqlite3_stmt *st = stmt(db, S_UNIT_NAME);
	if (st == NULL || !begin_read(db))
		return DB_ERROR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		bool found_none = rc == SQLITE_DONE;
		if (!found_none)
			set_err_stmt(db, "unit", st);
		sqlite3_reset(st);
		if (!end_read(db, found_none))
			return DB_ERROR;
		return DB_NOT_FOUND;
	}
	struct unit_view *u = xcalloc(1, sizeof(*u));
	u->id = arena_strdup(&u->arena, id);
	u->name = col_text(&u->arena, st, 0);
	int k = unit_kind_parse((const char *)sqlite3_column_text(st, 1));
	u->kind = k < 0 ? UNIT_INTERNAL : (enum unit_kind)k;
	sqlite3_reset(st);
	bool ok = get_unit_lists(db, id, u);
	ok = end_read(db, ok);
	if (!ok) {
		unit_view_free(u);
		return DB_ERROR;
	}
	*out = u;
	return DB_OK;
}

/* The items and steps of a unit's view (inside db_unit_get's read
 * transaction). */
static bool
get_unit_lists(struct db *db, const char *id, struct unit_view *u)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = query(db, S_UNIT_ITEMS, id, NULL)) == NULL)
		return false;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit_item *it = VEC_PUSH(&u->arena, u->items, u->nitems, cap);
		it->plan_id = col_text(&u->arena, st, 0);
		it->plan_title = col_text(&u->arena, st, 1);
		it->theme_id = col_text(&u->arena, st, 2);
		it->theme_title = col_text(&u->arena, st, 3);
		it->measure_id = col_text(&u->arena, st, 4);
		it->measure_title = col_text(&u->arena, st, 5);
		it->number = sqlite3_column_int(st, 6);
		it->text = col_text(&u->arena, st, 7);
		it->resource_note = col_text(&u->arena, st, 8);
		int c = resource_category_parse((const char *)sqlite3_column_text(st, 9));
		it->resource_category = c < 0 ? RESOURCE_UNKNOWN : (enum resource_category)c;
		it->responsible_note = col_text(&u->arena, st, 10);
		it->deadline = col_text(&u->arena, st, 11);
	}
	if (!query_done(db, st, rc, "unit items"))
		return false;
	for (size_t i = 0; i < u->nitems; i++) {
		struct unit_item *it = &u->items[i];
		if (!get_indicator_units(db, &u->arena, it->plan_id, it->measure_id,
		    it->number, &it->responsible, &it->nresponsible))
			return false;
	}

	if ((st = query(db, S_UNIT_STEPS, id, NULL)) == NULL)
		return false;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct unit_step *s = VEC_PUSH(&u->arena, u->steps, u->nsteps, cap);
		s->plan_id = col_text(&u->arena, st, 0);
		s->plan_title = col_text(&u->arena, st, 1);
		s->what = col_text(&u->arena, st, 2);
		s->when = col_text(&u->arena, st, 3);
	}
	if (!query_done(db, st, rc, "unit steps"))
		return false;
	return true;
}

void
unit_view_free(struct unit_view *u)
{
	if (u == NULL)
		return;
	arena_free(&u->arena);
	free(u);
}

/* True if every word occurs in hay. */
static bool
has_all(const char *hay, char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(hay, words[i]) == NULL)
			return false;
	return true;
}

/* The rows of S_SEARCH for the word longest that hold every word, into
 * r (inside db_search's read transaction). */
static bool
search_rows(struct db *db, struct search_result *r, char **words, size_t nwords,
    size_t longest)
{
	sqlite3_stmt *st = query(db, S_SEARCH, words[longest], NULL);
	if (st == NULL)
		return false;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!has_all((const char *)sqlite3_column_text(st, 9), words, nwords))
			continue;
		if (r->nhits == SEARCH_RESULTS_MAX) {
			r->truncated = 1;
			rc = SQLITE_DONE;
			break;
		}
		struct search_hit *h = VEC_PUSH(&r->arena, r->hits, r->nhits, cap);
		h->plan_id = col_text(&r->arena, st, 0);
		h->plan_title = col_text(&r->arena, st, 1);
		h->kind = (enum search_kind)sqlite3_column_int(st, 2);
		h->id = col_text(&r->arena, st, 3);
		h->title = col_text(&r->arena, st, 4);
		h->number = sqlite3_column_int(st, 5);
		h->text = col_text(&r->arena, st, 6);
		h->resource_note = col_text(&r->arena, st, 7);
		const char *cat = (const char *)sqlite3_column_text(st, 8);
		int c = cat ? resource_category_parse(cat) : -1;
		h->resource_category = c < 0 ? RESOURCE_UNKNOWN : (enum resource_category)c;
	}
	if (!query_done(db, st, rc, "search"))
		return false;
	for (size_t i = 0; i < r->nhits; i++) {
		struct search_hit *h = &r->hits[i];
		if (h->kind == SEARCH_INDICATOR && !get_indicator_units(db, &r->arena,
		    h->plan_id, h->id, h->number, &h->responsible, &h->nresponsible))
			return false;
	}
	return true;
}

enum db_status
db_search(struct db *db, const char *query_text, struct search_result **out)
{
	*out = NULL;
	/* Every word counts: the query is at most HTTP_QUERY_FIELD_MAX
	 * characters, which bounds the number of words. */
	char *folded = text_fold(query_text);
	char **words;
	size_t nwords = text_words(folded, &words);
	struct search_result *r = xcalloc(1, sizeof(*r));
	if (nwords == 0) {
		free(words);
		free(folded);
		*out = r;
		return DB_OK;
	}
	/* The database narrows by the longest word; the rest are checked
	 * here, so any number of words needs only one statement. */
	size_t longest = 0;
	for (size_t i = 1; i < nwords; i++)
		if (strlen(words[i]) > strlen(words[longest]))
			longest = i;
	bool ok = begin_read(db);
	if (ok) {
		ok = search_rows(db, r, words, nwords, longest);
		ok = end_read(db, ok);
	}
	free(words);
	free(folded);
	if (!ok) {
		search_result_free(r);
		return DB_ERROR;
	}
	*out = r;
	return DB_OK;
}

void
search_result_free(struct search_result *r)
{
	if (r == NULL)
		return;
	arena_free(&r->arena);
	free(r);
}
