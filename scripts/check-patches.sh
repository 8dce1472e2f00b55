#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks a maintainer runs on each series, each printed as one
# "check: NAME ok|FAILED" line. Needs the cached tree (scripts/apply.sh).
#  - checkpatch.pl --strict on every patch as it would be sent (with a
#    Signed-off-by of the sender added): 0 errors, warnings and checks;
#  - Subject prefix in the subsystem's style, a changelog, no sign-off of
#    an invented person in the repo;
#  - each series alone (after the series it needs) on the pristine tree:
#    `git am` and `quilt push -a --fuzz=0`;
#  - kernel-doc -Wall on the kthread files: 0 warnings;
#  - patches/ is exactly what scripts/export.sh writes.
# Checks whose inputs did not change since they passed are not rerun.
#
# Usage: scripts/check-patches.sh
set -u
. "$(dirname "$0")/lib.sh"
need quilt quilt

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
# The subsystems' own prefixes: the kthread series, then each driver fix.
PREFIXES='kthread|samples: kthread|selftests: kthread|Documentation: core-api|coccinelle: api'
PREFIXES+='|platform/x86: intel_ips|greybus: es2|iio: adc: ina2xx|bcache|media: cxd2880-spi'
PREFIXES+='|dpaa2-eth|net: wwan: t7xx|PCI: cpcihp|staging: greybus: loopback|block: mtip32xx'
PREFIXES+='|misc: genwqe|usb: host: max3421-hcd'
passed=0 failed=0 skipped=0
AM_SRC=$CACHE/am-src
# What every check here depends on besides its own input.
COMMON="linux.pin scripts/check-patches.sh scripts/checkpatch-exceptions"

IGNORE=$(sed -e 's/#.*//' -e '/^$/d' "$REPO/scripts/checkpatch-exceptions" | paste -sd,)
echo "checkpatch exceptions (scripts/checkpatch-exceptions): ${IGNORE:-none}"

# The patch as prepare-submission.sh sends it: From: the sender, whose
# sign-off follows the changelog.
as_sent() {
	awk -v who='Checking Sender <sender@example.org>' '
	body == 0 && /^From: / { print "From: " who; skip = 1; next }
	skip && /^[ \t]/ { next }
	{ skip = 0 }
	body == 0 && /^---$/ { print ""; print "Signed-off-by: " who; body = 1 }
	{ print }' "$REPO/patches/$1"
}

checkpatch() {
	local out
	out=$(as_sent "$1" | "$SRC/scripts/checkpatch.pl" --strict --no-tree \
		--show-types ${IGNORE:+--ignore "$IGNORE"} -)
	echo "$out"
	grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$out"
}

style() {
	local f=$REPO/patches/$1
	grep -qE "^Subject: \[PATCH[^]]*\] ($PREFIXES): " "$f" &&
		! grep -q '^Signed-off-by: ' "$f" &&
		[ "$(sed -n '/^$/,/^---$/p' "$f" | grep -c .)" -ge 4 ]
}

git_am_alone() {
	local p
	git -C "$AM_SRC" checkout -q -f --detach baseline && git -C "$AM_SRC" clean -qfdx || return 1
	for p in $(series_alone "$1"); do
		git -C "$AM_SRC" -c user.name=check -c user.email=check@localhost \
			am -q --no-3way "$REPO/patches/$p" || { git -C "$AM_SRC" am --abort; return 1; }
	done
	echo "git am: $(series_alone "$1" | wc -l) patches"
}

# quilt on a copy of only the pristine files the series touches.
quilt_alone() {
	local tree list rc=0
	tree=$(mktemp -d) list=$(mktemp)
	series_alone "$1" >"$list"
	(cd "$REPO/patches" && xargs cat <"$list") | lsdiff --strip=1 2>/dev/null |
		sort -u | (cd "$SRC" && xargs git ls-tree -r --name-only baseline --) |
		xargs -r git -C "$SRC" archive baseline -- | tar -x -C "$tree"
	(cd "$tree" && QUILT_PATCHES="$REPO/patches" QUILT_SERIES="$list" quilt push -a --fuzz=0 -q) || rc=1
	rm -rf "$tree" "$list"
	return "$rc"
}

kerneldoc() {
	local out
	out=$(cd "$SRC" && scripts/kernel-doc -none -Wall include/linux/kthread.h kernel/kthread.c 2>&1)
	echo "$out"
	[ -z "$out" ]
}

need lsdiff patchutils
scratch_worktree "$AM_SRC" || die "cannot make the worktree $AM_SRC"
for s in $(series_names); do
	echo "== series $s"
	for p in $(series_patches "$s"); do
		check -k "$(inputs $COMMON "patches/$p")" "checkpatch $p" checkpatch "$p"
		check "style $p" style "$p"
	done
	key=$(inputs $COMMON $(series_alone "$s" | sed 's|^|patches/|'))
	check -k "$key" "git am $s alone" git_am_alone "$s"
	check -k "$key" "quilt push $s alone" quilt_alone "$s"
done
check "kernel-doc -Wall" kerneldoc
check "patches/ = export" "$REPO/scripts/export.sh" --check
echo "checks: $passed passed, $failed failed"
[ "$failed" = 0 ]
