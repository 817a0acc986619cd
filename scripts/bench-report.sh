#!/bin/sh
# bench-report.sh — the yearly report under load (issue 7 §9), part of
# `make bench` (or run alone: `make bench-report`).
#
# A benchmark, not a test: it reports figures and compares them with the
# target; it is never part of `make test`.
#
#   BENCH_REPORTERS  concurrent reporters              (default 50)
#   BENCH_SECONDS    seconds of load per backend       (default 10)
#   BENCH_INDICATORS indicators each reporter reports  (default 10)
#   BENCH_THREADS    serve --threads                   (default 2, serve's)
#   BENCH_COLD=1     start from an empty report table (see below)
#   BENCH_BACKENDS   which backends: "sqlite pgsql" (default), or one
#
# One plan with BENCH_REPORTERS units, each responsible for the
# indicators of one measure; one reporter account per unit. Every
# reporter signs in, reads its report page, and then saves its whole
# yearly report (each of its indicators changed: status, progress,
# comment and evaluation, one POST, one transaction of that many reports
# and audit rows) in a closed loop for BENCH_SECONDS, each save on a new
# connection (tests/bench/report.c). On SQLite (a file, WAL,
# synchronous=FULL) and on PostgreSQL (a private cluster with durable
# settings), the server with --threads BENCH_THREADS, on the same
# machine. Before that, for context, every reporter saves this year's
# report once, all at the same moment (the open figure: a deadline's
# rush, on a server just started).
#
# The plan is in its second year: before the server under load starts,
# another has every reporter save last year's report once. A new
# installation's first reports are the exception (BENCH_COLD=1): on
# PostgreSQL a connection plans its statements when first used and keeps
# the plans, and a plan made while the report table was empty scans it
# until autovacuum has analysed the table (within a minute or so).
#
# All reporters connect from 127.0.0.1 here, so the server runs with
# --per-client 0 (no cap per client address, as behind a proxy); in life
# they come from as many addresses.
#
# Writes the report to standard output and build/bench/report-bench.txt.
set -eu

cd "$(dirname "$0")/.."
N=${BENCH_REPORTERS:-50}
SECS=${BENCH_SECONDS:-10}
IND=${BENCH_INDICATORS:-10}
THREADS=${BENCH_THREADS:-2}
BACKENDS=${BENCH_BACKENDS:-sqlite pgsql}
T_P99=50   # ms, a whole yearly report saved, on 2 cores
PASSWORD=bench-report-password

die() {
	echo "bench-report: $*" >&2
	exit 1
}
note() {
	echo "bench-report: $*" >&2
}
for v in "$N" "$SECS" "$IND" "$THREADS"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_REPORTERS, BENCH_SECONDS, BENCH_INDICATORS and BENCH_THREADS want whole numbers" ;;
	esac
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench (or make all) first"

. scripts/bench-lib.sh
bench_report report-bench.txt
cc -O2 -pthread -o build/bench/report tests/bench/report.c ||
	die "cannot compile tests/bench/report.c"
bench_tmp report

YEAR=$(date +%Y)
# The plan: one measure of IND indicators per unit.
{
	printf '{"format": "tiltak-plan/1", "id": "bench-report", "title": "Rapportbenk",'
	printf ' "period": {"start": 2020, "end": null}, "status": "adopted",'
	printf ' "organisations": [{"id": "benk", "name": "Benk kommune"}], "units": ['
	i=1
	while [ $i -le "$N" ]; do
		[ $i -gt 1 ] && printf ','
		printf '{"id": "enhet-%d", "name": "Enhet %d", "kind": "internal", "organisation": "benk"}' $i $i
		i=$((i + 1))
	done
	printf '], "themes": [{"id": "tema", "title": "Tema", "goals": [{"id": "maal", "text": "Mål", "measures": ['
	i=1
	while [ $i -le "$N" ]; do
		[ $i -gt 1 ] && printf ','
		printf '{"id": "tiltak-%d", "title": "Tiltak %d", "indicators": [' $i $i
		k=1
		while [ $k -le "$IND" ]; do
			[ $k -gt 1 ] && printf ','
			printf '{"number": %d, "text": "Indikator %d for enhet %d", "responsible": ["enhet-%d"]}' $k $k $i $i
			k=$((k + 1))
		done
		printf ']}'
		i=$((i + 1))
	done
	printf ']}]}]}\n'
} >"$TMP/plan.json"

