/* schema.c — the schema, made and upgraded by numbered migrations, each
 * applied once and recorded in schema_version, for both backends. A
 * migration is SQL (with a PostgreSQL variant where the two differ) and,
 * where data must be remade by code, a function run after it. The
 * migrations a database lacks are applied together in one write
 * transaction: all their SQL first, then their code steps (see
 * schema_migrate). Never edit a migration that has shipped: add one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

/* ---- migration 1: the plan register (issue 2) ---- */

#define M1_TABLES \
	"CREATE TABLE meta (" \
	"  key   TEXT PRIMARY KEY," \
	"  value INTEGER NOT NULL);" \
	"INSERT INTO meta (key, value) VALUES ('generation', 0);" \
	"CREATE TABLE organisation (" \
	"  id   TEXT PRIMARY KEY," \
	"  name TEXT NOT NULL);" \
	"CREATE TABLE plan (" \
	"  id             TEXT PRIMARY KEY," \
	"  title          TEXT NOT NULL," \
	"  period_start   INTEGER NOT NULL," \
	"  period_end     INTEGER," \
	"  status         TEXT NOT NULL CHECK (status IN ('draft','adopted','replaced'))," \
	"  has_adoption   INTEGER NOT NULL," \
	"  adoption_date  TEXT," \
	"  adoption_body  TEXT," \
	"  adoption_case  TEXT," \
	"  replaces       TEXT);" \
	"CREATE TABLE plan_organisation (" \
	"  plan_id         TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  organisation_id TEXT NOT NULL REFERENCES organisation (id)," \
	"  position        INTEGER NOT NULL," \
	"  PRIMARY KEY (plan_id, organisation_id));" \
	"CREATE INDEX plan_organisation_by_org ON plan_organisation (organisation_id);" \
	"CREATE TABLE overarching_goal (" \
	"  plan_id  TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  position INTEGER NOT NULL," \
	"  title    TEXT NOT NULL," \
	"  text     TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, position));" \
	"CREATE TABLE chapter (" \
	"  plan_id  TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  id       TEXT NOT NULL," \
	"  position INTEGER NOT NULL," \
	"  title    TEXT NOT NULL," \
	"  body     TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, id));" \
	"CREATE TABLE unit (" \
	"  plan_id         TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  id              TEXT NOT NULL," \
	"  position        INTEGER NOT NULL," \
	"  name            TEXT NOT NULL," \
	"  kind            TEXT NOT NULL CHECK (kind IN ('internal','external'))," \
	"  organisation_id TEXT REFERENCES organisation (id)," \
	"  PRIMARY KEY (plan_id, id));" \
	"CREATE INDEX unit_by_id ON unit (id);" \
	"CREATE TABLE implementation_step (" \
	"  plan_id   TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  position  INTEGER NOT NULL," \
	"  what      TEXT NOT NULL," \
	"  who       TEXT NOT NULL," \
	"  when_text TEXT," \
	"  PRIMARY KEY (plan_id, position));" \
	"CREATE TABLE step_unit (" \
	"  plan_id       TEXT NOT NULL," \
	"  step_position INTEGER NOT NULL," \
	"  position      INTEGER NOT NULL," \
	"  unit_id       TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, step_position, position)," \
	"  FOREIGN KEY (plan_id, step_position) REFERENCES implementation_step (plan_id, position) ON DELETE CASCADE," \
	"  FOREIGN KEY (plan_id, unit_id) REFERENCES unit (plan_id, id) ON DELETE CASCADE);" \
	"CREATE INDEX step_unit_by_unit ON step_unit (unit_id);" \
	"CREATE TABLE theme (" \
	"  plan_id    TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE," \
	"  id         TEXT NOT NULL," \
	"  position   INTEGER NOT NULL," \
	"  title      TEXT NOT NULL," \
	"  background TEXT," \
	"  challenge  TEXT," \
	"  PRIMARY KEY (plan_id, id));" \
	"CREATE TABLE goal (" \
	"  plan_id  TEXT NOT NULL," \
	"  id       TEXT NOT NULL," \
	"  theme_id TEXT NOT NULL," \
	"  position INTEGER NOT NULL," \
	"  text     TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, id)," \
	"  FOREIGN KEY (plan_id, theme_id) REFERENCES theme (plan_id, id) ON DELETE CASCADE);" \
	"CREATE INDEX goal_by_theme ON goal (plan_id, theme_id);" \
	"CREATE TABLE measure (" \
	"  plan_id     TEXT NOT NULL," \
	"  id          TEXT NOT NULL," \
	"  goal_id     TEXT NOT NULL," \
	"  position    INTEGER NOT NULL," \
	"  title       TEXT NOT NULL," \
	"  kind        TEXT NOT NULL CHECK (kind IN ('new','existing','proposed'))," \
	"  description TEXT," \
	"  search_text TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, id)," \
	"  FOREIGN KEY (plan_id, goal_id) REFERENCES goal (plan_id, id) ON DELETE CASCADE);" \
	"CREATE INDEX measure_by_goal ON measure (plan_id, goal_id);" \
	"CREATE TABLE indicator (" \
	"  plan_id           TEXT NOT NULL," \
	"  measure_id        TEXT NOT NULL," \
	"  number            INTEGER NOT NULL," \
	"  position          INTEGER NOT NULL," \
	"  text              TEXT NOT NULL," \
	"  resource_note     TEXT," \
	"  resource_category TEXT NOT NULL CHECK (resource_category IN" \
	"    ('unknown','existing_budget','investigate','set_aside','external'))," \
	"  responsible_note  TEXT," \
	"  deadline          TEXT," \
	"  search_text       TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, measure_id, number)," \
	"  FOREIGN KEY (plan_id, measure_id) REFERENCES measure (plan_id, id) ON DELETE CASCADE);" \
	"CREATE TABLE indicator_unit (" \
	"  plan_id    TEXT NOT NULL," \
	"  measure_id TEXT NOT NULL," \
	"  number     INTEGER NOT NULL," \
	"  position   INTEGER NOT NULL," \
	"  unit_id    TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, measure_id, number, position)," \
	"  FOREIGN KEY (plan_id, measure_id, number) REFERENCES indicator (plan_id, measure_id, number) ON DELETE CASCADE," \
	"  FOREIGN KEY (plan_id, unit_id) REFERENCES unit (plan_id, id) ON DELETE CASCADE);" \
	"CREATE INDEX indicator_unit_by_unit ON indicator_unit (unit_id);"

