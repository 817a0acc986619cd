#!/bin/sh
# Installs the Debian 12 packages tiltak needs to build, test, fuzz and
# benchmark, calling apt-get only for packages that are not yet installed.
# This script is the only place packages come from.
#
#   scripts/install-deps.sh          build + run + test (make run, make test)
#   scripts/install-deps.sh fuzz     also clang's libFuzzer (make fuzz)
#   scripts/install-deps.sh bench    also wrk and nginx (make bench)
set -eu

pkgs="build-essential pkg-config
libmicrohttpd-dev libsqlite3-dev libjansson-dev libcmark-dev libutf8proc-dev libcmocka-dev
libsodium-dev zlib1g-dev libpq-dev postgresql
libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
gettext locales sqlite3 curl valgrind"
case "${1:-}" in
"") ;;
fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
bench) pkgs="$pkgs wrk nginx-light procps" ;;
*) echo "usage: scripts/install-deps.sh [fuzz|bench]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	echo "install-deps: installing$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The interface speaks Norwegian through gettext, which needs the
# locale to exist on the machine.
if ! locale -a 2>/dev/null | grep -qi '^nb_NO\.utf-\?8$'; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	echo "install-deps: generating locale nb_NO.UTF-8"
	$sudo sed -i 's/^# *\(nb_NO.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	grep -q '^nb_NO.UTF-8 UTF-8' /etc/locale.gen || echo 'nb_NO.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
	$sudo locale-gen >/dev/null
fi
