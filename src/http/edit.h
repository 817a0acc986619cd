/* edit.h — what the handlers of plan editing share (h_plan_edit.c,
 * h_plan_items.c; private to them): the plan being edited with the
 * revision it was read at and who edits it, the permission rule, the
 * revision a form was based on, storing a change and answering after. */
#ifndef TILTAK_EDIT_H
#define TILTAK_EDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "domain/plan_edit.h"
#include "store/db.h"
#include "util/arena.h"
#include "views/admin.h"

struct request;
struct reply;
struct form;

/* One editing request. */
struct edit_ctx {
	struct account_list *account;  /* the signed-in account (its organisations) */
	struct admin_user    user;
	char                 actor[ACCOUNT_EMAIL_MAX + 8]; /* "web:EMAIL" */
	struct plan         *plan;     /* NULL until edit_plan */
	struct revision_info rev;      /* the revision plan was read at */
	struct arena         scratch;  /* what a page is made from */
};

/* Reads the signed-in account. false with r filled (500) on failure. */
bool edit_account(struct request *, struct reply *, struct edit_ctx *);
/* edit_account, then loads the plan the address names (:plan), drafts
 * too, and checks that the user may edit it: false with r filled — 404
 * (no such plan), 403 (not the user's organisations'), 500. */
bool edit_plan(struct request *, struct reply *, struct edit_ctx *);
/* Loads the plan again (after a refused write: another editor's). */
bool edit_reload(struct request *, struct reply *, struct edit_ctx *);
void edit_end(struct edit_ctx *);

/* Whether the user may edit plan p: an administrator every plan, a
 * coordinator those that one of its organisations owns. */
bool edit_may(const struct edit_ctx *, const struct plan *p);
/* Whether the user coordinates organisation id (an administrator: all). */
bool edit_coordinates(const struct edit_ctx *, const char *id);

/* The revision the request's form was based on (its "revision" field),
 * or -1 if it has none. */
int edit_form_revision(const struct form *);

/* The notice after a refused write: someone else saved the plan (its
 * revision now, when and by whom). In the scratch arena. */
const char *edit_conflict_notice(struct edit_ctx *, bool item_gone);

/* Stores ctx's plan, and also other (NULL: none) based on other_base,
 * as one change described by change (for the audit trail). DB_OK and
 * *result; DB_CONFLICT when someone else saved first (r untouched);
 * DB_ERROR with r filled (500). */
enum db_status edit_store(struct request *, struct reply *, struct edit_ctx *,
    struct plan *other, int other_base, const char *change, enum db_put *result);

/* Answers 303 to the plan's overview with ?done=done (or "unchanged"
 * when result says nothing changed) and #anchor (NULL: none). */
void edit_done(struct reply *, const struct plan *, enum db_put result,
    const char *done, const char *anchor);

/* The plan's overview at status (200; 400 or 409 with error, a
 * translated notice of what was refused). */
void edit_overview(struct request *, struct reply *, struct edit_ctx *, int status,
    const char *error);

/* A copy of s in the plan's arena, or NULL for NULL or "". */
char *edit_text_or_null(struct plan *, const char *s);

/* ---- pieces of the forms ---- */

/* Field errors a handler finds beyond the form decoder's: the field's
 * name (its input's id) and the message. The first on a field counts. */
#define EDIT_PROBLEMS_MAX 16
struct edit_problems {
	struct form_problem p[EDIT_PROBLEMS_MAX];
	size_t              n;
};
void edit_problem(struct edit_problems *, const char *name, const char *message);
/* The message at field name: the decoder's (f may be NULL), else the
 * handler's. */
const char *edit_error_at(const struct form *f, const struct edit_problems *,
    const char *name);
/* Adds the decoder's messages (f may be NULL), in the form's order. */
void edit_form_problems(const struct form *f, struct edit_problems *);
/* n as text in the scratch arena ("" for 0 when zero_empty). */
const char *edit_num(struct edit_ctx *, int n, bool zero_empty);
/* Every non-empty value sent for a field that may repeat, in the
 * scratch arena; *n says how many. */
const char **edit_form_all(struct edit_ctx *, const struct form *f, const char *name,
    size_t *n);
/* The crumbs of a plan's editing pages: start, plans, the plan. */
struct crumb;
void edit_crumbs(struct edit_ctx *, struct crumb cr[3]);
/* /admin/plans/ID/leaf in the scratch arena. */
const char *edit_path(struct edit_ctx *, const char *leaf);

#endif
