#!/bin/sh
# bench.sh — benchmark tiltak against nginx serving the same bytes.
#
# A benchmark, not a test: it reports figures and compares them with the
# targets; it is never part of `make test`. Run by `make bench` (which
# builds build/tiltak first), or directly from anywhere in the repository.
#
#   BENCH_SECONDS  seconds per wrk run             (default 10)
#   BENCH_ROUNDS   alternating rounds               (default 3)
#   BENCH_WARMUP   seconds of discarded warm-up per URL (default 2; 0: none)
#
# Each round runs, with `wrk -t2 -c64 -dNs --latency`, tiltak and nginx
# serving the same bytes, in pairs whose order alternates from round to
# round: the plan page as it is; gzipped (Accept-Encoding: gzip; nginx
# serves tiltak's own gzip bytes with gzip_static); and revalidated
# (If-None-Match with the page's ETag: 304, no body). Then the tiltak
# measure page and the tiltak search page. Figures are medians over the
# rounds. Then: tiltak's peak RSS (VmHWM) after all
# load, and the cold start to the first 200 (median of 10, measured by
# tests/bench/coldstart.c).
#
# Writes the report to standard output and build/bench/report.txt.
# Exits 0 whether the targets are met or not; 1 if something could not be
# measured (a tool missing, a server failing to start, wrong bytes, wrk
# seeing non-2xx answers).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-2}
COLD_RUNS=10
THREADS=2
PLAN_PATH=/plans/bodo-2022-2025
MEASURE_PATH=/plans/bodo-2022-2025/measures/foreldre
SEARCH_PATH='/search?q=vold'

# Targets.
T_RATIO=1.00   # tiltak plan page req/s >= nginx's: plain, gzip and 304
T_P99_PLAN=5   # ms, the tiltak plan page: plain, gzip and 304
T_P99=10       # ms, the other tiltak URLs
T_RSS=20       # MiB
T_COLD=50      # ms

die() {
	echo "bench: $*" >&2
	exit 1
}

for v in "$SECONDS_PER_RUN" "$ROUNDS" "$WARMUP"; do
	case $v in
	'' | *[!0-9]*) die "BENCH_SECONDS, BENCH_ROUNDS and BENCH_WARMUP want whole numbers" ;;
	esac
done
[ "$SECONDS_PER_RUN" -ge 1 ] || die "BENCH_SECONDS must be at least 1"
[ "$ROUNDS" -ge 1 ] || die "BENCH_ROUNDS must be at least 1"

