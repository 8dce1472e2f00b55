#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the kthread KUnit suite the way the tree documents it: kunit.py
# run with kernel/.kunitconfig on x86_64 under QEMU, in the cached tree
# with the series applied, building into $OUT/kunit. kunit.py asks QEMU
# for -accel kvm first; on a host whose /dev/kvm cannot run guests (this
# one: QEMU then hangs with no output) that never ends, so /dev/kvm is
# hidden and QEMU uses TCG, unless KTHREAD_KVM=1 says KVM works. Extra
# arguments go to kunit.py.
#
# Usage: scripts/kunit.sh [KUNIT_PY_ARG...]
set -eu
. "$(dirname "$0")/lib.sh"
need qemu-system-x86_64 qemu-system-x86
run=(python3 tools/testing/kunit/kunit.py run --arch=x86_64 --kunitconfig kernel/.kunitconfig
	--build_dir "$OUT/kunit" --jobs "$(nproc)" --timeout 900 "$@")
cd "$SRC"
if [ -e /dev/kvm ] && [ "${KTHREAD_KVM:-}" != 1 ]; then
	exec unshare -m sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh "${run[@]}"
fi
exec "${run[@]}"
