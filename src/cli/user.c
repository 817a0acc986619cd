/* user.c — "tiltak user add|passwd|disable|list".
 *
 * A password is read from standard input (its first line), never from
 * the command line, where other users of the machine could see it in the
 * process list; on a terminal it is asked for twice without echo. */
#include "cli/user.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/account.h"
#include "http/auth.h"
#include "limits.h"
#include "store/db.h"

#define EXIT_USAGE 2
#define UNITS_MAX 64

static const char user_usage[] =
"usage: tiltak user add     [--db DB] --role ROLE [--unit UNIT-ID]... [--org ORG-ID]... EMAIL\n"
"       tiltak user passwd  [--db DB] EMAIL\n"
"       tiltak user disable [--db DB] [--enable] EMAIL\n"
"       tiltak user list    [--db DB]\n"
"\n"
"ROLE is admin, coordinator (give its organisations with --org), reporter\n"
"(give its units with --unit) or reader. The password is read from the\n"
"first line of standard input (asked for twice on a terminal); it must be\n"
"at least 10 characters. Disabling an account ends its sessions.\n";

static int
usage(void)
{
	fputs(user_usage, stderr);
	return EXIT_USAGE;
}

/* Reads one line from f into buf without its newline. false at end of
 * input, or for a line longer than the buffer. */
static bool
read_line(FILE *f, char *buf, size_t bufsz, size_t *len)
{
	if (fgets(buf, (int)bufsz, f) == NULL)
		return false;
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return false;          /* longer than the buffer */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	*len = n;
	return true;
}

/* Reads a new password: from a terminal, twice without echo; otherwise
 * the first line. Checks it. Returns false with a message printed. */
static bool
read_password(char *pw, size_t pwsz, size_t *len)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		fputs("Password: ", stderr);
	}
	bool ok = read_line(stdin, pw, pwsz, len);
	if (tty) {
		char again[ACCOUNT_PASSWORD_MAX + 2];
		size_t n2 = 0;
		fputs("\nThe same again: ", stderr);
		bool ok2 = ok && read_line(stdin, again, sizeof(again), &n2);
		fputs("\n", stderr);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		if (ok2 && (n2 != *len || memcmp(again, pw, n2) != 0)) {
			sodium_memzero(again, sizeof(again));
			fputs("tiltak: the two passwords differ; nothing was changed\n", stderr);
			return false;
		}
		sodium_memzero(again, sizeof(again));
		ok = ok2;
	}
	if (!ok) {
		fprintf(stderr, "tiltak: no password on standard input (one line of at "
		    "most %u bytes); nothing was changed\n", ACCOUNT_PASSWORD_MAX);
		return false;
	}
	char msg[200];
	if (!account_password_ok(pw, *len, msg, sizeof(msg))) {
		fprintf(stderr, "tiltak: the password is not accepted: %s; nothing was "
		    "changed\n", msg);
		return false;
	}
	return true;
}

/* Hashes a password read from standard input into hash. */
static bool
new_hash(char hash[AUTH_PWHASH_MAX])
{
	char pw[ACCOUNT_PASSWORD_MAX + 2];
	size_t len = 0;
	bool ok = read_password(pw, sizeof(pw), &len);
	if (ok && auth_password_hash(pw, len, hash) != AUTH_PW_OK) {
		fputs("tiltak: the password could not be hashed (out of memory?)\n", stderr);
		ok = false;
	}
	sodium_memzero(pw, sizeof(pw));
	return ok;
}

static struct db *
open_existing(const char *path)
{
	char err[1024];
	struct db *db = db_open(path, DB_OPEN_EXISTING, err, sizeof(err));
	if (db == NULL)
		fprintf(stderr, "tiltak: %s\n", err);
	return db;
}

/* The account named by an e-mail address as typed, or NULL (printed). */
static struct account_list *
find(struct db *db, const char *typed)
{
	char email[ACCOUNT_EMAIL_MAX + 1], msg[200];
	if (!account_email_normal(typed, email, msg, sizeof(msg))) {
		fprintf(stderr, "tiltak: \"%s\" is not an e-mail address: %s\n", typed, msg);
		return NULL;
	}
	struct account_list *l = NULL;
	enum db_status st = db_account_by_email(db, email, &l);
	if (st == DB_NOT_FOUND)
		fprintf(stderr, "tiltak: there is no account %s (tiltak user list lists "
		    "them)\n", email);
	else if (st != DB_OK)
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	return st == DB_OK ? l : NULL;
}

