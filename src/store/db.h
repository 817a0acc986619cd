/* db.h — the store: every read and write of tiltak's data goes through
 * these functions, whichever backend holds it (SQLite or PostgreSQL; see
 * drv.h). Handlers never see SQL.
 *
 * A struct db is one connection and is used by one thread at a time; the
 * server opens one per worker thread. Results are owned structs living in
 * an arena, freed with their matching _free function.
 *
 * Every write takes an actor (who writes: "cli:USER" from the command
 * line, later the signed-in account) and records what it changed in the
 * audit trail in the same transaction; the application can neither change
 * nor delete audit rows. */
#ifndef TILTAK_DB_H
#define TILTAK_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"
#include "domain/plan.h"
#include "limits.h"
#include "util/arena.h"

enum db_status {
	DB_OK,
	DB_NOT_FOUND,
	DB_ERROR,      /* see db_errmsg */
	DB_CONFLICT,   /* a unique key is taken, or a row changed since it
	                  was read (see each function) */
};

struct db;

/* How db_open treats the file. Only import may create a database. */
enum db_mode {
	DB_OPEN_CREATE,    /* create it if missing (not its folder); it and its
	                      folder must be writable */
	DB_OPEN_EXISTING,  /* it must exist; read-write, or read-only when it or
	                      its folder cannot be written (read-only media) */
	DB_OPEN_READONLY,  /* it must exist; read-only */
	DB_OPEN__MAX
};

/* Opens the database uri names — "sqlite:PATH", a bare path (SQLite), or
 * "postgresql://…" — as mode says and, when it is opened read-write,
 * brings its schema up to date (a read-only database must be up to date
 * already). Returns NULL with a message naming the database in err on
 * failure: "no database at PATH (create one with: …)", "cannot write
 * PATH: the location is read-only", a schema that needs upgrading but
 * cannot be, or the backend's reason. A PostgreSQL database must exist
 * (createdb); CREATE makes its schema. */
struct db *db_open(const char *uri, enum db_mode mode, char *err, size_t errsz);
/* uri as it may be shown in messages: a password replaced by "***". */
void db_uri_shown(const char *uri, char *out, size_t outsz);
/* True if db is PostgreSQL. */
bool db_is_pgsql(const struct db *);
/* Statements run on db so far (tests count them). */
long db_statements(const struct db *);
/* True if db was opened read-only; its writes then fail. */
bool db_readonly(const struct db *);
void db_close(struct db *);
/* The last error's message; valid until the next call on db. */
const char *db_errmsg(const struct db *);
/* The schema version after migrations. */
int db_schema_version(struct db *);

/* The data generation: a number that grows with every committed change.
 * Caches compare against it (a change from any instance invalidates). */
enum db_status db_generation(struct db *, int64_t *out);

/* What storing a plan did. */
enum db_put {
	DB_PUT_NEW,        /* the plan was not in the database */
	DB_PUT_CHANGED,    /* it was, and is now a new revision */
	DB_PUT_UNCHANGED,  /* it was, with the same content: nothing written */
};

/* Stores plans[0..n) in one transaction, each replacing any plan with the
 * same id (its whole content). Each plan stored is kept as a numbered
 * revision of its canonical JSON (the earlier ones stay), and audited as
 * done by actor. Data that refers to a plan's natural keys (plan,
 * measure, indicator number) is not touched. All or nothing. results
 * (may be NULL) gets what happened to each plan, revisions (may be NULL)
 * each plan's revision number after the call. */
enum db_status db_plans_put(struct db *, const char *actor,
    struct plan *const *plans, size_t n, enum db_put *results, int *revisions);

/* Refreshes the statistics the query planner uses (after a large import:
 * PostgreSQL ANALYZE, SQLite PRAGMA optimize). */
enum db_status db_analyze(struct db *);

/* A plan's revisions, oldest first. */
struct revision {
	int   number;
	char *at;       /* ISO 8601, UTC */
	char *actor;
	char *title;
	char *digest;   /* BLAKE2b of the JSON, hex */
};

struct revision_list {
	struct arena     arena;
	struct revision *items;
	size_t           n;
};

/* DB_NOT_FOUND when the plan has no revision. */
enum db_status db_revisions(struct db *, const char *plan_id,
    struct revision_list **out);
