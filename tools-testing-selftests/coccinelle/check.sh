#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the kthread checkers of the tree ($SRC/scripts/coccinelle/api/
# kthread_stop_loop.cocci, kthread_stop_uaf.cocci and
# kthread_complete_and_exit.cocci, from the series) in report mode:
#  - on each *.c here the three together must print exactly that file's
#    lines of expected.txt (paths reduced to the file name, columns
#    dropped): every rule has positive and negative cases;
#  - on the tree's samples/kthread and tools/testing/selftests/kthread,
#    which use the correct patterns, they must print nothing but the
#    findings accepted by name in scripts/coccicheck-exceptions;
#  - the same *.c run as one folder, with --jobs 1 and with --jobs 2,
#    must print all of expected.txt (no state leaks from file to file);
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
COCCIS=()
for c in kthread_stop_loop kthread_stop_uaf kthread_complete_and_exit; do
	COCCIS+=("$SRC/scripts/coccinelle/api/$c.cocci")
	[ -f "${COCCIS[-1]}" ] || die "${COCCIS[-1]} missing: apply the series first"
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || die "cannot enter $TMP"
passed=0 failed=0

# cocci MODE ARG...: the findings of the three checkers as
# "file:line: message", sorted; ARG are spatch's target arguments.
cocci() {
	local mode=$1 c rc=0
	shift
	for c in "${COCCIS[@]}"; do
		spatch -D "$mode" --very-quiet --no-show-diff --no-includes \
			--include-headers --cocci-file "$c" "$@" \
			2>>"$TMP/stderr" || rc=1
	done | sed -E 's|^([^ :]*/)?([^/ :]+):([0-9]+):[0-9]+-[0-9]+: |\2:\3: |' |
		sort -t: -k1,1 -k2,2n
	return "$rc"
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
	: >"$TMP/stderr"
	got=$(cocci report "$f") || { result "$name" 1 "$(cat "$TMP/stderr")"; continue; }
	want=$(grep "^$name:" "$HERE/expected.txt" | sort -t: -k1,1 -k2,2n)
	[ "$got" = "$want" ]
	result "$name" $? "$(diff <(echo "$want") <(echo "$got"))"
done

for dir in samples/kthread tools/testing/selftests/kthread; do
	[ -d "$SRC/$dir" ] || { result "$dir (missing)" 1; continue; }
	: >"$TMP/stderr"
	got=$(cocci report --dir "$SRC/$dir") || got="spatch failed: $(cat "$TMP/stderr")"
	got=$(cocci_unexcepted <<<"$got")
	[ -z "$got" ]
	result "$dir reports nothing" $? "$got"
done

mkdir "$TMP/cases" && cp "$HERE"/*.c "$TMP/cases/"
want=$(sort -t: -k1,1 -k2,2n "$HERE/expected.txt")
for j in 1 2; do
	: >"$TMP/stderr"
	got=$(cocci report --jobs "$j" --chunksize 1 --dir "$TMP/cases") ||
		got="spatch failed: $(cat "$TMP/stderr")"
	[ "$got" = "$want" ]
	result "all cases as one folder, --jobs $j" $? \
		"$(diff <(echo "$want") <(echo "$got"))"
done

for mode in org context; do
	: >"$TMP/stderr"
	cocci "$mode" --dir "$TMP/cases" >/dev/null
	result "$mode mode runs" $? "$(cat "$TMP/stderr")"
done

echo "cocci: $passed passed, $failed failed"
[ "$failed" = 0 ]
