/* notify.c — being told at once that another process changed the data.
 *
 * With PostgreSQL, every write transaction sends a notification on the
 * generation channel (store: bump_generation). A thread of each server
 * listens on its own connection and, when one arrives, makes the page
 * cache read the generation again at the next request
 * (cache_generation_changed), so a change committed by any instance or
 * by the command line is served by every instance in milliseconds rather
 * than at the next recheck (CACHE_RECHECK_MS, which stays as the safety
 * net: a lost connection, or SQLite, which has no notifications). The
 * connection is made again when it fails, with a pause between tries. */
#include "http/notify.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "http/cache.h"
#include "limits.h"
#include "store/db.h"

static pthread_t   thread;
static atomic_bool stop;
static bool        running;
static const char *uri;

static void
pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void *
listen_loop(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		char err[1024];
		struct db *db = db_open(uri, DB_OPEN_EXISTING, err, sizeof(err));
		if (db == NULL || !db_listen(db)) {
			fprintf(stderr, "tiltak: listening for changes: %s\n",
			    db ? db_errmsg(db) : err);
			db_close(db);
			for (int i = 0; i < NOTIFY_RETRY_MS / 100 && !atomic_load(&stop); i++)
				pause_ms(100);
			continue;
		}
		/* Changes made while we were not listening. */
		cache_generation_changed();
		while (!atomic_load(&stop)) {
			int r = db_wait_change(db, NOTIFY_WAIT_MS);
			if (r > 0)
				cache_generation_changed();
			else if (r < 0)
				break;
		}
		if (!atomic_load(&stop))
			fprintf(stderr, "tiltak: listening for changes: %s (trying again)\n",
			    db_errmsg(db));
		db_close(db);
	}
	return NULL;
}

void
notify_start(const char *db_uri)
{
	char err[1024];
	struct db *db = db_open(db_uri, DB_OPEN_EXISTING, err, sizeof(err));
	bool pg = db && db_is_pgsql(db);
	db_close(db);
	if (!pg)
		return; /* SQLite: the recheck is all there is */
	uri = db_uri;
	atomic_store(&stop, false);
	running = pthread_create(&thread, NULL, listen_loop, NULL) == 0;
}

void
notify_stop(void)
{
	if (!running)
		return;
	atomic_store(&stop, true);
	pthread_join(thread, NULL);
	running = false;
}
