#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's main command: fetch the pinned tree, apply the series,
# build the debug kernel, boot it, load and drive the sample
# (samples/kthread) with its console narrative, run the kthread
# kselftests and show the results.
#
# Usage: scripts/run.sh
set -eu
. "$(dirname "$0")/lib.sh"
[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }

stage fetch "$LOGS/fetch.log" "$REPO/scripts/fetch-tree.sh"
stage apply "$LOGS/apply.log" "$REPO/scripts/apply.sh"
"$REPO/scripts/build-kernel.sh"
rc=0
"$REPO/tools-testing-selftests/run-vm.sh" \
	--demo "$REPO/tools-testing-selftests/demo.sh" kthread || rc=$?
echo "--- the sample's narrative (console):"
grep -E 'kthread_lifecycle: ' "$OUT/vm/console.log" | sed 's/^\[[ 0-9.]*\] //'
echo "--- kselftest results:"
grep -E '^# (not )?ok ' "$OUT/vm/result.log"
exit "$rc"
