/* db.h — the store: every read and write of tiltak's data goes through
 * these functions, so that a second backend (PostgreSQL) can be added
 * without touching their callers. Handlers never see SQL.
 *
 * A struct db is one connection and is used by one thread at a time; the
 * server opens one per worker thread. Results are owned structs living in
 * an arena, freed with their matching _free function. */
#ifndef TILTAK_DB_H
#define TILTAK_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"
#include "util/arena.h"

enum db_status {
	DB_OK,
	DB_NOT_FOUND,
	DB_ERROR,      /* see db_errmsg */
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

/* Opens the database at path as mode says and, when it is opened
 * read-write, brings its schema up to date (a read-only database must be
 * up to date already). Returns NULL with a message naming path in err on
 * failure: "no database at PATH (create one with: …)", "cannot write
 * PATH: the location is read-only", a schema that needs upgrading but
 * cannot be, or SQLite's reason. */
struct db *db_open(const char *path, enum db_mode mode, char *err, size_t errsz);
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

/* Stores plans[0..n) in one transaction, each replacing any plan with the
 * same id (and its whole content). All or nothing. */
enum db_status db_plans_put(struct db *, struct plan *const *plans, size_t n);

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
	struct unit_item *items;
	size_t            nitems;
	struct unit_step *steps;
	size_t            nsteps;
};

enum db_status db_unit_get(struct db *, const char *id, struct unit_view **out);
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

#endif
