#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Does the series add a documentation warning? Builds the HTML of the
# .rst files it touches (changed, or with a kernel-doc directive naming a
# changed source file), each directory's book limited to its index.rst
# and those files (Sphinx's include_patterns; a whole book took minutes),
# on the pristine tree and on the patched one with bookworm's Sphinx, and
# fails on any warning only the patched tree has. Not rerun while its
# inputs are unchanged. The pristine warnings depend only on the pin,
# Sphinx's version and the files: the repo ships them
# (tools-testing-selftests/htmldocs-pristine.txt, whose first line says
# for what); they are built here, and cached, when that line differs.
# Also checks that the kthread kernel-doc is pulled in by exactly one .rst
# file: two would make Sphinx report duplicate C declarations in a full
# `make htmldocs`.
#
# Usage: scripts/check-htmldocs.sh
set -u
. "$(dirname "$0")/lib.sh"

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need sphinx-build python3-sphinx
python3 -c 'import yaml' 2>/dev/null || need no-such-cmd python3-yaml
CHANGED=$(git -C "$SRC" diff --name-only baseline series)
# The source files the series changes that a kernel-doc directive names
# (KDOC_SOURCES), and the .rst files with those directives (KDOC_RST).
KDOC_SOURCES="" KDOC_RST=""
while read -r f; do
	rst=$(cd "$SRC" && grep -rlE "kernel-doc:: $f\b" Documentation)
	[ -z "$rst" ] || { KDOC_SOURCES+="${KDOC_SOURCES:+ }$f"; KDOC_RST+="$rst"$'\n'; }
done < <(grep -vE '^(Documentation|tools)/' <<<"$CHANGED" | grep -E '\.[ch]$')

# The .rst files the series touches, as "DIR:index.rst,FILE..." per
# directory of Documentation/ (FILE relative to DIR).
touched() {
	{
		grep '^Documentation/[^/]*/.*\.rst$' <<<"$CHANGED"
		grep . <<<"$KDOC_RST"
	} | sort -u | awk -F/ '{ d = $2; sub("^Documentation/" d "/", "");
		if (!(d in f)) { f[d] = "index.rst"; n[++k] = d }
		if ($0 != "index.rst") f[d] = f[d] "," $0 }
		END { for (i = 1; i <= k; i++) print n[i] ":" f[n[i]] }' | paste -sd' '
}
DIRS=$(touched)
[ -n "$DIRS" ] || { echo "the series touches no documentation"; echo "htmldocs: 0 passed, 0 failed"; exit 0; }
BASE_SRC=$CACHE/docs-base
passed=0 failed=0 skipped=0

# warnings TREE OUT: build the HTML of the files in $DIRS, print the
# sorted warnings without the tree's path and line numbers (the series
# moves lines). Excluding a book's other files makes the same warnings
# (toctree entries) on both trees.
warnings() {
	local tree=$1 out=$2 d
	rm -rf "$out" "$out.log"
	for d in $DIRS; do
		make -C "$tree" O="$out" SPHINXDIRS="${d%%:*}" -j"$(nproc)" \
			SPHINXOPTS="-D include_patterns=${d#*:}" htmldocs >>"$out.log" 2>&1 ||
			{ echo "make htmldocs failed, log: $out.log" >&2; return 1; }
	done
	grep -E 'WARNING|ERROR|warning:|error:' "$out.log" |
		sed -E -e "s#$tree/##g" -e "s#$out/##g" -e 's/:[0-9]+:/:N:/g' | sort -u
}

pristine() {
	local base cache key shipped=$REPO/tools-testing-selftests/htmldocs-pristine.txt
	key="# $DEB_PACKAGE $DEB_VERSION, $(sphinx-build --version), $DIRS"
	if [ "$(head -n 1 "$shipped")" = "$key" ]; then
		tail -n +2 "$shipped"
		return
	fi
	echo "$shipped is not for $key: building the pristine tree's docs" >&2
	base=$(git -C "$SRC" rev-parse baseline)
	cache=$CACHE/docs-warnings-$base-$(inputs "=$key").txt
	if [ ! -f "$cache" ]; then
		scratch_worktree "$BASE_SRC" || return 1
		git -C "$BASE_SRC" checkout -q --detach "$base" &&
			warnings "$BASE_SRC" "$CACHE/docs-out-base" >"$cache.tmp" &&
			mv "$cache.tmp" "$cache" || return 1
	fi
	cat "$cache"
}

htmldocs() {
	local before after new t0=$SECONDS
	before=$(pristine) || return 1
	after=$(warnings "$SRC" "$OUT/docs-out") || return 1
	new=$(comm -13 <(echo "$before") <(echo "$after"))
	echo "htmldocs ($DIRS): $(grep -c . <<<"$before") warnings before, $(grep -c . <<<"$after") after ($((SECONDS - t0))s)"
	[ -z "$new" ] || { echo "new warnings:"; echo "$new"; return 1; }
}

included_once() {
	local pulls
	pulls=$(cd "$SRC" && grep -rlE 'kernel-doc:: (kernel/kthread\.c|include/linux/kthread\.h)' Documentation)
	echo "kthread kernel-doc pulled in by: $(echo $pulls)"
	[ "$(grep -c . <<<"$pulls")" = 1 ]
}

echo "documentation the series touches: $DIRS"
check -k "$(inputs scripts/check-htmldocs.sh tools-testing-selftests/htmldocs-pristine.txt \
	"=$DIRS" "tree:Documentation $KDOC_SOURCES" \
	"cmd:sphinx-build --version")" "htmldocs adds no warning" htmldocs
check "kthread kernel-doc included once" included_once
echo "htmldocs: $passed passed, $failed failed"
[ "$failed" = 0 ]
