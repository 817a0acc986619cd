/* server.c — the libmicrohttpd request life cycle.
 *
 * 1. uri_log (first thing MHD knows of a request) makes the per-request
 *    state and keeps the raw request target: MHD's own decoding of the
 *    URL is lenient, ours (url.c) is strict.
 * 2. on_request's first call sees the headers only. Requests that will
 *    never succeed with a body (too large: 413; a method other than GET or
 *    HEAD: 404/405) are answered at once. Everything else is answered on
 *    a later call: libmicrohttpd 0.9.75 answers "Connection: close" when a
 *    response is queued on the first call, which would end keep-alive.
 * 3. dispatch decodes the target, matches a route, reads the data
 *    generation, answers from the page cache or runs the handler.
 * 4. on_completed logs and frees the request. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/cache.h"
#include "http/reply.h"
#include "http/routes.h"
#include "http/url.h"
#include "limits.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "views/i18n.h"

struct rq {
	char            *raw;       /* the request target as sent */
	char             method[8]; /* for the log */
	bool             seen;      /* first call done */
	bool             answered;
	size_t           body;      /* request body bytes discarded */
	int              status;
	size_t           size;
	struct timespec  start;
};

static const struct server_config *config;
static pthread_key_t db_key;

static void
db_key_free(void *db)
{
	db_close(db);
}

/* The calling worker thread's database connection, opened on first use;
 * NULL if it cannot be opened (logged). */
static struct db *
thread_db(void)
{
	struct db *db = pthread_getspecific(db_key);
	if (db == NULL) {
		char err[1024];
		db = db_open(config->db_path, err, sizeof(err));
		if (db == NULL) {
			fprintf(stderr, "tiltak: %s\n", err);
			return NULL;
		}
		pthread_setspecific(db_key, db);
	}
	return db;
}

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	struct rq *rq = xcalloc(1, sizeof(*rq));
	rq->raw = xstrdup(uri ? uri : "");
	clock_gettime(CLOCK_MONOTONIC, &rq->start);
	return rq;
}

static enum MHD_Result
queue(struct MHD_Connection *c, struct rq *rq, struct reply *r)
{
	struct MHD_Response *resp = reply_response(r);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	rq->status = r->status;
	rq->size = r->len;
	rq->answered = true;
	reply_free(r);
	return ret;
}

static enum MHD_Result
queue_error(struct MHD_Connection *c, struct rq *rq, int status, const char *msgid,
    const char *allow)
{
	struct reply r = {0};
	reply_error(&r, status, msgid);
	r.allow = allow;
	return queue(c, rq, &r);
}

/* The cache key: the path as sent (origin-form), plus, for each query
 * field the route's page depends on, "\n" and, when the field is present,
 * "<length>=value" (so "?q=" and no q at all are different keys, and no
 * value can pass for the next field). */
static char *
cache_key(const struct route *rt, const struct url *u)
{
	struct buf b = {0};
	buf_put(&b, u->origin, u->pathlen);
	for (size_t i = 0; i < ROUTE_CACHE_FIELDS && rt->cache_query[i]; i++) {
		const char *v = url_query(u, rt->cache_query[i]);
		buf_putc(&b, '\n');
		if (v)
			buf_printf(&b, "%zu=%s", strlen(v), v);
	}
	return buf_take(&b, NULL);
}

static enum MHD_Result
dispatch(struct MHD_Connection *c, struct rq *rq)
{
	struct url u;
	const char *err;
	enum url_status us = url_parse(rq->raw, &u, &err);
	if (us != URL_OK) {
		url_free(&u);
		return queue_error(c, rq, us == URL_TOO_LONG ? 414 : 400, err, NULL);
	}
	struct request req = {.url = &u};
	const struct route *rt = route_match(&u, &req);
	if (rt == NULL) {
		url_free(&u);
		return queue_error(c, rq, 404, N_("There is nothing at this address."), NULL);
	}
	req.db = thread_db();
	int64_t gen = 0;
	if (req.db == NULL || db_generation(req.db, &gen) != DB_OK) {
		if (req.db)
			fprintf(stderr, "tiltak: database: %s\n", db_errmsg(req.db));
		url_free(&u);
		return queue_error(c, rq, 500, N_("The page could not be read from the "
		    "database. Please try again in a moment."), NULL);
	}

	char *key = rt->cached ? cache_key(rt, &u) : NULL;
	if (key && cache_queue(key, gen, c, &rq->status, &rq->size)) {
		rq->answered = true;
		free(key);
		url_free(&u);
		return MHD_YES;
	}

	struct reply r = {0};
	rt->handler(&req, &r);
	struct MHD_Response *resp = reply_response(&r);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned int)r.status, resp);
	rq->status = r.status;
	rq->size = r.len;
	rq->answered = true;
	if (key && r.status == 200)
		cache_put(key, gen, resp, r.status, r.len);
	else
		MHD_destroy_response(resp);
	reply_free(&r);
	free(key);
	url_free(&u);
	return ret;
}