void revision_list_free(struct revision_list *);
/* Revision number of plan_id as canonical JSON (caller frees). */
enum db_status db_revision_json(struct db *, const char *plan_id, int number,
    char **json, size_t *len);

/* The audit trail: every change, who made it, when, and what the object
 * was before and after (JSON). Filters are NULL or "" for any. */
struct audit_entry {
	int64_t  id;
	char    *at;
	char    *actor;
	char    *action;
	char    *object_type;
	char    *object_id;
	char    *before;   /* JSON or NULL */
	char    *after;    /* JSON or NULL */
};

struct audit_list {
	struct arena        arena;
	struct audit_entry *items;
	size_t              n;
};

enum db_status db_audit(struct db *, const char *object_type, const char *object_id,
    const char *actor, struct audit_list **out);
void audit_list_free(struct audit_list *);

/* Copies everything from one database to another (they may be of
 * different backends): plans, organisations, revisions, audit, search,
 * the generation. The target must hold no plan, revision, organisation or
 * audit row, unless force, which first removes plans, organisations and
 * revisions (audit rows cannot be removed: a target with any is refused).
 * One transaction on the target. rows gets the number of rows copied. */
enum db_status db_copy(struct db *from, struct db *to, bool force, long *rows);

/* Waiting for changes made by other processes (PostgreSQL LISTEN/NOTIFY;
 * SQLite has none). db_listen subscribes this connection; db_wait_change
 * waits at most ms and returns 1 if the data changed, 0 on timeout, -1 if
 * the connection failed or cannot listen. */
bool db_listen(struct db *);
int db_wait_change(struct db *, int ms);

/* Loads a whole plan; caller frees with plan_free. */
enum db_status db_plan_get(struct db *, const char *id, struct plan **out);

/* A plan's id, title and period: enough to name and link it from another
 * plan's page (the plan it replaces). DB_NOT_FOUND when there is no plan
 * with that id; caller frees with plan_name_free. */
struct plan_name {
	struct arena  arena;
	char         *id;
	char         *title;
	int           period_start;
	int           period_end;   /* 0: open-ended */
};

enum db_status db_plan_name(struct db *, const char *id, struct plan_name **out);
void plan_name_free(struct plan_name *);

/* The home page's catalogue: organisations and the plans they own. */
struct catalogue_plan {
	char             *id;
	char             *title;
	int               period_start;
	int               period_end;
	enum plan_status  status;
	struct plan_counts counts;
};

struct catalogue_org {
	char                  *id;
	char                  *name;
	struct catalogue_plan *plans;
	size_t                 nplans;
};

struct catalogue {
	struct arena          arena;
	struct catalogue_org *orgs;
	size_t                norgs;
};

enum db_status db_catalogue(struct db *, struct catalogue **out);
void catalogue_free(struct catalogue *);

/* All units across plans, by id, with how many indicators each holds. */
struct unit_summary {
	char          *id;
	char          *name;
	enum unit_kind kind;
	size_t         nindicators;
	size_t         nplans;
};

struct unit_list {
	struct arena         arena;
	struct unit_summary *units;
	size_t               n;
};

enum db_status db_unit_list(struct db *, struct unit_list **out);
void unit_list_free(struct unit_list *);

/* A unit as a plan names it. */
struct unit_ref {
	char *id;
	char *name;
};

/* Everything one unit is responsible for, across plans: the unit leader's
 * view. Items are in plan order (newest plan first). */
struct unit_item {
	char                  *plan_id;
	char                  *plan_title;
	char                  *theme_id;
	char                  *theme_title;
	char                  *measure_id;
	char                  *measure_title;
	int                    number;
	char                  *text;
	char                  *resource_note;
	enum resource_category resource_category;
	char                  *responsible_note;
	char                  *deadline;
	/* Every unit responsible for the indicator, this one included, in
	 * the plan's order: the others are the ones it shares the task with. */
	struct unit_ref       *responsible;
	size_t                 nresponsible;
};

struct unit_step {
	char *plan_id;
	char *plan_title;
	char *what;
	char *when;
};

