#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the kthread checkers of the series (scripts/coccinelle/api/
# kthread_stop_loop.cocci, kthread_stop_uaf.cocci and
# kthread_complete_and_exit.cocci) over the whole tree in report mode,
# with J spatch jobs (default 2). The report goes to
# $LOGS/cocci-tree-jJ.txt, sorted; prints the time of each checker with
# the load average before and after it, and the number of findings per
# rule. make writes only to a throw-away O= folder, never into the tree.
#
# Usage: scripts/cocci-tree.sh [-j 1|2]
set -eu
. "$(dirname "$0")/lib.sh"
need spatch coccinelle

J=2
case "$*" in
"") ;;
"-j 1" | "-j 2") J=$2 ;;
*) sed -n 's/^# Usage: //p' "$0" >&2; exit 2 ;;
esac
OUTF=$LOGS/cocci-tree-j$J.txt
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
: >"$TMP/all"

load() { cut -d' ' -f1-3 /proc/loadavg; }
t0=$SECONDS
for c in kthread_stop_loop kthread_stop_uaf kthread_complete_and_exit; do
	COCCI=$SRC/scripts/coccinelle/api/$c.cocci
	[ -f "$COCCI" ] || die "$COCCI missing: apply the series first"
	t1=$SECONDS l1=$(load)
	# spatch skips by itself the files without the rules' tokens.
	nice -n 10 make -s -C "$SRC" O="$TMP/o" coccicheck MODE=report J="$J" \
		COCCI="$COCCI" >"$TMP/report" 2>"$TMP/stderr" ||
		{ cat "$TMP/stderr" >&2; die "make coccicheck failed for $c"; }
	grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$TMP/report" |
		sed "s|^$SRC/||" >>"$TMP/all"
	echo "cocci-tree: $c: $((SECONDS - t1))s (load before: $l1, after: $(load))"
done
sort -V "$TMP/all" >"$OUTF"
echo "cocci-tree: -j$J $((SECONDS - t0))s, $(wc -l <"$OUTF") findings in $OUTF"

count() { printf '  %-52s %s\n' "$1" "$(grep -c -e "$2" "$OUTF" || true)"; }
count "busy loop (kthread_stop_loop)" 'loop that never sleeps'
count "lost stop wake-up, hang (kthread_stop_loop)" 'uninterruptible state set after'
count "blocking wait in a stop loop, hang (kthread_stop_loop)" 'in a stop loop does not end on'
count "long sleep, latency (kthread_stop_loop)" 'in a stop loop: kthread_stop() waits'
count "stop after exit, use-after-free (kthread_stop_uaf)" 'kthread_stop() without a task reference'
count "complete(); return (kthread_complete_and_exit)" 'ends with complete() and return'
