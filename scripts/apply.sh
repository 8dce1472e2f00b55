#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Apply patches/series with no fuzz.
#  - no argument: onto the cached pinned tree, reset to its pristine
#    "baseline" first, as one commit per patch on branch "series" (this is
#    the edit loop: edit, commit/rebase there, then scripts/export.sh);
#  - TREE: onto your own kernel tree. A git tree gets `git am`, any other
#    tree `quilt push -a --fuzz=0`; if a patch does not apply, the tree is
#    left exactly as it was and the failing patch is named.
#
# Usage: scripts/apply.sh [TREE]
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -le 1 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
mapfile -t PATCHES < <(series_patches)
ident=(-c user.name="${GIT_AUTHOR_NAME:-kthread-series}" -c user.email="${GIT_AUTHOR_EMAIL:-kthread-series@localhost}")

# One `git am` session for the whole series: on failure, --abort puts the
# tree back where it was before the first patch.
git_am() {
	git -C "$1" "${ident[@]}" am -q --no-3way "${PATCHES[@]/#/$REPO/patches/}" ||
		{ git -C "$1" am --abort; return 1; }
}

apply_cached() {
	git -C "$SRC" checkout -q -B series baseline
	git -C "$SRC" reset -q --hard baseline
	git -C "$SRC" clean -qfdx
	git_am "$SRC" || die "series does not apply to $SRC; branch series left at baseline"
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
		if ! (cd "$tree" && QUILT_PATCHES="$REPO/patches" quilt push -a -q --fuzz=0); then
			(cd "$tree" && QUILT_PATCHES="$REPO/patches" quilt pop -a -q -f >/dev/null 2>&1 || true)
			rm -rf "$tree/.pc"
			die "series does not apply to $tree (see above); tree left as it was"
		fi
		rm -rf "$tree/.pc"
	fi
	echo "applied ${#PATCHES[@]} patches to $tree"
}

if [ $# = 0 ]; then
	"$(dirname "$0")/fetch-tree.sh" >/dev/null
	apply_cached
else
	apply_user_tree "$1"
fi
