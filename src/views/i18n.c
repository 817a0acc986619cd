/* i18n.c — gettext set-up. */
#include "views/i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TILTAK_LOCALEDIR
#define TILTAK_LOCALEDIR "/usr/share/locale"
#endif

int
i18n_init(void)
{
	const char *dir = getenv("TILTAK_LOCALEDIR");
	int rc = 0;
	/* Text is always UTF-8, whatever the environment says. */
	setlocale(LC_CTYPE, "C.UTF-8");
	/* gettext picks the catalog from LANGUAGE when LC_MESSAGES names a
	 * real locale; bokmål is the default interface language. */
	if (setlocale(LC_MESSAGES, "nb_NO.UTF-8") == NULL &&
	    setlocale(LC_MESSAGES, "nb_NO.utf8") == NULL) {
		fputs("tiltak: warning: locale nb_NO.UTF-8 is missing; the interface "
		    "will be in English (run scripts/install-deps.sh)\n", stderr);
		rc = -1;
	}
	setenv("LANGUAGE", "nb", 1);
	bindtextdomain("tiltak", dir && *dir ? dir : TILTAK_LOCALEDIR);
	bind_textdomain_codeset("tiltak", "UTF-8");
	textdomain("tiltak");
	return rc;
}

static _Thread_local const char *thread_lang = "nb";

const char *
i18n_lang(void)
{
	return thread_lang;
}

void
i18n_use(const char *lang)
{
	if (lang != NULL && strcmp(lang, "nn") == 0)
		thread_lang = "nn";
	else if (lang != NULL && strcmp(lang, "en") == 0)
		thread_lang = "en";
	else
		thread_lang = "nb";
}
