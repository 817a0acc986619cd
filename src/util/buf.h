/* buf.h — a growable byte buffer, always NUL-terminated. */
#ifndef TILTAK_BUF_H
#define TILTAK_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char   *data; /* NUL-terminated; NULL until the first write */
	size_t  len;
	size_t  cap;
};

void  buf_put(struct buf *, const void *p, size_t n);
void  buf_puts(struct buf *, const char *s);
void  buf_putc(struct buf *, char c);
void  buf_printf(struct buf *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void  buf_vprintf(struct buf *, const char *fmt, va_list ap);
/* s as a JSON string ("…", with '"', '\\' and control characters
 * escaped; other bytes as they are, so s must be UTF-8), or null for
 * NULL. */
void  buf_json_string(struct buf *, const char *s);
/* Returns the contents as a string the caller frees; the buffer is empty
 * afterwards. Never NULL. */
char *buf_take(struct buf *, size_t *len);
void  buf_reset(struct buf *);
void  buf_free(struct buf *);

#endif
