/* coldstart.c — time from spawning a server to its first HTTP 200.
 *
 *   coldstart RUNS PATH PROGRAM [ARG...]
 *
 * For each run: picks a free port on 127.0.0.1, then takes the time,
 * forks and execs "PROGRAM ARG... --listen 127.0.0.1:PORT" (standard
 * output and error to /dev/null), and every ~0.2 ms tries to connect and
 * send "GET PATH"; the clock stops when a response with status 200 has
 * begun to arrive. The server is then stopped (SIGTERM, SIGKILL after 2 s)
 * and reaped before the next run.
 *
 * Prints one line per run, "run 3: 5.123 ms", then "median: 5.123 ms".
 * Exits 1 if a server exits or does not answer 200 within 10 s.
 *
 * Part of scripts/bench.sh (a benchmark, never part of make test); built
 * with "cc -O2 -o build/bench/coldstart tests/bench/coldstart.c". */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS_MAX     100
#define TRY_EVERY_NS 200000L  /* 0.2 ms between attempts */
#define GIVE_UP_S    10.0

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A port that is free at this moment: bind port 0, read it, close. */
static int
free_port(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return -1;
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(a);
	int port = -1;
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(s, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(s);
	return port;
}

/* One attempt: 1 if the answer's status line says 200, 0 otherwise
 * (refused, reset, another status). */
static int
try_get(int port, const char *path)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return 0;
	struct sockaddr_in a = {0};
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = 0;
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) == 0) {
		int one = 1;
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		struct timeval tv = {2, 0};
		setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		char req[512];
		int n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		    "Connection: close\r\n\r\n", path, port);
		if (n > 0 && (size_t)n < sizeof(req) && write(s, req, (size_t)n) == n) {
			char buf[64];
			size_t got = 0;
			while (got < 12) {
				ssize_t k = read(s, buf + got, sizeof(buf) - 1 - got);
				if (k <= 0)
					break;
				got += (size_t)k;
			}
			buf[got] = '\0';
			ok = got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 &&
			    strncmp(buf + 9, "200", 3) == 0;
		}
	}
	close(s);
	return ok;
}

static void
stop(pid_t pid)
{
	kill(pid, SIGTERM);
	double t0 = now_ms();
	for (;;) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		if (now_ms() - t0 > 2000) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return;
		}
		struct timespec d = {0, 1000000L};
		nanosleep(&d, NULL);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	if (argc < 4) {
		fputs("usage: coldstart RUNS PATH PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	const char *path = argv[2];
	if (runs < 1 || runs > RUNS_MAX || path[0] != '/') {
		fputs("coldstart: RUNS is 1..100, PATH starts with '/'\n", stderr);
		return 2;
	}
	int nargs = argc - 3;
	char **args = calloc((size_t)nargs + 3, sizeof(char *));
	if (args == NULL)
		return 1;
	for (int i = 0; i < nargs; i++)
		args[i] = argv[3 + i];
	char listen[64];
	args[nargs] = "--listen";
	args[nargs + 1] = listen;
	args[nargs + 2] = NULL;

	double ms[RUNS_MAX];
	for (int r = 0; r < runs; r++) {
		int port = free_port();
		if (port <= 0) {
			perror("coldstart: no free port");
			return 1;
		}
		snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);

		double t0 = now_ms();
		pid_t pid = fork();
		if (pid < 0) {
			perror("coldstart: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, STDOUT_FILENO);
				dup2(fd, STDERR_FILENO);
				close(fd);
			}
			execv(args[0], args);
			_exit(127);
		}
		double t = -1;
		for (;;) {
			if (try_get(port, path)) {
				t = now_ms() - t0;
				break;
			}
			int st;
			if (waitpid(pid, &st, WNOHANG) == pid) {
				fprintf(stderr, "coldstart: %s exited (status %d) before answering\n",
				    args[0], WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
				return 1;
			}
			if (now_ms() - t0 > GIVE_UP_S * 1e3) {
				fprintf(stderr, "coldstart: no 200 on %s within %.0f s\n", path,
				    GIVE_UP_S);
				stop(pid);
				return 1;
			}
			struct timespec d = {0, TRY_EVERY_NS};
			nanosleep(&d, NULL);
		}
		stop(pid);
		ms[r] = t;
		printf("run %d: %.3f ms\n", r + 1, t);
		fflush(stdout);
	}
	qsort(ms, (size_t)runs, sizeof(double), cmp_double);
	double med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	printf("median: %.3f ms\n", med);
	free(args);
	return 0;
}