/* ---- migration 3: search text of version 1 remade (issue 5) ----
 * As SQL over the rows, with tiltak_fold (text_fold registered on every
 * SQLite connection). PostgreSQL databases are all younger than this
 * migration: the column is added empty there, and migration 4 moves
 * search to its own table anyway. */

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

/* ---- migration 4: history, audit and indexed search (issue 6) ---- */

#define M4_COMMON \
	"CREATE TABLE plan_search_slot (" \
	"  plan_id TEXT PRIMARY KEY," \
	"  slot    INTEGER NOT NULL UNIQUE);" \
	"CREATE TABLE plan_revision (" \
	"  plan_id TEXT NOT NULL," \
	"  number  INTEGER NOT NULL," \
	"  at      TEXT NOT NULL," \
	"  actor   TEXT NOT NULL," \
	"  title   TEXT NOT NULL," \
	"  digest  TEXT NOT NULL," \
	"  json    TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, number));" \
	"ALTER TABLE measure DROP COLUMN search_text;" \
	"ALTER TABLE indicator DROP COLUMN search_text;" \
	"ALTER TABLE chapter DROP COLUMN search_text;" \
	"UPDATE meta SET value = value + 1 WHERE key = 'generation';"

#define SEARCH_ENTRY_COLUMNS \
	"  plan_id       TEXT NOT NULL," \
	"  plan_title    TEXT NOT NULL," \
	"  plan_start    INTEGER NOT NULL," \
	"  ord           INTEGER NOT NULL," \
	"  kind          INTEGER NOT NULL," \
	"  key           TEXT NOT NULL," \
	"  title         TEXT NOT NULL," \
	"  number        INTEGER NOT NULL," \
	"  body          TEXT," \
	"  resource_note TEXT," \
	"  category      TEXT," \
	"  units         TEXT," \
	"  text          TEXT NOT NULL);" \
	"CREATE INDEX search_entry_by_plan ON search_entry (plan_id);"

