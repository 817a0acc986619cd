/* lite_vfs.c — an SQLite VFS whose log (-wal) syncs can be left owed
 * (lite_vfs.h).
 *
 * With synchronous=FULL SQLite syncs the log inside COMMIT, while it
 * holds the write lock, so every other writer waits for the disk as
 * well. This VFS is the platform's own ("unix") with one difference: while
 * the driver has asked for it (lite_vfs_defer_sync, around a write
 * transaction's COMMIT), a sync of the log is not made but noted as
 * owed; the driver makes it (lite_vfs_pay_sync) once COMMIT has returned
 * and the lock is free, and acknowledges nothing before. Every commit is
 * in the log file when COMMIT returns (SQLite writes its frames before
 * it syncs), and a sync covers the whole file, so a commit is durable
 * once its own sync, or any later one, is made. Any sync made while not
 * deferring pays what is owed (a checkpoint's, say). The database file
 * and every other file are the platform's, untouched.
 *
 * Tried and not kept: gathering a commit's log frames, which SQLite
 * writes in two pwrite calls each (header and page), into one write: no
 * gain that could be measured (docs/PERFORMANCE.md). */
#include "store/lite_vfs.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

/* A file: the platform's file struct follows this one (szOsFile). */
struct lfile {
	sqlite3_file         base;     /* .pMethods: ours or NULL */
	sqlite3_file        *real;     /* the platform's, just after */
	bool                 log;      /* a -wal file */
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
x_close(sqlite3_file *file)
{
	return lf(file)->real->pMethods->xClose(lf(file)->real);
}

static int
x_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
	return lf(file)->real->pMethods->xRead(lf(file)->real, out, amt, off);
}

static int
x_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
	return lf(file)->real->pMethods->xWrite(lf(file)->real, data, amt, off);
}

static int
x_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	return lf(file)->real->pMethods->xTruncate(lf(file)->real, size);
}

static int
x_sync(sqlite3_file *file, int flags)
{
	struct lfile *f = lf(file);
	if (f->defer) {
		f->owed = true;
		f->owed_flags |= flags;
		return SQLITE_OK;
	}
	int rc = f->real->pMethods->xSync(f->real, flags | f->owed_flags);
	if (rc == SQLITE_OK) {
		f->owed = false;
		f->owed_flags = 0;
	}
	return rc;
}

static int
x_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	return lf(file)->real->pMethods->xFileSize(lf(file)->real, size);
}

static int
x_lock(sqlite3_file *file, int level)
{
	return lf(file)->real->pMethods->xLock(lf(file)->real, level);
}

static int
x_unlock(sqlite3_file *file, int level)
{
	return lf(file)->real->pMethods->xUnlock(lf(file)->real, level);
}

static int
x_check_reserved_lock(sqlite3_file *file, int *out)
{
	return lf(file)->real->pMethods->xCheckReservedLock(lf(file)->real, out);
}

static int
x_file_control(sqlite3_file *file, int op, void *arg)
{
	return lf(file)->real->pMethods->xFileControl(lf(file)->real, op, arg);
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
	return lf(file)->real->pMethods->xFetch(lf(file)->real, off, amt, out);
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
	f->log = (flags & SQLITE_OPEN_WAL) != 0;
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || f->real->pMethods == NULL) {
		/* SQLite calls no method of a file that did not open (ours has
		 * no methods), so a half-open one is closed here. */
		if (f->real->pMethods != NULL)
			f->real->pMethods->xClose(f->real);
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
