/* test_cli_db.c — where the database is: only import creates one (file
 * and folder); serve and export refuse a missing database naming its
 * path; on a read-only location serve and export read it and import says
 * the location is read-only.
 *
 * A truly read-only location: chmod 0555/0444 where that stops writes;
 * when the tests run as root it does not (root bypasses permissions), so
 * each command then runs in a private mount namespace with the folder
 * bind-mounted read-only (unshare -m, needs CAP_SYS_ADMIN, which root
 * has unless a container withholds it). If neither works the read-only
 * tests are skipped with the reason printed, never passed silently. */
#include "integration/harness.h"

/* ---- making a folder read-only ---- */

enum ro_way { RO_UNKNOWN, RO_CHMOD, RO_MOUNT, RO_NONE };
static enum ro_way ro_way = RO_UNKNOWN;
static char ro_reason[512];

/* Runs argv[...] with dir bind-mounted read-only over itself in a new
 * mount namespace (the same process: unshare and sh exec). */
#define RO_SCRIPT "d=$1; shift; mount --bind \"$d\" \"$d\" && " \
	"mount -o remount,ro,bind \"$d\" && exec \"$@\""

static enum ro_way
probe_ro_way(void)
{
	if (ro_way != RO_UNKNOWN)
		return ro_way;
	char *dir = new_dir("ro-probe");
	char *probe = S("%s/probe", dir);
	chmod(dir, 0555);
	int fd = open(probe, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	int saved = errno;
	chmod(dir, 0755);
	if (fd < 0 && (saved == EACCES || saved == EPERM || saved == EROFS)) {
		ro_way = RO_CHMOD;
		return ro_way;
	}
	if (fd >= 0) {
		close(fd);
		unlink(probe);
	}
	/* Root (or CAP_DAC_OVERRIDE): permissions do not stop us. */
	char *argv[] = {"unshare", "-m", "sh", "-c", RO_SCRIPT, "sh", dir,
	    "sh", "-c", ": > \"$0/probe\"", dir, NULL};
	struct cmd *c = run_argv(argv, NULL);
	if (c->code != 0 && strstr(c->err, "Read-only file system") != NULL &&
	    !exists(probe)) {
		ro_way = RO_MOUNT;
	} else {
		snprintf(ro_reason, sizeof(ro_reason), "chmod does not stop writes (running "
		    "as root?) and a read-only bind mount in a private mount namespace "
		    "failed: exit %d: %.300s", c->code, c->err);
		ro_way = RO_NONE;
	}
	return ro_way;
}

/* Skips the calling test, saying why, when no way works. */
#define NEED_READONLY() do { \
	if (probe_ro_way() == RO_NONE) { \
		fprintf(stderr, "# SKIP %s: %s\n", __func__, ro_reason); \
		skip(); \
	} \
} while (0)

/* Makes dir and the files in it read-only (RO_CHMOD) or nothing (the
 * mount does it per command); ro_end undoes it for cleaning up. */
static void
ro_begin(const char *dir)
{
	if (ro_way != RO_CHMOD)
		return;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			chmod(S("%s/%s", dir, e->d_name), 0444);
	closedir(d);
	chmod(dir, 0555);
}

static void
ro_end(const char *dir)
{
	if (ro_way != RO_CHMOD)
		return;
	chmod(dir, 0755);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			chmod(S("%s/%s", dir, e->d_name), 0644);
	closedir(d);
}

/* tiltak ARGS... (NULL-terminated) with dir read-only. */
static struct cmd *
ro_tiltak(const char *dir, ...)
{
	char *argv[40];
	size_t n = 0;
	if (ro_way == RO_MOUNT) {
		static char *const pre[] = {"unshare", "-m", "sh", "-c", RO_SCRIPT, "sh"};
		for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
			argv[n++] = pre[i];
		argv[n++] = S("%s", dir);
	}
	argv[n++] = S("%s", bin);
	va_list ap;
	va_start(ap, dir);
	for (char *a = va_arg(ap, char *); a && n < 39; a = va_arg(ap, char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv, NULL);
}

static struct server *
ro_server(const char *dir, const char *db)
{
	if (ro_way != RO_MOUNT)
		return server_start(db);
	char *wrapper[] = {"unshare", "-m", "sh", "-c", RO_SCRIPT, "sh", S("%s", dir), NULL};
	return server_start_wrapped(db, wrapper);
}

/* ---- databases ---- */

/* A copy of the suite's database (both plans) in a new folder; base_db
 * was closed after its import, so it is one file without -wal/-shm. */
static char *
db_copy(const char *dir)
{
	char *db = new_db(dir, "plans");
	copy_file(base_db, db);
	assert_false(exists(S("%s-wal", db)));
	return db;
}

static sqlite3 *
open_rw(const char *db)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", db);
	return h;
}

