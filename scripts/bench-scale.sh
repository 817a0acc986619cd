#!/bin/sh
# bench-scale.sh — the whole country: 357 organisations' plans (made by
# scripts/gen-plans, deterministic for the seed), imported into SQLite and
# into PostgreSQL, then each page kind driven with wrk over a mix of
# addresses spread over every plan, so that most requests miss the page
# cache: the home page, plan pages (every plan), unit pages (every unit)
# and search (a vocabulary of words and pairs). Prints, per backend, the
# import time, requests per second, p50 and p99, and the server's peak
# resident memory, and compares them with the targets.
#
# A benchmark, not a test: it exits 0 whether the targets are met or not,
# 1 if something could not be measured. Run by `make bench-scale`.
#
#   SCALE_ORGS     organisations              (default 357)
#   SCALE_SEED     gen-plans seed             (default 1)
#   SCALE_SECONDS  seconds per wrk run        (default 10)
set -eu

cd "$(dirname "$0")/.."
ORGS=${SCALE_ORGS:-357}
SEED=${SCALE_SEED:-1}
SECONDS_PER_RUN=${SCALE_SECONDS:-10}
THREADS=2

# Targets.
T_IMPORT=60   # s, every plan, one import
T_P99=20      # ms, every page kind, 64 connections
T_RSS=64      # MiB

die() {
	echo "bench-scale: $*" >&2
	exit 1
}
note() {
	echo "bench-scale: $*" >&2
}

PATH=$PATH:/usr/sbin:/sbin
for tool in wrk curl awk sed sort tee date createdb; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' not found; run scripts/install-deps.sh bench (make bench-scale does)"
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench-scale"
[ -x build/gen-plans ] || die "build/gen-plans not found; run make bench-scale"

. scripts/bench-lib.sh
bench_tmp scale
bench_report scale-report.txt

# Milliseconds since the epoch (GNU date).
ms() {
	date +%s%3N
}

note "generating $ORGS organisations' plans (seed $SEED)"
build/gen-plans --orgs "$ORGS" --seed "$SEED" --out "$TMP/plans" >"$TMP/gen.log" ||
	{ cat "$TMP/gen.log" >&2; die "gen-plans failed"; }
