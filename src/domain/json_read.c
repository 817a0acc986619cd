/* json_read.c — the path, the error and the field readers that the strict
 * JSON importers (plans, services files, action cards) share; see
 * json_read.h. */
#include "domain/json_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

const char *const json_read_lang[JSON_READ_LANGS] = {"nb", "nn", "en"};

void
json_read_begin(struct json_read *r, const struct json_read_dialect *d,
    struct arena *arena, struct json_read_error err)
{
	*r = (struct json_read){.dialect = d, .arena = arena, .err = err};
	*err.line = *err.column = 0;
	memset(err.path, 0, err.pathsz);
	memset(err.message, 0, err.messagesz);
	snprintf(err.path, err.pathsz, "$");
	snprintf(r->path, sizeof(r->path), "$");
	r->pathlen = 1;
}

static void
vfail(struct json_read *r, const char *fmt, va_list ap)
{
	if (r->failed)
		return;
	r->failed = true;
	snprintf(r->err.path, r->err.pathsz, "%s", r->path);
	vsnprintf(r->err.message, r->err.messagesz, fmt, ap);
}

void
json_read_fail(struct json_read *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(r, fmt, ap);
	va_end(ap);
}

/* Line and column (1-based) of data[off]. */
static void
line_col(const struct json_read *r, const char *data, size_t off, int *line,
    int *col)
{
	bool chars = r->dialect->column_chars;
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (!chars || ((unsigned char)data[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

void
json_read_fail_at(struct json_read *r, const char *data, size_t off,
    const char *fmt, ...)
{
	if (r->failed)
		return;
	line_col(r, data, off, r->err.line, r->err.column);
	va_list ap;
	va_start(ap, fmt);
	vfail(r, fmt, ap);
	va_end(ap);
}

static size_t
push(struct json_read *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t
push(struct json_read *r, const char *fmt, ...)
{
	size_t old = r->pathlen;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->path + old, sizeof(r->path) - old, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->pathlen = old + (size_t)n < sizeof(r->path) ? old + (size_t)n :
		    sizeof(r->path) - 1;
	return old;
}

size_t
json_read_push_key(struct json_read *r, const char *key)
{
	return push(r, ".%s", key);
}

size_t
json_read_push_index(struct json_read *r, size_t i)
{
	return push(r, "[%zu]", i);
}

void
json_read_pop(struct json_read *r, size_t old)
{
	r->pathlen = old;
	r->path[old] = '\0';
}

const char *
json_read_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL:    return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	case JSON_NULL:    return "null";
	}
	return "something else";
}

bool
json_read_check_file(struct json_read *r, const char *data, size_t len)
{
	const struct json_read_dialect *d = r->dialect;
	if (len > d->max_bytes) {
		json_read_fail(r, "the file is %zu bytes; at most %zu bytes are allowed%s",
		    len, d->max_bytes, d->max_bytes_of);
		return false;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		json_read_fail_at(r, data, 0, "the file starts with a byte-order mark; "
		    "save it as UTF-8 without one");
		return false;
	}
	/* Invalid UTF-8 is reported with its position before jansson sees it. */
	size_t bad = text_utf8_invalid_at(data, len);
	if (bad < len) {
		json_read_fail_at(r, data, bad, "invalid UTF-8 (byte 0x%02x); %s must be "
		    "UTF-8", (unsigned char)data[bad], d->files);
		return false;
	}
	return true;
}

json_t *
json_read_parse(struct json_read *r, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && !r->failed) {
		*r->err.line = jerr.line > 0 ? jerr.line : 0;
		*r->err.column = jerr.column > 0 ? jerr.column : 0;
		json_read_fail(r, "invalid JSON: %s", jerr.text);
	}
	return root;
}

json_t *
json_read_open(struct json_read *r, const char *data, size_t len)
{
	if (!json_read_check_file(r, data, len))
		return NULL;
	return json_read_parse(r, data, len);
}

bool
json_read_object(struct json_read *r, json_t *v, const char *const *allowed)
{
	if (r->failed)
		return false;
	if (!json_is_object(v)) {
		json_read_fail(r, "expected an object, found %s", json_read_type_name(v));
		return false;
	}
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(*a, key) == 0;
		if (ok)
			continue;
		/* The longest list of keys (a plan's top level) is under 200
		 * bytes: names never cuts it. */
		char quoted[200], names[400] = "";
		valid_quote(key, strlen(key), quoted, sizeof(quoted));
		size_t off = 0;
		for (const char *const *a = allowed; *a && off < sizeof(names); a++) {
			int n = snprintf(names + off, sizeof(names) - off, "%s%s",
			    a == allowed ? "" : ", ", *a);
			if (n > 0)
				off += (size_t)n;
		}
		size_t old = json_read_push_key(r, quoted);
		json_read_fail(r, "unknown key \"%s\" (expected one of: %s)", quoted, names);
		json_read_pop(r, old);
		return false;
	}
	return true;
}

/* The size of the buffer a validator's message is written into. */
static size_t
msg_size(const struct json_read *r, size_t have)
{
	size_t want = r->dialect->check_msg_size;
	return want > 0 && want < have ? want : have;
}

char *
json_read_string(struct json_read *r, json_t *v, enum valid_kind kind)
{
	if (!json_is_string(v)) {
		json_read_fail(r, "expected a string, found %s", json_read_type_name(v));
		return NULL;
	}
	/* jansson refuses \u0000 unless JSON_ALLOW_NUL; the validator would
	 * refuse it anyway, as it works on (pointer, length). */
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	char msg[512];
	if (!valid_check(kind, s, n, msg, msg_size(r, sizeof(msg)))) {
		json_read_fail(r, "%s", msg);
		return NULL;
	}
	return arena_strndup(r->arena, s, n);
}

char *
json_read_text(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, bool required)
{
	if (r->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	size_t old = json_read_push_key(r, key);
	char *s = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_read_fail(r, "required %s is missing", r->dialect->missing_by_key ?
			    key : kind == VALID_ID ? "id" : "text");
	} else {
		s = json_read_string(r, v, kind);
	}
	json_read_pop(r, old);
	return s;
}

json_t *
json_read_array(struct json_read *r, json_t *obj, const char *key, size_t max,
    bool required, size_t *n)
{
	*n = 0;
	if (r->failed)
		return NULL;
	json_t *v = json_object_get(obj, key);
	size_t old = json_read_push_key(r, key);
	json_t *a = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_read_fail(r, "required array is missing");
	} else if (!json_is_array(v)) {
		json_read_fail(r, "expected an array, found %s", json_read_type_name(v));
	} else if (json_array_size(v) > max) {
		json_read_fail(r, "%zu entries; at most %zu are allowed", json_array_size(v),
		    max);
	} else {
		a = v;
		*n = json_array_size(v);
	}
	json_read_pop(r, old);
	return a;
}

