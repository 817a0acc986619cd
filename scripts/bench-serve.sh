# bench-serve.sh — sourced by the benchmark scripts: starting and
# stopping build/tiltak serve on a free loopback port. Needs $TMP (a
# scratch folder), $THREADS and a die function.
#
#   bench_serve DB [ARG...]   starts the server on DB with ARGs added
#                             (sets PID and PORT; dies if it does not start)
#   bench_stop                stops it

bench_serve() {
	db=$1
	shift
	: >"$TMP/serve.out"
	build/tiltak serve --db "$db" --listen 127.0.0.1:0 --threads "$THREADS" \
		--quiet "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
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
}

bench_stop() {
	kill "$PID"
	wait "$PID" || true
	PID=
}
