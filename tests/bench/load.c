/* load.c — a small closed-loop HTTP/1.1 load generator for the one case
 * wrk cannot measure: a 304 Not Modified that carries the Content-Length
 * of the representation (RFC 9110 8.6 allows it, and libmicrohttpd sends
 * it), which wrk's parser takes as a body to wait for. It frames
 * responses as RFC 9112 6.3 says: no body after a 304, a 204 or a 1xx.
 *
 *   load -t THREADS -c CONNECTIONS -d SECONDS [-H "Name: value"]... URL
 *
 * URL is http://127.0.0.1:PORT/path (loopback only). Prints, in wrk's
 * words so scripts/bench.sh reads both alike:
 *   Requests/sec: N
 *   50% X.XXms / 99% X.XXms
 *   Non-2xx or 3xx responses: N   (only if any)
 * Exits 1 if it cannot connect or a response cannot be parsed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS   1024
#define BUCKETS     100000   /* latency histogram: 10 µs buckets up to 1 s */
#define BUF         (256 * 1024)

static char      request[8192];
static size_t    request_len;
static struct sockaddr_in addr;
static double    duration;

struct conn {
	int     fd;
	size_t  sent;
	size_t  have;
	double  start;
	char   *buf;
};

struct worker {
	pthread_t  th;
	int        nconns;
	uint64_t   done, bad, errors;
	uint64_t  *hist;
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
conn_open(struct conn *c, int ep)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		return -1;
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 &&
	    errno != EINPROGRESS)
		return -1;
	c->sent = c->have = 0;
	c->start = now();
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
	return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

/* Length of a whole response at the start of buf[0..n), 0 if more is
 * needed, -1 if malformed. *status gets the status code. */
