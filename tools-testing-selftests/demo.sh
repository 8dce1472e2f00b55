#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Drive samples/kthread in the VM as a person would: a refused load, a
# load, its threads in debugfs, a kick, kill -9 of the killable thread,
# unload, and a look for leftover threads. The kernel log tells the story.
S=/sys/kernel/debug/kthread_lifecycle
say() { echo "demo: $*"; }

say "modprobe kthread_lifecycle nr_workers=9 (out of range, must be refused)"
modprobe kthread_lifecycle nr_workers=9 && { say "UNEXPECTED: loaded"; exit 1; }
say "modprobe kthread_lifecycle nr_workers=2 interval_ms=100"
modprobe kthread_lifecycle nr_workers=2 interval_ms=100 || exit 1
sleep 1
cat "$S/status"
say "kick: queue one item by hand"
echo 1 >"$S/kick"
pid=$(grep '^killable' "$S/status" | cut -d' ' -f3)
say "kill -9 $pid (the thread that allows SIGKILL)"
kill -9 "$pid"
i=0
while grep -q 'killed no' "$S/status" && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
cat "$S/status"
say "modprobe -r kthread_lifecycle"
modprobe -r kthread_lifecycle || exit 1
left=$(grep -l '^kthread_lifecy' /proc/[0-9]*/comm 2>/dev/null)
[ -z "$left" ] || { say "threads left behind: $left"; exit 1; }
say "no kthread_lifecycle thread left"
