# SPDX-License-Identifier: GPL-2.0
# Shared settings for the scripts in this folder; sourced, never run.
# Every path a script writes to outside the clone is derived here.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../linux.pin
. "$REPO/linux.pin"

# Cache of the extracted tree and of every build, keyed by the pin.
CACHE=${KTHREAD_CACHE:-$HOME/.cache/kthread-series}/$DEB_VERSION
# Folder that may already hold the pinned .deb (CI: ../shared/linux).
DEB_DIR=${LINUX_DEB_DIR:-$CACHE/deb}
# KTHREAD_SRC: another checkout of the patched tree (e.g. a git worktree).
SRC=${KTHREAD_SRC:-$CACHE/src}	# pristine tree + history: baseline, series
# KTHREAD_KERNEL: which kernel to build and boot: "debug" (the test kernel,
# the default) or "bench" (no debug options, for figures).
KERNEL=${KTHREAD_KERNEL:-debug}
# KTHREAD_OUT: a folder of your own for the build, the VM files and the
# logs (e.g. with a worktree in KTHREAD_SRC), so two trees never share one.
OUT=${KTHREAD_OUT:-$CACHE}
case "$KERNEL" in
debug) BUILD=$OUT/build ;;	# O= output of the debug test kernel
bench) BUILD=$OUT/build-bench ;;
*) echo "error: KTHREAD_KERNEL=$KERNEL: debug or bench" >&2; exit 2 ;;
esac
LOGS=$OUT/logs
DEB_FILE=${DEB_PACKAGE}_${DEB_VERSION}_all.deb

mkdir -p "$CACHE" "$OUT" "$LOGS"

die() { echo "error: $*" >&2; exit 1; }

# The patch file names of patches/series, in order, one per line.
series_patches() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$REPO/patches/series"
}

# need CMD PACKAGE...: install the Debian packages unless CMD exists.
need() {
	local cmd=$1; shift
	command -v "$cmd" >/dev/null 2>&1 && return 0
	echo "installing $* (for $cmd)" >&2
	[ "$(id -u)" = 0 ] || die "$cmd missing: apt-get install $*"
	[ -n "${APT_UPDATED:-}" ] || { apt-get update -qq >&2; APT_UPDATED=1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "$@" >&2 || die "could not install $*"
}

# stage NAME LOG CMD...: run CMD with its output in LOG, print one line with
# the elapsed time; on failure name the stage, show the log's tail, exit.
stage() {
	local name=$1 log=$2 t0=$SECONDS rc=0
	shift 2
	printf '%-11s ... ' "$name" >&2
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAILED after $((SECONDS - t0))s (exit $rc), log: $log" >&2
		tail -n 40 "$log" >&2
		exit "$rc"
	fi
	echo "ok ($((SECONDS - t0))s)" >&2
}

# cocci_unexcepted: filter Coccinelle report lines ("path:line[:col]: msg")
# on stdin, printing those not accepted in scripts/coccicheck-exceptions
# and naming the accepted ones on stderr.
cocci_unexcepted() {
	local line norm e exc
	mapfile -t exc < <(sed -e 's/[[:space:]]*#.*//' -e '/^$/d' "$REPO/scripts/coccicheck-exceptions")
	while IFS= read -r line; do
		norm=$(sed -E 's|^([^ :]*/)?([^/ :]+):[0-9]+:([0-9-]+:)? |\2: |' <<<"$line")
		for e in "${exc[@]}"; do
			[[ $norm == "$e"* ]] && { echo "accepted exception: $line" >&2; continue 2; }
		done
		echo "$line"
	done
}

# check NAME CMD...: run one check with its output in a log, print
# "check: NAME ok|SKIPPED (why)|FAILED (log)" and count it in the caller's
# passed/skipped/failed. CMD exits 77 to skip, its last line saying why.
check() {
	local name=$1 id=${1,,} rc=0
	local log=$LOGS/check-${id//[^a-z0-9]/_}.log
	shift
	"$@" >"$log" 2>&1 || rc=$?
	case $rc in
	0) echo "check: $name ok"; passed=$((passed + 1)) ;;
	77) echo "check: $name SKIPPED ($(tail -n 1 "$log"))"; skipped=$((skipped + 1)) ;;
	*) echo "check: $name FAILED ($log)"; tail -n 20 "$log"; failed=$((failed + 1)) ;;
	esac
}