#define AUDIT_COLUMNS \
	"  at          TEXT NOT NULL," \
	"  actor       TEXT NOT NULL," \
	"  action      TEXT NOT NULL," \
	"  object_type TEXT NOT NULL," \
	"  object_id   TEXT NOT NULL," \
	"  before_json TEXT," \
	"  after_json  TEXT);" \
	"CREATE INDEX audit_by_object ON audit (object_type, object_id);" \
	"CREATE INDEX audit_by_actor ON audit (actor);"

/* SQLite: the search entries' text indexed by FTS5's trigram tokenizer
 * (an external-content table kept in step by triggers), so that a
 * substring of a word (a part of a Norwegian compound) is found through
 * the index. The text is folded already, hence case_sensitive. Audit
 * rows refuse UPDATE and DELETE. */
static const char m4_sqlite[] =
	"CREATE TABLE search_entry ("
	"  id            INTEGER PRIMARY KEY,"
	SEARCH_ENTRY_COLUMNS
	"CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entry',"
	"  content_rowid='id', tokenize='trigram case_sensitive 1');"
	"CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN"
	"  INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text); END;"
	"CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN"
	"  INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
	"CREATE TABLE audit ("
	"  id          INTEGER PRIMARY KEY,"
	AUDIT_COLUMNS
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;"
	M4_COMMON;

/* PostgreSQL: the same with pg_trgm's GIN index for LIKE, and a trigger
 * function refusing UPDATE, DELETE and TRUNCATE of audit rows. */
static const char m4_pgsql[] =
	"CREATE EXTENSION IF NOT EXISTS pg_trgm;"
	"CREATE TABLE search_entry ("
	"  id            BIGINT PRIMARY KEY,"
	SEARCH_ENTRY_COLUMNS
	"CREATE INDEX search_entry_text ON search_entry USING gin (text gin_trgm_ops);"
	"CREATE TABLE audit ("
	"  id          BIGSERIAL PRIMARY KEY,"
	AUDIT_COLUMNS
	"CREATE FUNCTION audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$"
	"  BEGIN RAISE EXCEPTION 'audit rows cannot be changed or deleted'; END $$;"
	"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit"
	"  FOR EACH ROW EXECUTE FUNCTION audit_immutable();"
	"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
	"  FOR EACH STATEMENT EXECUTE FUNCTION audit_immutable();"
	M4_COMMON;

/* ---- migration 5: accounts and sessions (issue 7) ---- */

#define M5_COMMON \
	"CREATE TABLE account_unit (" \
	"  account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE," \
	"  unit_id    TEXT NOT NULL," \
	"  PRIMARY KEY (account_id, unit_id));" \
	"CREATE INDEX account_unit_by_unit ON account_unit (unit_id);" \
	"CREATE TABLE account_organisation (" \
	"  account_id      BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE," \
	"  organisation_id TEXT NOT NULL REFERENCES organisation (id)," \
	"  PRIMARY KEY (account_id, organisation_id));" \
	"CREATE TABLE session (" \
	"  token_hash TEXT PRIMARY KEY," \
	"  account_id BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE," \
	"  csrf       TEXT NOT NULL," \
	"  created_at BIGINT NOT NULL," \
	"  seen_at    BIGINT NOT NULL);" \
	"CREATE INDEX session_by_account ON session (account_id);" \
	"CREATE TABLE secret (" \
	"  name  TEXT PRIMARY KEY," \
	"  value TEXT NOT NULL);" \
	"CREATE TABLE login_throttle (" \
	"  key        TEXT PRIMARY KEY," \
	"  failures   INTEGER NOT NULL," \
	"  updated_at BIGINT NOT NULL);"

#define ACCOUNT_COLUMNS \
	"  email           TEXT NOT NULL UNIQUE," \
	"  role            TEXT NOT NULL CHECK (role IN ('admin','coordinator','reporter','reader'))," \
	"  password_hash   TEXT NOT NULL," \
	"  disabled        INTEGER NOT NULL DEFAULT 0," \
	"  created_at      TEXT NOT NULL," \
	"  last_login_at   TEXT);"

/* Accounts (an e-mail address, a role, an Argon2id hash of the password),
 * the units a reporter reports for and the organisations a coordinator
 * edits, sessions (only a hash of the token is kept), the secrets every
 * instance shares (keys of the login form's token and of the throttle)
 * and failed sign-ins counted per keyed hash of an e-mail address or a
 * client address (never the address itself). */
