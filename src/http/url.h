/* url.h — strict decoding of a request target: the path split into
 * percent-decoded segments and the query into name/value fields.
 * Malformed percent-encoding, invalid UTF-8, NUL bytes, dot segments and
 * oversized parts are refused with a message for the reader. */
#ifndef TILTAK_URL_H
#define TILTAK_URL_H
#include <stddef.h>

#include "limits.h"

#define URL_SEGMENTS_MAX 16

struct url_field {
	char *name;
	char *value;
};

struct url {
	const char       *lang;         /* the interface language: "nn" or
	                                   "en" when the path began with that
	                                   segment (then not among segments),
	                                   else "nb" (i18n.h's strings) */
	char             *origin;       /* the target in origin-form, without
	                                   fragment: "/path?query" */
	size_t            pathlen;      /* origin[0..pathlen) is the raw path */
	char             *mem;          /* owns every decoded string below */
	char             *segments[URL_SEGMENTS_MAX];
	size_t            nsegments;
	struct url_field  query[HTTP_QUERY_FIELDS];
	size_t            nquery;
	unsigned long     err_arg;      /* the limit an error message quotes */
};

enum url_status {
	URL_OK,
	URL_BAD,        /* 400 */
	URL_TOO_LONG,   /* 414 */
};

/* Decodes the raw target (origin-form "/a/b?x=y", or absolute-form
 * "http://host/a/b", which becomes origin-form "/a/b"). A first path
 * segment "nn" or "en" is the language (out->lang) and not one of the
 * segments: "/en/plans/x" has the segments "plans" and "x", and "/en/"
 * and "/en" have none, like "/". "nb" is no prefix: the unprefixed
 * address is bokmål's. out->lang is set even when a later part of the
 * target is refused, so the error can be told in that language. Query values are
 * limited to HTTP_QUERY_FIELD_MAX characters. On failure writes a
 * reader-facing message (an English msgid, translated by the caller) into
 * err; a message with "%lu" quotes the limit in out->err_arg. Call
 * url_free in every case. */
enum url_status url_parse(const char *raw, struct url *out, const char **err);
void url_free(struct url *);
/* The first value of a query field, or NULL. */
const char *url_query(const struct url *, const char *name);
/* The decoded, normalised form of the address, for the page cache: the
 * path segments percent-encoded one canonical way (only RFC 3986
 * unreserved characters stay as they are) and joined by '/', then for
 * each query field named in fields (NULL-terminated, may be NULL) "\n"
 * and, when the field is present, "=" and its canonically encoded value.
 * So "/%70lans/a" and "/plans/a" have one key, and "?q=" differs from no
 * q at all. A language other than bokmål comes first ("/en/plans/a"), so
 * each language's page has its own key. Caller frees. */
char *url_key(const struct url *, const char *const *fields);
/* The address of the same page without language prefix, in canonical
 * form: the path as url_key writes it, then the fields named in fields
 * that are present, in that order ("/plans/a?category=x&unit=y"); the
 * same for every address that has one cache key. Caller frees. */
char *url_address(const struct url *, const char *const *fields);

#endif
