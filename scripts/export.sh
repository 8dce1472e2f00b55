#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits baseline..series of the cached tree back into patches/
# (one file per commit, named by git format-patch, series file rewritten).
# With --check, write to a scratch folder instead and fail if patches/
# differs from it: patches/ must be exactly what export writes.
#
# Usage: scripts/export.sh [--check]
set -eu
. "$(dirname "$0")/lib.sh"

case "${1:-}" in
"") out=$REPO/patches ;;
--check) out=$(mktemp -d); trap 'rm -rf "$out"' EXIT ;;
*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
esac

[ "$out" != "$REPO/patches" ] || rm -f "$REPO"/patches/*.patch
# A fixed abbreviation (the kernel's own core.abbrev): git's default grows
# with the number of objects, which would make the index lines differ
# between a fresh cache and an old one.
git -C "$SRC" -c core.abbrev=12 format-patch -q -N --zero-commit --no-signature \
	-o "$out" baseline..series
(cd "$out" && ls -1 -- *.patch) >"$out/series"

if [ "${1:-}" = --check ]; then
	if ! diff -ru "$REPO/patches" "$out" >&2; then
		die "patches/ is not what scripts/export.sh writes from branch series"
	fi
	echo "patches/ matches branch series ($(wc -l <"$out/series") patches)"
fi
