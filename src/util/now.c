/* now.c — the time now, or the test clock (see now.h). */
#include "util/now.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/clock.h"

/* The test clock: read once, the first time the clock is. */
static pthread_once_t  once = PTHREAD_ONCE_INIT;
static bool            test_set;
static int64_t         test_start;   /* the moment it was set to */
static struct timespec test_since;   /* CLOCK_MONOTONIC when it was read */

static void
read_env(void)
{
	const char *v = getenv("TILTAK_TEST_NOW");
	if (v != NULL && clock_parse_utc(v, &test_start)) {
		test_set = true;
		clock_gettime(CLOCK_MONOTONIC, &test_since);
	}
}

bool
now_test_start(int64_t *start)
{
	pthread_once(&once, read_env);
	if (test_set && start)
		*start = test_start;
	return test_set;
}

int64_t
now_unix(void)
{
	pthread_once(&once, read_env);
	if (!test_set)
		return (int64_t)time(NULL);
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return test_start + (int64_t)(t.tv_sec - test_since.tv_sec) -
	    (t.tv_nsec < test_since.tv_nsec);
}
