#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the kthread lifecycle checker of the tree ($SRC/scripts/coccinelle/
# api/kthread_lifecycle.cocci) in report mode:
#  - on each *.c here it must print exactly that file's lines of
#    expected.txt (paths reduced to the file name, columns dropped);
#  - on the tree's samples/kthread and tools/testing/selftests/kthread,
#    which use the correct patterns, it must print nothing but the
#    findings accepted by name in scripts/coccicheck-exceptions (the
#    benchmark's deliberate anti-patterns);
#  - org and context modes must run.
# One "ok NAME" or "FAIL NAME" line per case, then "cocci: N passed,
# N failed". spatch runs in a temporary folder: nothing is written to $SRC.
#
# Usage: tools-testing-selftests/coccinelle/check.sh
set -u
. "$(dirname "$0")/../../scripts/lib.sh"
HERE=$REPO/tools-testing-selftests/coccinelle
need spatch coccinelle

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
COCCI=$SRC/scripts/coccinelle/api/kthread_lifecycle.cocci
[ -f "$COCCI" ] || die "$COCCI missing: apply the series first"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || die "cannot enter $TMP"
passed=0 failed=0

# spatch MODE TARGET...: the checker's findings as "file:line: message".
cocci() {
	local mode=$1
	shift
	spatch -D "$mode" --very-quiet --no-show-diff --no-includes \
		--include-headers --cocci-file "$COCCI" "$@" 2>"$TMP/stderr" |
		sed -E 's|^([^ :]*/)?([^/ :]+):([0-9]+):[0-9]+-[0-9]+: |\2:\3: |' |
		sort -t: -k1,1 -k2,2n
	return "${PIPESTATUS[0]}"
}

# result NAME STATUS [DETAIL]: count and print one case.
result() {
	if [ "$2" = 0 ]; then
		echo "ok $1"; passed=$((passed + 1))
	else
		echo "FAIL $1"; [ -z "${3:-}" ] || sed 's/^/  /' <<<"$3"
		failed=$((failed + 1))
	fi
}

for f in "$HERE"/*.c; do
	name=$(basename "$f")
	got=$(cocci report "$f") || { result "$name" 1 "$(cat "$TMP/stderr")"; continue; }
	want=$(grep "^$name:" "$HERE/expected.txt" | sort -t: -k1,1 -k2,2n)
	[ "$got" = "$want" ]
	result "$name" $? "$(diff <(echo "$want") <(echo "$got"))"
done

for dir in samples/kthread tools/testing/selftests/kthread; do
	[ -d "$SRC/$dir" ] || { result "$dir (missing)" 1; continue; }
	got=$(cocci report --dir "$SRC/$dir") || got="spatch failed: $(cat "$TMP/stderr")"
	got=$(cocci_unexcepted <<<"$got")
	[ -z "$got" ]
	result "$dir reports nothing" $? "$got"
done

for mode in org context; do
	cocci "$mode" "$HERE"/*.c >/dev/null
	result "$mode mode runs" $? "$(cat "$TMP/stderr")"
done

echo "cocci: $passed passed, $failed failed"
[ "$failed" = 0 ]
