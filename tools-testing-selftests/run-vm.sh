#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the kselftest collections, pack the initramfs, boot the debug
# kernel under QEMU (2 vCPUs, software emulation) and judge the run: the
# KTAP on the result port (every plan complete, no failure) and the console
# (no splat of any kind). Keeps qemu.cmd, console.log and result.log.
#
# Usage: run-vm.sh [--demo SCRIPT] [--timeout SECONDS] COLLECTION...
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
HERE=$REPO/tools-testing-selftests

demo="" timeout=900
while [ $# -gt 0 ]; do
	case "$1" in
	--demo) demo=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
	*) break ;;
	esac
done
colls=("$@")
need qemu-system-x86_64 qemu-system-x86
[ -x /bin/busybox ] || need no-such-cmd busybox-static
[ -x /bin/bash-static ] || need no-such-cmd bash-static
need rsync rsync

RUN=$CACHE/vm
KSFT=$CACHE/kselftest
mkdir -p "$RUN"

install_kselftests() {
	rm -rf "$KSFT"
	make -C "$SRC/tools/testing/selftests" TARGETS="${colls[*]}" \
		O="$BUILD" KDIR="$BUILD" INSTALL_PATH="$KSFT" install
}

boot() {
	local cmdline="console=ttyS0 panic_on_warn=1 panic=-1 oops=panic"
	cmdline+=" softlockup_panic=1 hung_task_panic=1 kmemleak=on"
	cmdline+=" ksft=$(IFS=,; echo "${colls[*]}") demo=${demo:+1}"
	local cmd=(qemu-system-x86_64 -machine q35 -cpu max -smp 2 -m 2G
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

stage kselftest "$LOGS/kselftest_install.log" install_kselftests
stage initramfs "$LOGS/initramfs.log" "$HERE/mkinitramfs.sh" \
	"$RUN/initramfs.cpio.gz" "$KSFT" "$BUILD/modroot" "$demo"
t0=$SECONDS
printf '%-11s ... ' boot >&2
boot >"$LOGS/qemu.log" 2>&1
echo "done ($((SECONDS - t0))s in the VM; console: $RUN/console.log)" >&2
exec "$HERE/judge.sh" "$RUN/console.log" "$RUN/result.log"
