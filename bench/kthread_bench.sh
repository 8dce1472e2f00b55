#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of kthread waiting patterns with kthread_bench.ko: per
# pattern, the wake-ups, loop iterations and CPU time per second of an
# idle thread, the latency from posting work to the thread running it,
# and the time kthread_stop() takes, with the thread on the caller's CPU
# and on the other one.  Not a test: it prints figures and ratios to the
# lowest median of each column, and no verdict (exit 1 only if the module
# fails).  Figures are only meaningful on a kernel without KASAN, lockdep,
# kmemleak or debug objects.  Arguments are module parameters, e.g.
# runs=9 windows=3 idle_ms=5000 (see modinfo kthread_bench.ko).

DIR="$(dirname "$(readlink -f "$0")")"
MOD=kthread_bench
KO="$DIR/$MOD.ko"

if [ "$(id -u)" -ne 0 ]; then
	echo "$0: must be run as root"
	exit 4
fi
if [ ! -e "$KO" ]; then
	echo "$0: $KO not built"
	exit 4
fi

dmesg -c > /dev/null
rc=0
insmod "$KO" "$@" || rc=1
[ -d "/sys/module/$MOD" ] && rmmod "$MOD"
if [ "$rc" -ne 0 ]; then
	echo "$0: benchmark failed:"
	dmesg | grep "$MOD:"
	exit 1
fi

