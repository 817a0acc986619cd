/* pages.h — the pages of the read-only web. Each function renders a whole
 * document from owned data and returns it (caller frees). No function here
 * touches the database or the network. */
#ifndef TILTAK_PAGES_H
#define TILTAK_PAGES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/plan.h"
#include "domain/plan_edit.h"
#include "store/db.h"
#include "views/admin.h"

/* The home page: every organisation and its plans; with more than
 * HOME_ORGS_LISTED organisations, a finder (find: the words looked for,
 * or NULL) and an index by first letter. */
char *page_home(const struct catalogue *, const char *find, size_t *len);
/* replaced: the plan p replaces, when the store holds it (else NULL). */
/* ps: each indicator's current status for the public (db_public_status),
 * shown beside it and summed up on the plan's page; NULL: none known. */
char *page_plan(const struct plan *, const struct plan_name *replaced,
    const struct public_status *ps, size_t *len);
char *page_theme(const struct plan *, const struct theme *,
    const struct public_status *ps, size_t *len);
char *page_measure(const struct plan *, const struct theme *,
    const struct goal *, const struct measure *, const struct public_status *ps,
    size_t *len);
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
/* A unit's page; contact is its contact record in the help directory
 * (db_help_by_unit), or NULL when it has none. */
char *page_unit(const struct unit_view *, const struct help_service *contact,
    size_t *len);
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
/* ---- editing plans (page_plan_edit.c) ---- */

struct crumb;
struct form_problem;
struct option;

/* How a field of an editing form is shown. */
enum edit_widget {
	EW_TEXT,        /* one line */
	EW_TEXTAREA,    /* several lines (Markdown) */
	EW_DATE,        /* YYYY-MM-DD */
	EW_NUMBER,      /* a whole number */
	EW_SELECT,      /* one of options */
	EW_CHECKBOXES,  /* any of options (values, nvalues: those checked) */
};

/* One field of an editing form, as the page shows it: what was typed (or
 * what is saved), the message at it, and, after someone else saved the
 * plan meanwhile, what they saved where it differs from what was typed. */
struct edit_field_view {
	const char          *name;
	const char          *label;     /* translated */
	const char          *hint;      /* translated, or NULL */
	enum edit_widget     widget;
	bool                 required;
	const char          *value;     /* NULL: empty */
	const char *const   *values;    /* EW_CHECKBOXES */
	size_t               nvalues;
	const struct option *options;   /* EW_SELECT, EW_CHECKBOXES */
	size_t               noptions;
	const char          *error;     /* translated, or NULL */
	bool                 changed;   /* someone else saved another value */
	const char          *current;   /* that value (NULL: none), when changed */
	const char          *maxlength; /* NULL: none */
};

/* One form: where it is sent, its fields, the plan's revision it is
 * based on (-1: none, a new plan) and the label of its button. */
struct edit_form_view {
	const char                   *heading;   /* an h2 above it, or NULL */
	const char                   *action;
	const char                   *submit;
	int                           revision;
	const char                   *hidden_name;  /* one more hidden field, */
	const char                   *hidden_value; /* or NULL */
	const struct edit_field_view *fields;
	size_t                        nfields;
};

/* A page of editing forms. */
struct edit_page_view {
	const struct admin_user      *user;
	const char                   *title;
	const struct crumb           *crumbs;
	size_t                        ncrumbs;
	const char                   *lead;      /* a paragraph, or NULL */
	const char                   *notice;    /* translated, or NULL */
	bool                          notice_error;
	const struct form_problem    *problems;
	size_t                        nproblems;
	const struct edit_form_view  *forms;
	size_t                        nforms;
	const char                   *back;      /* "back without saving" href */
};

char *page_edit_form(const struct edit_page_view *, size_t *len);

