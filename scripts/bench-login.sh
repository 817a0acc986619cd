#!/bin/sh
# bench-login.sh — what a sign-in costs (issue 7 §9): a benchmark, not a
# test; part of `make bench`.
#
# Starts the release build on a fresh database with one account and
# measures with curl, on loopback:
#   1. one sign-in at a time (GET /login for the form token, then POST):
#      the POST's time, median and max of BENCH_LOGINS (default 20) —
#      almost all of it is Argon2id (libsodium's interactive limits,
#      64 MiB, crypto_pwhash_str);
#   2. a burst of 16 sign-ins at once: how long the burst takes, and that
#      the cap on concurrent hashes (AUTH_HASHES_MAX) holds the peak
#      memory (VmHWM of the server) to a few times 64 MiB, with any
#      sign-in that found no turn within AUTH_HASH_WAIT_MS answered 503.
# Appends to build/bench/report.txt.
set -eu
cd "$(dirname "$0")/.."
N=${BENCH_LOGINS:-20}
BURST=16
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-login.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p build/bench
out=build/bench/report.txt
say() { echo "$*" | tee -a "$out"; }

build/tiltak import --db "$TMP/b.db" data/plans/bodo-2022-2025.json >/dev/null
echo "a long enough bench password" |
	build/tiltak user add --db "$TMP/b.db" --role admin bench@example.no >/dev/null
build/tiltak serve --db "$TMP/b.db" --listen 127.0.0.1:0 --quiet >"$TMP/port" 2>"$TMP/log" &
PID=$!
for _ in $(seq 50); do
	grep -q "http://" "$TMP/port" 2>/dev/null && break
	sleep 0.1
done
URL=$(sed -n 's/.*\(http:[^ ]*\).*/\1/p' "$TMP/port" | head -1)
URL=${URL%/}
[ -n "$URL" ] || { echo "bench-login: the server did not start" >&2; cat "$TMP/log" >&2; exit 1; }

# login N: prints the POST's status and seconds.
login() {
	tok=$(curl -s "$URL/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$URL/login" \
		--data-urlencode "csrf=$tok" --data-urlencode "email=bench@example.no" \
		--data-urlencode "password=a long enough bench password"
}

: >"$TMP/one"
for _ in $(seq "$N"); do
	login >>"$TMP/one"
done
bad=$(awk '$1 != 303' "$TMP/one" | wc -l)
med=$(awk '{print $2 * 1000}' "$TMP/one" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}')
max=$(awk '{print $2 * 1000}' "$TMP/one" | sort -n | tail -1)

: >"$TMP/burst"
start=$(date +%s%N)
pids=
for i in $(seq "$BURST"); do
	login >"$TMP/burst.$i" &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
cat "$TMP"/burst.* >"$TMP/burst"
end=$(date +%s%N)
ok=$(awk '$1 == 303' "$TMP/burst" | wc -l)
busy=$(awk '$1 == 503' "$TMP/burst" | wc -l)
hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/"$PID"/status)

say ""
say "sign-in (Argon2id, libsodium interactive limits: 64 MiB), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
say "  one at a time, POST /login, $N sign-ins: median ${med} ms, max $(printf '%.0f' "$max") ms$( [ "$bad" -gt 0 ] && echo ", $bad not 303")"
say "  a burst of $BURST at once: $(( (end - start) / 1000000 )) ms in all, $ok signed in, $busy answered 503 (busy)"
say "  peak RSS of tiltak serve after the burst (VmHWM): $hwm MiB (at most 4 hashes at once, AUTH_HASHES_MAX)"
