#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Judge one VM run. Fails closed: the run passes only if the guest wrote
# "init: end" to the result port, every KTAP plan was completed, no test
# failed or was skipped, the console shows no splat, and the kernel's
# taint (init reports it last) holds no flag other than those loading test
# modules raises: O (out-of-tree), E (unsigned), N (TAINT_TEST, KUnit and
# tools/testing modules).
# JUDGE_ALLOW_SKIP="name ..." accepts skips of the KTAP lines so named (for
# a run on a kernel known to lack a fix); every other skip fails the run.
#
# Usage: judge.sh CONSOLE_LOG RESULT_LOG
set -u

[ $# = 2 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
console=$1 result=$2

# One table of splats: category and the extended regexp that finds it.
SPLATS='
bug		BUG:|Oops|general protection fault
warning		WARNING:|cut here
kasan		KASAN
lockdep		possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage
kmemleak	unreferenced object|suspected memory leak
hung_task	blocked for more than
lockup		soft lockup|hard LOCKUP|rcu_.*detected stall
panic		Kernel panic
trace		Call Trace:
'

count() { local n; n=$(grep -cE "$1" "$2" 2>/dev/null); echo "${n:-0}"; }

splats=0
while IFS=$'\t' read -r name re; do
	[ -n "$name" ] || continue
	re=${re#"${re%%[![:space:]]*}"}
	n=$(count "$re" "$console")
	if [ "$n" -gt 0 ]; then
		echo "console: $n x $name" >&2
		grep -m1 -B5 -A25 -E "$re" "$console" >&2
		splats=$((splats + n))
	fi
done <<<"$(printf '%s' "$SPLATS" | sed 's/\t\+/\t/')"

# KTAP nested in run_kselftest.sh output: "# ok N", "# not ok N", "# 1..N".
short=0
pass=$(count '^# ok [0-9]+' "$result")
skip=$(count '^# ok [0-9]+ .*# SKIP' "$result")
fail=$(count '^# not ok [0-9]+' "$result")
pass=$((pass - skip))
planned=$(sed -n 's/^# 1\.\.\([0-9]\+\).*/\1/p' "$result" 2>/dev/null | paste -sd+ | bc)
ran=$((pass + fail + skip))
if [ "${planned:-0}" = 0 ] || [ "$ran" != "$planned" ]; then
	echo "KTAP: planned ${planned:-0} tests, saw $ran results" >&2
	short=1
fi
# A whole script that failed or skipped at the top level counts too.
# Named skips the caller accepts do not count as skips.
allowed=0
for name in ${JUDGE_ALLOW_SKIP:-}; do
	n=$(count "^# ok [0-9]+ $name # SKIP" "$result")
	[ "$n" = 0 ] || echo "accepted skip: $name" >&2
	allowed=$((allowed + n))
done
skip=$((skip - allowed)) pass=$((pass + allowed))
top_bad=$(count '^not ok |^ok .*# SKIP' "$result")
# The top-level line of a script whose only skips were accepted.
if [ "$allowed" -gt 0 ] && [ "$skip" = 0 ]; then
	top_bad=$(count '^not ok ' "$result")
fi
# Taint: only O (12), E (13) and N (18, TAINT_TEST) are expected.
taint=$(tr -d '\r' <"$result" | sed -n 's/^init: tainted \([0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$taint" ]; then
	echo "guest did not report its taint" >&2
	short=1
elif [ $((taint & ~((1 << 12) | (1 << 13) | (1 << 18)))) != 0 ]; then
	echo "kernel tainted: $taint (flags other than O, E, N)" >&2
	fail=$((fail + 1))
fi
if ! grep -q '^init: end' "$result" 2>/dev/null; then
	echo "guest never reported its end: it crashed, hung or was killed" >&2
	grep -m1 '^init: FAILED' "$result" >&2
	tail -n 30 "$console" >&2
	short=1
fi
grep -E '^# not ok|^not ok' "$result" >&2
[ "$top_bad" = 0 ] || [ "$fail" -gt 0 ] || fail=$((fail + top_bad))
[ "$splats" = 0 ] || fail=$((fail + 1))
[ "$short" = 0 ] || fail=$((fail + 1))
echo "vm: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ "$skip" = 0 ]
