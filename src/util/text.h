/* text.h — UTF-8 validation, the search fold and its word splitter, and small string
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

/* Folds s for search (text.c says exactly how): NFKC, full Unicode case
 * folding, every white space character as one ' ', optional accents on e
 * and o dropped; æ ø å and other letters with marks kept. The stored
 * search text and the query are folded alike, so a substring test on
 * folded strings is a case- and form-insensitive search. Returns a new
 * string the caller frees; s must be valid UTF-8. */
char *text_fold(const char *s);

/* Compares two names in Norwegian alphabetical order, ignoring case:
 * A…Z, then Æ, Ø, Å (UTF-8 byte order puts Å first). Like strcmp's
 * result. */
int text_collate_nb(const char *a, const char *b);
/* The first letter of a name for an alphabetical index, upper case
 * (UTF-8, at most 4 bytes and a NUL into out). */
void text_initial(const char *name, char out[8]);

/* Splits a folded string (text_fold's result, whose only white space is
 * ' ') into its words, in place: *words is set to a new array the caller
 * frees, its entries pointing into folded. Returns the number of words. */
size_t text_words(char *folded, char ***words);

/* True if s is a date YYYY-MM-DD that exists in the Gregorian calendar. */
bool text_is_date(const char *s);

#endif
