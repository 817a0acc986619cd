/* request.h — one request: everything tiltak knows about it, from the
 * moment libmicrohttpd first sees it (server.c: uri_log, which calls
 * request_new) until request_free, the one function that frees it, which
 * runs on every path (request completed, connection closed, or a request
 * libmicrohttpd never reported completed replaced by the next).
 *
 * request_new decodes the target (url.c) and matches the route at once,
 * so every later step — the first look at the headers, dispatch, the
 * handler, the log — reads the same decoded request. */
#ifndef TILTAK_REQUEST_H
#define TILTAK_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "http/routes.h"
#include "http/url.h"
#include "util/buf.h"

struct MHD_Connection;
struct conn;      /* server.c's connection registry entry */
struct db;
struct session;   /* a signed-in user (auth.h) */
struct form;      /* a parsed, checked request body (form.h) */

enum http_version {
	HTTP_VERSION_1_0,
	HTTP_VERSION_1_1,   /* or a later 1.x */
};

struct request {
	/* The connection. Set by server.c; neither is owned. */
	struct MHD_Connection *mhd;
	struct conn           *conn;         /* NULL if not in the registry */

	/* What was asked. raw is owned; method and version are set on
	 * on_request's first call (request_set_method). */
	char                  *raw;          /* the request target as sent */
	enum http_method       method;
	char                   method_name[8]; /* as sent, sanitised for the
	                                          log, cut to 7 bytes */
	enum http_version      version;

	/* State. */
	bool                   seen;         /* on_request's first call done */
	bool                   answered;     /* a response is queued */
	size_t                 body;         /* request body bytes received */
	struct buf             body_buf;     /* the body, kept when the route
	                                        takes it and req may send it */
	bool                   session_read; /* the cookie was looked up */

	/* The decoded target: url is valid when url_status is URL_OK;
	 * otherwise url_err is the message (a msgid, with url.err_arg for
	 * its "%lu"). url_free runs in request_free in every case. */
	struct url             url;
	enum url_status        url_status;
	const char            *url_err;

	/* The route (NULL: none matches) and its parameters, indexed by
	 * enum route_param, pointing into url's segments. */
	const struct route    *route;
	const char            *param[PARAM__MAX];

	/* Set by dispatch: the worker thread's connection (not owned). */
	struct db             *db;
	const char            *lang;         /* the interface language, from
	                                        the URL's prefix (url.lang):
	                                        "nb", "nn" or "en" */
	char                  *address;      /* owned; the page's address
	                                        without prefix (url_address),
	                                        for a route whose pages exist
	                                        in every language; else NULL */
	struct session        *session;      /* owned; NULL: not signed in. Read
	                                        only for routes that are not
	                                        public */
	struct form           *form;         /* owned; NULL: no form */

	/* For the access log. */
	int                    status;
	size_t                 size;         /* body bytes sent */
	const char            *cache;        /* "hit", "miss" or "-" */
	struct timespec        start;        /* CLOCK_MONOTONIC */
};

/* Makes the request for the target raw (NULL is taken as ""): copies it,
 * decodes it, matches the route in routes[] and starts the clock. Never
 * NULL; free with request_free. An address with a language prefix
 * ("/en/…") finds only a public route whose pages exist in every
 * language (i18n_path_localised): "/en/admin" and "/nn/login" find
 * none. */
struct request *request_new(const char *raw);
/* Frees req and everything it owns (NULL is allowed). The one function
 * that frees a request. */
void request_free(struct request *req);

/* Records the method and HTTP version from on_request's first call. */
void request_set_method(struct request *req, const char *method,
    const char *version);

/* The route parameter p, or NULL when the route's pattern has none. */
const char *req_param(const struct request *req, enum route_param p);
/* The first value of the query field name if the route declares it
 * (cache_query), else NULL: a handler cannot read a field that is not
 * part of the cache key. */
const char *req_query(const struct request *req, const char *name);

/* Whether the body req sends is kept (its route takes one and req may
 * open the route). */
bool request_keeps_body(const struct request *req);

/* The most body bytes req may send: its route's body_max for a method
 * that carries a body and that the route allows; otherwise HTTP_BODY_MAX,
 * read and discarded. */
size_t request_body_limit(const struct request *req);

/* What on_request's first call does once the header passed the framing
 * checks. */
enum request_early {
	EARLY_WAIT,        /* nothing yet: answer on a later call (keep-alive),
	                      or let libmicrohttpd send 100 Continue */
	EARLY_DISPATCH,    /* answer now (Expect without a body to invite) */
	EARLY_NOT_FOUND,   /* 404 now */
	EARLY_METHOD,      /* 405 now, Allow from the route */
	EARLY_TOO_LARGE,   /* 413 now: the declared body passes the route's limit */
	EARLY_DENIED,      /* a body for a route req may not open (no session,
	                      or a role below it): answer now (401/403),
	                      before the body is read */
};

/* Decides the first call's answer. expect: the request has an Expect
 * header; length: its Content-Length, or -1 when it has none. A method
 * that no route allows gets 404 for an address with no (permitted)
 * route, so that it cannot tell which addresses exist. */
enum request_early request_early(const struct request *req, bool expect,
    long long length);

#endif