static const char m5_sqlite[] =
	"CREATE TABLE account ("
	"  id              INTEGER PRIMARY KEY,"
	ACCOUNT_COLUMNS
	M5_COMMON;

static const char m5_pgsql[] =
	"CREATE TABLE account ("
	"  id              BIGSERIAL PRIMARY KEY,"
	ACCOUNT_COLUMNS
	M5_COMMON;
/* ---- migration 6: the units register (issue 7) ----
 * One record per unit id (org_unit), with its parent and, for a
 * collective role, the units it applies to (org_unit_member; with
 * members_listed 0 it applies to every internal unit of its
 * organisation). A plan's own unit rows keep what the plan says,
 * including its parent, collective flag and applies_to (the ids,
 * space-separated, or NULL when the plan lists none), so that the plan
 * exports as it was imported. References inside the register are
 * checked at commit, so an import may write a unit before its parent. */

#define M6_SQL \
	"ALTER TABLE unit ADD COLUMN parent_id TEXT;" \
	"ALTER TABLE unit ADD COLUMN collective INTEGER NOT NULL DEFAULT 0;" \
	"ALTER TABLE unit ADD COLUMN applies_to TEXT;" \
	"CREATE TABLE org_unit (" \
	"  id              TEXT PRIMARY KEY," \
	"  name            TEXT NOT NULL," \
	"  kind            TEXT NOT NULL CHECK (kind IN ('internal','external'))," \
	"  organisation_id TEXT REFERENCES organisation (id)," \
	"  parent_id       TEXT REFERENCES org_unit (id) DEFERRABLE INITIALLY DEFERRED," \
	"  collective      INTEGER NOT NULL DEFAULT 0 CHECK (collective IN (0, 1))," \
	"  members_listed  INTEGER NOT NULL DEFAULT 0 CHECK (members_listed IN (0, 1))," \
	"  CHECK (parent_id IS NULL OR parent_id <> id));" \
	"CREATE INDEX org_unit_by_parent ON org_unit (parent_id);" \
	"CREATE INDEX org_unit_by_organisation ON org_unit (organisation_id);" \
	"CREATE TABLE org_unit_member (" \
	"  collective_id TEXT NOT NULL REFERENCES org_unit (id) DEFERRABLE INITIALLY DEFERRED," \
	"  unit_id       TEXT NOT NULL REFERENCES org_unit (id) DEFERRABLE INITIALLY DEFERRED," \
	"  position      INTEGER NOT NULL," \
	"  PRIMARY KEY (collective_id, unit_id)," \
	"  CHECK (collective_id <> unit_id));" \
	"CREATE INDEX org_unit_member_by_unit ON org_unit_member (unit_id);" \
	"UPDATE meta SET value = value + 1 WHERE key = 'generation';"

/* ---- migration 7: the yearly report (issue 7 §4) ----
 * One row per save of an indicator's report for a year, never changed
 * or deleted (triggers refuse it, as for audit rows): the latest version
 * is the current report, the older ones its history. The primary key
 * makes the version check: a save inserts the version it was based on
 * plus one, so of two saves based on the same version only one can
 * commit. Keys are natural and nothing cascades from the plan's tree, so
 * re-importing a plan keeps its reports. A plan may move the deadline
 * (report_deadline, "MM-DD"; NULL: 1 September). */

#define M7_REPORT \
	"ALTER TABLE plan ADD COLUMN report_deadline TEXT;" \
	"CREATE TABLE report (" \
	"  plan_id    TEXT NOT NULL," \
	"  measure_id TEXT NOT NULL," \
	"  number     INTEGER NOT NULL," \
	"  year       INTEGER NOT NULL," \
	"  version    INTEGER NOT NULL CHECK (version >= 1)," \
	"  status     TEXT NOT NULL CHECK (status IN ('not_started','in_progress'," \
	"    'done','ongoing','delayed','dropped'))," \
	"  progress   INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100)," \
	"  comment    TEXT," \
	"  evaluation TEXT," \
	"  account_id BIGINT REFERENCES account (id)," \
	"  actor      TEXT NOT NULL," \
	"  at         TEXT NOT NULL," \
	"  PRIMARY KEY (plan_id, measure_id, number, year, version));" \
	"CREATE INDEX report_by_plan_year ON report (plan_id, year);"

