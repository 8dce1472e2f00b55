#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the kselftest collections, pack the initramfs, boot the kernel
# KTHREAD_KERNEL names under QEMU (2 vCPUs, software emulation) and judge
# the run: the KTAP on the result port (every plan complete, no failure)
# and the console (no splat of any kind). Keeps qemu.cmd, console.log and
# result.log in $OUT/vm (debug kernel) or $OUT/vm-KIND (KTHREAD_KERNEL=KIND).
# --bench runs the project's benchmark (bench/kthread_bench.sh with the
# module scripts/bench.sh built, BENCH_KO; module parameters: --bench-args
# runs=21,idle_ms=500) instead of collections; its run passes if the
# benchmark completed and the console shows no splat.
# KTHREAD_SAMPLE_CYCLES: load/unload cycles per sample module in
# test_samples.sh (default here 3; the test's own default, 10, is what
# CI farms run: under software emulation each cycle takes about a second).
#
# Usage: run-vm.sh [--demo SCRIPT] [--timeout SECONDS] [--bench [--bench-args A,B]] COLLECTION...
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
HERE=$REPO/tools-testing-selftests

demo="" timeout=1500 bench="" bench_args=""
while [ $# -gt 0 ]; do
	case "$1" in
	--demo) demo=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--bench) bench=1; shift ;;
	--bench-args) bench_args=$2; shift 2 ;;
	-*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
	*) break ;;
	esac
done
colls=("$@")
[ -z "$bench" ] || [ $# = 0 ] || { echo "--bench runs no collection" >&2; exit 2; }
[ -z "$bench" ] || [ -f "${BENCH_KO:-}" ] || { echo "--bench needs BENCH_KO (scripts/bench.sh)" >&2; exit 2; }
need qemu-system-x86_64 qemu-system-x86
[ -x /bin/busybox ] || need no-such-cmd busybox-static
[ -x /bin/bash-static ] || need no-such-cmd bash-static
need rsync rsync

if [ "$KERNEL" != debug ]; then
	RUN=$OUT/vm-$KERNEL KSFT=$OUT/kselftest-$KERNEL LOG=$LOGS/$KERNEL-
else
	RUN=$OUT/vm KSFT=$OUT/kselftest LOG=$LOGS/
fi
mkdir -p "$RUN"

install_kselftests() {
	rm -rf "$KSFT"
	if [ -n "$bench" ]; then	# the project's benchmark, not a kselftest
		mkdir -p "$KSFT/kthread" &&
		cp "$REPO/bench/kthread_bench.sh" "$BENCH_KO" "$KSFT/kthread/"
		return
	fi
	local targets=("${colls[@]%%:*}")	# COLL:TEST runs one test of COLL
	make -C "$SRC/tools/testing/selftests" TARGETS="${targets[*]:-kthread}" \
		O="$BUILD" KDIR="$BUILD" INSTALL_PATH="$KSFT" install
}

boot() {
	local cmdline="console=ttyS0 panic_on_warn=1 panic=-1 oops=panic"
	cmdline+=" softlockup_panic=1 hung_task_panic=1"
	[ -n "$bench" ] || cmdline+=" kmemleak=on"
	cmdline+=" ksft=$(IFS=,; echo "${colls[*]}") demo=${demo:+1}"
	cmdline+=" sample_cycles=${KTHREAD_SAMPLE_CYCLES:-3}"
	[ -z "$bench" ] || cmdline+=" bench=1${bench_args:+ bench_args=$bench_args}"
	# la57=off (4-level paging): one boot in about 60 died before init in
	# the pristine kernel, KASAN reporting a wild access to an irq
	# descriptor at a 5-level direct-map address (ff11...) in an interrupt
	# taken during identify_cpu() (2026-12-02, results.md).
	local cmd=(qemu-system-x86_64 -machine q35 -cpu max,la57=off -smp 2 -m 2G
		-display none -monitor none -no-reboot
		-kernel "$BUILD/arch/x86/boot/bzImage" -initrd "$RUN/initramfs.cpio.gz"
		-serial "file:$RUN/console.log" -serial "file:$RUN/result.log"
		-append "$cmdline")
	printf '%q ' "${cmd[@]}" >"$RUN/qemu.cmd"
	rm -f "$RUN/console.log" "$RUN/result.log"
	if ! timeout "$timeout" "${cmd[@]}"; then
		echo "QEMU did not power off within ${timeout}s (or failed): guest hung?"
	fi
}

# The benchmark's result is no KTAP: one line of it for the judge.
bench_ktap() {
	echo "# 1..1"
	if tr -d '\r' <"$RUN/result.log" | grep -qx 'init: bench: exit 0'; then
		echo "# ok 1 kthread_bench.sh completed"
	else
		echo "# not ok 1 kthread_bench.sh completed"
	fi
	grep '^init: ' "$RUN/result.log" 2>/dev/null
}

stage kselftest "${LOG}kselftest_install.log" install_kselftests
stage initramfs "${LOG}initramfs.log" "$HERE/mkinitramfs.sh" \
	"$RUN/initramfs.cpio.gz" "$KSFT" "$BUILD/modroot" "$demo"
t0=$SECONDS
printf '%-11s ... ' boot >&2
boot >"${LOG}qemu.log" 2>&1
echo "done ($((SECONDS - t0))s in the VM; console: $RUN/console.log)" >&2
if [ -n "$bench" ]; then
	bench_ktap >"$RUN/bench.ktap"
	exec "$HERE/judge.sh" "$RUN/console.log" "$RUN/bench.ktap"
fi
exec "$HERE/judge.sh" "$RUN/console.log" "$RUN/result.log"
