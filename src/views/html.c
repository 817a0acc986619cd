/* html.c — the escaping HTML writer and URL builders. */
#include "views/html.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "views/i18n.h"

struct html {
	struct buf b;
};

struct html *
html_new(void)
{
	return xcalloc(1, sizeof(struct html));
}

char *
html_finish(struct html *h, size_t *len)
{
	char *s = buf_take(&h->b, len);
	free(h);
	return s;
}

void
html_free(struct html *h)
{
	if (h == NULL)
		return;
	buf_free(&h->b);
	free(h);
}

/* Names of elements and attributes come from the code. A name with any
 * other character is a programming error, caught at once. */
static void
check_name(const char *name)
{
	if (*name == '\0')
		abort();
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			abort();
}

static void
escape(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':  rep = "&amp;"; break;
		case '<':  rep = "&lt;"; break;
		case '>':  rep = "&gt;"; break;
		case '"':  rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:   continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

void
html_doctype(struct html *h)
{
	buf_puts(&h->b, "<!DOCTYPE html>\n");
}

static void
open_tag(struct html *h, const char *tag, va_list ap)
{
	check_name(tag);
	buf_putc(&h->b, '<');
	buf_puts(&h->b, tag);
	for (;;) {
		const char *name = va_arg(ap, const char *);
		if (name == NULL)
			break;
		const char *value = va_arg(ap, const char *);
		check_name(name);
		if (value == NULL)
			continue;
		buf_putc(&h->b, ' ');
		buf_puts(&h->b, name);
		buf_puts(&h->b, "=\"");
		escape(&h->b, value, strlen(value));
		buf_putc(&h->b, '"');
	}
	buf_putc(&h->b, '>');
}

void
html_open(struct html *h, const char *tag, ...)
{
	va_list ap;
	va_start(ap, tag);
	open_tag(h, tag, ap);
	va_end(ap);
}

void
html_void(struct html *h, const char *tag, ...)
{
	va_list ap;
	va_start(ap, tag);
	open_tag(h, tag, ap);
	va_end(ap);
}

void
html_close(struct html *h, const char *tag)
{
	check_name(tag);
	buf_puts(&h->b, "</");
	buf_puts(&h->b, tag);
	buf_putc(&h->b, '>');
}

void
html_elem(struct html *h, const char *tag, const char *text, ...)
{
	va_list ap;
	va_start(ap, text);
	open_tag(h, tag, ap);
	va_end(ap);
	if (text)
		escape(&h->b, text, strlen(text));
	html_close(h, tag);
}

void
html_text(struct html *h, const char *s)
{
	if (s)
		escape(&h->b, s, strlen(s));
}

void
html_textn(struct html *h, const char *s, size_t n)
{
	escape(&h->b, s, n);
}

void
html_printf(struct html *h, const char *fmt, ...)
{
	struct buf tmp = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	escape(&h->b, tmp.data ? tmp.data : "", tmp.len);
	buf_free(&tmp);
}

char *
html_escape(const char *s)
{
	struct buf b = {0};
	escape(&b, s, strlen(s));
	return buf_take(&b, NULL);
}

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static void
pct_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_put(b, e, 3);
		}
	}
}

char *
url_path(const char *first, ...)
{
	struct buf b = {0};
	va_list ap;
	if (i18n_path_localised(first))
		buf_puts(&b, i18n_prefix());
	va_start(ap, first);
	for (const char *seg = first; seg; seg = va_arg(ap, const char *)) {
		buf_putc(&b, '/');
		pct_encode(&b, seg);
	}
	va_end(ap);
	if (first == NULL)
		buf_putc(&b, '/');
	return buf_take(&b, NULL);
}

char *
url_local(const char *path)
{
	if (path[0] != '/' || path[1] == '/')
		return xstrdup(path);
	size_t n = strcspn(path + 1, "/?#");
	char first[64];
	bool home = n == 0;
	if (n >= sizeof(first))
		n = sizeof(first) - 1;
	memcpy(first, path + 1, n);
	first[n] = '\0';
	if (!i18n_path_localised(home ? NULL : first))
		return xstrdup(path);
	return xasprintf("%s%s", i18n_prefix(), path);
}

const char *
url_home(void)
{
	const char *lang = i18n_lang();
	for (int i = 0; i < I18N_LANGS; i++)
		if (strcmp(lang, i18n_languages[i].code) == 0)
			return i18n_languages[i].home;
	return i18n_languages[0].home;
}

char *
url_query_escape(const char *s)
{
	struct buf b = {0};
	pct_encode(&b, s);
	return buf_take(&b, NULL);
}
