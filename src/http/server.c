/* server.c — the libmicrohttpd request life cycle.
 *
 * 0. A connection is known from the moment it is accepted (notify_conn):
 *    it gets a struct conn in a registry, so that (a) whatever a request
 *    left behind is freed when the connection closes, on every path,
 *    even those where libmicrohttpd never reports the request completed,
 *    and (b) the reaper thread can end connections that have not sent a
 *    whole request header within the header deadline (slowloris).
 * 1. uri_log (first thing MHD knows of a request) makes the struct
 *    request (request.c): it keeps the raw request target, decodes it
 *    strictly (url.c; MHD's own decoding is lenient) and matches the
 *    route. It also hides the query from MHD (see there).
 * 2. on_request's first call sees the headers only. Requests that will
 *    never succeed (framing errors, a missing or doubled Host, NUL bytes
 *    in a header, a body too large, a method the route does not allow,
 *    and anything asking for "100 Continue" that has no body to invite)
 *    are answered at once (request_early decides). Everything else is
 *    answered on a later call: libmicrohttpd 0.9.75 answers
 *    "Connection: close" when a response is queued on the first call,
 *    which would end keep-alive.
 * 3. dispatch checks access, reads the data generation, answers from the
 *    page cache or runs the handler and keeps the page (rendition.c:
 *    gzip and ETag made once).
 * 4. on_completed logs and frees the request (request_free). */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "http/auth.h"
#include "http/cache.h"
#include "http/form.h"
#include "http/notify.h"
#include "http/rendition.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/routes.h"
#include "http/url.h"
#include "limits.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/now.h"
#include "util/xalloc.h"
#include "views/html.h"
#include "views/i18n.h"
#include "views/pages.h"

/* One TCP connection, in the registry from accept to close. */
struct conn {
	struct conn     *prev, *next;
	int              fd;
	struct timespec  since;     /* when it began waiting for a header */
	bool             waiting;   /* no whole request header since then */
	bool             reaped;    /* shut down by the reaper */
	struct request  *req;       /* the request in progress, or NULL */
};

static const struct server_config *config;
static pthread_key_t db_key;

/* The connection registry and the reaper's stop signal. */
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  reaper_wake = PTHREAD_COND_INITIALIZER;
static struct conn    *conns;
static bool            stopping;

static void
db_key_free(void *db)
{
	db_close(db);
}

/* The calling worker thread's database connection, opened on first use,
 * and again when the one it had is lost: a PostgreSQL server that
 * restarted or ended it has closed it, which db_connected sees before the
 * request uses it; one lost without a word (a network gone) fails the
 * request that finds it, and the next connects anew. NULL if it cannot
 * be opened (logged). */
static struct db *
thread_db(void)
{
	struct db *db = pthread_getspecific(db_key);
	if (db != NULL && !db_connected(db)) {
		fprintf(stderr, "tiltak: the database connection was lost; connecting again\n");
		db_close(db);
		db = NULL;
		pthread_setspecific(db_key, NULL);
	}
	if (db == NULL) {
		char err[1024];
		db = db_open(config->db_path, DB_OPEN_EXISTING, err, sizeof(err));
		if (db == NULL) {
			fprintf(stderr, "tiltak: %s\n", err);
			return NULL;
		}
		pthread_setspecific(db_key, db);
	}
	return db;
}

/* ---- connections ---- */

static void
notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *cn = xcalloc(1, sizeof(*cn));
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		cn->fd = ci ? ci->connect_fd : -1;
		cn->waiting = true;
		clock_gettime(CLOCK_MONOTONIC, &cn->since);
		pthread_mutex_lock(&conns_lock);
		cn->next = conns;
		if (conns)
			conns->prev = cn;
		conns = cn;
		pthread_mutex_unlock(&conns_lock);
		*socket_context = cn;
		return;
	}
	struct conn *cn = *socket_context;
	if (cn == NULL)
		return;
	/* libmicrohttpd reports CLOSED before it closes the socket, so the
	 * reaper, which holds the lock while it shuts sockets down, never
	 * touches a descriptor that may have been reused. */
	pthread_mutex_lock(&conns_lock);
	if (cn->prev)
		cn->prev->next = cn->next;
	else
		conns = cn->next;
	if (cn->next)
		cn->next->prev = cn->prev;
	pthread_mutex_unlock(&conns_lock);
	/* A request libmicrohttpd never reported completed (it gives up on
	 * some malformed requests without telling us): free it here. */
	if (cn->req) {
		cn->req->conn = NULL;
		request_free(cn->req);
	}
	free(cn);
	*socket_context = NULL;
}

