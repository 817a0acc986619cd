#!/bin/sh
# po_complete.sh — every translation catalog translates every message of
# the template, with nothing fuzzy (gettext ignores fuzzy entries, so the
# reader would see English). Prints TAP, one line per catalog.
set -u
cd "$(dirname "$0")/.."
# The messages the code uses now (not only those of the committed template).
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$pot" $(find src -name '*.c' | sort)
n=0
status=0
for po in po/*.po; do
	n=$((n + 1))
	missing=$(msgcmp --use-untranslated "$po" "$pot" 2>&1 | grep -c 'this message is used but not defined')
	untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid "[^"]')
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid "[^"]')
	if [ "$missing" -eq 0 ] && [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
		echo "ok $n - $po translates every message"
	else
		echo "not ok $n - $po: $missing missing, $untranslated untranslated, $fuzzy fuzzy"
		status=1
	fi
done
echo "1..$n"
exit $status
