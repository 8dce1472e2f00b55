#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the test VM's initramfs: busybox-static, bash-static (the kselftest
# scripts need bash), this folder's init, the kselftest install tree with
# the libraries its programs link, and the kernel's installed modules.
#
# Usage: mkinitramfs.sh OUT.cpio.gz KSELFTEST_DIR MODULES_ROOT [DEMO_SCRIPT]
set -eu

[ $# -ge 3 ] && [ $# -le 4 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
out=$1 ksft=$2 modroot=$3 demo=${4:-}
[ -x /bin/busybox ] || { echo "missing /bin/busybox: apt-get install busybox-static" >&2; exit 1; }
[ -x /bin/bash-static ] || { echo "missing /bin/bash-static: apt-get install bash-static" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,lib}
cp /bin/busybox "$root/bin/"
for applet in $(/bin/busybox --list | grep -vx busybox); do
	ln -s busybox "$root/bin/$applet"
done
cp /bin/bash-static "$root/bin/bash"
install -m 755 "$(dirname "$0")/init" "$root/init"
cp -a "$ksft" "$root/kselftest"
# The host's dynamic loader and libraries for the kselftest programs
find "$root/kselftest" -type f -perm -u+x -exec ldd {} + 2>/dev/null |
	grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r lib; do
	cp -L --parents "$lib" "$root"
done
cp -a "$modroot/lib/modules" "$root/lib/"
[ -z "$demo" ] || install -m 755 "$demo" "$root/demo.sh"
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$out"
