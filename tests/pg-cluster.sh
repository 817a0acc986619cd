#!/bin/sh
# pg-cluster.sh — a private PostgreSQL cluster for the tests: made in a
# temporary folder, listening only on a Unix socket in that folder (no
# TCP port at all), run as an unprivileged user, removed afterwards. It
# never touches a system cluster or service.
#
#   tests/pg-cluster.sh start DIR [durable]
#                                   makes and starts it; prints its URI
#                                   ("postgresql:///postgres?host=DIR")
#   tests/pg-cluster.sh stop DIR    stops it and removes DIR
#
# As root, the cluster belongs to the "postgres" system user (made by
# Debian's postgresql package), or "nobody" if there is none: PostgreSQL
# refuses to run as root. fsync is off: a test cluster needs no
# durability across power cuts, and the tests run faster; "durable" keeps
# PostgreSQL's defaults (the scale benchmark measures real commits).
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || {
	echo "usage: tests/pg-cluster.sh start|stop DIR" >&2
	exit 2
}

bindir=
for v in 17 16 15 14 13; do
	if [ -x "/usr/lib/postgresql/$v/bin/postgres" ]; then
		bindir=/usr/lib/postgresql/$v/bin
		break
	fi
done
[ -n "$bindir" ] || {
	echo "pg-cluster: no PostgreSQL server found (run scripts/install-deps.sh)" >&2
	exit 1
}

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$owner" -- "$@"
	else
		"$@"
	fi
}

owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	owner=postgres
	id postgres >/dev/null 2>&1 || owner=nobody
fi

case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
	chmod 700 "$dir"
	as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ "${3:-}" = durable ] && fast=
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses='' -k $dir $fast -c max_connections=200 \
-c shared_buffers=64MB" \
		start >"$dir/pg_ctl.log" 2>&1 || {
		cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
		exit 1
	}
	# Everyone may reach the socket (the tests may run as another user
	# than the cluster's owner); only the folder's files are private.
	chmod 711 "$dir"
	echo "postgresql:///postgres?host=$dir&user=postgres"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: tests/pg-cluster.sh start|stop DIR" >&2
	exit 2
	;;
esac
