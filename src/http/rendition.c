/* rendition.c — a page's variants (identity and gzip; 200 and 304), made
 * once. See rendition.h.
 *
 * The gzip variant is made when a client first asks for it, at zlib's
 * fastest level (HTTP_GZIP_FAST: about 0.4 ms for a 100 KB plan page), so
 * a page rendered for one reader costs little; when the page is asked for
 * again from the cache, it is compressed once more at the best level
 * (HTTP_GZIP_BEST: about 1.5 ms, a sixth smaller) after it has been
 * served from the cache HTTP_GZIP_BEST_HITS times, and that variant is
 * kept from then on. A page read once or twice (a cold page, or a cache
 * too small for a whole country's plans) never pays for the best level; a
 * page many read is sent as small as zlib makes it. The two gzip
 * variants are different representations, with different ETags.
 *
 * A variant's body is a blob counted by reference: the 200 response and
 * the 304 response share it (the 304 carries the 200's Content-Length, as
 * RFC 9110 8.6 allows, but no body), and the blob is freed when the last
 * libmicrohttpd response that uses it is destroyed — after the rendition
 * itself may already have left the cache. */
#include "http/rendition.h"

#include <ctype.h>
#include <pthread.h>
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
	struct variant   v[V__MAX];   /* v[V_GZIP].blob is NULL without gzip */
	struct reply     headers;     /* content type, cache policy: no body */
	char             digest[40];  /* content_digest of the body */
	pthread_mutex_t  gz_lock;     /* guards v[V_GZIP] and gz_level */
	int              gz_level;    /* 0: not made yet, -1: not smaller */
	int              gz_hits;     /* gzip requests served from the cache */
	_Atomic size_t   bytes;
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
gzip(const void *data, size_t len, int level, size_t *out_len)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* 15 window bits + 16: a gzip wrapper rather than zlib's. */
	if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
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

/* What tells one body from another for the ETag: its CRC-32 and Adler-32
 * (zlib's, a tenth of a cryptographic hash's cost on a 100 KB page, paid
 * on every cache miss) and its length. Two different pages of one
 * address would have to agree on all three to be confused; no reader can
 * choose a page's bytes, so chance is all there is, and it is small. */
static void
content_digest(const void *data, size_t len, char *out, size_t outsz)
{
	union { const void *c; const Bytef *b; } p = {.c = data};
	uLong crc = crc32_z(0L, p.b, len);
	uLong adler = adler32_z(1L, p.b, len);
	snprintf(out, outsz, "%08lx%08lx-%zx", crc & 0xffffffffUL,
	    adler & 0xffffffffUL, len);
}

/* A strong ETag: the body's digest and a suffix naming
 * the encoding, so each representation has its own. */
static void
make_etag(char *out, size_t outsz, const char *digest, const char *suffix)
{
	snprintf(out, outsz, "\"%s%s\"", digest, suffix);
}

static void
variant_drop(struct variant *v)
{
	if (v->blob == NULL)
		return;
	MHD_destroy_response(v->ok);
	MHD_destroy_response(v->not_modified);
	blob_unref(v->blob);
	memset(v, 0, sizeof(*v));
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
	pthread_mutex_init(&rd->gz_lock, NULL);
	struct blob *id = xcalloc(1, sizeof(*id));
	atomic_init(&id->refs, 1); /* the rendition's own reference */
	id->owned = r->body;
	id->data = r->body ? (const void *)r->body : r->static_body;
	id->len = r->len;
	r->body = NULL;
	rd->headers = *r;
	rd->headers.body = NULL;
	rd->headers.static_body = NULL;
	atomic_init(&rd->bytes, id->len);
	content_digest(id->data, id->len, rd->digest, sizeof(rd->digest));
	make_etag(rd->v[V_IDENTITY].etag, sizeof(rd->v[V_IDENTITY].etag), rd->digest, "");
	variant_make(&rd->v[V_IDENTITY], id, r, NULL);
	if (id->len < HTTP_GZIP_MIN)
		rd->gz_level = -1;
	return rd;
}

int64_t
rendition_expires(const struct rendition *rd)
{
	return rd->headers.expires;
}

/* Makes (or remakes, at a better level) the gzip variant; under gz_lock.
 * A gzip that is not smaller than the body is not kept. */
static void
make_gzip(struct rendition *rd, int level)
{
	const struct blob *id = rd->v[V_IDENTITY].blob;
	size_t zlen = 0;
	unsigned char *z = gzip(id->data, id->len, level, &zlen);
	if (z == NULL || zlen >= id->len) {
		free(z);
		if (rd->gz_level == 0)
			rd->gz_level = -1;
		return;
	}
	struct blob *gz = xcalloc(1, sizeof(*gz));
	atomic_init(&gz->refs, 1);
	gz->owned = z;
	gz->data = z;
	gz->len = zlen;
	size_t old = rd->v[V_GZIP].blob ? rd->v[V_GZIP].blob->len : 0;
	/* Responses of the old variant being sent live on: libmicrohttpd
	 * holds its own references to them. */
	variant_drop(&rd->v[V_GZIP]);
	make_etag(rd->v[V_GZIP].etag, sizeof(rd->v[V_GZIP].etag), rd->digest,
	    level == HTTP_GZIP_BEST ? "-gz" : "-gzf");
	variant_make(&rd->v[V_GZIP], gz, &rd->headers, "gzip");
	atomic_fetch_add(&rd->bytes, zlen);
	atomic_fetch_sub(&rd->bytes, old);
	rd->gz_level = level;
}

void
rendition_free(struct rendition *rd)
{
	if (rd == NULL)
		return;
	for (int i = 0; i < V__MAX; i++)
		variant_drop(&rd->v[i]);
	pthread_mutex_destroy(&rd->gz_lock);
	free(rd);
}

/* Queues variant v: 304 when If-None-Match names it, else 200. */
static enum MHD_Result
queue_variant(const struct variant *v, struct MHD_Connection *c,
    const struct negotiation *neg, int *status, size_t *size)
{
	if (neg->if_none_match && http_etag_matches(neg->if_none_match, v->etag)) {
		*status = MHD_HTTP_NOT_MODIFIED;
		*size = 0;
		return MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, v->not_modified);
	}
	*status = MHD_HTTP_OK;
	*size = v->blob->len;
	return MHD_queue_response(c, MHD_HTTP_OK, v->ok);
}

enum MHD_Result
rendition_queue(struct rendition *rd, struct MHD_Connection *c,
    const struct negotiation *neg, bool again, int *status, size_t *size)
{
	if (!neg->gzip)
		return queue_variant(&rd->v[V_IDENTITY], c, neg, status, size);
	pthread_mutex_lock(&rd->gz_lock);
	if (again && rd->gz_hits < HTTP_GZIP_BEST_HITS)
		rd->gz_hits++;
	if (rd->gz_hits >= HTTP_GZIP_BEST_HITS && rd->gz_level != HTTP_GZIP_BEST &&
	    rd->gz_level != -1)
		make_gzip(rd, HTTP_GZIP_BEST);
	else if (rd->gz_level == 0)
		make_gzip(rd, HTTP_GZIP_FAST);
	enum MHD_Result r = rd->v[V_GZIP].blob ?
	    queue_variant(&rd->v[V_GZIP], c, neg, status, size) :
	    queue_variant(&rd->v[V_IDENTITY], c, neg, status, size);
	pthread_mutex_unlock(&rd->gz_lock);
	return r;
}

size_t
rendition_bytes(const struct rendition *rd)
{
	return atomic_load(&rd->bytes);
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
