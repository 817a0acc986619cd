/* routes.h — the route table: every page and API address, matched before
 * any database work, and the handlers behind them. */
#ifndef TILTAK_ROUTES_H
#define TILTAK_ROUTES_H
#include <stdbool.h>

#include "http/reply.h"
#include "http/url.h"
#include "store/db.h"

#define ROUTE_PARAMS_MAX 4

struct request {
	const struct url *url;
	const char       *params[ROUTE_PARAMS_MAX];  /* the ":" segments */
	struct db        *db;
};

typedef void route_fn(struct request *, struct reply *);

#define ROUTE_CACHE_FIELDS 4

struct route {
	const char *segments[6];   /* NULL-terminated; ":" matches any */
	route_fn   *handler;
	/* The query fields the page depends on, NULL-terminated (at most
	 * ROUTE_CACHE_FIELDS - 1): each is part of the cache key. A handler
	 * reads no other field. */
	const char *cache_query[ROUTE_CACHE_FIELDS];
	bool        cached;        /* kept in the page cache when 200 */
};

/* Finds the route for url's path, filling req->params. NULL: 404. */
const struct route *route_match(const struct url *url, struct request *req);

/* The methods every route accepts (for 405's Allow header). */
#define ROUTE_ALLOW "GET, HEAD"

#endif