# serve DB: starts the server (PID, PORT); stop stops it.
serve() {
	bench_serve "$1" --per-client 0
}
stop() {
	bench_stop
}

# load NAME OUT [FLAG]: the reporters sign in and save (report.c).
load() {
	build/bench/report -p "$PORT" -c "$N" -d "$SECS" -P bench-report -y "$YEAR" \
		-w "$PASSWORD" -e 'r%d@bench.example' ${3:-} >"$2" ||
		die "the load on $1 failed"
}

# run DB NAME: imports the plan, adds the accounts, saves last year's
# reports, serves, loads.
run() {
	db=$1
	note "$2: importing the plan and adding $N reporters"
	build/tiltak import --db "$db" "$TMP/plan.json" >"$TMP/import.log" 2>&1 ||
		{ cat "$TMP/import.log" >&2; die "import into $2 failed"; }
	i=1
	while [ $i -le "$N" ]; do
		echo "$PASSWORD" | build/tiltak user add --db "$db" --role reporter \
			--unit "enhet-$i" "r$i@bench.example" >/dev/null ||
			die "cannot add reporter $i"
		i=$((i + 1))
	done
	if [ -z "${BENCH_COLD:-}" ]; then
		note "$2: every reporter saves last year's report"
		serve "$db"
		load "$2" "$TMP/seed.out" -s
		grep -q '^errors: 0$' "$TMP/seed.out" || die "saving last year's reports failed"
		stop
	fi
	serve "$db"
	note "$2: $N reporters sign in and save once, all at the same moment"
	load "$2" "$TMP/$2-open.out" -o
	note "$2: $N reporters sign in, then save for ${SECS}s"
	load "$2" "$TMP/$2.out"
	stop

	P99=$(sed -n 's|^50% .* / 99% \([0-9.]*\)ms.*|\1|p' "$TMP/$2.out")
	VERDICT=$(awk -v p="$P99" -v t="$T_P99" 'BEGIN {print (p <= t ? "met" : "MISSED")}')
	say "$2"
	sed 's/^/  /' "$TMP/$2.out" | tee -a "$REPORT"
	say "  target: p99 <= $T_P99 ms: $VERDICT"
	say "  open: $N reporters saving once at the same moment:"
	grep '^50%\|^errors' "$TMP/$2-open.out" | sed 's/^/    /' | tee -a "$REPORT"
}

say "tiltak yearly-report benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
say "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr)"
say "tiltak $(git rev-parse --short HEAD 2>/dev/null || echo unknown), build/tiltak (-O2), serve --threads $THREADS --per-client 0"
say "load:    $N reporters at once, each saving its whole yearly report ($IND indicators:"
say "         status, progress, comment, evaluation) again and again for ${SECS}s, a new"
say "         connection for each save; client and server on the same machine"
if [ -n "${BENCH_COLD:-}" ]; then
	say "start:   an empty report table (BENCH_COLD)"
else
	say "start:   last year's reports saved (a plan in its second year)"
fi
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""
for b in $BACKENDS; do
	case $b in
	sqlite) run "$TMP/report.db" sqlite ;;
	pgsql)
		note "starting a private PostgreSQL cluster (durable settings)"
		PGURI=$(tests/pg-cluster.sh start "$TMP/pg" durable) || die "PostgreSQL did not start"
		run "$PGURI" pgsql
		;;
	*) die "BENCH_BACKENDS: unknown backend $b (sqlite, pgsql)" ;;
	esac
done
say ""
say "report written to build/bench/report-bench.txt"
