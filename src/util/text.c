/* text.c — UTF-8 and small string helpers. */
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "util/buf.h"

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

static uint32_t
fold_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	/* Latin-1 capitals À..Þ except × (U+00D7). */
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 32;
	if (cp == 0x178) /* Ÿ */
		return 0xff;
	/* Latin Extended-A pairs (Ā ā … ž) used by Sami and neighbours. */
	if (cp >= 0x100 && cp <= 0x17f && cp != 0x130 && cp != 0x131 &&
	    cp != 0x138 && cp != 0x149 && cp != 0x17f) {
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
			return (cp & 1) ? cp + 1 : cp;
		return (cp & 1) ? cp : cp + 1;
	}
	return cp;
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char out[4];
	size_t n;
	if (cp < 0x80) {
		out[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	buf_put(b, out, n);
}

char *
text_fold(const char *s)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = utf8_decode(p, n, &cp);
		if (k == 0) { /* not expected: copy the byte as it is */
			buf_putc(&b, (char)*p);
			p++; n--;
			continue;
		}
		put_cp(&b, fold_cp(cp));
		p += k;
		n -= k;
	}
	return buf_take(&b, NULL);
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