struct unit_view {
	struct arena      arena;
	char             *id;
	char             *name;
	enum unit_kind    kind;
	struct unit_item *items;       /* of the plans on this page */
	size_t            nitems;
	struct unit_step *steps;       /* of the plans on this page */
	size_t            nsteps;
	int               page;        /* from 1 */
	int               pages;       /* UNIT_PAGE_PLANS plans a page */
	size_t            nplans;      /* plans that name the unit, in all */
	size_t            nindicators; /* indicators it has, in all */
};

/* One page of a unit's responsibilities: the plans that name it, newest
 * first, UNIT_PAGE_PLANS at a time (a national body such as ATV is named
 * in a hundred plans). DB_NOT_FOUND if no plan names the unit or page is
 * past the last. */
enum db_status db_unit_get(struct db *, const char *id, int page,
    struct unit_view **out);
void unit_view_free(struct unit_view *);

/* Search over chapters (title and text), measures (title and
 * description) and indicators (text, resource note, responsibility note
 * and the names of the responsible units). Query and text are folded by
 * text_fold; every word of the query must occur (as a substring, so parts
 * of Norwegian compounds match). Hits come per plan, newest plan first:
 * its chapters, then measures and indicators in the plan's order. */
enum search_kind {
	SEARCH_CHAPTER,
	SEARCH_MEASURE,
	SEARCH_INDICATOR,
};

struct search_hit {
	char                  *plan_id;
	char                  *plan_title;
	enum search_kind       kind;
	char                  *id;            /* chapter or measure id */
	char                  *title;         /* chapter or measure title */
	int                    number;        /* indicator number, else 0 */
	char                  *text;          /* indicator text, else NULL */
	char                  *resource_note; /* indicator's, or NULL */
	enum resource_category resource_category;
	struct unit_ref       *responsible;   /* indicator's units */
	size_t                 nresponsible;
};

struct search_result {
	struct arena       arena;
	struct search_hit *hits;
	size_t             nhits;
	int                truncated;  /* more than SEARCH_RESULTS_MAX */
};

enum db_status db_search(struct db *, const char *query,
    struct search_result **out);
void search_result_free(struct search_result *);

/* ---- accounts and sessions ---- */

struct account {
	int64_t    id;
	char      *email;          /* lower case */
	enum role  role;
	char      *password_hash;  /* crypto_pwhash_str's text */
	bool       disabled;
	char      *created_at;     /* ISO 8601, UTC */
	char      *last_login_at;  /* NULL: never signed in */
	char     **units;          /* a reporter's units, by id */
	size_t     nunits;
	char     **organisations;  /* a coordinator's organisations, by id */
	size_t     norganisations;
};

struct account_list {
	struct arena    arena;
	struct account *items;
	size_t          n;
};

/* Adds an account, audited as done by actor (the hash is not written to
 * the audit trail). DB_CONFLICT if the e-mail address is taken;
 * DB_NOT_FOUND if an organisation does not exist. *id gets its id. */
enum db_status db_account_add(struct db *, const char *actor,
    const struct account *a, int64_t *id);
/* One account by e-mail address (lower case) or id; DB_NOT_FOUND if
 * there is none. The list holds one item. */
enum db_status db_account_by_email(struct db *, const char *email,
    struct account_list **out);
enum db_status db_account_by_id(struct db *, int64_t id,
    struct account_list **out);
/* Every account, by e-mail address. */
enum db_status db_accounts(struct db *, struct account_list **out);
void account_list_free(struct account_list *);
/* Sets an account's password hash, or disables or enables it; either
 * ends its sessions. Audited. DB_NOT_FOUND if there is no such account. */
enum db_status db_account_set_password(struct db *, const char *actor,
    int64_t id, const char *hash);
enum db_status db_account_set_disabled(struct db *, const char *actor,
    int64_t id, bool disabled);
/* The same, refusing (DB_CONFLICT, nothing written) to disable the last
 * active administrator: the signed-in area's rule (the command line may
 * still do it, and make a new administrator). */
enum db_status db_account_set_disabled_keep_admin(struct db *, const char *actor,
    int64_t id, bool disabled);
/* Sets an account's role, units and organisations (each list replaces
 * the old one), audited with the account before and after. Its sessions
 * go on (the role is read with the session at every request).
 * DB_NOT_FOUND if there is no such account or an organisation does not
 * exist; DB_CONFLICT if no active administrator would remain. *changed
 * (may be NULL) says whether anything differed: if not, nothing is
 * written. */
