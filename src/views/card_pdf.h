/* card_pdf.h — the action card as a one-page A4 PDF (issue 8 §5), in
 * the current request's language (i18n_lang, falling back to bokmål). */
#ifndef TILTAK_CARD_PDF_H
#define TILTAK_CARD_PDF_H
#include <stddef.h>

#include "store/db.h"

/* Renders v on one A4 page (595 × 842 points), its text wrapped and its
 * font CARD_PDF_FONT_PT, or smaller down to CARD_PDF_FONT_MIN_PT when
 * that is what it takes to fit. Returns the PDF (caller frees), its
 * length in *len and the body size used in *pt (may be NULL); NULL with
 * the reason in err when the card does not fit one page even at the
 * smallest size (no text is ever cut) or cairo fails. */
char *card_pdf(const struct card_view *v, size_t *len, double *pt, char *err,
    size_t errsz);

#endif