static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Marks whether cn waits for a request header, under the lock. */
static void
conn_waiting(struct conn *cn, bool waiting)
{
	if (cn == NULL)
		return;
	pthread_mutex_lock(&conns_lock);
	cn->waiting = waiting;
	if (waiting)
		clock_gettime(CLOCK_MONOTONIC, &cn->since);
	pthread_mutex_unlock(&conns_lock);
}

/* The reaper: every HTTP_REAPER_INTERVAL_MS, shuts down connections that
 * have waited longer than the header deadline for a whole request
 * header. A slow client that sends a byte now and then keeps
 * libmicrohttpd's idle timeout from ever firing; this deadline counts
 * the whole header. shutdown() (not close) makes libmicrohttpd see the
 * end of the connection and clean up as for any client that left. */
static void *
reaper(void *arg)
{
	(void)arg;
	long long deadline_ns = (long long)config->header_timeout * 1000000000LL;
	pthread_mutex_lock(&conns_lock);
	while (!stopping) {
		struct timespec now, wake;
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (struct conn *cn = conns; cn; cn = cn->next) {
			if (!cn->waiting || cn->reaped || cn->fd < 0)
				continue;
			long long waited = (long long)(now.tv_sec - cn->since.tv_sec) *
			    1000000000LL + (now.tv_nsec - cn->since.tv_nsec);
			if (waited > deadline_ns) {
				shutdown(cn->fd, SHUT_RDWR);
				cn->reaped = true;
			}
		}
		clock_gettime(CLOCK_REALTIME, &wake);
		wake.tv_nsec += (long)HTTP_REAPER_INTERVAL_MS * 1000000L;
		wake.tv_sec += wake.tv_nsec / 1000000000L;
		wake.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&reaper_wake, &conns_lock, &wake);
	}
	pthread_mutex_unlock(&conns_lock);
	return NULL;
}

/* ---- requests ---- */

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	struct request *req = request_new(uri);
	req->mhd = c;
	struct conn *cn = conn_of(c);
	if (cn) {
		if (cn->req) /* a request MHD never reported completed */
			request_free(cn->req);
		cn->req = req;
		req->conn = cn;
	}
	/* libmicrohttpd 0.9.75 parses the query into its per-connection
	 * memory right after this callback (connection.c,
	 * parse_initial_message_line). A query of many fields exhausts that
	 * memory: the request then hangs until the timeout or gets an empty
	 * answer, and the request-completed callback is not always called.
	 * We never use its parsed query (request_new has decoded req->raw,
	 * strictly and within our limits), so we end the string it is about
	 * to parse: "uri" points into libmicrohttpd's own writable read
	 * buffer, which it itself writes a NUL into at the '?' right after
	 * we return. */
	if (uri != NULL) {
		const char *q = strchr(uri, '?');
		if (q != NULL && q[1] != '\0') {
			union { const char *c; char *m; } w = {.c = q + 1};
			w.m[0] = '\0';
		}
	}
	return req;
}

/* Queues r (a plain response: errors, redirects, private pages) and
 * frees what it owns. */
static enum MHD_Result
queue(struct request *req, struct reply *r)
{
	struct MHD_Response *resp = reply_response(r);
	enum MHD_Result ret = MHD_queue_response(req->mhd, (unsigned int)r->status,
	    resp);
	MHD_destroy_response(resp);
	req->status = r->status;
	req->size = r->len;
	req->answered = true;
	reply_free(r);
	return ret;
}

/* Answers an error page. close: end the connection after it (the
 * request's framing cannot be trusted, so nothing after it can be). */
static enum MHD_Result
queue_error(struct request *req, int status, const char *msgid,
    const char *allow, bool close)
{
	struct reply r = {0};
	reply_error(&r, status, msgid);
	r.allow = allow;
	r.close = close;
	return queue(req, &r);
}

/* Answers 413 for a body over request_body_limit, quoting that limit,
 * and closes the connection (the rest of the body is not read). */
