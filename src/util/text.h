/* text.h — UTF-8 validation, case folding for search, and small string
 * checks shared by the importer, the URL decoder and the views. */
#ifndef TILTAK_TEXT_H
#define TILTAK_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF). NUL bytes are allowed here; callers that
 * refuse them check separately. */
bool text_utf8_valid(const char *s, size_t n);

/* The offset of the first byte of s[0..n) that does not begin a
 * well-formed UTF-8 sequence, or n if s[0..n) is valid UTF-8. */
size_t text_utf8_invalid_at(const char *s, size_t n);

/* Decodes the code point at s (n bytes left) into *cp. Returns the length
 * of its sequence (1-4), or 0 if the sequence is malformed, overlong, a
 * surrogate, above U+10FFFF or cut short by n. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* The number of code points in valid UTF-8 s[0..n). */
size_t text_utf8_chars(const char *s, size_t n);

/* True if s is a valid id: ^[a-z0-9][a-z0-9-]{0,63}$ */
bool text_is_id(const char *s);

/* Folds s to lower case for search: ASCII, Latin-1 letters (Æ Ø Å É …)
 * and a few Latin Extended-A letters. Other code points are copied.
 * Returns a new string the caller frees; s must be valid UTF-8. */
char *text_fold(const char *s);

/* True if s is a date YYYY-MM-DD that exists in the Gregorian calendar. */
bool text_is_date(const char *s);

#endif
