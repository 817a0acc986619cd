/* account.h — who may sign in and what they may do: the four roles.
 *
 * admin        users and organisations (and everything a coordinator may)
 * coordinator  edits the plans of its organisations, reads every report
 * reporter     reports on the indicators its units carry
 * reader       politicians and management: reads everything internal,
 *              changes nothing
 *
 * The roles are ordered by what they may open (enum access in
 * src/http/routes.h follows the same order); what a coordinator or a
 * reporter may change is further bound to its organisations and units. */
#ifndef TILTAK_ACCOUNT_H
#define TILTAK_ACCOUNT_H
#include <stdbool.h>
#include <stddef.h>

enum role {
	ROLE_NONE = 0,       /* not a role: an unknown name */
	ROLE_READER,
	ROLE_REPORTER,
	ROLE_COORDINATOR,
	ROLE_ADMIN,
	ROLE__MAX
};

/* "admin", "coordinator", "reporter", "reader". */
const char *role_name(enum role);
/* The role named s, or ROLE_NONE. */
enum role role_parse(const char *s);

/* Checks an e-mail address as an account's name: at most
 * ACCOUNT_EMAIL_MAX bytes of printable ASCII without spaces, one '@'
 * with something before it and a domain with a dot after it. Writes the
 * address in lower case into out (ACCOUNT_EMAIL_MAX + 1 bytes). Returns
 * false, with what is wrong in msg, if it is not an address. */
bool account_email_normal(const char *s, char *out, char *msg, size_t msgsz);

/* Checks a new password: ACCOUNT_PASSWORD_MIN characters or more, at
 * most ACCOUNT_PASSWORD_MAX bytes, valid UTF-8 without control
 * characters. false with the reason in msg. */
bool account_password_ok(const char *s, size_t n, char *msg, size_t msgsz);

#endif
