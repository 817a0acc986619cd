/* test_integration.c — the real binary, end to end: import, export, check
 * and serve, driven over loopback with a raw HTTP client.
 *
 * The binary is $TILTAK_BIN (default build/test/tiltak, an ASan+UBSan
 * build); tests run from the repository root. Every server is started with
 * "serve --listen 127.0.0.1:0 --quiet", its port read from the line it
 * prints, and stopped with SIGTERM: its exit status must be 0, which under
 * ASan (LeakSanitizer) or valgrind (TILTAK_VALGRIND=1, see "make
 * leakcheck") also means "no leak". All files live in one mkdtemp folder
 * that is removed at the end. */
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
#define HTML_TYPE  "text/html; charset=utf-8"

/* The text every field of the hostile fixture carries, and how it must
 * look in HTML. */
#define XSS      "<script>alert(\"x\")</script> & 'q' \"dq\""
#define XSS_HTML "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &quot;dq&quot;"

static const char *bin;           /* the tiltak binary */
static bool use_valgrind;
static int start_timeout_ms = 10000;
static int stop_timeout_ms = 30000;
static int cmd_timeout_ms = 60000;
static char root[PATH_MAX];       /* the suite's temporary folder */
static char base_db[PATH_MAX + 16];    /* both data plans, imported once */

/* ---- things to free at the end of a test ---- */

struct kept {
	void  *p;
	void (*fn)(void *);
};
static struct kept *pool;
static size_t npool, cappool;

static void *
keep(void *p, void (*fn)(void *))
{
	if (npool == cappool) {
		cappool = cappool ? cappool * 2 : 64;
		pool = realloc(pool, cappool * sizeof(*pool));
		if (pool == NULL)
			abort();
	}
	pool[npool].p = p;
	pool[npool].fn = fn;
	npool++;
	return p;
}

static void
pool_drain(void)
{
	while (npool > 0) {
		npool--;
		pool[npool].fn(pool[npool].p);
	}
	free(pool);
	pool = NULL;
	cappool = 0;
}

static void
free_response(void *p)
{
	http_response_free(p);
	free(p);
}

static void
free_conn(void *p)
{
	http_close(p);
	free(p);
}

static void
free_json(void *p)
{
	json_decref(p);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

/* A formatted string that lives until the end of the test. */
static char *S(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
S(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return keep(s, free);
}

/* ---- assertions with readable messages ---- */

/* cmocka formats failure messages into a small fixed buffer and may cut
 * the final newline, gluing the next TAP line to the message. Failure
 * messages here go to standard error as whole "# " comment lines. */
static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
report(const char *fmt, ...)
{
	char msg[6000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fflush(stdout);
	for (char *line = msg; line; ) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		fprintf(stderr, "# %s\n", line);
		line = nl ? nl + 1 : NULL;
	}
	fflush(stderr);
}

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

static const char *
strcasestr_(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static size_t
count_substr(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
		n++;
	return n;
}

/* Our own HTML escaping, to know what a page must contain. */
static char *
esc(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += *p == '&' ? 5 : *p == '<' || *p == '>' ? 4 : *p == '"' ? 6 : *p == '\'' ? 5 : 1;
	char *out = xmalloc(n + 1), *o = out;
	for (const char *p = s; *p; p++) {
		const char *r = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" :
		    *p == '"' ? "&quot;" : *p == '\'' ? "&#39;" : NULL;
		if (r) {
			memcpy(o, r, strlen(r));
			o += strlen(r);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return keep(out, free);
}

/* ---- files ---- */

static void
rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d)) != NULL) {
				if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
					continue;
				char sub[PATH_MAX];
				snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
				rm_rf(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* A new empty folder in the suite's folder. */
static char *
new_dir(const char *name)
{
	char *d = S("%s/%s", root, name);
	rm_rf(d);
	if (mkdir(d, 0700) != 0)
		fail_msg("mkdir %s: %s", d, strerror(errno));
	return d;
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	size_t n = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || n != len)
		fail_msg("cannot write %s", path);
}

static json_t *
load_json_file(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
	return keep(j, free_json);
}

/* Writes j as the format's indented JSON. */
static void
write_json(const char *path, const json_t *j)
{
	if (json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		fail_msg("cannot write %s", path);
}

static char *
dump_json(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s == NULL)
		fail_msg("json_dumps failed");
	return keep(s, free);
}

/* Follows a path such as "themes.0.goals.1" (numbers index arrays). */
static json_t *
at(json_t *j, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	char *save = NULL;
	for (char *part = strtok_r(buf, ".", &save); part && j;
	    part = strtok_r(NULL, ".", &save))
		j = json_is_array(j) ? json_array_get(j, strtoul(part, NULL, 10)) :
		    json_object_get(j, part);
	if (j == NULL)
		fail_msg("no %s in the JSON", path);
	return j;
}

/* The string at path, which must be one. */
static const char *
jstr(json_t *j, const char *path)
{
	json_t *v = at(j, path);
	if (!json_is_string(v))
		fail_msg("%s is not a string in the JSON", path);
	return json_string_value(v);
}

/* ---- child processes ---- */

/* pipe() with both ends closed on exec. */
static int
cloexec_pipe(int p[2])
{
	if (pipe(p) != 0)
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for pid at most ms; true with *status if it ended. */
static bool
wait_for(pid_t pid, int *status, int ms)
{
	long long deadline = now_ms() + ms;
	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid)
			return true;
		if (w < 0 && errno != EINTR)
			return true;
		if (now_ms() > deadline)
			return false;
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static char *
describe_status(int st)
{
	if (WIFEXITED(st))
		return S("exit status %d", WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return S("killed by signal %d", WTERMSIG(st));
	return S("status 0x%x", st);
}

struct cmd {
	int     status;     /* as from waitpid */
	int     code;       /* exit code, or -1 if it did not exit */
	char   *out, *err;  /* NUL-terminated */
	size_t  out_len, err_len;
};

static void
free_cmd(void *p)
{
	struct cmd *c = p;
	free(c->out);
	free(c->err);
	free(c);
}

/* Runs the NULL-terminated argv with TILTAK_DB=env_db (a path in the
 * suite's folder if NULL, so no default database is ever made in the
 * repository), capturing both outputs. */
static struct cmd *
run_argv(char *const argv[], const char *env_db)
{
	const char *db = env_db ? env_db : S("%s/default-db-must-not-be-used.db", root);
	int po[2], pe[2];
	if (cloexec_pipe(po) != 0 || cloexec_pipe(pe) != 0)
		fail_msg("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		setenv("TILTAK_DB", db, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	struct cmd *c = keep(calloc(1, sizeof(*c)), free_cmd);
	size_t cap[2] = {4096, 4096}, len[2] = {0, 0};
	char *buf[2] = {xmalloc(cap[0]), xmalloc(cap[1])};
	int fds[2] = {po[0], pe[0]};
	bool open_[2] = {true, true};
	long long deadline = now_ms() + cmd_timeout_ms;
	while (open_[0] || open_[1]) {
		struct pollfd pf[2];
		nfds_t n = 0;
		int which[2];
		for (int i = 0; i < 2; i++)
			if (open_[i]) {
				pf[n].fd = fds[i];
				pf[n].events = POLLIN;
				which[n++] = i;
			}
		long long left = deadline - now_ms();
		if (left <= 0)
			break;
		int pr = poll(pf, n, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			break;
		for (nfds_t k = 0; k < n; k++) {
			if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			int i = which[k];
			if (cap[i] - len[i] < 4096) {
				cap[i] *= 2;
				buf[i] = realloc(buf[i], cap[i]);
				if (buf[i] == NULL)
					abort();
			}
			ssize_t r = read(fds[i], buf[i] + len[i], cap[i] - len[i] - 1);
			if (r > 0)
				len[i] += (size_t)r;
			else if (r == 0 || errno != EINTR)
				open_[i] = false;
		}
	}
	close(po[0]);
	close(pe[0]);
	buf[0][len[0]] = '\0';
	buf[1][len[1]] = '\0';
	c->out = buf[0];
	c->out_len = len[0];
	c->err = buf[1];
	c->err_len = len[1];
	if (!wait_for(pid, &c->status, open_[0] || open_[1] ? 0 : cmd_timeout_ms)) {
		kill(pid, SIGKILL);
		waitpid(pid, &c->status, 0);
		fail_msg("%s %s: did not finish in time", argv[0], argv[1] ? argv[1] : "");
	}
	c->code = WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1;
	if (WIFSIGNALED(c->status))
		fail_msg("%s %s: %s\n%s", argv[0], argv[1] ? argv[1] : "",
		    describe_status(c->status), c->err);
	return c;
}

/* tiltak with the given arguments (NULL-terminated). */
static struct cmd *
tiltak(const char *env_db, ...)
{
	char *argv[64];
	size_t n = 0;
	argv[n++] = (char *)bin;
	va_list ap;
	va_start(ap, env_db);
	for (char *a = va_arg(ap, char *); a && n < 63; a = va_arg(ap, char *))
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(argv, env_db);
}

#define assert_exit(c, want) do { \
	const struct cmd *c_ = (c); \
	if (c_->code != (want)) \
		fail_msg("exit status %d, expected %d; stderr:\n%s", c_->code, (want), c_->err); \
} while (0)

static void
import_ok(const char *db, const char *file)
{
	struct cmd *c = tiltak(NULL, "import", "--db", db, file, (char *)NULL);
	assert_exit(c, 0);
}

static struct cmd *
export_plan(const char *db, const char *plan)
{
	return tiltak(NULL, "export", "--db", db, "--plan", plan, (char *)NULL);
}

/* ---- the database, read directly ---- */

static long long
sql_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		const char *m = h ? S("%s", sqlite3_errmsg(h)) : "?";
		sqlite3_close(h);
		fail_msg("cannot open %s: %s", db, m);
	}
	sqlite3_stmt *st = NULL;
	long long v = -1;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		rc = SQLITE_ERROR;
	char *m = S("%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s: %s", db, sql, m);
	return v;
}

static long long
generation(const char *db)
{
	return sql_int(db, "SELECT value FROM meta WHERE key='generation'");
}

/* ---- servers ---- */

struct server {
	pid_t  pid;
	int    port;
	int    out_fd;
	bool   running;
	char  *log;      /* its standard error */
	char  *db;
};

#define MAX_SERVERS 8
static struct server servers[MAX_SERVERS];
static int server_seq;

/* Prints the server's log as TAP comments, for a failure message. */
static void
dump_log(const struct server *s)
{
	FILE *f = fopen(s->log, "r");
	if (f == NULL)
		return;
	char line[1024];
	int n = 0;
	fprintf(stderr, "# --- server log %s ---\n", s->log);
	while (fgets(line, sizeof(line), f) && n++ < 200)
		fprintf(stderr, "# %s%s", line, strchr(line, '\n') ? "" : "\n");
	fclose(f);
}

static struct server *
server_start(const char *db)
{
	struct server *s = NULL;
	for (int i = 0; i < MAX_SERVERS; i++)
		if (!servers[i].running) {
			s = &servers[i];
			break;
		}
	if (s == NULL)
		fail_msg("too many servers");
	memset(s, 0, sizeof(*s));
	s->log = S("%s/server-%d.log", root, ++server_seq);
	s->db = S("%s", db);
	int p[2];
	if (cloexec_pipe(p) != 0)
		fail_msg("pipe: %s", strerror(errno));
	int logfd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (logfd < 0)
		fail_msg("%s: %s", s->log, strerror(errno));
	const char *argv[20];
	int n = 0;
	if (use_valgrind) {
		argv[n++] = "valgrind";
		argv[n++] = "--leak-check=full";
		argv[n++] = "--errors-for-leak-kinds=definite,indirect";
		argv[n++] = "--error-exitcode=99";
		argv[n++] = "-q";
	}
	argv[n++] = bin;
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = db;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--quiet";
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(p[1], 1);
		dup2(logfd, 2);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* no server outlives a crashed suite */
#endif
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	close(logfd);
	s->pid = pid;
	s->out_fd = p[0];
	s->running = true;

	/* "tiltak: serving http://127.0.0.1:PORT/" */
	char line[256];
	size_t len = 0;
	long long deadline = now_ms() + start_timeout_ms;
	while (memchr(line, '\n', len) == NULL && len < sizeof(line) - 1) {
		long long left = deadline - now_ms();
		struct pollfd pf = {.fd = s->out_fd, .events = POLLIN};
		int pr = left > 0 ? poll(&pf, 1, (int)left) : 0;
		if (pr < 0 && errno == EINTR)
			continue;
		ssize_t r = pr > 0 ? read(s->out_fd, line + len, sizeof(line) - 1 - len) : -1;
		if (r <= 0) {
			kill(pid, SIGKILL);
			int st;
			waitpid(pid, &st, 0);
			s->running = false;
			close(s->out_fd);
			dump_log(s);
			fail_msg("the server did not say where it listens (%s)",
			    pr == 0 || left <= 0 ? "timeout" : describe_status(st));
		}
		len += (size_t)r;
	}
	line[len] = '\0';
	int port = 0;
	if (sscanf(line, "tiltak: serving http://127.0.0.1:%d/", &port) != 1 || port <= 0)
		fail_msg("unexpected first line from serve: %s", line);
	s->port = port;
	return s;
}

/* True while the server process runs. */
static bool
server_alive(struct server *s)
{
	int st;
	if (!s->running)
		return false;
	if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
		s->running = false;
		close(s->out_fd);
		dump_log(s);
		fprintf(stderr, "# server ended: %s\n", describe_status(st));
		return false;
	}
	return true;
}

/* SIGTERM; the server must exit with status 0 (no leak, no error). */
static void
server_stop(struct server *s)
{
	assert_true(server_alive(s));
	kill(s->pid, SIGTERM);
	int st = 0;
	if (!wait_for(s->pid, &st, stop_timeout_ms)) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &st, 0);
		s->running = false;
		close(s->out_fd);
		dump_log(s);
		fail_msg("the server did not stop within %d ms of SIGTERM", stop_timeout_ms);
	}
	s->running = false;
	close(s->out_fd);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		dump_log(s);
		fail_msg("the server ended with %s, expected exit status 0", describe_status(st));
	}
}

