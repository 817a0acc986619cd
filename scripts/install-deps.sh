#!/bin/sh
# Installs the Debian 12 packages tiltak needs to build, test, fuzz and
# benchmark, calling apt-get only for packages that are not yet installed.
# This script is the only place packages come from.
#
#   scripts/install-deps.sh          build + run + test (make run, make test)
#   scripts/install-deps.sh fuzz     also clang's libFuzzer (make fuzz)
#   scripts/install-deps.sh bench    also wrk and nginx (make bench)
#   scripts/install-deps.sh lighthouse  also Lighthouse (scripts/lighthouse.sh)
#
# The browser tests (tests/browser/, part of make test) need Debian's
# Chromium and Node.js with npm; their npm packages (playwright-core,
# @axe-core/playwright) come from tests/browser/package-lock.json through
# `npm ci`, run only when node_modules is missing or the lock has changed.
# No browser is ever downloaded: the tests drive /usr/bin/chromium.
set -eu

pkgs="build-essential pkg-config
libmicrohttpd-dev libsqlite3-dev libjansson-dev libcmark-dev libutf8proc-dev libcmocka-dev
libsodium-dev zlib1g-dev libpq-dev postgresql
libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
gettext locales sqlite3 curl valgrind
chromium"
# Node.js and npm: Debian's, unless the machine already has a node and an
# npm (a nodejs package from elsewhere brings its own npm, and Debian's
# npm package would conflict with it).
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
npm_dirs="tests/browser"
case "${1:-}" in
"") ;;
fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
bench) pkgs="$pkgs wrk nginx-light procps" ;;
lighthouse) npm_dirs="$npm_dirs scripts/lighthouse" ;;
*) echo "usage: scripts/install-deps.sh [fuzz|bench|lighthouse]" >&2; exit 2 ;;
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

# The interface speaks bokmål and nynorsk through gettext, which needs
# each language's locale to exist on the machine (a request's language is
# a per-thread locale, src/views/i18n.c; English uses C.UTF-8, which
# glibc always has). A new interface language adds its locale here.
for loc in nb_NO nn_NO; do
	if ! locale -a 2>/dev/null | grep -qi "^$loc\.utf-\?8\$"; then
		sudo=""
		[ "$(id -u)" -ne 0 ] && sudo="sudo"
		echo "install-deps: generating locale $loc.UTF-8"
		$sudo sed -i "s/^# *\($loc.UTF-8 UTF-8\)/\1/" /etc/locale.gen
		grep -q "^$loc.UTF-8 UTF-8" /etc/locale.gen || echo "$loc.UTF-8 UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
		$sudo locale-gen >/dev/null
	fi
done

# The npm packages of the browser tests (and of Lighthouse when asked),
# exactly as their package-lock.json says. node_modules/.tiltak-lock is a
# copy of the lock they were installed from: a changed lock installs
# again. No browser download, whatever a package's install script thinks.
cd "$(dirname "$0")/.."
for d in $npm_dirs; do
	if [ ! -f "$d/node_modules/.tiltak-lock" ] || ! cmp -s "$d/package-lock.json" "$d/node_modules/.tiltak-lock"; then
		echo "install-deps: npm ci in $d"
		(cd "$d" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
			npm ci --no-audit --no-fund --loglevel=error >/dev/null)
		cp "$d/package-lock.json" "$d/node_modules/.tiltak-lock"
	fi
done
