#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the pinned Linux tree (linux.pin), verify it and extract it once
# into the cache as a git repository whose first commit, tagged
# "baseline", is the pristine tree.
#
# Usage: scripts/fetch-tree.sh
#   LINUX_DEB_DIR  folder that may already hold the pinned .deb
#   KTHREAD_CACHE  cache root (default ~/.cache/kthread-series)
set -eu
. "$(dirname "$0")/lib.sh"

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need xz xz-utils
need git git

if git -C "$SRC" rev-parse -q --verify baseline >/dev/null 2>&1; then
	echo "tree: $SRC (cached)"
	exit 0
fi

# Download through a throw-away sources list and state folder: the system's
# apt configuration is never touched and nothing is installed.
download() {
	local tmp mirror
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources \
		2>/dev/null | head -n 1)
	echo "deb ${mirror:-http://deb.debian.org/debian} $DEB_SUITE main" \
		>"$tmp/sources.list"
	mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$DEB_DIR"
	local opts=(-o "Dir::Etc::SourceList=$tmp/sources.list"
		    -o Dir::Etc::SourceParts=/dev/null
		    -o "Dir::State::Lists=$tmp/lists"
		    -o "Dir::Cache=$tmp/cache")
	apt-get -qq "${opts[@]}" update
	(cd "$DEB_DIR" && apt-get -qq "${opts[@]}" download \
		"$DEB_PACKAGE=$DEB_VERSION")
}

deb=$DEB_DIR/$DEB_FILE
if [ ! -f "$deb" ]; then
	[ -w "$(dirname "$DEB_DIR")" ] || DEB_DIR=$CACHE/deb deb=$CACHE/deb/$DEB_FILE
	[ -f "$deb" ] || download || die "could not download $DEB_FILE from Debian $DEB_SUITE"
fi

sum=$(sha256sum "$deb" | cut -d' ' -f1)
if [ "$sum" != "$DEB_SHA256" ]; then
	case "$deb" in "$CACHE"/*) rm -f "$deb" ;; esac
	die "$deb: SHA256 $sum, expected $DEB_SHA256 (linux.pin); nothing extracted"
fi
echo "verified $deb"

# Extract next to the final place and rename at the end, so an interrupted
# run never leaves a half-extracted tree behind.
tmp=$CACHE/src.partial
rm -rf "$tmp" && mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO "./usr/src/$DEB_PACKAGE.tar.xz" |
	tar -xJ -C "$tmp" --strip-components=1
commit() {
	git -C "$tmp" -c user.name=kthread-series \
		-c user.email=kthread-series@localhost commit -q "$@"
}
git -C "$tmp" init -q -b series
git -C "$tmp" add -A -f
commit -m "Linux $LINUX_VERSION ($DEB_PACKAGE $DEB_VERSION)"
git -C "$tmp" tag debian
# Debian's .gitignore ignores every top-level entry, which would hide the
# files the series adds; restore upstream's ignore rules for the edit loop.
sed -i '/^# Debian packaging: ignore everything/,$d' "$tmp/.gitignore"
sed -i '${/^#$/d}' "$tmp/.gitignore"
git -C "$tmp" add .gitignore
commit -m "Drop Debian's ignore-everything rule from .gitignore"
git -C "$tmp" tag baseline
rm -rf "$SRC" && mv "$tmp" "$SRC"
trap - EXIT
echo "tree: $SRC"