# --- tools ---
# nginx lives in /usr/sbin, which is not on every user's PATH.
PATH=$PATH:/usr/sbin:/sbin
for tool in wrk nginx curl cmp cc awk sed sort tee ps getconf mktemp gunzip; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' not found; run scripts/install-deps.sh bench (make bench does)"
done
[ -x build/tiltak ] || die "build/tiltak not found; run make bench (or make all) first"
[ -r /proc/self/status ] || die "/proc is needed to read the server's peak memory"
ls data/plans/*.json >/dev/null 2>&1 || die "no plan files in data/plans"

mkdir -p build/bench
cc -O2 -o build/bench/coldstart tests/bench/coldstart.c ||
	die "cannot compile tests/bench/coldstart.c"
cc -O2 -pthread -o build/bench/load tests/bench/load.c ||
	die "cannot compile tests/bench/load.c"

# --- the work directory and clean-up ---
# The server is $PID (bench_serve), nginx $NGINX_PID.
. scripts/bench-lib.sh
bench_tmp bench

note() {
	echo "bench: $*" >&2
}

# --- the machine ---
bench_report report.txt

CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
[ -n "$CPU" ] || CPU=$(uname -m)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
WRK_V=$(wrk -v 2>&1 | awk 'NR == 1 {print $2; exit}')
NGINX_V=$(nginx -v 2>&1 | sed 's/^nginx version: //')
GIT_V=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
	GIT_V="$GIT_V (src modified)"
fi

# Other work on the machine skews every figure: measure how idle the
# CPUs are for a second before starting, and say so in the report.
cpu_sample() {
	awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat
}
idle_percent() {
	s1=$(cpu_sample)
	sleep 1
	s2=$(cpu_sample)
	echo "$s1 $s2" | awk '{t = $3 - $1; printf "%.0f", (t > 0 ? 100 * ($4 - $2) / t : 100)}'
}
IDLE=$(idle_percent)

say "tiltak benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
say "machine: $(nproc) CPUs, $CPU, $MEM, $(uname -sr)"
say "tools:   wrk $WRK_V; $NGINX_V; tiltak $GIT_V, build/tiltak (make bench: -O2)"
say "load:    wrk -t2 -c64 -d${SECONDS_PER_RUN}s --latency, $ROUNDS alternating rounds, medians;"
say "         wrk, tiltak (--threads $THREADS) and nginx (2 workers) on the same machine"
say "idle:    ${IDLE}% of CPU time idle in the second before the run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
if [ "$IDLE" -lt 90 ]; then
	say "WARNING: the machine is busy with other work; these figures understate both servers"
fi
say ""

# --- tiltak ---
note "importing data/plans/*.json"
build/tiltak import --db "$TMP/bench.db" data/plans/*.json >"$TMP/import.log" 2>&1 ||
	{ cat "$TMP/import.log" >&2; die "import failed"; }

bench_serve "$TMP/bench.db"
TILTAK=http://127.0.0.1:$PORT
note "tiltak serving $TILTAK (pid $PID)"

fetch() {
	# fetch URL FILE: the body, failing on anything but 200.
	code=$(curl -s -o "$2" -w '%{http_code}' "$1") || code=000
	[ "$code" = 200 ] || die "GET $1 answered $code, not 200"
}

mkdir -p "$TMP/www/plans"
fetch "$TILTAK$PLAN_PATH" "$TMP/www$PLAN_PATH"
# tiltak's own gzip bytes, for nginx's gzip_static.
code=$(curl -s -H 'Accept-Encoding: gzip' -D "$TMP/gz.head" -o "$TMP/www$PLAN_PATH.gz" \
	-w '%{http_code}' "$TILTAK$PLAN_PATH") || code=000
[ "$code" = 200 ] || die "GET $PLAN_PATH with gzip answered $code"
grep -qi '^content-encoding: gzip' "$TMP/gz.head" || die "tiltak sent no gzip for $PLAN_PATH"
gunzip -c "$TMP/www$PLAN_PATH.gz" | cmp -s - "$TMP/www$PLAN_PATH" ||
	die "tiltak's gzip of $PLAN_PATH does not unpack to the page"
chmod 644 "$TMP/www$PLAN_PATH.gz"
GZ_BYTES=$(wc -c <"$TMP/www$PLAN_PATH.gz" | tr -d ' ')
curl -s -D "$TMP/plain.head" -o /dev/null "$TILTAK$PLAN_PATH" || die "HEAD of $PLAN_PATH failed"
TILTAK_ETAG=$(bench_header ETag "$TMP/plain.head")
[ -n "$TILTAK_ETAG" ] || die "tiltak sent no ETag for $PLAN_PATH"
fetch "$TILTAK$MEASURE_PATH" "$TMP/measure.html"
fetch "$TILTAK$SEARCH_PATH" "$TMP/search.html"
chmod 755 "$TMP/www" "$TMP/www/plans"
chmod 644 "$TMP/www$PLAN_PATH"
PLAN_BYTES=$(wc -c <"$TMP/www$PLAN_PATH" | tr -d ' ')
MEASURE_BYTES=$(wc -c <"$TMP/measure.html" | tr -d ' ')
SEARCH_BYTES=$(wc -c <"$TMP/search.html" | tr -d ' ')

# --- nginx: the same bytes, the same headers (minus Date/Server/etc.) ---
CSP="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
bench_nginx "$PLAN_PATH" "$CSP" no-cache
bench_nginx_same "$PLAN_PATH"
# And tiltak still does (a changing page would make the comparison unfair).
fetch "$TILTAK$PLAN_PATH" "$TMP/again.html"
cmp -s "$TMP/again.html" "$TMP/www$PLAN_PATH" || die "tiltak's plan page changes between requests"
curl -s -D "$TMP/nginx.head" -o /dev/null "$NGINX$PLAN_PATH" || die "nginx HEAD failed"
NGINX_ETAG=$(bench_header ETag "$TMP/nginx.head")
[ -n "$NGINX_ETAG" ] || die "nginx sent no ETag"
for pair in "$TILTAK $TILTAK_ETAG" "$NGINX $NGINX_ETAG"; do
	set -- $pair
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1$PLAN_PATH") || code=000
	[ "$code" = 304 ] || die "$1$PLAN_PATH with If-None-Match: $2 answered $code, not 304"
done
note "nginx serving $NGINX (pid $NGINX_PID); same $PLAN_BYTES bytes and $GZ_BYTES gzip bytes (cmp)"

# --- wrk ---
WRK_BAD=0

# TCP segments retransmitted so far, machine-wide (loopback included): a
# retransmission costs a timer (tens to hundreds of ms) and shows in p99.
retrans() {
	awk '/^Tcp:/ {
		if (!n++) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i }
		else print $c + 0
	}' /proc/net/snmp
}

# CPU ticks (user + system) used so far by the given processes.
HZ=$(getconf CLK_TCK)
proc_ticks() {
	for p in "$@"; do
		awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true
	done | awk '{s += $1} END {print s + 0}'
}

# Seconds of CPU used by this shell's finished children, from the second
# line of `times` ("0m1.23s 0m4.56s", user and system).
children_seconds() {
	awk 'NR == 2 {
		t = 0
		for (i = 1; i <= 2; i++) {
			v = $i; sub(/s$/, "", v); split(v, a, "m"); t += a[1] * 60 + a[2]
		}
		print t
	}' "$1"
}

# run_wrk NAME URL SECONDS [HEADER]: parses wrk's output into $TMP/NAME.rows, one
# line per run: "req_per_s p50_ms p99_ms non2xx socket_errors retrans
# other_cpu_percent" (other: CPU time used by neither the server under
# test nor wrk, in % of all CPUs: other work on the machine, and kernel
# threads such as ksoftirqd).
run_wrk() {
	out=$TMP/wrk.$1.last
	case $1 in
	nginx*) srv="$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null || true)" ;;
	*) srv=$PID ;;
	esac
	re0=$(retrans)
	cpu0=$(cpu_sample)
	srv0=$(proc_ticks $srv)
	times >"$TMP/times0"
	# wrk waits for a body after a 304 that carries the representation's
	# Content-Length (RFC 9110 8.6, as libmicrohttpd sends it): the 304
	# runs of both servers use tests/bench/load.c, which frames as RFC
	# 9112 6.3 says, with wrk's arguments and wrk's way of reporting.
	case $1 in
	*304) tool=build/bench/load ;;
	*) tool=wrk ;;
	esac
	if [ -n "${4:-}" ]; then
		$tool -t2 -c64 -d"$3"s --latency -H "$4" "$2" >"$out" 2>&1 ||
			{ cat "$out" >&2; die "$tool failed on $2"; }
	else
		$tool -t2 -c64 -d"$3"s --latency "$2" >"$out" 2>&1 ||
			{ cat "$out" >&2; die "$tool failed on $2"; }
	fi
	times >"$TMP/times1"
	srv1=$(proc_ticks $srv)
	cpu1=$(cpu_sample)
	re=$(($(retrans) - re0))
	# CPU used by neither this server nor wrk, in % of the machine.
	other=$(echo "$cpu0 $cpu1 $srv0 $srv1 $(children_seconds "$TMP/times0") \
		$(children_seconds "$TMP/times1") $HZ" | awk '{
		total = $3 - $1; busy = total - ($4 - $2)
		rest = busy - ($6 - $5) - ($8 - $7) * $9
		printf "%.0f", (total > 0 && rest > 0 ? 100 * rest / total : 0)
	}')
	fig=$(bench_wrk_figures "$out") || { cat "$out" >&2; die "cannot read wrk's output for $2"; }
	row=$(echo "$fig" | awk -v re="$re" -v other="$other" '{
		printf "%s %.3f %.3f %d %d %d %d\n", $1, $2, $3, $4, $5, re, other
	}')
	[ "$1" = warmup ] && return 0
	echo "$row" >>"$TMP/$1.rows"
	set -- $row
	[ "$4" -eq 0 ] || WRK_BAD=1
}

if [ "$WARMUP" -gt 0 ]; then
	note "warm-up: ${WARMUP}s per URL (discarded)"
	for u in "$TILTAK$PLAN_PATH" "$NGINX$PLAN_PATH" "$TILTAK$MEASURE_PATH" "$TILTAK$SEARCH_PATH"; do
		run_wrk warmup "$u" "$WARMUP"
	done
	run_wrk warmup "$TILTAK$PLAN_PATH" "$WARMUP" "Accept-Encoding: gzip"
	run_wrk warmup "$NGINX$PLAN_PATH" "$WARMUP" "Accept-Encoding: gzip"
fi

# pair TILTAK_NAME NGINX_NAME ROUND [TILTAK_HEADER [NGINX_HEADER]]: the
# two servers on the plan page, the order alternating with the round.
pair() {
	if [ $(($3 % 2)) -eq 1 ]; then
		run_wrk "$1" "$TILTAK$PLAN_PATH" "$SECONDS_PER_RUN" "${4:-}"
		run_wrk "$2" "$NGINX$PLAN_PATH" "$SECONDS_PER_RUN" "${5:-}"
	else
		run_wrk "$2" "$NGINX$PLAN_PATH" "$SECONDS_PER_RUN" "${5:-}"
		run_wrk "$1" "$TILTAK$PLAN_PATH" "$SECONDS_PER_RUN" "${4:-}"
	fi
}

r=1
while [ "$r" -le "$ROUNDS" ]; do
	note "round $r/$ROUNDS: 8 x ${SECONDS_PER_RUN}s"
	pair plan nginx "$r"
	pair plangz nginxgz "$r" "Accept-Encoding: gzip" "Accept-Encoding: gzip"
	pair plan304 nginx304 "$r" "If-None-Match: $TILTAK_ETAG" "If-None-Match: $NGINX_ETAG"
	run_wrk measure "$TILTAK$MEASURE_PATH" "$SECONDS_PER_RUN"
	run_wrk search "$TILTAK$SEARCH_PATH" "$SECONDS_PER_RUN"
	r=$((r + 1))
done

# --- peak memory, after all load ---
kill -0 "$PID" 2>/dev/null || die "tiltak died under load"
RSS_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status")
[ -n "$RSS_KB" ] || die "no VmHWM for pid $PID"
RSS=$(awk -v k="$RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')
NGINX_RSS_KB=0
for p in "$NGINX_PID" $(ps -o pid= --ppid "$NGINX_PID" 2>/dev/null || true); do
	k=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
	NGINX_RSS_KB=$((NGINX_RSS_KB + ${k:-0}))
done
NGINX_RSS=$(awk -v k="$NGINX_RSS_KB" 'BEGIN {printf "%.1f", k / 1024}')
CPU_TICKS=$(awk '{print $14 + $15}' "/proc/$PID/stat")
bench_stop_pid "$PID"
PID=
bench_stop_pid "$NGINX_PID"
NGINX_PID=

# --- cold start ---
note "cold start: $COLD_RUNS runs"
build/bench/coldstart "$COLD_RUNS" / "$ROOT/build/tiltak" serve --db "$TMP/bench.db" \
	--threads "$THREADS" --quiet >"$TMP/cold.out" 2>"$TMP/cold.err" ||
	{ cat "$TMP/cold.err" >&2; die "cold start could not be measured"; }
IDLE_AFTER=$(idle_percent)
COLD=$(awk '/^median:/ {print $2}' "$TMP/cold.out")
COLD_MIN=$(awk '/^run/ {print $3}' "$TMP/cold.out" | sort -n | head -1)
COLD_MAX=$(awk '/^run/ {print $3}' "$TMP/cold.out" | sort -n | tail -1)

# --- the report ---
# median FILE COLUMN
median() {
	awk -v c="$2" '{print $c}' "$1" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR % 2) m = v[(NR + 1) / 2]; else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f", m
		}'
}
sumcol() {
	awk -v c="$2" '{ s += $c } END { print s + 0 }' "$1"
}

say "results (medians over $ROUNDS rounds; non-2xx, socket errors and TCP"
say "retransmissions are totals over the rounds)"
say "$(printf '  %-34s %10s %8s %8s %8s %8s %8s' target 'req/s' 'p50 ms' 'p99 ms' 'non-2xx' 'sockerr' 'retrans')"
TARGETS="plan nginx plangz nginxgz plan304 nginx304 measure search"
for t in $TARGETS; do
	case $t in
	plan) label="tiltak plan page ($PLAN_BYTES B)" ;;
	nginx) label="nginx, same bytes ($PLAN_BYTES B)" ;;
	plangz) label="tiltak plan page, gzip ($GZ_BYTES B)" ;;
	nginxgz) label="nginx gzip_static, same ($GZ_BYTES B)" ;;
	plan304) label="tiltak plan page, 304" ;;
	nginx304) label="nginx, 304" ;;
	measure) label="tiltak measure ($MEASURE_BYTES B)" ;;
	search) label="tiltak search q=vold ($SEARCH_BYTES B)" ;;
	esac
	say "$(printf '  %-34s %10.0f %8.2f %8.2f %8d %8d %8d' "$label" \
		"$(median "$TMP/$t.rows" 1)" "$(median "$TMP/$t.rows" 2)" \
		"$(median "$TMP/$t.rows" 3)" "$(sumcol "$TMP/$t.rows" 4)" \
		"$(sumcol "$TMP/$t.rows" 5)" "$(sumcol "$TMP/$t.rows" 6)")"
done
say ""
say "every round (req/s, p50 ms, p99 ms, other CPU %: used by neither the server"
say "under test nor wrk, i.e. other work on the machine or kernel threads)"
for t in $TARGETS; do
	say "$(printf '  %-8s' "$t")$(awk '{ printf "  | %6.0f %5.2f %6.2f %3d%%", $1, $2, $3, $7 }' "$TMP/$t.rows")"
done
OTHER_MAX=$(for t in $TARGETS; do cat "$TMP/$t.rows"; done |
	awk '$7 > m {m = $7} END {print m + 0}')
if [ "$OTHER_MAX" -gt 10 ]; then
	say "WARNING: up to ${OTHER_MAX}% of the CPUs went to other work during a run;"
	say "         rerun on a quiet machine before trusting these figures"
fi
say ""

ratio() {
	awk -v a="$(median "$TMP/$1.rows" 1)" -v b="$(median "$TMP/$2.rows" 1)" \
		'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'
}
P99_MEASURE=$(median "$TMP/measure.rows" 3)
P99_SEARCH=$(median "$TMP/search.rows" 3)

say "targets"
for p in "plan nginx plain" "plangz nginxgz gzip" "plan304 nginx304 304"; do
	set -- $p
	R=$(ratio "$1" "$2")
	P99=$(median "$TMP/$1.rows" 3)
	say "$(printf '  %-40s %12s  %-10s %s' "plan page rate ($3), tiltak / nginx" "$R" ">= $T_RATIO" "$(bench_verdict "$R" '>=' "$T_RATIO")")"
	say "$(printf '  %-40s %9.2f ms  %-10s %s' "p99, tiltak plan page ($3)" "$P99" "<= $T_P99_PLAN ms" "$(bench_verdict "$P99" '<=' "$T_P99_PLAN")")"
done
say "$(printf '  %-40s %9.2f ms  %-10s %s' 'p99, tiltak measure' "$P99_MEASURE" "<= $T_P99 ms" "$(bench_verdict "$P99_MEASURE" '<=' "$T_P99")")"
say "$(printf '  %-40s %9.2f ms  %-10s %s' 'p99, tiltak search' "$P99_SEARCH" "<= $T_P99 ms" "$(bench_verdict "$P99_SEARCH" '<=' "$T_P99")")"
say "$(printf '  %-40s %8s MiB  %-10s %s' 'peak RSS of tiltak serve (VmHWM)' "$RSS" "<= $T_RSS MiB" "$(bench_verdict "$RSS" '<=' "$T_RSS")")"
say "$(printf '  %-40s %9.2f ms  %-10s %s' "cold start to first 200 on / (median/$COLD_RUNS)" "$COLD" "<= $T_COLD ms" "$(bench_verdict "$COLD" '<=' "$T_COLD")")"
say ""
say "notes"
say "  CPU idle before the run ${IDLE}%, after it ${IDLE_AFTER}% (other work on the machine skews figures)"
if [ "$IDLE_AFTER" -lt 90 ]; then
	say "  WARNING: the machine was busy with other work after the run"
fi
say "  cold start runs: min $COLD_MIN ms, max $COLD_MAX ms"
say "  nginx peak RSS, master + workers: $NGINX_RSS MiB"
say "  tiltak CPU time over the whole load: $(awk -v t="$CPU_TICKS" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f s", t / hz}')"
if [ "$WRK_BAD" -ne 0 ]; then
	say "  INVALID: wrk saw non-2xx answers; the figures above do not measure the pages"
	exit 1
fi
say ""
say "report written to build/bench/report.txt"