static enum MHD_Result
queue_too_large(struct request *req)
{
	struct reply r = {0};
	size_t limit = request_body_limit(req);
	if (limit == HTTP_BODY_MAX)
		reply_error_arg(&r, 413, N_("This site accepts no request bodies larger "
		    "than %lu KB."), HTTP_BODY_MAX / 1024);
	else
		reply_error_arg(&r, 413, N_("This address accepts no request body "
		    "larger than %lu bytes."), (unsigned long)limit);
	r.close = true;
	return queue(req, &r);
}

/* Looks up the session of a request for a route that is not public,
 * once (public routes never read the cookie). false if the database
 * failed. */
static bool
session_read(struct request *req)
{
	if (req->session_read)
		return true;
	req->session_read = true;
	const struct route *rt = req->route;
	if (rt == NULL || rt->access == ACCESS_PUBLIC || req->url_status != URL_OK)
		return true;
	/* Kept for the handler: the request stays on this thread, and its
	 * connection is checked once (thread_db). */
	struct db *db = req->db = thread_db();
	if (db == NULL)
		return false;
	const char *cookie = MHD_lookup_connection_value(req->mhd, MHD_COOKIE_KIND,
	    SESSION_COOKIE);
	struct session s;
	enum db_status st = auth_session_find(db, cookie, time(NULL), &s);
	if (st == DB_ERROR) {
		fprintf(stderr, "tiltak: database: %s\n", db_errmsg(db));
		return false;
	}
	if (st == DB_OK) {
		req->session = xmalloc(sizeof(s));
		memcpy(req->session, &s, sizeof(s));
	}
	return true;
}

/* Answers a request for a route it may not open: signed in, 403; not
 * signed in, a read goes to the login page (which comes back here
 * after), anything else is told to sign in (403: the form is not
 * saved). */
static void
reply_denied(struct request *req, struct reply *r)
{
	if (req->session != NULL) {
		reply_error(r, 403, N_("Your account's role does not give access to "
		    "this page."));
		return;
	}
	if ((req->method & HTTP_METHODS_READ) == 0) {
		reply_error(r, 403, N_("You are not signed in, or your session has "
		    "ended, so nothing was saved. Sign in again (in a new tab, so "
		    "that what you typed stays here), then send the form again."));
		return;
	}
	/* The path as sent, without its query, is where to come back to. */
	size_t n = strcspn(req->raw, "?");
	char *path = xmalloc(n + 1);
	memcpy(path, req->raw, n);
	path[n] = '\0';
	char *q = url_query_escape(path);
	size_t len = strlen("/login?next=") + strlen(q) + 1;
	char *loc = xmalloc(len);
	snprintf(loc, len, "/login?next=%s", q);
	reply_redirect(r, 303, loc);
	free(loc);
	free(q);
	free(path);
}

/* True if the request's Content-Type is that of an HTML form, with no
 * charset or UTF-8. */
static bool
form_content_type(const char *ct)
{
	static const char want[] = "application/x-www-form-urlencoded";
	if (ct == NULL || strncasecmp(ct, want, sizeof(want) - 1) != 0)
		return false;
	const char *p = ct + sizeof(want) - 1;
	p += strspn(p, " \t");
	if (*p == '\0')
		return true;
	if (*p++ != ';')
		return false;
	p += strspn(p, " \t");
	return strcasecmp(p, "charset=utf-8") == 0 || strcasecmp(p, "charset=\"utf-8\"") == 0;
}

/* Reads the form a request for route rt sent, and checks its CSRF token
 * (the session's, or the login form's). Returns true with req->form set,
 * or false with r filled: 415 (not a form), 400 (a body that cannot be
 * read; the message says what and where) or 403 (no valid token). */
