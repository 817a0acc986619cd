/* limits.h — every named limit of tiltak in one place. */
#ifndef TILTAK_LIMITS_H
#define TILTAK_LIMITS_H

/* Plan files (import, check). */
#define PLAN_FILE_MAX        (4u * 1024 * 1024) /* whole JSON file, bytes */
#define PLAN_ID_MAX          64u      /* ids: ^[a-z0-9][a-z0-9-]{0,63}$ */
#define PLAN_TITLE_MAX       500u     /* titles and names, bytes */
#define PLAN_LINE_MAX        2000u    /* other single-line text, bytes */
#define PLAN_TEXT_MAX        100000u  /* Markdown bodies, bytes */
#define HELP_TEXT_MAX        4000u    /* what a help service offers, bytes */
#define HELP_URL_MAX         500u     /* a help service's web address, bytes */
#define HELP_SERVICES_MAX    2000u    /* services in one file */
#define PLAN_ITEMS_MAX       2000u    /* entries in any one array */
#define PLAN_YEAR_MIN        1900
#define PLAN_YEAR_MAX        2200
#define PLAN_INDICATOR_NUMBER_MAX 9999 /* an indicator's number, 1 to this */
#define PLAN_REVISION_MAX    2000000000 /* a plan's revision number, as a form
                                         sends it back (fits an int) */
/* JSON values (objects, arrays, strings, numbers, literals; keys are not
 * counted) in one plan file, counted before parsing so that memory stays
 * bounded: jansson spends about 230 bytes on an empty object, and 4 MB of
 * "{}," made it use about 300 MB. Bodø's plan holds 1 528 values, so this
 * admits plans 32 times its size while capping jansson near 12 MB. */
#define PLAN_VALUES_MAX      50000u
#define PLAN_DEPTH_MAX       20u      /* JSON nesting, levels (a plan needs 10) */

/* HTTP. */
#define HTTP_URL_MAX         2048u    /* request target, bytes */
#define HTTP_BODY_MAX        (64u * 1024) /* request body, bytes (413 beyond) */
#define HTTP_FORM_MAX        (1024u * 1024) /* the largest body a route may
                                         take: a whole year's report */
#define FORM_FIELDS_MAX      4000u    /* fields in one form body */
#define EDIT_BODY_MAX        HTTP_FORM_MAX /* a form editing an item of a plan:
                                         two Markdown texts of PLAN_TEXT_MAX
                                         bytes, %-encoded, fit */
#define EDIT_SMALL_BODY_MAX  (64u * 1024) /* the other editing forms (a plan's
                                         settings, status, a move, a delete) */
#define HTTP_BODY_DISCARD_MAX (2048u * 1024) /* chunked body read before closing */
#define HTTP_QUERY_FIELD_MAX 200u     /* one decoded query value, characters */
#define HTTP_QUERY_FIELDS    16u      /* query fields per request */
#define HTTP_HEADERS_MAX     100u     /* header fields per request (431 beyond) */
#define HTTP_HEADER_GAP_MAX  2u       /* NUL bytes between two header fields
                                         as libmicrohttpd leaves them (CR LF) */
#define HTTP_CONN_MAX        1000u    /* concurrent connections, all clients */
#define HTTP_FDS_SPARE       64u      /* descriptors beyond connections (files,
                                         database, listening socket) */
#define HTTP_CONN_PER_CLIENT 64u      /* default cap per client address
                                         (serve --per-client; 0: none) */
#define HTTP_HEADER_TIMEOUT  10u      /* default seconds to send a whole
                                         request header (serve --header-timeout) */
#define HTTP_HEADER_TIMEOUT_MAX 300u  /* the largest --header-timeout, seconds */
#define HTTP_REAPER_INTERVAL_MS 250u  /* how often the header deadline is checked */
#define HTTP_CONN_TIMEOUT    30u      /* idle connection timeout, seconds */
#define HTTP_MEM_PER_CONN    (16u * 1024) /* libmicrohttpd per-connection pool:
                                         the request header must fit (431
                                         beyond); zeroed for every request */
#define HTTP_GZIP_MIN        256u     /* bytes: smaller bodies are sent as they are */
#define HTTP_GZIP_FAST       1        /* zlib level when a page is first sent */
#define HTTP_GZIP_BEST       9        /* zlib level once a page is read often */
#define HTTP_GZIP_BEST_HITS  3        /* cached gzip requests before that */

/* Notifications of changes (PostgreSQL LISTEN). */
#define NOTIFY_WAIT_MS       500      /* longest wait before checking for stop */
#define NOTIFY_RETRY_MS      2000     /* pause before listening again after a
                                         lost connection */

/* Units. UNIT_DEPTH_MAX is written into SQL (stmts.c): no suffix. */
#define UNIT_DEPTH_MAX       16       /* levels of parent units above a unit */

