/* test_store_report.c — the yearly report in the store (src/store/
 * report.c), on SQLite and, by tests/run.sh, on PostgreSQL: which
 * indicators a reporter reports on, the report page, append-only history
 * (the current report is the latest version, the older ones stay), the
 * version check (a save based on an old version is a conflict and
 * writes nothing), a whole page in one transaction, audit rows, and
 * reports kept through a re-import of their plan; a save decided on what
 * the caller read before someone else saved (the primary key finds it),
 * and saves from two connections at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/storetest.h"
#include "common/testdb.h"
#include "domain/plan_json.h"
#include "store/db.h"

struct fixture {
	struct storetest st;   /* first: storetest_teardown frees the fixture */
	int64_t    reporter;   /* units: oslo-barnevern */
	int64_t    police;     /* units: politiet */
};

#define ACTOR "test:report"
#define PLAN "plan-r"

static const char plan_json[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-r\", \"title\": \"Plan R\","
" \"period\": {\"start\": 2022, \"end\": null}, \"status\": \"adopted\","
" \"report_deadline\": \"06-15\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"units\": [{\"id\": \"oslo-barnevern\", \"name\": \"Barneverntjenesten\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"            {\"id\": \"politiet\", \"name\": \"Politiet\", \"kind\": \"external\"}],"
" \"themes\": [{\"id\": \"t\", \"title\": \"Tema\", \"goals\": [{\"id\": \"g\", \"text\": \"Mål\", \"measures\": ["
"   {\"id\": \"m-1\", \"title\": \"Samtaler\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"Fagdager\", \"responsible\": [\"oslo-barnevern\"]},"
"     {\"number\": 2, \"text\": \"Kurs\", \"responsible\": [\"oslo-barnevern\", \"politiet\"]}]},"
"   {\"id\": \"m-2\", \"title\": \"Koordinator\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"Stilling\", \"responsible\": [\"politiet\"]}]}]}]}]}";

/* A new database with the plan and two reporters. */
static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || storetest_open(&f->st, "report", "t") != 0) {
		free(f);
		return -1;
	}
	*state = f;
	struct db *db = f->st.db;
	struct plan *p = storetest_plan(plan_json);
	assert_int_equal(db_plans_put(db, ACTOR, &p, 1, NULL, NULL), DB_OK);
	plan_free(p);
	f->reporter = storetest_account(db, ACTOR, "leder@oslo.kommune.no", ROLE_REPORTER,
	    NULL, "oslo-barnevern");
	f->police = storetest_account(db, ACTOR, "politi@politiet.no", ROLE_REPORTER, NULL,
	    "politiet");
	return 0;
}

static long
count_rows(struct db *db, const char *type)
{
	struct audit_list *l = NULL;
	assert_int_equal(db_audit(db, type, NULL, NULL, &l), DB_OK);
	long n = (long)l->n;
	audit_list_free(l);
	return n;
}

static struct report_input
input(const char *m, int n, int base, enum report_status s, const char *comment)
{
	return (struct report_input){.measure_id = m, .number = n, .base_version = base,
	    .status = s, .progress = -1, .comment = comment};
}

static enum db_status
save(struct db *db, int year, const struct report_input *in, size_t n,
    size_t *written, struct report_save **out)
{
	struct report_save *s = NULL;
	enum db_status st = db_reports_put(db, ACTOR, 0, PLAN, year, in, n, &s);
	if (written)
		*written = s ? s->written : 0;
	if (out)
		*out = s;
	else
		report_save_free(s);
	return st;
}

