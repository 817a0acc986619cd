/* account.c — roles, and the rules for e-mail addresses and passwords. */
#include "domain/account.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "util/text.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_NONE] = "",
	[ROLE_READER] = "reader",
	[ROLE_REPORTER] = "reporter",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_ADMIN] = "admin",
};

const char *
role_name(enum role r)
{
	return r > ROLE_NONE && r < ROLE__MAX ? role_names[r] : "";
}

enum role
role_parse(const char *s)
{
	for (int r = ROLE_NONE + 1; r < ROLE__MAX; r++)
		if (s != NULL && strcmp(s, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

bool
account_email_normal(const char *s, char *out, char *msg, size_t msgsz)
{
	size_t n = strlen(s), at = 0, ats = 0;
	if (n == 0 || n > ACCOUNT_EMAIL_MAX) {
		snprintf(msg, msgsz, n ? "an e-mail address has at most %u characters"
		    : "the e-mail address is empty", ACCOUNT_EMAIL_MAX);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f) {
			snprintf(msg, msgsz, "character %zu of the e-mail address is a "
			    "space, a control or not ASCII", i + 1);
			return false;
		}
		if (c == '@') {
			at = i;
			ats++;
		}
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	out[n] = '\0';
	const char *domain = s + at + 1;
	if (ats != 1 || at == 0 || strchr(domain, '.') == NULL || domain[0] == '.'
	    || s[n - 1] == '.') {
		snprintf(msg, msgsz, "an e-mail address is a name, one @ and a domain "
		    "(name@example.no)");
		return false;
	}
	return true;
}

bool
account_password_ok(const char *s, size_t n, char *msg, size_t msgsz)
{
	if (n > ACCOUNT_PASSWORD_MAX) {
		snprintf(msg, msgsz, "a password has at most %u bytes", ACCOUNT_PASSWORD_MAX);
		return false;
	}
	if (!text_utf8_valid(s, n)) {
		snprintf(msg, msgsz, "the password is not valid UTF-8");
		return false;
	}
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			snprintf(msg, msgsz, "character %zu of the password is a control "
			    "character", chars + 1);
			return false;
		}
		chars++;
		i += k;
	}
	if (chars < ACCOUNT_PASSWORD_MIN) {
		snprintf(msg, msgsz, "a password has at least %u characters",
		    ACCOUNT_PASSWORD_MIN);
		return false;
	}
	return true;
}
