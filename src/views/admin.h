/* admin.h — the frame of the signed-in area (/admin) and the pieces its
 * forms are made of.
 *
 * Every form field is written by one function here: its label, the
 * value the user typed (re-displayed after an error), the message next
 * to it (tied by aria-describedby, and aria-invalid), and a hint. Every
 * form carries its CSRF token (form_begin). A page with errors opens
 * with a summary that links to each field in error, so a keyboard or
 * screen-reader user finds them (GOV.UK's error summary pattern). */
#ifndef TILTAK_VIEWS_ADMIN_H
#define TILTAK_VIEWS_ADMIN_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/account.h"
#include "views/layout.h"

struct html;

/* Who is signed in, as a page shows it. */
struct admin_user {
	const char *email;
	enum role   role;
	const char *csrf;    /* the session's CSRF token, for every form */
};

/* Opens a page of the signed-in area (up to and including <main>): the
 * header names the user and role, links to what the role may open, and
 * has the sign-out button. */
void admin_begin(struct html *, const struct admin_user *, const char *title,
    const struct crumb *crumbs, size_t ncrumbs);
void admin_end(struct html *);

/* The translated name of a role. */
const char *label_role(enum role);

/* ---- forms ---- */

/* Opens a POST form to action with its CSRF token. */
void form_begin(struct html *, const char *action, const char *csrf);
void form_end(struct html *);

/* One error of a form, for the summary: the field's id and message. */
struct form_problem {
	const char *id;        /* the input's id; the link goes to "#id" */
	const char *message;   /* translated */
};
/* The error summary (nothing when n is 0): a heading, then a link to
 * each problem. */
void form_summary(struct html *, const struct form_problem *, size_t n);

/* A text input. type: "text", "email", "password", "number", "date".
 * value: what to show (NULL: empty); error: the message (translated), or
 * NULL; hint: a short help text, or NULL; autocomplete: its token or
 * NULL. The input's id is its name. */
struct field_opts {
	const char *type;
	const char *value;
	const char *error;
	const char *hint;
	const char *autocomplete;
	bool        required;
	const char *maxlength;   /* NULL: none */
	const char *extra_class; /* NULL, or a class for the wrapper */
	const char *list;        /* NULL, or the id of a <datalist> of
	                            suggestions */
};
void form_input(struct html *, const char *name, const char *label,
    const struct field_opts *);
/* A multi-line text; o->type is ignored. */
void form_textarea(struct html *, const char *name, const char *label,
    const struct field_opts *);

/* A choice among options; value is the selected one. */
struct option {
	const char *value;
	const char *label;
};
void form_select(struct html *, const char *name, const char *label,
    const struct option *, size_t n, const char *value, const char *error);

/* A choice among a few options as radio buttons in a fieldset whose
 * legend is the question; value is the checked one (NULL: none). The
 * first button's id is name (so the error summary's link lands on it),
 * the others' "name-VALUE". hint and error may be NULL. */
void form_radios(struct html *, const char *name, const char *legend,
    const struct option *, size_t n, const char *value, const char *hint,
    const char *error);
/* Any of options, as checkboxes in a fieldset whose legend is label
 * (the fieldset's id is name, for the error summary; each box's id is
 * "NAME-VALUE"); checked[0..n)
 * are the values checked. hint and error as for form_input; required:
 * at least one must be checked (else the legend says "optional"). */
void form_checkboxes(struct html *, const char *name, const char *label,
    const struct option *, size_t n, const char *const *checked, size_t nchecked,
    const char *hint, const char *error, bool required);

/* A hidden field. */
void form_hidden(struct html *, const char *name, const char *value);

/* A message above a form: kind "error" or "ok" (role=alert / status). */
void form_notice(struct html *, const char *kind, const char *text);

/* The head of a table: a row of column headers labels[0..n) (scope
 * col); opens the body, which the caller closes with </tbody>. */
void table_columns(struct html *, const char *const *labels, size_t n);


#endif
