#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Drive samples/kthread once in the VM, as a person would: load each
# module with its defaults, unload it, and look for leftover threads.
# The modules tell their story in the kernel log; so does this script
# (through /dev/kmsg), between the "demo: begin" and "demo: end" markers,
# so that scripts/run.sh can show that part of the console once. Nothing
# is written to stdout unless a step fails. (A refused load is left to the
# kselftest: busybox modprobe retries a failed finit_module() with
# init_module(), so the module's message would appear twice.)
SAMPLES="kthread_wait kthread_finish kthread_queue"
THREADS='^k(wait|finish|queue)/'	# the samples' thread names
say() { echo "demo: $*" >/dev/kmsg; }
fail() { say "FAILED: $*"; echo "demo: FAILED: $*"; rc=1; }

# threads_left: the samples' threads still present, as "/proc/PID/comm:name".
threads_left() {
	grep -E "$THREADS" /proc/[0-9]*/comm 2>/dev/null
}

rc=0
# The initramfs has no devtmpfs on /dev: make the node if it is missing.
[ -c /dev/kmsg ] || { rm -f /dev/kmsg; mknod /dev/kmsg c 1 11; }
say "begin: load and unload each samples/kthread module once"
for m in $SAMPLES; do
	say "modprobe $m"
	modprobe "$m" || { fail "modprobe $m"; continue; }
	say "modprobe -r $m"
	modprobe -r "$m" || fail "modprobe -r $m"
done
# A thread that has just exited can stay visible for a moment.
i=0
while [ -n "$(threads_left)" ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
left=$(threads_left)
if [ -n "$left" ]; then
	fail "threads left behind: $left"
else
	say "no kwait/, kfinish/ or kqueue/ thread left"
fi
say "end"
exit $rc
