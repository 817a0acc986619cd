/* form.c — decoding and checking a form's body (form.h). */
#include "http/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/valid.h"
#include "util/xalloc.h"
#include "views/i18n.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) ('+' is a space, %XX a byte) into an arena string,
 * then makes CR LF and a lone CR into LF. Returns NULL and sets *bad to
 * the offset of a broken escape. */
static char *
decode(struct arena *a, const char *s, size_t n, size_t *outlen, size_t *bad)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*bad = i;
				return NULL;
			}
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		out[o++] = (char)c;
	}
	size_t w = 0;
	for (size_t r = 0; r < o; r++) {
		if (out[r] == '\r') {
			out[w++] = '\n';
			if (r + 1 < o && out[r + 1] == '\n')
				r++;
		} else {
			out[w++] = out[r];
		}
	}
	out[w] = '\0';
	*outlen = w;
	return out;
}

/* A new entry at the end of f's values. */
static struct form_value *
push(struct form *f, size_t *cap)
{
	if (f->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct form_value *nv = arena_array(&f->arena, nc, sizeof(*nv));
		if (f->n)
			memcpy(nv, f->v, f->n * sizeof(*nv));
		f->v = nv;
		*cap = nc;
	}
	struct form_value *v = &f->v[f->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* The declared field that takes name, or NULL. */
static const struct route_field *
field_for(const struct route_field *fields, const char *name)
{
	for (size_t i = 0; fields && fields[i].name; i++) {
		const char *d = fields[i].name;
		size_t dl = strlen(d);
		if (dl > 0 && d[dl - 1] == '.') {
			if (strncmp(name, d, dl) != 0 || name[dl] == '\0')
				continue;
			const char *p = name + dl;
			while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    *p == '.' || *p == '-')
				p++;
			if (*p == '\0')
				return &fields[i];
		} else if (strcmp(name, d) == 0) {
			return &fields[i];
		}
	}
	return NULL;
}

static void
quote(const char *s, size_t n, char *out, size_t outsz)
{
	valid_quote(s, n, out, outsz);
}

struct form *
form_parse(const char *body, size_t len, const struct route_field *fields,
    char *msg, size_t msgsz)
{
	struct form *f = xcalloc(1, sizeof(*f));
	struct arena *a = &f->arena;
	size_t cap = 0, count = 0;
	char q[128];
	msg[0] = '\0';
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		size_t eq = i;
		while (eq < end && body[eq] != '=')
			eq++;
		size_t here = i;
		i = end + 1;
		if (end == here)
			continue;                 /* "a=1&&b=2": nothing between */
		if (++count > FORM_FIELDS_MAX) {
			snprintf(msg, msgsz, "the form has more than %u fields", FORM_FIELDS_MAX);
			goto fail;
		}
		size_t nlen, vlen, bad = 0;
		char *name = decode(a, body + here, eq - here, &nlen, &bad);
		if (name == NULL) {
			snprintf(msg, msgsz, "field %zu: a broken %%-escape in its name at "
			    "byte %zu of the body", count, here + bad + 1);
			goto fail;
		}
		const char *vs = eq < end ? body + eq + 1 : body + end;
		size_t vn = eq < end ? end - eq - 1 : 0;
		char *value = decode(a, vs, vn, &vlen, &bad);
		if (value == NULL) {
			snprintf(msg, msgsz, "field %zu: a broken %%-escape in its value at "
			    "byte %zu of the body", count, (size_t)(vs - body) + bad + 1);
			goto fail;
		}
		bool csrf = strcmp(name, FORM_CSRF) == 0;
		const struct route_field *fd = csrf ? NULL : field_for(fields, name);
		if (strlen(name) != nlen || (!csrf && fd == NULL)) {
			quote(name, nlen, q, sizeof(q));
			snprintf(msg, msgsz, "field %zu: this address takes no field named "
			    "\"%s\"", count, q);
			goto fail;
		}
		for (size_t j = 0; j < f->n; j++) {
			if (strcmp(f->v[j].name, name) == 0 && (fd == NULL || !fd->many)) {
				quote(name, nlen, q, sizeof(q));
				snprintf(msg, msgsz, "field %zu: \"%s\" is sent twice", count, q);
				goto fail;
			}
		}
		/* A one-line field is kept without the spaces around it (a
		 * title typed with a space after it is not an error). */
		if (fd != NULL && valid_fields[fd->kind].trim) {
			while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
				value[--vlen] = '\0';
			size_t lead = strspn(value, " \t");
			value += lead;
			vlen -= lead;
		}
		struct form_value *v = push(f, &cap);
		v->name = name;
		v->value = value;
		v->len = vlen;
		v->field = fd;
		v->error = NULL;
		if (fd != NULL && vlen > 0) {
			char m[256];
			if (!valid_check(fd->kind, value, vlen, m, sizeof(m))) {
				v->error = arena_strdup(a, m);
				f->errors++;
			}
		}
		/* The CSRF token is a short printable text: a NUL in it would
		 * let a comparison see only the part before. */
		if (csrf && strlen(value) != vlen) {
			v->error = _("This form's token is damaged.");
			f->errors++;
		}
		if (fd != NULL && vlen == 0 && fd->required) {
			v->error = _("This field must be filled in.");
			f->errors++;
		}
	}
	/* Required fields not sent at all (a prefix field is never required). */
	for (size_t i = 0; fields && fields[i].name; i++) {
		if (!fields[i].required || form_entry(f, fields[i].name) != NULL)
			continue;
		struct form_value *v = push(f, &cap);
		v->name = fields[i].name;
		v->value = "";
		v->len = 0;
		v->field = &fields[i];
		v->error = _("This field must be filled in.");
		f->errors++;
	}
	return f;
fail:
	form_free(f);
	return NULL;
}

void
form_free(struct form *f)
{
	if (f == NULL)
		return;
	arena_free(&f->arena);
	free(f);
}

const struct form_value *
form_entry(const struct form *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
	const struct form_value *v = form_entry(f, name);
	return v ? v->value : NULL;
}

const char *
form_error(const struct form *f, const char *name)
{
	const struct form_value *v = form_entry(f, name);
	return v ? v->error : NULL;
}
