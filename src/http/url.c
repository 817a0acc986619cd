/* url.c — request-target decoding (RFC 3986 percent-encoding, with
 * application/x-www-form-urlencoded '+' in the query). */
#include "http/url.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "views/i18n.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into out (which has room for n+1 bytes), NUL-terminates
 * it and returns its length, or -1 with *err set. plus: '+' means space. */
static long
decode(const char *s, size_t n, char *out, bool plus, const char **err)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n) {
				/* xgettext:no-c-format */
				*err = N_("The address has a '%' that is not followed by two hexadecimal digits.");
				return -1;
			}
			int a = hexval(s[i + 1]), b = hexval(s[i + 2]);
			if (a < 0 || b < 0) {
				/* xgettext:no-c-format */
				*err = N_("The address has a '%' that is not followed by two hexadecimal digits.");
				return -1;
			}
			c = (char)(a * 16 + b);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		} else if ((unsigned char)c <= 0x20 || (unsigned char)c == 0x7f) {
			*err = N_("The address contains a space or control character.");
			return -1;
		}
		if (c == '\0') {
			*err = N_("The address contains a NUL character.");
			return -1;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (!text_utf8_valid(out, o)) {
		*err = N_("The address is not valid UTF-8 text.");
		return -1;
	}
	return (long)o;
}

enum url_status
url_parse(const char *raw, struct url *u, const char **err)
{
	memset(u, 0, sizeof(*u));
	u->lang = i18n_languages[0].code;
	*err = NULL;
	size_t n = strlen(raw);
	if (n > HTTP_URL_MAX) {
		*err = N_("The address is longer than %lu bytes, the most this site accepts.");
		u->err_arg = HTTP_URL_MAX;
		return URL_TOO_LONG;
	}
	/* Absolute-form: drop scheme and authority. The authority ends at the
	 * first '/', '?' or '#' (RFC 3986 3.2); an empty path is "/". */
	const char *rest = raw;
	if (strncmp(raw, "http://", 7) == 0 || strncmp(raw, "https://", 8) == 0) {
		const char *p = strstr(raw, "://") + 3;
		rest = p + strcspn(p, "/?#");
	}
	if (rest != raw && rest[0] != '/')
		u->origin = xasprintf("/%s", rest);
	else if (rest[0] != '/') {
		*err = N_("The address must begin with '/'.");
		return URL_BAD;
	} else
		u->origin = xstrdup(rest);
	/* The fragment is never part of the target proper. */
	u->origin[strcspn(u->origin, "#")] = '\0';
	raw = u->origin;
	n = strlen(raw);
	const char *q = memchr(raw, '?', n);
	size_t pathlen = q ? (size_t)(q - raw) : n;
	u->pathlen = pathlen;

	/* Every decoded string is no longer than its source: one buffer of
	 * n + (fields + segments) terminators holds them all. */
	u->mem = xmalloc(n + URL_SEGMENTS_MAX + 2 * HTTP_QUERY_FIELDS + 2);
	char *out = u->mem;

	/* Path: "/" alone has no segments; empty segments ("//", a trailing
	 * '/') are kept and find no route; dot segments are refused here. */
	const char *end = raw + pathlen;
	if (pathlen > 1) {
		const char *p = raw + 1;
		for (;;) {
			const char *slash = memchr(p, '/', (size_t)(end - p));
			const char *segend = slash ? slash : end;
			if (u->nsegments == URL_SEGMENTS_MAX) {
				*err = N_("The address has more than %lu parts.");
				u->err_arg = URL_SEGMENTS_MAX;
				return URL_BAD;
			}
			long k = decode(p, (size_t)(segend - p), out, false, err);
			if (k < 0)
				return URL_BAD;
			if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
				*err = N_("The address may not contain '.' or '..' parts.");
				return URL_BAD;
			}
			/* The language is known as soon as the first segment is,
			 * so that an error about the rest is in it. */
			if (u->nsegments == 0 && strcmp(out, i18n_languages[0].code) != 0 &&
			    i18n_known(out) != NULL)
				u->lang = i18n_known(out);
			u->segments[u->nsegments++] = out;
			out += k + 1;
			if (slash == NULL)
				break;
			p = slash + 1; /* a trailing '/' gives an empty last segment */
		}
	}

	/* The language prefix: "/nn/…", "/en/…"; "/en/" is the home page. */
	if (u->nsegments > 0 && strcmp(u->lang, i18n_languages[0].code) != 0) {
		memmove(u->segments, u->segments + 1, (u->nsegments - 1) * sizeof(char *));
		u->nsegments--;
		if (u->nsegments == 1 && u->segments[0][0] == '\0')
			u->nsegments = 0;
	}

	if (q == NULL)
		return URL_OK;
	const char *qs = q + 1, *qend = raw + n;
	while (qs < qend) {
		const char *amp = memchr(qs, '&', (size_t)(qend - qs));
		const char *fend = amp ? amp : qend;
		if (fend > qs) {
			if (u->nquery == HTTP_QUERY_FIELDS) {
				*err = N_("The address has more than %lu query fields.");
				u->err_arg = HTTP_QUERY_FIELDS;
				return URL_BAD;
			}
			const char *eq = memchr(qs, '=', (size_t)(fend - qs));
			const char *nend = eq ? eq : fend;
			struct url_field *f = &u->query[u->nquery];
			long k = decode(qs, (size_t)(nend - qs), out, true, err);
			if (k < 0)
				return URL_BAD;
			f->name = out;
			out += k + 1;
			const char *vs = eq ? eq + 1 : fend;
			k = decode(vs, (size_t)(fend - vs), out, true, err);
			if (k < 0)
				return URL_BAD;
			if (text_utf8_chars(out, (size_t)k) > HTTP_QUERY_FIELD_MAX) {
				*err = N_("A search or query value is longer than %lu characters.");
				u->err_arg = HTTP_QUERY_FIELD_MAX;
				return URL_BAD;
			}
			f->value = out;
			out += k + 1;
			u->nquery++;
		}
		if (amp == NULL)
			break;
		qs = amp + 1;
	}
	return URL_OK;
}