static void
reporter_sees_its_units_indicators(void **state)
{
	struct fixture *f = *state;
	struct indicator_keys *k = NULL;
	assert_int_equal(db_reporter_indicators(f->st.db, f->reporter, PLAN, &k), DB_OK);
	assert_int_equal(k->n, 2);
	indicator_keys_free(k);
	assert_int_equal(db_reporter_indicators(f->st.db, f->police, PLAN, &k), DB_OK);
	assert_int_equal(k->n, 2);     /* m-1/2 (shared) and m-2/1 */
	indicator_keys_free(k);
	assert_int_equal(db_reporter_indicators(f->st.db, f->reporter, "no-plan", &k), DB_OK);
	assert_int_equal(k->n, 0);
	indicator_keys_free(k);

	struct report_sheet *s = NULL;
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2024, f->reporter, &s), DB_OK);
	assert_string_equal(s->plan.deadline, "06-15");
	assert_int_equal(s->n, 2);
	assert_string_equal(s->items[0].measure_id, "m-1");
	assert_int_equal(s->items[0].number, 1);
	assert_string_equal(s->items[0].measure_title, "Samtaler");
	assert_int_equal(s->items[1].nresponsible, 2);
	assert_string_equal(s->items[1].responsible[1].name, "Politiet");
	assert_null(s->items[0].current);
	assert_int_equal(s->norganisations, 1);
	report_sheet_free(s);
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2024, 0, &s), DB_OK);
	assert_int_equal(s->n, 3);
	report_sheet_free(s);
	assert_int_equal(db_report_sheet(f->st.db, "no-plan", 2024, 0, &s), DB_NOT_FOUND);
	assert_null(s);

	struct report_plan_list *pl = NULL;
	assert_int_equal(db_report_plans(f->st.db, f->reporter, &pl), DB_OK);
	assert_int_equal(pl->n, 1);
	assert_string_equal(pl->items[0].id, PLAN);
	report_plan_list_free(pl);
	assert_int_equal(db_report_plans(f->st.db, 0, &pl), DB_OK);
	assert_int_equal(pl->n, 1);
	report_plan_list_free(pl);
}

static void
history_is_append_only(void **state)
{
	struct fixture *f = *state;
	size_t w = 0;
	struct report_input in[2] = {
		input("m-1", 1, 0, REPORT_IN_PROGRESS, "Første"),
		input("m-1", 2, 0, REPORT_NOT_STARTED, NULL),
	};
	in[0].progress = 40;
	in[0].evaluation = "Evaluering";
	assert_int_equal(save(f->st.db, 2023, in, 2, &w, NULL), DB_OK);
	assert_int_equal(w, 2);
	assert_int_equal(count_rows(f->st.db, "report"), 2);

	/* Saving the same again writes nothing. */
	in[0].base_version = in[1].base_version = 1;
	assert_int_equal(save(f->st.db, 2023, in, 2, &w, NULL), DB_OK);
	assert_int_equal(w, 0);

	/* A change is a new version; the old one stays. */
	in[0].status = REPORT_DONE;
	in[0].progress = 100;
	assert_int_equal(save(f->st.db, 2023, in, 1, &w, NULL), DB_OK);
	assert_int_equal(w, 1);

	struct report_sheet *s = NULL;
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2023, f->reporter, &s), DB_OK);
	assert_non_null(s->items[0].current);
	assert_int_equal(s->items[0].current->version, 2);
	assert_int_equal(s->items[0].current->status, REPORT_DONE);
	assert_int_equal(s->items[0].current->progress, 100);
	assert_string_equal(s->items[0].current->comment, "Første");
	assert_string_equal(s->items[0].current->actor, ACTOR);
	assert_int_equal(s->items[1].current->progress, -1);
	assert_null(s->items[1].current->comment);
	report_sheet_free(s);

	/* The next year sees it as last year's. */
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2024, f->reporter, &s), DB_OK);
	assert_null(s->items[0].current);
	assert_non_null(s->items[0].last_year);
	assert_int_equal(s->items[0].last_year->status, REPORT_DONE);
	report_sheet_free(s);

	struct report_history *h = NULL;
	assert_int_equal(db_report_history(f->st.db, PLAN, "m-1", 1, &h), DB_OK);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->rows[0].version, 2);
	assert_int_equal(h->rows[1].version, 1);
	assert_int_equal(h->rows[1].status, REPORT_IN_PROGRESS);
	assert_string_equal(h->text, "Fagdager");
	report_history_free(h);
	assert_int_equal(db_report_history(f->st.db, PLAN, "m-9", 1, &h), DB_NOT_FOUND);

	/* Each save was audited, before and after. */
	struct audit_list *al = NULL;
	assert_int_equal(db_audit(f->st.db, "report", PLAN "/m-1/1/2023", NULL, &al), DB_OK);
	assert_int_equal(al->n, 2);
	assert_string_equal(al->items[1].action, "update");
	assert_non_null(strstr(al->items[1].before, "\"in_progress\""));
	assert_non_null(strstr(al->items[1].after, "\"done\""));
	audit_list_free(al);
}

