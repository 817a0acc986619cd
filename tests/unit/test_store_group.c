/* test_store_group.c — writes committed together (write_together,
 * src/store/group.c), on SQLite and, by tests/run.sh, on PostgreSQL:
 * writes handed in while another commits are run in one transaction on
 * SQLite, each keeps its own answer (one undone does not undo another),
 * and every answer comes after its commit. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/storetest.h"
#include "common/testdb.h"
#include "store/db.h"
#include "store/store_impl.h"

/* A new database, closed again: while a test runs, only its writers'
 * own connections are open. */
static int
setup(void **state)
{
	if (storetest_setup(state, "group", "g") != 0)
		return -1;
	struct storetest *f = *state;
	db_close(f->db);
	f->db = NULL;
	return 0;
}

/* One writer: a thread with its own connection handing in one part. */
struct writer {
	const char     *path;
	const char     *name;      /* the audit row it writes */
	enum db_status  answer;    /* what its part answers */
	int             hold_ms;   /* how long its part takes */
	enum db_status  got;       /* what write_together answered */
	struct db      *own, *ran_on;
	volatile int    entered;   /* its part has begun */
	char            err[600];
};

static enum db_status
part(struct db *db, void *arg)
{
	struct writer *w = arg;
	w->ran_on = db;
	__atomic_store_n(&w->entered, 1, __ATOMIC_SEQ_CST);
	if (!audit_write(db, "test:group", "add", "group", w->name, NULL, NULL))
		return DB_ERROR;
	if (w->hold_ms > 0) {
		struct timespec t = {w->hold_ms / 1000, (long)(w->hold_ms % 1000) * 1000000L};
		nanosleep(&t, NULL);
	}
	return w->answer;
}

/* Opens the writer's connection (before any write holds the lock:
 * opening reads the schema). */
static void
writer_open(struct writer *w)
{
	w->own = db_open(w->path, DB_OPEN_EXISTING, w->err, sizeof(w->err));
	if (w->own == NULL)
		fail_msg("%s", w->err);
}

static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	w->got = write_together(w->own, part, w);
	if (w->got == DB_ERROR)
		snprintf(w->err, sizeof(w->err), "%s", db_errmsg(w->own));
	return NULL;
}

/* Starts the writer that leads, and returns once its part has begun:
 * the writers started after it hand theirs in while it holds the
 * write. */
static void
start_leader(pthread_t *t, struct writer *lead)
{
	assert_int_equal(pthread_create(t, NULL, writer_run, lead), 0);
	struct timespec tick = {0, 5 * 1000000L};
	for (int i = 0; i < 2000 && !__atomic_load_n(&lead->entered, __ATOMIC_SEQ_CST); i++)
		nanosleep(&tick, NULL);
	assert_true(lead->entered);
}

static long
rows_named(const char *path, const char *name)
{
	char err[512];
	struct db *db = db_open(path, DB_OPEN_EXISTING, err, sizeof(err));
	if (db == NULL)
		fail_msg("%s", err);
	struct audit_list *l = NULL;
	assert_int_equal(db_audit(db, "group", name, NULL, &l), DB_OK);
	long n = (long)l->n;
	audit_list_free(l);
	db_close(db);
	return n;
}

static void
parts_keep_their_own_answer(void **state)
{
	struct storetest *f = *state;
	/* The leader holds the write for a second; meanwhile two more
	 * writers hand in their parts: one undone, one kept. */
	struct writer lead = {.path = f->path, .name = "lead", .answer = DB_OK,
	    .hold_ms = 1000};
	struct writer undone = {.path = f->path, .name = "undone", .answer = DB_CONFLICT};
	struct writer kept = {.path = f->path, .name = "kept", .answer = DB_OK};
	pthread_t t[3];
	writer_open(&lead);
	writer_open(&undone);
	writer_open(&kept);
	start_leader(&t[0], &lead);
	assert_int_equal(pthread_create(&t[1], NULL, writer_run, &undone), 0);
	assert_int_equal(pthread_create(&t[2], NULL, writer_run, &kept), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	struct writer *all[] = {&lead, &undone, &kept};
	for (int i = 0; i < 3; i++)
		if (all[i]->got == DB_ERROR)
			fail_msg("%s: %s", all[i]->name, all[i]->err);
	assert_int_equal(lead.got, DB_OK);
	assert_int_equal(undone.got, DB_CONFLICT);
	assert_int_equal(kept.got, DB_OK);
	/* Answered after the commit: a new connection sees what was kept,
	 * and not what was undone. */
	assert_int_equal(rows_named(f->path, "lead"), 1);
	assert_int_equal(rows_named(f->path, "kept"), 1);
	assert_int_equal(rows_named(f->path, "undone"), 0);
	if (!testdb_pg()) {
		/* SQLite: the two that came while the first committed ran
		 * together, on one connection. */
		assert_ptr_equal(undone.ran_on, kept.ran_on);
		assert_true(undone.ran_on == undone.own || kept.ran_on == kept.own);
	} else {
		/* PostgreSQL: each on its own connection. */
		assert_ptr_equal(undone.ran_on, undone.own);
		assert_ptr_equal(kept.ran_on, kept.own);
	}
	for (int i = 0; i < 3; i++)
		db_close(all[i]->own);
}

/* A part that fails is undone alone, and its error reaches its own
 * caller. */
static void
an_error_stays_with_its_part(void **state)
{
	struct storetest *f = *state;
	struct writer lead = {.path = f->path, .name = "first", .answer = DB_OK,
	    .hold_ms = 1000};
	struct writer bad = {.path = f->path, .name = "bad", .answer = DB_ERROR};
	struct writer good = {.path = f->path, .name = "good", .answer = DB_OK};
	pthread_t t[3];
	writer_open(&lead);
	writer_open(&bad);
	writer_open(&good);
	start_leader(&t[0], &lead);
	assert_int_equal(pthread_create(&t[1], NULL, writer_run, &bad), 0);
	assert_int_equal(pthread_create(&t[2], NULL, writer_run, &good), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(lead.got, DB_OK);
	assert_int_equal(good.got, DB_OK);
	assert_int_equal(bad.got, DB_ERROR);
	assert_int_equal(rows_named(f->path, "good"), 1);
	assert_int_equal(rows_named(f->path, "bad"), 0);
	db_close(lead.own);
	db_close(bad.own);
	db_close(good.own);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(parts_keep_their_own_answer,
		    setup, storetest_teardown),
		cmocka_unit_test_setup_teardown(an_error_stays_with_its_part,
		    setup, storetest_teardown),
	};
	return cmocka_run_group_tests_name("store_group", tests, NULL,
	    storetest_group_teardown);
}