void
url_free(struct url *u)
{
	free(u->mem);
	free(u->origin);
	memset(u, 0, sizeof(*u));
}

const char *
url_query(const struct url *u, const char *name)
{
	for (size_t i = 0; i < u->nquery; i++)
		if (strcmp(u->query[i].name, name) == 0)
			return u->query[i].value;
	return NULL;
}

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static void
key_encode(struct buf *b, const char *s)
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

static void
key_path(struct buf *b, const struct url *u)
{
	if (u->nsegments == 0)
		buf_putc(b, '/');
	for (size_t i = 0; i < u->nsegments; i++) {
		buf_putc(b, '/');
		key_encode(b, u->segments[i]);
	}
}

char *
url_address(const struct url *u, const char *const *fields)
{
	struct buf b = {0};
	key_path(&b, u);
	char sep = '?';
	for (size_t i = 0; fields && fields[i]; i++) {
		const char *v = url_query(u, fields[i]);
		if (v == NULL)
			continue;
		buf_putc(&b, sep);
		key_encode(&b, fields[i]);
		buf_putc(&b, '=');
		key_encode(&b, v);
		sep = '&';
	}
	return buf_take(&b, NULL);
}

char *
url_key(const struct url *u, const char *const *fields)
{
	struct buf b = {0};
	if (u->lang != NULL && strcmp(u->lang, i18n_languages[0].code) != 0) {
		buf_putc(&b, '/');
		buf_puts(&b, u->lang);
	}
	key_path(&b, u);
	for (size_t i = 0; fields && fields[i]; i++) {
		const char *v = url_query(u, fields[i]);
		buf_putc(&b, '\n');
		if (v) {
			buf_putc(&b, '=');
			key_encode(&b, v);
		}
	}
	return buf_take(&b, NULL);
}
