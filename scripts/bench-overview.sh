#!/bin/sh
# bench-overview.sh — the coordinator's overview under load (issue 7 §9),
# part of `make bench` (alone: `make bench-overview`).
#
# A benchmark, not a test: it reports figures and compares them with the
# target (p99 <= 20 ms); it is never part of `make test`.
#
#   BENCH_SECONDS      seconds of load per backend (default 10)
#   BENCH_CONNECTIONS  wrk connections             (default 2: two
#                      coordinators at once, one per server thread; with
#                      more, the p99 is the queue: connections × the
#                      time of one overview)
#
# Bodø's plan (103 indicators) with four years of history (2022–2025,
# three saved versions of every indicator's report each year: 1 236
# report rows), written straight into the report table (then ANALYZE,
# as an import does and autovacuum would); a coordinator
# signs in, and wrk asks for the overview of 2025
# (/admin/overview/bodo-2022-2025?year=2025) with that session, on
# SQLite (a file, WAL) and on PostgreSQL (a private cluster with durable
# settings), the server with --threads 2, client and server on the same
# machine. Every answer is made anew: the signed-in area is never cached.
#
# Writes the report to standard output and build/bench/overview-bench.txt.
set -eu

cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-2}
THREADS=2
T_P99=20   # ms
PLAN=bodo-2022-2025
PASSWORD=bench-overview-password

die() {
	echo "bench-overview: $*" >&2
	exit 1
}
for v in "$SECS" "$CONN"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_SECONDS and BENCH_CONNECTIONS want whole numbers" ;;
	esac
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench (or make all) first"
command -v wrk >/dev/null || die "wrk is missing (scripts/install-deps.sh bench)"

. scripts/bench-lib.sh
bench_report overview-bench.txt
bench_tmp overview

# Four years, three versions a year, of every indicator's report; status
# and progress vary (a third give no progress).
HISTORY="INSERT INTO report (plan_id, measure_id, number, year, version, status,
  progress, comment, evaluation, actor, at)
SELECT i.plan_id, i.measure_id, i.number, y.year, v.version,
  CASE (i.number + y.year + v.version) % 6 WHEN 0 THEN 'not_started'
    WHEN 1 THEN 'in_progress' WHEN 2 THEN 'done' WHEN 3 THEN 'ongoing'
    WHEN 4 THEN 'delayed' ELSE 'dropped' END,
  CASE WHEN (i.number + y.year) % 3 = 0 THEN NULL
    ELSE (i.number * 7 + y.year + v.version) % 101 END,
  'Kommentar til årets rapport', 'Evaluering av tiltaket', 'bench',
  '2025-06-01T10:00:00Z'
FROM indicator i
CROSS JOIN (SELECT 2022 AS year UNION ALL SELECT 2023 UNION ALL SELECT 2024
  UNION ALL SELECT 2025) y
CROSS JOIN (SELECT 1 AS version UNION ALL SELECT 2 UNION ALL SELECT 3) v
WHERE i.plan_id = '$PLAN';
ANALYZE;"

# run DB NAME SQLCMD: imports, fills the history, serves, signs in, loads.
run() {
	db=$1
	build/tiltak import --db "$db" data/plans/$PLAN.json >/dev/null ||
		die "import into $2 failed"
	echo "$PASSWORD" | build/tiltak user add --db "$db" --role coordinator \
		--org bodo k@bench.example >/dev/null || die "cannot add the coordinator"
	printf '%s\n' "$HISTORY" | $3 >/dev/null || die "cannot write the history into $2"
	bench_serve "$db"
	URL=http://127.0.0.1:$PORT
	tok=$(curl -s "$URL/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	COOKIE=$(curl -s -o /dev/null -D - -X POST "$URL/login" --data-urlencode "csrf=$tok" \
		--data-urlencode "email=k@bench.example" --data-urlencode "password=$PASSWORD" |
		sed -n 's/^Set-Cookie: \(tiltak_session=[^;]*\);.*/\1/p')
	[ -n "$COOKIE" ] || die "the coordinator could not sign in on $2"
	PAGE="$URL/admin/overview/$PLAN?year=2025"
	code=$(curl -s -o "$TMP/page.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$PAGE")
	[ "$code" = 200 ] || die "the overview answered $code on $2"
	grep -q '60 %\|%' "$TMP/page.html" || true
	# Warm up, then measure.
	wrk -t2 -c"$CONN" -d2s -H "Cookie: $COOKIE" "$PAGE" >/dev/null
	wrk -t2 -c"$CONN" -d"${SECS}s" --latency -H "Cookie: $COOKIE" "$PAGE" >"$TMP/$2.wrk"
	bench_stop
	RATE=$(awk '/^Requests\/sec/ {print $2}' "$TMP/$2.wrk")
	P50=$(awk '$1 == "50%" {print $2}' "$TMP/$2.wrk")
	P99=$(awk '$1 == "99%" {print $2}' "$TMP/$2.wrk")
	NON2XX=$(awk '/Non-2xx/ {print $4}' "$TMP/$2.wrk")
	P99MS=$(echo "$P99" | awk '/us$/ {sub(/us/, ""); print $1 / 1000; next}
		/ms$/ {sub(/ms/, ""); print $1; next} /s$/ {sub(/s/, ""); print $1 * 1000}')
	VERDICT=$(awk -v p="$P99MS" -v t="$T_P99" 'BEGIN {print (p <= t ? "met" : "MISSED")}')
	say "$2: $RATE overviews/s, median $P50, p99 $P99 (target p99 <= $T_P99 ms: $VERDICT)$( [ -n "$NON2XX" ] && echo ", $NON2XX non-2xx answers")"
	say "  page: $(wc -c <"$TMP/page.html") bytes; history: $($3 <<EOF2 | tr -d ' '
SELECT count(*) FROM report;
EOF2
) report rows"
}

say "tiltak overview benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
say "tiltak $(git rev-parse --short HEAD 2>/dev/null || echo unknown), build/tiltak (-O2), serve --threads $THREADS"
say "load:    wrk -t2 -c$CONN -d${SECS}s, a coordinator's session, /admin/overview/$PLAN?year=2025"
say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "$TMP/overview.db" sqlite "sqlite3 $TMP/overview.db"
PGURI=$(tests/pg-cluster.sh start "$TMP/pg" durable) || die "PostgreSQL did not start"
run "$PGURI" pgsql "psql -qtA $PGURI"
say "report written to build/bench/overview-bench.txt"