static void
stale_version_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	struct report_input a = input("m-1", 2, 0, REPORT_IN_PROGRESS, "Mitt");
	assert_int_equal(save(f->st.db, 2024, &a, 1, NULL, NULL), DB_OK);
	/* Someone else saves version 2 on top of version 1. */
	struct report_input b = input("m-1", 2, 1, REPORT_DELAYED, "Deres");
	assert_int_equal(save(f->st.db, 2024, &b, 1, NULL, NULL), DB_OK);

	/* A page based on version 1 that changes it, and another indicator:
	 * a conflict, and nothing of the page is written. */
	long audits = count_rows(f->st.db, "report");
	struct report_input page[2] = {
		input("m-1", 1, 0, REPORT_DONE, "Ny"),
		input("m-1", 2, 1, REPORT_DONE, "Mitt, endret"),
	};
	struct report_save *s = NULL;
	assert_int_equal(save(f->st.db, 2024, page, 2, NULL, &s), DB_CONFLICT);
	assert_int_equal(s->nconflicts, 1);
	assert_int_equal(s->conflicts[0].index, 1);
	assert_int_equal(s->conflicts[0].theirs->version, 2);
	assert_string_equal(s->conflicts[0].theirs->comment, "Deres");
	assert_int_equal(s->written, 0);
	report_save_free(s);
	assert_int_equal(count_rows(f->st.db, "report"), audits);
	struct report_sheet *sh = NULL;
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2024, 0, &sh), DB_OK);
	assert_null(sh->items[0].current);
	assert_int_equal(sh->items[1].current->version, 2);
	report_sheet_free(sh);

	/* Unchanged from the version it was based on: theirs stands, no
	 * conflict. */
	struct report_input same = input("m-1", 2, 1, REPORT_IN_PROGRESS, "Mitt");
	size_t w = 9;
	assert_int_equal(save(f->st.db, 2024, &same, 1, &w, NULL), DB_OK);
	assert_int_equal(w, 0);

	/* Keeping mine after seeing theirs: based on version 2, it is
	 * version 3, and theirs stays in the history. */
	page[1].base_version = 2;
	assert_int_equal(save(f->st.db, 2024, page, 2, &w, NULL), DB_OK);
	assert_int_equal(w, 2);
	struct report_history *h = NULL;
	assert_int_equal(db_report_history(f->st.db, PLAN, "m-1", 2, &h), DB_OK);
	assert_int_equal(h->n, 3);
	assert_string_equal(h->rows[0].comment, "Mitt, endret");
	assert_string_equal(h->rows[1].comment, "Deres");
	report_history_free(h);

	/* A version that never was (ahead of the current one) is refused. */
	struct report_input ahead = input("m-2", 1, 7, REPORT_DONE, NULL);
	assert_int_equal(save(f->st.db, 2024, &ahead, 1, NULL, &s), DB_CONFLICT);
	assert_null(s->conflicts[0].theirs);
	report_save_free(s);
}

/* The form a save reads (db_report_form): the page's indicators with
 * their current reports, no more. */
static void
form_has_what_a_save_needs(void **state)
{
	struct fixture *f = *state;
	struct report_input a = input("m-1", 2, 0, REPORT_DELAYED, "Kurs utsatt");
	assert_int_equal(save(f->st.db, 2024, &a, 1, NULL, NULL), DB_OK);
	struct report_sheet *s = NULL;
	assert_int_equal(db_report_form(f->st.db, PLAN, 2024, f->reporter, &s), DB_OK);
	assert_string_equal(s->plan.id, PLAN);
	assert_int_equal(s->norganisations, 1);
	assert_int_equal(s->n, 2);
	int with = 0;
	for (size_t i = 0; i < s->n; i++) {
		assert_string_equal(s->items[i].measure_id, "m-1");
		assert_null(s->items[i].text);
		assert_null(s->items[i].last_year);
		if (s->items[i].number == 2) {
			assert_non_null(s->items[i].current);
			assert_int_equal(s->items[i].current->version, 1);
			assert_int_equal(s->items[i].current->status, REPORT_DELAYED);
			assert_string_equal(s->items[i].current->comment, "Kurs utsatt");
			with++;
		} else {
			assert_null(s->items[i].current);
		}
	}
	assert_int_equal(with, 1);
	report_sheet_free(s);
	/* Another year has no current report; every indicator for 0. */
	assert_int_equal(db_report_form(f->st.db, PLAN, 2025, 0, &s), DB_OK);
	assert_int_equal(s->n, 3);
	for (size_t i = 0; i < s->n; i++)
		assert_null(s->items[i].current);
	report_sheet_free(s);
	assert_int_equal(db_report_form(f->st.db, "no-plan", 2024, 0, &s), DB_NOT_FOUND);
	assert_null(s);
}

