/* i18n.h — interface text through gettext. Messages are written in
 * English in the code and translated by the catalogs in po/ (bokmål is
 * the default language). */
#ifndef TILTAK_I18N_H
#define TILTAK_I18N_H
#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)   /* marks a string for extraction, translated later */
#define P_(s, p, n) ngettext((s), (p), (unsigned long)(n))  /* plurals */

/* Sets up the catalogs: the bokmål locale for messages, text domain
 * "tiltak" bound to TILTAK_LOCALEDIR (or $TILTAK_LOCALEDIR), UTF-8 out.
 * Returns 0, or -1 if the Norwegian locale is missing (text stays in
 * English and a warning is printed). */
int i18n_init(void);

/* The interface language of the current thread's request: "nb" (bokmål,
 * the default), "nn" (nynorsk) or "en" (English). Views that pick text
 * from data carrying several languages ask this, falling back to
 * bokmål. i18n_use sets it for the calling thread (NULL or an unknown
 * code: "nb"). */
const char *i18n_lang(void);
void i18n_use(const char *lang);

#endif
