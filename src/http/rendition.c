/* rendition.c — a page's variants (identity and gzip; 200 and 304), made
 * once. See rendition.h.
 *
 * A variant's body is a blob counted by reference: the 200 response and
 * the 304 response share it (the 304 carries the 200's Content-Length, as
 * RFC 9110 8.6 allows, but no body), and the blob is freed when the last
 * libmicrohttpd response that uses it is destroyed — after the rendition
 * itself may already have left the cache. */
#include "http/rendition.h"

#include <ctype.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "limits.h"
#include "util/xalloc.h"

struct blob {
	atomic_int   refs;
	const void  *data;
	size_t       len;
	void        *owned;   /* freed with the blob; NULL for static bodies */
};

enum { V_IDENTITY, V_GZIP, V__MAX };

struct variant {
	struct blob         *blob;
	struct MHD_Response *ok;            /* 200 */
	struct MHD_Response *not_modified;  /* 304 */
	char                 etag[48];
};

struct rendition {
	struct variant v[V__MAX];     /* v[V_GZIP].ok is NULL without gzip */
	size_t         bytes;
};

static void
blob_unref(void *cls)
{
	struct blob *b = cls;
	if (atomic_fetch_sub(&b->refs, 1) == 1) {
		free(b->owned);
		free(b);
	}
}

static struct MHD_Response *
blob_response(struct blob *b)
{
	union { const void *c; void *m; } data = {.c = b->data};
	atomic_fetch_add(&b->refs, 1);
	struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
	    b->len, data.m, blob_unref, b);
	if (resp == NULL) {
		fputs("tiltak: cannot create a response (out of memory)\n", stderr);
		abort();
	}
	return resp;
}

/* Gzips data[0..len) (RFC 1952). Returns the compressed bytes (caller
 * frees) and their size in *out_len, or NULL if zlib fails. */
static unsigned char *
gzip(const void *data, size_t len, size_t *out_len)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* 15 window bits + 16: a gzip wrapper rather than zlib's. */
	if (deflateInit2(&zs, HTTP_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&zs, (uLong)len);
	unsigned char *out = xmalloc(cap);
	union { const void *c; void *m; } in = {.c = data};
	zs.next_in = in.m;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	int rc = deflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* A strong ETag from the bytes: BLAKE2b, 128 bits, in hex. */
static void
make_etag(char *out, size_t outsz, const void *data, size_t len, const char *suffix)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	char hex[33];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, outsz, "\"%s%s\"", hex, suffix);
}

static void
variant_make(struct variant *v, struct blob *b, const struct reply *r,
    const char *encoding)
{
	v->blob = b;
	v->ok = blob_response(b);
	v->not_modified = blob_response(b);
	struct MHD_Response *both[2] = {v->ok, v->not_modified};
	for (int i = 0; i < 2; i++) {
		reply_headers(both[i], r);
		MHD_add_response_header(both[i], MHD_HTTP_HEADER_ETAG, v->etag);
		MHD_add_response_header(both[i], MHD_HTTP_HEADER_VARY, "Accept-Encoding");
		if (encoding)
			MHD_add_response_header(both[i], MHD_HTTP_HEADER_CONTENT_ENCODING,
			    encoding);
	}
}

struct rendition *
rendition_new(struct reply *r)
{
	struct rendition *rd = xcalloc(1, sizeof(*rd));
	struct blob *id = xcalloc(1, sizeof(*id));
	atomic_init(&id->refs, 1); /* the rendition's own reference */
	id->owned = r->body;
	id->data = r->body ? (const void *)r->body : r->static_body;
	id->len = r->len;
	r->body = NULL;
	rd->bytes = id->len;
	make_etag(rd->v[V_IDENTITY].etag, sizeof(rd->v[V_IDENTITY].etag), id->data,
	    id->len, "");
	variant_make(&rd->v[V_IDENTITY], id, r, NULL);

	size_t zlen = 0;
	unsigned char *z = id->len >= HTTP_GZIP_MIN ? gzip(id->data, id->len, &zlen) : NULL;
	if (z != NULL && zlen < id->len) {
		struct blob *gz = xcalloc(1, sizeof(*gz));
		atomic_init(&gz->refs, 1);
		gz->owned = z;
		gz->data = z;
		gz->len = zlen;
		rd->bytes += zlen;
		/* A different representation needs a different strong tag
		 * (RFC 9110 8.8.3); the suffix keeps the two apart. */
		make_etag(rd->v[V_GZIP].etag, sizeof(rd->v[V_GZIP].etag), id->data,
		    id->len, "-gz");
		variant_make(&rd->v[V_GZIP], gz, r, "gzip");
	} else {
		free(z);
	}
	return rd;
}