static void
kill_servers(void)
{
	for (int i = 0; i < MAX_SERVERS; i++)
		if (servers[i].running) {
			kill(servers[i].pid, SIGKILL);
			int st;
			waitpid(servers[i].pid, &st, 0);
			close(servers[i].out_fd);
			servers[i].running = false;
		}
}

/* ---- HTTP ---- */

/* The header, which must be there. */
static const char *
header(const struct http_response *r, const char *name)
{
	const char *v = http_header(r, name);
	if (v == NULL)
		fail_msg("no %s header (status %d)", name, r->status);
	return v;
}

static struct http_response *
req(int port, const char *method, const char *target, const char *extra)
{
	struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
	if (http_request(port, method, target, extra, r) != 0)
		fail_msg("%s %.200s: no complete response", method, target);
	return r;
}

static struct http_response *
get(int port, const char *target)
{
	return req(port, "GET", target, NULL);
}

static struct http_response *
get_status(int port, const char *target, int status)
{
	struct http_response *r = get(port, target);
	if (r->status != status)
		fail_msg("GET %.200s: status %d, expected %d\n%.2000s", target, r->status,
		    status, r->body);
	return r;
}

static void
check_security(const struct http_response *r, const char *what)
{
	const char *csp = http_header(r, "Content-Security-Policy");
	if (csp == NULL || strstr(csp, "default-src 'none'") == NULL)
		fail_msg("%s: Content-Security-Policy is %s", what, csp ? csp : "missing");
	const char *xcto = http_header(r, "X-Content-Type-Options");
	if (xcto == NULL || strcasecmp(xcto, "nosniff") != 0)
		fail_msg("%s: X-Content-Type-Options is %s", what, xcto ? xcto : "missing");
	const char *rp = http_header(r, "Referrer-Policy");
	if (rp == NULL || strcasecmp(rp, "no-referrer") != 0)
		fail_msg("%s: Referrer-Policy is %s", what, rp ? rp : "missing");
	if (http_header_count(r, "Set-Cookie") != 0)
		fail_msg("%s: sets a cookie: %s", what, http_header(r, "Set-Cookie"));
}

/* An HTML page: the content type, the security headers, no script. */
static void
check_page(const struct http_response *r, const char *what)
{
	const char *ct = http_header(r, "Content-Type");
	if (ct == NULL || strcmp(ct, HTML_TYPE) != 0)
		fail_msg("%s: Content-Type is %s", what, ct ? ct : "missing");
	check_security(r, what);
	const char *s = strcasestr_(r->body, "<script");
	if (s)
		fail_msg("%s: the page contains a script: %.100s", what, s);
	if (strlen(r->body) != r->body_len)
		fail_msg("%s: the page contains a NUL byte", what);
	assert_contains(r->body, "<!DOCTYPE html>");
	assert_contains(r->body, "</html>");
}

static struct http_response *
page_ok(int port, const char *target)
{
	struct http_response *r = get_status(port, target, 200);
	check_page(r, target);
	return r;
}

static json_t *
api_plan(int port, const char *id)
{
	struct http_response *r = get_status(port, S("/api/plans/%s", id), 200);
	const char *ct = http_header(r, "Content-Type");
	if (ct == NULL || strncmp(ct, "application/json", 16) != 0)
		fail_msg("/api/plans/%s: Content-Type is %s", id, ct ? ct : "missing");
	check_security(r, "API");
	json_error_t e;
	json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("/api/plans/%s: not JSON: %d:%d: %s", id, e.line, e.column, e.text);
	return keep(j, free_json);
}

struct counts {
	size_t themes, goals, measures, indicators;
};

static struct counts
count_plan(json_t *p)
{
	struct counts c = {0};
	size_t i, j, k;
	json_t *t, *g, *m;
	json_array_foreach(json_object_get(p, "themes"), i, t) {
		c.themes++;
		json_array_foreach(json_object_get(t, "goals"), j, g) {
			c.goals++;
			json_array_foreach(json_object_get(g, "measures"), k, m) {
				c.measures++;
				c.indicators += json_array_size(json_object_get(m, "indicators"));
			}
		}
	}
	return c;
}