/* The words the editing pages use for each kind of item, translated. */
enum edit_text {
	ET_NEW,        /* "New theme": the title of the form for a new one */
	ET_EDIT,       /* "Edit the theme" */
	ET_ADD,        /* "Add a theme": the link to that form */
	ET_DELETE,     /* "Delete the theme": the confirmation's title */
	ET_ADDED,      /* "The theme has been added." */
	ET_SAVED,      /* "The theme has been saved." */
	ET_DELETED,    /* "The theme has been deleted." */
	ET_MOVED,      /* "The theme has been moved." */
	ET_PLURAL,     /* "Themes": a section heading */
	ET__MAX
};
const char *edit_text(enum edit_kind, enum edit_text);

/* The plans a user edits (orgs[0..n), each with its plans, drafts too),
 * then the page's form (a new plan). */
char *page_edit_plans(const struct edit_page_view *, const struct catalogue_org *const *orgs,
    size_t norgs, size_t *len);

/* A plan's overview for editing: its chapters, overarching goals,
 * units, implementation steps and its tree, each item with links to edit
 * and delete it, buttons to move it, and links to add more. rev: the revision read;
 * done: the ?done= value of a change just made (a notice says what was
 * done; unknown values are ignored), or NULL; error: a notice about a
 * change that was refused (translated), or NULL. */
struct revision_info;
char *page_edit_plan(const struct admin_user *, const struct plan *,
    const struct revision_info *rev, const char *done, const char *error, size_t *len);

/* The confirmation before deleting an item. */
struct edit_delete_view {
	const struct admin_user *user;
	const struct plan       *plan;
	enum edit_kind           kind;
	const char              *name;       /* the item's title or text */
	size_t                   goals, measures, indicators; /* going with it */
	size_t                   unit_indicators, unit_steps; /* a unit: named in */
	long                     reports;    /* status reports on its indicators */
	const char              *action;
	int                      revision;
	const char              *notice;     /* after a refused delete, or NULL */
};
char *page_edit_delete(const struct edit_delete_view *, size_t *len);

/* A page for an error status, with a message for the reader. */
char *page_error(int status, const char *message, size_t *len);

/* ---- the audit trail (page_audit.c; issue 7 §6) ---- */

struct json_diff;

/* Which part of the trail a page shows. */
enum audit_scope {
	AUDIT_SCOPE_ALL,     /* every change, with filters by plan, user, type */
	AUDIT_SCOPE_PLAN,    /* one plan's and its objects' */
	AUDIT_SCOPE_USER,    /* one user's (an actor) */
	AUDIT_SCOPE_OBJECT,  /* one object's */
};

struct audit_view {
	enum audit_scope            scope;
	struct audit_filter         filter;     /* as asked (before: where this
	                                           page starts; 0 the newest) */
	const struct audit_list    *entries;    /* this page, newest first */
	bool                        more;       /* older entries follow */
	const struct plan_names    *plans;      /* to filter by (ALL), or NULL */
	const struct account_list  *accounts;   /* to suggest as users, or NULL */
	const struct plan_name     *plan;       /* PLAN: the plan, NULL when it
	                                           is no longer here */
	const struct revision_list *revisions;  /* PLAN: its revisions, or NULL */
};

/* A page of the audit trail: who, when (Norwegian time and UTC), what
 * was done to which object, and what changed (fields before and after;
 * for a plan, its revisions with a link to what changed between them).
 * Nothing on it changes the trail. */
char *page_audit(const struct admin_user *, const struct audit_view *, size_t *len);
/* What changed in plan plan_id (name: NULL when it is no longer here)
 * from revision from to revision to, object by object. */
char *page_audit_compare(const struct admin_user *, const char *plan_id,
    const struct plan_name *name, const struct revision *from,
    const struct revision *to, const struct json_diff *diff, size_t *len);

/* ---- user administration (page_users.c; issue 7 §3) ---- */

/* An account form as typed, with a message per field (NULL: none). */
struct user_form {
	const char        *email;
	const char        *role;
	const char *const *units;
	size_t             nunits;
	const char *const *orgs;
	size_t             norgs;
	const char        *email_error;
	const char        *role_error;
	const char        *units_error;
	const char        *orgs_error;
	const char        *password_error;
	const char        *password2_error;
	const char        *current_error;    /* one's own: the current password */
};

