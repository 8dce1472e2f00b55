#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Show that the kthread kselftest (with its KUnit suite) can fail: for each
# deliberate breakage of kernel/kthread.c in the tree KTHREAD_SRC names,
# build the debug kernel into KTHREAD_OUT, boot it, and list the KTAP lines
# that went red. A breakage counts as caught only if a named `not ok` line
# appears, every plan is complete and the guest reached its end (no hang,
# no panic). kernel/kthread.c is restored from a copy afterwards.
#
# --kunit: instead, build and run only the KUnit suite with kunit.py
# (x86_64 under QEMU, kernel/.kunitconfig, build folder KUNIT_BUILD_DIR,
# default $OUT/kunit): a
# quicker matrix of the in-kernel half, without the debug options.
#
# KTHREAD_KERNEL=plain runs the same matrix on the plain kernel (no debug
# options). The VM runs test_kthread.sh (the KUnit suite and the
# user-space cases), not the samples' load/unload cycles.
#
# Usage: KTHREAD_SRC=TREE KTHREAD_OUT=DIR [KTHREAD_KERNEL=plain] mutate.sh [-l | [--kunit] MUTATION...]
set -u
. "$(dirname "$0")/../scripts/lib.sh"

# name|claim|sed expression on kernel/kthread.c (code lines only)
MUTATIONS='
stop-runs-unwoken-threadfn|kthread_stop() before the first wake-up: -EINTR, threadfn not called|s/if (!test_bit(KTHREAD_SHOULD_STOP, \&self->flags)) {/if (1) {/
stop-returns-0|kthread_stop() returns threadfn'"'"'s value|s/ret = kthread->result;/ret = 0;/
stop-no-notify-signal|kthread_stop() ends interruptible sleeps, signal_pending() stays true|/set_tsk_thread_flag(k, TIF_NOTIFY_SIGNAL);/d
stop-waits-100ms|kthread_stop() waits for the exit for good|s/wait_for_completion(\&kthread->exited);/wait_for_completion_timeout(\&kthread->exited, HZ \/ 10);/
stop-rewakes|kthread_stop() wakes the thread once|s/wait_for_completion(\&kthread->exited);/while (!wait_for_completion_timeout(\&kthread->exited, HZ \/ 10))\n\t\twake_up_process(k);/
stop-leaks-task-ref|kthread_stop() drops the reference it takes|/ret = kthread->result;/{n;/put_task_struct(k);/d}
stop-put-leaks-ref|kthread_stop_put() drops the caller'"'"'s reference|/^int kthread_stop_put(/,/^}/{/put_task_struct(k);/d}
parked-stop-eintr|a thread parked before its first run, then stopped, runs threadfn|s/ret = threadfn(data);/ret = test_bit(KTHREAD_SHOULD_STOP, \&self->flags) ? -EINTR : threadfn(data);/
park-no-wait|kthread_park() returns with the thread parked and off CPU|/wait_for_completion(\&kthread->parked);/,/WARN_ON_ONCE(!wait_task_inactive(k, TASK_PARKED));/d
complete-and-exit-code-lost|kthread_complete_and_exit() ends the thread with its code|/^void __noreturn kthread_complete_and_exit(/,/^}/s/kthread_exit(code);/kthread_exit(0);/
create-ignores-fatal-signal|kthread_create() returns -EINTR when its caller has a fatal signal|s/if (unlikely(wait_for_completion_killable(\&done))) {/wait_for_completion(\&done);\n\tif (0) {/
kthreadd-failure-not-completed|kthread_create() returns the error when kthreadd fails|/create->result = ERR_PTR(pid);/{n;/complete(done);/d}
worker-runs-lifo|a kthread_worker runs works in the order queued|/^static void kthread_insert_work(/,/^}/s/list_add_tail(\&work->node, pos);/list_add(\&work->node, pos);/
queue-work-returns-false|kthread_queue_work() returns true when it queued|/^bool kthread_queue_work(/,/^}/s/ret = true;/ret = false;/
cancel-keeps-timer|kthread_cancel_delayed_work_sync() leaves no timer pending|/^static void kthread_cancel_delayed_work_timer(/,/^}/{/timer_delete_sync(\&dwork->timer);/d}
flush-waits-for-timer|without the kthread-flush fix: kthread_flush_work() of a pending delayed work blocks (the case reports SKIP, known defect)|s/^\t    !kthread_work_on_delayed_list(worker, work))/\t    1)/
create-sleeps-interruptible|a created thread sleeps in TASK_UNINTERRUPTIBLE until its first wake-up|s/^\t__set_current_state(TASK_UNINTERRUPTIBLE);/\t__set_current_state(TASK_INTERRUPTIBLE);/
create-keeps-policy|a new thread runs SCHED_NORMAL, whatever the policy of kthreadd|/^\tsched_setscheduler_nocheck(current, SCHED_NORMAL, \&param);/d
func-returns-null|kthread_func() returns threadfn|s/^\t\treturn kthread->threadfn;/\t\treturn NULL;/
queue-zero-delay-via-timer|kthread_queue_delayed_work() with delay 0 queues at once|/^static void __kthread_queue_delayed_work(/,/^}/s/^\tif (!delay) {/\tif (0) {/
flush-skips-executing|kthread_flush_work() waits for an executing work|s/^\telse if (worker->current_work == work)/\telse if (0)/
'
names=$(sed -n 's/|.*//p' <<<"$MUTATIONS")
if [ "${1:-}" = -l ]; then
	sed -n 's/^\([^|]*\)|\([^|]*\)|.*/\1: \2/p' <<<"$MUTATIONS"
	exit 0
fi
kunit=""
[ "${1:-}" != --kunit ] || { kunit=1; shift; }
[ -n "${KTHREAD_SRC:-}" ] && [ -n "${KTHREAD_OUT:-}" ] ||
	die "set KTHREAD_SRC and KTHREAD_OUT to a tree and a folder of your own"
[ $# -gt 0 ] || set -- $names
FILE=$SRC/kernel/kthread.c
matrix=$LOGS/mutation-matrix-${kunit:+kunit}${kunit:-$KERNEL}.txt
saved=$LOGS/kthread.c.orig
[ -e "$saved" ] && die "$saved exists: an earlier run did not restore $FILE; check and remove it"
cp "$FILE" "$saved" || die "cannot save $FILE"
: >"$matrix"

restore() { cmp -s "$saved" "$FILE" || cp "$saved" "$FILE"; }
trap 'restore; rm -f "$saved"' EXIT

for m in "$@"; do
	line=$(grep "^$m|" <<<"$MUTATIONS") || die "unknown mutation $m (-l lists them)"
	expr=${line#*|*|}
	restore
	sed -i "$expr" "$FILE"
	n=$(diff "$saved" "$FILE" | grep -c '^[<>]')
	[ "$n" -gt 0 ] || die "$m: expression matched nothing"
	echo "== $m ($n lines changed)"
	t0=$SECONDS
	if [ -n "$kunit" ]; then
		log=$LOGS/mutation-$m.kunit.log
		(cd "$SRC" && nice -n 10 python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
			--kunitconfig kernel/.kunitconfig --build_dir "${KUNIT_BUILD_DIR:-$OUT/kunit}" --jobs 2 \
			--timeout 600 --raw_output=kunit) >"$log" 2>&1
		red=$(sed -n 's/^ *not ok [0-9]* \([a-z0-9_]*\).*/\1/p' "$log" | grep -vx kthread | paste -sd' ')
		note=""
		grep -qE '^ *(not )?ok [0-9]+ kthread$' "$log" || note="; SUITE DID NOT FINISH (hang, panic or build failure)"
		echo "$m: ${red:-NOTHING WENT RED}$note ($((SECONDS - t0))s)" | tee -a "$matrix"
		continue
	fi
	log=$LOGS/mutation-$KERNEL-$m
	if ! "$REPO/scripts/build-kernel.sh" >"$log.build.log" 2>&1; then
		echo "$m: BUILD FAILED (see $log.build.log)" | tee -a "$matrix"
		continue
	fi
	"$REPO/tools-testing-selftests/run-vm.sh" --timeout 900 kthread:test_kthread.sh >"$log.log" 2>&1
	vm=$OUT/vm-$KERNEL
	[ "$KERNEL" != debug ] || vm=$OUT/vm
	cp "$vm/result.log" "$log.result.log" 2>/dev/null
	cp "$vm/console.log" "$log.console.log" 2>/dev/null
	res=$log.result.log
	red=$(tr -d '\r' <"$res" | sed -n 's/^# not ok [0-9]* \([^ ]*\).*/\1/p' | paste -sd' ')
	note=""
	skip=$(tr -d '\r' <"$res" | sed -n 's/^# ok [0-9]* \([^ ]*\) # SKIP.*/\1/p' | paste -sd' ')
	[ -z "$skip" ] || note="; skipped: $skip"
	tr -d '\r' <"$res" | grep -q '^init: end' || note="$note; VM DID NOT FINISH (hang or panic)"
	grep -q 'KTAP: planned' "$log.log" && note="$note; INCOMPLETE PLAN"
	echo "$m: ${red:-NOTHING WENT RED}$note ($((SECONDS - t0))s)" | tee -a "$matrix"
done
restore
echo "matrix: $matrix (rebuild with scripts/build-kernel.sh before testing again)"
