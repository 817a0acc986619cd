/* handlers.h — the handlers of the signed-in area and of signing in,
 * one file per part (admin.c: signing in and out, the start page). The
 * route table (routes.c) names them; each comment lists what it
 * answers. Handlers call the store and the views; they never see SQL or
 * write HTML themselves. */
#ifndef TILTAK_HANDLERS_H
#define TILTAK_HANDLERS_H
#include <stdbool.h>

#include "http/routes.h"
#include "store/db.h"
#include "views/admin.h"

struct request;
struct reply;

/* GET /login: the form (200). POST: 303 to where the user was going (a
 * path under /admin) with a new session cookie; 400 with the form again
 * when a field is wrong; 403 "wrong address or password" (the same
 * whether or not the account exists); 429 with Retry-After when the
 * account or the client address is throttled; 503 when too many
 * sign-ins are being checked at once; 500. */
void h_login(struct request *, struct reply *);
/* POST /admin/logout: ends the session, clears the cookie, 303 to
 * /login?done=1. */
void h_logout(struct request *, struct reply *);
/* The answer to a throttled sign-in (or own password change): how many
 * minutes to wait, from wait seconds (translated, into out). */
void handler_wait_message(long wait, char *out, size_t outsz);
/* GET /admin: the start page (200). */
void h_admin(struct request *, struct reply *);

/* GET /admin/report: a reporter with one plan is sent to its page
 * (303); otherwise the plans one may open (200); 500. */
void h_report_index(struct request *, struct reply *);
/* GET /admin/report/:plan[?year=Y][&saved=N]: the report page (200);
 * 400 for a year outside the plan's; 404 for no such plan. POST: 303 to
 * the page when saved; 400 with the page, what was typed and each
 * problem next to its field when anything is wrong (nothing written);
 * 403 for a reader, a coordinator of another organisation's plan, or a
 * field naming an indicator the user does not report on; 409 with both
 * texts when someone else saved a report meanwhile; 500. */
void h_report_plan(struct request *, struct reply *);
/* GET /admin/report/:plan/:measure/:n: every version of an indicator's
 * report (200); 403 for a reporter whose units are not responsible for
 * it; 404. */
void h_report_history(struct request *, struct reply *);

/* GET /admin/overview: the plans to open the overview of (200). GET
 * /admin/overview/:plan?year=&theme=&unit=&status=: the overview (200;
 * 400 naming a year, theme, unit or status the plan does not have; 404). */
void h_overview_index(struct request *, struct reply *);
void h_overview_plan(struct request *, struct reply *);
/* ---- editing plans (issue 7 §7; h_plan_edit.c, h_plan_items.c) ----
 *
 * A coordinator edits the plans of its own organisations, an
 * administrator every plan; anyone else gets 403 (the route table lets
 * only coordinators and administrators in; these check the
 * organisations). Every form carries the plan's revision as it was read:
 * a form based on an older revision is refused with 409, showing what
 * was typed, the message that someone else changed the plan, and (next
 * to each field) what was saved meanwhile. A field in error gives 400
 * with the form again, what was typed, the message at the field and a
 * summary at the top. A change is stored as the whole plan, after the
 * importer's own check (plan_check), in one transaction with its
 * revision and audit row; the answer is 303 to the plan's overview
 * with ?done=ACTION.KIND, which the overview turns into a notice. */

/* GET /admin/plans: the plans of the user's organisations, drafts too,
 * and the form for a new plan. POST: a new draft plan (303 to its
 * overview; 400 with the form). 200, 303, 400, 500. */
void h_edit_plans(struct request *, struct reply *);
/* GET /admin/plans/:plan: the plan as a tree with links to edit, add,
 * move and delete each item. 200, 403, 404, 500. */
void h_edit_plan(struct request *, struct reply *);
/* GET, POST /admin/plans/:plan/settings: title, period, owners, the
 * plan it replaces. 200, 303, 400, 403, 404, 409, 500. */
void h_edit_settings(struct request *, struct reply *);
/* GET, POST /admin/plans/:plan/status: draft → adopted (date, body and
 * case reference required) → replaced (optionally naming the plan that
 * replaces it). 200, 303, 400, 403, 404, 409, 500. */
void h_edit_status(struct request *, struct reply *);
/* The items of a plan — themes, goals, measures, indicators, units,
 * chapters, implementation steps, overarching goals — each through the
 * same four handlers; the route says which kind. GET, POST …/add-KIND:
 * the form for a new one; GET, POST the item's address: its form; GET,
 * POST …/delete: what would be deleted (with it, and how many status
 * reports refer to it: those are kept), and deleting; POST …/move: to
 * the place "to" in its list. 200, 303, 400, 403, 404, 409, 500. */