/* The current report of m-1/NUMBER in 2024 as the form reads it. */
static const struct report_row *
current_of(const struct report_sheet *s, int number)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].number == number && strcmp(s->items[i].measure_id, "m-1") == 0)
			return s->items[i].current;
	fail_msg("m-1/%d is not on the form", number);
	return NULL;
}

/* A save decided on reports read before someone else saved: the primary
 * key finds it, and the save is decided again on what is current. */
static void
save_on_a_stale_read_is_decided_again(void **state)
{
	struct fixture *f = *state;
	struct report_input a = input("m-1", 1, 0, REPORT_IN_PROGRESS, "A");
	assert_int_equal(save(f->st.db, 2024, &a, 1, NULL, NULL), DB_OK);
	struct report_sheet *seen = NULL;   /* read with version 1 current */
	assert_int_equal(db_report_form(f->st.db, PLAN, 2024, f->reporter, &seen), DB_OK);
	assert_int_equal(current_of(seen, 1)->version, 1);
	assert_null(current_of(seen, 2));
	/* Then someone else saves version 2, and m-1/2's first. */
	struct report_input b[2] = {
		input("m-1", 1, 1, REPORT_DELAYED, "B"),
		input("m-1", 2, 0, REPORT_DONE, "Deres"),
	};
	assert_int_equal(save(f->st.db, 2024, b, 2, NULL, NULL), DB_OK);
	long audits = count_rows(f->st.db, "report");

	/* A change based on version 1, decided on the stale read: a
	 * conflict with theirs as it is now, nothing written. */
	struct report_input c[2] = {
		input("m-1", 1, 1, REPORT_DONE, "C"),
		input("m-1", 2, 0, REPORT_IN_PROGRESS, "Mitt"),
	};
	for (int i = 0; i < 2; i++) {
		c[i].current_read = true;
		c[i].current = current_of(seen, c[i].number);
	}
	struct report_save *r = NULL;
	assert_int_equal(db_reports_put(f->st.db, ACTOR, f->reporter, PLAN, 2024, c, 2, &r),
	    DB_CONFLICT);
	assert_int_equal(r->nconflicts, 2);
	assert_int_equal(r->written, 0);
	for (size_t k = 0; k < r->nconflicts; k++) {
		const struct report_row *t = r->conflicts[k].theirs;
		assert_non_null(t);
		if (r->conflicts[k].index == 0) {
			assert_int_equal(t->version, 2);
			assert_string_equal(t->comment, "B");
		} else {
			assert_int_equal(r->conflicts[k].index, 1);
			assert_int_equal(t->version, 1);
			assert_string_equal(t->comment, "Deres");
		}
	}
	report_save_free(r);
	assert_int_equal(count_rows(f->st.db, "report"), audits);

	/* Unchanged from what was read (version 1): left alone, as it was
	 * when read; theirs stands. */
	struct report_input d = input("m-1", 1, 1, REPORT_IN_PROGRESS, "A");
	d.current_read = true;
	d.current = current_of(seen, 1);
	assert_int_equal(db_reports_put(f->st.db, ACTOR, f->reporter, PLAN, 2024, &d, 1, &r),
	    DB_OK);
	assert_int_equal(r->written, 0);
	report_save_free(r);

	/* Based on theirs (version 2) but decided on the stale read: the
	 * key refuses version 2, and decided again it is version 3. */
	struct report_input e = input("m-1", 1, 2, REPORT_DONE, "E");
	e.current_read = true;
	e.current = current_of(seen, 1);
	assert_int_equal(db_reports_put(f->st.db, ACTOR, f->reporter, PLAN, 2024, &e, 1, &r),
	    DB_OK);
	assert_int_equal(r->written, 1);
	report_save_free(r);
	report_sheet_free(seen);
	struct report_history *h = NULL;
	assert_int_equal(db_report_history(f->st.db, PLAN, "m-1", 1, &h), DB_OK);
	assert_int_equal(h->n, 3);
	assert_int_equal(h->rows[0].version, 3);
	assert_string_equal(h->rows[0].comment, "E");
	report_history_free(h);
	/* Audited once, as an update of version 2. */
	assert_int_equal(count_rows(f->st.db, "report"), audits + 1);
	struct audit_list *al = NULL;
	assert_int_equal(db_audit(f->st.db, "report", PLAN "/m-1/1/2024", NULL, &al), DB_OK);
	assert_int_equal(al->n, 3);
	assert_non_null(strstr(al->items[2].before, "\"version\":2"));
	assert_non_null(strstr(al->items[2].after, "\"version\":3"));
	audit_list_free(al);
}