static const char m7_sqlite[] =
	M7_REPORT
	"CREATE TRIGGER report_no_update BEFORE UPDATE ON report BEGIN"
	"  SELECT RAISE(ABORT, 'reports cannot be changed: save a new version'); END;"
	"CREATE TRIGGER report_no_delete BEFORE DELETE ON report BEGIN"
	"  SELECT RAISE(ABORT, 'reports cannot be deleted'); END;";

static const char m7_pgsql[] =
	M7_REPORT
	"CREATE FUNCTION report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$"
	"  BEGIN RAISE EXCEPTION 'reports cannot be changed or deleted'; END $$;"
	"CREATE TRIGGER report_no_change BEFORE UPDATE OR DELETE ON report"
	"  FOR EACH ROW EXECUTE FUNCTION report_immutable();"
	"CREATE TRIGGER report_no_truncate BEFORE TRUNCATE ON report"
	"  FOR EACH STATEMENT EXECUTE FUNCTION report_immutable();";

/* ---- migration 10: how an organisation looks on its public pages
 * (issue 8 §8): the text of its logo (NULL: its name) and its accent
 * colour ("#RRGGBB", NULL: the site's own), set by administrators. ---- */
static const char m10[] =
	"ALTER TABLE organisation ADD COLUMN logo_text TEXT;"
	"ALTER TABLE organisation ADD COLUMN accent TEXT"
	"  CHECK (accent IS NULL OR length(accent) = 7);";

/* ---- migration 8: reading the audit trail (issue 7 §6) ----
 * The audit pages read one page of entries at a time, newest first,
 * through an index for each way in: by object, by actor, by object type,
 * and by plan (the plan's own rows, and every object whose id begins
 * with the plan's id and '/', such as a report "PLAN/MEASURE/N/YEAR"). In
 * SQLite every index ends in the rowid (the entry's id) already; in
 * PostgreSQL the id is added, so that "… ORDER BY id DESC LIMIT n" walks
 * the index backwards and stops. The prefix is compared byte by byte
 * (COLLATE "C"), whatever the database's collation. No row is changed. */
static const char m8_sqlite[] =
	"CREATE INDEX audit_by_type ON audit (object_type);"
	"CREATE INDEX audit_by_object_id ON audit (object_id);";

static const char m8_pgsql[] =
	"DROP INDEX audit_by_object;"
	"CREATE INDEX audit_by_object ON audit (object_type, object_id, id);"
	"DROP INDEX audit_by_actor;"
	"CREATE INDEX audit_by_actor ON audit (actor, id);"
	"CREATE INDEX audit_by_type ON audit (object_type, id);"
	"CREATE INDEX audit_by_object_id ON audit (object_id COLLATE \"C\");";

/* ---- migration 9: the help directory (issue 8 §1) ----
 * One row per help service: the columns the store selects and sorts by,
 * and the whole service as its canonical JSON (domain/help.h), which is
 * what the format, the editor and the audit trail read. version grows by
 * one with every change (the editor's check against concurrent edits).
 * A service may be the contact record of one unit of the units register
 * (unit_id, unique). help_service_org lists the organisations a service
 * serves besides its owner; one without an owner is national and serves
 * every organisation. */
#define M9_SQL \
	"CREATE TABLE help_service (" \
	"  id        TEXT PRIMARY KEY," \
	"  owner_id  TEXT REFERENCES organisation (id)," \
	"  unit_id   TEXT UNIQUE REFERENCES org_unit (id) DEFERRABLE INITIALLY DEFERRED," \
	"  kind      TEXT NOT NULL," \
	"  sort_rank INTEGER NOT NULL," \
	"  name      TEXT NOT NULL," \
	"  verified  TEXT," \
	"  version   INTEGER NOT NULL CHECK (version >= 1)," \
	"  data      TEXT NOT NULL);" \
	"CREATE INDEX help_service_by_owner ON help_service (owner_id);" \
	"CREATE TABLE help_service_org (" \
	"  service_id      TEXT NOT NULL REFERENCES help_service (id) ON DELETE CASCADE," \
	"  organisation_id TEXT NOT NULL REFERENCES organisation (id)," \
	"  PRIMARY KEY (service_id, organisation_id));" \
	"CREATE INDEX help_service_org_by_org ON help_service_org (organisation_id);"