static bool
form_read(struct request *req, const struct route *rt, struct reply *r)
{
	const char *ct = MHD_lookup_connection_value(req->mhd, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!form_content_type(ct)) {
		reply_error(r, 415, N_("This address takes a form "
		    "(application/x-www-form-urlencoded, UTF-8) and nothing else."));
		return false;
	}
	char why[256];
	req->form = form_parse(req->body_buf.data ? req->body_buf.data : "",
	    req->body_buf.len, rt->fields, why, sizeof(why));
	if (req->form == NULL) {
		char msg[512];
		snprintf(msg, sizeof(msg), _("The form that was sent could not be "
		    "read (%s). Nothing was saved."), why);
		size_t len;
		char *body = page_error(400, msg, &len);
		reply_body(r, 400, "text/html; charset=utf-8", body, len, CACHE_NONE);
		return false;
	}
	const char *token = form_error(req->form, FORM_CSRF) ? NULL :
	    form_get(req->form, FORM_CSRF);
	bool ok = req->session ? auth_csrf_ok(req->session, token) :
	    auth_form_token_ok(req->db, token, time(NULL));
	if (!ok) {
		reply_error(r, 403, N_("This form has expired or was not sent from "
		    "this site, so nothing was saved. Open the page again and send "
		    "the form from there."));
		return false;
	}
	return true;
}

void
server_client_address(const struct request *req, char *out, size_t outsz)
{
	out[0] = '\0';
	if (config->client_header != NULL) {
		const char *v = MHD_lookup_connection_value(req->mhd, MHD_HEADER_KIND,
		    config->client_header);
		if (v != NULL) {
			/* The last of a list ("a, b") is the one the proxy added. */
			const char *last = strrchr(v, ',');
			last = last ? last + 1 : v;
			last += strspn(last, " \t");
			snprintf(out, outsz, "%s", last);
		}
		return;
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(req->mhd,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)outsz);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)outsz);
}

/* Answers the request: the decoded target and the route are known
 * (request_new), the header has passed on_request's first call. Answers
 * 400/414 (a target url.c refuses), 404 (no route, or one this request
 * may not open), 500 (the database cannot be read), a page from the
 * cache, or what the handler says. */
static enum MHD_Result
dispatch(struct request *req)
{
	struct reply r = {0};
	char *key = NULL;
	enum MHD_Result ret;

	if (req->url_status != URL_OK) {
		reply_error_arg(&r, req->url_status == URL_TOO_LONG ? 414 : 400,
		    req->url_err, req->url.err_arg);
		goto send;
	}
	const struct route *rt = req->route;
	if (rt == NULL) {
		reply_error(&r, 404, N_("There is nothing at this address."));
		goto send;
	}
	if (!session_read(req)) {
		reply_error(&r, 500, N_("The page could not be read from the "
		    "database. Please try again in a moment."));
		goto send;
	}
	if (!route_permits(rt, req)) {
		reply_denied(req, &r);
		goto send;
	}
	if (req->db == NULL)
		req->db = thread_db();
	int64_t gen = 0;
	if (req->db == NULL || !cache_generation(req->db, &gen)) {
		if (req->db)
			fprintf(stderr, "tiltak: database: %s\n", db_errmsg(req->db));
		reply_error(&r, 500, N_("The page could not be read from the "
		    "database. Please try again in a moment."));
		goto send;
	}
	if ((req->method & HTTP_METHODS_BODY) != 0 && rt->fields != NULL &&
	    !form_read(req, rt, &r))
		goto send;

	struct negotiation neg = {
		.gzip = http_accepts_gzip(MHD_lookup_connection_value(req->mhd,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING)),
		.if_none_match = MHD_lookup_connection_value(req->mhd, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_IF_NONE_MATCH),
	};
	/* A page for a signed-in user is never kept or served from the
	 * shared cache, whatever its route says. */
	bool shared = route_shared(rt, req);
	if (shared) {
		key = url_key(&req->url, rt->cache_query);
		if (cache_queue(key, gen, req->mhd, &neg, &req->status, &req->size)) {
			req->answered = true;
			req->cache = "hit";
			ret = MHD_YES;
			goto out;
		}
	}

	rt->handler(req, &r);
	if (r.status == 200 && shared) {
		struct rendition *rd = rendition_new(&r);
		ret = rendition_queue(rd, req->mhd, &neg, false, &req->status, &req->size);
		req->answered = true;
		req->cache = "miss";
		cache_put(key, gen, rd, rt->cache_ttl_ms);
		goto out;
	}
	if (!shared && r.cache != CACHE_NONE)
		r.cache = CACHE_PRIVATE;
send:
	ret = queue(req, &r);
out:
	reply_free(&r);
	free(key);
	return ret;
}