/* Two connections saving at once. */
#define ROUNDS 20

struct saver {
	const char *path;
	int64_t     account;
	const char *measure;
	int         number;
	int         start;       /* base version of the first save */
	pthread_barrier_t *go;
	int         ok, written, conflicts, errors;
	char        err[1100];
};

static void *
saver_run(void *arg)
{
	struct saver *sv = arg;
	char err[512];
	struct db *db = db_open(sv->path, DB_OPEN_EXISTING, err, sizeof(err));
	if (db == NULL) {
		snprintf(sv->err, sizeof(sv->err), "%s", err);
		sv->errors++;
	}
	int base = sv->start;
	for (int k = 0; k < ROUNDS; k++) {
		pthread_barrier_wait(sv->go);
		if (db == NULL)
			continue;
		char comment[64];
		snprintf(comment, sizeof(comment), "%s/%d runde %d fra %lld", sv->measure,
		    sv->number, k, (long long)sv->account);
		struct report_input in = input(sv->measure, sv->number, base, REPORT_IN_PROGRESS,
		    comment);
		struct report_save *r = NULL;
		enum db_status st = db_reports_put(db, ACTOR, sv->account, PLAN, 2026, &in, 1, &r);
		if (st == DB_OK) {
			sv->ok++;
			sv->written += (int)r->written;
			base += (int)r->written;
		} else if (st == DB_CONFLICT) {
			sv->conflicts++;
			base = r->conflicts[0].theirs ? r->conflicts[0].theirs->version : 0;
		} else {
			snprintf(sv->err, sizeof(sv->err), "%s", db_errmsg(db));
			sv->errors++;
		}
		report_save_free(r);
	}
	db_close(db);
	return NULL;
}

static void
run_savers(struct saver *a, struct saver *b)
{
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 2);
	a->go = b->go = &go;
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, saver_run, a), 0);
	assert_int_equal(pthread_create(&tb, NULL, saver_run, b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&go);
	if (a->errors || b->errors)
		fail_msg("a save failed: %s %s", a->err, b->err);
}

static int
versions_of(struct db *db, const char *measure, int number)
{
	struct report_history *h = NULL;
	if (db_report_history(db, PLAN, measure, number, &h) != DB_OK)
		return -1;
	int n = (int)h->n;
	report_history_free(h);
	return n;
}

static void
saves_from_two_connections(void **state)
{
	struct fixture *f = *state;
	/* Different indicators, at the same moments: every save is
	 * written (neither waits for the other to fail). */
	struct saver a = {.path = f->st.path, .account = f->reporter, .measure = "m-1",
	    .number = 1};
	struct saver b = {.path = f->st.path, .account = f->police, .measure = "m-2",
	    .number = 1};
	run_savers(&a, &b);
	assert_int_equal(a.written, ROUNDS);
	assert_int_equal(b.written, ROUNDS);
	assert_int_equal(versions_of(f->st.db, "m-1", 1), ROUNDS);
	assert_int_equal(versions_of(f->st.db, "m-2", 1), ROUNDS);

	/* The same indicator (m-1/2, which both report on), each based on
	 * the version it last saw: of two saves based on the same version,
	 * one is written and the other a conflict; nothing is lost or
	 * written twice. */
	struct saver c = {.path = f->st.path, .account = f->reporter, .measure = "m-1",
	    .number = 2};
	struct saver d = {.path = f->st.path, .account = f->police, .measure = "m-1",
	    .number = 2};
	run_savers(&c, &d);
	assert_int_equal(c.ok + c.conflicts, ROUNDS);
	assert_int_equal(d.ok + d.conflicts, ROUNDS);
	assert_true(c.written + d.written >= ROUNDS);
	assert_int_equal(versions_of(f->st.db, "m-1", 2), c.written + d.written);
	assert_int_equal(count_rows(f->st.db, "report"), 2 * ROUNDS + c.written + d.written);
}