static void
assert_counts(json_t *p, size_t themes, size_t goals, size_t measures, size_t indicators)
{
	struct counts c = count_plan(p);
	if (c.themes != themes || c.goals != goals || c.measures != measures ||
	    c.indicators != indicators)
		fail_msg("plan %s: %zu/%zu/%zu/%zu themes/goals/measures/indicators, "
		    "expected %zu/%zu/%zu/%zu", jstr(p, "id"),
		    c.themes, c.goals, c.measures, c.indicators, themes, goals, measures,
		    indicators);
}

/* The number of hits a search page reports. */
static long
search_hits(int port, const char *query)
{
	struct http_response *r = page_ok(port, S("/search?q=%s", query));
	const char *p = strstr(r->body, "role=\"status\">");
	if (p == NULL)
		fail_msg("/search?q=%s: no result count", query);
	p += strlen("role=\"status\">");
	static const char none[] = "Ingen tiltak eller måleindikatorer inneholder";
	if (strncmp(p, none, strlen(none)) == 0)
		return 0;
	const char *end = strstr(p, "</p>");
	while (p < end && !isdigit((unsigned char)*p))
		p++;
	if (p >= end)
		fail_msg("/search?q=%s: cannot read the result count", query);
	return strtol(p, NULL, 10);
}

/* Sends raw bytes on a new connection and reads one response. Returns its
 * status, or 0 if the server closed the connection without answering. */
static int
raw_status(int port, const void *data, size_t len, const char *what)
{
	struct http_conn c;
	if (http_connect(&c, port) != 0)
		fail_msg("%s: cannot connect: %s", what, strerror(errno));
	if (http_send(&c, data, len) != 0) {
		http_close(&c); /* the server may hang up before reading it all */
		return 0;
	}
	struct http_response r;
	int rc = http_read_response(&c, &r, false);
	bool closed = c.eof;
	size_t pending = c.len;
	http_close(&c);
	if (rc != 0) {
		if (!closed)
			fail_msg("%s: neither an answer nor a closed connection", what);
		if (pending > 0)
			fail_msg("%s: an unreadable answer", what);
		return 0;
	}
	int st = r.status;
	http_response_free(&r);
	return st;
}

/* The server still runs and answers the home page. */
static void
assert_serving(struct server *s, const char *after)
{
	if (!server_alive(s))
		fail_msg("the server died after %s", after);
	struct http_response *r = get(s->port, "/");
	if (r->status != 200)
		fail_msg("after %s, GET / answers %d", after, r->status);
}

/* ---- fixtures ---- */

static int
group_setup(void **state)
{
	(void)state;
	const char *b = getenv("TILTAK_BIN");
	bin = b && *b ? b : "build/test/tiltak";
	const char *v = getenv("TILTAK_VALGRIND");
	use_valgrind = v && *v && strcmp(v, "0") != 0;
	if (use_valgrind) {
		start_timeout_ms = 60000;
		stop_timeout_ms = 120000;
		http_set_timeout_ms(60000);
	}
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "# %s is not an executable (set TILTAK_BIN)\n", bin);
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(root, sizeof(root), "%s/tiltak-it.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		fprintf(stderr, "# mkdtemp %s: %s\n", root, strerror(errno));
		return -1;
	}
	snprintf(base_db, sizeof(base_db), "%s/base.db", root);
	/* Both data plans, once; tests that only read serve this file. */
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		execl(bin, bin, "import", "--db", base_db, BODO_FILE, BALS_FILE, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "# importing the data plans failed\n");
		rm_rf(root);
		return -1;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	kill_servers();
	pool_drain();
	if (root[0])
		rm_rf(root);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	kill_servers();
	pool_drain();
	return 0;
}

/* ==== 1. counts ==== */

static void
counts_match_the_source_plans(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	json_t *bodo = api_plan(s->port, BODO);
	json_t *bals = api_plan(s->port, BALS);
	assert_string_equal(jstr(bodo, "id"), BODO);
	assert_string_equal(jstr(bals, "id"), BALS);
	assert_counts(bodo, 5, 7, 19, 103);
	assert_counts(bals, 6, 6, 46, 0);

	struct http_response *home = page_ok(s->port, "/");
	assert_contains(home->body, "href=\"/plans/" BODO "\"");
	assert_contains(home->body, "href=\"/plans/" BALS "\"");
	assert_contains(home->body, esc(jstr(bodo, "title")));
	assert_contains(home->body, esc(jstr(bals, "title")));
	server_stop(s);
}

/* ==== 2. every page ==== */

static void
every_page_answers_html(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	size_t npages = 0;

	page_ok(port, "/");
	page_ok(port, "/plans");
	page_ok(port, "/units");
	npages += 3;
	const char *plans[] = {BODO, BALS};
	for (size_t pi = 0; pi < 2; pi++) {
		json_t *p = api_plan(port, plans[pi]);
		struct http_response *r = page_ok(port, S("/plans/%s", plans[pi]));
		assert_contains(r->body, esc(jstr(p, "title")));
		npages++;
		size_t i, j, k;
		json_t *t, *g, *m, *u;
		json_array_foreach(json_object_get(p, "themes"), i, t) {
			const char *tid = jstr(t, "id");
			r = page_ok(port, S("/plans/%s/themes/%s", plans[pi], tid));
			assert_contains(r->body, esc(jstr(t, "title")));
			npages++;
			json_array_foreach(json_object_get(t, "goals"), j, g) {
				json_array_foreach(json_object_get(g, "measures"), k, m) {
					const char *mid = jstr(m, "id");
					r = page_ok(port, S("/plans/%s/measures/%s", plans[pi], mid));
					assert_contains(r->body,
					    esc(jstr(m, "title")));
					npages++;
				}
			}
		}
		json_array_foreach(json_object_get(p, "units"), i, u) {
			const char *uid = jstr(u, "id");
			r = page_ok(port, S("/units/%s", uid));
			assert_contains(r->body, esc(jstr(u, "name")));
			npages++;
		}
	}
	/* 3 + 2 plans + 11 themes + 65 measures + 36 units */
	assert_int_equal(npages, 3 + 2 + 11 + 65 + 36);

	struct http_response *r = page_ok(port, "/search?q=vold");
	assert_contains(r->body, "href=\"/plans/" BODO "/measures/");
	page_ok(port, "/search");

	r = get_status(port, "/static/style.css", 200);
	assert_int_equal(strncmp(header(r, "Content-Type"), "text/css", 8), 0);
	check_security(r, "/static/style.css");
	assert_true(r->body_len > 100);

	/* HEAD: the same status and headers as GET, and no body. */
	const char *target = "/plans/" BODO;
	struct http_response *g = get_status(port, target, 200);
	struct http_conn *c = keep(calloc(1, sizeof(*c)), free_conn);
	c->fd = -1;
	assert_int_equal(http_connect(c, port), 0);
	assert_int_equal(http_send_str(c, "HEAD /plans/" BODO " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n\r\n"), 0);
	size_t n;
	bool timed_out;
	char *raw = keep(http_read_all(c, &n, &timed_out), free);
	assert_false(timed_out);
	struct http_response *h = keep(calloc(1, sizeof(*h)), free_response);
	assert_int_equal(http_parse_response(raw, n, true, h), 0);
	assert_int_equal(h->status, 200);
	if (h->head_len != n)
		fail_msg("HEAD %s: %zu bytes follow the headers", target, n - h->head_len);
	assert_string_equal(header(h, "Content-Length"), S("%zu", g->body_len));
	for (size_t i = 0; i < g->nheaders; i++) {
		const char *name = g->headers[i].name;
		if (strcasecmp(name, "Date") == 0 || strcasecmp(name, "Connection") == 0)
			continue;
		const char *hv = http_header(h, name);
		if (hv == NULL || strcmp(hv, g->headers[i].value) != 0)
			fail_msg("HEAD %s: header %s is %s, GET has %s", target, name,
			    hv ? hv : "missing", g->headers[i].value);
		assert_int_equal(http_header_count(h, name), http_header_count(g, name));
	}
	server_stop(s);
}

/* ==== 3. bokmål ==== */

static void
interface_is_bokmal(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_response *home = page_ok(s->port, "/");
	assert_contains(home->body, "<html lang=\"nb\">");
	assert_contains(home->body, "Handlingsplaner mot vold i nære relasjoner");
	struct http_response *plan = page_ok(s->port, "/plans/" BODO);
	assert_contains(plan->body, "<html lang=\"nb\">");
	assert_contains(plan->body, "Måleindikator");
	struct http_response *units = page_ok(s->port, "/units");
	assert_contains(units->body, "<html lang=\"nb\">");
	struct http_response *missing = get_status(s->port, "/finnes-ikke", 404);
	assert_contains(missing->body, "<html lang=\"nb\">");
	assert_contains(missing->body, "Fant ikke siden");
	server_stop(s);
}

/* ==== 4. security headers ==== */

