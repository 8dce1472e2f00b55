#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Does each series still apply to the newest kernel Debian ships? Downloads
# the newest linux-source-* of Debian experimental (through a throw-away
# sources list, as fetch-tree.sh does; nothing is installed), extracts the
# files the series touch and runs `quilt push --fuzz=0` per series, in the
# stated order. A report, not a gate: a series that upstream has moved
# away from is SKIPPED with the patch that failed, never FAILED.
#
# Usage: scripts/check-upstream.sh
set -u
. "$(dirname "$0")/lib.sh"
[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need quilt quilt
need lsdiff patchutils
SUITE=experimental
UP=$CACHE/upstream
passed=0 failed=0 skipped=0
mkdir -p "$UP"

# apt_tmp apt-get|apt-cache ARGS...: apt with a throw-away sources list.
apt_tmp() {
	local tool=$1 mirror
	shift
	mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	mkdir -p "$UP/apt/lists/partial" "$UP/apt/cache/archives/partial"
	echo "deb ${mirror:-http://deb.debian.org/debian} $SUITE main" >"$UP/apt/sources.list"
	"$tool" -qq -o "Dir::Etc::SourceList=$UP/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o "Dir::State::Lists=$UP/apt/lists" -o "Dir::Cache=$UP/apt/cache" "$@"
}

# fetch: the newest linux-source-X.Y of $SUITE, extracted once per version.
fetch() {
	local pkg ver deb
	apt_tmp apt-get update || return 77
	pkg=$(apt_tmp apt-cache search '^linux-source-[0-9.]+$' | cut -d' ' -f1 | sort -V | tail -n 1)
	[ -n "$pkg" ] || { echo "no linux-source in Debian $SUITE"; return 77; }
	ver=$(apt_tmp apt-cache show "$pkg" | sed -n 's/^Version: //p' | sort -V | tail -n 1)
	echo "$pkg $ver" >"$UP/version"
	[ -f "$UP/$pkg-$ver/Makefile" ] && return 0
	rm -rf "$UP"/linux-source-* "$UP"/*.deb
	(cd "$UP" && apt_tmp apt-get download "$pkg=$ver") || { echo "could not download $pkg $ver"; return 77; }
	deb=$(ls "$UP"/*.deb)
	mkdir -p "$UP/$pkg-$ver.partial"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards "./usr/src/$pkg.tar.*" |
		tar -xJ -C "$UP/$pkg-$ver.partial" --strip-components=1 || return 1
	mv "$UP/$pkg-$ver.partial" "$UP/$pkg-$ver" && rm -f "$deb"
}

# push SERIES: quilt push it (after what it needs) on a copy of the files
# it touches.
push() {
	local tree list rc=0 dir
	dir=$UP/$(sed 's/ /-/' "$UP/version")
	tree=$(mktemp -d) list=$(mktemp)
	series_alone "$1" >"$list"
	(cd "$REPO/patches" && xargs cat <"$list") | lsdiff --strip=1 | sort -u |
		while read -r f; do [ ! -f "$dir/$f" ] || echo "$f"; done |
		(cd "$dir" && xargs -r cp --parents -t "$tree")
	(cd "$tree" && QUILT_PATCHES="$REPO/patches" QUILT_SERIES="$list" quilt push -a --fuzz=0) || rc=77
	rm -rf "$tree" "$list"
	[ "$rc" = 0 ] || echo "does not apply to $(cat "$UP/version") (upstream moved)"
	return "$rc"
}

check "fetch newest Debian kernel" fetch
if [ -f "$UP/version" ] && [ "$skipped" = 0 ]; then
	echo "newest Debian kernel: $(cat "$UP/version")"
	for s in $(series_names); do
		check -k "$(inputs "=$(cat "$UP/version")" patches "scripts/check-upstream.sh")" \
			"applies to $(cut -d' ' -f1 "$UP/version") $s" push "$s"
	done
fi
echo "upstream: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
