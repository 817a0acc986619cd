/* report.c — the yearly report under load (make bench): N reporters,
 * each signed in with its own account, save their whole yearly report
 * (every indicator of their unit changed: one POST, one transaction) over
 * and over for a number of seconds, each from its own connection, as a
 * closed loop. A benchmark, not a test: it prints figures.
 *
 *   report -p PORT -c REPORTERS -d SECONDS -P PLAN -y YEAR -w PASSWORD
 *          -e EMAIL_FORMAT [-s | -o]
 *
 * EMAIL_FORMAT names reporter i (from 1) with one %d
 * ("r%d@bench.example"). Each reporter first signs in through /login and
 * reads its report page (the CSRF token and its indicators' field
 * names). Prints:
 *   reports/s: N            whole-page saves a second
 *   rows/s: N               indicator reports written a second
 *   50% X.XXms / 99% X.XXms / max X.XXms
 *   errors: N               answers other than 303 (or none)
 * With -s, each reporter instead saves its report for the year before
 * YEAR once (a plan in its second year has those), and -d is ignored.
 * With -o (open), each saves its report once, all released at the same
 * moment: the deadline's rush rather than a closed loop.
 * Exits 1 if a reporter cannot sign in or read its page. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPORTERS 256
#define MAX_FIELDS    64
#define BUCKETS       100000   /* 100 µs buckets up to 10 s */
#define BUF           (512 * 1024)

static int port, reporters = 50, seconds = 10, year;
static bool seed, once;
static pthread_barrier_t start;
static const char *plan, *password, *email_fmt;
static double duration;

struct reporter {
	pthread_t th;
	int       id;
	char      cookie[128];
	char      csrf[128];
	char      keys[MAX_FIELDS][96];   /* "MEASURE.NUMBER" */
	int       versions[MAX_FIELDS];   /* the current version of each */
	int       nkeys;
	uint64_t  done, errors;
	uint64_t *hist;
	char     *buf;
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One request on a new connection; the response in buf (NUL-ended);
 * its status, or 0. */
static int
exchange(const char *req, size_t n, char *buf)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	size_t have = 0;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
		size_t off = 0;
		while (off < n) {
			ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		ssize_t got;
		while (have < BUF - 1 && (got = recv(fd, buf + have, BUF - 1 - have, 0)) > 0)
			have += (size_t)got;
	}
	close(fd);
	buf[have] = '\0';
	return strncmp(buf, "HTTP/1.1 ", 9) == 0 ? atoi(buf + 9) : 0;
}