/* Every account: address, role, units or organisations, whether
 * disabled, last sign-in. */
char *page_users(const struct admin_user *, const struct account_list *,
    const struct unit_list *, const struct organisation_list *, size_t *len);
/* The form for a new account (f: what was typed and its errors, or
 * NULL for an empty form). */
char *page_user_new(const struct admin_user *, const struct unit_list *,
    const struct organisation_list *, const struct user_form *f, size_t *len);
/* One account: its role, units and organisations (edit: what was typed
 * and its errors, or NULL: the account as it is), a new password (pw:
 * its errors, or NULL), disabling or enabling it; notice: a confirmation
 * or an error for the whole page (kind "ok" or "error"), or NULL. */
char *page_user(const struct admin_user *, const struct account *,
    const struct unit_list *, const struct organisation_list *,
    const struct user_form *edit, const struct user_form *pw,
    const char *notice_kind, const char *notice, size_t *len);
/* The signed-in user's own password: the current one and a new one
 * typed twice (f: its errors, or NULL); done: it was just changed. */
char *page_own_password(const struct admin_user *, const struct user_form *f,
    bool done, size_t *len);
/* Every organisation with a form to rename it; error_id: the one whose
 * typed name (typed) was refused with error; done: the one just renamed
 * (or NULL). */
/* The look form of one organisation as typed, with its errors (issue 8
 * §8: logo text and accent colour). */
struct org_look_form {
	const char *id;
	const char *logo, *accent;              /* typed */
	const char *logo_error, *accent_error;  /* or NULL */
};
/* look: the look form typed and refused, or NULL; look_done: done names
 * the organisation whose look was just saved (not renamed). */
char *page_organisations(const struct admin_user *, const struct organisation_list *,
    const char *error_id, const char *typed, const char *error, const char *done,
    const struct org_look_form *look, bool look_done, size_t *len);

/* The public pages every public page links to (issue 8): how to hide a
 * visit (/skjul-besok) and what violence is (/om-vold). */
char *page_hide_visit(size_t *len);
char *page_about_violence(size_t *len);

/* ---- the help directory's editor (issue 8 §1; page_services.c) ---- */

/* One entry of the editor's list: a service, whether the user may edit
 * it, and what it lacks (HELP_LACKS_* bits). */
#define HELP_LACKS_PHONE 1u   /* no phone number (a web resource needs none) */
#define HELP_LACKS_HOURS 2u   /* opening hours not known (idem) */
#define HELP_LACKS_WEB   4u   /* a web resource without its address */
struct services_view {
	const struct admin_user  *user;
	const struct help_list   *list;       /* the entries shown */
	const bool               *editable;   /* per entry */
	const unsigned           *lacks;      /* per entry */
	const bool               *stale;      /* per entry: not verified since
	                                         stale_before, or never */
	const char               *stale_before;  /* YYYY-MM-DD */
	const char               *notice;     /* a confirmation, or NULL */
	bool                      may_add;
};
/* The coordinator's list of help services (/admin/services): every
 * entry with links to edit it, then the entries missing a phone number
 * or opening hours (saying what is missing) and the entries not verified
 * for six months or never verified. */
char *page_services(const struct services_view *, size_t *len);

/* A service form's fields as text, as typed or as stored. */
struct service_fields {
	const char  *id;
	const char  *name[3];       /* nb, nn, en */
	const char  *offers[3];
	const char  *note[3];
	const char  *kind;
	const char  *phone, *sms, *email, *web, *address;
	const char  *hours;         /* "unknown", "always", "weekly" */
	const char  *from[7][2];    /* per weekday, two ranges */
	const char  *to[7][2];
	const char  *anonymous;
	const char **audiences;
	size_t       naudiences;
	const char **serves;
	size_t       nserves;
	const char  *languages;     /* codes separated by commas or spaces */
	const char  *owner;         /* "" or NULL: national */
	const char  *unit;
	const char  *rank;
	const char  *verified;
	int          version;       /* 0: a new service */
};