static void
exec_sql(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* serve and export read the database at db in the read-only folder dir. */
static void
reads_work(const char *dir, const char *db, const char *what)
{
	struct cmd *c = ro_tiltak(dir, "export", "--db", db, "--plan", BODO, (char *)NULL);
	if (c->code != 0)
		fail_msg("%s: export exit %d: %s", what, c->code, c->err);
	assert_contains(c->out, "\"id\": \"" BODO "\"");
	struct server *s = ro_server(dir, db);
	struct http_response *r = page_ok(s->port, "/plans/" BODO);
	assert_contains(r->body, "<h1>");
	assert_counts(api_plan(s->port, BALS), 6, 6, 46, 0);
	page_ok(s->port, "/units");
	server_stop(s);
}

/* ==== missing databases ==== */

static void
missing_database_is_refused_and_not_created(void **state)
{
	(void)state;
	sqlite_only("database paths and read-only locations are those of");
	char *dir = new_dir("missing-db");
	char *sub = S("%s/no-such-folder", dir);
	char *deep = new_db(sub, "plans");
	char *flat = new_db(dir, "plans");

	const char *paths[] = {deep, flat};
	for (size_t i = 0; i < 2; i++) {
		const char *want = S("tiltak: no database at %s (create one with: tiltak "
		    "import --db %s FILE...)\n", paths[i], paths[i]);
		struct cmd *c = export_plan(paths[i], BODO);
		assert_exit(c, 1);
		assert_string_equal(c->err, want);
		assert_int_equal(c->out_len, 0);
		c = tiltak(NULL, "serve", "--db", paths[i], "--listen", "127.0.0.1:0",
		    "--quiet", (char *)NULL);
		assert_exit(c, 1);
		assert_string_equal(c->err, want);
		assert_false(exists(paths[i]));
		assert_false(exists(S("%s-wal", paths[i])));
		assert_false(exists(sub));
	}
	/* The default database (TILTAK_DB) is named the same way. */
	struct cmd *c = tiltak(flat, "export", "--plan", BODO, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("no database at %s", flat));
	assert_false(exists(flat));

	/* A folder is not a database. */
	c = export_plan(dir, BODO);
	assert_exit(c, 1);
	assert_contains(c->err, S("%s is a directory, not a database", dir));

	/* Only import creates: the file and one missing folder. */
	import_ok(deep, SMALL_FILE);
	assert_true(exists(deep));
	c = export_plan(deep, SMALL);
	assert_exit(c, 0);
}

/* ==== read-only locations ==== */

static void
read_only_location_is_read(void **state)
{
	(void)state;
	sqlite_only("database paths and read-only locations are those of");
	NEED_READONLY();
	fprintf(stderr, "# read-only by %s\n", ro_way == RO_CHMOD ? "chmod 0555/0444" :
	    "a read-only bind mount (unshare -m)");

	/* 1. One file, no -wal or -shm: SQLite cannot create them, so the
	 * database is opened as immutable. */
	char *dir = new_dir("ro-plain");
	char *db = db_copy(dir);
	ro_begin(dir);
	reads_work(dir, db, "without -wal/-shm");
	assert_false(exists(S("%s-wal", db)));
	assert_false(exists(S("%s-shm", db)));
	ro_end(dir);

	/* 2. -wal and -shm present (left by a writer that keeps them): an
	 * ordinary read-only connection uses them. */
	dir = new_dir("ro-wal-shm");
	db = db_copy(dir);
	sqlite3 *h = open_rw(db);
	int one = 1;
	sqlite3_file_control(h, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	exec_sql(h, "SELECT count(*) FROM plan");
	sqlite3_close(h);
	assert_true(exists(S("%s-wal", db)));
	assert_true(exists(S("%s-shm", db)));
	ro_begin(dir);
	reads_work(dir, db, "with -wal and -shm");
	ro_end(dir);

	/* 3. An empty -wal without -shm: nothing is lost by reading the file
	 * alone. */
	unlink(S("%s-shm", db));
	ro_begin(dir);
	reads_work(dir, db, "with an empty -wal, no -shm");
	ro_end(dir);

	/* 4. A -wal holding committed changes, without -shm: reading the
	 * file alone would show old data, and SQLite cannot rebuild -shm
	 * here. Refused, saying what to do. */
	char *src = new_dir("ro-wal-src");
	char *srcdb = db_copy(src);
	dir = new_dir("ro-wal-content");
	db = new_db(dir, "plans");
	h = open_rw(srcdb);
	exec_sql(h, "PRAGMA wal_autocheckpoint = 0");
	exec_sql(h, "UPDATE plan SET title = 'Endret i loggen' WHERE id = '" BODO "'");
	copy_file(srcdb, db);
	copy_file(S("%s-wal", srcdb), S("%s-wal", db));
	sqlite3_close(h);
	ro_begin(dir);
	struct cmd *c = ro_tiltak(dir, "export", "--db", db, "--plan", BODO, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("tiltak: cannot read %s: ", db));
	assert_contains(c->err, S("%s-wal", db));
	assert_contains(c->err, "read-only");
	c = ro_tiltak(dir, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet",
	    (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("%s-wal", db));
	ro_end(dir);
	/* Where it can be written, the same files hold the change. */
	c = export_plan(db, BODO);
	assert_exit(c, 0);
	assert_contains(c->out, "Endret i loggen");
}

static void
import_into_read_only_location_says_so(void **state)
{
	(void)state;
	sqlite_only("database paths and read-only locations are those of");
	NEED_READONLY();
	/* An existing database, and a new one in a read-only folder. */
	char *dir = new_dir("ro-import");
	char *db = db_copy(dir);
	char *fresh = new_db(dir, "fresh");
	ro_begin(dir);
	const char *targets[] = {db, fresh};
	for (size_t i = 0; i < 2; i++) {
		struct cmd *c = ro_tiltak(dir, "import", "--db", targets[i], SMALL_FILE,
		    (char *)NULL);
		assert_exit(c, 1);
		assert_string_equal(c->err, S("tiltak: cannot write %s: the location is "
		    "read-only\n", targets[i]));
		assert_int_equal(c->out_len, 0);
	}
	ro_end(dir);
	assert_false(exists(fresh));
	assert_exit(export_plan(db, SMALL), 1);
}

static void
read_only_database_needing_migration_says_so(void **state)
{
	(void)state;
	sqlite_only("database paths and read-only locations are those of");
	NEED_READONLY();
	char *dir = new_dir("ro-old-schema");
	char *db = db_copy(dir);
	/* As if written by a version that knew fewer migrations. */
	sqlite3 *h = open_rw(db);
	long long newest = sql_int(db, "SELECT max(version) FROM schema_version");
	exec_sql(h, S("DELETE FROM schema_version WHERE version = %lld", newest));
	sqlite3_close(h);
	ro_begin(dir);
	struct cmd *c = ro_tiltak(dir, "export", "--db", db, "--plan", BODO, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("tiltak: %s: the database has schema version %lld and "
	    "this program needs %lld; it is read-only, so it cannot be upgraded",
	    db, newest - 1, newest));
	c = ro_tiltak(dir, "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet",
	    (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "it is read-only, so it cannot be upgraded");
	ro_end(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(missing_database_is_refused_and_not_created, teardown),
		cmocka_unit_test_teardown(read_only_location_is_read, teardown),
		cmocka_unit_test_teardown(import_into_read_only_location_says_so, teardown),
		cmocka_unit_test_teardown(read_only_database_needing_migration_says_so, teardown),
	};
	cli_leak_check = true; /* harness.h */
	return cmocka_run_group_tests_name("cli_db", tests, group_setup, group_teardown);
}