static int
user_add(struct db *db, const char *actor, const char *typed, enum role role,
    char **units, size_t nunits, char **orgs, size_t norgs)
{
	char email[ACCOUNT_EMAIL_MAX + 1], msg[200];
	if (!account_email_normal(typed, email, msg, sizeof(msg))) {
		fprintf(stderr, "tiltak: \"%s\" is not an e-mail address: %s\n", typed, msg);
		return EXIT_FAILURE;
	}
	if (role == ROLE_REPORTER && nunits == 0) {
		fputs("tiltak: a reporter reports for one or more units: give them with "
		    "--unit UNIT-ID (the unit pages show the ids)\n", stderr);
		return EXIT_USAGE;
	}
	if (role != ROLE_REPORTER && nunits > 0) {
		fputs("tiltak: --unit goes with --role reporter\n", stderr);
		return EXIT_USAGE;
	}
	if (role == ROLE_COORDINATOR && norgs == 0) {
		fputs("tiltak: a coordinator edits the plans of its organisations: give "
		    "them with --org ORG-ID\n", stderr);
		return EXIT_USAGE;
	}
	if (role != ROLE_COORDINATOR && norgs > 0) {
		fputs("tiltak: --org goes with --role coordinator\n", stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < nunits; i++) {
		struct unit_view *u = NULL;
		enum db_status st = db_unit_get(db, units[i], 1, &u);
		unit_view_free(u);
		if (st == DB_NOT_FOUND) {
			fprintf(stderr, "tiltak: there is no unit \"%s\" (the ids are in "
			    "the plan files and at /units); nothing was changed\n", units[i]);
			return EXIT_FAILURE;
		}
		if (st != DB_OK) {
			fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
			return EXIT_FAILURE;
		}
	}
	char hash[AUTH_PWHASH_MAX];
	if (!new_hash(hash))
		return EXIT_FAILURE;
	struct account a = {
		.email = email, .role = role, .password_hash = hash,
		.units = units, .nunits = nunits,
		.organisations = orgs, .norganisations = norgs,
	};
	int64_t id;
	enum db_status st = db_account_add(db, actor, &a, &id);
	if (st == DB_CONFLICT) {
		fprintf(stderr, "tiltak: there is an account %s already; nothing was "
		    "changed\n", email);
		return EXIT_FAILURE;
	}
	if (st == DB_NOT_FOUND) {
		fputs("tiltak: an organisation given with --org does not exist (the "
		    "plan files name them); nothing was changed\n", stderr);
		return EXIT_FAILURE;
	}
	if (st != DB_OK) {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
		return EXIT_FAILURE;
	}
	printf("added %s (%s)\n", email, role_name(role));
	return EXIT_SUCCESS;
}

static int
user_passwd(struct db *db, const char *actor, const char *typed)
{
	struct account_list *l = find(db, typed);
	if (l == NULL)
		return EXIT_FAILURE;
	char hash[AUTH_PWHASH_MAX];
	int rc = EXIT_FAILURE;
	if (new_hash(hash)) {
		if (db_account_set_password(db, actor, l->items[0].id, hash) == DB_OK) {
			printf("changed the password of %s; its sessions have ended\n",
			    l->items[0].email);
			rc = EXIT_SUCCESS;
		} else {
			fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
		}
	}
	account_list_free(l);
	return rc;
}

static int
user_disable(struct db *db, const char *actor, const char *typed, bool enable)
{
	struct account_list *l = find(db, typed);
	if (l == NULL)
		return EXIT_FAILURE;
	int rc = EXIT_FAILURE;
	if (db_account_set_disabled(db, actor, l->items[0].id, !enable) == DB_OK) {
		printf(enable ? "enabled %s\n" : "disabled %s; its sessions have ended\n",
		    l->items[0].email);
		rc = EXIT_SUCCESS;
	} else {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
	}
	account_list_free(l);
	return rc;
}

static int
user_list(struct db *db)
{
	struct account_list *l = NULL;
	if (db_accounts(db, &l) != DB_OK) {
		fprintf(stderr, "tiltak: %s\n", db_errmsg(db));
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct account *a = &l->items[i];
		printf("%s\t%s\t%s\t", a->email, role_name(a->role),
		    a->disabled ? "disabled" : "active");
		for (size_t j = 0; j < a->nunits; j++)
			printf("%sunit:%s", j ? "," : "", a->units[j]);
		for (size_t j = 0; j < a->norganisations; j++)
			printf("%sorg:%s", j || a->nunits ? "," : "", a->organisations[j]);
		if (a->nunits + a->norganisations == 0)
			putchar('-');
		printf("\t%s\n", a->last_login_at ? a->last_login_at : "never signed in");
	}
	account_list_free(l);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
cli_user(int argc, char **argv, const char *default_db, const char *actor)
{
	if (argc < 2)
		return usage();
	const char *sub = argv[1];
	enum { O_DB = 1, O_ROLE, O_UNIT, O_ORG, O_ENABLE };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"role", required_argument, NULL, O_ROLE},
		{"unit", required_argument, NULL, O_UNIT},
		{"org", required_argument, NULL, O_ORG},
		{"enable", no_argument, NULL, O_ENABLE},
		{NULL, 0, NULL, 0},
	};
	const char *dbpath = default_db;
	enum role role = ROLE_NONE;
	bool saw_role = false, enable = false;
	char *units[UNITS_MAX], *orgs[UNITS_MAX];
	size_t nunits = 0, norgs = 0;
	optind = 2;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: dbpath = optarg; break;
		case O_ROLE:
			role = role_parse(optarg);
			saw_role = true;
			if (role == ROLE_NONE) {
				fprintf(stderr, "tiltak: --role takes admin, coordinator, "
				    "reporter or reader, not \"%s\"\n", optarg);
				return usage();
			}
			break;
		case O_UNIT:
		case O_ORG:
			if ((c == O_UNIT ? nunits : norgs) == UNITS_MAX) {
				fprintf(stderr, "tiltak: at most %d of --unit and of --org\n",
				    UNITS_MAX);
				return usage();
			}
			if (c == O_UNIT)
				units[nunits++] = optarg;
			else
				orgs[norgs++] = optarg;
			break;
		case O_ENABLE: enable = true; break;
		default:
			fprintf(stderr, "tiltak: unknown or incomplete option '%s'\n",
			    argv[optind - 1]);
			return usage();
		}
	}
	int nargs = argc - optind;
	bool add = strcmp(sub, "add") == 0, passwd = strcmp(sub, "passwd") == 0;
	bool disable = strcmp(sub, "disable") == 0, list = strcmp(sub, "list") == 0;
	if (!add && !passwd && !disable && !list) {
		fprintf(stderr, "tiltak: unknown user command '%s'\n", sub);
		return usage();
	}
	if (nargs != (list ? 0 : 1))
		return usage();
	if (!add && (saw_role || nunits || norgs)) {
		fputs("tiltak: --role, --unit and --org go with user add\n", stderr);
		return usage();
	}
	if (add && !saw_role) {
		fputs("tiltak: user add needs --role\n", stderr);
		return usage();
	}
	if (enable && !disable) {
		fputs("tiltak: --enable goes with user disable\n", stderr);
		return usage();
	}
	if (sodium_init() < 0) {
		fputs("tiltak: libsodium cannot be initialised\n", stderr);
		return EXIT_FAILURE;
	}
	struct db *db = open_existing(dbpath);
	if (db == NULL)
		return EXIT_FAILURE;
	const char *email = argv[optind];
	int rc;
	if (add)
		rc = user_add(db, actor, email, role, units, nunits, orgs, norgs);
	else if (passwd)
		rc = user_passwd(db, actor, email);
	else if (disable)
		rc = user_disable(db, actor, email, enable);
	else
		rc = user_list(db);
	db_close(db);
	return rc;
}
