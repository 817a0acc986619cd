#!/bin/sh
# The browser tests (run.mjs) as one test program of tests/run.sh: checks
# that Debian's Chromium and the npm packages of package-lock.json are
# installed (scripts/install-deps.sh installs both), then runs them. A
# missing piece is a failure, never a skip.
#
#   tests/browser/run.sh [TILTAK_BINARY]     (default $TILTAK_BIN, else build/test/tiltak)
here=$(dirname "$0")
bin=${1:-${TILTAK_BIN:-build/test/tiltak}}
chromium=${TILTAK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "not ok 1 - Chromium is installed at $chromium (scripts/install-deps.sh installs Debian's chromium)"
	exit 1
fi
if ! command -v node >/dev/null 2>&1; then
	echo "not ok 1 - Node.js is installed (scripts/install-deps.sh)"
	exit 1
fi
stamp=$here/node_modules/.tiltak-lock
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$here/package-lock.json"; then
	echo "not ok 1 - tests/browser/node_modules matches package-lock.json (run scripts/install-deps.sh)"
	exit 1
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec node "$here/run.mjs" "$bin"