static void
security_headers_on_every_response(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	char *longurl = S("/%05000d", 0);
	struct {
		const char *method, *target, *extra;
		int status;
		bool html;
	} cases[] = {
		{"GET", "/", NULL, 200, true},
		{"GET", "/plans/" BODO, NULL, 200, true},
		{"GET", "/units", NULL, 200, true},
		{"GET", "/search?q=vold", NULL, 200, true},
		{"GET", "/api/plans/" BODO, NULL, 200, false},
		{"GET", "/static/style.css", NULL, 200, false},
		{"HEAD", "/plans/" BODO, NULL, 200, false},
		{"GET", "/nothing-here", NULL, 404, true},
		{"GET", "/plans/no-such-plan", NULL, 404, true},
		{"GET", "/units/no-such-unit", NULL, 404, true},
		{"GET", "/static/no-such-file.css", NULL, 404, true},
		{"GET", "/plans/%zz", NULL, 400, true},
		{"POST", "/", "Content-Length: 0\r\n", 405, true},
		{"GET", "/", "Content-Length: 10000000\r\n", 413, true},
		{"GET", longurl, NULL, 414, true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *what = S("%s %.60s", cases[i].method, cases[i].target);
		struct http_response *r = req(port, cases[i].method, cases[i].target,
		    cases[i].extra);
		if (r->status != cases[i].status)
			fail_msg("%s: status %d, expected %d", what, r->status, cases[i].status);
		check_security(r, what);
		if (cases[i].html)
			check_page(r, what);
		assert_null(strcasestr_(r->body, "<script"));
	}
	server_stop(s);
}

/* ==== 5. bad imports change nothing ==== */

static void m_unknown_unit(json_t *p) { json_array_set_new(at(p, "themes.0.goals.0.measures.0.indicators.0.responsible"), 1, json_string("testby-ukjent")); }
static void m_dup_theme(json_t *p) { json_object_set_new(at(p, "themes.1"), "id", json_string("forebygging")); }
static void m_dup_measure(json_t *p) { json_object_set_new(at(p, "themes.0.goals.1.measures.0"), "id", json_string("kurs")); }
static void m_dup_unit(json_t *p) { json_object_set_new(at(p, "units.1"), "id", json_string("testby-barnevern")); }
static void m_title_number(json_t *p) { json_object_set_new(p, "title", json_integer(42)); }
static void m_indicators_object(json_t *p) { json_object_set_new(at(p, "themes.0.goals.0.measures.0"), "indicators", json_object()); }
static void m_number_string(json_t *p) { json_object_set_new(at(p, "themes.0.goals.0.measures.0.indicators.0"), "number", json_string("1")); }
static void m_no_title(json_t *p) { json_object_del(p, "title"); }
static void m_no_themes(json_t *p) { json_object_del(p, "themes"); }
static void m_no_format(json_t *p) { json_object_del(p, "format"); }
static void m_unknown_key(json_t *p) { json_object_set_new(p, "colour", json_string("blue")); }
static void m_bad_id(json_t *p) { json_object_set_new(p, "id", json_string("Bodø")); }
static void m_bad_date(json_t *p) { json_object_set_new(at(p, "adoption"), "date", json_string("2022-02-30")); }
static void m_period(json_t *p) { json_object_set_new(at(p, "period"), "end", json_integer(2020)); }

static void
m_long_title(json_t *p)
{
	size_t n = 200 * 1024;
	char *s = xmalloc(n);
	memset(s, 'a', n);
	json_object_set_new(p, "title", json_stringn(s, n));
	free(s);
}

/* Checks "tiltak: FILE:LINE:COLUMN: " at the start of err; returns the
 * rest, with *line and *col. */
static const char *
after_file_line_col(const char *err, const char *file, int *line, int *col)
{
	const char *prefix = S("tiltak: %s:", file);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("expected \"%sLINE:COLUMN: \" at the start of:\n%s", prefix, err);
	const char *p = err + strlen(prefix);
	char *end;
	long l = strtol(p, &end, 10);
	if (end == p || *end != ':')
		fail_msg("no line number in: %s", err);
	p = end + 1;
	long c = strtol(p, &end, 10);
	if (end == p || end[0] != ':' || end[1] != ' ')
		fail_msg("no column number in: %s", err);
	if (l < 1 || c < 1)
		fail_msg("line and column must be positive: %s", err);
	*line = (int)l;
	*col = (int)c;
	return end + 2;
}

/* Line and column (1-based, bytes) of offset off, as an editor shows. */
static void
line_col_of(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* What must not change when an import fails. */
struct snapshot {
	char      *bodo, *bals;
	size_t     bodo_len, bals_len;
	long long  gen;
};

static struct snapshot
snap(const char *db)
{
	struct snapshot s;
	struct cmd *a = export_plan(db, BODO), *b = export_plan(db, BALS);
	assert_exit(a, 0);
	assert_exit(b, 0);
	s.bodo = a->out;
	s.bodo_len = a->out_len;
	s.bals = b->out;
	s.bals_len = b->out_len;
	s.gen = generation(db);
	return s;
}

static void
assert_unchanged(const char *db, const struct snapshot *before, const char *what)
{
	struct snapshot now = snap(db);
	if (now.bodo_len != before->bodo_len || memcmp(now.bodo, before->bodo, now.bodo_len) != 0)
		fail_msg("%s: the export of %s changed", what, BODO);
	if (now.bals_len != before->bals_len || memcmp(now.bals, before->bals, now.bals_len) != 0)
		fail_msg("%s: the export of %s changed", what, BALS);
	if (now.gen != before->gen)
		fail_msg("%s: the generation went from %lld to %lld", what, before->gen, now.gen);
}

/* Imports a bad file: exit 1, the message, and nothing written. Returns
 * the standard error. */
static const char *
import_bad(const char *db, const struct snapshot *before, const char *file,
    const char *new_id, const char *what)
{
	struct cmd *c = tiltak(NULL, "import", "--db", db, file, (char *)NULL);
	if (c->code != 1)
		fail_msg("%s: import exit status %d, expected 1; stderr:\n%s", what, c->code, c->err);
	assert_contains(c->err, S("tiltak: %s:", file));
	if (c->out_len != 0)
		fail_msg("%s: a failed import printed: %s", what, c->out);
	/* check says the same, and also fails. */
	struct cmd *k = tiltak(NULL, "check", file, (char *)NULL);
	assert_exit(k, 1);
	if (strcmp(k->err, c->err) != 0)
		fail_msg("%s: check says\n%s\nbut import says\n%s", what, k->err, c->err);
	assert_unchanged(db, before, what);
	if (new_id) {
		struct cmd *e = export_plan(db, new_id);
		if (e->code != 1)
			fail_msg("%s: export --plan %s: exit status %d, expected 1", what, new_id, e->code);
		assert_contains(e->err, S("no plan \"%s\"", new_id));
	}
	return c->err;
}

static void
import_errors_change_nothing(void **state)
{
	(void)state;
	char *dir = new_dir("bad-imports");
	char *db = S("%s/plans.db", dir);
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE, (char *)NULL);
	assert_exit(c, 0);
	struct snapshot before = snap(db);
	assert_true(before.gen > 0);
	assert_true(before.bodo_len > 1000 && before.bals_len > 1000);
	json_t *small = load_json_file(SMALL_FILE);

	static const struct {
		const char *name;
		void (*mutate)(json_t *);
		const char *message;  /* after "tiltak: FILE: " */
	} cases[] = {
		{"unknown-unit", m_unknown_unit, "$.themes[0].goals[0].measures[0].indicators[0]"
		    ".responsible[1]: unknown unit \"testby-ukjent\" (not in $.units)"},
		{"duplicate-theme", m_dup_theme, "$.themes[1].id: duplicate theme id \"forebygging\""},
		{"duplicate-measure", m_dup_measure, "$.themes[0].goals[1].measures[0].id: "
		    "duplicate measure id \"kurs\""},
		{"duplicate-unit", m_dup_unit, "$.units[1].id: duplicate unit id \"testby-barnevern\""},
		{"title-number", m_title_number, "$.title: expected a string, found an integer"},
		{"indicators-object", m_indicators_object, "$.themes[0].goals[0].measures[0]"
		    ".indicators: expected an array, found an object"},
		{"number-string", m_number_string, "$.themes[0].goals[0].measures[0].indicators[0]"
		    ".number: expected an integer, found a string"},
		{"no-title", m_no_title, "$.title: required text is missing"},
		{"no-themes", m_no_themes, "$.themes: required array is missing"},
		{"no-format", m_no_format, "$.format: required format is missing"},
		{"unknown-key", m_unknown_key, "$.colour: unknown key \"colour\""},
		{"bad-id", m_bad_id, "$.id: \"Bodø\" is not a valid id"},
		{"bad-date", m_bad_date, "$.adoption.date: \"2022-02-30\" is not a date"},
		{"period-backwards", m_period, "$.period.end: the period ends (2020) before it "
		    "starts (2024)"},
		{"long-title", m_long_title, "$.title: text is 204800 bytes long; at most 500 "
		    "are allowed"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *p = keep(json_deep_copy(small), free_json);
		cases[i].mutate(p);
		char *file = S("%s/%s.json", dir, cases[i].name);
		write_json(file, p);
		const char *err = import_bad(db, &before, file,
		    cases[i].mutate == m_bad_id ? NULL : SMALL, cases[i].name);
		assert_contains(err, S("tiltak: %s: %s", file, cases[i].message));
	}

	/* Text-level damage: the parser reports line and column. */
	const char *text = dump_json(small);
	size_t tlen = strlen(text);
	int line, col;

	/* A duplicate key. */
	{
		const char *after = strchr(text, '\n') + 1;
		size_t head = (size_t)(after - text);
		char *t = S("%.*s  \"title\": \"Dobbel\",\n%s", (int)head, text, after);
		char *file = S("%s/duplicate-key.json", dir);
		write_file(file, t, strlen(t));
		const char *err = import_bad(db, &before, file, SMALL, "duplicate key");
		const char *rest = after_file_line_col(err, file, &line, &col);
		assert_contains(rest, "$: invalid JSON: duplicate object key");
	}
	/* Invalid UTF-8 inside a string, at a known place. */
	{
		char *t = S("%s", text);
		char *v = strstr(t, "\"title\": \"") + strlen("\"title\": \"") + 4;
		size_t off = (size_t)(v - t);
		v[0] = (char)0xff;
		v[1] = (char)0xfe;
		int want_line, want_col;
		line_col_of(t, off, &want_line, &want_col);
		char *file = S("%s/invalid-utf8.json", dir);
		write_file(file, t, tlen);
		const char *err = import_bad(db, &before, file, SMALL, "invalid UTF-8");
		const char *rest = after_file_line_col(err, file, &line, &col);
		assert_int_equal(line, want_line);
		assert_int_equal(col, want_col);
		assert_contains(rest, "$: invalid UTF-8 (byte 0xff)");
	}
	/* Truncated JSON. */
	{
		char *file = S("%s/truncated.json", dir);
		write_file(file, text, tlen / 2);
		const char *err = import_bad(db, &before, file, SMALL, "truncated");
		const char *rest = after_file_line_col(err, file, &line, &col);
		assert_contains(rest, "$: invalid JSON: ");
		int last_line, last_col;
		line_col_of(text, tlen / 2, &last_line, &last_col);
		assert_true(line <= last_line);
	}
	/* A 10 MB string: the file is over the 4 MB limit. */
	{
		json_t *p = keep(json_deep_copy(small), free_json);
		size_t n = 10u * 1024 * 1024;
		char *s = xmalloc(n);
		memset(s, 'x', n);
		json_object_set_new(at(p, "themes.0"), "background", json_stringn(s, n));
		free(s);
		char *file = S("%s/ten-megabytes.json", dir);
		write_json(file, p);
		const char *err = import_bad(db, &before, file, SMALL, "10 MB");
		assert_contains(err, S("tiltak: %s: $: the file is ", file));
		assert_contains(err, "at most 4194304 bytes are allowed");
	}
	/* A revision of an existing plan with a problem deep inside: the old
	 * plan stays as it was. */
	{
		json_t *p = load_json_file(BODO_FILE);
		json_object_set_new(p, "title", json_string("Ny tittel som ikke skal lagres"));
		json_object_set_new(at(p, "themes.4.goals.0.measures.0"), "colour", json_string("red"));
		char *file = S("%s/bodo-revised.json", dir);
		write_json(file, p);
		const char *err = import_bad(db, &before, file, NULL, "existing plan");
		assert_contains(err, S("tiltak: %s: $.themes[4].goals[0].measures[0].colour: "
		    "unknown key \"colour\"", file));
	}
	/* Two files, the first valid and new, the second bad: nothing of the
	 * first is written. */
	{
		char *bad = S("%s/unknown-unit.json", dir);
		struct cmd *t = tiltak(NULL, "import", "--db", db, SMALL_FILE, bad, (char *)NULL);
		assert_exit(t, 1);
		assert_contains(t->err, S("tiltak: %s: $.themes[0].goals[0]", bad));
		assert_not_contains(t->err, SMALL_FILE);
		assert_unchanged(db, &before, "valid + bad");
		struct cmd *e = export_plan(db, SMALL);
		assert_exit(e, 1);
		/* The same plan twice in one import. */
		t = tiltak(NULL, "import", "--db", db, SMALL_FILE, SMALL_FILE, (char *)NULL);
		assert_exit(t, 1);
		assert_contains(t->err, "$.id: plan \"" SMALL "\" is also in");
		assert_unchanged(db, &before, "same plan twice");
		assert_exit(export_plan(db, SMALL), 1);
	}
	/* And the database still takes a good import, which the generation
	 * shows (so the checks above could see a change). */
	import_ok(db, SMALL_FILE);
	assert_int_equal(generation(db), before.gen + 1);
	struct cmd *e = export_plan(db, SMALL);
	assert_exit(e, 0);
	assert_contains(e->out, "\"id\": \"" SMALL "\"");
	struct cmd *b = export_plan(db, BODO);
	assert_int_equal(b->out_len, before.bodo_len);
	assert_memory_equal(b->out, before.bodo, b->out_len);
}

/* ==== 6. round trip ==== */

static const char *const tables[] = {"plan", "organisation", "plan_organisation",
    "overarching_goal", "chapter", "unit", "implementation_step", "step_unit", "theme",
    "goal", "measure", "indicator", "indicator_unit"};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static void
table_counts(const char *db, long long out[NTABLES])
{
	for (size_t i = 0; i < NTABLES; i++)
		out[i] = sql_int(db, S("SELECT count(*) FROM %s", tables[i]));
}

/* Every value the source file gives is in the export: objects key by key
 * (keys the source leaves out take their defaults), arrays item by item. */
static void
assert_covers(json_t *src, json_t *exp, const char *path)
{
	if (json_is_object(src)) {
		if (!json_is_object(exp))
			fail_msg("%s: not an object in the export", path);
		const char *k;
		json_t *v;
		json_object_foreach(src, k, v) {
			json_t *e = json_object_get(exp, k);
			if (e == NULL)
				fail_msg("%s.%s: missing from the export", path, k);
			assert_covers(v, e, S("%s.%s", path, k));
		}
	} else if (json_is_array(src)) {
		if (!json_is_array(exp) || json_array_size(exp) != json_array_size(src))
			fail_msg("%s: %zu items in the file, %zu in the export", path,
			    json_array_size(src), json_array_size(exp));
		for (size_t i = 0; i < json_array_size(src); i++)
			assert_covers(json_array_get(src, i), json_array_get(exp, i),
			    S("%s[%zu]", path, i));
	} else if (!json_equal(src, exp)) {
		fail_msg("%s: the export's value differs from the file's", path);
	}
}

static json_t *
parse_export(const struct cmd *c)
{
	json_error_t e;
	json_t *j = json_loadb(c->out, c->out_len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("the export is not JSON: %d:%d: %s", e.line, e.column, e.text);
	return keep(j, free_json);
}

static void
export_import_export_is_identical(void **state)
{
	(void)state;
	char *dir = new_dir("round-trip");
	const char *plans[] = {BODO, BALS};
	char *first[2], *files[2];
	size_t first_len[2];
	for (int i = 0; i < 2; i++) {
		struct cmd *c = export_plan(base_db, plans[i]);
		assert_exit(c, 0);
		assert_true(c->out_len > 1000);
		assert_int_equal(c->out[c->out_len - 1], '\n');
		first[i] = c->out;
		first_len[i] = c->out_len;
		files[i] = S("%s/%s.json", dir, plans[i]);
		write_file(files[i], c->out, c->out_len);
	}
	char *fresh = S("%s/fresh.db", dir);
	struct cmd *c = tiltak(NULL, "import", "--db", fresh, files[0], files[1], (char *)NULL);
	assert_exit(c, 0);
	for (int i = 0; i < 2; i++) {
		struct cmd *e = export_plan(fresh, plans[i]);
		assert_exit(e, 0);
		if (e->out_len != first_len[i] || memcmp(e->out, first[i], e->out_len) != 0)
			fail_msg("%s: export → import → export is not byte-identical", plans[i]);
	}
	/* The exported file is a valid plan file in its own right. */
	struct cmd *k = tiltak(NULL, "check", files[0], files[1], (char *)NULL);
	assert_exit(k, 0);

	/* Nothing the source files say is lost on the way. */
	assert_covers(load_json_file(BODO_FILE), parse_export(export_plan(base_db, BODO)), "$");
	assert_covers(load_json_file(BALS_FILE), parse_export(export_plan(base_db, BALS)), "$");

	/* The small fixture leaves optional fields out: the export fills in
	 * null and the defaults, and its round trip is stable too. */
	char *small_db = S("%s/small.db", dir);
	import_ok(small_db, SMALL_FILE);
	struct cmd *e1 = export_plan(small_db, SMALL);
	assert_exit(e1, 0);
	json_t *x = parse_export(e1);
	assert_covers(load_json_file(SMALL_FILE), x, "$");
	assert_true(json_is_null(at(x, "units.2.organisation")));
	assert_string_equal(jstr(x, "themes.0.goals.0.measures.0.indicators.1.resource_category"),
	    "investigate");
	assert_true(json_is_null(at(x, "themes.0.goals.0.measures.0.indicators.1.deadline")));
	assert_int_equal(json_array_size(at(x, "themes.1.goals.0.measures.0.indicators")), 0);
	char *small_file = S("%s/small-export.json", dir);
	write_file(small_file, e1->out, e1->out_len);
	char *small_db2 = S("%s/small2.db", dir);
	import_ok(small_db2, small_file);
	struct cmd *e2 = export_plan(small_db2, SMALL);
	assert_exit(e2, 0);
	assert_int_equal(e2->out_len, e1->out_len);
	assert_memory_equal(e2->out, e1->out, e1->out_len);
}

static void
reimport_does_not_duplicate(void **state)
{
	(void)state;
	char *dir = new_dir("reimport");
	char *db = S("%s/plans.db", dir);
	import_ok(db, BODO_FILE);
	import_ok(db, BALS_FILE);
	long long once[NTABLES], thrice[NTABLES];
	table_counts(db, once);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM measure"), 19 + 46);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM indicator"), 103);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM plan"), 2);
	struct snapshot before = snap(db);

	import_ok(db, BODO_FILE);
	struct cmd *c = tiltak(NULL, "import", "--db", db, BODO_FILE, BALS_FILE, (char *)NULL);
	assert_exit(c, 0);
	table_counts(db, thrice);
	for (size_t i = 0; i < NTABLES; i++)
		if (once[i] != thrice[i])
			fail_msg("table %s: %lld rows after one import, %lld after three",
			    tables[i], once[i], thrice[i]);
	struct snapshot after = snap(db);
	assert_int_equal(after.bodo_len, before.bodo_len);
	assert_memory_equal(after.bodo, before.bodo, after.bodo_len);
	assert_int_equal(after.bals_len, before.bals_len);
	assert_memory_equal(after.bals, before.bals, after.bals_len);

	/* Each unit page lists each of its indicators once. */
	struct server *s = server_start(db);
	json_t *plans[2] = {load_json_file(BODO_FILE), load_json_file(BALS_FILE)};
	assert_counts(api_plan(s->port, BODO), 5, 7, 19, 103);
	assert_counts(api_plan(s->port, BALS), 6, 6, 46, 0);
	size_t checked = 0, rows = 0;
	for (int pi = 0; pi < 2; pi++) {
		size_t ui;
		json_t *u;
		json_array_foreach(json_object_get(plans[pi], "units"), ui, u) {
			const char *uid = jstr(u, "id");
			size_t want = 0;
			for (int pj = 0; pj < 2; pj++) {
				size_t i, j, k, l, x;
				json_t *t, *g, *m, *ind, *ref;
				json_array_foreach(json_object_get(plans[pj], "themes"), i, t)
				json_array_foreach(json_object_get(t, "goals"), j, g)
				json_array_foreach(json_object_get(g, "measures"), k, m)
				json_array_foreach(json_object_get(m, "indicators"), l, ind)
				json_array_foreach(json_object_get(ind, "responsible"), x, ref)
					want += strcmp(json_string_value(ref), uid) == 0;
			}
			struct http_response *r = page_ok(s->port, S("/units/%s", uid));
			size_t got = count_substr(r->body, "/measures/");
			if (got != want)
				fail_msg("/units/%s lists %zu indicator rows, expected %zu", uid, got, want);
			checked++;
			rows += got;
		}
	}
	assert_int_equal(checked, 36);
	assert_true(rows > 0);
	server_stop(s);
}

/* ==== 7. hostile text ==== */

/* Every string of the fixture that is free text must carry the payload
 * (ids, enums and dates cannot). */
static size_t
check_fixture_text(json_t *j, const char *key)
{
	static const char *const not_text[] = {"format", "id", "status", "kind",
	    "resource_category", "date", "deadline", "organisation", "replaces", NULL};
	size_t n = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
			n += check_fixture_text(v, k);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		if (key && strcmp(key, "responsible") == 0)
			return 0;
		json_array_foreach(j, i, v)
			n += check_fixture_text(v, key);
	} else if (json_is_string(j)) {
		for (const char *const *k = not_text; *k; k++)
			if (key && strcmp(key, *k) == 0)
				return 0;
		if (strstr(json_string_value(j), XSS) == NULL)
			fail_msg("fixture field %s lacks the payload: %s", key, json_string_value(j));
		n = 1;
	}
	return n;
}

