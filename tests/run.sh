#!/bin/sh
# Runs every test program and sums their results. Each program is a cmocka
# runner printing TAP (CMOCKA_MESSAGE_OUTPUT=TAP); a program that crashes
# or exits non-zero without reporting a failure counts as one failure.
#
# The store's tests (test_store, test_store_*, test_auth) and every integration test run twice:
# against SQLite, and against PostgreSQL in a private cluster that this
# script makes for the run (tests/pg-cluster.sh: a temporary folder, a
# Unix socket, an unprivileged user) and removes at the end. The backend
# is passed in TILTAK_TEST_BACKEND and TILTAK_TEST_PG (tests/common/testdb.h).
#
# Ends with the line "N passed, N failed" (after "N skipped" when a test
# was skipped); exits non-zero on any failure.
#
#   tests/run.sh TILTAK_BINARY TEST_PROGRAM...
set -u
bin=$1
shift
passed=0
failed=0
skipped=0
log=$(mktemp)
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-pg.XXXXXX")
cleanup() {
	tests/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$pgdir" "$log" "$log.rc" "$log.pg" "$log.pg.rc"
}
trap cleanup EXIT
export TILTAK_BIN="$bin"
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Leaks inside system libraries only (fontconfig's, for the card's PDF).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"

pguri=
if ! pguri=$(tests/pg-cluster.sh start "$pgdir" 2>"$log"); then
	echo "--- the PostgreSQL test cluster did not start ---"
	cat "$log"
	failed=$((failed + 1))
	pguri=
fi

# start PROGRAM BACKEND LOG: runs one program against one backend, its
# output in LOG and its exit status in LOG.rc.
start() {
	TILTAK_TEST_BACKEND=$2 TILTAK_TEST_PG=$pguri "$1" >"$3" 2>&1
	echo $? >"$3.rc"
}

# tally PROGRAM BACKEND LOG: adds one run's results to the sums.
tally() {
	name=$(basename "$1")
	[ "$2" = pgsql ] && name="$name[pgsql]"
	rc=$(cat "$3.rc" 2>/dev/null || echo 1)
	ok=$(grep -c '^ok ' "$3")
	# cmocka 1.1.5 prints a skipped test as "not ok N # SKIP name": a
	# skip is neither passed nor failed; its reason ("# SKIP ...", which
	# the test prints) is shown.
	skip=$(grep -c '^not ok [0-9]* # SKIP' "$3")
	notok=$(($(grep -c '^not ok ' "$3") - skip))
	grep -E '^(ok|not ok) ' "$3" | sed "s/^/$name: /"
	grep -E '^# SKIP ' "$3" | sed "s/^/$name: /"
	skipped=$((skipped + skip))
	if [ "$notok" -gt 0 ] || [ "$rc" -ne 0 ]; then
		echo "--- $name (exit $rc) ---"
		grep -vE '^(ok) ' "$3" | tail -60
		[ "$notok" -eq 0 ] && notok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + notok))
}

# A program that runs on both backends runs on both at once (each test
# makes its own databases, ports and folders): most of a test's time is
# spent waiting on the server, so two at a time nearly halves the run on
# two cores.
pglog="$log.pg"
for t in "$@"; do
	both=
	case $t in
	*/integration/* | */test_store | */test_store_* | */test_auth)
		[ -n "$pguri" ] && both=1
		;;
	esac
	if [ -n "$both" ]; then
		start "$t" pgsql "$pglog" &
		pid=$!
		start "$t" sqlite "$log"
		wait "$pid"
		tally "$t" sqlite "$log"
		tally "$t" pgsql "$pglog"
	else
		start "$t" sqlite "$log"
		tally "$t" sqlite "$log"
	fi
done
[ "$skipped" -gt 0 ] && echo "$skipped skipped (reasons above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
