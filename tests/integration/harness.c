/* harness.c — the integration tests' shared machinery (harness.h). */
#include "integration/harness.h"

#include "limits.h"

const char *bin;           /* the tiltak binary */
bool use_valgrind;
int start_timeout_ms = 10000;
int stop_timeout_ms = 30000;
int cmd_timeout_ms = 60000;
char root[PATH_MAX];       /* the suite's temporary folder */
char base_db[PATH_MAX + 16];    /* both data plans, imported once */

/* ---- things to free at the end of a test ---- */

struct kept {
	void  *p;
	void (*fn)(void *);
};
static struct kept *pool;
static size_t npool, cappool;

void *
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

void
free_response(void *p)
{
	http_response_free(p);
	free(p);
}

void
free_conn(void *p)
{
	http_close(p);
	free(p);
}

void
free_json(void *p)
{
	json_decref(p);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

/* A formatted string that lives until the end of the test. */

char *
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

void
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


const char *
strcasestr_(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

size_t
count_substr(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
		n++;
	return n;
}

const char *
row_with(const char *body, const char *needle, const char *what)
{
	const char *at = strstr(body, needle);
	if (at == NULL)
		fail_msg("%s: no \"%s\" in:\n%.3000s", what, needle, body);
	const char *start = at;
	while (start > body && strncmp(start, "<tr", 3) != 0)
		start--;
	const char *end = strstr(at, "</tr>");
	if (strncmp(start, "<tr", 3) != 0 || end == NULL)
		fail_msg("%s: \"%s\" is not in a table row", what, needle);
	return S("%.*s", (int)(end - start), start);
}

const char *
row_cell(const char *row, int i)
{
	const char *p = row;
	for (int k = 0; k <= i; k++) {
		p = strstr(p + (k > 0), "<td");
		if (p == NULL)
			fail_msg("no cell %d in %s", i, row);
	}
	const char *end = strstr(p, "</td>");
	return S("%.*s", (int)(end ? end - p : (ptrdiff_t)strlen(p)), p);
}

/* Our own HTML escaping, to know what a page must contain. */
char *
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

void
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
char *
new_dir(const char *name)
{
	char *d = S("%s/%s", root, name);
	rm_rf(d);
	if (mkdir(d, 0700) != 0)
		fail_msg("mkdir %s: %s", d, strerror(errno));
	return d;
}

bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	size_t n = fwrite(data, 1, len, f);
	if (fclose(f) != 0 || n != len)
		fail_msg("cannot write %s", path);
}

/* Copies the file from to the path to (both bytes and nothing else). */
void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (in == NULL)
		fail_msg("cannot read %s: %s", from, strerror(errno));
	FILE *out = fopen(to, "wb");
	if (out == NULL) {
		fclose(in);
		fail_msg("cannot write %s: %s", to, strerror(errno));
	}
	char buf[65536];
	size_t n;
	bool ok = true;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ok = ok && fwrite(buf, 1, n, out) == n;
	ok = ok && !ferror(in);
	fclose(in);
	if (fclose(out) != 0 || !ok)
		fail_msg("cannot copy %s to %s", from, to);
}

json_t *
load_json_file(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
	return keep(j, free_json);
}

/* Writes j as the format's indented JSON. */
void
write_json(const char *path, const json_t *j)
{
	if (json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		fail_msg("cannot write %s", path);
}

char *
dump_json(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s == NULL)
		fail_msg("json_dumps failed");
	return keep(s, free);
}

/* Follows a path such as "themes.0.goals.1" (numbers index arrays). */
json_t *
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
const char *
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

long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for pid at most ms; true with *status if it ended. */
bool
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

