#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's test command, and what CI runs: fetch the pinned tree,
# apply the series, check each series as maintainers do (and report
# whether it applies to the newest Debian kernel), build the debug
# kernel, boot it and run the kthread kselftests (which report the KUnit
# suite too), then the 0-day style build checks, each driver fix of the
# series "fixes" alone (W=1 allmodconfig, the checker before and after),
# the htmldocs comparison and the Coccinelle checker's own test cases; one
# summary line "N passed, N failed, N skipped" at the end.
# Lanes: the checks of the patches, the driver fixes, htmldocs and the
# Coccinelle cases run at nice 10 beside the kernel build, the build checks
# beside the VM; each lane's output is shown when it ends.
# Every stage and check that passed before with the same inputs is not
# rerun but printed as cached; under CI (CI=true) or with --full
# everything runs.
#
# Usage: scripts/test.sh [--full]
set -u
. "$(dirname "$0")/lib.sh"
case "${1:-}" in
--full) export KTHREAD_FULL=1 ;;
"") ;;
*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
esac
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
declare -A LANE	# log -> pid of each lane still running
# The summary line comes last even when a stage stops the run (a failure).
finish() {
	local pid
	[ "$finished" = 1 ] || FAILED=$((FAILED + 1))
	for pid in "${LANE[@]}"; do kill_tree "$pid"; done
	echo "total time $((SECONDS - t0))s"
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
}
trap finish EXIT
# run SCRIPT...: run a checking script, add up its last line.
run() {
	"$@" | tee "$out"
	summary "$(tail -n 1 "$out")"
}

# run_cached NAME KEY SCRIPT...: run, unless it passed with inputs KEY;
# then its summary line is counted again and marked cached.
run_cached() {
	local name=$1 key=$2
	shift 2
	if fresh "$name" "$key"; then
		echo "$name: cached (passed $CACHED): $CACHED_SUMMARY"
		summary "$CACHED_SUMMARY"
		return
	fi
	run "$@"
	if grep -qE ' 0 failed(, 0 skipped)?$' <<<"$(tail -n 1 "$out")"; then
		record "$name" "$key" "$(tail -n 1 "$out")"
	fi
}

# lane LOG CMD...: run CMD in the background at nice 10, its output in
# LOG ending with its own tally line; the single-threaded checks fill the
# core a stage in the foreground leaves idle (the kernel link, the VM's
# idle vCPU, one-object W=1 builds). join LOG shows it and counts it.
lane() {
	local log=$1
	shift
	(
		trap - EXIT
		PASSED=0 FAILED=0 SKIPPED=0 out=$log.last
		renice -n 10 "$BASHPID" >/dev/null
		"$@"
		echo "lane: $PASSED passed, $FAILED failed, $SKIPPED skipped"
	) >"$log" 2>&1 &
	LANE[$log]=$!
}
kill_tree() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
join() {
	wait "${LANE[$1]}"
	unset "LANE[$1]"
	sed '$d' "$1"
	summary "$(tail -n 1 "$1")"
}

# setup PID LOG: wait for a background scripts/setup.sh, show its line.
setup() { wait "$1" || { cat "$2"; exit 1; }; cat "$2"; }

# The build's packages install while the tree is extracted (xz: one
# core), the others while the kernel builds.
"$REPO/scripts/setup.sh" build >"$LOGS/setup.out" 2>&1 &
stage fetch "$LOGS/fetch.log" "$REPO/scripts/fetch-tree.sh"
setup $! "$LOGS/setup.out"
"$REPO/scripts/setup.sh" >"$LOGS/setup-all.out" 2>&1 &
setup_all=$!
stage apply "$LOGS/apply.log" "$REPO/scripts/apply.sh"
echo "check: git am of all series in order ok"
PASSED=1

# Checks that need neither the debug kernel nor its build folder run
# beside the build (the Coccinelle and Sphinx ones once their packages are
# in), the build checks beside the VM.
tree_checks() {
	run "$REPO/scripts/check-patches.sh"
	run "$REPO/scripts/check-upstream.sh"
	while kill -0 "$setup_all" 2>/dev/null; do sleep 2; done
	run "$REPO/scripts/check-fixes.sh"
	run "$REPO/scripts/check-htmldocs.sh"
	run_cached cocci "$(inputs tools-testing-selftests/coccinelle "tree:scripts/coccinelle" \
		"cmd:spatch --version | head -n 1")" \
		"$REPO/tools-testing-selftests/coccinelle/check.sh"
}
lane "$LOGS/lane-tree.out" tree_checks
"$REPO/scripts/build-kernel.sh" || exit 1
setup "$setup_all" "$LOGS/setup-all.out"

lane "$LOGS/lane-builds.out" run "$REPO/scripts/check-builds.sh"
# The VM runs once per state of the kernel, the modules, the kselftests
# and the harness.
run_cached vm "$(inputs "=$(kernel_key)" "tree:tools/testing/selftests" \
	tools-testing-selftests/{init,mkinitramfs.sh,judge.sh,run-vm.sh} \
	"cmd:qemu-system-x86_64 --version | head -n 1")" \
	"$REPO/tools-testing-selftests/run-vm.sh" kthread
join "$LOGS/lane-builds.out"
join "$LOGS/lane-tree.out"
finished=1
[ "$FAILED" = 0 ]
