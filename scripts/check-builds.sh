#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The build checks the 0-day bot runs on a series, each printed as one
# "check: NAME ok|FAILED|SKIPPED (why)" line. Needs the cached tree with
# the series (scripts/apply.sh) and the debug kernel (build-kernel.sh).
#  - bisect: after each patch in turn the objects it touches build (a
#    worktree of the cached tree at that patch, with its own O= dir);
#  - W=1 with gcc and with clang (bookworm's clang-19, LLVM=-19):
#    samples/kthread and the kthread selftest modules, no warning;
#  - sparse (C=2) on the same files, or SKIPPED with the reason when the
#    tree rejects the installed sparse (make C=1 would skip silently);
#  - make coccicheck MODE=report on the new directories: no report but
#    those accepted by name in scripts/coccicheck-exceptions.
#
# Usage: scripts/check-builds.sh
set -u
. "$(dirname "$0")/lib.sh"

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
need clang-19 clang-19 lld-19 llvm-19
need sparse sparse
need spatch coccinelle
need ocamlopt ocaml-nox	# the scripts with OCaml rules
need python3 python3
SAMPLE=samples/kthread
TESTMODS=tools/testing/selftests/kthread/test_modules
CLANG_BUILD=$OUT/build-clang
BISECT_SRC=$CACHE/bisect-src
BISECT_BUILD=$OUT/build-bisect
passed=0 failed=0 skipped=0

# Fail on any compiler or checker diagnostic in the output of "$@".
no_warnings() {
	local out
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	echo "$out"
	! grep -E '(warning|error):' <<<"$out"
}

# modules KDIR MAKEARGS...: compile the selftest modules' objects from a
# copy of their sources in ${TREE:-$SRC} against KDIR (writes nothing
# into the tree).
modules() {
	local kdir=$1 tmp rc=0 objs
	shift
	tmp=$(mktemp -d)
	cp "${TREE:-$SRC}/$TESTMODS"/{Makefile,*.c} "$tmp"
	objs=$(cd "$tmp" && ls -- *.c | sed 's/\.c$/.o/')
	# shellcheck disable=SC2086 # one word per object
	no_warnings make -C "$kdir" M="$tmp" "$@" $objs || rc=1
	rm -rf "$tmp"
	return "$rc"
}

w1_gcc() {
	no_warnings make -C "$SRC" O="$BUILD" W=1 "$SAMPLE/" &&
		modules "$BUILD" W=1
}

w1_clang() {
	local mk=(make -C "$SRC" O="$CLANG_BUILD" LLVM=-19 -j"$(nproc)")
	if [ ! -f "$CLANG_BUILD/.config" ]; then
		mkdir -p "$CLANG_BUILD"
		"${mk[@]}" tinyconfig &&
		printf 'CONFIG_%s\n' 64BIT=y MODULES=y DEBUG_FS=y SAMPLES=y \
			SAMPLE_KTHREAD=m >>"$CLANG_BUILD/.config" &&
		"${mk[@]}" olddefconfig || return 1
	fi
	"${mk[@]}" modules_prepare &&
		no_warnings "${mk[@]}" W=1 "$SAMPLE/" &&
		modules "$CLANG_BUILD" LLVM=-19 W=1
}

sparse_check() {
	local out
	out=$(make -C "$SRC" O="$BUILD" C=2 W=1 "$SAMPLE/" 2>&1)
	if grep -q 'not available or not up to date' <<<"$out"; then
		echo "sparse $(sparse --version) fails scripts/checker-valid.sh: too old for this tree"
		return 77
	fi
	no_warnings echo "$out" && modules "$BUILD" C=2
}

# Every script in scripts/coccinelle; a report line is "file:line:...".
coccicheck() {
	local d out
	for d in "$SAMPLE" "${TESTMODS%/*}"; do
		out=$(make -C "$SRC" O="$BUILD" coccicheck MODE=report M="$d" \
			J="$(nproc)" 2>&1) || { echo "$out"; return 1; }
		echo "$out"
		! grep -E '^[^ ]+\.[ch]:[0-9]+:' <<<"$out" | cocci_unexcepted |
			grep . || return 1
	done
}

# For each patch: check it out in the worktree and build what it touches.
bisect() {
	local c f targets
	local mk=(make -C "$BISECT_SRC" O="$BISECT_BUILD" CC="ccache gcc" -j"$(nproc)")
	git -C "$BISECT_SRC" rev-parse -q HEAD >/dev/null 2>&1 || {
		rm -rf "$BISECT_SRC"; git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q --detach "$BISECT_SRC" baseline || return 1
	}
	mkdir -p "$BISECT_BUILD"
	for c in $(git -C "$SRC" rev-list --reverse baseline..series); do
		git -C "$SRC" log -1 --format='== %h %s' "$c"
		git -C "$BISECT_SRC" checkout -q --detach "$c" || return 1
		targets=()
		for f in $(git -C "$SRC" diff-tree --no-commit-id --name-only -r "$c"); do
			case $f in
			"$SAMPLE"/*) targets+=("$SAMPLE/") ;;
			include/linux/kthread.h) targets+=(kernel/kthread.o) ;;
			tools/*|Documentation/*|scripts/*) ;;
			*.c) targets+=("${f%.c}.o") ;;
			esac
		done
		cp "$BUILD/.config" "$BISECT_BUILD/.config"
		# shellcheck disable=SC2046 # one word per target
		"${mk[@]}" olddefconfig modules_prepare \
			$(printf '%s\n' "${targets[@]}" | sort -u) || return 1
		if git -C "$SRC" diff-tree --no-commit-id --name-only -r "$c" | grep -q "^$TESTMODS/"; then
			TREE=$BISECT_SRC modules "$BISECT_BUILD" || return 1
		fi
	done
}

check "bisect: each patch builds" bisect
check "W=1 gcc" w1_gcc
check "W=1 clang-19" w1_clang
check "sparse C=2" sparse_check
check "coccicheck" coccicheck
echo "builds: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