char *
describe_status(int st)
{
	if (WIFEXITED(st))
		return S("exit status %d", WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return S("killed by signal %d", WTERMSIG(st));
	return S("status 0x%x", st);
}


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
bool cli_leak_check;
/* TILTAK_TEST_TRACE=1: each command's time on standard error, to see
 * where a test's time goes. */
static bool trace_commands;

/* In a child about to run a command: LeakSanitizer off (cli_leak_check). */
static void
no_leak_check(void)
{
	const char *a = getenv("ASAN_OPTIONS");
	char opts[1024];
	snprintf(opts, sizeof(opts), "%s%sdetect_leaks=0", a ? a : "", a && *a ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
}

struct cmd *
run_argv(char *const argv[], const char *env_db)
{
	return run_argv_input(argv, env_db, NULL);
}

struct cmd *
run_argv_input(char *const argv[], const char *env_db, const char *input)
{
	const char *db = env_db ? env_db : S("%s/default-db-must-not-be-used.db", root);
	const char *in = "/dev/null";
	if (input != NULL) {
		static unsigned n;
		in = S("%s/stdin-%u", root, n++);
		write_file(in, input, strlen(input));
	}
	int po[2], pe[2];
	if (cloexec_pipe(po) != 0 || cloexec_pipe(pe) != 0)
		fail_msg("pipe: %s", strerror(errno));
	long long started = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int devnull = open(in, O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		setenv("TILTAK_DB", db, 1);
		if (!cli_leak_check && (argv[1] == NULL || strcmp(argv[1], "serve") != 0))
			no_leak_check();
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
	if (trace_commands) {
		fprintf(stderr, "# %lld ms:", now_ms() - started);
		for (size_t i = 0; argv[i] != NULL && i < 6; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
	}
	if (WIFSIGNALED(c->status))
		fail_msg("%s %s: %s\n%s", argv[0], argv[1] ? argv[1] : "",
		    describe_status(c->status), c->err);
	return c;
}

/* tiltak with the given arguments (NULL-terminated). */
static struct cmd *
vtiltak(const char *env_db, const char *input, va_list ap)
{
	char *argv[64];
	size_t n = 0;
	argv[n++] = S("%s", bin);
	for (char *a = va_arg(ap, char *); a && n < 63; a = va_arg(ap, char *))
		argv[n++] = a;
	argv[n] = NULL;
	return run_argv_input(argv, env_db, input);
}

struct cmd *
tiltak(const char *env_db, ...)
{
	va_list ap;
	va_start(ap, env_db);
	struct cmd *c = vtiltak(env_db, NULL, ap);
	va_end(ap);
	return c;
}

struct cmd *
tiltak_input(const char *env_db, const char *input, ...)
{
	va_list ap;
	va_start(ap, input);
	struct cmd *c = vtiltak(env_db, input, ap);
	va_end(ap);
	return c;
}


void
import_ok(const char *db, const char *file)
{
	struct cmd *c = tiltak(NULL, "import", "--db", db, file, (char *)NULL);
	assert_exit(c, 0);
}

struct cmd *
export_plan(const char *db, const char *plan)
{
	return tiltak(NULL, "export", "--db", db, "--plan", plan, (char *)NULL);
}

/* ---- the database, read directly ---- */

long long
sql_int(const char *db, const char *sql)
{
	char err[300];
	long long v = testdb_int(db, sql, err);
	if (v < 0 && err[0])
		fail_msg("%s: %s: %s", db, sql, err);
	return v;
}

void
sql_exec(const char *db, const char *sql)
{
	char err[300];
	if (!testdb_exec(db, sql, err))
		fail_msg("%s: %s: %s", db, sql, err);
}

char *
new_db(const char *dir, const char *name)
{
	char *db = testdb_new(dir, name);
	if (db == NULL)
		fail_msg("cannot make a %s database", testdb_backend());
	return keep(db, free);
}

/* The templates new_db_filled has made in this process: fill → database. */
static struct {
	void (*fill)(const char *db);
	char *db;
} templates[32];
static size_t ntemplates;

char *
new_db_filled(const char *dir, const char *name, void (*fill)(const char *db))
{
	const char *template = NULL;
	for (size_t i = 0; i < ntemplates && template == NULL; i++)
		if (templates[i].fill == fill)
			template = templates[i].db;
	if (template == NULL) {
		if (ntemplates == sizeof(templates) / sizeof(templates[0]))
			fail_msg("more than %zu templates", ntemplates);
		char *tdir = S("%s/template-%zu", root, ntemplates);
		if (mkdir(tdir, 0700) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", tdir, strerror(errno));
		char *t = testdb_new(tdir, "template");
		if (t == NULL)
			fail_msg("cannot make a %s database", testdb_backend());
		/* If fill fails, the test fails and the next one makes a new
		 * template. */
		fill(t);
		templates[ntemplates].fill = fill;
		templates[ntemplates++].db = t;
		template = t;
	}
	if (testdb_pg()) {
		char *db = testdb_copy_pg(template);
		if (db == NULL)
			fail_msg("cannot copy the PostgreSQL database %s", template);
		return keep(db, free);
	}
	char *db = keep(testdb_new(dir, name), free);
	if (exists(db))
		fail_msg("%s exists already", db);
	/* The commands that filled it have ended: the last one to close it
	 * moved its log into the file, but a log left behind is copied too. */
	copy_file(template, db);
	if (exists(S("%s-wal", template)))
		copy_file(S("%s-wal", template), S("%s-wal", db));
	return db;
}

void
sqlite_only(const char *why)
{
	if (testdb_pg()) {
		fprintf(stderr, "# SKIP %s: a SQLite file, not run on PostgreSQL\n", why);
		skip();
	}
}

long long
generation(const char *db)
{
	return sql_int(db, "SELECT value FROM meta WHERE key='generation'");
}

/* ---- servers ---- */


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

struct server *
server_start(const char *db)
{
	static const char *const quiet[] = {"--quiet", NULL};
	return server_start_full(db, NULL, quiet, NULL);
}

struct server *
server_start_with(const char *db, const char *const *args, const char *const *env)
{
	return server_start_full(db, NULL, args, env);
}

struct server *
server_start_wrapped(const char *db, char *const *wrapper)
{
	static const char *const quiet[] = {"--quiet", NULL};
	return server_start_full(db, wrapper, quiet, NULL);
}

struct server *
server_start_full(const char *db, char *const *wrapper, const char *const *args,
    const char *const *env)
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
	char *argv[40];
	int n = 0;
	for (char *const *w = wrapper; w && *w && n < 20; w++)
		argv[n++] = *w;
	if (use_valgrind) {
		argv[n++] = "valgrind";
		argv[n++] = "--leak-check=full";
		argv[n++] = "--errors-for-leak-kinds=definite,indirect";
		argv[n++] = "--error-exitcode=99";
		argv[n++] = "-q";
	}
	argv[n++] = S("%s", bin);
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = S("%s", db);
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	for (size_t i = 0; args && args[i]; i++) {
		if (n >= 38)
			fail_msg("too many server arguments");
		argv[n++] = S("%s", args[i]);
	}
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
		for (size_t i = 0; env && env[i]; i++)
			putenv(S("%s", env[i]));
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* no server outlives a crashed suite */
#endif
		execvp(argv[0], argv);
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

char *
server_log(const struct server *s)
{
	FILE *f = fopen(s->log, "r");
	if (f == NULL)
		fail_msg("cannot read %s: %s", s->log, strerror(errno));
	size_t cap = 4096, len = 0;
	char *buf = xmalloc(cap);
	size_t k;
	while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
	}
	fclose(f);
	buf[len] = '\0';
	return keep(buf, free);
}

void
await_fresh(void)
{
	long ms = (long)CACHE_RECHECK_MS + 50;
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* True while the server process runs. */
bool
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
void
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

void
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
const char *
header(const struct http_response *r, const char *name)
{
	const char *v = http_header(r, name);
	if (v == NULL)
		fail_msg("no %s header (status %d)", name, r->status);
	return v;
}

struct http_response *
req(int port, const char *method, const char *target, const char *extra)
{
	struct http_response *r = keep(calloc(1, sizeof(*r)), free_response);
	if (http_request(port, method, target, extra, r) != 0)
		fail_msg("%s %.200s: no complete response", method, target);
	return r;
}

struct http_response *
get(int port, const char *target)
{
	return req(port, "GET", target, NULL);
}

struct http_response *
get_status(int port, const char *target, int status)
{
	struct http_response *r = get(port, target);
	if (r->status != status)
		fail_msg("GET %.200s: status %d, expected %d\n%.2000s", target, r->status,
		    status, r->body);
	return r;
}

void
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

const char *
other_script(const char *body)
{
	for (const char *s = strcasestr_(body, "<script"); s;
	    s = strcasestr_(s + 1, "<script"))
		if (strncmp(s, LEAVE_SCRIPT, strlen(LEAVE_SCRIPT)) != 0)
			return s;
	return NULL;
}

/* An HTML page: the content type, the security headers, no script but
 * the leave control's own file. */
void
check_page(const struct http_response *r, const char *what)
{
	const char *ct = http_header(r, "Content-Type");
	if (ct == NULL || strcmp(ct, HTML_TYPE) != 0)
		fail_msg("%s: Content-Type is %s", what, ct ? ct : "missing");
	check_security(r, what);
	const char *s = other_script(r->body);
	if (s)
		fail_msg("%s: the page contains a script: %.100s", what, s);
	if (strlen(r->body) != r->body_len)
		fail_msg("%s: the page contains a NUL byte", what);
	assert_contains(r->body, "<!DOCTYPE html>");
	assert_contains(r->body, "</html>");
}

struct http_response *
page_ok(int port, const char *target)
{
	struct http_response *r = get_status(port, target, 200);
	check_page(r, target);
	return r;
}

json_t *
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


struct counts
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

void
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
long
search_hits(int port, const char *query)
{
	struct http_response *r = page_ok(port, S("/search?q=%s", query));
	const char *p = strstr(r->body, "role=\"status\">");
	if (p == NULL)
		fail_msg("/search?q=%s: no result count", query);
	p += strlen("role=\"status\">");
	static const char none[] = "Ingenting i planene inneholder";
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
int
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
void
assert_serving(struct server *s, const char *after)
{
	if (!server_alive(s))
		fail_msg("the server died after %s", after);
	struct http_response *r = get(s->port, "/");
	if (r->status != 200)
		fail_msg("after %s, GET / answers %d", after, r->status);
}

/* ---- fixtures ---- */


int
group_setup(void **state)
{
	(void)state;
	const char *b = getenv("TILTAK_BIN");
	bin = b && *b ? b : "build/test/tiltak";
	const char *tr = getenv("TILTAK_TEST_TRACE");
	trace_commands = tr != NULL && *tr != '\0' && strcmp(tr, "0") != 0;
	const char *cl = getenv("TILTAK_TEST_CLI_LEAKS");
	if (cl && *cl && strcmp(cl, "0") != 0)
		cli_leak_check = true;
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
	char *base = testdb_new(root, "base");
	if (base == NULL) {
		rm_rf(root);
		return -1;
	}
	snprintf(base_db, sizeof(base_db), "%s", base);
	free(base);
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

int
group_teardown(void **state)
{
	(void)state;
	kill_servers();
	pool_drain();
	for (size_t i = 0; i < ntemplates; i++)
		free(templates[i].db);
	ntemplates = 0;
	testdb_cleanup();
	if (root[0])
		rm_rf(root);
	return 0;
}

int
teardown(void **state)
{
	(void)state;
	kill_servers();
	pool_drain();
	return 0;
}

json_t *
plan_unit_json(json_t *p, const char *uid)
{
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(p, "units"), i, u)
		if (strcmp(json_string_value(json_object_get(u, "id")), uid) == 0)
			return u;
	return NULL;
}

/* True if role (a collective unit of p) applies to unit u. */
static bool
role_applies(json_t *role, json_t *u)
{
	json_t *list = json_object_get(role, "applies_to");
	const char *uid = json_string_value(json_object_get(u, "id"));
	if (json_is_array(list)) {
		size_t i;
		json_t *m;
		json_array_foreach(list, i, m)
			if (strcmp(json_string_value(m), uid) == 0)
				return true;
		return false;
	}
	json_t *ro = json_object_get(role, "organisation"), *uo = json_object_get(u, "organisation");
	return json_is_string(ro) && json_is_string(uo) &&
	    strcmp(json_string_value(ro), json_string_value(uo)) == 0 &&
	    strcmp(json_string_value(json_object_get(u, "kind")), "internal") == 0 &&
	    !json_is_true(json_object_get(u, "collective"));
}

unsigned
plan_falls_to(json_t *p, const char *uid, json_t *resp)
{
	json_t *u = plan_unit_json(p, uid);
	unsigned ways = 0;
	size_t i;
	json_t *r;
	json_array_foreach(resp, i, r) {
		const char *rid = json_string_value(r);
		if (strcmp(rid, uid) == 0) {
			ways |= FALLS_DIRECT;
			continue;
		}
		json_t *ru = plan_unit_json(p, rid);
		if (u == NULL || ru == NULL)
			continue;
		if (json_is_true(json_object_get(ru, "collective")) && role_applies(ru, u))
			ways |= FALLS_COLLECTIVE;
		json_t *up = u;
		for (int depth = 0; depth < 17 && up; depth++) {
			json_t *pid = json_object_get(up, "parent");
			up = json_is_string(pid) ? plan_unit_json(p, json_string_value(pid)) : NULL;
			if (up == ru)
				ways |= FALLS_PARENT;
		}
	}
	return ways;
}

void
import_shipped_extras(const char *db)
{
	static const char *const files[] = {
		"data/services/national.json", "data/services/bodo.json",
		"data/services/balsfjord.json", "data/cards/bodo.json",
		"data/cards/balsfjord.json",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		import_ok(db, files[i]);
}
