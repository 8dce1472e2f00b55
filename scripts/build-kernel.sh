#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the kernel KTHREAD_KERNEL names and its modules out
# of tree ($BUILD), from the tree as it is now (run scripts/apply.sh first).
# debug: x86_64 tinyconfig + tools-testing-selftests/machine.config and
# kernel.config (the debug options) + the kthread selftest's own config
# fragment. plain: the same without the debug options (tinyconfig +
# machine.config + the selftest's fragment, checked free of them: a
# kernel as CI farms build it, smaller than their defconfig). bench:
# tinyconfig +
# tools-testing-selftests/bench.config only, and checked free of KASAN,
# lockdep, kmemleak and debug objects. The config is rebuilt only when a
# fragment changes; make then rebuilds only what changed, and make is not
# run at all while the tree's code, the fragments and the compiler are
# what they were at the last build that passed (lib.sh: stage -k).
#
# Usage: scripts/build-kernel.sh
set -eu
. "$(dirname "$0")/lib.sh"

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need gcc gcc
need make make
need flex flex
need bison bison
need bc bc
need ccache ccache
need cpio cpio
need depmod kmod
[ -e /usr/include/libelf.h ] || need no-such-cmd libelf-dev
[ -e /usr/include/openssl/ssl.h ] || need no-such-cmd libssl-dev

MAKE=("${KMAKE[@]}" -j"$(nproc)")
if [ "$KERNEL" = bench ]; then
	FRAGMENTS=("$REPO/tools-testing-selftests/bench.config")
	LOG=$LOGS/bench-	# the debug kernel may be built at the same time
elif [ "$KERNEL" = plain ]; then
	FRAGMENTS=("$REPO/tools-testing-selftests/machine.config"
		"$SRC/tools/testing/selftests/kthread/config")
	LOG=$LOGS/plain-
else
	FRAGMENTS=("$REPO/tools-testing-selftests/machine.config"
		"$REPO/tools-testing-selftests/kernel.config")
	[ ! -f "$SRC/tools/testing/selftests/kthread/config" ] ||
		FRAGMENTS+=("$SRC/tools/testing/selftests/kthread/config")
	LOG=$LOGS/
fi

configure() {
	mkdir -p "$BUILD"
	"${MAKE[@]}" tinyconfig
	(cd "$BUILD" && "$SRC/scripts/kconfig/merge_config.sh" -m -O . .config "${FRAGMENTS[@]}")
	"${MAKE[@]}" olddefconfig
	# merge_config.sh only warns when a dependency drops a symbol: stop.
	local line bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*) grep -qxF "$line" "$BUILD/.config" ;;
		"# CONFIG_"*) ! grep -q "^${line#\# }\$" "$BUILD/.config" &&
			! grep -q "^${line:2:-11}=" "$BUILD/.config" ;;
		*) continue ;;
		esac || { echo "not in final .config: $line"; bad=1; }
	done < <(cat "${FRAGMENTS[@]}")
	# Whatever selects them, these would distort the benchmark's timing
	# or make the plain kernel a debug kernel.
	if [ "$KERNEL" != debug ] && grep -E \
		'^CONFIG_(KASAN|LOCKDEP|DEBUG_KMEMLEAK|DEBUG_OBJECTS)=y' "$BUILD/.config"; then
		bad=1
	fi
	[ "$bad" = 0 ] || return 1
	cat "${FRAGMENTS[@]}" | sha256sum >"$BUILD/.fragments.sha256"
}

if ! cat "${FRAGMENTS[@]}" | sha256sum | cmp -s - "$BUILD/.fragments.sha256" 2>/dev/null; then
	stage configure "${LOG}configure.log" configure
fi
build() {
	"${MAKE[@]}" bzImage modules &&
	rm -rf "$BUILD/modroot" &&
	"${MAKE[@]}" INSTALL_MOD_PATH="$BUILD/modroot" modules_install
}
# The sources are read before make runs: an edit during the build is
# not taken for built. Per input, to name the one that changed.
each=$(kernel_inputs)
sources=$(digest <<<"$each")
if fresh "stage-build-$KERNEL" "$(kernel_key "$sources")"; then
	printf '%-11s ... cached (passed %s)\n' build "$CACHED" >&2
else
	# What changed since the last build that passed.
	diff <(cat "$BUILD/.inputs" 2>/dev/null) - >"${LOG}build-inputs.diff" \
		<<<"$each"$'\n'"$(build_times) bzImage and modroot times" || true
	stage build "${LOG}build.log" build
	record "stage-build-$KERNEL" "$(kernel_key "$sources")"
	printf '%s\n%s bzImage and modroot times\n' "$each" "$(build_times)" >"$BUILD/.inputs"
fi
echo "kernel: $BUILD/arch/x86/boot/bzImage"