dmesg | tr -d '\r' | sed -n "s/^.*$MOD: //p" |
awk -v release="$(uname -r)" -v version="$(uname -v)" -v cpus="$(nproc)" '
function kv(line, arr,    n, i, f, k) {
	delete arr
	n = split(line, f, " ")
	for (i = 2; i <= n; i++) {
		k = index(f[i], "=")
		if (k)
			arr[substr(f[i], 1, k - 1)] = substr(f[i], k + 1)
	}
}
# Median (m) or worst (x) of pattern n, figure w, placement p; "" if none.
function get(t, n, w, p) { return (n SUBSEP w SUBSEP p) in t ? t[n, w, p] : "" }
function us(v) { return v == "" ? "-" : sprintf("%.0f", v / 1000) }
function rate(v) {
	if (v == "")
		return "-"
	return sprintf(v >= 1e7 ? "%.0f" : "%.1f", v / 1000)
}
function cpu(v) { return v == "" ? "-" : sprintf("%.1f", v / 1e6) }
function ratio(v, b) { return v == "" || !b ? "-" : sprintf("%.1f", v / b) }
# One row: idle figures (thread on the other CPU), then kick and stop
# latencies per placement, each with its ratio to the baseline if r.
function row(n, t, r,    s, idle, w, p, v) {
	idle = n != "worker_flush"
	s = sprintf("%-13s|", n)
	s = s sprintf(" %9s", idle ? rate(get(t, n, "csw", "other")) : "-")
	s = s sprintf(" %9s", idle && n != "worker" ? rate(get(t, n, "loops", "other")) : "-")
	s = s sprintf(" %9s |", idle ? cpu(get(t, n, "cpu", "other")) : "-")
	for (w = 1; w <= 2; w++) {
		for (p = 1; p <= 2; p++) {
			v = get(t, n, lats[w], places[p])
			if (n == "worker_flush")
				v = w == 2 ? get(t, "worker", "flush", places[p]) : ""
			s = s sprintf(" %7s", us(v))
			if (r)
				s = s sprintf(" %6s", ratio(v, base[w, p]))
		}
		s = s " |"
	}
	print s
}
BEGIN {
	split("wait_event set_state completion worker worker_flush timeout msleep msleep_int busy", order, " ")
	lats[1] = "kick"; lats[2] = "stop"; places[1] = "other"; places[2] = "same"
}
/^setup / { kv($0, setup) }
/^stat / {
	kv($0, a)
	med[a["name"], a["what"], a["place"]] = a["med"] + 0
	max[a["name"], a["what"], a["place"]] = a["max"] + 0
	nstat++
}
/^end$/ { done = 1 }
END {
	if (!done || !nstat) {
		print "no results"
		exit 1
	}
	# Baseline: the lowest median of each latency column (same placement).
	for (w = 1; w <= 2; w++)
		for (p = 1; p <= 2; p++)
			for (i = 1; i in order; i++) {
				v = get(med, order[i], lats[w], places[p])
				if (v != "" && (!((w, p) in base) || v < base[w, p])) {
					base[w, p] = v; bname[w, p] = order[i]
				}
			}
	poll = setup["poll_ms"]
	printf "kthread waiting patterns on %s (%s), %d CPUs\n", release, version, cpus
	if (setup["debug"] == "none") {
		print "kernel: bench config (no KASAN, lockdep, kmemleak, debug objects)"
	} else {
		printf "WARNING: debug options on (kasan=%d lockdep=%d kmemleak=%d" \
		       " debug_objects=%d): figures distorted\n", setup["kasan"],
		       setup["lockdep"], setup["kmemleak"], setup["debug_objects"]
	}
	printf "HZ=%d; caller on CPU %d; thread on CPU %d (other) or %d (same);" \
	       " polling period %d ms\n", setup["hz"], setup["ctl_cpu"],
	       setup["thread_cpu"], setup["ctl_cpu"], poll
	printf "idle: %d windows of %d ms per pattern (busy: %d ms), thread on" \
	       " CPU %d\n", setup["windows"], setup["idle_ms"], setup["hog_ms"],
	       setup["thread_cpu"]
	printf "latency: %d runs per pattern and placement, random phase < %d ms\n",
	       setup["runs"], setup["phase_ms"]
	print "x = median / lowest median of the column (baseline, named below)"
	print ""
	print "medians"
	printf "%-13s| %-29s | %-29s | %-29s |\n", "",
	       "idle thread, per second", "kick to run, us", "kthread_stop(), us"
	printf "%-13s| %9s %9s %9s | %7s %6s %7s %6s | %7s %6s %7s %6s |\n",
	       "pattern", "wake-ups", "loops", "CPU us", "other", "x", "same",
	       "x", "other", "x", "same", "x"
	for (i = 1; i in order; i++)
		row(order[i], med, 1)
	print ""
	print "worst of the windows and runs"
	printf "%-13s| %-29s | %-15s | %-15s |\n", "",
	       "idle thread, per second", "kick to run, us", "stop, us"
	printf "%-13s| %9s %9s %9s | %7s %7s | %7s %7s |\n", "pattern",
	       "wake-ups", "loops", "CPU us", "other", "same", "other", "same"
	for (i = 1; i in order; i++)
		row(order[i], max, 0)
	print ""
	print "baselines (lowest median of the column, us):"
	for (w = 1; w <= 2; w++)
		for (p = 1; p <= 2; p++)
			printf "  %-4s %-5s %7s  %s\n", lats[w], places[p],
			       us(base[w, p]), bname[w, p]
	print ""
	print "wait_event   while (!kthread_should_stop()) wait_event_interruptible(wq," \
	      " work || kthread_should_stop())"
	print "set_state    set_current_state(TASK_INTERRUPTIBLE);" \
	      " if (kthread_should_stop()) break; schedule();"
	print "completion   wait_for_completion_interruptible(); its stop: a flag" \
	      " and complete() before kthread_stop()"
	print "worker       kthread_worker, work by kthread_queue_work();" \
	      " stopped by kthread_stop() of its task"
	print "worker_flush kthread_flush_worker() of the idle worker, in the" \
	      " stop columns: kthread_destroy_worker()"
	print "             does it before its kthread_stop()"
	printf "timeout      while (!kthread_should_stop())" \
	       " schedule_timeout_interruptible(%d ms)\n", poll
	printf "msleep       while (!kthread_should_stop()) msleep(%d)\n", poll
	printf "msleep_int   while (!kthread_should_stop()) msleep_interruptible(%d)\n", poll
	printf "busy         while (!kthread_should_stop()) schedule();" \
	       " never sleeps: a CPU hog, idle window %d ms\n", setup["hog_ms"]
	print "wake-ups: context switches of the thread (nvcsw + nivcsw); loops:" \
	      " iterations of its wait loop;"
	print "CPU us: its se.sum_exec_runtime; kick to run: from posting one work" \
	      " item (flag + the pattern'\''s"
	print "wake-up; polling: the flag only) until the thread runs it;" \
	      " kthread_stop(): the caller'\''s stop, timed"
}'
