/* colour.h — an organisation's accent colour (issue 8 §8): "#RRGGBB",
 * accepted only when white text on it, and it as text on white, reach
 * WCAG 2.1 AA's 4.5:1 (the public pages' header is white on the accent;
 * links are the accent on white). */
#ifndef TILTAK_COLOUR_H
#define TILTAK_COLOUR_H
#include <stdbool.h>

#define COLOUR_CONTRAST_MIN 4.5   /* WCAG 2.1 1.4.3, normal text */

/* Parses "#RRGGBB" (hex digits of either case) into rgb. Returns false
 * for anything else. */
bool colour_parse(const char *s, unsigned char rgb[3]);
/* The WCAG 2.1 contrast ratio of two colours (1 to 21). */
double colour_contrast(const unsigned char a[3], const unsigned char b[3]);
/* NULL when s may be an accent colour; otherwise an English msgid saying
 * why not: not "#RRGGBB", or too little contrast with white (*ratio
 * gets the ratio when s parses, else 0; the message has one "%s" for it,
 * written as the interface language writes numbers). */
const char *colour_accent_problem(const char *s, double *ratio);

#endif
