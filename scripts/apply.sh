#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Apply the series in patches/ with no fuzz: all of them in the stated
# order (patches/series), or with -s NAME only series NAME (after the
# series it needs, if its series file names one).
#  - no TREE: onto the cached pinned tree as one commit per patch on
#    branch "series" from the pristine "baseline" (the edit loop: edit,
#    commit/rebase there, then scripts/export.sh). Only files whose
#    content changes are rewritten, so make rebuilds only what changed;
#    when patches/ is what was applied last, nothing is done at all.
#  - TREE: onto your own kernel tree. A git tree gets `git am`, any other
#    tree `quilt push -a --fuzz=0`; if a patch does not apply, the tree is
#    left exactly as it was and the failing patch is named.
#
# Usage: scripts/apply.sh [-f] [-s NAME] [TREE]
#   -f  drop commits or edits on branch series that are not in patches/
set -eu
. "$(dirname "$0")/lib.sh"

usage() { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
force="" only=""
while getopts fs: o; do
	case $o in f) force=1 ;; s) only=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
if [ -n "$only" ]; then
	series_names | grep -qx "$only" || die "no series $only in patches/series (have: $(series_names | paste -sd' '))"
	mapfile -t PATCHES < <(series_alone "$only")
else
	mapfile -t PATCHES < <(series_patches)
fi
ident=(-c user.name="${GIT_AUTHOR_NAME:-kthread-series}" -c user.email="${GIT_AUTHOR_EMAIL:-kthread-series@localhost}")
AM_SRC=$CACHE/am-src	# scratch worktree where the commits are made
STATE=$CACHE/applied	# "DIGEST COMMIT" of the last apply to $SRC

# One `git am` session for the whole series: on failure, --abort puts the
# tree back where it was before the first patch.
git_am() {
	git -C "$1" "${ident[@]}" am -q --no-3way "${PATCHES[@]/#/$REPO/patches/}" ||
		{ git -C "$1" am --abort; return 1; }
}

apply_cached() {
	local digest head
	digest=$(cd "$REPO/patches" && cat series "${PATCHES[@]}" | digest)
	head=$(git -C "$SRC" rev-parse HEAD)
	if [ -z "$force" ] && [ -f "$STATE" ] && { [ "$head" != "$(cut -d' ' -f2 "$STATE")" ] ||
		[ -n "$(git -C "$SRC" status --porcelain)" ]; }; then
		# Edited on the branch: fine if exported, else refuse to drop it.
		[ -z "$(git -C "$SRC" status --porcelain)" ] && [ -z "$only" ] &&
			"$(dirname "$0")/export.sh" --check >/dev/null 2>&1 ||
			die "branch series in $SRC has changes that are not in patches/: run scripts/export.sh first (or apply.sh -f to drop them)"
		echo "$digest $head" >"$STATE"
	fi
	if [ "$digest $head" = "$(cat "$STATE" 2>/dev/null)" ]; then
		echo "$SRC: branch series is already patches/ (${#PATCHES[@]} patches)"
		return
	fi
	if [ "$head" = "$(git -C "$SRC" rev-parse baseline)" ] && [ -z "$(git -C "$SRC" status --porcelain)" ]; then
		# a fresh tree: git am in place (on failure, --abort restores it)
		git_am "$SRC" || die "series does not apply to the pristine tree; $SRC left as it was"
	else
		scratch_worktree "$AM_SRC"
		git -C "$AM_SRC" checkout -q -f --detach baseline
		git -C "$AM_SRC" clean -qfdx
		git_am "$AM_SRC" || die "series does not apply to the pristine tree; $SRC left as it was"
		# Switching branches rewrites only the files that differ.
		git -C "$SRC" checkout -q -f -B series "$(git -C "$AM_SRC" rev-parse HEAD)"
		git -C "$SRC" clean -qfd -e '/.pc'
	fi
	echo "$digest $(git -C "$SRC" rev-parse HEAD)" >"$STATE"
	echo "applied ${#PATCHES[@]} patches to $SRC (branch series)"
}

apply_user_tree() {
	local tree=$1
	[ -f "$tree/Makefile" ] && [ -d "$tree/kernel" ] || die "$tree: not a kernel tree"
	if git -C "$tree" rev-parse -q --verify HEAD >/dev/null 2>&1 &&
	   [ "$(git -C "$tree" rev-parse --show-toplevel)" = "$(cd "$tree" && pwd -P)" ]; then
		[ -z "$(git -C "$tree" status --porcelain -uno)" ] ||
			die "$tree has uncommitted changes; commit or stash them first"
		git_am "$tree" ||
			die "series does not apply to $tree (see above); tree left at $(git -C "$tree" rev-parse HEAD)"
	else
		need quilt quilt
		[ ! -e "$tree/.pc" ] || die "$tree/.pc exists: a quilt series is already applied there"
		local list
		list=$(mktemp)
		printf '%s\n' "${PATCHES[@]}" >"$list"
		if ! (cd "$tree" && QUILT_PATCHES="$REPO/patches" QUILT_SERIES="$list" quilt push -a -q --fuzz=0); then
			(cd "$tree" && QUILT_PATCHES="$REPO/patches" QUILT_SERIES="$list" quilt pop -a -q -f >/dev/null 2>&1 || true)
			rm -rf "$tree/.pc" "$list"
			die "series does not apply to $tree (see above); tree left as it was"
		fi
		rm -rf "$tree/.pc" "$list"
	fi
	echo "applied ${#PATCHES[@]} patches to $tree"
}

if [ $# = 0 ]; then
	"$(dirname "$0")/fetch-tree.sh" >/dev/null
	apply_cached
else
	apply_user_tree "$1"
fi
