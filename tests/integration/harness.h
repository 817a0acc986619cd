/* harness.h — what every integration test file shares: the tiltak
 * binary and the suite's temporary folder, things freed at the end of a
 * test, assertions with readable messages, files and JSON, child
 * processes (the CLI), servers started on a free loopback port, HTTP
 * requests and the checks every page must pass.
 *
 * The binary is $TILTAK_BIN (default build/test/tiltak, an ASan+UBSan
 * build); tests run from the repository root. Every server is started with
 * "serve --listen 127.0.0.1:0 --quiet", its port read from the line it
 * prints, and stopped with SIGTERM: its exit status must be 0, which under
 * ASan (LeakSanitizer) or valgrind (TILTAK_VALGRIND=1, see "make
 * leakcheck") also means "no leak". All files live in one mkdtemp folder
 * that is removed at the end. Each test file is one cmocka group whose
 * setup and teardown are group_setup and group_teardown, and whose tests
 * end with teardown. */
#ifndef TILTAK_TEST_HARNESS_H
#define TILTAK_TEST_HARNESS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/testdb.h"
#include "integration/http_client.h"

#define BODO       "bodo-2022-2025"
#define BALS       "balsfjord-2017"
#define BODO_FILE  "data/plans/bodo-2022-2025.json"
#define BALS_FILE  "data/plans/balsfjord-2017.json"
#define FIXTURES   "tests/integration/fixtures"
#define SMALL_FILE FIXTURES "/small-plan.json"
#define SMALL      "fixture-plan"
#define HOSTILE_FILE FIXTURES "/hostile-plan.json"
#define HOSTILE    "hostile-plan"
#define UNITS_FILE FIXTURES "/units-plan.json"   /* parents and collective roles */
#define UNITS      "units-plan"
#define HTML_TYPE  "text/html; charset=utf-8"

/* The text every field of the hostile fixture carries, and how it must
 * look in HTML. */
#define XSS      "<script>alert(\"x\")</script> & 'q' \"dq\""
#define XSS_HTML "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &quot;dq&quot;"

extern const char *bin;
extern bool use_valgrind;
/* Whether the short commands a test runs (import, export, user, check:
 * everything but serve) are leak-checked at exit. Every server is, and
 * so is every command of test_cli_db, of test_import's SQLite pass (they
 * set this in main) and of any test run with TILTAK_TEST_CLI_LEAKS=1; the others
 * skip LeakSanitizer's exit scan, a third of a command's time under the
 * sanitizers. The store's and the importers' code is leak-checked
 * in-process by the unit tests as well. */
extern bool cli_leak_check;
extern int start_timeout_ms;
extern int stop_timeout_ms;
extern int cmd_timeout_ms;
extern char root[PATH_MAX];
extern char base_db[PATH_MAX + 16];

/* cmocka formats failure messages into a small fixed buffer and may cut
 * the final newline, gluing the next TAP line to the message. Failure
 * messages here go to standard error as whole "# " comment lines. */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A formatted string that lives until the end of the test. */
char *S(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#undef fail_msg
#define fail_msg(...) do { report(__VA_ARGS__); fail(); } while (0)

#define assert_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	if (strstr(h_, n_) == NULL) \
		fail_msg("expected \"%s\" in:\n%.2000s", n_, h_); \
} while (0)

#define assert_not_contains(hay, needle) do { \
	const char *h_ = (hay), *n_ = (needle); \
	const char *at_ = strstr(h_, n_); \
	if (at_ != NULL) \
		fail_msg("did not expect \"%s\"; found at byte %td: %.200s", n_, at_ - h_, at_); \
} while (0)

struct cmd {
	int     status;     /* as from waitpid */
	int     code;       /* exit code, or -1 if it did not exit */
	char   *out, *err;  /* NUL-terminated */
	size_t  out_len, err_len;
};

#define assert_exit(c, want) do { \
	const struct cmd *c_ = (c); \
	if (c_->code != (want)) \
		fail_msg("exit status %d, expected %d; stderr:\n%s", c_->code, (want), c_->err); \
} while (0)

struct server {
	pid_t  pid;
	int    port;
	int    out_fd;
	bool   running;
	char  *log;      /* its standard error */
	char  *db;
};

struct counts {
	size_t themes, goals, measures, indicators;
};

