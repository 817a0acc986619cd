/* phone.h — Norwegian phone numbers as people read and dial them: the
 * digits grouped the Norwegian way for the eye ("112", "116 111",
 * "800 30 196", "412 34 567", "22 22 22 22") and a tel: address for the
 * tap ("tel:112", "tel:+4780030196"). Used wherever a page shows a
 * number (the action card; every number on a public page is a tel:
 * link). */
#ifndef TILTAK_PHONE_H
#define TILTAK_PHONE_H
#include <stdbool.h>
#include <stddef.h>

/* Writes raw (digits, with spaces, dots or hyphens between them, and an
 * optional leading "+47" or "0047") grouped into out: 3 digits and 5
 * digits as they are, 6 digits (the 116 numbers) 3 3, 8 digits 3 2 3
 * for mobile numbers (4, 9) and service numbers (8), else 2 2 2 2;
 * "+47 " kept in front when given. Returns false (out holds raw as it
 * is) for anything else, which is shown but not linked. */
bool phone_format(const char *raw, char *out, size_t outsz);
/* The tel: address of raw ("tel:+47XXXXXXXX" for 8 digits, "tel:NNN"
 * for short numbers) into out; false when raw is not a number
 * phone_format groups. */
bool phone_tel(const char *raw, char *out, size_t outsz);

#endif
