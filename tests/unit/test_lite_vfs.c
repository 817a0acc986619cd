/* test_lite_vfs.c — SQLite's log synced after the write lock is free
 * (src/store/lite_vfs.c, the commit of src/store/drv_sqlite.c and
 * group.c):
 *
 *   - every commit that returned through the VFS is in the log file,
 *     even when the process is killed at once after and SQLite does not
 *     sync at commit (synchronous=NORMAL), and in a transaction too large
 *     for SQLite's page cache (pages written to the log before the
 *     commit and read back);
 *   - a write transaction's commit leaves its sync owed, others see it,
 *     and drv_make_durable (or drv_commit, or a write handed to
 *     write_together) makes it;
 *   - the log is checkpointed, so it does not grow without end, also
 *     when each write begins before the one before it is checkpointed
 *     (group.c), where SQLite never starts it again by itself; a long
 *     read, which keeps it from starting again, does not make every
 *     commit wait for a restart.
 *
 * SQLite only: the PostgreSQL driver has none of this. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/lite_vfs.h"
#include "store/store_impl.h"

struct dir {
	char path[64];
	char db[128];
	char wal[140];
};

static int
setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return -1;
	snprintf(d->path, sizeof(d->path), "/tmp/tiltak-litevfs-XXXXXX");
	if (mkdtemp(d->path) == NULL) {
		free(d);
		return -1;
	}
	snprintf(d->db, sizeof(d->db), "%s/t.db", d->path);
	snprintf(d->wal, sizeof(d->wal), "%s-wal", d->db);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir *d = *state;
	char p[160];
	const char *ends[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", d->db, ends[i]);
		unlink(p);
	}
	rmdir(d->path);
	free(d);
	return 0;
}

/* How many pages the log file holds (as long as the log ever was: a
 * restart writes it again from its start), or -1 if there is none. */
static long
log_pages(const struct dir *d)
{
	struct stat s;
	return stat(d->wal, &s) == 0 ? (long)(s.st_size / (4096 + 24)) : -1;
}

static long
count_rows(sqlite3 *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The child: commits rounds transactions through the VFS, writing each
 * one's number to ack once COMMIT has returned, then waits to be
 * killed. Every other round is larger than the page cache. */
static void
child_writes(const char *db, const char *sync, int rounds, int ack)
{
	sqlite3 *c = NULL;
	if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    lite_vfs()) != SQLITE_OK)
		_exit(2);
	char pragmas[200];
	snprintf(pragmas, sizeof(pragmas), "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = %s; PRAGMA cache_size = 10;"
	    "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, round INTEGER, v BLOB);", sync);
	if (sqlite3_exec(c, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		_exit(3);
	for (int i = 1; i <= rounds; i++) {
		char sql[300];
		int rows = i % 2 ? 1 : 40;   /* 40 rows of 3 KB: past 10 pages */
		snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE;"
		    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < %d)"
		    " INSERT INTO t (round, v) SELECT %d, randomblob(3000) FROM n; COMMIT;", rows, i);
		if (sqlite3_exec(c, sql, NULL, NULL, NULL) != SQLITE_OK)
			_exit(4);
		if (write(ack, &i, sizeof(i)) != (ssize_t)sizeof(i))
			_exit(5);
	}
	for (;;)
		pause();
}

