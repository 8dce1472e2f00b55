#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare, never send, each series for the mailing lists, under the
# identity of the person who sends it (git config user.name/user.email:
# From: and Signed-off-by:). Per series, in OUTDIR/NAME:
#  - b4/: the mails as bookworm's b4 0.12 would send them (`b4 prep`
#    enrolled on the series' base, the cover letter from
#    patches/NAME/cover-letter.txt, `b4 prep --auto-to-cc`, then
#    `b4 send -o`): b4 sends every mail to the union of the recipients;
#  - patches/ and send-email-dry-run.txt: git format-patch with the same
#    cover letter and `git send-email --dry-run`, where each patch goes to
#    the people get_maintainer.pl names for it and the cover letter to
#    all of them (b4 0.12 has no per-patch recipients and no `prep --check`);
#  - checkpatch.txt: checkpatch --strict on the mails as they would go out
#    (with the exceptions of scripts/checkpatch-exceptions).
#
# Usage: scripts/prepare-submission.sh [-s NAME] [OUTDIR]   (default out/submission)
set -eu
. "$(dirname "$0")/lib.sh"
usage() { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
only=""
while getopts s: o; do case $o in s) only=$OPTARG ;; *) usage ;; esac; done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
out=${1:-$REPO/out/submission}
need b4 b4
git send-email -h >/dev/null 2>&1 || need no-such-cmd git-email
perl -MMail::Address -e1 2>/dev/null || need no-such-cmd libmailtools-perl

name=$(git -C "$REPO" config user.name || true)
email=$(git -C "$REPO" config user.email || true)
[ -n "$name" ] && [ -n "$email" ] ||
	die "no sender: set git config user.name and user.email to the person who sends the series"
# A sign-off certifies a person's origin of the work (submitting-patches.rst):
# no reserved, placeholder or unreachable address.
case "$email" in
*@localhost|*.example|*.invalid|*.test|*@example.*|*noreply*|*no-reply*)
	die "git config user.email=$email cannot receive replies: set the sender's real address" ;;
esac
sender="$name <$email>"
# The exceptions scripts/check-patches.sh applies, each with its reason.
IGNORE=$(sed -e 's/#.*//' -e '/^$/d' "$REPO/scripts/checkpatch-exceptions" | paste -sd,)
WT=$CACHE/submit-src
scratch_worktree "$WT"
g() { git -C "$WT" -c user.name="$name" -c user.email="$email" "$@"; }
# --no-keywords: a changelog that mentions a tool (clang) is not a patch
# to that tool's files.
gm="scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats --no-keywords"

# am SERIES [--signoff]: apply a series with the sender as author.
am() {
	local p
	for p in $(series_patches "$1"); do
		sed "0,/^From: /s/^From: .*/From: $sender/; /^ <.*@localhost>$/d" "$REPO/patches/$p" |
			g am -q --no-3way ${2:-}
	done
}

prepare() {
	local s=$1 dir=$out/$1 needs base cover
	needs=$(series_needs "$s")
	cover=$REPO/patches/$s/cover-letter.txt
	[ -f "$cover" ] || die "no $cover"
	rm -rf "$dir" && mkdir -p "$dir"
	g checkout -q -f -B "submit/$s" baseline && g clean -qfdx
	[ -z "$needs" ] || am "$needs"
	base=$(g rev-parse HEAD)
	am "$s" --signoff
	# git format-patch + send-email: recipients per patch
	g format-patch -q --cover-letter --thread --base="$base" -o "$dir/patches" "$base..HEAD"
	python3 - "$dir/patches"/0000-*.patch "$cover" <<'PY'
import sys
path, cover = sys.argv[1], open(sys.argv[2]).read().split("\n", 2)
s = open(path).read()
s = s.replace("*** SUBJECT HERE ***", cover[0]).replace("*** BLURB HERE ***", cover[2].rstrip())
open(path, "w").write(s)
PY
	# The cover letter goes to everyone a patch goes to.
	(cd "$WT" && ls "$dir/patches"/0*.patch | grep -v '/0000-' | xargs $gm | sort -u) >"$dir/union.txt"
	python3 - "$dir/patches"/0000-*.patch "$dir/union.txt" <<'PY'
import sys
path, union = sys.argv[1], [l.strip() for l in open(sys.argv[2]) if l.strip()]
s = open(path).read()
head, body = s.split("\n\n", 1)
if union:
    head += "\nTo: " + union[0] + "".join("\nCc: " + u for u in union[1:])
open(path, "w").write(head + "\n\n" + body)
PY
	(cd "$WT" && git send-email --dry-run --confirm=never --suppress-cc=self \
		--from="$sender" --to-cmd="$gm --no-l" --cc-cmd="$gm --no-m --no-r" \
		"$dir/patches"/*.patch) >"$dir/send-email-dry-run.txt" 2>&1
	(cd "$WT" && for p in "$dir/patches"/0*.patch; do
		[[ $p == */0000-* ]] && continue
		echo "$(basename "$p"): $($gm "$p" | paste -sd, | sed 's/,/, /g')"
	done) >"$dir/recipients.txt"
	(cd "$WT" && for p in "$dir/patches"/0*.patch; do
		[[ $p == */0000-* ]] || scripts/checkpatch.pl --strict --no-tree --show-types \
			${IGNORE:+--ignore "$IGNORE"} "$p" | tail -n 3
	done) >"$dir/checkpatch.txt" 2>&1
	# b4: enroll, cover letter (the "editor" copies it in), recipients,
	# write the mails; git config for b4's own git calls comes from the
	# environment.
	# (an SMTP server is named so that b4 does not pick its web endpoint;
	# -o never sends).
	(cd "$WT" && export GIT_CONFIG_COUNT=4 \
		GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="$name" \
		GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1="$email" \
		GIT_CONFIG_KEY_2=core.editor GIT_CONFIG_VALUE_2="cp $cover" \
		GIT_CONFIG_KEY_3=sendemail.smtpserver GIT_CONFIG_VALUE_3=/usr/sbin/sendmail &&
		b4 prep -e "$base" && b4 prep --edit-cover && b4 prep --auto-to-cc &&
		b4 send --no-sign -o "$dir/b4") >"$dir/b4.log" 2>&1 ||
		echo "$s: b4 could not prepare it (log: $dir/b4.log); the format-patch set stands"
	echo "$s: $(ls "$dir/patches" | wc -l) mails in $dir (nothing sent)"
	sed -n 's/^\(To\|Cc\): */  \1: /p' "$dir/patches"/0000-*.patch
	grep -m1 -A3 '^To: ' "$dir/send-email-dry-run.txt" | sed 's/^/  cover /' || true
}

for s in ${only:-$(series_names)}; do prepare "$s"; done