void h_item_add(struct request *, struct reply *);
void h_item_edit(struct request *, struct reply *);
void h_item_delete(struct request *, struct reply *);
void h_item_move(struct request *, struct reply *);

/* The forms' fields, for the route table. */
extern const struct route_field edit_plan_new_fields[];
extern const struct route_field edit_settings_fields[];
extern const struct route_field edit_status_fields[];
extern const struct route_field edit_delete_fields[];
extern const struct route_field edit_move_fields[];
extern const struct route_field edit_theme_add_fields[], edit_theme_fields[];
extern const struct route_field edit_goal_add_fields[], edit_goal_fields[];
extern const struct route_field edit_measure_add_fields[], edit_measure_fields[];
extern const struct route_field edit_indicator_add_fields[], edit_indicator_fields[];
extern const struct route_field edit_unit_add_fields[], edit_unit_fields[];
extern const struct route_field edit_chapter_add_fields[], edit_chapter_fields[];
extern const struct route_field edit_step_add_fields[], edit_step_fields[];
extern const struct route_field edit_overarching_add_fields[], edit_overarching_fields[];
/* ---- the audit trail (h_audit.c; issue 7 §6) ----
 * Coordinators and administrators read it; changes to accounts are
 * shown to administrators only (a coordinator asking for them gets 403).
 * Each answers 200, 400 (a query value that is not one: the page number
 * "before", a kind of object, a revision), 403, 404 (no such plan or
 * revision), 500. */
/* GET /admin/audit?plan=&actor=&type=&before=: every change, newest
 * first, a page at a time. */
void h_audit(struct request *, struct reply *);
/* GET /admin/audit/plan/:plan: the plan's revisions and the changes to
 * it and everything in it (reports and other objects "PLAN/…"). */
void h_audit_plan(struct request *, struct reply *);
/* GET /admin/audit/user?actor=: the changes one user made. */
void h_audit_user(struct request *, struct reply *);
/* GET /admin/audit/object?type=&id=: the changes to one object. */
void h_audit_object(struct request *, struct reply *);
/* GET /admin/audit/plan/:plan/compare?from=&to=: what changed between
 * two revisions, object by object. */
void h_audit_compare(struct request *, struct reply *);
/* GET /admin/audit/plan/:plan/revisions/:n: revision n as JSON. */
void h_audit_revision(struct request *, struct reply *);

/* ---- user administration (h_users.c; issue 7 §3) ----
 * Administrators only. Every change is audited as "web:" and the
 * administrator's address. A POST that succeeds answers 303 to a page
 * that confirms it; a form with errors is shown again (400) with what
 * was typed and a message at each field; 409 when the change would leave
 * no active administrator; 404 for an account that does not exist; 503
 * when too many passwords are being hashed at once; 500. */
/* GET /admin/users: every account. */
void h_users(struct request *, struct reply *);
/* GET, POST /admin/users/new: the form for a new account; adding it
 * (303 to the account's page). */
void h_user_new(struct request *, struct reply *);
/* GET, POST /admin/users/:account: one account; changing its role,
 * units and organisations. */
void h_user(struct request *, struct reply *);
/* POST /admin/users/:account/password: a new password, typed twice; the
 * account's sessions end (an administrator's own too: then 303 to sign
 * in again). */
void h_user_password(struct request *, struct reply *);
/* GET, POST /admin/password: the signed-in user's own password (every
 * role): the current one, and the new one typed twice. The new one's
 * rules are checked first (400), then the current password, as a
 * sign-in is and under its throttle (403 wrong, 429 throttled, 503 too
 * many hashes at once); then every other session of the account ends
 * and this one goes on under a new token: 303 to /admin/password?done=1
 * with the new cookie. 200, 303, 400, 403, 429, 500, 503. */
void h_password(struct request *, struct reply *);
/* POST /admin/users/:account/disable, …/enable. Disabling ends the
 * account's sessions. */
void h_user_disable(struct request *, struct reply *);
void h_user_enable(struct request *, struct reply *);
/* GET, POST /admin/organisations: every organisation; renaming one
 * (the public pages show the new name at once). */
void h_organisations(struct request *, struct reply *);

/* "web:" and the signed-in user's e-mail address: who made a change,
 * for the audit trail (NUL-terminated in out). */
#define ACTOR_MAX (ACCOUNT_EMAIL_MAX + 8)
void handler_actor(const struct request *, char out[ACTOR_MAX]);

/* Today in the server's time zone as "YYYY-MM-DD" into out; returns
 * the year. */
int handler_today(char out[16]);

/* The signed-in user of req as the views show it (req must have a
 * session: the route table guarantees it for every non-public route). */
