/* drv_impl.h — what the two drivers share with drv.c (private to the
 * store's driver layer). Each backend embeds struct drv and struct
 * drv_stmt as the first member of its own structs. */
#ifndef TILTAK_DRV_IMPL_H
#define TILTAK_DRV_IMPL_H
#include "store/drv.h"

struct drv_ops {
	/* target: the URI without "sqlite:" for SQLite, whole for PostgreSQL */
	struct drv      *(*open)(const char *target, enum drv_mode mode, char *err,
	    size_t errsz, enum drv_error *why);
	void             (*close)(struct drv *);
	bool             (*exec)(struct drv *, const char *sql);
	struct drv_stmt *(*prepare)(struct drv *, int id, const char *sql);
	void             (*finalize)(struct drv_stmt *);
	void             (*reset)(struct drv_stmt *);
	void             (*bind_text)(struct drv_stmt *, int i, const char *s);
	void             (*bind_int)(struct drv_stmt *, int i, int64_t v);
	void             (*bind_null)(struct drv_stmt *, int i);
	enum drv_step    (*step)(struct drv_stmt *, const char *what);
	const char      *(*col_text)(struct drv_stmt *, int i);
	int64_t          (*col_int)(struct drv_stmt *, int i);
	bool             (*col_null)(struct drv_stmt *, int i);
	int64_t          (*changes)(struct drv *);
	bool             (*begin_read)(struct drv *);
	bool             (*begin_write)(struct drv *);
	bool             (*begin_write_concurrent)(struct drv *);
	bool             (*commit)(struct drv *);
	bool             (*commit_visible)(struct drv *);   /* NULL: commit */
	bool             (*make_durable)(struct drv *);     /* NULL: nothing owed */
	bool             (*sync_owed)(struct drv *);        /* NULL: never */
	void             (*upkeep)(struct drv *);           /* NULL: none */
	bool             (*upkeep_exclusive)(struct drv *); /* NULL: never */
	void             (*defer_writes)(struct drv *);     /* NULL: none */
	void             (*rollback)(struct drv *);
	bool             (*savepoint)(struct drv *);
	bool             (*savepoint_end)(struct drv *, bool keep);
	bool             (*listen)(struct drv *, const char *channel);
	int              (*wait_notify)(struct drv *, int ms);
	bool             (*connected)(struct drv *);
};

struct drv {
	const struct drv_ops *ops;
	enum drv_kind         kind;
	bool                  read_only;
	enum drv_error        error;
	char                  err[1024];
	struct drv_stmt      *stmts[DRV_STMTS_MAX];
};

struct drv_stmt {
	struct drv *drv;
	bool        active;     /* stepped and not yet reset */
	bool        each_time;  /* drv_stmt_plan_each_time */
};

extern const struct drv_ops drv_sqlite_ops;
extern const struct drv_ops drv_pgsql_ops;

/* Sets the error: kind and "what: message". */
void drv_fail(struct drv *, enum drv_error kind, const char *what, const char *msg);

#endif
