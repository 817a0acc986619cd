# bench-lib.sh — what the benchmark scripts share, sourced by each of
# them (scripts/bench*.sh) once it is in the repository's root. Needs a
# die function (the script's, which names it) and, for bench_serve,
# $THREADS. Optional: $SERVER_PIN, a command put before the servers
# (tiltak and nginx; e.g. "taskset -c 1" to keep them on one CPU), and
# $NGINX_WORKERS (default 2).
#
#   bench_tmp NAME            makes the work folder $TMP
#                             (${TMPDIR:-/tmp}/tiltak-NAME.XXXXXX), removed
#                             on exit with what runs from it (bench_cleanup)
#   bench_report FILE         starts the report, build/bench/FILE (sets
#                             REPORT); say TEXT prints a line and adds it
#   bench_serve DB [ARG...]   starts build/tiltak serve on DB with ARGs
#                             added (sets PID and PORT; dies if it does
#                             not start)
#   bench_stop                stops it
#   bench_stop_pid PID        stops a process: SIGTERM, SIGKILL after 3 s
#   bench_header NAME FILE    a response header's value (curl -D's FILE)
#   bench_nginx PATH CSP CACHE_CONTROL
#                             starts nginx serving tiltak's bytes of PATH
#                             (sets NGINX_PID, NGINX_PORT and NGINX)
#   bench_nginx_same PATH     dies unless nginx serves those bytes
#   bench_wrk_figures FILE    the figures in wrk --latency's output
#   bench_verdict VALUE OP LIMIT   PASS or MISS

# --- the work folder and clean-up ---

bench_tmp() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-$1.XXXXXX")
	chmod 755 "$TMP" # nginx's workers and the PostgreSQL cluster (other users) read it
	PID=
	NGINX_PID=
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# bench_cleanup: stops the server (PID), nginx (NGINX_PID) and the
# PostgreSQL cluster in $TMP/pg, if they run; removes $TMP.
bench_cleanup() {
	bench_stop_pid "$PID"
	bench_stop_pid "$NGINX_PID"
	PID=
	NGINX_PID=
	[ ! -d "$TMP/pg" ] || tests/pg-cluster.sh stop "$TMP/pg" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}

bench_stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# --- the report ---

bench_report() {
	mkdir -p build/bench
	REPORT=$(pwd)/build/bench/$1
	: >"$REPORT"
}

say() {
	printf '%s\n' "$*" | tee -a "$REPORT"
}

# --- tiltak ---

