#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The build checks the 0-day bot runs on the series, each printed as one
# "check: NAME ok|FAILED|SKIPPED (why)" line. Needs the cached tree with
# the series (scripts/apply.sh) and the debug kernel (build-kernel.sh).
#  - bisect, W=1 gcc: after each patch in turn (stated order), the objects
#    it touches build with W=1 and no warning (a worktree at that patch,
#    its own O= dir with the debug .config; only those objects, and
#    modules_prepare once, are compiled);
#  - W=1 clang-19 (LLVM=-19): the objects the series touches;
#  - sparse (C=2) on the same files, or SKIPPED with the reason when the
#    tree rejects the installed sparse (make C=1 would skip silently);
#  - coccicheck (every script of scripts/coccinelle, make coccicheck M=)
#    on the C files the series adds or changes: no report but those
#    accepted by name in scripts/coccicheck-exceptions.
# Checks whose inputs did not change since they passed are not rerun.
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

# targets TREE REV...: the make targets for the files the commits change:
# an object per C file, kernel/kthread.o for kthread.h, a folder for the
# samples; tools/, scripts/ and Documentation/ build elsewhere, and the
# drivers of the series "fixes" in an allmodconfig tree
# (scripts/check-fixes.sh): the debug kernel's config builds none.
targets() {
	local tree=$1 f
	shift
	for f in $(git -C "$tree" diff-tree --no-commit-id --name-only -r "$@"); do
		case $f in
		samples/kthread/*) echo samples/kthread/ ;;
		include/linux/kthread.h) echo kernel/kthread.o ;;
		tools/*|Documentation/*|scripts/*|drivers/*) ;;
		*.c) echo "${f%.c}.o" ;;
		esac
	done | sort -u
}

# modules KDIR MAKEARGS...: compile the selftest modules' objects from a
# copy of their sources in ${TREE:-$SRC} against KDIR (writes nothing
# into the tree); nothing to do if the series has none. Any diagnostic
# fails it.
modules() {
	local kdir=$1 tmp rc=0 objs
	shift
	[ -d "${TREE:-$SRC}/$TESTMODS" ] || return 0
	tmp=$(mktemp -d)
	cp "${TREE:-$SRC}/$TESTMODS"/{Makefile,*.c} "$tmp"
	objs=$(cd "$tmp" && ls -- *.c | sed 's/\.c$/.o/')
	# shellcheck disable=SC2086 # one word per object
	no_warnings make -C "$kdir" M="$tmp" "$@" $objs || rc=1
	rm -rf "$tmp"
	return "$rc"
}

# commit_key C: what the objects commit C touches are built from: the
# trees at C of include/, arch/, kernel/ and of the folders C changes,
# with the config, the compiler and this script. An edit of one patch
# changes the key of that patch, and of later ones only if it changed
# those folders (an edit of the samples reruns the samples' patch only).
commit_key() {
	local c=$1 dirs
	dirs=$(git -C "$SRC" diff-tree --no-commit-id --name-only -r "$c" | cut -d/ -f1-2 | sort -u)
	# shellcheck disable=SC2046 # one word per path
	inputs "=$BISECT_KEY" "=$(git -C "$SRC" rev-parse $(printf "$c:%s\n" include arch kernel $dirs) 2>&1)"
}

# prepare_from_debug DIR MAKE...: give DIR the debug kernel's config and
# prepare it for external modules, unless that config is already there
# (the object targets run prepare themselves).
prepare_from_debug() {
	local dir=$1
	shift
	mkdir -p "$dir"
	! cmp -s "$BUILD/.config" "$dir/.config.debug" || return 0
	cp "$BUILD/.config" "$dir/.config"
	"$@" olddefconfig modules_prepare >/dev/null || return 1
	cp "$BUILD/.config" "$dir/.config.debug"
}

# For each patch: check it out in the worktree and build what it touches;
# not again while its commit_key is unchanged.
bisect() {
	local c t key name
	local mk=(make -C "$BISECT_SRC" O="$BISECT_BUILD" CC="ccache gcc" -j"$(nproc)")
	scratch_worktree "$BISECT_SRC" || return 1
	prepare_from_debug "$BISECT_BUILD" "${mk[@]}" || return 1
	for c in $(git -C "$SRC" rev-list --reverse baseline..series); do
		git -C "$SRC" log -1 --format='== %h %s' "$c"
		name=bisect-$(git -C "$SRC" log -1 --format=%f "$c")
		key=$(commit_key "$c")
		if fresh "$name" "$key"; then
			echo "cached (passed $CACHED)"
			continue
		fi
		git -C "$BISECT_SRC" checkout -q --detach "$c" || return 1
		t=$(targets "$SRC" "$c")
		# shellcheck disable=SC2086 # one word per target
		[ -z "$t" ] || no_warnings "${mk[@]}" W=1 $t || return 1
		if git -C "$SRC" diff-tree --no-commit-id --name-only -r "$c" | grep -q "^$TESTMODS/"; then
			TREE=$BISECT_SRC modules "$BISECT_BUILD" W=1 || return 1
		fi
		record "$name" "$key"
	done
}

w1_clang() {
	local mk=(make -C "$SRC" O="$CLANG_BUILD" LLVM=-19 -j"$(nproc)") t
	prepare_from_debug "$CLANG_BUILD" "${mk[@]}" || return 1
	t=$(targets "$SRC" baseline series)
	# shellcheck disable=SC2086 # one word per target
	no_warnings "${mk[@]}" W=1 $t && modules "$CLANG_BUILD" LLVM=-19 W=1
}

sparse_check() {
	local out t
	t=$(targets "$SRC" baseline series)
	# make C=2 with an invalid sparse would go on and build without it
	if [ "$("$SRC/scripts/checker-valid.sh" sparse -m64)" != 1 ]; then
		echo "sparse $(sparse --version) fails scripts/checker-valid.sh: too old for this tree"
		return 77
	fi
	# shellcheck disable=SC2086 # one word per target
	out=$("${KMAKE[@]}" C=2 $t 2>&1)
	no_warnings echo "$out" && modules "$BUILD" C=2
}

# sources TARGET: the tree paths a target is built from, one per line.
sources() {
	case $1 in
	*/) echo "$1" ;;
	kernel/kthread.o) printf "%s\n" kernel/kthread.c include/linux/kthread.h ;;
	*) echo "${1%.o}.c" ;;
	esac
}

