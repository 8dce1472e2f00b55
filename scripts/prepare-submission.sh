#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare, never send, the series for the mailing lists: format-patch with
# a cover letter (scripts/cover-letter.txt), To/Cc from the tree's
# get_maintainer.pl, and a `git send-email --dry-run` transcript.
#
# Usage: scripts/prepare-submission.sh [OUTDIR]   (default out/submission)
set -eu
. "$(dirname "$0")/lib.sh"
[ $# -le 1 ] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
out=${1:-$REPO/out/submission}
git send-email -h >/dev/null 2>&1 || need no-such-cmd git-email
perl -MMail::Address -e1 2>/dev/null || need no-such-cmd libmailtools-perl

"$REPO/scripts/export.sh" --check
rm -rf "$out" && mkdir -p "$out"
git -C "$SRC" format-patch -q --cover-letter --thread -o "$out" baseline..series
cover=$(ls "$out"/0000-*.patch)
subject="kthread: tell the truth about the kthread lifecycle"
python3 - "$cover" "$subject" "$REPO/scripts/cover-letter.txt" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
s = open(path).read()
s = s.replace("*** SUBJECT HERE ***", subject).replace("*** BLURB HERE ***", blurb.rstrip())
open(path, "w").write(s)
PY
gm="$SRC/scripts/get_maintainer.pl --no-git --no-git-fallback --no-s --no-rolestats"
(cd "$SRC" && git send-email --dry-run --confirm=never --suppress-cc=self \
	--from="$(git config user.name) <$(git config user.email)>" \
	--to-cmd="$gm --no-l" --cc-cmd="$gm --no-m --no-r" \
	"$out"/*.patch) >"$out/send-email-dry-run.txt" 2>&1
grep -E '^(Subject|To|Cc):' "$out/send-email-dry-run.txt" | sort | uniq -c | sort -rn | head -20
echo "prepared $(ls "$out"/*.patch | wc -l) mails in $out (nothing sent)"
