#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's main command: fetch the pinned tree, apply the series,
# build the debug kernel, boot it, load each samples/kthread module once
# (tools-testing-selftests/demo.sh) and show the story it tells in the
# kernel log, once, then run the kthread kselftests and show their
# results. Everything else stays in the console log named on screen.
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

# The kernel messages that demo.sh (run before the kselftests) framed
# with "demo: begin" and "demo: end": its own steps and the samples'
# story, each line once, without timestamps.
show_demo() {
	[ -e "$1" ] || return 0
	tr -d '\r' <"$1" |
		sed -n '/^\[[ 0-9.]*\] demo: begin/,/^\[[ 0-9.]*\] demo: end/p' |
		grep -E '^\[[ 0-9.]*\] (demo|kthread_wait|kthread_finish|kthread_queue): ' |
		sed 's/^\[[ 0-9.]*\] //'
}

console=$OUT/vm/console.log
echo "--- samples/kthread, each module loaded once (the whole kernel log: $console):"
demo=$(show_demo "$console")
echo "$demo"
if ! grep -qx 'demo: end' <<<"$demo" || grep -q '^demo: FAILED' <<<"$demo"; then
	echo "the demo did not complete"
	rc=1
fi
echo "--- kselftest results ($OUT/vm/result.log):"
tr -d '\r' <"$OUT/vm/result.log" 2>/dev/null |
	grep -E '^(# )?(not )?ok [0-9]+ |^# # Totals' || echo "no kselftest result"
exit "$rc"
