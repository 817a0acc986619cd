/* server.h — the HTTP server (libmicrohttpd): request life cycle, one
 * database connection per worker thread, the page cache, the access log
 * (method, path without query, status, size, time, whether the page came
 * from the cache — never an address). */
#ifndef TILTAK_SERVER_H
#define TILTAK_SERVER_H
#include <stdbool.h>

struct server_config {
	const char *db_path;
	const char *listen;   /* "127.0.0.1:8080", "[::1]:0" */
	int         threads;
	bool        quiet;
	unsigned    per_client;      /* connections per client address; 0: no cap */
	unsigned    header_timeout;  /* seconds to send a whole request header */
};

/* Serves until SIGINT or SIGTERM. Returns the process exit status. */
int server_run(const struct server_config *);

#endif
