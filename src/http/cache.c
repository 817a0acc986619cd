/* cache.c — a direct-mapped cache of renditions (rendition.h).
 *
 * libmicrohttpd counts references to a response: its creator holds one,
 * every queue adds one and the end of sending drops it. A cached entry
 * holds the creator's references, so an entry evicted while it is being
 * sent stays alive until the send ends. Lookups take the read lock while
 * they queue; inserts take the write lock. */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util/now.h"
#include "util/xalloc.h"

struct entry {
	char             *key;
	int64_t           gen;
	struct rendition *rd;
	size_t            size;    /* rendition_bytes */
	long long         expires; /* monotonic ms it may be served until; 0: no limit */
};

#define HALF   (CACHE_SLOTS / 2)
#define BUDGET (CACHE_BYTES_MAX / 2)   /* bytes per half */

static struct entry      slots[CACHE_SLOTS];
static size_t            total[2];    /* bytes held by each half */
static pthread_rwlock_t  lock = PTHREAD_RWLOCK_INITIALIZER;

/* FNV-1a into one half of the table: pages (keys without a query part)
 * in the first half, query results (keys with '\n', e.g. searches) in the
 * second, so a stream of distinct searches can only evict other searches,
 * never the plan pages. */
static size_t
slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	bool query = false;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
		query |= *p == '\n';
	}
	return (query ? HALF : 0) + (size_t)(h % HALF);
}

/* The generation held, when it was read (monotonic milliseconds; 0:
 * never, or asked to read again), and whether a thread is reading it. */
static _Atomic int64_t   held_gen;
static _Atomic long long held_at;
static atomic_flag       reading = ATOMIC_FLAG_INIT;

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}

bool
cache_generation(struct db *db, int64_t *gen)
{
	long long at = atomic_load(&held_at), now = now_ms();
	if (at != 0 && now - at < (long long)CACHE_RECHECK_MS) {
		*gen = atomic_load(&held_gen);
		return true;
	}
	if (at != 0 && atomic_flag_test_and_set(&reading)) {
		*gen = atomic_load(&held_gen); /* another thread reads it now */
		return true;
	}
	if (at == 0)
		atomic_flag_test_and_set(&reading);
	int64_t g;
	bool ok = db_generation(db, &g) == DB_OK;
	if (ok) {
		atomic_store(&held_gen, g);
		atomic_store(&held_at, now);
		*gen = g;
	} else if (at != 0) {
		/* Keep serving what we have; try again after the interval. */
		fprintf(stderr, "tiltak: database: %s\n", db_errmsg(db));
		atomic_store(&held_at, now);
		*gen = atomic_load(&held_gen);
		ok = true;
	}
	atomic_flag_clear(&reading);
	return ok;
}

void
cache_generation_changed(void)
{
	atomic_store(&held_at, 0);
}

void
cache_init(void)
{
	atomic_store(&held_at, 0);
	memset(slots, 0, sizeof(slots));
	total[0] = total[1] = 0;
}

static void
drop(struct entry *e)
{
	rendition_free(e->rd);
	free(e->key);
	total[e - slots >= (ptrdiff_t)HALF] -= e->size;
	memset(e, 0, sizeof(*e));
}

void
cache_destroy(void)
{
	pthread_rwlock_wrlock(&lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		drop(&slots[i]);
	pthread_rwlock_unlock(&lock);
}

bool
cache_queue(const char *key, int64_t gen, struct MHD_Connection *c,
    const struct negotiation *neg, int *status, size_t *size)
{
	bool hit = false;
	struct entry *e = &slots[slot_of(key)];
	pthread_rwlock_rdlock(&lock);
	/* A page that shows the time of day is rendered again from the
	 * moment it would show another (rendition_expires); a page with a
	 * cache life (the route's cache_ttl_ms) when that ends. */
	int64_t expires = e->rd ? rendition_expires(e->rd) : 0;
	if (e->rd && e->gen == gen && strcmp(e->key, key) == 0 &&
	    (e->expires == 0 || now_ms() < e->expires) &&
	    (expires == 0 || now_unix() < expires))
		hit = rendition_queue(e->rd, c, neg, true, status, size) == MHD_YES;
	pthread_rwlock_unlock(&lock);
	return hit;
}

void
cache_put(const char *key, int64_t gen, struct rendition *rd, unsigned ttl_ms)
{
	/* The body as it is, and a quarter more for the gzip variant that is
	 * made when a client asks for it (HTML packs 4 to 8 times). */
	size_t size = rendition_bytes(rd) + rendition_bytes(rd) / 4;
	if (size > BUDGET / 4) {
		rendition_free(rd);
		return;
	}
	size_t i = slot_of(key);
	size_t h = i >= HALF;
	struct entry *e = &slots[i];
	pthread_rwlock_wrlock(&lock);
	size_t kept = e->rd ? e->size : 0;
	if (total[h] - kept + size > BUDGET) {
		/* Over budget: first let go of pages from older generations,
		 * which no request can be served any more. */
		for (size_t j = h * HALF; j < (h + 1) * HALF; j++)
			if (slots[j].rd && slots[j].gen != gen)
				drop(&slots[j]);
		kept = e->rd ? e->size : 0;
	}
	if (total[h] - kept + size > BUDGET) {
		rendition_free(rd); /* keep what is there */
	} else {
		drop(e);
		e->key = xstrdup(key);
		e->gen = gen;
		e->expires = ttl_ms ? now_ms() + ttl_ms : 0;
		e->rd = rd;
		e->size = size;
		total[h] += size;
	}
	pthread_rwlock_unlock(&lock);
}
