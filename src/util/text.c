/* text.c — UTF-8 and small string helpers, and the search fold (NFKC,
 * case folding and white space through utf8proc). */
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "limits.h"
#include "util/xalloc.h"

/* Decodes one code point at s (n bytes left). Returns its length, or 0 if
 * the sequence is malformed. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; v = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; v = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

size_t
text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, n, cp);
}

size_t
text_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0;
	while (off < n) {
		uint32_t cp;
		size_t k = utf8_decode(p + off, n - off, &cp);
		if (k == 0)
			return off;
		off += k;
	}
	return n;
}

bool
text_utf8_valid(const char *s, size_t n)
{
	return text_utf8_invalid_at(s, n) == n;
}

size_t
text_utf8_chars(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}

bool
text_is_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PLAN_ID_MAX)
		return false;
	if (s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

/* The search fold. Both the stored search text of every measure,
 * indicator and chapter and every query go through this one function, so
 * a word matches whatever way it was typed or printed:
 *
 * - NFKC: a precomposed "å" (U+00E5) and "a" + U+030A are one letter, and
 *   compatibility forms common in text copied from PDFs (the "fi"
 *   ligature, full-width letters, no-break spaces) become their plain
 *   letters. Compatibility folding also turns "²" into "2" and "½" into
 *   "1⁄2"; for search that is wanted, not lost.
 * - Full Unicode case folding (utf8proc's, from CaseFolding.txt): every
 *   script's capitals, final sigma, "ß" = "ss".
 * - Default-ignorable code points (soft hyphen, zero-width space) are
 *   dropped: they are invisible and must not split a word.
 * - Every white space character (Unicode Zs, Zl, Zp: no-break space,
 *   U+202F, U+2007, U+3000 …, and tab, newline, CR, VT, FF, NEL) becomes
 *   one ASCII space, the only separator text_words knows.
 * - Diacritics are kept, with one exception. æ, ø and å are letters of
 *   their own in Norwegian, and so are Northern Sami's á, č, đ, ŋ, š, ŧ,
 *   ž: "år" must not find "ar". But acute, grave and circumflex on e and
 *   o are optional in Norwegian spelling (idé/ide, kafé/kafe, fôr/for)
 *   and mark no Sami letter, so those three marks are dropped after e
 *   and o only.
 *
 * The fold depends on the Unicode version of the installed utf8proc; a
 * newer one folds newly assigned characters too, which stored text folded
 * by an older one will lack until the next import of its plan. */

#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | \
	UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

static bool
is_space(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return (cp >= 0x09 && cp <= 0x0d) || cp == 0x85;
	}
}

/* An optional accent: combining grave, acute or circumflex after e or o
 * (the text is decomposed, so é is e + U+0301 here). */
static bool
is_optional_mark(utf8proc_int32_t prev, utf8proc_int32_t cp)
{
	return (cp == 0x300 || cp == 0x301 || cp == 0x302) &&
	    (prev == 'e' || prev == 'o');
}

char *
text_fold(const char *s)
{
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	/* Decomposed and folded, the text needs at most this many code
	 * points; if not, utf8proc says how many and we ask again. */
	utf8proc_ssize_t cap = n + 1, len;
	utf8proc_int32_t *cps = NULL;
	for (;;) {
		cps = xrealloc(cps, (size_t)(cap + 1) * sizeof(*cps));
		len = utf8proc_decompose(in, n, cps, cap, FOLD_OPTIONS);
		if (len < 0 || len <= cap)
			break;
		cap = len;
	}
	if (len < 0) {
		/* Only invalid UTF-8 gets here, which no caller passes: every
		 * text is checked at the edge. Keep it as it is. */
		free(cps);
		return xstrdup(s);
	}
	utf8proc_ssize_t out = 0;
	for (utf8proc_ssize_t i = 0; i < len; i++) {
		utf8proc_int32_t cp = cps[i];
		if (out > 0 && is_optional_mark(cps[out - 1], cp))
			continue;
		cps[out++] = is_space(cp) ? ' ' : cp;
	}
	/* Compose again (NFKC) and write UTF-8 into the same buffer, which
	 * holds 4 bytes per code point plus one entry for the NUL. */
	utf8proc_ssize_t bytes = utf8proc_reencode(cps, out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (bytes < 0) {
		free(cps);
		return xstrdup(s);
	}
	return (char *)cps;
}

size_t
text_words(char *folded, char ***words)
{
	size_t n = 0, cap = 0;
	*words = NULL;
	for (char *p = folded; *p;) {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*words = xrealloc(*words, cap * sizeof(**words));
		}
		(*words)[n++] = p;
		p += strcspn(p, " ");
	}
	return n;
}

bool
text_is_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < PLAN_YEAR_MIN || y > PLAN_YEAR_MAX || m < 1 || m > 12 || d < 1)
		return false;
	if (d > mdays[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return false;
	return true;
}

/* The next code point of s (valid UTF-8 assumed) and its length. */
static size_t
next_cp(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) { *cp = p[0]; return 1; }
	if ((p[0] & 0xe0) == 0xc0 && p[1]) { *cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f); return 2; }
	if ((p[0] & 0xf0) == 0xe0 && p[1] && p[2]) {
		*cp = ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		return 3;
	}
	if (p[1] && p[2] && p[3]) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3f) << 12) |
		    ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		return 4;
	}
	*cp = p[0];
	return 1;
}

/* A code point's place in the Norwegian alphabet: lower case, and æ, ø, å
 * after z (and their variants ä, ö beside them, as Norwegian dictionaries
 * file them). */
static uint32_t
nb_rank(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		c += 32;
	switch (c) {
	case 0xc6: case 0xe6: case 0xc4: case 0xe4: return 'z' + 1;   /* Æ æ Ä ä */
	case 0xd8: case 0xf8: case 0xd6: case 0xf6: return 'z' + 2;   /* Ø ø Ö ö */
	case 0xc5: case 0xe5: return 'z' + 3;                         /* Å å */
	default: break;
	}
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		c += 32;
	return c < 0x80 ? c : c + 0x100; /* other letters after the alphabet */
}

int
text_collate_nb(const char *a, const char *b)
{
	while (*a && *b) {
		uint32_t ca, cb;
		a += next_cp(a, &ca);
		b += next_cp(b, &cb);
		uint32_t ra = nb_rank(ca), rb = nb_rank(cb);
		if (ra != rb)
			return ra < rb ? -1 : 1;
	}
	return (*a != '\0') - (*b != '\0');
}

void
text_initial(const char *name, char out[8])
{
	uint32_t c;
	size_t n = next_cp(name, &c);
	if (c >= 'a' && c <= 'z')
		c -= 32;
	else if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		c -= 32;
	(void)n;
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)c, enc);
	if (k <= 0) {
		snprintf(out, 8, "?");
		return;
	}
	memcpy(out, enc, (size_t)k);
	out[k] = '\0';
}
