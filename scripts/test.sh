#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's test command, and what CI runs: fetch the pinned tree,
# check the series as maintainers do, apply it, build the debug kernel,
# boot it and run the kthread kselftests, then print one summary line
# "N passed, N failed, N skipped" (checks + KTAP tests).
#
# Usage: scripts/test.sh
set -u
. "$(dirname "$0")/lib.sh"
[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
t0=$SECONDS
out=$LOGS/test-summary.txt

summary() {
	# $1: a line ending in "N passed, N failed[, N skipped]"
	local p f s
	p=$(sed -n 's/.* \([0-9]\+\) passed.*/\1/p' <<<"$1")
	f=$(sed -n 's/.* \([0-9]\+\) failed.*/\1/p' <<<"$1")
	s=$(sed -n 's/.* \([0-9]\+\) skipped.*/\1/p' <<<"$1")
	PASSED=$((PASSED + ${p:-0})) FAILED=$((FAILED + ${f:-1})) SKIPPED=$((SKIPPED + ${s:-0}))
}

PASSED=0 FAILED=0 SKIPPED=0
stage fetch "$LOGS/fetch.log" "$REPO/scripts/fetch-tree.sh"
stage apply "$LOGS/apply.log" "$REPO/scripts/apply.sh"
"$REPO/scripts/check-patches.sh" | tee "$out"
summary "$(tail -n 1 "$out")"
"$REPO/scripts/build-kernel.sh" || { echo "0 passed, $((FAILED + 1)) failed"; exit 1; }
"$REPO/tools-testing-selftests/run-vm.sh" kthread | tee "$out"
summary "$(tail -n 1 "$out")"
echo "total time $((SECONDS - t0))s"
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
