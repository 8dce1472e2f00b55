#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Checks of the series "fixes" (patches/fixes): fixes of kthread misuse
# that the checkers of the series "coccinelle" find in drivers. Each patch
# goes to its own maintainer, so each is checked alone on the pristine
# tree, in a scratch worktree, and printed as one "check: NAME ok|FAILED"
# line:
#  - `git am` applies it to baseline;
#  - the objects of the C files it changes build with W=1 in an x86_64
#    allmodconfig folder ($OUT/build-fixes, configured once) with no
#    warning or error the unpatched object does not give (allmodconfig
#    sets CONFIG_WERROR, so a W=1 warning of the pristine file fails
#    both builds alike);
#  - the checker its changelog names (kthread_*.cocci) prints, on the
#    pristine file, exactly the report lines the changelog quotes, and
#    nothing once the patch is applied.
# Checks whose inputs did not change since they passed are not rerun.
#
# KTHREAD_JOBS: make -j for the build folder's prepare (default: nproc).
#
# Usage: scripts/check-fixes.sh
set -u
. "$(dirname "$0")/lib.sh"

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need spatch coccinelle
need python3 python3
FIXES=$REPO/patches/fixes
FIX_SRC=$OUT/fixes-src
FIX_BUILD=$OUT/build-fixes
COCCI=$OUT/fixes-cocci	# the checkers, from patches/coccinelle
passed=0 failed=0 skipped=0

# prepare: the scratch worktree, the checkers, and the build folder.
prepare() {
	local p mk=(make -C "$FIX_SRC" O="$FIX_BUILD")
	scratch_worktree "$FIX_SRC" || return 1
	git -C "$FIX_SRC" checkout -q -f --detach baseline || return 1
	rm -rf "$COCCI" && mkdir -p "$COCCI" "$FIX_BUILD" || return 1
	for p in "$REPO"/patches/coccinelle/0*.patch; do
		(cd "$COCCI" && git apply "$p") || return 1
	done
	[ -f "$FIX_BUILD/.config" ] || "${mk[@]}" allmodconfig || return 1
	"${mk[@]}" -j"${KTHREAD_JOBS:-$(nproc)}" prepare
}

# state TAG FILE...: the W=1 diagnostics of the files' objects (without
# line numbers) and the checker's report on the files, in $tmp/TAG.*
state() {
	local tag=$1 f
	shift
	: >"$tmp/$tag.warn"
	: >"$tmp/$tag.cocci"
	for f in "$@"; do
		touch "$FIX_SRC/$f"	# compile it even if the object looks fresh
		make -C "$FIX_SRC" O="$FIX_BUILD" W=1 "${f%.c}.o" >"$tmp/$tag.log" 2>&1 ||
			echo "$tag: make ${f%.c}.o failed"
		grep -E '(warning|error):' "$tmp/$tag.log" |
			sed -E 's/:[0-9]+:[0-9]+:/:/' >>"$tmp/$tag.warn"
		(cd "$FIX_SRC" && spatch --very-quiet --no-show-diff --no-includes \
			--include-headers -D report --sp-file "$COCCI/scripts/coccinelle/api/$cocci" "$f") |
			grep -E '^[^ ]+\.c:[0-9]+:' >>"$tmp/$tag.cocci"
	done
	return 0
}

# fix PATCH: apply it alone on baseline; build and check before and after.
fix() {
	local p=$FIXES/$1 files cocci tmp rc=0
	files=$(sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$p" | sort -u)
	cocci=$(grep -o -m 1 'kthread_[a-z_]*\.cocci' "$p")
	[ -n "$files" ] && [ -n "$cocci" ] || { echo "no C file or no checker named"; return 1; }
	tmp=$(mktemp -d)
	# shellcheck disable=SC2086 # one word per file
	git -C "$FIX_SRC" checkout -q -f --detach baseline && git -C "$FIX_SRC" clean -qfdx &&
		state before $files &&
		git -C "$FIX_SRC" -c user.name=check -c user.email=check@localhost am -q --no-3way "$p" &&
		state after $files || { git -C "$FIX_SRC" am --abort 2>/dev/null; rm -rf "$tmp"; return 1; }
	echo "W=1 diagnostics, new with the patch:"
	sort -u "$tmp/before.warn" | comm -13 - <(sort -u "$tmp/after.warn") | grep . && rc=1
	echo "$cocci before:"; cat "$tmp/before.cocci"
	echo "$cocci after:"; cat "$tmp/after.cocci"
	sed -n 's/^  \([^ ]*\.c:[0-9]*:[0-9-]*: \)/\1/p' "$p" | cmp -s - "$tmp/before.cocci" ||
		{ echo "the changelog quotes other report lines"; rc=1; }
	[ -s "$tmp/before.cocci" ] && [ ! -s "$tmp/after.cocci" ] || rc=1
	rm -rf "$tmp"
	return "$rc"
}

stage build-fixes "$LOGS/build-fixes.log" prepare
for p in $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$FIXES/series"); do
	check -k "$(inputs scripts/check-fixes.sh linux.pin patches/coccinelle "patches/fixes/$p" \
		"cmd:gcc --version | head -n 1" "cmd:spatch --version | head -n 1")" "fixes $p" fix "$p"
done
echo "fixes: $passed passed, $failed failed"
[ "$failed" = 0 ]
