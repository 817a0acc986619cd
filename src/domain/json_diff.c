/* json_diff.c — object-by-object differences of two JSON documents (see
 * json_diff.h). */
#include "domain/json_diff.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct differ {
	struct json_diff *d;
	size_t            cap;
};

/* The identity of an element of a keyed list, as text into out; false if
 * it has none. */
static bool
key_of(json_t *e, const char *name, char *out, size_t outsz)
{
	json_t *k = json_is_object(e) ? json_object_get(e, name) : NULL;
	if (json_is_string(k)) {
		snprintf(out, outsz, "%s", json_string_value(k));
		return true;
	}
	if (json_is_integer(k)) {
		snprintf(out, outsz, "%lld", (long long)json_integer_value(k));
		return true;
	}
	return false;
}

/* The key name ("id" or "number") of a list whose elements all have one
 * (an empty list has any), or NULL. */
static const char *
list_key(json_t *a)
{
	static const char *const names[] = {"id", "number"};
	if (!json_is_array(a))
		return NULL;
	for (size_t k = 0; k < 2; k++) {
		bool all = true;
		char buf[128];
		for (size_t i = 0; all && i < json_array_size(a); i++)
			all = key_of(json_array_get(a, i), names[k], buf, sizeof(buf));
		if (all)
			return names[k];
	}
	return NULL;
}

/* The key both lists share: both keyed by the same name, or one empty
 * (or missing) and the other keyed. */
static const char *
lists_key(json_t *a, json_t *b)
{
	const char *ka = a ? list_key(a) : NULL, *kb = b ? list_key(b) : NULL;
	if (json_array_size(a) == 0)
		return json_array_size(b) == 0 ? NULL : kb;
	if (json_array_size(b) == 0)
		return b == NULL || json_is_array(b) ? ka : NULL;
	return ka && kb && strcmp(ka, kb) == 0 ? ka : NULL;
}

/* An index of a keyed list: an object from each element's key to its
 * position (caller decrefs). */
static json_t *
index_of(json_t *list, const char *name)
{
	json_t *idx = json_object();
	char key[128];
	for (size_t i = 0; i < json_array_size(list); i++)
		if (key_of(json_array_get(list, i), name, key, sizeof(key)))
			json_object_set_new(idx, key, json_integer((json_int_t)i));
	return idx;
}

static const char *
label_of(struct arena *ar, json_t *o)
{
	static const char *const names[] = {"title", "name", "text"};
	for (size_t i = 0; i < 3; i++) {
		json_t *v = json_object_get(o, names[i]);
		if (json_is_string(v))
			return arena_strdup(ar, json_string_value(v));
	}
	return NULL;
}

static struct diff_item *
item_add(struct differ *df, enum diff_change c, const char *kind, const char *key,
    const char *pkind, const char *pkey, json_t *o)
{
	struct json_diff *d = df->d;
	struct arena *ar = &d->arena;
	if (d->n == df->cap) {
		size_t ncap = df->cap ? df->cap * 2 : 16;
		struct diff_item *n = arena_array(ar, ncap, sizeof(*n));
		if (d->n)
			memcpy(n, d->items, d->n * sizeof(*n));
		d->items = n;
		df->cap = ncap;
	}
	struct diff_item *it = &d->items[d->n++];
	memset(it, 0, sizeof(*it));
	it->change = c;
	it->kind = arena_strdup(ar, kind);
	it->key = arena_strdup(ar, key);
	it->parent_kind = arena_strdup(ar, pkind);
	it->parent_key = arena_strdup(ar, pkey);
	it->label = json_is_object(o) ? label_of(ar, o) : NULL;
	return it;
}

/* Whether the elements both lists hold are in the same order. */
static bool
same_order(json_t *a, json_t *b, const char *name)
{
	json_t *ia = index_of(a, name);
	json_int_t last = -1;
	bool same = true;
	char key[128];
	for (size_t i = 0; same && i < json_array_size(b); i++) {
		json_t *at = key_of(json_array_get(b, i), name, key, sizeof(key)) ?
		    json_object_get(ia, key) : NULL;
		if (at == NULL)
			continue;
		same = json_integer_value(at) > last;
		last = json_integer_value(at);
	}
	json_decref(ia);
	return same;
}