NPLANS=$(ls "$TMP"/plans/*.json | wc -l)

note "starting a private PostgreSQL cluster (durable settings)"
ADMIN=$(tests/pg-cluster.sh start "$TMP/pg" durable) || die "PostgreSQL did not start"
PGURI=$(printf '%s' "$ADMIN" | sed 's|:///postgres?|:///scale?|')
createdb -h "$TMP/pg" -U postgres scale || die "cannot create the PostgreSQL database"

# import DB: prints the seconds one import of every plan took.
import_all() {
	t0=$(ms)
	build/tiltak import --db "$1" "$TMP"/plans/*.json >"$TMP/import.log" 2>&1 ||
		{ cat "$TMP/import.log" >&2; die "import into $1 failed"; }
	t1=$(ms)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1000}'
}

note "importing $NPLANS plan files into SQLite and PostgreSQL"
IMPORT_SQLITE=$(import_all "$TMP/scale.db")
IMPORT_PG=$(import_all "$PGURI")

# The addresses: every plan, every unit, and searches.
ls "$TMP"/plans/*.json | sed 's|.*/||; s|\.json$||; s|^|/plans/|' >"$TMP/plans.txt"
bench_serve "$TMP/scale.db"
curl -s "http://127.0.0.1:$PORT/units" | grep -o 'href="/units/[^"]*"' |
	sed 's|href="||; s|"$||' | sort -u >"$TMP/units.txt"
bench_stop
NUNITS=$(wc -l <"$TMP/units.txt")
[ "$NUNITS" -gt 0 ] || die "no unit pages found"
for w in vold barn rutiner helsestasjon samarbeid kompetanse nettvett ungdomsråd \
	foreldre overgrep kartlegging traumebevisst økonomi frivillighet bolig samisk \
	digital tolketjeneste eldre politi barnehage skole krisesenter informasjon \
	"vold+barn" "rutiner+skole" "kompetanse+helse" "samarbeid+politi" "barn+unge" \
	"foreldre+veiledning"; do
	printf '/search?q=%s\n' "$w"
done >"$TMP/search.txt"
echo / >"$TMP/home.txt"

cat >"$TMP/urls.lua" <<'EOF'
-- Cycles through the addresses in the file named by the first argument,
-- each wrk thread from its own place.
local paths = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF

# run BACKEND DB: serves DB and drives every page kind; appends rows to
# $TMP/rows: "backend kind req/s p50 p99 non2xx".
run() {
	# All load comes from one address, as from a reverse proxy: no cap
	# per client (--per-client 0).
	bench_serve "$2" --per-client 0
	for kind in home plans units search; do
		# Warm-up, discarded: each connection prepares its statements
		# (PostgreSQL plans them once per connection).
		wrk -t2 -c64 -d2s -H 'Accept-Encoding: gzip' -s "$TMP/urls.lua" \
			"http://127.0.0.1:$PORT" -- "$TMP/$kind.txt" >/dev/null 2>&1 || true
		note "$1: $kind, ${SECONDS_PER_RUN}s"
		wrk -t2 -c64 -d"$SECONDS_PER_RUN"s --latency -H 'Accept-Encoding: gzip' \
			-s "$TMP/urls.lua" "http://127.0.0.1:$PORT" -- "$TMP/$kind.txt" \
			>"$TMP/wrk.out" 2>&1 || { cat "$TMP/wrk.out" >&2; die "wrk failed"; }
		fig=$(bench_wrk_figures "$TMP/wrk.out") || { cat "$TMP/wrk.out" >&2; die "cannot read wrk's output"; }
		echo "$fig" | awk -v b="$1" -v k="$kind" '{
			printf "%s %s %.0f %.2f %.2f %d\n", b, k, $1, $2, $3, $4
		}' >>"$TMP/rows"
	done
	rss=$(awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status")
	echo "$1 $rss" >>"$TMP/rss"
	bench_stop
}

: >"$TMP/rows"
: >"$TMP/rss"
run sqlite "$TMP/scale.db"
run pgsql "$PGURI"

say "tiltak scale benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z'), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)"
say "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r)"
say "data:    $ORGS organisations (seed $SEED), $NPLANS plan files, $NUNITS unit pages"
say "load:    wrk -t2 -c64 -d${SECONDS_PER_RUN}s, Accept-Encoding: gzip, addresses spread over all plans;"
say "         wrk, tiltak (--threads $THREADS) and PostgreSQL on the same machine"
say ""
say "$(printf '  %-8s %-8s %10s %8s %8s %8s' backend page 'req/s' 'p50 ms' 'p99 ms' 'non-2xx')"
while read -r b k rps p50 p99 bad; do
	say "$(printf '  %-8s %-8s %10s %8s %8s %8s' "$b" "$k" "$rps" "$p50" "$p99" "$bad")"
done <"$TMP/rows"
say ""
say "targets"
say "$(printf '  %-44s %9s s   %-9s %s' 'import of every plan, SQLite' "$IMPORT_SQLITE" "<= $T_IMPORT s" "$(bench_verdict "$IMPORT_SQLITE" '<=' "$T_IMPORT")")"
say "$(printf '  %-44s %9s s   %-9s %s' 'import of every plan, PostgreSQL' "$IMPORT_PG" "<= $T_IMPORT s" "$(bench_verdict "$IMPORT_PG" '<=' "$T_IMPORT")")"
while read -r b k rps p50 p99 bad; do
	say "$(printf '  %-44s %9s ms  %-9s %s' "p99, $k, $b" "$p99" "<= $T_P99 ms" "$(bench_verdict "$p99" '<=' "$T_P99")")"
done <"$TMP/rows"
while read -r b rss; do
	say "$(printf '  %-44s %9s MiB %-9s %s' "peak RSS of tiltak serve, $b" "$rss" "<= $T_RSS MiB" "$(bench_verdict "$rss" '<=' "$T_RSS")")"
done <"$TMP/rss"
if awk '$6 > 0 {bad = 1} END {exit !bad}' "$TMP/rows"; then
	say "INVALID: wrk saw non-2xx answers"
	exit 1
fi
say ""
say "report written to build/bench/scale-report.txt"