/* The request's header fields, as libmicrohttpd recorded them. */
struct fields {
	const char *key[HTTP_HEADERS_MAX];
	const char *value[HTTP_HEADERS_MAX];
	size_t      n;
	bool        overflow;
};

static enum MHD_Result
collect_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	(void)kind;
	struct fields *f = cls;
	if (f->n == HTTP_HEADERS_MAX) {
		f->overflow = true;
		return MHD_NO;
	}
	f->key[f->n] = key;
	f->value[f->n] = value ? value : "";
	f->n++;
	return MHD_YES;
}

/* True if a header value held a NUL byte. libmicrohttpd 0.9.75 keeps
 * header fields as C strings, so "a\0b" reaches us as "a": the NUL is
 * invisible in the value itself. But each key and value points into the
 * one read buffer where the header lines lie in order, with the line ends
 * (CR LF, or a bare LF) overwritten by NULs. So between the end of one
 * value and the next field's key there must be nothing but those NULs,
 * and after the last value the byte after its line end is the blank
 * line's, also a NUL. Anything else there is the rest of a value after a
 * NUL byte (or an obsolete folded line, which RFC 9112 5.2 lets us refuse
 * too). */
static bool
has_hidden_nul(const struct fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *end = f->value[i] + strlen(f->value[i]);
		if (i + 1 < f->n) {
			const char *next = f->key[i + 1];
			if (next <= end || next - end > HTTP_HEADER_GAP_MAX)
				return true;
			for (const char *p = end; p < next; p++)
				if (*p != '\0')
					return true;
		} else if (end[1] != '\0') {
			return true;
		}
	}
	return false;
}

/* Checks the request header (RFC 9112 3.2, 6.1, 6.3; RFC 9110 5.5) and
 * answers at once what will never succeed. Returns true if it answered
 * (with the result in *ret); otherwise sets *length to the declared
 * Content-Length (at most HTTP_FORM_MAX), or -1 when there is none. */