static void diff_object(struct differ *, json_t *a, json_t *b, const char *kind,
    const char *key, const char *pkind, const char *pkey);

/* The elements of two keyed lists: added, removed, and changed ones
 * compared in turn. kind is the list's name; the object holding it is
 * (okind, okey). */
static void
diff_list(struct differ *df, json_t *a, json_t *b, const char *name,
    const char *kind, const char *okind, const char *okey)
{
	json_t *ia = index_of(a, name), *ib = index_of(b, name);
	char key[128];
	for (size_t i = 0; i < json_array_size(b); i++) {
		json_t *e = json_array_get(b, i);
		key_of(e, name, key, sizeof(key));
		json_t *at = json_object_get(ia, key);
		if (at == NULL)
			item_add(df, DIFF_ADDED, kind, key, okind, okey, e);
		else
			diff_object(df, json_array_get(a, (size_t)json_integer_value(at)), e,
			    kind, key, okind, okey);
	}
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *e = json_array_get(a, i);
		key_of(e, name, key, sizeof(key));
		if (json_object_get(ib, key) == NULL)
			item_add(df, DIFF_REMOVED, kind, key, okind, okey, e);
	}
	json_decref(ia);
	json_decref(ib);
}

/* Compares two versions of one object: its own fields first (one item
 * if any differ), then its keyed lists. */
static void
diff_object(struct differ *df, json_t *a, json_t *b, const char *kind,
    const char *key, const char *pkind, const char *pkey)
{
	struct arena *ar = &df->d->arena;
	/* Every key of either, sorted, so items and fields come in a stable
	 * order. */
	size_t nk = json_object_size(a) + json_object_size(b), n = 0;
	const char **keys = xcalloc(nk ? nk : 1, sizeof(*keys));
	const char *k;
	json_t *v;
	json_object_foreach(a, k, v)
		keys[n++] = k;
	json_object_foreach(b, k, v)
		if (json_object_get(a, k) == NULL)
			keys[n++] = k;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	struct diff_field *fields = NULL;
	size_t nf = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *va = json_object_get(a, keys[i]), *vb = json_object_get(b, keys[i]);
		const char *lk = lists_key(va, vb);
		bool differs = lk ? !same_order(va, vb, lk) : !json_equal(va, vb);
		if (!differs)
			continue;
		if (fields == NULL)
			fields = arena_array(ar, n, sizeof(*fields));
		fields[nf].name = arena_strdup(ar, keys[i]);
		fields[nf].order = lk != NULL;
		nf++;
	}
	if (nf > 0) {
		struct diff_item *it = item_add(df, DIFF_CHANGED, kind, key, pkind, pkey, b);
		it->fields = fields;
		it->nfields = nf;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *va = json_object_get(a, keys[i]), *vb = json_object_get(b, keys[i]);
		const char *lk = lists_key(va, vb);
		if (lk)
			diff_list(df, va, vb, lk, keys[i], key ? kind : NULL, key);
	}
	free(keys);
}

struct json_diff *
json_diff_texts(const char *a, const char *b, int *which)
{
	json_error_t err;
	json_t *ja = json_loads(a ? a : "", 0, &err);
	json_t *jb = json_loads(b ? b : "", 0, &err);
	struct json_diff *d = NULL;
	*which = !json_is_object(ja) ? 0 : 1;
	if (json_is_object(ja) && json_is_object(jb)) {
		d = xcalloc(1, sizeof(*d));
		struct differ df = {d, 0};
		diff_object(&df, ja, jb, NULL, NULL, NULL, NULL);
	}
	json_decref(ja);
	json_decref(jb);
	return d;
}

void
json_diff_free(struct json_diff *d)
{
	if (d == NULL)
		return;
	arena_free(&d->arena);
	free(d);
}
