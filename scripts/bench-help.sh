#!/bin/sh
# bench-help.sh — the public help page under load against nginx serving
# the same bytes, with the same compression and headers, in the same run
# (issue 8 §4: at least nginx's rate, p99 at most 5 ms, 64 connections).
#
#   scripts/bench-help.sh [PATH]     (make bench-help; part of make bench)
#
# PATH is a public page (default /hjelp/bodo; if that does not answer
# 200 yet, /om-vold, and the report says so). tiltak's own identity and
# gzip bytes are fetched and given to nginx (gzip_static), with tiltak's
# Content-Type, Content-Security-Policy, X-Content-Type-Options,
# Referrer-Policy and Cache-Control; both send an ETag and Vary. Then
# BENCH_ROUNDS alternating rounds of `wrk -c64 -dBENCH_SECONDS --latency`
# per server, with "Accept-Encoding: gzip" (what every browser sends) and
# without; medians. Two arrangements, each with its verdict:
#
#   shared  tiltak --threads 2 and nginx's 2 workers, wrk -t2, all on
#           every CPU (the load generator takes its share of them)
#   pinned  the server alone on CPU 1 (tiltak --threads 1, nginx 1
#           worker), wrk -t1 alone on CPU 0: the server's own latency,
#           not the load generator's turn on its core (needs 2 CPUs and
#           taskset; skipped otherwise)
#
#   BENCH_SECONDS (default 10), BENCH_ROUNDS (default 3)
#
# Prints the report and writes it to build/bench/help.txt. Exits 0
# whether the targets are met or not, 1 if something could not be
# measured.
set -eu
cd "$(dirname "$0")/.."
PAGE=${1:-/hjelp/bodo}
SECS=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=2
T_RATIO=1.00
T_P99=5

