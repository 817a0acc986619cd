/* i18n.h — interface text through gettext. Messages are written in
 * English in the code and translated by the catalogs in po/ (bokmål is
 * the default language).
 *
 * The language is a property of the request, not of the process: each
 * interface language has its own locale object (newlocale), and the
 * worker thread that answers a request switches to the request's one
 * (uselocale) before anything is rendered, and back after. glibc's
 * gettext reads LC_MESSAGES from the calling thread's locale, so one
 * process serves bokmål, nynorsk and English at the same time. The
 * environment variable LANGUAGE, which would override every thread's
 * LC_MESSAGES, is removed at start. */
#ifndef TILTAK_I18N_H
#define TILTAK_I18N_H
#include <libintl.h>
#include <stdbool.h>

#define _(s)  gettext(s)
#define N_(s) (s)   /* marks a string for extraction, translated later */
#define P_(s, p, n) ngettext((s), (p), (unsigned long)(n))  /* plurals */

/* The interface languages, bokmål first (the default: addresses without
 * a language prefix). Adding one is a row here and in i18n.c's table, a
 * catalog and a locale: docs/LANGUAGES.md. */
#define I18N_LANGS 3

/* What the page frame needs to know of each language, in that order
 * ("nb", "nn", "en"). */
struct i18n_language {
	const char *code;       /* BCP 47: <html lang>, hreflang */
	const char *name;       /* its name in itself: "Nynorsk" */
	const char *prefix;     /* before a public path: "", "/nn" */
	const char *home;       /* the home page: "/", "/nn/" */
	const char *locale[2];  /* the locale its messages come from, two
	                           spellings */
};
extern const struct i18n_language i18n_languages[I18N_LANGS];

/* Sets up the catalogs: text domain "tiltak" bound to TILTAK_LOCALEDIR
 * (or $TILTAK_LOCALEDIR), UTF-8 out, one locale object per language
 * (nb_NO.UTF-8, nn_NO.UTF-8, and C.UTF-8 for English, the language of
 * the messages), and bokmål for the process as a whole. Call it once,
 * before any thread starts. Returns 0, or -1 if a Norwegian locale is
 * missing (that language's text stays in English; a warning is printed). */
int i18n_init(void);

/* The interface language of the current thread's request: "nb" (bokmål,
 * the default), "nn" (nynorsk) or "en" (English). Views that pick text
 * from data carrying several languages ask this, falling back to
 * bokmål. i18n_use sets it for the calling thread (NULL or an unknown
 * code: "nb") and, once i18n_init has run, switches the thread's
 * messages to that language. i18n_reset returns the thread to the
 * process's language (bokmål) and forgets its address. */
const char *i18n_lang(void);
void i18n_use(const char *lang);
void i18n_reset(void);

/* The value of a lang attribute for text in the language text_lang
 * ("nb" for the plans' own text, or a service's text that fell back to
 * bokmål) on the current thread's page: NULL when it is the page's
 * language (the attribute is left out), else text_lang. So a screen
 * reader reads bokmål text on an English page with a Norwegian voice
 * (WCAG 3.1.2):
 *   html_elem(h, "h1", p->title, "lang", i18n_lang_attr("nb"), NULL); */
const char *i18n_lang_attr(const char *text_lang);

/* The language code lang if it is one of i18n_languages (the table's
 * own string, so it outlives lang), else NULL. */
const char *i18n_known(const char *lang);

/* The current page's address without language prefix, in canonical form
 * ("/plans/x?category=y"), set by the server for pages that exist in
 * every language; NULL for others (errors, sign-in, the signed-in area).
 * The page frame links to the same address in the other languages. The
 * string is not copied: it must outlive the rendering. */
void i18n_set_address(const char *addr);
const char *i18n_address(void);

/* "" for bokmål, else "/nn" or "/en": what goes before a public path in
 * the current thread's language. */
const char *i18n_prefix(void);

/* Whether the public pages under the first path segment first (NULL:
 * the home page) exist in every language, that is, take a language
 * prefix: everything but the sign-in page, the signed-in area, static
 * files and the JSON API. The one list both url_path (which prefixes)
 * and the router (which accepts a prefix) read. */
bool i18n_path_localised(const char *first);

#endif
