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
# the default), "plain" (the same machine and the kthread selftest's config
# fragment, no debug options: as CI farms build) or "bench" (no debug
# options, for figures).
KERNEL=${KTHREAD_KERNEL:-debug}
# KTHREAD_OUT: a folder of your own for the build, the VM files and the
# logs (e.g. with a worktree in KTHREAD_SRC), so two trees never share one.
OUT=${KTHREAD_OUT:-$CACHE}
case "$KERNEL" in
debug) BUILD=$OUT/build ;;	# O= output of the debug test kernel
plain) BUILD=$OUT/build-plain ;;
bench) BUILD=$OUT/build-bench ;;
*) echo "error: KTHREAD_KERNEL=$KERNEL: debug, plain or bench" >&2; exit 2 ;;
esac
# make in $BUILD: every call there passes the same variables, or kbuild
# sees a changed command line and rebuilds (and relinks) what it touches.
KMAKE=(make -C "$SRC" O="$BUILD" ARCH=x86_64 CC="ccache gcc")
LOGS=$OUT/logs
DEB_FILE=${DEB_PACKAGE}_${DEB_VERSION}_all.deb

mkdir -p "$CACHE" "$OUT" "$LOGS"

die() { echo "error: $*" >&2; exit 1; }

# patches/ holds one quilt series per upstream submission, in a folder of
# its own (patches/NAME/series), and patches/series lists every patch as
# NAME/FILE in the order the series apply (the stated order). A series
# that needs another first says so in its series file: "# needs: NAME".

# series_patches [NAME]: the patches of series NAME (default: all, in
# order), one per line, as paths relative to patches/.
series_patches() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$REPO/patches/series" |
		if [ -n "${1:-}" ]; then grep "^$1/"; else cat; fi
}

# series_names: the series, in the stated order.
series_names() {
	series_patches | sed 's|/.*||' | awk '!seen[$0]++'
}

# series_needs NAME: the series NAME needs applied before it, if any.
series_needs() {
	sed -n 's/^# needs: *//p' "$REPO/patches/$1/series"
}

# series_alone NAME: what applying series NAME alone takes: the patches
# of the series it needs, then its own.
series_alone() {
	local n
	n=$(series_needs "$1")
	[ -z "$n" ] || series_patches "$n"
	series_patches "$1"
}

# scratch_worktree DIR: a detached worktree of the cached tree at DIR
# (made at baseline if DIR holds none), for checks that must not touch
# branch series.
scratch_worktree() {
	git -C "$1" rev-parse -q HEAD >/dev/null 2>&1 && return 0
	(	# one at a time: scripts of scripts/test.sh run side by side
		flock 9
		rm -rf "$1"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$1" baseline
	) 9>"$CACHE/worktree.lock"
}

# need CMD PACKAGE...: install the Debian packages unless CMD exists. One
# line says what is installed; apt's own output goes to a log.
need() {
	local cmd=$1; shift
	command -v "$cmd" >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || die "$cmd missing: apt-get install $*"
	echo "installing $* (for $cmd)" >&2
	{
		[ -n "${APT_UPDATED:-}" ] || apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends "$@"
	} >>"$LOGS/apt.log" 2>&1 || die "could not install $* (log: $LOGS/apt.log)"
	APT_UPDATED=1
}

# Stage results: a stage or check that passed records the digest of its
# inputs in $STAMPS/NAME; while that digest is unchanged it is not run
# again but printed as "cached" with the date of the run it reuses. A
# failure is never recorded. Under CI (CI=true) or with KTHREAD_FULL=1
# (scripts/test.sh --full) nothing is reused.
STAMPS=$OUT/stamps
mkdir -p "$STAMPS"

# inputs WORD...: digest of what the words name. A word is a file or
# folder of this repo (its content), "tree:PATHSPEC..." (the tree's
# changes against baseline there, committed or not, and its untracked
# files), "cmd:COMMAND" (its output: a tool's version) or "=TEXT" (the
# text itself, e.g. another digest). Full hashes in the diff: git's
# abbreviation grows with the object count (git am and gc in the checks).
inputs() {
	local w
	for w in "$@"; do
		echo "== $w"
		case $w in
		tree:*)	# shellcheck disable=SC2086 # one word per pathspec
			git -C "$SRC" diff --binary --full-index baseline -- ${w#tree:}
			# shellcheck disable=SC2086
			git -C "$SRC" ls-files -o --exclude-standard -- ${w#tree:} |
				(cd "$SRC" && xargs -r sha256sum) ;;
		cmd:*) bash -c "${w#cmd:}" 2>&1 ;;
		=*) echo "$w" ;;
		*) (cd "$REPO" && find "$w" -type f -print0 | sort -z | xargs -0r sha256sum) ;;
		esac
	done | digest
}
digest() { sha256sum | cut -c1-16; }

