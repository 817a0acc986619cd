#!/bin/sh
# Runs every test program and sums their results. Each program is a cmocka
# runner printing TAP (CMOCKA_MESSAGE_OUTPUT=TAP); a program that crashes
# or exits non-zero without reporting a failure counts as one failure.
#
# The store's tests (test_store, test_store_*, test_auth) and every
# integration test run twice: against SQLite, and against PostgreSQL in a
# private cluster that this script makes for the run (tests/pg-cluster.sh:
# a temporary folder, a Unix socket, an unprivileged user) and removes at
# the end. The backend is passed in TILTAK_TEST_BACKEND and TILTAK_TEST_PG
# (tests/common/testdb.h).
#
# The runs are independent (each test makes its own databases, ports and
# folders) and most of their time is spent waiting on a server, so
# TILTAK_TEST_JOBS of them (default: cores + 1) run at once, the longest
# first: each run's time is kept in build/test-times and orders the next
# make test. A fresh clone has none yet: tests/test-times (committed, a
# copy of one whole run's build/test-times) orders it instead, so that the
# longest runs (the browser tests) do not start last. Results are printed in the order of the arguments, with each
# run's time, when all have ended.
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
work=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-tests.XXXXXX")
# Apart from $work: the cluster's user must reach it.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-pg.XXXXXX")
times=${TILTAK_TEST_TIMES:-build/test-times}
seed=tests/test-times
cleanup() {
	tests/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export TILTAK_BIN="$bin"
export CMOCKA_MESSAGE_OUTPUT=TAP
# A 16 MiB quarantine (not 256): most tests start many short processes,
# and fresh pages cost page faults; a use after free is still caught
# while the freed block is among the last 16 MiB freed.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:quarantine_size_mb=16}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Leaks inside system libraries only (fontconfig's, for the card's PDF).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
jobs=${TILTAK_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}

pguri=
if ! pguri=$(tests/pg-cluster.sh start "$pgdir" 2>"$work/pg.log"); then
	echo "--- the PostgreSQL test cluster did not start ---"
	cat "$work/pg.log"
	failed=$((failed + 1))
	pguri=
fi
export TILTAK_TEST_PG="$pguri"

# The runs: "NUMBER PROGRAM BACKEND", numbered in the order of the
# arguments (a run's log is $work/NUMBER).
i=0
for t in "$@"; do
	i=$((i + 1))
	echo "$i $t sqlite"
	case $t in
	*/integration/* | */test_store | */test_store_* | */test_auth)
		[ -n "$pguri" ] && echo "$i.pg $t pgsql"
		;;
	esac
done >"$work/runs"

# Longest first, by the last run's times ("PROGRAM BACKEND SECONDS"), else
# the seed's; a run timed in neither counts as long.
[ -f "$times" ] || times=/dev/null
[ -f "$seed" ] || seed=/dev/null
awk 'FILENAME != "-" { t[$1 " " $2] = $3; next }
     { s = ($2 " " $3) in t ? t[$2 " " $3] : 1e6; print s, $0 }' \
	"$seed" "$times" - <"$work/runs" | sort -k1,1 -g -r | cut -d' ' -f2- \
	>"$work/order"
[ "$(wc -l <"$work/order")" -eq "$(wc -l <"$work/runs")" ] || cp "$work/runs" "$work/order"

echo "running $(wc -l <"$work/runs") test runs, $jobs at a time"
# One run: its output in $work/NUMBER, exit status in .rc, seconds in .time.
export work
xargs -P "$jobs" -L 1 sh -c '
	start=$(date +%s.%N)
	TILTAK_TEST_BACKEND=$3 "$2" >"$work/$1" 2>&1
	echo $? >"$work/$1.rc"
	echo "$start $(date +%s.%N)" | awk "{ printf \"%.1f\n\", \$2 - \$1 }" >"$work/$1.time"
' run <"$work/order"

# tally NUMBER PROGRAM BACKEND: adds one run's results to the sums.
tally() {
	log=$work/$1
	name=$(basename "$2")
	[ "$3" = pgsql ] && name="$name[pgsql]"
	rc=$(cat "$log.rc" 2>/dev/null || echo 1)
	secs=$(cat "$log.time" 2>/dev/null || echo 0)
	[ -f "$log" ] || : >"$log"
	ok=$(grep -c '^ok ' "$log")
	# cmocka 1.1.5 prints a skipped test as "not ok N # SKIP name": a
	# skip is neither passed nor failed; its reason ("# SKIP ...", which
	# the test prints) is shown.
	skip=$(grep -c '^not ok [0-9]* # SKIP' "$log")
	notok=$(($(grep -c '^not ok ' "$log") - skip))
	grep -E '^(ok|not ok) ' "$log" | sed "s/^/$name: /"
	grep -E '^# SKIP ' "$log" | sed "s/^/$name: /"
	echo "$name: $secs s"
	echo "$2 $3 $secs" >>"$work/times"
	skipped=$((skipped + skip))
	if [ "$notok" -gt 0 ] || [ "$rc" -ne 0 ]; then
		echo "--- $name (exit $rc) ---"
		grep -vE '^(ok) ' "$log" | tail -60
		[ "$notok" -eq 0 ] && notok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + notok))
}
while read -r num prog backend; do
	tally "$num" "$prog" "$backend"
done <"$work/runs"
times=${TILTAK_TEST_TIMES:-build/test-times}
if [ -d "$(dirname "$times")" ]; then
	cp "$work/times" "$times" 2>/dev/null || :
fi
[ "$skipped" -gt 0 ] && echo "$skipped skipped (reasons above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