static void
reports_survive_a_reimport(void **state)
{
	struct fixture *f = *state;
	struct report_input a = input("m-2", 1, 0, REPORT_ONGOING, NULL);
	assert_int_equal(save(f->st.db, 2025, &a, 1, NULL, NULL), DB_OK);
	/* The plan again, changed: its rows are remade, its reports stay. */
	char *changed = strdup(plan_json);
	char *t = strstr(changed, "\"Plan R\"");
	memcpy(t, "\"Plan Q\"", 8);
	struct plan *p = storetest_plan(changed);
	free(changed);
	enum db_put res;
	assert_int_equal(db_plans_put(f->st.db, ACTOR, &p, 1, &res, NULL), DB_OK);
	assert_int_equal(res, DB_PUT_CHANGED);
	plan_free(p);
	struct report_sheet *s = NULL;
	assert_int_equal(db_report_sheet(f->st.db, PLAN, 2025, 0, &s), DB_OK);
	assert_string_equal(s->plan.title, "Plan Q");
	assert_non_null(s->items[2].current);
	assert_int_equal(s->items[2].current->status, REPORT_ONGOING);
	report_sheet_free(s);
}

static void
report_deadline_round_trips(void **state)
{
	struct fixture *f = *state;
	struct plan *p = NULL;
	assert_int_equal(db_plan_get(f->st.db, PLAN, &p), DB_OK);
	assert_string_equal(p->report_deadline, "06-15");
	struct plan_error err;
	char *json = plan_json_export(p, NULL, &err);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"report_deadline\": \"06-15\""));
	free(json);
	plan_free(p);
	/* Without one, the default and nothing in the export. */
	struct plan *q = storetest_plan(
	    "{\"format\": \"tiltak-plan/1\", \"id\": \"plain\", \"title\": \"P\","
	    " \"period\": {\"start\": 2022, \"end\": null}, \"status\": \"adopted\","
	    " \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}], \"themes\": []}");
	assert_null(q->report_deadline);
	json = plan_json_export(q, NULL, &err);
	assert_null(strstr(json, "report_deadline"));
	free(json);
	assert_int_equal(db_plans_put(f->st.db, ACTOR, &q, 1, NULL, NULL), DB_OK);
	plan_free(q);
	struct report_sheet *s = NULL;
	assert_int_equal(db_report_sheet(f->st.db, "plain", 2024, 0, &s), DB_OK);
	assert_string_equal(s->plan.deadline, "09-01");
	assert_int_equal(s->n, 0);
	report_sheet_free(s);
	/* A day not every year has is refused by the parser. */
	const char *bad_json = "{\"format\": \"tiltak-plan/1\", \"id\": \"x\","
	    " \"title\": \"P\", \"period\": {\"start\": 2022, \"end\": null},"
	    " \"status\": \"adopted\", \"report_deadline\": \"02-29\","
	    " \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}], \"themes\": []}";
	struct plan *bad = plan_json_parse(bad_json, strlen(bad_json), &err);
	assert_null(bad);
	assert_non_null(strstr(err.path, "report_deadline"));
}


/* A tree of units (tree_json): Helse og omsorg, which carries nothing
 * itself, above Helsestasjonen and Skolehelsetjenesten, and Småbarnsteamet
 * below Helsestasjonen. */
