/* request.c — one request's state: made, decoded and routed at once,
 * freed in one place. See request.h. */
#include "http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "limits.h"
#include "util/xalloc.h"
#include "views/i18n.h"

struct request *
request_new(const char *raw)
{
	struct request *req = xcalloc(1, sizeof(*req));
	req->raw = xstrdup(raw ? raw : "");
	req->cache = "-";
	req->lang = i18n_languages[0].code;
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	req->url_status = url_parse(req->raw, &req->url, &req->url_err);
	/* A target refused after its prefix is still answered in its
	 * language. */
	req->lang = req->url.lang;
	if (req->url_status != URL_OK)
		return req;
	req->route = route_match(routes, ROUTE__MAX, &req->url, req->param);
	bool localised = req->route != NULL &&
	    req->route->access == ACCESS_PUBLIC &&
	    i18n_path_localised(req->url.nsegments ? req->url.segments[0] : NULL);
	if (localised)
		req->address = url_address(&req->url, req->route->cache_query);
	else if (strcmp(req->lang, i18n_languages[0].code) != 0) {
		/* "/en/admin": no page. */
		req->route = NULL;
		for (size_t i = 0; i < PARAM__MAX; i++)
			req->param[i] = NULL;
	}
	return req;
}

void
request_free(struct request *req)
{
	if (req == NULL)
		return;
	url_free(&req->url);
	free(req->address);
	free(req->session);
	form_free(req->form);
	buf_free(&req->body_buf);
	free(req->raw);
	free(req);
}

void
request_set_method(struct request *req, const char *method, const char *version)
{
	req->method = http_method_parse(method);
	snprintf(req->method_name, sizeof(req->method_name), "%s", method ? method : "");
	for (char *m = req->method_name; *m; m++) /* no log injection */
		if (*m <= 0x20 || *m >= 0x7f)
			*m = '?';
	/* libmicrohttpd answers any version but 1.0 and 1.x itself (505). */
	req->version = version && strcmp(version, "HTTP/1.0") == 0 ?
	    HTTP_VERSION_1_0 : HTTP_VERSION_1_1;
}

const char *
req_param(const struct request *req, enum route_param p)
{
	return (unsigned)p < PARAM__MAX ? req->param[p] : NULL;
}

const char *
req_query(const struct request *req, const char *name)
{
	if (req->route == NULL || req->url_status != URL_OK)
		return NULL;
	for (size_t i = 0; req->route->cache_query[i]; i++)
		if (strcmp(req->route->cache_query[i], name) == 0)
			return url_query(&req->url, name);
	return NULL;
}

/* Whether req's method may carry a body that its route accepts. */
static bool
takes_body(const struct request *req)
{
	return req->route != NULL && (req->method & HTTP_METHODS_BODY) != 0 &&
	    (req->route->methods & req->method) != 0;
}

bool
request_keeps_body(const struct request *req)
{
	return takes_body(req) && req->route->body_max > 0 &&
	    route_permits(req->route, req);
}

size_t
request_body_limit(const struct request *req)
{
	return takes_body(req) ? req->route->body_max : HTTP_BODY_MAX;
}

enum request_early
request_early(const struct request *req, bool expect, long long length)
{
	bool reading = (req->method & HTTP_METHODS_READ) != 0;
	const struct route *rt = req->route;
	if (rt == NULL) {
		/* A read waits for dispatch, which says why (400, 404, 414);
		 * any other method learns nothing more than 404. */
		if (!reading)
			return EARLY_NOT_FOUND;
		return expect ? EARLY_DISPATCH : EARLY_WAIT;
	}
	if (!route_permits(rt, req)) {
		/* The signed-in area: a read waits for dispatch (which sends
		 * it to the login page); a body is refused before it is read. */
		if (!reading && (rt->methods & req->method) != 0)
			return EARLY_DENIED;
		if (!reading)
			return EARLY_METHOD;
		return expect ? EARLY_DISPATCH : EARLY_WAIT;
	}
	if ((rt->methods & req->method) == 0)
		return EARLY_METHOD;
	if (takes_body(req)) {
		if (length > 0 && (unsigned long long)length > rt->body_max)
			return EARLY_TOO_LARGE;
		/* libmicrohttpd sends "100 Continue" when we return without
		 * an answer: the body is welcome. */
		if (rt->body_max > 0)
			return EARLY_WAIT;
	}
	/* Nothing to invite: a client that waits for "100 Continue" before
	 * it sends a body gets the answer instead. */
	return expect ? EARLY_DISPATCH : EARLY_WAIT;
}
