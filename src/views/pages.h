/* pages.h — the pages of the read-only web. Each function renders a whole
 * document from owned data and returns it (caller frees). No function here
 * touches the database or the network. */
#ifndef TILTAK_PAGES_H
#define TILTAK_PAGES_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/plan.h"
#include "store/db.h"

/* The home page: every organisation and its plans; with more than
 * HOME_ORGS_LISTED organisations, a finder (find: the words looked for,
 * or NULL) and an index by first letter. */
char *page_home(const struct catalogue *, const char *find, size_t *len);
/* replaced: the plan p replaces, when the store holds it (else NULL). */
char *page_plan(const struct plan *, const struct plan_name *replaced, size_t *len);
char *page_theme(const struct plan *, const struct theme *, size_t *len);
char *page_measure(const struct plan *, const struct theme *,
    const struct goal *, const struct measure *, size_t *len);
/* Which indicators a plan's listing shows. */
struct indicator_filter {
	int         category;   /* an enum resource_category, or -1: any */
	const char *unit;       /* a unit id of the plan, or NULL: any */
	const char *theme;      /* a theme id of the plan, or NULL: any */
};
/* The plan's indicators that f selects, grouped by theme and measure.
 * With error (a message naming the filter value the plan lacks) the page
 * says so and lists nothing. */
char *page_indicators(const struct plan *, const struct indicator_filter *f,
    const char *error, size_t *len);
char *page_units(const struct unit_list *, size_t *len);
char *page_unit(const struct unit_view *, size_t *len);
/* query may be NULL (no search yet). When the query names a resource
 * category, the page links to that category's listing in each plan of c
 * that has indicators. */
char *page_search(const char *query, const struct search_result *,
    const struct catalogue *c, size_t *len);
/* The accessibility statement; contact is the installation's own (NULL:
 * none set, the page names c's organisations instead). */
char *page_statement(const struct catalogue *c, const char *contact, size_t *len);
/* ---- the signed-in area (page_admin.c) ---- */

struct admin_user;

/* The sign-in page. csrf: the login form's token; email: what was typed
 * (NULL: nothing); next: where to go after (a path under /admin, or
 * NULL); error: why the last attempt failed (translated), or NULL,
 * shown at the field error_field ("email", "password"; NULL: the
 * address); signed_out: say that the user has just signed out. */
char *page_login(const char *csrf, const char *email, const char *next,
    const char *error, const char *error_field, bool signed_out, size_t *len);
/* The start page after signing in: what the role can do from here. */
char *page_admin_home(const struct admin_user *, size_t *len);

/* ---- the yearly report (page_report.c) ---- */

struct form;
struct form_problem;
struct report_history;
struct report_plan_list;
struct report_row;
struct report_sheet;

/* The field names of one indicator's group on the report page:
 * "status.MEASURE.NUMBER", and so on for progress, comment, evaluation,
 * version and choice (after a conflict). */
#define REPORT_KEY_MAX 96
void report_field(char *out, size_t outsz, const char *field, const char *measure_id,
    int number);

/* The report page of one plan and year. */
struct report_view {
	const struct admin_user    *user;
	const struct report_sheet  *sheet;
	const char                 *today;      /* "YYYY-MM-DD": is the deadline past? */
	int                         first_year; /* the years one may open */
	int                         last_year;
	bool                        editable;   /* a form, or the reports to read */
	const struct form          *form;       /* what was typed, re-displayed
	                                           (NULL: the stored reports) */
	const struct form_problem  *problems;   /* per field name, in page order */
	size_t                      nproblems;
	/* Per sheet item (NULL or n entries): the report someone else saved
	 * while this one was typed, or NULL. */
	const struct report_row   *const *theirs;
	const char                 *notice;     /* a confirmation, or NULL */
};
char *page_report(const struct report_view *, size_t *len);
/* The plans one may open report pages of, each for this_year. */
char *page_report_plans(const struct admin_user *, const struct report_plan_list *,
    int this_year, bool reporter, size_t *len);
/* Every saved version of one indicator's report. */
char *page_report_history(const struct admin_user *, const struct report_history *,
    size_t *len);

/* The coordinator's overview of a plan and year (page_overview.c), with
 * links to the years first_year..last_year; and the list of plans to
 * open it for. */
char *page_overview(const struct admin_user *, const struct overview *,
    const struct overview_filter *, int first_year, int last_year, size_t *len);
char *page_overview_plans(const struct admin_user *, const struct report_plan_list *,
    int this_year, size_t *len);

/* A page for an error status, with a message for the reader. */
char *page_error(int status, const char *message, size_t *len);

#endif