struct admin_user admin_user_of(const struct request *);
/* Answers a store failure: DB_NOT_FOUND with 404 (not_found, a msgid;
 * NULL: "nothing at this address"), anything else with 500, logging why.
 * Returns true if st was not DB_OK. */
bool handler_store_failed(struct request *, struct reply *, enum db_status st,
    const char *not_found);
/* A 200 page for one signed-in user (never kept by a cache): r takes
 * over body. */
void handler_private_page(struct reply *, char *body, size_t len, int status);

/* ---- public pages of issue 8 (h_public.c) ---- */
/* GET /skjul-besok: how to hide a visit (200). */
void h_hide_visit(struct request *, struct reply *);
/* GET /om-vold: what violence is (200). */
void h_about_violence(struct request *, struct reply *);
/* GET /static/org/ID.css: the organisation's accent colour as a custom
 * property (200); 404 when there is no such organisation or it has no
 * accent colour; 500. */
void h_org_style(struct request *, struct reply *);
void h_robots(struct request *, struct reply *);
/* ---- the help directory's editor (h_services.c; issue 8 §1) ----
 * Coordinators edit the entries their organisations keep, administrators
 * every entry (national ones too); anything else is 403. Every change
 * is audited as "web:" and the user's address and checked against the
 * version the form was read at (409 when someone else changed it).
 * GET /admin/services: the entries, those missing a phone number or
 * opening hours, and those not verified for six months (200, 500).
 * GET, POST /admin/services/new: a new entry (200, 303 to its form, 400
 * with what was typed and each problem at its field, 403, 409 when the
 * id is taken, 500). GET, POST /admin/services/:service: one entry
 * (200, 303, 400, 403, 404, 409, 500). POST …/verify: marks it verified
 * today (303 to the list, 403, 404, 409, 500). GET, POST …/delete: the
 * confirmation, and deleting (200, 303, 403, 404, 409, 500). */
void h_services(struct request *, struct reply *);
void h_service_new(struct request *, struct reply *);
void h_service(struct request *, struct reply *);
void h_service_verify(struct request *, struct reply *);
void h_service_delete(struct request *, struct reply *);
extern const struct route_field service_fields[];
extern const struct route_field service_version_fields[];
/* ---- the public help pages (h_help.c; issue 8 §2) ---- */

/* GET /hjelp/:helporg: "Få hjelp", the organisation's help page (200;
 * 404 with the numbers to call and the help pages there are, for an
 * organisation that is not here; 500). Shared in the page cache until
 * a service on it opens or closes (reply.expires). */
void h_help(struct request *, struct reply *);
/* GET /hjelp/:helporg/for/:audience: the services for one way in
 * (domain/help_audience.h), most relevant first; 200, 404 (no such
 * organisation or way, with the numbers to call), 500. */
void h_help_way(struct request *, struct reply *);
/* ---- the action card (issue 8 §5; h_card.c, h_card_admin.c) ---- */
/* GET /tiltakskort/:org, …/utskrift (the print view), …/pdf (one A4
 * page, application/pdf): public, shared. 200, 404 (no card), 500 (also
 * a card that does not fit one page: logged). */
void h_card(struct request *, struct reply *);
void h_card_print(struct request *, struct reply *);
void h_card_pdf(struct request *, struct reply *);
/* Coordinators edit the cards of their organisations (administrators
 * every card; anyone else 403). Every form carries the card's revision:
 * one based on an older revision is refused (409) with what was typed.
 * A field in error gives 400 with the form again, the message at the
 * field and a summary. A change is checked as an import would be (links
 * to units and directory entries, one A4 page), stored with its audit
 * row and answered 303 to the card's page with ?done=. */
/* GET /admin/cards: every organisation and its card. 200, 500. */
void h_cards_admin(struct request *, struct reply *);
/* GET /admin/cards/:org: the card's steps with links to edit, move and
 * delete each, to add one, to its title and introduction, and the
 * button that marks it reviewed. 200, 403, 404, 500. */
void h_card_admin(struct request *, struct reply *);
/* GET, POST /admin/cards/:org/settings: title and introduction in every
 * language. POST …/reviewed: the template mark goes. GET, POST
 * …/add-step, …/steps/:n (edit), …/steps/:n/delete; POST
 * …/steps/:n/move (to). 200, 303, 400, 403, 404, 409, 500. */
void h_card_settings(struct request *, struct reply *);
void h_card_reviewed(struct request *, struct reply *);
void h_card_step_add(struct request *, struct reply *);
void h_card_step_edit(struct request *, struct reply *);
void h_card_step_delete(struct request *, struct reply *);
void h_card_step_move(struct request *, struct reply *);
extern const struct route_field card_settings_fields[], card_revision_fields[],
    card_step_fields[], card_move_fields[];

#endif
