/* notify.h — a thread that tells the page cache at once when another
 * process changed the data (PostgreSQL LISTEN/NOTIFY; nothing for
 * SQLite). See notify.c. */
#ifndef TILTAK_NOTIFY_H
#define TILTAK_NOTIFY_H

/* Starts listening on the database db_uri names (a string that must live
 * until notify_stop), if it is PostgreSQL. */
void notify_start(const char *db_uri);
/* Stops the thread (it notices within NOTIFY_WAIT_MS). */
void notify_stop(void);

#endif
