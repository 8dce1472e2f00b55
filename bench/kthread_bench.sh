#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of kthread waiting patterns with kthread_bench.ko: how
# long kthread_stop() takes and how much CPU an idle thread uses, for the
# recommended patterns and for copied anti-patterns, plus thread
# create+stop and kthread_worker throughput.  Not a test: it prints a
# table and asserts nothing about speed (exit 1 only if the module fails).
# Figures are only meaningful on a kernel without KASAN, lockdep,
# kmemleak or debug objects.  Arguments are module parameters, e.g.
# runs=21 idle_ms=500 (see modinfo kthread_bench.ko).

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
BEGIN {
	label["busy"] = "while (!should_stop) schedule();"
	label["wait_event"] = "wait_event_interruptible(c || should_stop)"
	label["set_state"] = "set_current_state(); if (stop) break; schedule"
	label["timeout"] = "schedule_timeout_interruptible(1 s) loop"
	label["worker"] = "kthread_worker idle, kthread_destroy_worker"
	label["msleep_1"] = "while (!should_stop) msleep(1);"
	label["msleep_1000"] = "while (!should_stop) msleep(1000);"
}
/^setup / { kv($0, setup) }
/^pattern / {
	kv($0, a)
	name = a["name"]
	order[++np] = name
	rec[name] = a["recommended"] + 0
	smed[name] = a["stop_med_ns"] / 1000
	smax[name] = a["stop_max_ns"] / 1000
	lmed[name] = a["same_med_ns"] / 1000
	lmax[name] = a["same_max_ns"] / 1000
	cmed[name] = a["cpu_med_ppm"] / 10000
	cmax[name] = a["cpu_max_ppm"] / 10000
}
/^rate / {
	kv($0, a)
	rate[a["name"]] = a["ns"] ? a["n"] * 1e9 / a["ns"] : 0
	batch[a["name"]] = a["batch"]
}
function yes(ok) { return ok ? "ok" : "NO" }
END {
	if (!np || !("busy" in smed)) {
		print "no results"
		exit 1
	}
	printf "kthread waiting patterns on %s (%s), %d CPUs\n",
	       release, version, cpus
	if (setup["debug"] == "none") {
		print "kernel: bench config (no KASAN, lockdep, kmemleak," \
		      " debug objects)"
	} else {
		printf "WARNING: debug options on (kasan=%d lockdep=%d" \
		       " kmemleak=%d debug_objects=%d): figures distorted\n",
		       setup["kasan"], setup["lockdep"], setup["kmemleak"],
		       setup["debug_objects"]
	}
	printf "%d runs per pattern, HZ=%d, caller on CPU %d," \
	       " thread on CPU %d (other) or %d (same),\n",
	       setup["runs"], setup["hz"], setup["ctl_cpu"],
	       setup["thread_cpu"], setup["ctl_cpu"]
	printf "idle window %d ms (other CPU only), random phase < %d ms;" \
	       " times in us, x floor = / busy median\n\n",
	       setup["idle_ms"], setup["phase_ms"]
	f = smed["busy"]; g = lmed["busy"]
	printf "%-46s %-4s | %-26s | %-26s | %s\n", "", "",
	       "kthread_stop(), other CPU", "kthread_stop(), same CPU",
	       "idle CPU (%)"
	printf "%-46s %-4s | %8s %9s %7s | %8s %9s %7s | %6s %6s\n",
	       "pattern", "kind", "median", "worst", "x floor",
	       "median", "worst", "x floor", "median", "worst"
	for (i = 1; i <= np; i++) {
		n = order[i]
		printf "%-46s %-4s | %8.0f %9.0f %7.1f |", label[n],
		       rec[n] ? "rec" : "anti", smed[n], smax[n], smed[n] / f
		printf " %8.0f %9.0f %7.1f | %6.3f %6.3f\n",
		       lmed[n], lmax[n], lmed[n] / g, cmed[n], cmax[n]
	}
	printf "floor: the busy loop'\''s median stop in this run, %.0f us" \
	       " (other CPU), %.0f us (same CPU)\n\n", f, g
	printf "throughput, %d ms each, thread/worker on the other CPU\n",
	       setup["rate_ms"]
	printf "  %-56s %10.0f /s\n",
	       "kthread_run() + kthread_stop() of a waiting thread",
	       rate["create_stop"]
	printf "  %-56s %10.0f /s\n", "work items through one" \
	       " kthread_worker, " batch["worker_batch"] " per flush",
	       rate["worker_batch"]
	printf "  %-56s %10.0f /s\n\n", "work items through one" \
	       " kthread_worker, flush after each", rate["worker_single"]

	print "goal per recommended pattern, both placements: median stop" \
	      " <= 3x floor and"
	print ">= 100x below msleep(1000) polling'\''s, median idle CPU < 1%"
	printf "  %-12s | %-19s | %-19s | %-9s | %s\n", "pattern",
	       "other CPU", "same CPU", "idle CPU", "goal"
	printf "  %-12s | %-19s | %-19s | %-9s |\n", "",
	       "x floor   x faster", "x floor   x faster", "median %"
	met = 0; nrec = 0
	slow = smed["msleep_1000"]; lslow = lmed["msleep_1000"]
	for (i = 1; i <= np; i++) {
		n = order[i]
		if (!rec[n])
			continue
		nrec++
		o1 = smed[n] <= 3 * f; o2 = slow >= 100 * smed[n]
		s1 = lmed[n] <= 3 * g; s2 = lslow >= 100 * lmed[n]
		c = cmed[n] < 1
		ok = o1 && o2 && s1 && s2 && c
		met += ok
		printf "  %-12s | %5.1f %-2s %7.0f %-2s |", n,
		       smed[n] / f, yes(o1), slow / smed[n], yes(o2)
		printf " %5.1f %-2s %7.0f %-2s | %6.3f %-2s | %s\n",
		       lmed[n] / g, yes(s1), lslow / lmed[n], yes(s2),
		       cmed[n], yes(c), ok ? "met" : "NOT MET"
	}
	printf "goal met by %d of %d recommended patterns\n", met, nrec
}'
