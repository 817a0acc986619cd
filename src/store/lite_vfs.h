/* lite_vfs.h — the SQLite VFS the SQLite driver opens its databases
 * with: the platform's own, with the log's sync at commit optionally left
 * owed, to be made once the write lock is free (lite_vfs.c). */
#ifndef TILTAK_LITE_VFS_H
#define TILTAK_LITE_VFS_H

#include <sqlite3.h>

#define LITE_VFS_NAME "tiltak-unix"

/* The VFS's name for sqlite3_open_v2, registered on first use; NULL
 * (SQLite's default VFS) if the platform's "unix" VFS is not there. */
const char *lite_vfs(void);

/* The log (-wal) file of conn's main database, once SQLite has opened
 * it; NULL before, or when it is not this VFS's. */
sqlite3_file *lite_vfs_log(sqlite3 *conn);

/* While on, a sync of log writes what is buffered but does not sync it:
 * the sync is owed until lite_vfs_pay_sync (or any sync made while off). */
void lite_vfs_defer_sync(sqlite3_file *log, int on);

/* Syncs log if a sync is owed: an SQLite result code. */
int lite_vfs_pay_sync(sqlite3_file *log);

/* Whether a sync of log is owed. */
int lite_vfs_sync_owed(sqlite3_file *log);

#endif
