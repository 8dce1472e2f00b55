#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's test command, and what CI runs: fetch the pinned tree,
# apply the series, check the patches as maintainers do, build the debug
# kernel, boot it and run the kthread kselftests, then the 0-day style
# build checks, the htmldocs comparison and the Coccinelle checker's own
# test cases; one summary line "N passed, N failed, N skipped" at the end.
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

PASSED=0 FAILED=0 SKIPPED=0 finished=0
# The summary line comes last even when a stage stops the run (a failure).
finish() {
	[ "$finished" = 1 ] || FAILED=$((FAILED + 1))
	echo "total time $((SECONDS - t0))s"
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
}
trap finish EXIT
stage fetch "$LOGS/fetch.log" "$REPO/scripts/fetch-tree.sh"
stage apply "$LOGS/apply.log" "$REPO/scripts/apply.sh"
echo "check: git am of the series ok"
PASSED=1
# run SCRIPT...: run a checking script, add up its last line.
run() {
	"$@" | tee "$out"
	summary "$(tail -n 1 "$out")"
}
run "$REPO/scripts/check-patches.sh"
"$REPO/scripts/build-kernel.sh" || exit 1
run "$REPO/tools-testing-selftests/run-vm.sh" kthread
run "$REPO/scripts/check-builds.sh"
run "$REPO/scripts/check-htmldocs.sh"
run "$REPO/tools-testing-selftests/coccinelle/check.sh"
finished=1
[ "$FAILED" = 0 ]
