#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install, in one apt-get run, every Debian (bookworm) package the
# project's scripts use, and print one line naming what it installs;
# apt's own output goes to the cache's logs/apt.log. Each script still
# checks for what it needs itself (lib.sh: need), so this is only the
# fast way to get all of it at once. With "build", only what fetching,
# applying, checking the patches and building the kernel take (test.sh
# installs the rest while the kernel builds).
#
# Usage: scripts/setup.sh [build]
set -eu
. "$(dirname "$0")/lib.sh"

PACKAGES="gcc make flex bison bc ccache cpio kmod libelf-dev libssl-dev
xz-utils git quilt patchutils rsync python3"
case "${1:-}" in
build) ;;
"") PACKAGES="$PACKAGES qemu-system-x86 busybox-static bash-static clang-19
lld-19 llvm-19 sparse coccinelle ocaml-nox python3-sphinx python3-yaml" ;;
*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
esac

missing=$(for p in $PACKAGES; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
done | paste -sd' ')
if [ -z "$missing" ]; then
	echo "setup: all packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "as root: apt-get install $missing"
echo "setup: installing $missing"
# shellcheck disable=SC2086 # one word per package
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
	--no-install-recommends $missing; } >>"$LOGS/apt.log" 2>&1 ||
	die "apt-get install failed (log: $LOGS/apt.log)"