static bool
is_get(const char *method)
{
	return strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)upload_data;
	struct rq *rq = *con_cls;
	if (rq == NULL) /* not expected: uri_log always runs first */
		return MHD_NO;

	if (!rq->seen) {
		rq->seen = true;
		snprintf(rq->method, sizeof(rq->method), "%s", method);
		for (char *m = rq->method; *m; m++) /* no log injection */
			if (*m <= 0x20 || *m >= 0x7f)
				*m = '?';
		/* RFC 9112 3.2: an HTTP/1.1 request without Host is a 400. We
		 * check it here rather than with libmicrohttpd's strict mode,
		 * whose own error pages lack our headers. */
		if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST) == NULL)
			return queue_error(c, rq, 400, N_("The request has no Host header."), NULL);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno != 0 || *end != '\0' || n > HTTP_BODY_MAX)
				return queue_error(c, rq, 413, N_("This site accepts no "
				    "request bodies larger than 64 KB."), NULL);
		}
		if (!is_get(method)) {
			/* Decide between "no such page" and "not this way". */
			struct url u;
			const char *err;
			struct request req = {0};
			bool known = url_parse(rq->raw, &u, &err) == URL_OK &&
			    route_match(&u, &req) != NULL;
			url_free(&u);
			if (!known)
				return queue_error(c, rq, 404,
				    N_("There is nothing at this address."), NULL);
			return queue_error(c, rq, 405, N_("This address can only be read "
			    "(GET or HEAD)."), ROUTE_ALLOW);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/* A GET with a body of unknown length (chunked): read and
		 * discard. libmicrohttpd 0.9.75 cannot queue a response in the
		 * middle of a body, so the 413 comes when it ends; a body past
		 * HTTP_BODY_DISCARD_MAX is not waited for: the connection is
		 * closed. */
		rq->body += *upload_data_size;
		*upload_data_size = 0;
		return rq->body > HTTP_BODY_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (rq->answered)
		return MHD_YES;
	if (rq->body > HTTP_BODY_MAX)
		return queue_error(c, rq, 413, N_("This site accepts no request "
		    "bodies larger than 64 KB."), NULL);
	return dispatch(c, rq);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct rq *rq = *con_cls;
	if (rq == NULL)
		return;
	if (!config->quiet && rq->answered) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double ms = (double)(now.tv_sec - rq->start.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - rq->start.tv_nsec) / 1e6;
		/* The path only: no query (search words), no address. */
		int pathlen = (int)strcspn(rq->raw, "?#");
		if (pathlen > 200)
			pathlen = 200;
		char path[201];
		for (int i = 0; i < pathlen; i++) {
			unsigned char ch = (unsigned char)rq->raw[i];
			path[i] = ch > 0x20 && ch < 0x7f ? (char)ch : '?'; /* no log injection */
		}
		path[pathlen] = '\0';
		fprintf(stderr, "%s %s %d %zu %.2fms\n", rq->method, path, rq->status,
		    rq->size, ms);
	}
	free(rq->raw);
	free(rq);
	*con_cls = NULL;
}

/* Parses "A.B.C.D:PORT" or "[v6]:PORT". */
static bool
parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6)
{
	memset(ss, 0, sizeof(*ss));
	const char *colon = strrchr(s, ':');
	if (colon == NULL)
		return false;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
		return false;
	char host[64];
	size_t hl = (size_t)(colon - s);
	if (hl == 0 || hl >= sizeof(host))
		return false;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*v6 = true;
		return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*v6 = false;
	return inet_pton(AF_INET, host, &a->sin_addr) == 1;
}

int
server_run(const struct server_config *cfg)
{
	config = cfg;
	struct sockaddr_storage ss;
	bool v6;
	if (!parse_listen(cfg->listen, &ss, &v6)) {
		fprintf(stderr, "tiltak: --listen wants ADDR:PORT such as 127.0.0.1:8080 "
		    "or [::1]:8080, not '%s'\n", cfg->listen);
		return 2;
	}

	/* Open once here so a bad database stops the start with a clear
	 * message, and migrations run before any request. */
	char err[1024];
	struct db *db = db_open(cfg->db_path, err, sizeof(err));
	if (db == NULL) {
		fprintf(stderr, "tiltak: %s\n", err);
		return 1;
	}
	db_close(db);

	pthread_key_create(&db_key, db_key_free);
	cache_init();

	/* Workers inherit this mask; the main thread waits for the signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	errno = 0;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL,
	    on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads > 1 ? cfg->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_CONN_MAX,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEM_PER_CONN,
	    MHD_OPTION_END);
	if (d == NULL) {
		if (errno)
			fprintf(stderr, "tiltak: cannot listen on %s: %s\n", cfg->listen,
			    strerror(errno));
		else
			fprintf(stderr, "tiltak: cannot listen on %s\n", cfg->listen);
		cache_destroy();
		pthread_key_delete(db_key);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	char host[64];
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	printf(v6 ? "tiltak: serving http://[%s]:%u/\n" : "tiltak: serving http://%s:%u/\n",
	    host, port);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	fprintf(stderr, "tiltak: stopping (signal %d)\n", sig);
	MHD_stop_daemon(d);
	cache_destroy();
	pthread_key_delete(db_key);
	return 0;
}
