#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits baseline..series of the cached tree back into patches/
# (git format-patch, one folder per series, each folder's series file and
# patches/series rewritten). A commit belongs to the series whose patch
# has its subject, else to the series of the commit before it (a new
# commit joins the series it follows). With --check, write to a scratch
# folder instead and fail if patches/ differs: patches/ must be exactly
# what export writes.
#
# Usage: scripts/export.sh [--check]
set -eu
. "$(dirname "$0")/lib.sh"

case "${1:-}" in
"") out=$REPO/patches ;;
--check) out=$(mktemp -d); trap 'rm -rf "$out"' EXIT ;;
*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
esac

# subject -> series, from the patches as they are now
declare -A owner
for p in $(series_patches); do
	s=$(git mailinfo /dev/null /dev/null <"$REPO/patches/$p" | sed -n 's/^Subject: //p')
	owner[$s]=${p%%/*}
done
names=$(series_names)
cur=$(head -n 1 <<<"$names")
declare -A commits
order=()
for c in $(git -C "$SRC" rev-list --reverse baseline..series); do
	s=$(git -C "$SRC" log -1 --format=%s "$c")
	cur=${owner[$s]:-$cur}
	[ -n "${commits[$cur]:-}" ] || order+=("$cur")
	commits[$cur]+="$c "
done

[ "$out" != "$REPO/patches" ] || rm -f "$REPO"/patches/*/*.patch
head -n 3 "$REPO/patches/series" >"$out/series.new"	# its comment
for name in "${order[@]}"; do
	mkdir -p "$out/$name"
	n=0
	for c in ${commits[$name]}; do
		n=$((n + 1))
		# A fixed abbreviation (the kernel's core.abbrev): git's default
		# grows with the number of objects in the cache.
		git -C "$SRC" -c core.abbrev=12 format-patch -q -N --zero-commit \
			--no-signature --start-number "$n" -o "$out/$name" -1 "$c"
	done
	grep '^#' "$REPO/patches/$name/series" 2>/dev/null >"$out/$name/series.new" || true
	(cd "$out/$name" && ls -1 -- *.patch) >>"$out/$name/series.new"
	mv "$out/$name/series.new" "$out/$name/series"
	sed "s|^|$name/|" <(grep -v '^#' "$out/$name/series") >>"$out/series.new"
done
mv "$out/series.new" "$out/series"

if [ "${1:-}" = --check ]; then
	for name in "${order[@]}"; do
		[ ! -f "$REPO/patches/$name/cover-letter.txt" ] || cp "$REPO/patches/$name/cover-letter.txt" "$out/$name/"
	done
	if ! diff -ru "$REPO/patches" "$out" >&2; then
		die "patches/ is not what scripts/export.sh writes from branch series"
	fi
	echo "patches/ matches branch series ($(series_patches | wc -l) patches in ${#order[@]} series)"
fi