/* ---- migration 11: the action card (issue 8 §5) ----
 * One card per organisation: its canonical JSON ("tiltak-card/1"), read
 * and written whole (a card is one page), with a revision that grows
 * with every change (an edit is refused when the card moved since it
 * was read) and whether it is still the shipped template. Its links to
 * units and directory entries are checked when it is written. */
#define M11_CARD \
	"CREATE TABLE action_card (" \
	"  organisation_id TEXT PRIMARY KEY REFERENCES organisation (id)," \
	"  revision        INTEGER NOT NULL CHECK (revision >= 1)," \
	"  is_template     INTEGER NOT NULL CHECK (is_template IN (0, 1))," \
	"  json            TEXT NOT NULL," \
	"  digest          TEXT NOT NULL," \
	"  updated_at      TEXT NOT NULL," \
	"  updated_by      TEXT NOT NULL);"

/* ---- migration 12: one index fewer for every audit row (SQLite) ----
 * audit_by_object (object_type, object_id) adds nothing that
 * audit_by_object_id (object_id, and the rowid: migration 8) does not
 * find: an object's entries, newest first, are read through the latter
 * with the type checked on the few rows it yields (EXPLAIN QUERY PLAN of
 * S_AUDIT_PAGE_OBJECT and S_AUDIT_PAGE_PLAN: "USING INDEX
 * audit_by_object_id (object_id=? AND rowid<?)"). Each index costs the
 * pages a write touches: a yearly report's save writes an audit row per
 * indicator, each on its own leaf of every index keyed by object
 * (docs/PERFORMANCE.md). PostgreSQL keeps its (object_type, object_id,
 * id), which serves the object's page in the database's own collation,
 * where audit_by_object_id's is "C". */
static const char m12_sqlite[] = "DROP INDEX audit_by_object;";
static const char m12_pgsql[] = "SELECT 1;";

static bool rebuild_search(struct db *);

struct migration {
	const char *sqlite;
	const char *pgsql;           /* NULL: the same */
	bool      (*after)(struct db *);
};

static const struct migration migrations[] = {
	/* 1: the plan register. */
	{M1_TABLES, NULL, NULL},
	/* 2: the title of the plan a plan replaces, as the plan gives it, so
	 * that a plan not in the database is named by title, not by id. */
	{"ALTER TABLE plan ADD COLUMN replaces_title TEXT;", NULL, NULL},
	/* 3: search covers measure descriptions, resource notes, responsible
	 * units and chapters, folded by utf8proc (text_fold) instead of the
	 * Latin-only fold of version 1; the generation moves so no instance
	 * serves an old page. */
	{"ALTER TABLE chapter ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
	 "UPDATE measure SET search_text = " SEARCH_TEXT_MEASURE ";"
	 "UPDATE indicator SET search_text = " SEARCH_TEXT_INDICATOR ";"
	 "UPDATE chapter SET search_text = " SEARCH_TEXT_CHAPTER ";"
	 "UPDATE meta SET value = value + 1 WHERE key = 'generation';",
	 "ALTER TABLE chapter ADD COLUMN search_text TEXT NOT NULL DEFAULT '';", NULL},
	/* 4: plan revisions, the audit trail, and search through the
	 * engine's own index (search entries remade from every plan). */
	{m4_sqlite, m4_pgsql, rebuild_search},
	/* 5: accounts, sessions and shared secrets. */
	{m5_sqlite, m5_pgsql, NULL},
	/* 6: the units register, filled from the units the plans name (the
	 * latest plan's word for each id), each entry audited as created. */
	{M6_SQL, NULL, register_fill},
	/* 7: the yearly report (report table, plan.report_deadline). */
	{m7_sqlite, m7_pgsql, NULL},
	/* 8: indexes for reading the audit trail a page at a time. */
	{m8_sqlite, m8_pgsql, NULL},
	/* 9: the help directory. */
	{M9_SQL, NULL, NULL},
	/* 10: an organisation's logo text and accent colour. */
	{m10, NULL, NULL},
	/* 11: the action card. */
	{M11_CARD, NULL, NULL},
	/* 12: SQLite drops an audit index another covers. */
	{m12_sqlite, m12_pgsql, NULL},
};

#define MIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

int
schema_latest(void)
{
	return MIGRATIONS;
}

/* Migration 4's data: every stored plan's search entries, made by the
 * same code an import uses. */
