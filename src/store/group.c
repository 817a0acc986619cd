/* group.c — writes committed together (write_together, store_impl.h):
 * group commit for SQLite.
 *
 * SQLite lets one writer in at a time, and a durable commit
 * (synchronous=FULL) syncs the log each time: under many concurrent
 * saves, the sync is most of the time the write lock is held (a yearly
 * report's save: 830 saves a second with it, 2 000 without). So the
 * writes that threads of this process hand in while another commits
 * wait in a queue (one per database), and when that commit is done one
 * of them, the leader, runs all that are queued in one transaction, each
 * in its own savepoint (a part that fails or refuses is undone alone),
 * commits once, and then wakes the others with their answers. No part is
 * answered before the commit that holds it is durable; if that commit
 * fails, every part in it gets the error. Nothing waits for company: a
 * lone write is led and committed at once.
 *
 * The commit is made in two steps (drv_commit_visible, then
 * drv_make_durable): the next batch may begin as soon as this one is
 * committed, while its leader syncs it to disk, so that the sync of one
 * batch and the writing of the next overlap; the leader answers its
 * batch after the sync, and only then makes the checkpoint the commit
 * made due (drv_upkeep). A checkpoint that starts SQLite's log again
 * takes the write lock (drv_upkeep_exclusive): then the leader keeps the
 * lead until it is made, and the next batch gathers meanwhile.
 *
 * PostgreSQL commits concurrent transactions together by itself: there
 * each part runs in its own transaction, without the write lock, its
 * writes sent with the COMMIT in one round trip (drv_defer_writes). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/xalloc.h"

/* A part handed in, until it is answered. */
struct part {
	write_part      fn;
	void           *arg;
	enum db_status  st;
	bool            done;
	char            err[1024];   /* the error, for DB_ERROR */
	struct part    *next;
};

/* The queue of one database (by the URI it was opened with). Kept for
 * the process's life. */
struct group {
	char           *uri;
	pthread_mutex_t lock;
	pthread_cond_t  answered;
	struct part    *head, **tail;
	bool            leading;      /* a thread is running a batch */
	struct group   *next;
};

static pthread_mutex_t groups_lock = PTHREAD_MUTEX_INITIALIZER;
static struct group   *groups;

static struct group *
group_of(const char *uri)
{
	pthread_mutex_lock(&groups_lock);
	struct group *g = groups;
	while (g != NULL && strcmp(g->uri, uri) != 0)
		g = g->next;
	if (g == NULL) {
		g = xcalloc(1, sizeof(*g));
		g->uri = xstrdup(uri);
		pthread_mutex_init(&g->lock, NULL);
		pthread_cond_init(&g->answered, NULL);
		g->tail = &g->head;
		g->next = groups;
		groups = g;
	}
	pthread_mutex_unlock(&groups_lock);
	return g;
}

static void
part_failed(struct db *db, struct part *p)
{
	p->st = DB_ERROR;
	snprintf(p->err, sizeof(p->err), "%s", drv_errmsg(db->drv));
}

/* Runs the parts of batch in one transaction on db and commits it,
 * leaving its sync to disk owed (drv_commit_visible): true if there is
 * a commit to make durable. */
static bool
run_batch(struct db *db, struct part *batch)
{
	if (!drv_begin_write(db->drv)) {
		for (struct part *p = batch; p; p = p->next)
			part_failed(db, p);
		return false;
	}
	bool kept = false;
	for (struct part *p = batch; p; p = p->next) {
		if (!drv_savepoint(db->drv)) {
			part_failed(db, p);
			continue;
		}
		p->st = p->fn(db, p->arg);
		if (p->st == DB_ERROR)
			part_failed(db, p);
		bool keep = p->st == DB_OK;
		if (!drv_savepoint_end(db->drv, keep) && keep)
			part_failed(db, p);
		kept |= p->st == DB_OK;
	}
	if (!kept) {
		drv_rollback(db->drv);
		return false;
	}
	if (drv_commit_visible(db->drv))
		return true;
	drv_rollback(db->drv);
	for (struct part *p = batch; p; p = p->next)
		if (p->st == DB_OK)
			part_failed(db, p);
	return false;
}

enum db_status
write_together(struct db *db, write_part fn, void *arg)
{
	if (drv_kind(db->drv) != DRV_SQLITE) {
		/* The part's writes go with the COMMIT, in one round trip;
		 * a unique violation among them is a conflict, as when it is
		 * found at once (SQLite). */
		if (!drv_begin_write_concurrent(db->drv))
			return DB_ERROR;
		drv_defer_writes(db->drv);
		enum db_status st = fn(db, arg);
		if (!end_write(db, st == DB_OK) && st == DB_OK)
			st = drv_error(db->drv) == DRV_ERR_CONSTRAINT ? DB_CONFLICT : DB_ERROR;
		return st;
	}
	struct group *g = group_of(db->uri);
	struct part me = {.fn = fn, .arg = arg};
	pthread_mutex_lock(&g->lock);
	*g->tail = &me;
	g->tail = &me.next;
	while (!me.done) {
		if (g->leading || g->head == NULL) {
			/* Another leads, or this part's batch is being made
			 * durable. */
			pthread_cond_wait(&g->answered, &g->lock);
			continue;
		}
		/* Lead: take every part queued (this one among them). */
		g->leading = true;
		struct part *batch = g->head;
		g->head = NULL;
		g->tail = &g->head;
		pthread_mutex_unlock(&g->lock);
		bool committed = run_batch(db, batch);
		/* The next batch may begin while this one is synced — unless
		 * the upkeep due must come first. */
		bool hold = drv_upkeep_exclusive(db->drv);
		pthread_mutex_lock(&g->lock);
		g->leading = hold;
		pthread_cond_broadcast(&g->answered);
		pthread_mutex_unlock(&g->lock);
		if (committed && !drv_make_durable(db->drv))
			for (struct part *p = batch; p; p = p->next)
				if (p->st == DB_OK)
					part_failed(db, p);
		pthread_mutex_lock(&g->lock);
		for (struct part *p = batch, *next; p; p = next) {
			next = p->next;   /* p may be gone once done is seen */
			p->done = true;
		}
		pthread_cond_broadcast(&g->answered);
		pthread_mutex_unlock(&g->lock);
		drv_upkeep(db->drv);   /* after the answers */
		pthread_mutex_lock(&g->lock);
		if (hold) {
			g->leading = false;
			pthread_cond_broadcast(&g->answered);
		}
	}
	pthread_mutex_unlock(&g->lock);
	if (me.st == DB_ERROR)
		drv_set_error(db->drv, "%s", me.err);
	return me.st;
}
