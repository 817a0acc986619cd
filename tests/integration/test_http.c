/* test_http.c — HTTP: bad and malformed requests, keep-alive, the cache, body limits, the listening port, a writer holding the lock. */
#include "integration/harness.h"

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
	sqlite_only("the writer holds the write lock of");
	char *dir = new_dir("lock");
	char *db = new_db(dir, "lock");
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

/* A worker whose PostgreSQL connection was ended by the server (a
 * restart, pg_terminate_backend) connects again before its next request
 * uses it, instead of answering 500 until tiltak is restarted (which it
 * did). Every connection to the test's database is ended from outside,
 * waiting until each backend has gone; the server (one worker) must then
 * answer every request. Each is a search for a word not searched before,
 * so that none is answered from the page cache. */
static void
lost_database_connection_is_made_again(void **state)
{
	(void)state;
	if (!testdb_pg()) {
		fprintf(stderr, "# SKIP a PostgreSQL connection is lost: not run on SQLite\n");
		skip();
	}
	char *dir = new_dir("lost");
	char *db = new_db(dir, "lost");
	import_ok(db, BODO_FILE);
	static const char *const args[] = {"--threads", "1", NULL};
	struct server *s = server_start_with(db, args, NULL);
	get_status(s->port, "/search?q=vold", 200);
	assert_true(sql_int(db, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000))"
	    " FROM pg_stat_activity WHERE datname = current_database()"
	    " AND pid <> pg_backend_pid()") >= 1);
	int failed = 0;
	for (int i = 0; i < 8; i++) {
		struct http_response *r = get(s->port, S("/search?q=barn%d", i));
		if (r->status != 200)
			failed++;
	}
	if (failed > 0)
		fail_msg("%d of 8 searches after the connections were ended were not 200; "
		    "the server log:\n%s", failed, server_log(s));
	assert_non_null(strstr(server_log(s), "connection was lost; connecting again"));
	assert_true(server_alive(s));
	server_stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(http_errors_are_answered, teardown),
		cmocka_unit_test_teardown(http_malformed_requests_are_refused, teardown),
		cmocka_unit_test_teardown(http_nul_in_request_line_is_harmless, teardown),
		cmocka_unit_test_teardown(http_keep_alive, teardown),
		cmocka_unit_test_teardown(cache_keys_never_collide, teardown),
		cmocka_unit_test_teardown(chunked_body_over_the_limit_is_413, teardown),
		cmocka_unit_test_teardown(port_in_use_is_refused, teardown),
		cmocka_unit_test_teardown(missing_host_400_has_security_headers, teardown),
		cmocka_unit_test_teardown(pages_are_served_while_a_writer_holds_the_lock, teardown),
		cmocka_unit_test_teardown(lost_database_connection_is_made_again, teardown),
	};
	return cmocka_run_group_tests_name("http", tests, group_setup, group_teardown);
}