char **
json_read_strings(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, size_t max, size_t *n)
{
	size_t m;
	json_t *a = json_read_array(r, obj, key, max, false, &m);
	*n = 0;
	if (a == NULL || m == 0)
		return NULL;
	char **out = arena_array(r->arena, m, sizeof(char *));
	size_t old = json_read_push_key(r, key);
	for (size_t i = 0; i < m && !r->failed; i++) {
		size_t o2 = json_read_push_index(r, i);
		out[i] = json_read_string(r, json_array_get(a, i), kind);
		for (size_t j = 0; out[i] && j < i; j++)
			if (strcmp(out[i], out[j]) == 0)
				json_read_fail(r, "\"%s\" is listed twice", out[i]);
		json_read_pop(r, o2);
	}
	json_read_pop(r, old);
	*n = m;
	return out;
}

void
json_read_langs(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, bool required, char *out[JSON_READ_LANGS])
{
	static const char *const keys[] = {"nb", "nn", "en", NULL};
	const struct json_read_dialect *d = r->dialect;
	for (int i = 0; i < JSON_READ_LANGS; i++)
		out[i] = NULL;
	if (r->failed)
		return;
	json_t *v = json_object_get(obj, key);
	size_t old = json_read_push_key(r, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_read_fail(r, "required %s is missing %s", d->missing_by_key ? key :
			    "text", d->langs_hint);
	} else if (json_read_object(r, v, keys)) {
		for (int i = 0; i < JSON_READ_LANGS && !r->failed; i++) {
			json_t *t = json_object_get(v, json_read_lang[i]);
			size_t o2 = json_read_push_key(r, json_read_lang[i]);
			if (t != NULL && !json_is_null(t))
				out[i] = json_read_string(r, t, kind);
			else if (i == 0)
				json_read_fail(r, "%s", d->nb_missing);
			json_read_pop(r, o2);
		}
	}
	json_read_pop(r, old);
}

int
json_read_enum(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, int dflt, bool required)
{
	if (r->failed)
		return dflt;
	const struct valid_field *f = &valid_fields[kind];
	json_t *v = json_object_get(obj, key);
	size_t old = json_read_push_key(r, key);
	int e = dflt;
	char msg[512];
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_read_fail(r, "required value is missing (one of: %s)", f->choices);
	} else if (!json_is_string(v)) {
		json_read_fail(r, "expected one of %s, found %s", f->choices,
		    json_read_type_name(v));
	} else if (!valid_check(kind, json_string_value(v), json_string_length(v), msg,
	    msg_size(r, sizeof(msg)))) {
		json_read_fail(r, "%s", msg);
	} else {
		e = f->parse(json_string_value(v));
	}
	json_read_pop(r, old);
	return e;
}

int
json_read_int(struct json_read *r, json_t *obj, const char *key,
    enum valid_kind kind, int dflt, bool required)
{
	if (r->failed)
		return dflt;
	json_t *v = json_object_get(obj, key);
	size_t old = json_read_push_key(r, key);
	int i = dflt;
	char msg[512];
	if (v == NULL || json_is_null(v)) {
		if (required)
			json_read_fail(r, "required integer is missing");
	} else if (!json_is_integer(v)) {
		json_read_fail(r, "expected an integer, found %s", json_read_type_name(v));
	} else if (!valid_number(kind, json_integer_value(v), msg,
	    msg_size(r, sizeof(msg)))) {
		json_read_fail(r, "%s", msg);
	} else {
		i = (int)json_integer_value(v);
	}
	json_read_pop(r, old);
	return i;
}

bool
json_read_bool(struct json_read *r, json_t *obj, const char *key)
{
	if (r->failed)
		return false;
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		size_t old = json_read_push_key(r, key);
		json_read_fail(r, "expected true or false, found %s", json_read_type_name(v));
		json_read_pop(r, old);
		return false;
	}
	return json_is_true(v);
}

void
json_read_format(struct json_read *r, json_t *obj, const char *format)
{
	json_t *v = json_object_get(obj, "format");
	size_t old = json_read_push_key(r, "format");
	if (v == NULL)
		json_read_fail(r, "required format is missing (expected \"%s\")", format);
	else if (!json_is_string(v) || strcmp(json_string_value(v), format) != 0)
		json_read_fail(r, "expected \"%s\"", format);
	json_read_pop(r, old);
}

char *
json_read_canonical(json_t *root, size_t *len)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL)
		return NULL;
	size_t n = strlen(s);
	char *out = xmalloc(n + 2);
	memcpy(out, s, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(s);
	if (len)
		*len = n + 1;
	return out;
}