die() {
	echo "bench-help: $*" >&2
	exit 1
}
case $PAGE in
/*) ;;
*) die "the page is a path such as /hjelp/bodo" ;;
esac
case "$SECS$ROUNDS" in
'' | *[!0-9]*) die "BENCH_SECONDS and BENCH_ROUNDS want whole numbers" ;;
esac
PATH=$PATH:/usr/sbin:/sbin
for tool in wrk nginx curl cmp gunzip awk sort; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' not found; run scripts/install-deps.sh bench (make bench does)"
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench-help"

. scripts/bench-lib.sh
bench_tmp bench-help
bench_report help.txt

build/tiltak import --db "$TMP/bench.db" data/plans/*.json >"$TMP/import.log" 2>&1 ||
	{ cat "$TMP/import.log" >&2; die "import failed"; }
for f in data/services/*.json; do
	[ -e "$f" ] || break
	build/tiltak import --db "$TMP/bench.db" "$f" >>"$TMP/import.log" 2>&1 ||
		{ cat "$TMP/import.log" >&2; die "import of $f failed"; }
done
# tiltak's bytes and headers, given to nginx.
bench_serve "$TMP/bench.db"
TILTAK=http://127.0.0.1:$PORT
code=$(curl -s -o /dev/null -w '%{http_code}' "$TILTAK$PAGE") || code=000
if [ "$code" != 200 ]; then
	say "note: $PAGE answers $code here; measuring /om-vold instead"
	PAGE=/om-vold
fi
mkdir -p "$TMP/www$(dirname "$PAGE")"
FILE=$TMP/www$PAGE
curl -s -D "$TMP/plain.head" -o "$FILE" "$TILTAK$PAGE" || die "GET $PAGE failed"
curl -s -H 'Accept-Encoding: gzip' -D "$TMP/gz.head" -o "$FILE.gz" "$TILTAK$PAGE" ||
	die "GET $PAGE with gzip failed"
grep -qi '^content-encoding: gzip' "$TMP/gz.head" || die "tiltak sent no gzip for $PAGE"
gunzip -c "$FILE.gz" | cmp -s - "$FILE" || die "tiltak's gzip does not unpack to the page"
CSP=$(bench_header Content-Security-Policy "$TMP/plain.head")
CC=$(bench_header Cache-Control "$TMP/plain.head")
[ -n "$CSP" ] && [ -n "$CC" ] || die "tiltak's headers are missing"
find "$TMP/www" -type d -exec chmod 755 {} +
chmod 644 "$FILE" "$FILE.gz"
bench_stop

# run NAME URL [HEADER]: one wrk run, "rate p50 p99 non2xx" into NAME.rows.
run() {
	if [ -n "${3:-}" ]; then
		$WRK_PIN wrk -t"$WRK_THREADS" -c64 -d"$SECS"s --latency -H "$3" "$2" >"$TMP/wrk.out" 2>&1
	else
		$WRK_PIN wrk -t"$WRK_THREADS" -c64 -d"$SECS"s --latency "$2" >"$TMP/wrk.out" 2>&1
	fi || { cat "$TMP/wrk.out" >&2; die "wrk failed on $2"; }
	fig=$(bench_wrk_figures "$TMP/wrk.out") || { cat "$TMP/wrk.out" >&2; die "cannot read wrk's output"; }
	echo "$fig" | awk '{ printf "%s %.3f %.3f %d\n", $1, $2, $3, $4 }' >>"$TMP/$1.rows"
}
median() { # median FILE COLUMN
	sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

# arrange NAME: the servers, their pinning and wrk's for one arrangement.
arrange() {
	case $1 in
	shared)
		THREADS=2 NGINX_WORKERS=2 SERVER_PIN= WRK_PIN= WRK_THREADS=2
		ARRANGED="tiltak --threads 2, nginx 2 workers, wrk -t2, on all $(nproc) CPUs"
		;;
	pinned)
		THREADS=1 NGINX_WORKERS=1 SERVER_PIN="taskset -c 1" WRK_PIN="taskset -c 0" WRK_THREADS=1
		ARRANGED="tiltak --threads 1 and nginx 1 worker alone on CPU 1, wrk -t1 alone on CPU 0"
		;;
	esac
}
ARRANGEMENTS=shared
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	ARRANGEMENTS="shared pinned"
fi

GZ=$(wc -c <"$FILE.gz" | tr -d ' ')
BYTES=$(wc -c <"$FILE" | tr -d ' ')
IDLE=$(awk '{print $1}' /proc/loadavg)
say "tiltak help-page benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
say "machine: $(nproc) CPUs, load average $IDLE before the run; tiltak $(git rev-parse --short HEAD 2>/dev/null || echo '?') (-O2)"
say "page:    $PAGE, $BYTES bytes, $GZ bytes gzip; wrk -c64 -d${SECS}s, $ROUNDS alternating rounds, medians"
for arr in $ARRANGEMENTS; do
	arrange "$arr"
	bench_serve "$TMP/bench.db"
	TILTAK=http://127.0.0.1:$PORT
	bench_nginx "$PAGE" "$CSP" "$CC"
	bench_nginx_same "$PAGE"
	run warm "$TILTAK$PAGE" "Accept-Encoding: gzip"
	run warm "$NGINX$PAGE" "Accept-Encoding: gzip"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		if [ $((r % 2)) -eq 1 ]; then order="tiltak nginx"; else order="nginx tiltak"; fi
		for srv in $order; do
			[ $srv = tiltak ] && base=$TILTAK || base=$NGINX
			run "$arr-$srv-gzip" "$base$PAGE" "Accept-Encoding: gzip"
			run "$arr-$srv-plain" "$base$PAGE"
		done
		r=$((r + 1))
	done
	bench_stop
	bench_stop_pid "$NGINX_PID"
	NGINX_PID=
	say ""
	say "$arr: $ARRANGED"
	say "                      req/s      p50 ms   p99 ms"
	for v in gzip plain; do
		for srv in tiltak nginx; do
			f=$TMP/$arr-$srv-$v.rows
			say "$(printf '%-6s %-6s %14s %11s %8s' "$srv" "$v" "$(median "$f" 1)" "$(median "$f" 2)" "$(median "$f" 3)")"
			[ "$(awk '{s += $4} END {print s + 0}' "$f")" -eq 0 ] || die "$srv answered non-2xx"
		done
		ratio=$(awk -v a="$(median "$TMP/$arr-tiltak-$v.rows" 1)" -v b="$(median "$TMP/$arr-nginx-$v.rows" 1)" 'BEGIN { printf "%.2f", a / b }')
		p99=$(median "$TMP/$arr-tiltak-$v.rows" 3)
		np99=$(median "$TMP/$arr-nginx-$v.rows" 3)
		verdict=$(awk -v r="$ratio" -v p="$p99" -v tr="$T_RATIO" -v tp="$T_P99" 'BEGIN { print (r >= tr && p <= tp) ? "met" : "NOT met" }')
		say "$(printf '%-6s ratio tiltak/nginx %.2f×, p99 tiltak %s ms (nginx %s ms) — target ≥ %s× and ≤ %s ms: %s' "$v" "$ratio" "$p99" "$np99" "$T_RATIO" "$T_P99" "$verdict")"
	done
done