# kernel_key [SOURCES_KEY]: the inputs of the kernel KTHREAD_KERNEL names
# and of its modules: the tree's code (not its documentation or tools),
# the config fragments and the compiler (or SOURCES_KEY, their digest
# taken earlier), then the build's own output (a build by hand or by
# another script changes it).
KERNEL_INPUTS=(scripts/build-kernel.sh tools-testing-selftests/{machine,kernel}.config
	tools-testing-selftests/bench.config "=$KERNEL"
	"tree:. :!Documentation :!tools :!scripts/coccinelle"
	tree:tools/testing/selftests/kthread/config "cmd:gcc --version | head -n 1")
# kernel_inputs: "DIGEST WORD" per input (build-kernel.sh names the one
# that changed).
kernel_inputs() {
	local w
	for w in "${KERNEL_INPUTS[@]}"; do echo "$(inputs "$w") $w"; done
}
kernel_sources_key() { kernel_inputs | digest; }
build_times() {
	stat -c %Y "$BUILD/arch/x86/boot/bzImage" "$BUILD/modroot" 2>/dev/null | paste -sd-
}
kernel_key() { echo "${1:-$(kernel_sources_key)}-$(build_times)"; }

stamp_file() { echo "$STAMPS/$(tr -c 'A-Za-z0-9_.\n-' _ <<<"$1")"; }

# fresh NAME KEY: NAME passed last with inputs KEY (and reuse is allowed);
# sets CACHED to the date of that run and CACHED_SUMMARY to its summary.
fresh() {
	local f
	f=$(stamp_file "$1")
	[ "${CI:-}" != true ] && [ -z "${KTHREAD_FULL:-}" ] && [ -f "$f" ] &&
		[ "$(head -n 1 "$f")" = "$2" ] || return 1
	CACHED=$(sed -n 2p "$f")
	CACHED_SUMMARY=$(sed -n 3p "$f")
}

# record NAME KEY [SUMMARY]: NAME passed with inputs KEY.
record() {
	printf '%s\n%s\n%s\n' "$2" "$(date -u '+%F %T UTC')" "${3:-}" >"$(stamp_file "$1")"
}

# stage [-k KEY] NAME LOG CMD...: run CMD with its output in LOG, print
# one line with the elapsed time; on failure name the stage, show the
# log's tail, exit. With -k, skip it while its inputs KEY are unchanged.
stage() {
	local key=""
	[ "$1" != -k ] || { key=$2; shift 2; }
	local name=$1 log=$2 t0=$SECONDS rc=0
	shift 2
	printf '%-11s ... ' "$name" >&2
	if [ -n "$key" ] && fresh "stage-$name" "$key"; then
		echo "cached (passed $CACHED)" >&2
		return 0
	fi
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		echo "FAILED after $((SECONDS - t0))s (exit $rc), log: $log" >&2
		tail -n 40 "$log" >&2
		exit "$rc"
	fi
	echo "ok ($((SECONDS - t0))s)" >&2
	[ -z "$key" ] || record "stage-$name" "$key"
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

# check [-k KEY] NAME CMD...: run one check with its output in a log,
# print "check: NAME ok|SKIPPED (why)|FAILED (log)" and count it in the
# caller's passed/skipped/failed. CMD exits 77 to skip, its last line
# saying why. With -k, a check that passed with inputs KEY is not run
# again: "check: NAME ok (cached: passed DATE)".
check() {
	local key=""
	[ "$1" != -k ] || { key=$2; shift 2; }
	local name=$1 id=${1,,} rc=0 t0=$SECONDS
	local log=$LOGS/check-${id//[^a-z0-9]/_}.log
	shift
	if [ -n "$key" ] && fresh "check-$name" "$key"; then
		echo "check: $name ok (cached: passed $CACHED)"
		passed=$((passed + 1))
		return 0
	fi
	"$@" >"$log" 2>&1 || rc=$?
	case $rc in
	0) echo "check: $name ok ($((SECONDS - t0))s)"; passed=$((passed + 1))
	   [ -z "$key" ] || record "check-$name" "$key" ;;
	77) echo "check: $name SKIPPED ($(tail -n 1 "$log"))"; skipped=$((skipped + 1)) ;;
	*) echo "check: $name FAILED ($log)"; tail -n 20 "$log"; failed=$((failed + 1)) ;;
	esac
}