/* A unit's page. */
#define UNIT_PAGE_PLANS      10       /* plans on one page of a unit's view */
#define UNIT_PAGES_MAX       10000    /* the highest page number asked for */

/* The audit trail's pages (issue 7 §6). */
#define AUDIT_PAGE_SIZE      50u      /* entries on one page, newest first */
#define AUDIT_PAGE_MAX       500u     /* the most a caller may ask for */

/* Home page. */
#define HOME_ORGS_LISTED     12u      /* organisations shown in full; more get
                                         a finder and an index by letter */

/* The action card (issue 8 §5): one A4 page, so its text is short. */
#define CARD_FILE_MAX        (256u * 1024) /* a card file, bytes */
#define CARD_STEPS_MAX       12u      /* steps on one card */
#define CARD_TEXT_MAX        1500u    /* one step's "what to do", bytes */
#define CARD_LINKS_MAX       12u      /* units or directory entries of a step */
#define CARD_PDF_FONT_PT     10.0     /* the PDF's body text, points ... */
#define CARD_PDF_FONT_MIN_PT 6.0      /* ... shrunk down to this to fit one page */

/* Routes (src/http/routes.h); routes_check refuses a table beyond them. */
#define ROUTE_SEGMENTS_MAX   12u      /* path segments of a route pattern */
#define ROUTE_PARAMS_MAX     6u       /* ":name" parameters in one pattern */
#define ROUTE_FIELDS_MAX     32u      /* form fields one route declares */

/* Search. Every word of a query counts; HTTP_QUERY_FIELD_MAX bounds
 * their number. */
#define SEARCH_RESULTS_MAX   200u     /* hits shown */
#define SEARCH_SQL_WORDS     8        /* words of a query the database matches
                                         (the rest are matched on its rows) */
#define SEARCH_SCAN_MAX      1000000  /* rows read when more words than that */

/* Rendered-page cache. */
#define CACHE_SLOTS          256u     /* direct-mapped slots */
#define CACHE_BYTES_MAX      (6u * 1024 * 1024) /* bodies held at most */
/* The public plan pages show each indicator's reported status; a saved
 * report does not move the data generation (that would serialise the
 * saves on one row and empty the whole page cache at every save in the
 * September rush), so those pages are kept this long at most. */
#define ORG_LOGO_MAX         80u      /* an organisation's logo text, bytes */
#define CACHE_STATUS_TTL_MS  5000u    /* milliseconds */
#define CACHE_RECHECK_MS     100u     /* the data generation is read from the
                                         database at most this often: a change
                                         by another process is served within it */

/* The yearly report (src/domain/report.h, src/store/report.c). */
#define REPORT_COMMENT_MAX   2000u    /* a report's comment, bytes */
#define REPORT_EVALUATION_MAX 20000u  /* its written evaluation, bytes */
#define REPORT_VERSION_MAX   1000000  /* saves of one indicator in one year */
#define REPORT_PAGE_MAX      600u     /* indicators on one report page: each
                                         takes at most 6 form fields, and a
                                         form holds FORM_FIELDS_MAX */

/* Accounts and sessions (src/http/auth.c). */
#define ACCOUNT_EMAIL_MAX    254u     /* an account's e-mail address, bytes */
#define ACCOUNT_PASSWORD_MIN 10u      /* a new password, characters */
#define ACCOUNT_PASSWORD_MAX 1024u    /* a password, bytes */
#define AUTH_HASHES_MAX      4        /* Argon2id hashes computed at once: each
                                         takes 64 MiB (libsodium's interactive
                                         limit), so at most 256 MiB */
#define AUTH_HASH_WAIT_MS    2000     /* a sign-in waits this long for a turn,
                                         then is answered 503 */
#define SESSION_IDLE_S       (2 * 3600)  /* a session unused this long ends */
#define SESSION_MAX_S        (12 * 3600) /* and any session after this long */
#define SESSION_TOUCH_S      60       /* seen_at is written at most this often */
#define LOGIN_FORM_MAX_S     (2 * 3600)  /* a login form's token is good this long */
#define THROTTLE_WINDOW_S    (15 * 60)   /* failures older than this are forgotten */
#define THROTTLE_LOCK_S      (15 * 60)   /* a lock lasts this long */
#define THROTTLE_ACCOUNT_FREE 5       /* failed sign-ins to one account before
                                         each next attempt must wait (1 s, 2 s,
                                         4 s…) */
#define THROTTLE_ACCOUNT_LOCK 10      /* failures that lock it THROTTLE_LOCK_S */
#define THROTTLE_ADDRESS_FREE 20      /* the same from one client address (many
                                         employees share one address) */
#define THROTTLE_ADDRESS_LOCK 100

#endif
