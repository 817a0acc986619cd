/* limits.h — every named limit of tiltak in one place. */
#ifndef TILTAK_LIMITS_H
#define TILTAK_LIMITS_H

/* Plan files (import, check). */
#define PLAN_FILE_MAX        (4u * 1024 * 1024) /* whole JSON file, bytes */
#define PLAN_ID_MAX          64u      /* ids: ^[a-z0-9][a-z0-9-]{0,63}$ */
#define PLAN_TITLE_MAX       500u     /* titles and names, bytes */
#define PLAN_LINE_MAX        2000u    /* other single-line text, bytes */
#define PLAN_TEXT_MAX        100000u  /* Markdown bodies, bytes */
#define PLAN_ITEMS_MAX       2000u    /* entries in any one array */
#define PLAN_YEAR_MIN        1900
#define PLAN_YEAR_MAX        2200

/* HTTP. */
#define HTTP_URL_MAX         2048u    /* request target, bytes */
#define HTTP_BODY_MAX        (64u * 1024) /* request body, bytes (413 beyond) */
#define HTTP_BODY_DISCARD_MAX (1024u * 1024) /* chunked body read before closing */
#define HTTP_QUERY_FIELD_MAX 200u     /* one decoded query value, characters */
#define HTTP_QUERY_FIELDS    16u      /* query fields per request */
#define HTTP_CONN_MAX        512u     /* concurrent connections */
#define HTTP_CONN_TIMEOUT    30u      /* idle connection timeout, seconds */
#define HTTP_MEM_PER_CONN    (32u * 1024) /* libmicrohttpd per-connection pool */

/* Search. Every word of a query counts; HTTP_QUERY_FIELD_MAX bounds
 * their number. */
#define SEARCH_RESULTS_MAX   200u     /* hits shown */

/* Rendered-page cache. */
#define CACHE_SLOTS          256u     /* direct-mapped slots */
#define CACHE_BYTES_MAX      (6u * 1024 * 1024) /* bodies held at most */

#endif