static bool
rebuild_search(struct db *db)
{
	struct drv_stmt *st = drv_stmt(db->drv, DRV_STMTS_MAX - 1,
	    "SELECT id FROM plan ORDER BY id");
	if (st == NULL)
		return false;
	char **ids = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	while (drv_step(st, "plans") == DRV_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = realloc(ids, cap * sizeof(*ids));
			if (ids == NULL)
				abort();
		}
		ids[n++] = strdup(drv_col_text(st, 0));
	}
	drv_reset(st);
	for (size_t i = 0; ok && i < n; i++) {
		struct plan *p = NULL;
		ok = db_plan_get_in(db, ids[i], &p) == DB_OK && search_entries_put(db, p);
		plan_free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ok;
}

/* The schema version read without a write lock: -1 if there is no
 * schema_version table (a new database), -2 on error. */
static int
current_version(struct db *db)
{
	struct drv_stmt *st = q(db, S_SCHEMA_EXISTS);
	if (st == NULL || drv_step(st, "schema version") != DRV_ROW)
		return -2;
	int64_t exists = drv_col_int(st, 0);
	drv_reset(st);
	if (exists == 0)
		return -1;
	st = q(db, S_SCHEMA_VERSION);
	if (st == NULL || drv_step(st, "schema version") != DRV_ROW)
		return -2;
	int v = (int)drv_col_int(st, 0);
	drv_reset(st);
	return v;
}

bool
schema_migrate(struct db *db)
{
	int v = current_version(db);
	if (v == -2)
		return false;
	if (v == MIGRATIONS) {
		db->version = v;
		return true;
	}
	if (v == -1 && !drv_exec(db->drv,
	    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
		return false;
	/* Read the version inside the write transaction, so two processes
	 * starting at once do not both migrate. Every pending migration is
	 * applied in this one transaction: their SQL in order, then their
	 * code steps in order. A code step is today's code (it loads plans
	 * with today's statements), so it runs on today's schema, not on the
	 * schema of its own version. */
	if (!drv_begin_write(db->drv))
		return false;
	struct drv_stmt *st = q(db, S_SCHEMA_VERSION);
	int version = -1;
	if (st != NULL && drv_step(st, "schema version") == DRV_ROW)
		version = (int)drv_col_int(st, 0);
	if (st)
		drv_reset(st);
	if (version < 0) {
		drv_rollback(db->drv);
		return false;
	}
	if (version > MIGRATIONS) {
		drv_set_error(db->drv, "database schema version %d is newer than this "
		    "program knows (%d)", version, MIGRATIONS);
		drv_rollback(db->drv);
		return false;
	}
	db->version = version;
	bool ok = true;
	int failed = 0;
	for (int m = version; ok && m < MIGRATIONS; m++) {
		const struct migration *mg = &migrations[m];
		ok = drv_exec(db->drv, drv_kind(db->drv) == DRV_PGSQL && mg->pgsql ?
		    mg->pgsql : mg->sqlite);
		if (ok && (st = q(db, S_SCHEMA_RECORD)) != NULL) {
			drv_bind_int(st, 1, m + 1);
			ok = q_run(db, st, "schema version");
		} else {
			ok = false;
		}
		failed = m + 1;
	}
	for (int m = version; ok && m < MIGRATIONS; m++) {
		failed = m + 1;
		if (migrations[m].after)
			ok = migrations[m].after(db);
	}
	if (!end_write(db, ok)) {
		char msg[1100];
		snprintf(msg, sizeof(msg), "migration %d: %s", failed, drv_errmsg(db->drv));
		drv_set_error(db->drv, "%s", msg);
		return false;
	}
	db->version = MIGRATIONS;
	return true;
}

bool
schema_check(struct db *db)
{
	int v = current_version(db);
	if (v == -2)
		return false;
	if (v < 0)
		v = 0;
	if (v > MIGRATIONS) {
		drv_set_error(db->drv, "database schema version %d is newer than this "
		    "program knows (%d)", v, MIGRATIONS);
		return false;
	}
	if (v < MIGRATIONS) {
		drv_set_error(db->drv, "the database has schema version %d and this program "
		    "needs %d; it is read-only, so it cannot be upgraded: open it once where "
		    "it can be written (tiltak serve, export or import do it)", v, MIGRATIONS);
		return false;
	}
	db->version = v;
	return true;
}