bench_serve() {
	db=$1
	shift
	: >"$TMP/serve.out"
	${SERVER_PIN:-} build/tiltak serve --db "$db" --listen 127.0.0.1:0 --threads "$THREADS" \
		--quiet "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
	PID=$!
	PORT=
	i=0
	while [ $i -lt 200 ]; do
		PORT=$(sed -n 's|^tiltak: serving http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$TMP/serve.out")
		[ -n "$PORT" ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	[ -n "$PORT" ] || { cat "$TMP/serve.err" >&2; die "tiltak serve did not start"; }
}

bench_stop() {
	kill "$PID"
	wait "$PID" || true
	PID=
}

bench_header() {
	awk -v n="$1" 'BEGIN { n = tolower(n) ":" } tolower($1) == n { sub(/^[^:]*: */, ""); sub(/\r$/, ""); print; exit }' "$2"
}

# --- nginx ---

# bench_nginx PATH CSP CACHE_CONTROL: nginx serving $TMP/www, where
# tiltak's page PATH is with its gzip bytes beside it (PATH.gz, for
# gzip_static), with the Content-Security-Policy CSP and tiltak's other
# headers; any other path is 404. Debian's stock http settings (sendfile
# on, tcp_nopush on), keep-alive with no request cap (nginx's default
# closes a connection after 1000 requests; libmicrohttpd never does), no
# access log, 2 workers like tiltak's 2 threads (or $NGINX_WORKERS).
#
# Ports below Linux's ephemeral range (32768-60999), tried until one
# works: connection refused (curl exit 7) means nobody listens there, and
# nginx exits if the bind fails anyway.
bench_nginx() {
	NGINX_PORT=
	for p in $(awk 'BEGIN { srand(); s = 20000 + int(rand() * 12000); for (i = 0; i < 10; i++) print s + 17 * i }'); do
		rc=0
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || rc=$?
		[ "$rc" = 7 ] || continue
		if bench_nginx_start "$p" "$@"; then
			NGINX_PORT=$p
			break
		fi
	done
	[ -n "$NGINX_PORT" ] || { cat "$TMP/error.log" >&2 2>/dev/null || true; die "nginx did not start"; }
	NGINX=http://127.0.0.1:$NGINX_PORT
}

# bench_nginx_start PORT PATH CSP CACHE_CONTROL: 0 once nginx answers 200
# on PATH, 1 if it exited (the port was taken, most likely).
bench_nginx_start() {
	user_line=
	[ "$(id -u)" -ne 0 ] || user_line="user root;"
	mkdir -p "$TMP/nginx-tmp"
	cat >"$TMP/nginx.conf" <<EOF
$user_line
worker_processes ${NGINX_WORKERS:-2};
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {
    worker_connections 1024;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx-tmp/body;
    proxy_temp_path $TMP/nginx-tmp/proxy;
    fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
    scgi_temp_path $TMP/nginx-tmp/scgi;
    server {
        listen 127.0.0.1:$1;
        root $TMP/www;
        location = $2 {
            default_type text/html;
            charset utf-8;
            gzip_static on;
            gzip_vary on;
            add_header Content-Security-Policy "$3";
            add_header X-Content-Type-Options nosniff;
            add_header Referrer-Policy no-referrer;
            add_header Cache-Control "$4";
        }
        location / {
            return 404;
        }
    }
}
EOF
	nginx -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" -t >"$TMP/nginx-t.log" 2>&1 ||
		{ cat "$TMP/nginx-t.log" >&2; die "nginx rejects the configuration"; }
	${SERVER_PIN:-} nginx -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" -g 'daemon off;' \
		>"$TMP/nginx.out" 2>&1 &
	NGINX_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2") || code=000
		[ "$code" = 200 ] && return 0
		if ! kill -0 "$NGINX_PID" 2>/dev/null; then
			wait "$NGINX_PID" 2>/dev/null || true
			NGINX_PID=
			return 1
		fi
		sleep 0.05
		i=$((i + 1))
	done
	cat "$TMP/error.log" >&2
	die "nginx does not answer 200 on $2"
}

bench_nginx_same() {
	curl -s -o "$TMP/nginx.html" "$NGINX$1" && cmp -s "$TMP/nginx.html" "$TMP/www$1" ||
		die "nginx does not serve the same bytes as tiltak"
	curl -s -H 'Accept-Encoding: gzip' -o "$TMP/nginx.gz" "$NGINX$1" &&
		cmp -s "$TMP/nginx.gz" "$TMP/www$1.gz" || die "nginx does not serve tiltak's gzip bytes"
}

# --- figures ---

# bench_wrk_figures FILE: "req/s p50 p99 non-2xx socket-errors" from wrk
# --latency's output in FILE, the times in ms and unrounded (each script
# rounds as its report shows them); fails if a figure is missing.
bench_wrk_figures() {
	awk '
		function ms(v) {
			if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
			if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
			if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
			if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
			return -1
		}
		/^Requests\/sec:/ { rps = $2 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ {
			gsub(/,/, "")
			se = $4 + $6 + $8 + $10
		}
		END {
			if (rps == "" || p50 == "" || p99 == "") exit 1
			printf "%s %.17g %.17g %d %d\n", rps, p50, p99, bad + 0, se + 0
		}' "$1"
}

bench_verdict() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		ok = op == ">=" ? v + 0 >= l + 0 : v + 0 <= l + 0
		print ok ? "PASS" : "MISS"
	}'
}