void *keep(void *p, void (*fn)(void *));
/* For keep: closes and frees a struct http_conn. */
void free_conn(void *p);
void free_response(void *p);   /* a struct http_response */
void free_json(void *p);       /* a json_t */
void *xmalloc(size_t n);
char *S(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *strcasestr_(const char *hay, const char *needle);
size_t count_substr(const char *hay, const char *needle);
/* The table row of body (from "<tr" to "</tr>") holding needle; fails
 * the test, naming what, if there is none. Lives until the end of the
 * test. */
const char *row_with(const char *body, const char *needle, const char *what);
/* The i-th (from 0) "<td…>…" of a table row, without its "</td>"; fails
 * the test if there is none. */
const char *row_cell(const char *row, int i);
char *esc(const char *s);
void rm_rf(const char *path);
char *new_dir(const char *name);
bool exists(const char *path);
void write_file(const char *path, const void *data, size_t len);
void copy_file(const char *from, const char *to);
json_t *load_json_file(const char *path);
void write_json(const char *path, const json_t *j);
char *dump_json(const json_t *j);
json_t *at(json_t *j, const char *path);
const char *jstr(json_t *j, const char *path);
long long now_ms(void);
bool wait_for(pid_t pid, int *status, int ms);
char *describe_status(int st);
struct cmd *run_argv(char *const argv[], const char *env_db);
/* The same with input (NULL: nothing) on its standard input. */
struct cmd *run_argv_input(char *const argv[], const char *env_db,
    const char *input);
struct cmd *tiltak(const char *env_db, ...);
/* The same with input on its standard input. */
struct cmd *tiltak_input(const char *env_db, const char *input, ...);
void import_ok(const char *db, const char *file);
/* Imports the shipped help directory (data/services/) and action cards
 * (data/cards/) into db, which holds both plans: the public pages as
 * `make run` serves them. */
void import_shipped_extras(const char *db);
struct cmd *export_plan(const char *db, const char *plan);
/* The integer a query returns on db (SQLite or PostgreSQL); fails the
 * test on error. */
long long sql_int(const char *db, const char *sql);
/* Runs a statement that returns no rows; fails the test on error. */
void sql_exec(const char *db, const char *sql);
/* A new empty database for the backend under test (common/testdb.h):
 * "DIR/NAME.db" for SQLite, a new PostgreSQL database's URI. Lives until
 * the end of the test. */
char *new_db(const char *dir, const char *name);
/* A new database (as new_db) holding what fill put in it: fill (imports,
 * accounts: commands) runs only the first time it is given in a test
 * program, on a template database; every call gets a copy of that
 * template (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE),
 * which is much cheaper than running the commands again. The copy is the
 * test's own to change. */
char *new_db_filled(const char *dir, const char *name, void (*fill)(const char *db));
/* Skips the test when it runs on PostgreSQL: it needs a SQLite file
 * (corrupting it, holding its write lock, making it read-only). */
void sqlite_only(const char *why);
long long generation(const char *db);
/* Waits until a server has read the data generation again, so a change
 * just committed by another process (the CLI) is what it serves: one
 * recheck interval (CACHE_RECHECK_MS) and a margin. */
void await_fresh(void);
/* Starts "tiltak serve --db DB --listen 127.0.0.1:0 --quiet". */
struct server *server_start(const char *db);
/* The same with the arguments args (NULL-terminated, instead of --quiet)
 * and the environment entries env ("NAME=value", NULL-terminated) added;
 * either may be NULL. */
struct server *server_start_with(const char *db, const char *const *args,
    const char *const *env);
/* Everything the server has written to standard error so far. */
char *server_log(const struct server *s);
/* server_start with the command run by the NULL-terminated wrapper argv
 * (e.g. a program that sets up a mount namespace, then execs the rest). */
struct server *server_start_wrapped(const char *db, char *const *wrapper);
/* All of the above: wrapper, arguments and environment (each may be
 * NULL). */
struct server *server_start_full(const char *db, char *const *wrapper,
    const char *const *args, const char *const *env);
bool server_alive(struct server *s);
void server_stop(struct server *s);
void kill_servers(void);
const char *header(const struct http_response *r, const char *name);
struct http_response *req(int port, const char *method, const char *target, const char *extra);
struct http_response *get(int port, const char *target);
struct http_response *get_status(int port, const char *target, int status);
void check_security(const struct http_response *r, const char *what);
/* The one script a public page may carry: the leave control's keys. */
#define LEAVE_SCRIPT "<script src=\"/static/leave.js\" defer=\"\"></script>"
/* The first "<script" in body that is not LEAVE_SCRIPT, or NULL. */
const char *other_script(const char *body);
void check_page(const struct http_response *r, const char *what);
struct http_response *page_ok(int port, const char *target);
json_t *api_plan(int port, const char *id);
struct counts count_plan(json_t *p);
/* How an indicator whose responsible units are resp (a JSON array of
 * ids) falls to unit uid, by the rules of docs/plan-format.md, worked
 * out from plan file p alone: FALLS_DIRECT (uid is responsible),
 * FALLS_COLLECTIVE (through a collective role of p that applies to uid),
 * FALLS_PARENT (through a unit above uid); 0 when it does not fall to
 * uid. The server's answer must agree. */
#define FALLS_DIRECT     1u
#define FALLS_COLLECTIVE 4u
#define FALLS_PARENT     8u
unsigned plan_falls_to(json_t *p, const char *uid, json_t *resp);
/* The unit of p with that id, or NULL. */
json_t *plan_unit_json(json_t *p, const char *uid);
void assert_counts(json_t *p, size_t themes, size_t goals, size_t measures, size_t indicators);
long search_hits(int port, const char *query);
int raw_status(int port, const void *data, size_t len, const char *what);
void assert_serving(struct server *s, const char *after);
int group_setup(void **state);
int group_teardown(void **state);
int teardown(void **state);

#endif