/* The value of attribute-quoted text after marker in s, into out. */
static bool
after(const char *s, const char *marker, char *out, size_t outsz)
{
	const char *p = strstr(s, marker);
	if (p == NULL)
		return false;
	p += strlen(marker);
	size_t n = strcspn(p, "\"\r\n;");
	if (n >= outsz)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static bool
sign_in(struct reporter *r)
{
	char req[2048], email[128], token[256];
	snprintf(email, sizeof(email), email_fmt, r->id);
	int n = snprintf(req, sizeof(req), "GET /login HTTP/1.1\r\nHost: b\r\n"
	    "Connection: close\r\n\r\n");
	if (exchange(req, (size_t)n, r->buf) != 200 ||
	    !after(r->buf, "name=\"csrf\" value=\"", token, sizeof(token)))
		return false;
	char body[1024];
	/* The token and address hold only [A-Za-z0-9._@-]; the password
	 * is sent as given (the script's has no reserved characters). */
	snprintf(body, sizeof(body), "csrf=%s&email=%s&password=%s", token, email, password);
	n = snprintf(req, sizeof(req), "POST /login HTTP/1.1\r\nHost: b\r\nConnection: "
	    "close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
	    "%zu\r\n\r\n%s", strlen(body), body);
	if (exchange(req, (size_t)n, r->buf) != 303 ||
	    !after(r->buf, "tiltak_session=", r->cookie, sizeof(r->cookie)))
		return false;
	n = snprintf(req, sizeof(req), "GET /admin/report/%s?year=%d HTTP/1.1\r\nHost: b\r\n"
	    "Connection: close\r\nCookie: tiltak_session=%s\r\n\r\n", plan, year, r->cookie);
	if (exchange(req, (size_t)n, r->buf) != 200 ||
	    !after(r->buf, "name=\"csrf\" value=\"", r->csrf, sizeof(r->csrf)))
		return false;
	/* The report form's own token (the last form on the page). */
	for (const char *p = r->buf; (p = strstr(p, "name=\"csrf\" value=\"")) != NULL; p++)
		after(p, "name=\"csrf\" value=\"", r->csrf, sizeof(r->csrf));
	for (const char *p = r->buf; r->nkeys < MAX_FIELDS &&
	    (p = strstr(p, "name=\"version.")) != NULL; p++) {
		char v[16] = "0";
		after(p, "name=\"version.", r->keys[r->nkeys], sizeof(r->keys[0]));
		after(p, "value=\"", v, sizeof(v));
		r->versions[r->nkeys++] = atoi(v);
	}
	return r->nkeys > 0;
}

static void *
run(void *arg)
{
	struct reporter *r = arg;
	char *body = malloc(64 * 1024), *req = malloc(72 * 1024);
	if (once)
		pthread_barrier_wait(&start);
	double end = now() + duration;
	for (uint64_t k = 0; (seed || once) ? k < 1 : now() < end; k++) {
		size_t b = (size_t)snprintf(body, 64 * 1024, "csrf=%s&year=%d", r->csrf,
		    seed ? year - 1 : year);
		for (int i = 0; i < r->nkeys; i++)
			b += (size_t)snprintf(body + b, 64 * 1024 - b, "&status.%s=%s&progress.%s=%d"
			    "&comment.%s=Runde+%llu%%2C+rapport%%C3%%B8r+%d&evaluation.%s=Evaluering+"
			    "av+tiltaket%%2C+runde+%llu&version.%s=%d", r->keys[i],
			    k % 2 ? "in_progress" : "done", r->keys[i], (int)(k % 101), r->keys[i],
			    (unsigned long long)k, r->id, r->keys[i], (unsigned long long)k,
			    r->keys[i], seed ? 0 : r->versions[i]);
		int n = snprintf(req, 72 * 1024, "POST /admin/report/%s HTTP/1.1\r\nHost: b\r\n"
		    "Connection: close\r\nCookie: tiltak_session=%s\r\nContent-Type: "
		    "application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s", plan,
		    r->cookie, b, body);
		double t0 = now();
		int st = exchange(req, (size_t)n, r->buf);
		double ms = (now() - t0) * 1000;
		size_t bucket = (size_t)(ms * 10);
		r->hist[bucket < BUCKETS ? bucket : BUCKETS - 1]++;
		if (st == 303) {
			/* "saved=0": nothing had changed (the same text as
			 * the save before, as after a run with -o). */
			const char *sv = strstr(r->buf, "saved=");
			r->done++;
			for (int i = 0; sv != NULL && atoi(sv + 6) > 0 && i < r->nkeys; i++)
				r->versions[i]++;
		} else {
			r->errors++;
			if (r->errors == 1)
				fprintf(stderr, "report: reporter %d: status %d\n%.400s\n", r->id, st,
				    r->buf);
		}
	}
	free(body);
	free(req);
	return NULL;
}

int
main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "p:c:d:P:y:w:e:so")) != -1) {
		switch (c) {
		case 'p': port = atoi(optarg); break;
		case 'c': reporters = atoi(optarg); break;
		case 'd': seconds = atoi(optarg); break;
		case 'P': plan = optarg; break;
		case 'y': year = atoi(optarg); break;
		case 'w': password = optarg; break;
		case 'e': email_fmt = optarg; break;
		case 's': seed = true; break;
		case 'o': once = true; break;
		default: return 2;
		}
	}
	if (!port || !plan || !year || !password || !email_fmt || reporters < 1 ||
	    reporters > MAX_REPORTERS || seconds < 1) {
		fprintf(stderr, "usage: report -p PORT -c N -d SECONDS -P PLAN -y YEAR "
		    "-w PASSWORD -e EMAIL_FORMAT [-s | -o]\n");
		return 2;
	}
	duration = seconds;
	static struct reporter rs[MAX_REPORTERS];
	int keys = 0;
	for (int i = 0; i < reporters; i++) {
		rs[i].id = i + 1;
		rs[i].buf = malloc(BUF);
		rs[i].hist = calloc(BUCKETS, sizeof(uint64_t));
		if (!sign_in(&rs[i])) {
			fprintf(stderr, "report: reporter %d cannot sign in or read its page\n"
			    "%.600s\n", i + 1, rs[i].buf);
			return 1;
		}
		keys += rs[i].nkeys;
	}
	pthread_barrier_init(&start, NULL, (unsigned)reporters);
	double t0 = now();
	for (int i = 0; i < reporters; i++)
		pthread_create(&rs[i].th, NULL, run, &rs[i]);
	uint64_t done = 0, errors = 0, rows = 0, total = 0;
	static uint64_t hist[BUCKETS];
	for (int i = 0; i < reporters; i++) {
		pthread_join(rs[i].th, NULL);
		done += rs[i].done;
		errors += rs[i].errors;
		rows += rs[i].done * (uint64_t)rs[i].nkeys;
		for (size_t b = 0; b < BUCKETS; b++)
			hist[b] += rs[i].hist[b];
	}
	double secs = now() - t0;
	for (size_t b = 0; b < BUCKETS; b++)
		total += hist[b];
	double p50 = 0, p99 = 0, max = 0;
	uint64_t seen = 0;
	for (size_t b = 0; b < BUCKETS; b++) {
		if (hist[b] == 0)
			continue;
		seen += hist[b];
		if (p50 == 0 && seen * 2 >= total)
			p50 = (b + 1) / 10.0;
		if (p99 == 0 && seen * 100 >= total * 99)
			p99 = (b + 1) / 10.0;
		max = (b + 1) / 10.0;
	}
	printf("reporters: %d, indicators a page: %.1f\n", reporters, (double)keys / reporters);
	printf("reports/s: %.1f\n", done / secs);
	printf("rows/s: %.1f\n", rows / secs);
	printf("50%% %.2fms / 99%% %.2fms / max %.2fms\n", p50, p99, max);
	printf("errors: %llu\n", (unsigned long long)errors);
	for (int i = 0; i < reporters; i++) {
		free(rs[i].buf);
		free(rs[i].hist);
	}
	return 0;
}