#define TREE "plan-t"
static const char tree_json[] =
"{\"format\": \"tiltak-plan/1\", \"id\": \"plan-t\", \"title\": \"Plan T\","
" \"period\": {\"start\": 2022, \"end\": null}, \"status\": \"adopted\","
" \"organisations\": [{\"id\": \"oslo\", \"name\": \"Oslo kommune\"}],"
" \"units\": [{\"id\": \"oslo-helse\", \"name\": \"Helse og omsorg\", \"kind\": \"internal\", \"organisation\": \"oslo\"},"
"            {\"id\": \"oslo-stasjon\", \"name\": \"Helsestasjonen\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"parent\": \"oslo-helse\"},"
"            {\"id\": \"oslo-skole\", \"name\": \"Skolehelsetjenesten\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"parent\": \"oslo-helse\"},"
"            {\"id\": \"oslo-smabarn\", \"name\": \"Småbarnsteamet\", \"kind\": \"internal\", \"organisation\": \"oslo\", \"parent\": \"oslo-stasjon\"},"
"            {\"id\": \"politiet\", \"name\": \"Politiet\", \"kind\": \"external\"}],"
" \"themes\": [{\"id\": \"t\", \"title\": \"Tema\", \"goals\": [{\"id\": \"g\", \"text\": \"Mål\", \"measures\": ["
"   {\"id\": \"m-1\", \"title\": \"Samtaler\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"Hjemmebesøk\", \"responsible\": [\"oslo-stasjon\"]},"
"     {\"number\": 2, \"text\": \"Rutine\", \"responsible\": [\"oslo-stasjon\", \"politiet\"]},"
"     {\"number\": 3, \"text\": \"Opplæring\", \"responsible\": [\"oslo-smabarn\", \"oslo-skole\"]}]},"
"   {\"id\": \"m-2\", \"title\": \"Grupper\", \"indicators\": ["
"     {\"number\": 1, \"text\": \"Elevgrupper\", \"responsible\": [\"oslo-skole\"]},"
"     {\"number\": 2, \"text\": \"Kontroller\", \"responsible\": [\"oslo-stasjon\", \"oslo-smabarn\"]}]}]}]}]}";

static size_t
keys_n(enum db_status (*get)(struct db *, int64_t, const char *,
    struct indicator_keys **), struct db *db, int64_t account, const char *plan)
{
	struct indicator_keys *k = NULL;
	assert_int_equal(get(db, account, plan, &k), DB_OK);
	size_t n = k->n;
	indicator_keys_free(k);
	return n;
}