void
rendition_free(struct rendition *rd)
{
	if (rd == NULL)
		return;
	for (int i = 0; i < V__MAX; i++) {
		struct variant *v = &rd->v[i];
		if (v->blob == NULL)
			continue;
		MHD_destroy_response(v->ok);
		MHD_destroy_response(v->not_modified);
		blob_unref(v->blob);
	}
	free(rd);
}

enum MHD_Result
rendition_queue(const struct rendition *rd, struct MHD_Connection *c,
    const struct negotiation *neg, int *status, size_t *size)
{
	const struct variant *v = &rd->v[neg->gzip && rd->v[V_GZIP].blob ? V_GZIP : V_IDENTITY];
	if (neg->if_none_match && http_etag_matches(neg->if_none_match, v->etag)) {
		*status = MHD_HTTP_NOT_MODIFIED;
		*size = 0;
		return MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, v->not_modified);
	}
	*status = MHD_HTTP_OK;
	*size = v->blob->len;
	return MHD_queue_response(c, MHD_HTTP_OK, v->ok);
}

size_t
rendition_bytes(const struct rendition *rd)
{
	return rd->bytes;
}

const char *
rendition_etag(const struct rendition *rd, bool gz)
{
	const struct variant *v = &rd->v[gz ? V_GZIP : V_IDENTITY];
	return v->blob ? v->etag : NULL;
}

/* Skips optional white space (RFC 9110 5.6.3). */
static const char *
ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads a weight "q=0.5" after ';' parameters of one list element;
 * returns it in thousandths (1000 when absent, 0 when malformed). */
static int
weight(const char *p, const char *end)
{
	int q = 1000;
	while (p < end) {
		p = ows(p);
		if (*p != ';')
			break;
		p = ows(p + 1);
		if ((*p == 'q' || *p == 'Q') && p[1] == '=') {
			p += 2;
			if (*p == '0') {
				q = 0;
				p++;
				if (*p == '.') {
					int scale = 100;
					for (p++; isdigit((unsigned char)*p) && scale > 0; p++, scale /= 10)
						q += (*p - '0') * scale;
				}
			} else if (*p == '1') {
				q = 1000;
				p++;
				if (*p == '.')
					for (p++; *p == '0'; p++)
						;
			} else {
				return 0;
			}
		} else {
			while (p < end && *p != ';')
				p++;
		}
	}
	return q;
}

bool
http_accepts_gzip(const char *ae)
{
	if (ae == NULL)
		return false;
	int gz = -1, star = -1;
	const char *p = ae;
	while (*p) {
		const char *end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		const char *t = ows(p);
		const char *te = t;
		while (te < end && *te != ';' && *te != ' ' && *te != '\t')
			te++;
		size_t n = (size_t)(te - t);
		int q = weight(te, end);
		if ((n == 4 && strncasecmp(t, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(t, "x-gzip", 6) == 0))
			gz = q;
		else if (n == 1 && *t == '*')
			star = q;
		p = *end ? end + 1 : end;
	}
	if (gz >= 0)
		return gz > 0;
	return star > 0;
}

bool
http_etag_matches(const char *inm, const char *etag)
{
	if (inm == NULL || etag == NULL)
		return false;
	size_t elen = strlen(etag);
	const char *p = inm;
	for (;;) {
		p = ows(p);
		if (*p == '\0')
			return false;
		if (*p == '*') {
			const char *q = ows(p + 1);
			if (*q == '\0' || *q == ',')
				return true;
		}
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"')
			return false; /* malformed: no match, a full answer */
		const char *close = strchr(p + 1, '"');
		if (close == NULL)
			return false;
		size_t n = (size_t)(close - p) + 1;
		if (n == elen && memcmp(p, etag, n) == 0)
			return true;
		p = ows(close + 1);
		if (*p != ',')
			return false;
		p++;
	}
}
