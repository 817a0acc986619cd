#!/bin/sh
# lighthouse.sh — Lighthouse (npm lighthouse@12, scripts/lighthouse/) against
# tiltak's pages, in Debian's Chromium. Not a test and not part of make
# test: it reports the scores that docs/ACCESSIBILITY.md records.
#
#   scripts/lighthouse.sh [PATH...]      default: / /plans/bodo-2022-2025
#
# Builds the release binary (make all), installs Lighthouse's npm packages
# if missing (scripts/install-deps.sh lighthouse), makes a fresh database
# from data/plans (and data/services, data/cards when they exist), starts
# `tiltak serve` on a free loopback port, and runs Lighthouse once per
# path with its defaults (mobile form factor, simulated throttling),
# writing build/lighthouse/NAME.report.html and .json. Prints one line per
# path with the four category scores, and the versions used.
#
#   CHROME_PATH   the browser (default /usr/bin/chromium); never downloaded
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
LH="$ROOT/scripts/lighthouse/node_modules/.bin/lighthouse"
OUT="$ROOT/build/lighthouse"

scripts/install-deps.sh lighthouse
make --no-print-directory -s all
[ -x "$CHROME_PATH" ] || { echo "lighthouse: no browser at $CHROME_PATH" >&2; exit 1; }
[ -x "$LH" ] || { echo "lighthouse: $LH is missing" >&2; exit 1; }

[ $# -gt 0 ] || set -- / /plans/bodo-2022-2025
paths=$*

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tiltak-lighthouse.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

db=$tmp/tiltak.db
for d in data/plans data/services data/cards; do
	files=$(ls "$d"/*.json 2>/dev/null || true)
	[ -n "$files" ] || continue
	# shellcheck disable=SC2086 # file names from the repository, no spaces
	build/tiltak import --db "$db" $files >/dev/null
done

# A port of its own, so that --public-url can name it (the hreflang
# alternates are absolute): ports below Linux's ephemeral range, tried
# until one is free (connection refused: curl's exit 7).
mkfifo "$tmp/out"
port=
for p in $(awk 'BEGIN { srand(); s = 20000 + int(rand() * 12000); for (i = 0; i < 10; i++) print s + 17 * i }'); do
	rc=0
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || rc=$?
	[ "$rc" = 7 ] && { port=$p; break; }
done
[ -n "$port" ] || { echo "lighthouse: no free port found" >&2; exit 1; }
build/tiltak serve --db "$db" --listen "127.0.0.1:$port" --public-url "http://127.0.0.1:$port" \
	--quiet >"$tmp/out" 2>"$tmp/server.log" &
pid=$!
# Kept open to the end: a server writing to a closed pipe would die.
exec 3<"$tmp/out"
read -r first <&3 || { cat "$tmp/server.log" >&2; exit 1; }
case $first in
"tiltak: serving http://127.0.0.1:$port/"*) ;;
*) echo "lighthouse: unexpected first line from serve: $first" >&2; exit 1 ;;
esac

mkdir -p "$OUT"
echo "Lighthouse $("$LH" --version), $("$CHROME_PATH" --version 2>/dev/null | head -1), Node.js $(node --version), $(date -u +%Y-%m-%d)"
for path in $paths; do
	name=$(echo "$path" | sed 's|^/||; s|[/?=&]|-|g')
	[ -n "$name" ] || name=home
	"$LH" "http://127.0.0.1:$port$path" --quiet \
		--chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-quic --no-first-run --disable-sync" \
		--output=json --output=html --output-path="$OUT/$name" >/dev/null
	node -e '
		const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const c = r.categories;
		const s = (k) => c[k] ? Math.round(c[k].score * 100) : "-";
		console.log(`${process.argv[2]}  accessibility ${s("accessibility")}  performance ${s("performance")}  best practices ${s("best-practices")}  SEO ${s("seo")}  (form factor ${r.configSettings.formFactor})`);
		const bad = Object.values(r.audits).filter((a) => a.score !== null && a.score < 1 &&
			r.categories.accessibility.auditRefs.some((ref) => ref.id === a.id && ref.weight > 0));
		for (const a of bad) console.log(`    accessibility: ${a.id}: ${a.title}`);
	' "$OUT/$name.report.json" "$path"
done
echo "reports in $OUT"
