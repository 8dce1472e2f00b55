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
# Checks whose inputs did not change since they passed are not rerun. The
# others build together, one make before and one after (a patch changes
# only its own driver's files, so each object is what its own patch alone
# makes it); if two change the same file, or the batch fails, each builds
# alone.
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
passed=0 failed=0

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

# files PATCH: the C files it changes.
files() { sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$FIXES/$1" | sort -u; }
# checker PATCH: the checker its changelog names.
checker() { grep -o -m 1 'kthread_[a-z_]*\.cocci' "$FIXES/$1"; }

# state TAG PATCH...: for every C file the patches change, its object's
# W=1 diagnostics (without line numbers) in $STATE/TAG/FILE.warn and its
# patch's checker's report in $STATE/TAG/FILE.cocci. The objects build in
# one make (-O: each object's output together, after its "CC" line).
state() {
	local tag=$1 p f obj=""
	shift
	mkdir -p "$STATE/$tag"
	for p in "$@"; do
		for f in $(files "$p"); do
			touch "$FIX_SRC/$f"	# compile it even if the object looks fresh
			obj=$obj" ${f%.c}.o"
			(cd "$FIX_SRC" && spatch --very-quiet --no-show-diff --no-includes \
				--include-headers -D report --sp-file "$COCCI/scripts/coccinelle/api/$(checker "$p")" "$f") |
				grep -E '^[^ ]+\.c:[0-9]+:' >"$STATE/$tag/${f//\//_}.cocci"
		done
	done
	# shellcheck disable=SC2086 # one word per object
	make -C "$FIX_SRC" O="$FIX_BUILD" -k -O -j"$(nproc)" W=1 $obj >"$LOGS/build-fixes-$tag.log" 2>&1 ||
		echo "$tag: make failed (log: $LOGS/build-fixes-$tag.log)"
	awk -v dir="$STATE/$tag" '
		/^  [A-Z]/ { f = "" }	# a kbuild command line: "  CC [M]  OBJ", ...
		/^  CC / { f = $NF; sub(/\.o$/, ".c", f); gsub("/", "_", f); print "" > (dir "/" f ".warn"); next }
		f && /(warning|error):/ { sub(/:[0-9]+:[0-9]+:/, ":"); print > (dir "/" f ".warn") }' "$LOGS/build-fixes-$tag.log"
}

# states PATCH...: state before (baseline) and after the patches, applied
# with git am in order; they change disjoint files, so each file's object
# is what it is with its own patch alone.
states() {
	local p
	rm -rf "$STATE" && mkdir -p "$STATE" || return 1
	git -C "$FIX_SRC" checkout -q -f --detach baseline && git -C "$FIX_SRC" clean -qfdx &&
		state before "$@" || return 1
	for p in "$@"; do
		git -C "$FIX_SRC" -c user.name=check -c user.email=check@localhost am -q --no-3way "$FIXES/$p" ||
			{ git -C "$FIX_SRC" am --abort; echo "$p does not apply"; return 1; }
	done
	state after "$@"
}

# fix PATCH: its verdict from the states: no new W=1 diagnostic, the
# checker's report on the pristine files is what the changelog quotes,
# and it is silent once the patch is applied.
fix() {
	local p=$FIXES/$1 f rc=0 before after fs cocci
	fs=$(files "$1") cocci=$(checker "$1")
	[ -n "$fs" ] && [ -n "$cocci" ] || { echo "no C file or no checker named"; return 1; }
	echo "W=1 diagnostics, new with the patch:"
	for f in $fs; do
		f=${f//\//_}
		[ -f "$STATE/before/$f.warn" ] && [ -f "$STATE/after/$f.warn" ] ||
			{ echo "$f: no object built before and after the patch (log: $LOGS/build-fixes-states.log)"; return 1; }
		sort -u "$STATE/before/$f.warn" | comm -13 - <(sort -u "$STATE/after/$f.warn") | grep . && rc=1
		before+=$(cat "$STATE/before/$f.cocci")$'\n' after+=$(cat "$STATE/after/$f.cocci")
	done
	before=$(grep . <<<"$before")
	echo "$cocci before:"; echo "$before"
	echo "$cocci after:"; echo "$after"
	sed -n 's/^  \([^ ]*\.c:[0-9]*:[0-9-]*: \)/\1/p' "$p" | cmp -s - <(echo "$before") ||
		{ echo "the changelog quotes other report lines"; rc=1; }
	[ -n "$before" ] && [ -z "$after" ] || rc=1
	return "$rc"
}

stage build-fixes "$LOGS/build-fixes.log" prepare
STATE=$(mktemp -d)
trap 'rm -rf "$STATE"' EXIT
mapfile -t PATCHES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$FIXES/series")
declare -A key
stale=()
for p in "${PATCHES[@]}"; do
	key[$p]=$(inputs scripts/check-fixes.sh linux.pin patches/coccinelle "patches/fixes/$p" \
		"cmd:gcc --version | head -n 1" "cmd:spatch --version | head -n 1")
	fresh "check-fixes $p" "${key[$p]}" || stale+=("$p")
done
# The stale patches build together when no two change the same file;
# otherwise (or when that fails) each is checked alone.
batched=""
if [ ${#stale[@]} -gt 0 ] && [ -z "$(for p in "${stale[@]}"; do files "$p"; done | sort | uniq -d)" ]; then
	t=$SECONDS
	states "${stale[@]}" >"$LOGS/build-fixes-states.log" 2>&1 && batched=1 &&
		echo "the ${#stale[@]} fixes' objects: built and checked before and after them in $((SECONDS - t))s"
fi
for p in "${PATCHES[@]}"; do
	if [ -z "$batched" ] && [[ " ${stale[*]} " == *" $p "* ]]; then
		states "$p" >"$LOGS/build-fixes-states.log" 2>&1
	fi
	check -k "${key[$p]}" "fixes $p" fix "$p"
done
echo "fixes: $passed passed, $failed failed"
[ "$failed" = 0 ]