static void
a_parent_follows_the_units_below(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->st.db;
	struct plan *p = storetest_plan(tree_json);
	assert_int_equal(db_plans_put(db, ACTOR, &p, 1, NULL, NULL), DB_OK);
	plan_free(p);
	int64_t helse = storetest_account(db, ACTOR, "helse@oslo.kommune.no", ROLE_REPORTER,
	    NULL, "oslo-helse");
	int64_t stasjon = storetest_account(db, ACTOR, "stasjon@oslo.kommune.no",
	    ROLE_REPORTER, NULL, "oslo-stasjon");
	int64_t smabarn = storetest_account(db, ACTOR, "smabarn@oslo.kommune.no",
	    ROLE_REPORTER, NULL, "oslo-smabarn");

	/* Helse og omsorg reports on nothing, and follows all five; a unit
	 * follows what its own units do not carry (m-2/2 is
	 * Helsestasjonen's too); the lowest follows nothing. */
	assert_int_equal(keys_n(db_reporter_indicators, db, helse, TREE), 0);
	assert_int_equal(keys_n(db_reporter_below, db, helse, TREE), 5);
	assert_int_equal(keys_n(db_reporter_below, db, stasjon, TREE), 1);
	assert_int_equal(keys_n(db_reporter_below, db, smabarn, TREE), 0);
	assert_int_equal(keys_n(db_reporter_below, db, helse, PLAN), 0);
	/* So the plan is among the parent's, though its unit carries nothing. */
	struct report_plan_list *pl = NULL;
	assert_int_equal(db_report_plans(db, helse, &pl), DB_OK);
	assert_int_equal(pl->n, 1);
	assert_string_equal(pl->items[0].id, TREE);
	report_plan_list_free(pl);

	/* Reports: last year's, one by the grandchild's reporter, one by
	 * Helsestasjonen's on an indicator it shares with Småbarnsteamet, one
	 * with no account (a coordinator at the command line). */
	struct report_input in = input("m-1", 1, 0, REPORT_DELAYED, NULL);
	struct report_save *sv = NULL;
	assert_int_equal(db_reports_put(db, "web:stasjon", stasjon, TREE, 2023, &in, 1, &sv),
	    DB_OK);
	report_save_free(sv);
	in = input("m-1", 3, 0, REPORT_DONE, NULL);
	assert_int_equal(db_reports_put(db, "web:smabarn", smabarn, TREE, 2024, &in, 1, &sv),
	    DB_OK);
	report_save_free(sv);
	in = input("m-2", 2, 0, REPORT_IN_PROGRESS, NULL);
	assert_int_equal(db_reports_put(db, "web:stasjon", stasjon, TREE, 2024, &in, 1, &sv),
	    DB_OK);
	report_save_free(sv);
	in = input("m-2", 1, 0, REPORT_ONGOING, NULL);
	assert_int_equal(db_reports_put(db, ACTOR, 0, TREE, 2024, &in, 1, &sv), DB_OK);
	report_save_free(sv);

	struct report_sheet *s = NULL;
	assert_int_equal(db_report_sheet(db, TREE, 2024, helse, &s), DB_OK);
	assert_int_equal(s->n, 0);
	assert_int_equal(s->nbelow, 5);
	static const struct { const char *m; int n; } order[] = {{"m-1", 1}, {"m-1", 2},
	    {"m-1", 3}, {"m-2", 1}, {"m-2", 2}};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(s->below[i].measure_id, order[i].m);
		assert_int_equal(s->below[i].number, order[i].n);
	}
	/* Last year's only: nothing current, nobody. */
	assert_null(s->below[0].current);
	assert_non_null(s->below[0].last_year);
	assert_int_equal(s->below[0].nby, 0);
	/* The police are responsible, but not below. */
	assert_int_equal(s->below[1].nresponsible, 2);
	assert_int_equal(s->below[1].nbelow, 1);
	assert_string_equal(s->below[1].below[0].name, "Helsestasjonen");
	assert_null(s->below[1].current);
	/* Two units below; reported by the grandchild's reporter. */
	assert_int_equal(s->below[2].nbelow, 2);
	assert_string_equal(s->below[2].below[0].id, "oslo-smabarn");
	assert_string_equal(s->below[2].below[1].id, "oslo-skole");
	assert_int_equal(s->below[2].current->status, REPORT_DONE);
	assert_int_equal(s->below[2].current->account_id, smabarn);
	assert_int_equal(s->below[2].nby, 1);
	assert_string_equal(s->below[2].by[0].name, "Småbarnsteamet");
	/* Saved with no account: no unit. */
	assert_int_equal(s->below[3].current->status, REPORT_ONGOING);
	assert_int_equal(s->below[3].current->account_id, 0);
	assert_int_equal(s->below[3].nby, 0);
	/* Shared by Helsestasjonen and Småbarnsteamet: Helsestasjonen's. */
	assert_int_equal(s->below[4].current->status, REPORT_IN_PROGRESS);
	assert_int_equal(s->below[4].nby, 1);
	assert_string_equal(s->below[4].by[0].id, "oslo-stasjon");
	report_sheet_free(s);

	/* Helsestasjonen: its three on the form, m-1/3 below; the form a
	 * save reads holds only its own. */
	assert_int_equal(db_report_sheet(db, TREE, 2024, stasjon, &s), DB_OK);
	assert_int_equal(s->n, 3);
	assert_int_equal(s->nbelow, 1);
	assert_string_equal(s->below[0].measure_id, "m-1");
	assert_int_equal(s->below[0].number, 3);
	assert_int_equal(s->below[0].nbelow, 1);
	assert_string_equal(s->below[0].below[0].id, "oslo-smabarn");
	report_sheet_free(s);
	assert_int_equal(db_report_form(db, TREE, 2024, helse, &s), DB_OK);
	assert_int_equal(s->n, 0);
	assert_int_equal(s->nbelow, 0);
	report_sheet_free(s);
	/* Every indicator (a coordinator's page): nothing apart. */
	assert_int_equal(db_report_sheet(db, TREE, 2024, 0, &s), DB_OK);
	assert_int_equal(s->n, 5);
	assert_int_equal(s->nbelow, 0);
	report_sheet_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reporter_sees_its_units_indicators,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(history_is_append_only, setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(stale_version_is_a_conflict,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(form_has_what_a_save_needs,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(save_on_a_stale_read_is_decided_again,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(saves_from_two_connections,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(reports_survive_a_reimport,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(report_deadline_round_trips,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(a_parent_follows_the_units_below,
		    setup, storetest_teardown),
	};
	return cmocka_run_group_tests_name("store_report", tests, NULL,
	    storetest_group_teardown);
}
