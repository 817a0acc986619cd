/* http_client.c — see http_client.h. */
#include "integration/http_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int timeout_ms = 10000;

void
http_set_timeout_ms(int ms)
{
	timeout_ms = ms > 0 ? ms : 10000;
}

int
http_timeout_ms(void)
{
	return timeout_ms;
}

static void *
xrealloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL) {
		fputs("http_client: out of memory\n", stderr);
		abort();
	}
	return q;
}

static char *
dup_range(const char *s, size_t n)
{
	char *d = xrealloc_or_die(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
http_connect(struct http_conn *c, int port)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (port <= 0 || port > 65535) {
		errno = EINVAL;
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* never anything else */
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	return 0;
}

void
http_close(struct http_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

int
http_send(struct http_conn *c, const void *data, size_t len)
{
	const char *p = data;
	long long deadline = now_ms() + timeout_ms;
	while (len > 0) {
		struct pollfd pfd = {.fd = c->fd, .events = POLLOUT};
		long long left = deadline - now_ms();
		if (left <= 0)
			return -1;
		int pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return -1;
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
http_send_str(struct http_conn *c, const char *s)
{
	return http_send(c, s, strlen(s));
}

/* Receives more bytes into c->buf. Returns 1 if some arrived, 0 at end of
 * stream (or a reset), -1 on timeout. */
static int
fill(struct http_conn *c, long long deadline)
{
	if (c->eof)
		return 0;
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return -1;
		struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
		int pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return -1;
		if (pr == 0)
			return -1;
		if (c->cap - c->len < 16384) {
			c->cap = c->cap ? c->cap * 2 : 65536;
			c->buf = xrealloc_or_die(c->buf, c->cap);
		}
		ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len - 1, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) { /* closed, or reset by the peer */
			c->eof = true;
			return 0;
		}
		c->len += (size_t)n;
		c->buf[c->len] = '\0';
		return 1;
	}
}

void
http_response_free(struct http_response *r)
{
	if (r == NULL)
		return;
	free(r->version);
	free(r->reason);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static const char *
find_crlfcrlf(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++)
		if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == '\r' && s[i + 3] == '\n')
			return s + i;
	return NULL;
}

static void
trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* Parses the status line and headers of buf[0..n). Returns the length of
 * the head, 0 if it is not complete yet, -1 if it is malformed. */
static long
parse_head(const char *buf, size_t n, struct http_response *r)
{
	const char *end = find_crlfcrlf(buf, n);
	if (end == NULL)
		return 0;
	size_t head_len = (size_t)(end - buf) + 4;
	const char *line = buf;
	const char *eol = memchr(line, '\r', (size_t)(end - line) + 1);
	/* Status line: VERSION SP STATUS SP REASON */
	const char *sp1 = memchr(line, ' ', (size_t)(eol - line));
	if (sp1 == NULL || (size_t)(sp1 - line) < 6 || strncmp(line, "HTTP/", 5) != 0)
		return -1;
	const char *code = sp1 + 1;
	if (eol - code < 3)
		return -1;
	for (int i = 0; i < 3; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	if (eol - code > 3 && code[3] != ' ')
		return -1;
	r->version = dup_range(line, (size_t)(sp1 - line));
	r->status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
	r->reason = eol - code > 4 ? dup_range(code + 4, (size_t)(eol - code - 4)) : dup_range("", 0);
	/* Header lines. */
	line = eol + 2;
	size_t cap = 0;
	while (line < end + 2) {
		eol = memchr(line, '\r', (size_t)(end + 2 - line));
		if (eol == NULL || eol == line)
			break;
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL || colon == line)
			return -1;
		const char *ns = line, *ne = colon, *vs = colon + 1, *ve = eol;
		trim(&ns, &ne);
		trim(&vs, &ve);
		if (r->nheaders == cap) {
			cap = cap ? cap * 2 : 16;
			r->headers = xrealloc_or_die(r->headers, cap * sizeof(*r->headers));
		}
		r->headers[r->nheaders].name = dup_range(ns, (size_t)(ne - ns));
		r->headers[r->nheaders].value = dup_range(vs, (size_t)(ve - vs));
		r->nheaders++;
		line = eol + 2;
	}
	r->head_len = head_len;
	return (long)head_len;
}

static bool
has_token(const char *value, const char *token)
{
	size_t tl = strlen(token);
	for (const char *p = value; p && *p; ) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *te = e;
		while (te > p && (te[-1] == ' ' || te[-1] == '\t'))
			te--;
		if ((size_t)(te - p) == tl && strncasecmp(p, token, tl) == 0)
			return true;
		p = e;
	}
	return false;
}

/* Decodes a chunked body starting at buf. Returns 1 when complete (body in
 * *out, bytes used in *used), 0 if more bytes are needed, -1 if bad. */
static int
dechunk(const char *buf, size_t n, char **out, size_t *outlen, size_t *used)
{
	size_t pos = 0, blen = 0;
	char *body = NULL;
	for (;;) {
		const char *eol = NULL;
		for (size_t i = pos; i + 1 < n; i++)
			if (buf[i] == '\r' && buf[i + 1] == '\n') {
				eol = buf + i;
				break;
			}
		if (eol == NULL)
			goto more;
		char *endp;
		unsigned long size = strtoul(buf + pos, &endp, 16);
		if (endp == buf + pos)
			goto bad;
		pos = (size_t)(eol - buf) + 2;
		if (size == 0) {
			/* Trailers, then an empty line. */
			for (;;) {
				const char *e2 = NULL;
				for (size_t i = pos; i + 1 < n; i++)
					if (buf[i] == '\r' && buf[i + 1] == '\n') {
						e2 = buf + i;
						break;
					}
				if (e2 == NULL)
					goto more;
				bool empty = e2 == buf + pos;
				pos = (size_t)(e2 - buf) + 2;
				if (empty)
					break;
			}
			body = xrealloc_or_die(body, blen + 1);
			body[blen] = '\0';
			*out = body;
			*outlen = blen;
			*used = pos;
			return 1;
		}
		if (n - pos < size + 2)
			goto more;
		body = xrealloc_or_die(body, blen + size + 1);
		memcpy(body + blen, buf + pos, size);
		blen += size;
		pos += size;
		if (buf[pos] != '\r' || buf[pos + 1] != '\n')
			goto bad;
		pos += 2;
	}
more:
	free(body);
	return 0;
bad:
	free(body);
	return -1;
}

/* Tries to take one whole response from buf[0..n). Returns 1 with *used
 * set, 0 if more bytes are needed, -1 if malformed. eof: no more bytes
 * will come (a body without framing ends here). */
static int
try_parse(const char *buf, size_t n, bool eof, bool no_body,
    struct http_response *r, size_t *used)
{
	memset(r, 0, sizeof(*r));
	long hl = parse_head(buf, n, r);
	if (hl <= 0) {
		http_response_free(r);
		return (int)hl;
	}
	size_t head = (size_t)hl;
	if (no_body || (r->status >= 100 && r->status < 200) || r->status == 204 ||
	    r->status == 304) {
		r->body = dup_range("", 0);
		*used = head;
		return 1;
	}
	const char *te = http_header(r, "Transfer-Encoding");
	if (te && has_token(te, "chunked")) {
		size_t u = 0;
		int d = dechunk(buf + head, n - head, &r->body, &r->body_len, &u);
		if (d != 1) {
			http_response_free(r);
			return d;
		}
		*used = head + u;
		return 1;
	}
	const char *cl = http_header(r, "Content-Length");
	if (cl) {
		char *endp;
		errno = 0;
		unsigned long long len = strtoull(cl, &endp, 10);
		if (errno || *endp != '\0' || endp == cl) {
			http_response_free(r);
			return -1;
		}
		if (n - head < len) {
			http_response_free(r);
			return 0;
		}
		r->body = dup_range(buf + head, (size_t)len);
		r->body_len = (size_t)len;
		*used = head + (size_t)len;
		return 1;
	}
	/* No framing: the body runs to the end of the connection. */
	if (!eof) {
		http_response_free(r);
		return 0;
	}
	r->body = dup_range(buf + head, n - head);
	r->body_len = n - head;
	*used = n;
	return 1;
}

int
http_read_response(struct http_conn *c, struct http_response *r, bool no_body)
{
	memset(r, 0, sizeof(*r));
	long long deadline = now_ms() + timeout_ms;
	for (;;) {
		size_t used = 0;
		int t = try_parse(c->buf ? c->buf : "", c->len, c->eof, no_body, r, &used);
		if (t < 0)
			return -1;
		if (t == 1) {
			memmove(c->buf, c->buf + used, c->len - used);
			c->len -= used;
			c->buf[c->len] = '\0';
			return 0;
		}
		if (c->eof)
			return -1;
		int f = fill(c, deadline);
		if (f < 0)
			return -1;
	}
}

char *
http_read_all(struct http_conn *c, size_t *len, bool *timed_out)
{
	long long deadline = now_ms() + timeout_ms;
	*timed_out = false;
	for (;;) {
		int f = fill(c, deadline);
		if (f == 0)
			break;
		if (f < 0) {
			*timed_out = true;
			break;
		}
	}
	char *out = dup_range(c->buf ? c->buf : "", c->len);
	*len = c->len;
	c->len = 0;
	return out;
}

int
http_parse_response(const char *data, size_t len, bool no_body,
    struct http_response *r)
{
	size_t used = 0;
	return try_parse(data, len, true, no_body, r, &used) == 1 ? 0 : -1;
}

int
http_request(int port, const char *method, const char *target,
    const char *extra_headers, struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	struct http_conn c;
	if (http_connect(&c, port) != 0)
		return -1;
	size_t n = strlen(method) + strlen(target) + (extra_headers ? strlen(extra_headers) : 0) + 128;
	char *req = xrealloc_or_die(NULL, n);
	snprintf(req, n, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
	    method, target, extra_headers ? extra_headers : "");
	int rc = http_send_str(&c, req);
	free(req);
	if (rc == 0)
		rc = http_read_response(&c, r, strcmp(method, "HEAD") == 0);
	http_close(&c);
	return rc;
}

int
http_get(int port, const char *target, struct http_response *r)
{
	return http_request(port, "GET", target, NULL, r);
}

const char *
http_header(const struct http_response *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

size_t
http_header_count(const struct http_response *r, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nheaders; i++)
		n += strcasecmp(r->headers[i].name, name) == 0;
	return n;
}