struct service_form_view {
	const struct admin_user         *user;
	const struct service_fields     *f;
	const struct form_problem       *problems;   /* id: the field's name */
	size_t                           nproblems;
	const struct organisation_list  *orgs;       /* to serve */
	const struct option             *owners;     /* the owners the user
	                                                may choose */
	size_t                           nowners;
	const struct unit_list          *units;      /* the register */
	const char                      *notice;     /* an error for the
	                                                whole form, or NULL */
	const char                      *saved;      /* a confirmation */
	const char                      *verified_at; /* shown beside the
	                                                verify button */
};
/* The form for a new service (f->version 0) or one service, with a
 * "mark verified today" and a delete button for a stored one. */
char *page_service_form(const struct service_form_view *, size_t *len);
/* The confirmation before deleting service s (version: its version). */
char *page_service_delete(const struct admin_user *, const struct help_service *s,
    size_t *len);

/* ---- the public help pages (page_help.c; issue 8 §2) ---- */

struct help_list;

/* What a help page shows: an organisation, the directory's services for
 * it (db_help_directory; NULL: none), the page (way: an enum help_way,
 * domain/help_audience.h, or -1 for the help page itself) and the moment
 * whose open and closed services it shows (Unix time). */
struct help_page {
	const char             *org_id;
	const char             *org_name;
	const struct help_list *services;
	int                     way;
	int64_t                 now;
};
/* The help page or a way's page. *expires gets the first moment after
 * now at which the page would read otherwise (a service on it opens or
 * closes, or the day changes). */
char *page_help(const struct help_page *, int64_t *expires, size_t *len);
/* The 404 page of an address under /hjelp: the numbers to call first,
 * then the ways in of organisation org_id (named org_name) when it is
 * known, else the help pages of orgs. */
char *page_help_missing(const struct organisation_list *orgs, const char *org_id,
    const char *org_name, size_t *len);
/* ---- the action card (page_card.c, page_card_admin.c; issue 8 §5) ---- */

/* The card at /tiltakskort/ORG, or with print its print view (the card
 * alone, without the site's header, to print as one A4 page). */
char *page_card(const struct card_view *, bool print, size_t *len);

/* The coordinators' pages of the card (page_card_admin.c). */
struct admin_user;
/* Every organisation's card that the user coordinates (mine[i] for
 * l->items[i]). */
char *page_cards_admin(const struct admin_user *, const struct card_list *l,
    const bool *mine, size_t *len);
/* A card as its steps, with links to edit, move, delete and add them;
 * done: the change just made (?done=), error: a refusal, or NULL. */
char *page_card_admin(const struct admin_user *, const struct card_view *,
    const char *done, const char *error, size_t *len);

/* One field of a card's form as typed, with its message. */
struct card_form_field {
	const char *name;
	const char *label;
	const char *hint;       /* or NULL */
	const char *value;      /* or NULL */
	const char *error;      /* or NULL */
	bool        multiline;
	bool        required;
};
/* A form of the card: a step's fields (and its links) or the title's. */
struct card_form {
	const char                   *heading;
	const char                   *action;
	const char                   *submit;
	const char                   *notice;   /* a refusal for the whole form */
	const struct card_form_field *fields;
	size_t                        nfields;
	const struct option          *unit_options;     /* NULL: no unit boxes */
	size_t                        nunit_options;
	const char *const            *units_checked;
	size_t                        nunits_checked;
	const char                   *units_error;
	const struct option          *service_options;  /* NULL: none */
	size_t                        nservice_options;
	const char *const            *services_checked;
	size_t                        nservices_checked;
	const char                   *services_error;
	const struct form_problem    *problems;  /* the summary */
	size_t                        nproblems;
};
char *page_card_form(const struct admin_user *, const struct card_view *,
    const struct card_form *, size_t *len);
/* The confirmation of deleting step n (from 1). */
char *page_card_delete(const struct admin_user *, const struct card_view *, size_t n,
    const char *error, size_t *len);

#endif
