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
#
# One plan with BENCH_REPORTERS units, each responsible for the
# indicators of one measure; one reporter account per unit. Every
# reporter signs in, reads its report page, and then saves its whole
# yearly report (each of its indicators changed: status, progress,
# comment and evaluation, one POST, one transaction of that many reports
# and audit rows) in a closed loop for BENCH_SECONDS, each save on a new
# connection (tests/bench/report.c). On SQLite (a file, WAL,
# synchronous=FULL) and on PostgreSQL (a private cluster with durable
# settings), the server with --threads 2, on the same machine.
#
# Writes the report to standard output and build/bench/report-bench.txt.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${BENCH_REPORTERS:-50}
SECS=${BENCH_SECONDS:-10}
IND=${BENCH_INDICATORS:-10}
THREADS=2
T_P99=50   # ms, a whole yearly report saved, on 2 cores
PASSWORD=bench-report-password

die() {
	echo "bench-report: $*" >&2
	exit 1
}
note() {
	echo "bench-report: $*" >&2
}
for v in "$N" "$SECS" "$IND"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_REPORTERS, BENCH_SECONDS and BENCH_INDICATORS want whole numbers" ;;
	esac
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench (or make all) first"

mkdir -p build/bench
REPORT=$ROOT/build/bench/report-bench.txt
: >"$REPORT"
say() {
	printf '%s\n' "$*" | tee -a "$REPORT"
}
cc -O2 -pthread -o build/bench/report tests/bench/report.c ||
	die "cannot compile tests/bench/report.c"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-report.XXXXXX")
chmod 755 "$TMP" # the PostgreSQL cluster (another user) lives inside
PID=
cleanup() {
	[ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; } || true
	tests/pg-cluster.sh stop "$TMP/pg" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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

# run DB NAME: imports the plan, adds the accounts, serves, loads.
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
	build/tiltak serve --db "$db" --listen 127.0.0.1:0 --threads "$THREADS" \
		--quiet >"$TMP/serve.out" 2>"$TMP/serve.err" &
	PID=$!
	PORT=
	i=0
	while [ $i -lt 100 ]; do
		PORT=$(sed -n 's|^tiltak: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$TMP/serve.out")
		[ -n "$PORT" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	[ -n "$PORT" ] || { cat "$TMP/serve.err" >&2; die "tiltak serve did not start"; }
	note "$2: $N reporters sign in, then save for ${SECS}s"
	build/bench/report -p "$PORT" -c "$N" -d "$SECS" -P bench-report -y "$YEAR" \
		-w "$PASSWORD" -e 'r%d@bench.example' >"$TMP/$2.out" ||
		die "the load on $2 failed"
	kill "$PID"
	wait "$PID" || true
	PID=

	P99=$(sed -n 's|^50% .* / 99% \([0-9.]*\)ms.*|\1|p' "$TMP/$2.out")
	VERDICT=$(awk -v p="$P99" -v t="$T_P99" 'BEGIN {print (p <= t ? "met" : "MISSED")}')
	say "$2"
	sed 's/^/  /' "$TMP/$2.out" | tee -a "$REPORT"
	say "  target: p99 <= $T_P99 ms: $VERDICT"

}

say "tiltak yearly-report benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
say "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr)"
say "tiltak $(git rev-parse --short HEAD 2>/dev/null || echo unknown), build/tiltak (-O2), serve --threads $THREADS"
say "load:    $N reporters at once, each saving its whole yearly report ($IND indicators:"
say "         status, progress, comment, evaluation) again and again for ${SECS}s, a new"
say "         connection for each save; client and server on the same machine"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""
run "$TMP/report.db" sqlite
note "starting a private PostgreSQL cluster (durable settings)"
PGURI=$(tests/pg-cluster.sh start "$TMP/pg" durable) || die "PostgreSQL did not start"
run "$PGURI" pgsql
say ""
say "report written to build/bench/report-bench.txt"
