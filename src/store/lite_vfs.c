/* lite_vfs.c — an SQLite VFS that writes the log (the -wal file) in one
 * system call per commit (lite_vfs.h).
 *
 * SQLite appends each page to the log in two writes, the frame's 24-byte
 * header and then the page: a yearly report's save of ~28 pages was 56
 * pwrite calls, all made while the write lock is held, where each system
 * call is dear on a virtual machine. This VFS wraps the platform's own
 * ("unix") and, for log files only, gathers writes that follow each
 * other in a buffer and hands them to the platform's write in one call:
 *
 *   - when a commit's last frame is complete (its header says "commit":
 *     a nonzero database size), so a commit is in the file before SQLite
 *     syncs it or tells other connections about it, whatever the
 *     synchronous setting;
 *   - before any other operation on the file (sync, read, truncate,
 *     size, lock, file control, close), so that what SQLite reads back is
 *     what it wrote;
 *   - when a write does not follow the buffered ones, or would not fit.
 *
 * Nothing is ever acknowledged that is not written: a commit's frames are
 * written (and then synced by SQLite, synchronous=FULL) before the commit
 * returns; a failed write is returned by the operation that wrote it,
 * and the buffer is dropped, as a failed write of SQLite's own would
 * leave the file. The database file itself is not touched. */
#include "store/lite_vfs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The most the platform's xWrite writes in one call (its pwrite is given
 * at most 0x1ffff bytes): 31 frames of 4 KiB pages. */
#define LOG_BUFFER 0x1ffff
#define FRAME_HEADER 24

/* A file: the platform's file struct follows this one (szOsFile). */
struct lfile {
	sqlite3_file         base;     /* .pMethods: ours or NULL */
	sqlite3_file        *real;     /* the platform's, just after */
	bool                 log;      /* a -wal file: buffered */
	unsigned char       *buf;      /* log: what is not written yet */
	size_t               len;
	sqlite3_int64        at;       /* where buf begins in the file */
	bool                 commit;   /* the last header was a commit's */
	bool                 defer;    /* log: syncs are left owed */
	bool                 owed;     /* log: a sync was left owed */
	int                  owed_flags;
};

static sqlite3_vfs        vfs;
static sqlite3_vfs       *real_vfs;
static sqlite3_io_methods methods;

static struct lfile *
lf(sqlite3_file *f)
{
	return (struct lfile *)f;
}

static int
flush(struct lfile *f)
{
	if (f->len == 0)
		return SQLITE_OK;
	int rc = f->real->pMethods->xWrite(f->real, f->buf, (int)f->len, f->at);
	f->len = 0;
	return rc;
}

static int
x_close(sqlite3_file *file)
{
	struct lfile *f = lf(file);
	int rc = flush(f);
	int rc2 = f->real->pMethods->xClose(f->real);
	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

static int
x_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
	struct lfile *f = lf(file);
	int rc = flush(f);
	return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, out, amt, off);
}

static int
x_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
	struct lfile *f = lf(file);
	if (!f->log)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	bool follows = f->len > 0 && off == f->at + (sqlite3_int64)f->len;
	if (f->len > 0 && (!follows || f->len + (size_t)amt > LOG_BUFFER)) {
		int rc = flush(f);
		if (rc != SQLITE_OK)
			return rc;
	}
	if ((size_t)amt > LOG_BUFFER)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	if (f->len == 0)
		f->at = off;
	memcpy(f->buf + f->len, data, (size_t)amt);
	f->len += (size_t)amt;
	if (amt == FRAME_HEADER) {
		/* A frame's header: bytes 4–7 are the database's size in
		 * pages after a commit, zero in every other frame. The log's
		 * own header (32 bytes) is written on its own. */
		const unsigned char *h = data;
		f->commit = (h[4] | h[5] | h[6] | h[7]) != 0;
		return SQLITE_OK;
	}
	if (f->commit) {
		f->commit = false;
		return flush(f);
	}
	return SQLITE_OK;
}

/* The operations that only need what was written to be in the file. */
#define FLUSHED(call) \
	struct lfile *f = lf(file); \
	int rc = flush(f); \
	return rc != SQLITE_OK ? rc : (call)

static int
x_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	FLUSHED(f->real->pMethods->xTruncate(f->real, size));
}

static int
x_sync(sqlite3_file *file, int flags)
{
	struct lfile *f = lf(file);
	int rc = flush(f);
	if (rc != SQLITE_OK)
		return rc;
	if (f->defer) {
		f->owed = true;
		f->owed_flags |= flags;
		return SQLITE_OK;
	}
	rc = f->real->pMethods->xSync(f->real, flags | f->owed_flags);
	if (rc == SQLITE_OK) {
		f->owed = false;
		f->owed_flags = 0;
	}
	return rc;
}

static int
x_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	FLUSHED(f->real->pMethods->xFileSize(f->real, size));
}

static int
x_lock(sqlite3_file *file, int level)
{
	FLUSHED(f->real->pMethods->xLock(f->real, level));
}

static int
x_unlock(sqlite3_file *file, int level)
{
	FLUSHED(f->real->pMethods->xUnlock(f->real, level));
}

static int
x_check_reserved_lock(sqlite3_file *file, int *out)
{
	return lf(file)->real->pMethods->xCheckReservedLock(lf(file)->real, out);
}

