#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Show that the kthread kselftest can fail: for each deliberate breakage of
# kernel/kthread.c, apply the series, break the file, build, boot, and list
# the KTAP lines that went red. The tree is restored afterwards.
#
# Usage: mutate.sh [MUTATION...]   (default: all; -l lists them)
set -u
. "$(dirname "$0")/../scripts/lib.sh"

# name|sed expression on kernel/kthread.c
MUTATIONS='
stop-bit-ignored|s/if (!test_bit(KTHREAD_SHOULD_STOP, \&self->flags)) {/if (1) {/
stop-returns-0|s/ret = kthread->result;/ret = 0;/
no-notify-signal|/set_tsk_thread_flag(k, TIF_NOTIFY_SIGNAL);/d
park-no-wait|/wait_for_completion(\&kthread->parked);/,/WARN_ON_ONCE(!wait_task_inactive(k, TASK_PARKED));/d
'
names=$(sed -n 's/|.*//p' <<<"$MUTATIONS")
[ "${1:-}" != -l ] || { echo "$names"; exit 0; }
[ $# -gt 0 ] || set -- $names
matrix=$LOGS/mutation-matrix.txt
: >"$matrix"

restore() { git -C "$SRC" checkout -q -- kernel/kthread.c; }
trap restore EXIT

"$REPO/scripts/apply.sh" >/dev/null || die "series does not apply"
for m in "$@"; do
	expr=$(sed -n "s/^$m|//p" <<<"$MUTATIONS")
	[ -n "$expr" ] || die "unknown mutation $m (-l lists them)"
	restore
	sed -i "$expr" "$SRC/kernel/kthread.c"
	git -C "$SRC" diff --quiet -- kernel/kthread.c && die "$m: expression matched nothing"
	echo "== $m"
	"$REPO/scripts/build-kernel.sh" >/dev/null 2>&1 || die "$m: build failed"
	"$REPO/tools-testing-selftests/run-vm.sh" --timeout 600 kthread >"$LOGS/mutation-$m.log" 2>&1
	red=$(grep -E '^# not ok' "$OUT/vm/result.log" | sed 's/^# not ok [0-9]* //' | paste -sd';')
	grep -q '^init: end' "$OUT/vm/result.log" || red="${red:+$red; }VM did not finish (hang or panic)"
	echo "$m: ${red:-NOTHING WENT RED}" | tee -a "$matrix"
done
restore
echo "matrix: $matrix (rebuild with scripts/build-kernel.sh before testing again)"