static void
assert_escaped(const struct http_response *r, const char *target, const char *const *labels)
{
	check_page(r, target);
	assert_not_contains(r->body, "<script>alert");
	assert_contains(r->body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
	for (const char *const *l = labels; *l; l++)
		if (strstr(r->body, S("%s " XSS_HTML, *l)) == NULL)
			fail_msg("%s: no escaped \"%s\" text", target, *l);
}

static void
hostile_text_is_escaped(void **state)
{
	(void)state;
	json_t *fx = load_json_file(HOSTILE_FILE);
	size_t nfields = check_fixture_text(fx, NULL);
	assert_true(nfields >= 25);

	char *dir = new_dir("hostile");
	char *db = S("%s/hostile.db", dir);
	import_ok(db, HOSTILE_FILE);
	struct server *s = server_start(db);
	int port = s->port;

	static const char *const home[] = {"PLAN-TITLE", "ORG-NAME", NULL};
	static const char *const plan[] = {"PLAN-TITLE", "ORG-NAME", "ADOPTION-BODY",
	    "ADOPTION-CASE", "OG-TITLE", "OG-TEXT", "CHAPTER-TITLE", "CHAPTER-BODY",
	    "STEP-WHAT", "STEP-WHO", "STEP-WHEN", "UNIT-NAME", "THEME-TITLE", "THEME-BG",
	    "THEME-CHAL", "GOAL-TEXT", "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT",
	    "IND-RES", "IND-RESP", NULL};
	static const char *const theme[] = {"PLAN-TITLE", "THEME-TITLE", "THEME-BG",
	    "THEME-CHAL", "GOAL-TEXT", "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT",
	    "IND-RES", "IND-RESP", "UNIT-NAME", NULL};
	static const char *const measure[] = {"PLAN-TITLE", "THEME-TITLE", "GOAL-TEXT",
	    "MEASURE-TITLE", "MEASURE-DESC", "IND-TEXT", "IND-RES", "IND-RESP",
	    "UNIT-NAME", NULL};
	static const char *const units[] = {"UNIT-NAME", NULL};
	static const char *const unit[] = {"UNIT-NAME", "PLAN-TITLE", "MEASURE-TITLE",
	    "IND-TEXT", "IND-RES", "IND-RESP", "STEP-WHAT", "STEP-WHEN", NULL};
	static const char *const search[] = {"PLAN-TITLE", "MEASURE-TITLE", "IND-TEXT", NULL};

	assert_escaped(page_ok(port, "/"), "/", home);
	assert_escaped(page_ok(port, "/plans/" HOSTILE), "/plans/" HOSTILE, plan);
	size_t i, j, k;
	json_t *t, *g, *m, *u;
	json_array_foreach(json_object_get(fx, "themes"), i, t) {
		char *target = S("/plans/" HOSTILE "/themes/%s", jstr(t, "id"));
		assert_escaped(page_ok(port, target), target, theme);
		json_array_foreach(json_object_get(t, "goals"), j, g)
		json_array_foreach(json_object_get(g, "measures"), k, m) {
			target = S("/plans/" HOSTILE "/measures/%s", jstr(m, "id"));
			assert_escaped(page_ok(port, target), target, measure);
		}
	}
	assert_escaped(page_ok(port, "/units"), "/units", units);
	json_array_foreach(json_object_get(fx, "units"), i, u) {
		char *target = S("/units/%s", jstr(u, "id"));
		assert_escaped(page_ok(port, target), target, unit);
	}
	assert_true(search_hits(port, "alert") > 0);
	assert_escaped(page_ok(port, "/search?q=alert"), "/search?q=alert", search);
	/* The query itself is echoed escaped too. */
	struct http_response *r = page_ok(port, "/search?q=%3Cscript%3Ealert");
	assert_not_contains(r->body, "<script>alert");
	assert_contains(r->body, "&lt;script&gt;alert");

	/* The API gives the text back exactly. */
	json_t *api = api_plan(port, HOSTILE);
	assert_string_equal(jstr(api, "title"), "PLAN-TITLE " XSS);
	assert_string_equal(jstr(api, "themes.0.goals.0.measures.0.indicators.1.responsible_note"),
	    "IND-RESP " XSS);
	if (!json_equal(api, fx))
		fail_msg("the API's plan differs from the imported file:\n%s", dump_json(api));
	server_stop(s);
}

/* ==== 8. bad HTTP input ==== */

static void
http_errors_are_answered(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;

	struct http_response *r = get_status(port, "/no/such/page", 404);
	check_page(r, "404");
	assert_contains(r->body, "<h1>");
	assert_contains(r->body, "href=\"/\"");
	assert_serving(s, "404");

	r = req(port, "POST", "/", "Content-Length: 0\r\n");
	assert_int_equal(r->status, 405);
	assert_string_equal(header(r, "Allow"), "GET, HEAD");
	assert_contains(r->body, "<h1>");
	assert_serving(s, "POST /");

	r = req(port, "POST", "/nope", "Content-Length: 0\r\n");
	assert_int_equal(r->status, 404);
	assert_serving(s, "POST /nope");

	r = req(port, "GET", "/", "Content-Length: 10000000\r\n");
	assert_int_equal(r->status, 413);
	assert_contains(r->body, "<h1>");
	assert_serving(s, "Content-Length: 10000000");

	const char *bad[] = {"/plans/%zz", "/plans/%ff", "/search?q=%00"};
	for (size_t i = 0; i < 3; i++) {
		r = get_status(port, bad[i], 400);
		check_page(r, bad[i]);
		assert_contains(r->body, "<h1>");
		/* A message says what is wrong. */
		const char *lead = strstr(r->body, "<p class=\"lead\">");
		if (lead == NULL || lead[strlen("<p class=\"lead\">")] == '<')
			fail_msg("%s: no message in the page", bad[i]);
		assert_serving(s, bad[i]);
	}

	char *longurl = S("/plans/%04996d", 0);
	assert_int_equal(strlen(longurl), 5003);
	r = get(port, longurl);
	if (r->status < 400 || r->status > 499)
		fail_msg("a 5000-byte URL: status %d, expected 4xx", r->status);
	assert_int_equal(r->status, 414); /* what the server does today */
	assert_serving(s, "a 5000-byte URL");
	server_stop(s);
}

static void
http_malformed_requests_are_refused(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	static const struct {
		const char *what, *bytes;
		int also;  /* another acceptable status */
	} cases[] = {
		{"garbage", "GARBAGE\r\n\r\n", 0},
		{"no version", "GET /\r\n\r\n", 0},
		{"header without colon", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n"
		    "Connection: close\r\n\r\n", 0},
		{"unknown version", "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		    505 /* HTTP Version Not Supported */},
		{"spaces in the target", "GET /a b c HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Connection: close\r\n\r\n", 0},
		{"control bytes", "\x01\x02\x03\n\n", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int st = raw_status(s->port, cases[i].bytes, strlen(cases[i].bytes), cases[i].what);
		if (st != 0 && (st < 400 || st > 499) && st != cases[i].also)
			fail_msg("%s: status %d, expected 4xx or a closed connection", cases[i].what, st);
		assert_serving(s, cases[i].what);
	}
	server_stop(s);
}

/* A raw NUL byte in the request line. libmicrohttpd 0.9.75 (Debian 12)
 * hands the request target to us as a C string, so "/\0x" arrives as "/":
 * the bytes after the NUL never reach our decoder, and the request is
 * answered as the truncated target. What we can and do require: no crash,
 * no 5xx, and the server keeps serving. (A newer libmicrohttpd refuses
 * such a request line itself.) */
static void
http_nul_in_request_line_is_harmless(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	static const char bytes[] = "GET /\0x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
	int st = raw_status(s->port, bytes, sizeof(bytes) - 1, "NUL in the request line");
	assert_serving(s, "a NUL in the request line");
	if (st >= 500)
		fail_msg("a NUL byte in the request line: status %d", st);
	server_stop(s);
}

/* A response on an open connection, freed at the end of the test. */
static struct http_response *
read_on(struct http_conn *c, bool head, const char *what)
{
	struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
	if (http_read_response(c, r, head) != 0)
		fail_msg("%s: no complete response on the kept-alive connection", what);
	return r;
}

static void
http_keep_alive(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_conn *c = keep(calloc(1, sizeof(*c)), free_conn);
	c->fd = -1;
	assert_int_equal(http_connect(c, s->port), 0);
	assert_int_equal(http_send_str(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 0);
	struct http_response *r = read_on(c, false, "GET /");
	assert_int_equal(r->status, 200);
	const char *conn = http_header(r, "Connection");
	if (conn && strcasestr_(conn, "close"))
		fail_msg("the first response says Connection: %s", conn);
	assert_false(c->eof);
	assert_int_equal(http_send_str(c, "GET /units HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 0);
	r = read_on(c, false, "GET /units");
	assert_int_equal(r->status, 200);
	assert_contains(r->body, "/units/");
	/* HEAD then GET on the same connection: HEAD sent no body, or the
	 * next response would not parse. */
	assert_int_equal(http_send_str(c, "HEAD /plans/" BODO " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 0);
	r = read_on(c, true, "HEAD /plans/" BODO);
	assert_int_equal(r->status, 200);
	assert_int_equal(http_send_str(c, "GET /static/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n\r\n"), 0);
	r = read_on(c, false, "GET /static/style.css");
	assert_int_equal(r->status, 200);
	assert_int_equal(strncmp(header(r, "Content-Type"), "text/css", 8), 0);
	http_close(c);
	server_stop(s);
}

/* ==== 9. restart ==== */

static void
restart_serves_the_same_pages(void **state)
{
	(void)state;
	const char *targets[] = {"/", "/plans/" BODO, "/api/plans/" BALS,
	    "/units/bodo-barneverntjenesten", "/search?q=vold"};
	enum { N = sizeof(targets) / sizeof(targets[0]) };
	struct http_response *before[N];
	struct server *s = server_start(base_db);
	for (int i = 0; i < N; i++)
		before[i] = get_status(s->port, targets[i], 200);
	server_stop(s);
	s = server_start(base_db);
	for (int i = 0; i < N; i++) {
		struct http_response *r = get_status(s->port, targets[i], 200);
		if (r->body_len != before[i]->body_len ||
		    memcmp(r->body, before[i]->body, r->body_len) != 0)
			fail_msg("%s differs after a restart", targets[i]);
	}
	server_stop(s);
}

/* ==== 10. cache invalidation ==== */

static void
import_while_serving_shows_at_once(void **state)
{
	(void)state;
	char *dir = new_dir("live-import");
	char *db = S("%s/plans.db", dir);
	import_ok(db, SMALL_FILE);
	json_t *small = load_json_file(SMALL_FILE);
	const char *old_title = jstr(small, "title");
	const char *new_title = "Revidert plan Beta for trygge hjem";
	assert_null(strstr(new_title, old_title));

	struct server *s = server_start(db);
	const char *targets[] = {"/plans/" SMALL, "/", "/plans/" SMALL "/measures/kurs"};
	for (int round = 0; round < 2; round++) /* the second round comes from the cache */
		for (size_t i = 0; i < 3; i++)
			assert_contains(page_ok(s->port, targets[i])->body, old_title);
	long long gen = generation(db);

	json_t *p = keep(json_deep_copy(small), free_json);
	json_object_set_new(p, "title", json_string(new_title));
	char *file = S("%s/revised.json", dir);
	write_json(file, p);
	import_ok(db, file);
	assert_true(generation(db) > gen);

	for (size_t i = 0; i < 3; i++) {
		struct http_response *r = page_ok(s->port, targets[i]);
		assert_contains(r->body, new_title);
		assert_not_contains(r->body, old_title);
	}
	json_t *api = api_plan(s->port, SMALL);
	assert_string_equal(jstr(api, "title"), new_title);
	server_stop(s);
}

/* ==== 11. command line ==== */

static void
cli_usage_and_exit_status(void **state)
{
	(void)state;
	char *dir = new_dir("cli");
	char *db = S("%s/cli.db", dir);
	struct cmd *c;

	c = tiltak(db, (char *)NULL);
	assert_exit(c, 2);
	assert_contains(c->err, "usage: tiltak");
	c = tiltak(db, "frobnicate", (char *)NULL);
	assert_exit(c, 2);
	assert_contains(c->err, "usage: tiltak");
	assert_contains(c->err, "frobnicate");
	c = tiltak(db, "import", "--frobnicate", BODO_FILE, (char *)NULL);
	assert_exit(c, 2);
	assert_contains(c->err, "usage: tiltak");
	c = tiltak(db, "export", "--db", db, (char *)NULL);
	assert_exit(c, 2);
	assert_contains(c->err, "usage: tiltak");
	c = tiltak(db, "import", "--db", db, (char *)NULL);
	assert_exit(c, 2);
	c = tiltak(db, "check", (char *)NULL);
	assert_exit(c, 2);
	assert_false(exists(db));

	c = tiltak(db, "--help", (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, "exit status");
	assert_contains(c->out, "usage: tiltak");
	c = tiltak(db, "--version", (char *)NULL);
	assert_exit(c, 0);
	assert_int_equal(strncmp(c->out, "tiltak ", 7), 0);
	assert_false(exists(db));
}

static void
cli_check_writes_nothing(void **state)
{
	(void)state;
	char *dir = new_dir("check");
	char *db = S("%s/never.db", dir);
	struct cmd *c = tiltak(db, "check", BODO_FILE, BALS_FILE, (char *)NULL);
	assert_exit(c, 0);
	assert_contains(c->out, BODO_FILE ": ok: plan " BODO ": 5 themes, 7 goals, 19 measures, 103 indicators");
	assert_contains(c->out, BALS_FILE ": ok: plan " BALS ": 6 themes, 6 goals, 46 measures, 0 indicators");
	assert_false(exists(db));

	json_t *p = keep(json_deep_copy(load_json_file(SMALL_FILE)), free_json);
	m_unknown_unit(p);
	char *bad = S("%s/bad.json", dir);
	write_json(bad, p);
	c = tiltak(db, "check", BODO_FILE, bad, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("tiltak: %s: $.themes[0].goals[0].measures[0].indicators[0]"
	    ".responsible[1]: unknown unit", bad));
	assert_false(exists(db));
	c = tiltak(db, "check", S("%s/no-such-file.json", dir), (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, "no-such-file.json");
	assert_false(exists(db));
	/* The default database comes from TILTAK_DB. */
	c = tiltak(db, "export", "--plan", BODO, (char *)NULL);
	assert_exit(c, 1);
	assert_contains(c->err, S("no plan \"" BODO "\" in %s", db));
}

/* ==== 12. search ==== */

static void
search_finds_words(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	int port = s->port;
	long upper = search_hits(port, "BARNEVERNTJENESTEN");
	long lower = search_hits(port, "barneverntjenesten");
	assert_true(upper > 0);
	assert_int_equal(upper, lower);
	struct http_response *r = page_ok(port, "/search?q=BARNEVERNTJENESTEN");
	assert_contains(r->body, "href=\"/plans/" BODO "/measures/");

	long vold = search_hits(port, "vold");
	long both = search_hits(port, "vold+barn");
	long barn = search_hits(port, "barn");
	assert_true(vold > 0);
	assert_true(both > 0);
	assert_true(both <= vold);
	assert_true(both <= barn);
	assert_int_equal(search_hits(port, "barn+vold"), both);

	assert_int_equal(search_hits(port, "zzzzqqq"), 0);
	r = page_ok(port, "/search?q=zzzzqqq");
	assert_contains(r->body, "Ingen tiltak eller måleindikatorer inneholder «zzzzqqq»");

	char q[202];
	memset(q, 'a', 201);
	q[201] = '\0';
	r = get_status(port, S("/search?q=%s", q), 400);
	check_page(r, "a 201-character query");
	q[200] = '\0';
	assert_int_equal(search_hits(port, q), 0); /* 200 is allowed */
	assert_serving(s, "a long query");
	server_stop(s);
}

/* ---- regressions from the code review ---- */

static bool
same_body(const struct http_response *a, const struct http_response *b)
{
	return a->body_len == b->body_len && memcmp(a->body, b->body, a->body_len) == 0;
}

/* The page cache is keyed by the routed origin-form path (plus the search
 * query, told apart from its absence): requests for different pages never
 * share an entry, whatever was asked first. */
static void
cache_keys_never_collide(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	/* Absolute-form whose authority ends at '?': the path is "/". */
	struct http_response *a = get_status(s->port, "http://h?/plans/bodo-2022-2025", 200);
	struct http_response *home = get_status(s->port, "/", 200);
	if (!same_body(a, home))
		fail_msg("http://h?/plans/… must be the home page");
	struct http_response *frag = get_status(s->port, "http://h#/units", 200);
	if (!same_body(frag, home))
		fail_msg("http://h#/units must be the home page");
	struct http_response *bal = get_status(s->port, "http://h/plans/balsfjord-2017", 200);
	struct http_response *bal2 = get_status(s->port, "/plans/balsfjord-2017", 200);
	if (!same_body(bal, bal2) || same_body(bal, home))
		fail_msg("absolute-form and origin-form of one page must match");
	/* "?q=" first, then no q: the second is the bare form. */
	get_status(s->port, "/search?q=", 200);
	struct http_response *bare = get_status(s->port, "/search", 200);
	if (strstr(bare->body, "name=\"q\" value=") || strstr(bare->body, "result-count"))
		fail_msg("/search served the page of /search?q=");
	struct http_response *hits = get_status(s->port, "/search?q=vold", 200);
	if (strstr(hits->body, "result-count") == NULL)
		fail_msg("/search?q=vold has no result count");
	server_stop(s);
}

/* A GET whose chunked body passes 64 KB gets a 413 (when the body ends:
 * libmicrohttpd cannot answer in the middle of one). */
static void
chunked_body_over_the_limit_is_413(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	size_t chunk = 70000;
	char head[128];
	int hn = snprintf(head, sizeof(head), "%zx\r\n", chunk);
	static const char start[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
	size_t len = strlen(start) + (size_t)hn + chunk + 2 + 5;
	char *req_ = keep(xmalloc(len + 1), free);
	char *p = req_;
	memcpy(p, start, strlen(start));
	p += strlen(start);
	memcpy(p, head, (size_t)hn);
	p += hn;
	memset(p, 'a', chunk);
	p += chunk;
	memcpy(p, "\r\n0\r\n\r\n", 7);
	int st = raw_status(s->port, req_, len, "chunked body of 70000 bytes");
	if (st != 413)
		fail_msg("a chunked body of 70000 bytes: status %d, expected 413", st);
	assert_serving(s, "a chunked body over the limit");
	server_stop(s);
}

/* A second server on a port in use fails with exit 1 instead of sharing
 * the port (no SO_REUSEPORT). */
static void
port_in_use_is_refused(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	char *listen = S("127.0.0.1:%d", s->port);
	struct cmd *c = tiltak(NULL, "serve", "--db", base_db, "--listen", listen, "--quiet",
	    (char *)NULL);
	assert_exit(c, 1);
	if (strstr(c->err, "cannot listen") == NULL)
		fail_msg("no clear message: %s", c->err);
	assert_serving(s, "a second server on the same port");
	server_stop(s);
}

/* RFC 9112 section 3.2: an HTTP/1.1 request without Host is answered 400,
 * by tiltak itself, with its headers and page. */
static void
missing_host_400_has_security_headers(void **state)
{
	(void)state;
	struct server *s = server_start(base_db);
	struct http_conn c;
	if (http_connect(&c, s->port) != 0)
		fail_msg("cannot connect");
	http_send_str(&c, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
	struct http_response r;
	if (http_read_response(&c, &r, false) != 0)
		fail_msg("no answer to a request without Host");
	http_close(&c);
	int st = r.status;
	bool csp = http_header(&r, "Content-Security-Policy") != NULL;
	bool page = strstr(r.body, "<h1>") != NULL;
	http_response_free(&r);
	assert_int_equal(st, 400);
	assert_true(csp);
	assert_true(page);
	server_stop(s);
}

/* Readers never wait for a writer: with another connection holding the
 * write lock (an import in progress), a fresh server's workers open their
 * connections and answer (they used to wait for the lock and answer 500). */
static void
pages_are_served_while_a_writer_holds_the_lock(void **state)
{
	(void)state;
	char *dir = new_dir("lock");
	char *db = S("%s/lock.db", dir);
	import_ok(db, BODO_FILE);
	sqlite3 *w;
	assert_int_equal(sqlite3_open(db, &w), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE; UPDATE meta SET value = value"
	    " WHERE key = 'generation'", NULL, NULL, NULL), SQLITE_OK);
	struct server *s = server_start(db);
	get_status(s->port, "/plans/bodo-2022-2025", 200);
	get_status(s->port, "/units/bodo-ho", 200);
	sqlite3_exec(w, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(w);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(counts_match_the_source_plans, teardown),
		cmocka_unit_test_teardown(every_page_answers_html, teardown),
		cmocka_unit_test_teardown(interface_is_bokmal, teardown),
		cmocka_unit_test_teardown(security_headers_on_every_response, teardown),
		cmocka_unit_test_teardown(import_errors_change_nothing, teardown),
		cmocka_unit_test_teardown(export_import_export_is_identical, teardown),
		cmocka_unit_test_teardown(reimport_does_not_duplicate, teardown),
		cmocka_unit_test_teardown(hostile_text_is_escaped, teardown),
		cmocka_unit_test_teardown(http_errors_are_answered, teardown),
		cmocka_unit_test_teardown(http_malformed_requests_are_refused, teardown),
		cmocka_unit_test_teardown(http_nul_in_request_line_is_harmless, teardown),
		cmocka_unit_test_teardown(http_keep_alive, teardown),
		cmocka_unit_test_teardown(restart_serves_the_same_pages, teardown),
		cmocka_unit_test_teardown(import_while_serving_shows_at_once, teardown),
		cmocka_unit_test_teardown(cli_usage_and_exit_status, teardown),
		cmocka_unit_test_teardown(cli_check_writes_nothing, teardown),
		cmocka_unit_test_teardown(search_finds_words, teardown),
		cmocka_unit_test_teardown(cache_keys_never_collide, teardown),
		cmocka_unit_test_teardown(chunked_body_over_the_limit_is_413, teardown),
		cmocka_unit_test_teardown(port_in_use_is_refused, teardown),
		cmocka_unit_test_teardown(missing_host_400_has_security_headers, teardown),
		cmocka_unit_test_teardown(pages_are_served_while_a_writer_holds_the_lock, teardown),
	};
	return cmocka_run_group_tests_name("integration", tests, group_setup, group_teardown);
}
