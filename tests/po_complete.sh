#!/bin/sh
# po_complete.sh — the translation catalogs translate what they must, with
# nothing fuzzy (gettext ignores fuzzy entries, so the reader would see
# English): bokmål (po/nb.po) every message of the code; every other
# catalog (nynorsk, and any language added later) every message of the
# public pages, the files po/public-sources.txt lists. Also checks that
# the list names files that exist, and that it names every view that
# writes a public page (calls layout_begin). Prints TAP, one line per
# check.
set -u
cd "$(dirname "$0")/.."
pot=$(mktemp)
pub=$(mktemp)
trap 'rm -f "$pot" "$pub"' EXIT
# The messages the code uses now (not only those of the committed template).
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$pot" $(find src -name '*.c' | sort)
n=0
status=0

n=$((n + 1))
sources=$(grep -v '^#' po/public-sources.txt | grep -v '^[[:space:]]*$')
bad=""
for f in $sources; do
	[ -f "$f" ] || bad="$bad $f"
done
if [ -z "$bad" ] && [ -n "$sources" ]; then
	echo "ok $n - po/public-sources.txt names existing files"
else
	echo "not ok $n - po/public-sources.txt names missing files:$bad"
	status=1
fi
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$pub" $sources 2>/dev/null

# Every view that writes a public page's frame (layout_begin) is listed,
# so a new public page cannot stay untranslated by being forgotten. The
# one exception: the sign-in page, which is in bokmål only, like the
# signed-in area it leads to.
n=$((n + 1))
one_language="src/views/page_admin.c"
unlisted=""
for f in $(grep -l 'layout_begin(' $(find src -name '*.c' | sort)); do
	[ "$f" = src/views/layout.c ] && continue
	case " $one_language " in *" $f "*) continue ;; esac
	echo "$sources" | grep -qx "$f" || unlisted="$unlisted $f"
done
if [ -z "$unlisted" ]; then
	echo "ok $n - every public view is in po/public-sources.txt"
else
	echo "not ok $n - public views missing from po/public-sources.txt:$unlisted"
	status=1
fi

# check PO TEMPLATE WHAT
check() {
	n=$((n + 1))
	missing=$(msgcmp --use-untranslated "$1" "$2" 2>&1 | grep -c 'this message is used but not defined')
	untranslated=$(msgattrib --untranslated --no-obsolete "$1" | grep -c '^msgid "[^"]')
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$1" | grep -c '^msgid "[^"]')
	if [ "$missing" -eq 0 ] && [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
		echo "ok $n - $1 translates every message $3"
	else
		echo "not ok $n - $1 ($3): $missing missing, $untranslated untranslated, $fuzzy fuzzy"
		status=1
	fi
}
for po in po/*.po; do
	if [ "$po" = po/nb.po ]; then
		check "$po" "$pot" "of the code"
	else
		check "$po" "$pub" "of the public pages"
	fi
done
echo "1..$n"
exit $status