# Every script of scripts/coccinelle on the C files of the targets the
# series touches (and the selftest modules), with the tree's own
# `make coccicheck M=DIR`: DIR holds copies of the files of the targets
# whose sources, the scripts or spatch changed since they passed, so one
# spatch per script checks them all (one per script and file, as C=2
# does it, took ten times as long). A report line is "./file:line:...".
coccicheck() {
	local t key base tmp out stale=() keys=() i
	base=$(inputs "tree:scripts/coccinelle" scripts/coccicheck-exceptions \
		"cmd:spatch --version | head -n 1")
	tmp=$(mktemp -d)
	for t in $(targets "$SRC" baseline series) "$TESTMODS/"; do
		# shellcheck disable=SC2046 # one word per path
		key=$(inputs "=$base" $(sources "$t" | sed 's/^/tree:/'))
		if fresh "coccicheck-$t" "$key"; then
			echo "$t: cached (passed $CACHED)"
			continue
		fi
		stale+=("$t") keys+=("$key")
		(cd "$SRC" && git ls-files -- "$(sources "$t" | grep -E '(/|\.c)$' | head -n 1)" |
			grep '\.c$' | cpio -pdm --quiet "$tmp") || { rm -rf "$tmp"; return 1; }
	done
	if [ ${#stale[@]} -gt 0 ]; then
		echo "checking: ${stale[*]}"
		# one make coccicheck COCCI=script per script with a report mode
		# (as coccicheck picks them), nproc at a time: spatch's own
		# --jobs splits files, and these are few
		out=$(find "$SRC/scripts/coccinelle" -name '*.cocci' -type f | sort |
			xargs grep -l 'virtual[[:space:]]\+report' |
			xargs -P"$(nproc)" -I{} "${KMAKE[@]}" -s coccicheck MODE=report M="$tmp" COCCI={} 2>&1) ||
			{ echo "$out"; rm -rf "$tmp"; return 1; }
		echo "$out"
	fi
	rm -rf "$tmp"
	! grep -E '^[^ ]+\.[ch]:[0-9]+:' <<<"${out:-}" | sed 's#^\./##' | cocci_unexcepted | grep . || return 1
	for i in "${!stale[@]}"; do
		record "coccicheck-${stale[$i]}" "${keys[$i]}"
	done
}

src_key=$(inputs scripts/check-builds.sh linux.pin tools-testing-selftests/{machine,kernel}.config \
	"tree:. :!Documentation :!tools/testing/selftests/kthread/*.sh")
BISECT_KEY=$(inputs scripts/check-builds.sh linux.pin tools-testing-selftests/{machine,kernel}.config \
	tree:tools/testing/selftests/kthread/config "cmd:gcc --version | head -n 1")
check -k "$(inputs "=$src_key" "=$BISECT_KEY")" "bisect, W=1 gcc: each patch builds" bisect
check -k "$(inputs "=$src_key" "cmd:clang-19 --version | head -n 1")" "W=1 clang-19" w1_clang
check -k "$(inputs "=$src_key" "cmd:sparse --version")" "sparse C=2" sparse_check
check "coccicheck" coccicheck
echo "builds: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