static void
acknowledged_commits_survive_a_kill(const char *db, const char *sync)
{
	const int rounds = 60;
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		child_writes(db, sync, rounds, p[1]);
	}
	close(p[1]);
	int got = 0, n;
	while (got < rounds && read(p[0], &n, sizeof(n)) == (ssize_t)sizeof(n))
		got = n;
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	close(p[0]);
	assert_int_equal(got, rounds);

	/* Opened with SQLite's own VFS: the log as the child left it. */
	sqlite3 *c = NULL;
	assert_int_equal(sqlite3_open(db, &c), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(c, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	assert_int_equal(count_rows(c, "SELECT count(DISTINCT round) FROM t"), rounds);
	assert_int_equal(count_rows(c, "SELECT count(*) FROM t"), rounds / 2 * 41);
	sqlite3_close(c);
}

static void
commits_are_in_the_file_when_they_return(void **state)
{
	struct dir *d = *state;
	acknowledged_commits_survive_a_kill(d->db, "NORMAL");
	teardown(state);
	setup(state);
	d = *state;
	acknowledged_commits_survive_a_kill(d->db, "FULL");
}

static struct db *
open_db(const char *path, bool create)
{
	char err[512];
	struct db *db = db_open(path, create ? DB_OPEN_CREATE : DB_OPEN_EXISTING, err, sizeof(err));
	if (db == NULL)
		fail_msg("%s", err);
	return db;
}

static long
probe_count(struct db *db, int slot)
{
	struct drv_stmt *st = drv_stmt(db->drv, slot, "SELECT count(*) FROM probe");
	assert_non_null(st);
	assert_int_equal(drv_step(st, "probe count"), DRV_ROW);
	long n = (long)drv_col_int(st, 0);
	drv_reset(st);
	return n;
}

static void
a_commits_sync_is_owed_until_made(void **state)
{
	struct dir *d = *state;
	struct db *mine = open_db(d->db, true);
	struct db *other = open_db(d->db, false);
	const int slot = DRV_STMTS_MAX - 4;
	assert_true(drv_exec(mine->drv, "CREATE TABLE probe (k INTEGER PRIMARY KEY)"));
	assert_false(drv_sync_owed(mine->drv));

	/* In two steps: seen by others at once, synced after. */
	assert_true(drv_begin_write(mine->drv));
	assert_true(drv_exec(mine->drv, "INSERT INTO probe (k) VALUES (1)"));
	assert_true(drv_commit_visible(mine->drv));
	assert_true(drv_sync_owed(mine->drv));
	assert_int_equal(probe_count(other, slot), 1);
	assert_true(drv_make_durable(mine->drv));
	assert_false(drv_sync_owed(mine->drv));
	assert_true(drv_make_durable(mine->drv));   /* nothing owed: nothing to do */

	/* In one. */
	assert_true(drv_begin_write(mine->drv));
	assert_true(drv_exec(mine->drv, "INSERT INTO probe (k) VALUES (2)"));
	assert_true(drv_commit(mine->drv));
	assert_false(drv_sync_owed(mine->drv));

	/* A read transaction has nothing to sync. */
	assert_true(drv_begin_read(mine->drv));
	assert_int_equal(probe_count(mine, slot), 2);
	assert_true(drv_commit_visible(mine->drv));
	assert_false(drv_sync_owed(mine->drv));
	db_close(other);
	db_close(mine);
}

/* A part for write_together: one row of about 12 KB (four pages). */
static enum db_status
big_row(struct db *db, void *arg)
{
	(void)arg;
	return drv_exec(db->drv, "INSERT INTO fill (v) VALUES (randomblob(12000))") ?
	    DB_OK : DB_ERROR;
}

static void
the_log_is_checkpointed(void **state)
{
	struct dir *d = *state;
	struct db *db = open_db(d->db, true);
	assert_true(drv_exec(db->drv, "CREATE TABLE fill (k INTEGER PRIMARY KEY, v BLOB)"));
	/* 1 500 commits of some 4 pages each: 6 000 pages through the log,
	 * which SQLite checkpoints every 1 000. */
	for (int i = 0; i < 1500; i++) {
		assert_int_equal(write_together(db, big_row, NULL), DB_OK);
		if (drv_sync_owed(db->drv))
			fail_msg("commit %d was answered with its sync owed", i + 1);
	}
	long pages = log_pages(d);
	assert_true(pages >= 0);
	fprintf(stderr, "# log: %ld pages after 1 500 commits\n", pages);
	if (pages > 2500)
		fail_msg("the log holds %ld pages: it is not checkpointed", pages);
	db_close(db);
}

/* One of the steady load's threads: its own connection. */
struct loader {
	const struct dir *d;
	bool          reads;       /* the reader; else a writer */
	int           commits;     /* a writer's */
	int          *writers_left;
	long          failed;
	long          longest;     /* the reader's: the longest log file seen */
};

static void *
loader_run(void *arg)
{
	struct loader *l = arg;
	struct db *db = open_db(l->d->db, false);
	if (!l->reads) {
		for (int i = 0; i < l->commits; i++)
			if (write_together(db, big_row, NULL) != DB_OK)
				l->failed++;
		__atomic_sub_fetch(l->writers_left, 1, __ATOMIC_SEQ_CST);
		db_close(db);
		return NULL;
	}
	/* Read transactions of a millisecond, one after the other, as a
	 * server's threads read a request's rows: there is nearly always
	 * one open, begun before the last commit was checkpointed. */
	const struct timespec ms = {0, 1000000L};
	while (__atomic_load_n(l->writers_left, __ATOMIC_SEQ_CST) > 0) {
		struct drv_stmt *st = NULL;
		if (!drv_begin_read(db->drv) ||
		    (st = drv_stmt(db->drv, DRV_STMTS_MAX - 3, "SELECT max(k) FROM fill")) == NULL ||
		    drv_step(st, "read") != DRV_ROW)
			l->failed++;
		if (st != NULL)
			drv_reset(st);
		nanosleep(&ms, NULL);
		drv_rollback(db->drv);
		long pages = log_pages(l->d);
		if (pages > l->longest)
			l->longest = pages;
	}
	db_close(db);
	return NULL;
}

static void
the_log_starts_again_under_steady_load(void **state)
{
	struct dir *d = *state;
	struct db *db = open_db(d->db, true);
	assert_true(drv_exec(db->drv, "CREATE TABLE fill (k INTEGER PRIMARY KEY, v BLOB)"));
	/* Kept open: the log file would be removed at each last close. */
	/* Two writers of 1 250 commits each (some 10 000 pages through the
	 * log; while one commits, the other's write waits, and it begins
	 * while the one before is being synced and checkpointed, as in the
	 * server) and a reader always reading. */
	enum { WRITERS = 2, COMMITS = 1250 };
	int writers_left = WRITERS;
	struct loader l[WRITERS + 1];
	pthread_t t[WRITERS + 1];
	for (int i = 0; i <= WRITERS; i++) {
		l[i] = (struct loader){.d = d, .commits = COMMITS, .reads = i == WRITERS,
		    .writers_left = &writers_left};
		assert_int_equal(pthread_create(&t[i], NULL, loader_run, &l[i]), 0);
	}
	for (int i = 0; i <= WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(l[i].failed, 0);
	}
	fprintf(stderr, "# log: at most %ld pages under the load\n", l[WRITERS].longest);
	/* SQLite started the log again at times by itself, or never (60 000
	 * pages in the benchmark's 10 s; 9 000 to 12 700 here); now the
	 * restart comes at 4 000 pages, a batch or two later if the reader
	 * delays it, 250 pages later for each try it keeps from succeeding. */
	if (l[WRITERS].longest > 6000)
		fail_msg("the log reached %ld pages: it was not started again",
		    l[WRITERS].longest);
	sqlite3 *c = NULL;
	assert_int_equal(sqlite3_open_v2(d->db, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(count_rows(c, "SELECT count(*) FROM fill"), WRITERS * COMMITS);
	sqlite3_close(c);
	db_close(db);
}

/* One commit of some 4 pages on db, made durable, its upkeep made; true
 * if that upkeep was one to wait for (a restart of the log). */
static bool
commit_one(struct db *db)
{
	assert_true(drv_begin_write(db->drv));
	assert_true(drv_exec(db->drv, "INSERT INTO fill (v) VALUES (randomblob(12000))"));
	assert_true(drv_commit_visible(db->drv));
	bool exclusive = drv_upkeep_exclusive(db->drv);
	assert_true(drv_make_durable(db->drv));
	drv_upkeep(db->drv);
	return exclusive;
}

static void
a_long_reader_does_not_stall_every_write(void **state)
{
	struct dir *d = *state;
	struct db *db = open_db(d->db, true);
	assert_true(drv_exec(db->drv, "CREATE TABLE fill (k INTEGER PRIMARY KEY, v BLOB)"));
	/* A read that lasts (an export, a backup): the log cannot start
	 * again until it ends. A restart tried at every commit past 4 000
	 * pages (some 1 000 here) would hold the write lock up to 20 ms each
	 * time; it is tried every 250 pages. */
	struct db *reader = open_db(d->db, false);
	assert_true(drv_begin_read(reader->drv));
	struct drv_stmt *st = drv_stmt(reader->drv, DRV_STMTS_MAX - 3, "SELECT count(*) FROM fill");
	assert_non_null(st);
	assert_int_equal(drv_step(st, "read"), DRV_ROW);
	drv_reset(st);
	int tries = 0;
	for (int i = 0; i < 2000; i++)   /* some 8 000 pages */
		tries += commit_one(db);
	fprintf(stderr, "# a restart tried %d times in 2 000 commits past a long read\n", tries);
	assert_true(tries >= 1);
	if (tries > 40)
		fail_msg("a restart was tried %d times: at nearly every commit", tries);
	/* Once the read ends, the log starts again: it grows no longer. */
	drv_rollback(reader->drv);
	db_close(reader);
	for (int i = 0; i < 300; i++)
		commit_one(db);
	long after_read = log_pages(d);
	assert_true(after_read > 0);
	for (int i = 0; i < 1500; i++)   /* some 6 000 pages more */
		commit_one(db);
	fprintf(stderr, "# log: %ld pages when the read had ended, %ld after 1 500 commits more\n",
	    after_read, log_pages(d));
	assert_true(log_pages(d) <= after_read + 10);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(commits_are_in_the_file_when_they_return,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(a_commits_sync_is_owed_until_made,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(the_log_is_checkpointed, setup, teardown),
		cmocka_unit_test_setup_teardown(the_log_starts_again_under_steady_load,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(a_long_reader_does_not_stall_every_write,
		    setup, teardown),
	};
	return cmocka_run_group_tests_name("lite_vfs", tests, NULL, NULL);
}
