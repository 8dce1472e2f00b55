#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Judge one VM run. Fails closed: the run passes only if the guest wrote
# "init: end" to the result port, every KTAP plan was completed, no test
# failed or was skipped, and the console shows no splat.
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
top_bad=$(count '^not ok |^ok .*# SKIP' "$result")
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