static bool
refuse_header(struct request *req, long long *length, enum MHD_Result *ret)
{
	struct MHD_Connection *c = req->mhd;
	struct fields f = {.n = 0};
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_field, &f);
	if (f.overflow) {
		*ret = queue_error(req, 431, N_("The request has too many header "
		    "fields."), NULL, true);
		return true;
	}
	if (has_hidden_nul(&f)) {
		*ret = queue_error(req, 400, N_("A header field of the request "
		    "contains a NUL byte or is folded over several lines."), NULL, true);
		return true;
	}
	size_t hosts = 0, lengths = 0;
	const char *te = NULL;
	bool te_twice = false;
	for (size_t i = 0; i < f.n; i++) {
		if (strcasecmp(f.key[i], MHD_HTTP_HEADER_HOST) == 0)
			hosts++;
		else if (strcasecmp(f.key[i], MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
			lengths++;
		else if (strcasecmp(f.key[i], MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
			te_twice = te != NULL;
			te = f.value[i];
		}
	}
	/* RFC 9112 3.2: HTTP/1.1 (and any later 1.x) needs exactly one Host.
	 * We check it here rather than with libmicrohttpd's strict mode,
	 * whose own error pages lack our headers. */
	if (hosts > 1 || (hosts == 0 && req->version != HTTP_VERSION_1_0)) {
		*ret = queue_error(req, 400, hosts ? N_("The request has more than "
		    "one Host header.") : N_("The request has no Host header."), NULL, true);
		return true;
	}
	/* RFC 9112 6.1: a coding other than chunked, or chunked not last,
	 * cannot be framed: 501. 6.3: Content-Length beside
	 * Transfer-Encoding, or more than one Content-Length, is a request
	 * that a proxy in front may have framed differently (smuggling): 400,
	 * and the connection is closed. */
	if (te != NULL && (te_twice || strcasecmp(te, "chunked") != 0)) {
		*ret = queue_error(req, 501, N_("This site understands no transfer "
		    "coding other than chunked."), NULL, true);
		return true;
	}
	if (lengths > 1 || (lengths == 1 && te != NULL)) {
		*ret = queue_error(req, 400, lengths > 1 ? N_("The request has more "
		    "than one Content-Length header.") : N_("The request has both "
		    "Content-Length and Transfer-Encoding."), NULL, true);
		return true;
	}
	*length = -1;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(cl, &end, 10);
		if (errno != 0 || *end != '\0' || n > HTTP_FORM_MAX) {
			*ret = queue_too_large(req);
			return true;
		}
		*length = (long long)n;
	}
	return false;
}

/* The first call of on_request: the header is here, the body not yet. */
static enum MHD_Result
first_call(struct request *req)
{
	enum MHD_Result ret;
	long long length;
	if (refuse_header(req, &length, &ret))
		return ret;
	bool expect = MHD_lookup_connection_value(req->mhd, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_EXPECT) != NULL;
	if (!session_read(req))
		return queue_error(req, 500, N_("The page could not be read from the "
		    "database. Please try again in a moment."), NULL, true);
	switch (request_early(req, expect, length)) {
	case EARLY_WAIT:
		return MHD_YES;
	case EARLY_DISPATCH:
		return dispatch(req);
	case EARLY_NOT_FOUND:
		return queue_error(req, 404, N_("There is nothing at this address."),
		    NULL, false);
	case EARLY_METHOD: {
		/* Copied into the response by libmicrohttpd. */
		char allow[64];
		route_allow(req->route->methods, allow, sizeof(allow));
		return queue_error(req, 405, req->route->methods == HTTP_METHODS_READ ?
		    N_("This address can only be read (GET or HEAD).") :
		    N_("This address does not accept the method of this request."),
		    allow, false);
	}
	case EARLY_TOO_LARGE:
		return queue_too_large(req);
	case EARLY_DENIED: {
		/* The body is not read: the connection ends after this. */
		struct reply r = {0};
		reply_denied(req, &r);
		r.close = true;
		enum MHD_Result denied = queue(req, &r);
		reply_free(&r);
		return denied;
	}
	}
	return MHD_NO; /* not reached: every case returns */
}

/* One call of on_request for req, in req's language. */
static enum MHD_Result
request_step(struct request *req, const char *method, const char *version,
    const char *upload_data, size_t *upload_data_size)
{
	if (!req->seen) {
		req->seen = true;
		conn_waiting(req->conn, false);
		request_set_method(req, method, version);
		return first_call(req);
	}
	if (*upload_data_size > 0) {
		/* A body: kept when its route takes one and the request may
		 * open it (form_read reads it), else counted and discarded.
		 * libmicrohttpd 0.9.75 cannot queue a response in the middle
		 * of a body, so a 413 comes when it ends; a body past
		 * HTTP_BODY_DISCARD_MAX is not waited for: the connection is
		 * closed. */
		req->body += *upload_data_size;
		if (req->body <= request_body_limit(req) && request_keeps_body(req))
			buf_put(&req->body_buf, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return req->body > HTTP_BODY_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (req->answered)
		return MHD_YES;
	if (req->body > request_body_limit(req))
		return queue_too_large(req);
	return dispatch(req);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)c;
	(void)url;
	struct request *req = *con_cls;
	if (req == NULL) /* not expected: uri_log always runs first */
		return MHD_NO;
	/* The request's language is the worker thread's while it answers,
	 * error pages included (i18n.h); the thread returns to bokmål
	 * after, whatever request it serves next. */
	i18n_use(req->lang);
	i18n_set_address(req->address);
	enum MHD_Result ret = request_step(req, method, version, upload_data,
	    upload_data_size);
	i18n_reset();
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct request *req = *con_cls;
	if (req == NULL)
		return;
	if (!config->quiet && req->answered) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double ms = (double)(now.tv_sec - req->start.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - req->start.tv_nsec) / 1e6;
		/* The path only: no query (search words), no address. */
		int pathlen = (int)strcspn(req->raw, "?#");
		if (pathlen > 200)
			pathlen = 200;
		char path[201];
		for (int i = 0; i < pathlen; i++) {
			unsigned char ch = (unsigned char)req->raw[i];
			path[i] = ch > 0x20 && ch < 0x7f ? (char)ch : '?'; /* no log injection */
		}
		path[pathlen] = '\0';
		fprintf(stderr, "%s %s %d %zu %.2fms cache=%s\n", req->method_name, path,
		    req->status, req->size, ms, req->cache);
	}
	if (req->conn) {
		req->conn->req = NULL;
		conn_waiting(req->conn, true); /* the next request's header */
	}
	request_free(req);
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

/* Raises the open-file limit so HTTP_CONN_MAX connections fit, and
 * returns the connection limit that fits the descriptors we have. */
static unsigned int
connection_limit(void)
{
	struct rlimit rl;
	rlim_t want = HTTP_CONN_MAX + HTTP_FDS_SPARE;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return HTTP_CONN_MAX;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= want)
		return HTTP_CONN_MAX;
	unsigned int n = rl.rlim_cur > 2 * HTTP_FDS_SPARE ?
	    (unsigned int)(rl.rlim_cur - HTTP_FDS_SPARE) : HTTP_FDS_SPARE;
	fprintf(stderr, "tiltak: warning: only %llu open files allowed; serving at "
	    "most %u connections instead of %u\n", (unsigned long long)rl.rlim_cur,
	    n, HTTP_CONN_MAX);
	return n;
}

int
server_run(const struct server_config *cfg)
{
	config = cfg;
	/* A route without an access, with a pattern that does not parse…
	 * is a programming error: refuse to serve at all. */
	char why[256];
	if (!routes_check(routes, ROUTE__MAX, why, sizeof(why))) {
		fprintf(stderr, "tiltak: the route table is wrong: %s\n", why);
		return 1;
	}
	struct sockaddr_storage ss;
	bool v6;
	if (!parse_listen(cfg->listen, &ss, &v6)) {
		fprintf(stderr, "tiltak: --listen wants ADDR:PORT such as 127.0.0.1:8080 "
		    "or [::1]:8080, not '%s'\n", cfg->listen);
		return 2;
	}
	if (sodium_init() < 0) {
		fputs("tiltak: libsodium cannot be initialised\n", stderr);
		return 1;
	}
	reply_secure_cookies(cfg->secure_cookies);

	/* Open once here so a bad database stops the start with a clear
	 * message, and migrations run before any request. */
	char err[1024];
	struct db *db = db_open(cfg->db_path, DB_OPEN_EXISTING, err, sizeof(err));
	if (db == NULL) {
		fprintf(stderr, "tiltak: %s\n", err);
		return 1;
	}
	db_close(db);

	pthread_key_create(&db_key, db_key_free);
	cache_init();
	int64_t test_now;
	if (now_test_start(&test_now)) {
		char at[CLOCK_LOCAL_MAX];
		clock_oslo(test_now, at, sizeof(at), NULL);
		fprintf(stderr, "tiltak: TILTAK_TEST_NOW sets the clock to %s (Norway) "
		    "and lets it run from there: for tests only\n", at);
	}

	/* Workers inherit this mask; the main thread waits for the signals. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	stopping = false;
	pthread_t reaper_thread;
	pthread_create(&reaper_thread, NULL, reaper, NULL);

	errno = 0;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL,
	    on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(cfg->threads > 1 ? cfg->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
	    /* Counted in libmicrohttpd's memory only: no address is logged
	     * or stored. 0 turns the cap off (behind a reverse proxy). */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_client,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEM_PER_CONN,
	    MHD_OPTION_END);
	int rc = 0;
	if (d == NULL) {
		if (errno)
			fprintf(stderr, "tiltak: cannot listen on %s: %s\n", cfg->listen,
			    strerror(errno));
		else
			fprintf(stderr, "tiltak: cannot listen on %s\n", cfg->listen);
		rc = 1;
	} else {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d,
		    MHD_DAEMON_INFO_BIND_PORT);
		unsigned port = info ? info->port : 0;
		char host[64];
		if (v6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host,
			    sizeof(host));
		else
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host,
			    sizeof(host));
		notify_start(cfg->db_path);
		printf(v6 ? "tiltak: serving http://[%s]:%u/\n" :
		    "tiltak: serving http://%s:%u/\n", host, port);
		fflush(stdout);

		int sig = 0;
		sigwait(&sigs, &sig);
		fprintf(stderr, "tiltak: stopping (signal %d)\n", sig);
		notify_stop();
		MHD_stop_daemon(d);
	}
	pthread_mutex_lock(&conns_lock);
	stopping = true;
	pthread_cond_signal(&reaper_wake);
	pthread_mutex_unlock(&conns_lock);
	pthread_join(reaper_thread, NULL);
	cache_destroy();
	pthread_key_delete(db_key);
	return rc;
}
