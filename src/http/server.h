/* server.h — the HTTP server (libmicrohttpd): request life cycle, one
 * database connection per worker thread, the page cache, the access log
 * (method, path without query, status, size, time, whether the page came
 * from the cache — never an address). */
#ifndef TILTAK_SERVER_H
#define TILTAK_SERVER_H
#include <stdbool.h>
#include <stddef.h>

struct server_config {
	const char *db_path;
	const char *listen;   /* "127.0.0.1:8080", "[::1]:0" */
	int         threads;
	bool        quiet;
	unsigned    per_client;      /* connections per client address; 0: no cap */
	unsigned    header_timeout;  /* seconds to send a whole request header */
	const char *client_header;   /* behind a proxy: the header naming the
	                                client's address (X-Real-IP), for the
	                                sign-in throttle; NULL: the peer's */
	bool        secure_cookies;  /* reached over TLS: cookies are Secure */
};

struct request;

/* The client's address as the sign-in throttle counts it (the peer, or
 * client_header's value behind a proxy) into out; "" if unknown. Never
 * logged or stored. */
void server_client_address(const struct request *req, char *out, size_t outsz);

/* Serves until SIGINT or SIGTERM. Returns the process exit status. */
int server_run(const struct server_config *);

#endif
