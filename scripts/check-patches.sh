#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks a maintainer runs on the series, each printed as one
# "check: NAME ok|FAILED" line. Needs the cached tree (scripts/apply.sh).
#  - checkpatch.pl --strict on every patch: 0 errors, warnings and checks;
#  - Subject prefix in the subsystem's style, Signed-off-by present;
#  - quilt push -a --fuzz=0 on the pristine tree;
#  - kernel-doc -Wall on the kthread files: 0 warnings;
#  - patches/ is exactly what scripts/export.sh writes.
#
# Usage: scripts/check-patches.sh
set -u
. "$(dirname "$0")/lib.sh"
need quilt quilt

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
mapfile -t PATCHES < <(series_patches)
PREFIXES='kthread|samples: kthread|selftests: kthread|Documentation: core-api|coccinelle: api'
passed=0 failed=0 skipped=0

IGNORE=$(sed -e 's/#.*//' -e '/^$/d' "$REPO/scripts/checkpatch-exceptions" | paste -sd,)
echo "checkpatch exceptions (scripts/checkpatch-exceptions): ${IGNORE:-none}"

checkpatch() {
	local out
	out=$("$SRC/scripts/checkpatch.pl" --strict --no-tree --show-types \
		${IGNORE:+--ignore "$IGNORE"} "$REPO/patches/$1")
	echo "$out"
	grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$out"
}

style() {
	local f=$REPO/patches/$1
	grep -qE "^Subject: \[PATCH[^]]*\] ($PREFIXES): " "$f" &&
		grep -q '^Signed-off-by: ' "$f" &&
		[ "$(sed -n '/^$/,/^---$/p' "$f" | grep -c .)" -ge 4 ]
}

quilt_push() {
	local tree rc=0
	tree=$(mktemp -d)
	git -C "$SRC" archive baseline | tar -x -C "$tree"
	(cd "$tree" && QUILT_PATCHES="$REPO/patches" quilt push -a --fuzz=0 -q) || rc=1
	rm -rf "$tree"
	return "$rc"
}

kerneldoc() {
	local out
	out=$(cd "$SRC" && scripts/kernel-doc -none -Wall include/linux/kthread.h kernel/kthread.c 2>&1)
	echo "$out"
	[ -z "$out" ]
}

for p in "${PATCHES[@]}"; do
	check "checkpatch ${p%%-*}" checkpatch "$p"
	check "style ${p%%-*}" style "$p"
done
check "quilt push -a --fuzz=0" quilt_push
check "kernel-doc -Wall" kerneldoc
check "patches/ = export" "$REPO/scripts/export.sh" --check
echo "checks: $passed passed, $failed failed"
[ "$failed" = 0 ]
