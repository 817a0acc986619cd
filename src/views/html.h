/* html.h — the one HTML writer. Every text and attribute value that
 * reaches a page passes through it and is escaped (& < > " '). Element and
 * attribute names are string literals in the code, never data; the writer
 * refuses any other characters in them. There is no raw-write function. */
#ifndef TILTAK_HTML_H
#define TILTAK_HTML_H
#include <stddef.h>

struct html;

struct html *html_new(void);
/* Returns the document and frees the writer; caller frees the string. */
char *html_finish(struct html *, size_t *len);
void html_free(struct html *);

void html_doctype(struct html *);
/* Opens an element. The variable arguments are attribute name/value pairs
 * ending with NULL; a pair whose value is NULL is left out. */
void html_open(struct html *, const char *tag, ...) __attribute__((sentinel));
void html_close(struct html *, const char *tag);
/* An element with no content and no end tag (meta, link, br, input). */
void html_void(struct html *, const char *tag, ...) __attribute__((sentinel));
/* An element holding just text: <tag attrs>text</tag>. */
void html_elem(struct html *, const char *tag, const char *text, ...)
	__attribute__((sentinel));
void html_text(struct html *, const char *s);
void html_textn(struct html *, const char *s, size_t n);
/* Formatted text, escaped like html_text. */
void html_printf(struct html *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Escapes s into a new string (caller frees); for tests and for writers
 * of other formats. */
char *html_escape(const char *s);

/* Builds a site path from segments, percent-encoding each one:
 * url_path("plans", id, NULL) → "/plans/<id>", url_path(NULL) → "/".
 * A public page's path gets the current thread's language prefix
 * (i18n_prefix, i18n_path_localised): in an English page,
 * url_path("plans", id, NULL) is "/en/plans/<id>" and url_path(NULL) is
 * "/en/", while "/admin/…", "/login", "/static/…" and "/api/…" never
 * have one. Every link between public pages is built with it (or
 * url_home), so a reader stays in the language they chose. Caller frees. */
char *url_path(const char *first, ...) __attribute__((sentinel));
/* A site path written elsewhere (a link in a plan's text: "/plans/x",
 * "/#top") with the current language's prefix where url_path would put
 * one; anything not beginning with a single '/' unchanged. Caller frees. */
char *url_local(const char *path);
/* The home page in the current thread's language: "/", "/nn/" or "/en/"
 * (a constant string; for places that cannot free one, like crumbs). */
const char *url_home(void);
/* Percent-encodes s for use as a query value. Caller frees. */
char *url_query_escape(const char *s);

#endif
