#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark of kthread waiting patterns, in one command: build the
# bench kernel (KTHREAD_KERNEL=bench: no KASAN, lockdep, kmemleak, debug
# objects), build bench/kthread_bench.c out of tree against it, boot it,
# run bench/kthread_bench.sh in the VM (the console is judged as for the
# tests) and print its table, which names the kernel. The benchmark is
# this project's tool, not part of any upstream series; it prints figures
# and ratios, no verdict. Run scripts/fetch-tree.sh and scripts/apply.sh
# first. Honours KTHREAD_OUT (build-bench, vm-bench, logs/bench-* there).
# Arguments are the benchmark module's parameters. Method and figures:
# Documentation/benchmark.md.
#
# Usage: scripts/bench.sh [runs=N] [windows=N] [idle_ms=MS] [hog_ms=MS] [poll_ms=MS] [phase_ms=MS]
set -eu
export KTHREAD_KERNEL=bench
. "$(dirname "$0")/lib.sh"
[ -f "$SRC/Makefile" ] || die "no tree at $SRC: run scripts/fetch-tree.sh and scripts/apply.sh"
t0=$SECONDS

# The table is what kthread_bench.sh printed, up to init's exit line.
table() {
	local res=$OUT/vm-bench/result.log
	tr -d '\r' <"$res" | sed -n '/^kthread waiting patterns/,/^init: /{/^init: /d;p}' \
		>"$LOGS/bench-table.txt"
	grep -q '^baselines' "$LOGS/bench-table.txt" || { tr -d '\r' <"$res" | tail -n 30; return 1; }
}

"$REPO/scripts/build-kernel.sh"
# Out of tree: a copy of bench/, so the clone stays free of build output.
module() {
	rm -rf "$OUT/bench-mod" && cp -r "$REPO/bench" "$OUT/bench-mod" &&
		make -C "$SRC" O="$BUILD" M="$OUT/bench-mod" modules
}
stage module "$LOGS/bench-module.log" module
export BENCH_KO=$OUT/bench-mod/kthread_bench.ko
rc=0
# The VM's vCPUs are host threads: other load on the host shows in the
# figures, so say how busy the host was.
load0=$(cut -d' ' -f1-3 /proc/loadavg)
"$REPO/tools-testing-selftests/run-vm.sh" --bench --bench-args "$(IFS=,; echo "$*")" || rc=$?
stage table "$LOGS/bench-table.log" table
cat "$LOGS/bench-table.txt"
echo "host: $(nproc) CPUs, load average $load0 before the VM, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "total time $((SECONDS - t0))s"
exit "$rc"
