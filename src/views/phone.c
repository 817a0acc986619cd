/* phone.c — Norwegian phone numbers grouped for reading and as tel:
 * addresses (phone.h). */
#include "views/phone.h"

#include <stdio.h>
#include <string.h>

/* The national digits of raw (at most 8) into d, and whether it carried
 * the country code; false when raw holds anything else. */
static bool
digits_of(const char *raw, char d[16], bool *plus47)
{
	size_t n = 0;
	const char *p = raw;
	*plus47 = false;
	while (*p == ' ')
		p++;
	if (strncmp(p, "+47", 3) == 0) {
		*plus47 = true;
		p += 3;
	} else if (strncmp(p, "0047", 4) == 0) {
		*plus47 = true;
		p += 4;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == 8)
				return false;
			d[n++] = *p;
		} else if (*p != ' ' && *p != '.' && *p != '-') {
			return false;
		}
	}
	d[n] = '\0';
	return n == 3 || n == 5 || n == 6 || n == 8;
}

bool
phone_format(const char *raw, char *out, size_t outsz)
{
	char d[16];
	bool plus;
	if (!digits_of(raw, d, &plus)) {
		snprintf(out, outsz, "%s", raw);
		return false;
	}
	const char *cc = plus ? "+47 " : "";
	size_t n = strlen(d);
	if (n == 8 && (d[0] == '4' || d[0] == '9' || d[0] == '8'))
		snprintf(out, outsz, "%s%.3s %.2s %.3s", cc, d, d + 3, d + 5);
	else if (n == 8)
		snprintf(out, outsz, "%s%.2s %.2s %.2s %.2s", cc, d, d + 2, d + 4, d + 6);
	else if (n == 6)
		snprintf(out, outsz, "%s%.3s %.3s", cc, d, d + 3);
	else
		snprintf(out, outsz, "%s%s", cc, d);
	return true;
}

bool
phone_tel(const char *raw, char *out, size_t outsz)
{
	char d[16];
	bool plus;
	if (!digits_of(raw, d, &plus)) {
		if (outsz)
			out[0] = '\0';
		return false;
	}
	snprintf(out, outsz, "tel:%s%s", strlen(d) == 8 ? "+47" : "", d);
	return true;
}
