/* user.h — "tiltak user": adding, changing, disabling and listing the
 * accounts that may sign in. */
#ifndef TILTAK_CLI_USER_H
#define TILTAK_CLI_USER_H

/* Runs "tiltak user SUBCOMMAND ..." with argv[0] = "user"; default_db is
 * the database when --db is not given; actor is who runs it ("cli:USER",
 * for the audit trail). Returns the exit status (0, 1, or 2 for a usage
 * error). */
int cli_user(int argc, char **argv, const char *default_db, const char *actor);

#endif
