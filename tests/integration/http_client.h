/* http_client.h — a tiny raw-socket HTTP/1.1 client for the integration
 * tests. It talks to 127.0.0.1 only, sends exactly the bytes it is given
 * (so malformed requests can be sent as they are), and reads responses
 * framed by Content-Length (or chunked, or by the connection closing).
 * Several requests may share one connection (keep-alive). No libcurl. */
#ifndef TILTAK_TEST_HTTP_CLIENT_H
#define TILTAK_TEST_HTTP_CLIENT_H
#include <stdbool.h>
#include <stddef.h>

struct http_header {
	char *name;
	char *value;
};

struct http_response {
	char               *version;   /* "HTTP/1.1" */
	int                 status;    /* 200, 404, … */
	char               *reason;    /* "OK" */
	struct http_header *headers;   /* in the order received */
	size_t              nheaders;
	char               *body;      /* NUL-terminated copy; never NULL after a read */
	size_t              body_len;
	size_t              head_len;  /* bytes of status line and headers, CRLFCRLF included */
};

struct http_conn {
	int     fd;
	char   *buf;        /* bytes received and not yet consumed */
	size_t  len, cap;
	bool    eof;        /* the peer closed its side */
};

/* Milliseconds one read or write may wait (default 10 000). */
void http_set_timeout_ms(int ms);
int http_timeout_ms(void);

/* Connects to 127.0.0.1:port. Returns 0, or -1 with errno set. */
int http_connect(struct http_conn *c, int port);
void http_close(struct http_conn *c);

/* Sends len bytes as they are. Returns 0, or -1. */
int http_send(struct http_conn *c, const void *data, size_t len);
int http_send_str(struct http_conn *c, const char *s);

/* Reads one response. no_body: the request was HEAD (the response has
 * headers only, whatever Content-Length says). Returns 0, or -1 when the
 * connection closed or timed out before a whole response arrived, or the
 * response could not be parsed. */
int http_read_response(struct http_conn *c, struct http_response *r, bool no_body);

/* Reads whatever arrives until the peer closes or the timeout; returns
 * the bytes (NUL-terminated, caller frees) and their count in *len.
 * *timed_out tells whether the peer never closed. */
char *http_read_all(struct http_conn *c, size_t *len, bool *timed_out);

/* One request on a fresh connection: "METHOD TARGET HTTP/1.1", Host,
 * "Connection: close", then extra_headers (each line ending in CRLF, or
 * NULL). Returns 0 or -1. */
int http_request(int port, const char *method, const char *target,
    const char *extra_headers, struct http_response *r);
int http_get(int port, const char *target, struct http_response *r);

/* Parses a complete response held in data (e.g. from http_read_all).
 * Returns 0 or -1. */
int http_parse_response(const char *data, size_t len, bool no_body,
    struct http_response *r);

/* The first header called name (case-insensitive), or NULL. */
const char *http_header(const struct http_response *r, const char *name);
/* How many headers are called name (case-insensitive). */
size_t http_header_count(const struct http_response *r, const char *name);

void http_response_free(struct http_response *r);

#endif