enum db_status db_account_update(struct db *, const char *actor, int64_t id,
    enum role role, char *const *units, size_t nunits, char *const *orgs,
    size_t norgs, bool *changed);

/* A session as the server sees it: whose it is and its CSRF token.
 * Times are Unix seconds. */
struct session_row {
	int64_t    account_id;
	char       email[ACCOUNT_EMAIL_MAX + 1];
	enum role  role;
	bool       disabled;
	char       csrf[48];
	int64_t    created_at;
	int64_t    seen_at;
};

/* A sign-in: records it on the account, removes its expired sessions
 * (unused since idle_before, or begun before created_before) and stores
 * a new one under token_hash. One transaction. */
enum db_status db_session_begin(struct db *, int64_t account_id,
    const char *token_hash, const char *csrf, int64_t now,
    int64_t idle_before, int64_t created_before);
/* The session stored under token_hash; DB_NOT_FOUND if none. */
enum db_status db_session_get(struct db *, const char *token_hash,
    struct session_row *out);
/* Records that the session was used at now. */
enum db_status db_session_touch(struct db *, const char *token_hash, int64_t now);
/* Ends a session (sign-out, or found expired). */
enum db_status db_session_end(struct db *, const char *token_hash);

/* The secret named name, shared by every instance: made from candidate
 * the first time it is asked for (whoever asks first wins). Copies it
 * into out (NUL-terminated; DB_ERROR if it does not fit). */
enum db_status db_secret(struct db *, const char *name, const char *candidate,
    char *out, size_t outsz);

/* Failed sign-ins counted under key (a keyed hash, never an address):
 * how many, and when the last was (Unix seconds); 0 and 0 if none. */
enum db_status db_throttle_get(struct db *, const char *key, int *failures,
    int64_t *updated_at);
/* Counts one more failure under key at now, starting from 1 again if the
 * last was before forget_before; *failures gets the new count. Removes
 * counts older than forget_before under any key. */
enum db_status db_throttle_fail(struct db *, const char *key, int64_t now,
    int64_t forget_before, int *failures);
/* Forgets the failures under key (after a successful sign-in). */
enum db_status db_throttle_clear(struct db *, const char *key);

/* ---- the audit trail a page at a time, plans and organisations for the
 * signed-in area (issue 7 §6, §3) ---- */

/* Which entries of the audit trail: every field NULL or "" is "any". */
struct audit_filter {
	const char *actor;        /* who: "web:EMAIL", "cli:USER" */
	const char *object_type;  /* "plan", "organisation", "account", … */
	const char *object_id;    /* one object (with object_type) */
	const char *plan;         /* a plan's own entries and those of every
	                             object whose id begins with "PLAN/" (a
	                             report "PLAN/MEASURE/N/YEAR") */
	int64_t     before;       /* only entries older than the one with
	                             this id (the next page); 0: the newest */
	bool        no_accounts;  /* leave out changes to accounts */
	size_t      limit;        /* entries on a page; 0: AUDIT_PAGE_SIZE */
};

/* One page of the audit trail, newest first, read through an index
 * whichever filter is given. *more says whether older entries match
 * (their page begins before the last entry's id). */
enum db_status db_audit_page(struct db *, const struct audit_filter *,
    struct audit_list **out, bool *more);

/* Every plan, drafts too, newest first: to choose one in a filter. */
struct plan_names {
	struct arena      arena;
	struct plan_name *items;   /* their arena is the list's */
	size_t            n;
};
enum db_status db_plan_names(struct db *, struct plan_names **out);
void plan_names_free(struct plan_names *);

/* Every organisation, by name. */
struct organisation_list {
	struct arena         arena;
	struct organisation *items;
	size_t               n;
};
enum db_status db_organisations(struct db *, struct organisation_list **out);
void organisation_list_free(struct organisation_list *);
/* Renames an organisation, audited ("rename", the name before and
 * after), and moves the data generation (public pages show the name).
 * The same name writes nothing. DB_NOT_FOUND if there is none. */
enum db_status db_organisation_rename(struct db *, const char *actor,
    const char *id, const char *name);

#endif
