/* colour.c — accent colours and their contrast with white (WCAG 2.1,
 * "relative luminance" and "contrast ratio"). */
#include "domain/colour.h"

#include <math.h>
#include <string.h>

#include "views/i18n.h"

static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
colour_parse(const char *s, unsigned char rgb[3])
{
	if (s == NULL || s[0] != '#' || strlen(s) != 7)
		return false;
	for (int i = 0; i < 3; i++) {
		int hi = hex(s[1 + 2 * i]), lo = hex(s[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			return false;
		rgb[i] = (unsigned char)(hi * 16 + lo);
	}
	return true;
}

static double
luminance(const unsigned char c[3])
{
	static const double w[3] = {0.2126, 0.7152, 0.0722};
	double l = 0;
	for (int i = 0; i < 3; i++) {
		double v = c[i] / 255.0;
		v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
		l += w[i] * v;
	}
	return l;
}

double
colour_contrast(const unsigned char a[3], const unsigned char b[3])
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

const char *
colour_accent_problem(const char *s, double *ratio)
{
	static const unsigned char white[3] = {255, 255, 255};
	unsigned char c[3];
	*ratio = 0;
	if (!colour_parse(s, c))
		return N_("Write the colour as # and six hexadecimal digits, such as "
		    "#0062BA.");
	*ratio = colour_contrast(c, white);
	if (*ratio < COLOUR_CONTRAST_MIN)
		return N_("This colour is too light: white text on it has a contrast of "
		    "%s:1, and WCAG 2.1 AA needs at least 4.5:1. Choose a darker "
		    "colour.");
	return NULL;
}
