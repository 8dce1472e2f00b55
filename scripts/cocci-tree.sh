#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the kthread lifecycle checker (scripts/coccinelle/api/
# kthread_lifecycle.cocci, from the series) over the whole pinned tree in
# report mode. The report goes to $LOGS/cocci-tree.txt; prints the elapsed
# time and the number of findings per rule. make writes only to a
# throw-away O= folder, never into the tree.
#
# Usage: scripts/cocci-tree.sh
set -eu
. "$(dirname "$0")/lib.sh"
need spatch coccinelle

[ $# = 0 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
COCCI=$SRC/scripts/coccinelle/api/kthread_lifecycle.cocci
[ -f "$COCCI" ] || die "$COCCI missing: apply the series first"
OUT=$LOGS/cocci-tree.txt
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

t0=$SECONDS
# spatch skips by itself the files without the rules' tokens; --use-gitgrep
# gave the same report and was not faster.
nice -n 10 make -s -C "$SRC" O="$TMP" coccicheck MODE=report J=2 \
	COCCI="$COCCI" >"$TMP/report" 2>"$TMP/stderr" ||
	{ cat "$TMP/stderr" >&2; die "make coccicheck failed"; }
grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$TMP/report" | sed "s|^$SRC/||" |
	sort -V >"$OUT"
echo "cocci-tree: $((SECONDS - t0))s, $(wc -l <"$OUT") findings in $OUT"

count() { printf '  %-44s %s\n' "$1" "$(grep -c -e "$2" "$OUT" || true)"; }
count "1 stop loop that never sleeps" 'loop never sleeps'
count "2 uninterruptible sleep after the stop test" 'uninterruptible sleep set after'
count "3 msleep()/ssleep() in the stop loop" 'in a kthread_should_stop() loop:'
count "4 kthread_stop() of a thread that returns" 'can return on its own'
count "5 thread that exits by hand" 'exits by hand'