static long
framed(const char *buf, size_t n, int *status)
{
	const char *end = memmem(buf, n, "\r\n\r\n", 4);
	if (end == NULL)
		return n > BUF / 2 ? -1 : 0;
	size_t head = (size_t)(end - buf) + 4;
	if (n < 12 || strncmp(buf, "HTTP/1.", 7) != 0)
		return -1;
	*status = atoi(buf + 9);
	if (*status == 304 || *status == 204 || *status < 200)
		return (long)head;
	long cl = -1;
	for (const char *p = buf; p < end; ) {
		const char *eol = memmem(p, (size_t)(end - p) + 2, "\r\n", 2);
		if (eol == NULL)
			break;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			cl = atol(p + 15);
		p = eol + 2;
	}
	if (cl < 0)
		return -1; /* this tool reads framed responses only */
	return n >= head + (size_t)cl ? (long)(head + (size_t)cl) : 0;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	int ep = epoll_create1(0);
	struct conn *cs = calloc((size_t)w->nconns, sizeof(*cs));
	for (int i = 0; i < w->nconns; i++) {
		cs[i].buf = malloc(BUF);
		if (conn_open(&cs[i], ep) != 0) {
			perror("load: connect");
			exit(1);
		}
	}
	double stop = now() + duration;
	struct epoll_event evs[64];
	while (now() < stop) {
		int k = epoll_wait(ep, evs, 64, 100);
		for (int i = 0; i < k; i++) {
			struct conn *c = evs[i].data.ptr;
			if (c->sent < request_len && (evs[i].events & EPOLLOUT)) {
				ssize_t s = send(c->fd, request + c->sent, request_len - c->sent,
				    MSG_NOSIGNAL);
				if (s > 0)
					c->sent += (size_t)s;
				if (c->sent == request_len) {
					struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
					epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				}
			}
			if (!(evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				continue;
			ssize_t r = recv(c->fd, c->buf + c->have, BUF - c->have, 0);
			if (r <= 0) {
				if (r < 0 && errno == EAGAIN)
					continue;
				w->errors++; /* the server closed: reconnect */
				close(c->fd);
				conn_open(c, ep);
				continue;
			}
			c->have += (size_t)r;
			int status = 0;
			long len = framed(c->buf, c->have, &status);
			if (len < 0) {
				fprintf(stderr, "load: a response cannot be parsed\n");
				exit(1);
			}
			if (len == 0)
				continue;
			double lat = now() - c->start;
			size_t b = (size_t)(lat * 1e5);
			w->hist[b < BUCKETS ? b : BUCKETS - 1]++;
			w->done++;
			if (status < 200 || status > 399)
				w->bad++;
			memmove(c->buf, c->buf + len, c->have - (size_t)len);
			c->have -= (size_t)len;
			c->sent = 0;
			c->start = now();
			struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
	}
	for (int i = 0; i < w->nconns; i++) {
		close(cs[i].fd);
		free(cs[i].buf);
	}
	free(cs);
	close(ep);
	return NULL;
}

static double
percentile(const uint64_t *hist, uint64_t total, double p)
{
	uint64_t want = (uint64_t)((double)total * p), seen = 0;
	for (size_t i = 0; i < BUCKETS; i++) {
		seen += hist[i];
		if (seen >= want && seen > 0)
			return (double)(i + 1) / 100.0; /* ms, bucket's upper edge */
	}
	return 1000.0;
}

int
main(int argc, char **argv)
{
	int threads = 2, conns = 64;
	duration = 10;
	const char *url = NULL;
	char headers[4096] = "";
	for (int i = 1; i < argc; i++) {
		/* "-t2" or "-t 2", as wrk takes them; "-d10s" means 10 s. */
		const char *a = argv[i];
		const char *v = NULL;
		if (a[0] == '-' && strchr("tcd", a[1]) && a[1] != '\0')
			v = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
		if (v && a[1] == 't')
			threads = atoi(v);
		else if (v && a[1] == 'c')
			conns = atoi(v);
		else if (v && a[1] == 'd')
			duration = atof(v);
		else if (strcmp(argv[i], "-H") == 0 && i + 1 < argc) {
			strncat(headers, argv[++i], sizeof(headers) - strlen(headers) - 3);
			strcat(headers, "\r\n");
		} else if (strcmp(argv[i], "--latency") == 0) {
			; /* always reported; accepted so wrk's arguments work */
		} else
			url = argv[i];
	}
	int port = 0;
	char path[4096];
	if (url == NULL || threads < 1 || conns < threads || conns > MAX_CONNS ||
	    sscanf(url, "http://127.0.0.1:%d%4095s", &port, path) != 2) {
		fprintf(stderr, "usage: load -t N -c N -d SECONDS [-H HEADER]... "
		    "http://127.0.0.1:PORT/PATH\n");
		return 2;
	}
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
	request_len = (size_t)snprintf(request, sizeof(request),
	    "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s\r\n", path, port, headers);

	struct worker *ws = calloc((size_t)threads, sizeof(*ws));
	double t0 = now();
	for (int i = 0; i < threads; i++) {
		ws[i].nconns = conns / threads + (i < conns % threads);
		ws[i].hist = calloc(BUCKETS, sizeof(uint64_t));
		pthread_create(&ws[i].th, NULL, work, &ws[i]);
	}
	uint64_t *hist = calloc(BUCKETS, sizeof(uint64_t));
	uint64_t done = 0, bad = 0, errors = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(ws[i].th, NULL);
		for (size_t b = 0; b < BUCKETS; b++)
			hist[b] += ws[i].hist[b];
		done += ws[i].done;
		bad += ws[i].bad;
		errors += ws[i].errors;
		free(ws[i].hist);
	}
	double took = now() - t0;
	printf("  %llu requests in %.2fs\n", (unsigned long long)done, took);
	printf("  Latency Distribution\n");
	printf("     50%%    %.2fms\n", percentile(hist, done, 0.50));
	printf("     99%%    %.2fms\n", percentile(hist, done, 0.99));
	if (bad)
		printf("  Non-2xx or 3xx responses: %llu\n", (unsigned long long)bad);
	if (errors)
		printf("  Socket errors: connect 0, read %llu, write 0, timeout 0\n",
		    (unsigned long long)errors);
	printf("Requests/sec: %.2f\n", (double)done / took);
	free(hist);
	free(ws);
	return 0;
}
