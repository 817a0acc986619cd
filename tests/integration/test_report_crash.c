/* test_report_crash.c — "never lose a report" (issue 7 §8): 20 clients
 * post 200 reports at once, the server is killed with SIGKILL while they
 * do, and after a restart every report whose save was acknowledged (303)
 * is there, each with its audit row, and the database is intact (SQLite:
 * PRAGMA integrity_check; PostgreSQL: the counts agree). On both
 * backends. */
#include "integration/signin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>

#define CLIENTS 20
#define REPORTS 200
#define KILL_AFTER 60     /* answers before the kill: a third of the way */

struct job {
	char measure[80];
	int  number;
	int  year;
	int  status;          /* the HTTP status; 0: no answer */
};

static struct job jobs[REPORTS];
static int port_;
static char cookie_[200], csrf_[200];
static atomic_int answered;

/* POSTs job j on a connection of its own; the HTTP status or 0. */
static int
post_one(const struct job *j, int k)
{
	char body[600], req[1200];
	snprintf(body, sizeof(body), "csrf=%s&year=%d&status.%s.%d=done&comment.%s.%d="
	    "Krasjtest+%d&version.%s.%d=0", csrf_, j->year, j->measure, j->number,
	    j->measure, j->number, k, j->measure, j->number);
	int n = snprintf(req, sizeof(req), "POST /admin/report/" BODO " HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nConnection: close\r\nCookie: %s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
	    cookie_, strlen(body), body);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port_)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int status = 0;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    send(fd, req, (size_t)n, MSG_NOSIGNAL) == n) {
		char buf[4096];
		size_t have = 0;
		ssize_t got;
		while (have < sizeof(buf) - 1 &&
		    (got = recv(fd, buf + have, sizeof(buf) - 1 - have, 0)) > 0)
			have += (size_t)got;
		buf[have] = '\0';
		if (strncmp(buf, "HTTP/1.1 ", 9) == 0)
			status = atoi(buf + 9);
	}
	close(fd);
	return status;
}

static void *
client(void *arg)
{
	int t = (int)(intptr_t)arg;
	for (int k = t; k < REPORTS; k += CLIENTS) {
		jobs[k].status = post_one(&jobs[k], k);
		atomic_fetch_add(&answered, 1);
	}
	return NULL;
}

/* The first REPORTS (indicator, year) pairs of Bodø's plan. */
static void
make_jobs(void)
{
	json_t *p = load_json_file(BODO_FILE);
	size_t k = 0;
	for (int year = 2022; year <= 2025 && k < REPORTS; year++) {
		size_t ti, gi, mi, ii;
		json_t *t, *g, *m, *in;
		json_array_foreach(json_object_get(p, "themes"), ti, t)
		json_array_foreach(json_object_get(t, "goals"), gi, g)
		json_array_foreach(json_object_get(g, "measures"), mi, m)
		json_array_foreach(json_object_get(m, "indicators"), ii, in) {
			if (k == REPORTS)
				break;
			snprintf(jobs[k].measure, sizeof(jobs[k].measure), "%s",
			    json_string_value(json_object_get(m, "id")));
			jobs[k].number = (int)json_integer_value(json_object_get(in, "number"));
			jobs[k].year = year;
			k++;
		}
	}
	assert_int_equal(k, REPORTS);
}

static void
sqlite_intact(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *res = (const char *)sqlite3_column_text(st, 0);
	if (strcmp(res, "ok") != 0)
		fail_msg("integrity_check: %s", res);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
acknowledged_reports_survive_sigkill(void **state)
{
	(void)state;
	char *db = new_db(root, "crash");
	import_ok(db, BODO_FILE);
	user_add(db, "admin", "admin@bodo.kommune.no", NULL);
	make_jobs();
	struct server *s = server_start(db);
	struct signin si;
	sign_in(s->port, "admin@bodo.kommune.no", TEST_PASSWORD, &si);
	port_ = s->port;
	snprintf(cookie_, sizeof(cookie_), "%s", si.cookie);
	snprintf(csrf_, sizeof(csrf_), "%s", form_escape(si.csrf));

	pthread_t th[CLIENTS];
	for (int t = 0; t < CLIENTS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, client, (void *)(intptr_t)t), 0);
	long long deadline = now_ms() + 120000;
	while (atomic_load(&answered) < KILL_AFTER && now_ms() < deadline)
		usleep(1000);
	kill(s->pid, SIGKILL);
	int st;
	waitpid(s->pid, &st, 0);
	s->running = false;
	close(s->out_fd);
	for (int t = 0; t < CLIENTS; t++)
		pthread_join(th[t], NULL);

	int ok = 0, other = 0;
	for (int k = 0; k < REPORTS; k++) {
		if (jobs[k].status == 303)
			ok++;
		else if (jobs[k].status != 0)
			other++;
	}
	fprintf(stderr, "# %d of %d acknowledged before the kill, %d other answers\n",
	    ok, REPORTS, other);
	assert_int_equal(other, 0);
	if (ok == 0 || ok == REPORTS)
		fail_msg("the kill came %s: %d of %d acknowledged", ok ? "after every "
		    "save" : "before any save", ok, REPORTS);

	/* Restarted, every acknowledged report is there. */
	s = server_start(db);
	if (!testdb_pg())
		sqlite_intact(db);
	for (int k = 0; k < REPORTS; k++) {
		if (jobs[k].status != 303)
			continue;
		long long n = sql_int(db, S("SELECT count(*) FROM report WHERE plan_id = '" BODO
		    "' AND measure_id = '%s' AND number = %d AND year = %d AND comment = "
		    "'Krasjtest %d'", jobs[k].measure, jobs[k].number, jobs[k].year, k));
		if (n != 1)
			fail_msg("report %d (%s %d, %d) was acknowledged but is missing", k,
			    jobs[k].measure, jobs[k].number, jobs[k].year);
	}
	long long rows = sql_int(db, "SELECT count(*) FROM report");
	assert_true(rows >= ok && rows <= REPORTS);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE object_type = "
	    "'report'"), rows);
	/* And the server works on: the session survived, a save succeeds. */
	struct http_response *r = get_as(s->port, &si, "/admin/report/" BODO "?year=2025");
	assert_int_equal(r->status, 200);
	r = post_as(s->port, &si, "/admin/report/" BODO, form_with_csrf(&si,
	    "year=2025&status.foreldre.14=delayed&version.foreldre.14=99"));
	assert_true(r->status == 303 || r->status == 409 || r->status == 400);
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(acknowledged_reports_survive_sigkill, teardown),
	};
	return cmocka_run_group_tests_name("report_crash", tests, group_setup,
	    group_teardown);
}
