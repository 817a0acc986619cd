/* i18n.c — gettext set-up and the per-thread interface language. */
#include "views/i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TILTAK_LOCALEDIR
#define TILTAK_LOCALEDIR "/usr/share/locale"
#endif

/* English is the language of the msgids: C.UTF-8 has no catalog, so
 * gettext returns them as they are. A language with a catalog of its own
 * needs a real locale (scripts/install-deps.sh generates it). */
const struct i18n_language i18n_languages[I18N_LANGS] = {
	{"nb", "Bokmål", "", "/", {"nb_NO.UTF-8", "nb_NO.utf8"}},
	{"nn", "Nynorsk", "/nn", "/nn/", {"nn_NO.UTF-8", "nn_NO.utf8"}},
	{"en", "English", "/en", "/en/", {"C.UTF-8", "C.utf8"}},
};

/* Made once by i18n_init, before threads start, and never freed: they
 * live as long as the process. NULL until then (unit tests). */
static locale_t locales[I18N_LANGS];

static _Thread_local int thread_lang;           /* index into i18n_languages */
static _Thread_local const char *thread_addr;

int
i18n_init(void)
{
	const char *dir = getenv("TILTAK_LOCALEDIR");
	int rc = 0;
	/* LANGUAGE would override every thread's LC_MESSAGES. */
	unsetenv("LANGUAGE");
	/* Text is always UTF-8, whatever the environment says. */
	setlocale(LC_CTYPE, "C.UTF-8");
	for (int i = 0; i < I18N_LANGS; i++) {
		if (locales[i] != (locale_t)0)
			continue;
		/* Messages from the language's locale, characters UTF-8, and
		 * everything else "C" as for the process. */
		locale_t base = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (base == (locale_t)0)
			base = newlocale(LC_CTYPE_MASK, "C", (locale_t)0);
		locale_t l = (locale_t)0;
		for (int k = 0; k < 2 && l == (locale_t)0 && base != (locale_t)0; k++)
			l = newlocale(LC_MESSAGES_MASK, i18n_languages[i].locale[k], base);
		if (l == (locale_t)0) {
			fprintf(stderr, "tiltak: warning: locale %s is missing; the "
			    "interface in \"%s\" will be in English (run "
			    "scripts/install-deps.sh)\n", i18n_languages[i].locale[0], i18n_languages[i].code);
			rc = -1;
			l = base; /* "C" messages: the English msgids */
		}
		locales[i] = l;
	}
	/* The process as a whole (the main thread, the command line) speaks
	 * bokmål. */
	if (setlocale(LC_MESSAGES, i18n_languages[0].locale[0]) == NULL)
		setlocale(LC_MESSAGES, i18n_languages[0].locale[1]);
	bindtextdomain("tiltak", dir && *dir ? dir : TILTAK_LOCALEDIR);
	bind_textdomain_codeset("tiltak", "UTF-8");
	textdomain("tiltak");
	return rc;
}

const char *
i18n_lang(void)
{
	return i18n_languages[thread_lang].code;
}

const char *
i18n_known(const char *lang)
{
	for (int i = 0; lang != NULL && i < I18N_LANGS; i++)
		if (strcmp(lang, i18n_languages[i].code) == 0)
			return i18n_languages[i].code;
	return NULL;
}

const char *
i18n_lang_attr(const char *text_lang)
{
	if (text_lang == NULL || strcmp(text_lang, i18n_lang()) == 0)
		return NULL;
	return text_lang;
}

void
i18n_use(const char *lang)
{
	thread_lang = 0;
	for (int i = 1; lang != NULL && i < I18N_LANGS; i++)
		if (strcmp(lang, i18n_languages[i].code) == 0)
			thread_lang = i;
	if (locales[thread_lang] != (locale_t)0)
		uselocale(locales[thread_lang]);
}

void
i18n_reset(void)
{
	thread_lang = 0;
	thread_addr = NULL;
	uselocale(LC_GLOBAL_LOCALE);
}

void
i18n_set_address(const char *addr)
{
	thread_addr = addr;
}

const char *
i18n_address(void)
{
	return thread_addr;
}

const char *
i18n_prefix(void)
{
	return i18n_languages[thread_lang].prefix;
}

bool
i18n_path_localised(const char *first)
{
	static const char *const one_language[] = {"admin", "login", "static", "api",
	    "robots.txt"};
	if (first == NULL)
		return true;
	for (size_t i = 0; i < sizeof(one_language) / sizeof(one_language[0]); i++)
		if (strcmp(first, one_language[i]) == 0)
			return false;
	return true;
}