static int
x_file_control(sqlite3_file *file, int op, void *arg)
{
	FLUSHED(f->real->pMethods->xFileControl(f->real, op, arg));
}

static int
x_sector_size(sqlite3_file *file)
{
	return lf(file)->real->pMethods->xSectorSize(lf(file)->real);
}

static int
x_device_characteristics(sqlite3_file *file)
{
	return lf(file)->real->pMethods->xDeviceCharacteristics(lf(file)->real);
}

static int
x_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **out)
{
	return lf(file)->real->pMethods->xShmMap(lf(file)->real, pg, pgsz, extend, out);
}

static int
x_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	return lf(file)->real->pMethods->xShmLock(lf(file)->real, offset, n, flags);
}

static void
x_shm_barrier(sqlite3_file *file)
{
	lf(file)->real->pMethods->xShmBarrier(lf(file)->real);
}

static int
x_shm_unmap(sqlite3_file *file, int delete_flag)
{
	return lf(file)->real->pMethods->xShmUnmap(lf(file)->real, delete_flag);
}

static int
x_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
	struct lfile *f = lf(file);
	int rc = flush(f);
	if (rc != SQLITE_OK)
		return rc;
	return f->real->pMethods->xFetch(f->real, off, amt, out);
}

static int
x_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	return lf(file)->real->pMethods->xUnfetch(lf(file)->real, off, p);
}

static int
x_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
	(void)v;
	struct lfile *f = lf(file);
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	if (flags & SQLITE_OPEN_WAL) {
		f->buf = malloc(LOG_BUFFER);
		if (f->buf == NULL)
			return SQLITE_NOMEM;
		f->log = true;
	}
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || f->real->pMethods == NULL) {
		/* SQLite calls no method of a file that did not open (ours has
		 * no methods), so a half-open one is closed here. */
		if (f->real->pMethods != NULL)
			f->real->pMethods->xClose(f->real);
		free(f->buf);
		f->buf = NULL;
		return rc;
	}
	f->base.pMethods = &methods;
	return SQLITE_OK;
}

/* The rest of the VFS is the platform's. */
static int
x_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int
x_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
x_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *
x_dl_open(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void
x_dl_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*x_dl_sym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	(void)v;
	return real_vfs->xDlSym(real_vfs, h, sym);
}

static void
x_dl_close(sqlite3_vfs *v, void *h)
{
	(void)v;
	real_vfs->xDlClose(real_vfs, h);
}

static int
x_randomness(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int
x_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real_vfs->xSleep(real_vfs, us);
}

static int
x_current_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int
x_get_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int
x_current_time_int64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static int registered = SQLITE_ERROR;

static void
register_once(void)
{
	real_vfs = sqlite3_vfs_find("unix");
	if (real_vfs == NULL || real_vfs->iVersion < 2)
		return;
	methods = (sqlite3_io_methods){
		.iVersion = 3,
		.xClose = x_close, .xRead = x_read, .xWrite = x_write,
		.xTruncate = x_truncate, .xSync = x_sync, .xFileSize = x_file_size,
		.xLock = x_lock, .xUnlock = x_unlock,
		.xCheckReservedLock = x_check_reserved_lock,
		.xFileControl = x_file_control, .xSectorSize = x_sector_size,
		.xDeviceCharacteristics = x_device_characteristics,
		.xShmMap = x_shm_map, .xShmLock = x_shm_lock,
		.xShmBarrier = x_shm_barrier, .xShmUnmap = x_shm_unmap,
		.xFetch = x_fetch, .xUnfetch = x_unfetch,
	};
	vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct lfile) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = LITE_VFS_NAME,
		.xOpen = x_open, .xDelete = x_delete, .xAccess = x_access,
		.xFullPathname = x_full_pathname,
		.xDlOpen = x_dl_open, .xDlError = x_dl_error, .xDlSym = x_dl_sym,
		.xDlClose = x_dl_close, .xRandomness = x_randomness,
		.xSleep = x_sleep, .xCurrentTime = x_current_time,
		.xGetLastError = x_get_last_error,
		.xCurrentTimeInt64 = x_current_time_int64,
	};
	registered = sqlite3_vfs_register(&vfs, 0);
}

sqlite3_file *
lite_vfs_log(sqlite3 *conn)
{
	sqlite3_file *file = NULL;
	if (sqlite3_file_control(conn, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) != SQLITE_OK ||
	    file == NULL || file->pMethods != &methods || !lf(file)->log)
		return NULL;
	return file;
}

void
lite_vfs_defer_sync(sqlite3_file *log, int on)
{
	lf(log)->defer = on != 0;
}

int
lite_vfs_pay_sync(sqlite3_file *log)
{
	struct lfile *f = lf(log);
	if (!f->owed)
		return SQLITE_OK;
	bool defer = f->defer;
	f->defer = false;
	int rc = x_sync(log, f->owed_flags);
	f->defer = defer;
	return rc;
}

int
lite_vfs_sync_owed(sqlite3_file *log)
{
	return lf(log)->owed;
}

const char *
lite_vfs(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, register_once);
	return registered == SQLITE_OK ? LITE_VFS_NAME : NULL;
}
