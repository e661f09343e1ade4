#!/bin/sh
# SPDX-License-Identifier: MIT
# The docs are tested by running them (issue 26), whichever file holds the text now: README.md,
# docs/*.md, SECURITY.md, CONTRIBUTING.md and the man page (launcher/mvgal-launch.1).
#   1. Runnable examples: a Markdown block fenced ```console, or in the man page the .nf/.fi block
#      after a `.\" console` line, holds "$ COMMAND" lines (a trailing backslash continues one),
#      each followed by the output it shows; a line "..." stands for any lines. Each command runs
#      through sh in a copy of the source tree (links to tests/ and launcher/), with the installed program first in PATH, in order, each doc
#      starting in a fresh HOME with the program installed there (PREFIX=~/.local) and a
#      fake Steam (tests/integration/steam_fake.sh: games 570 and 1091500, Proton 9.0,
#      Experimental, GE-Proton9-20, the sniper runtime); the sysfs trees of tests/data/sysfs/ and
#      the CSVs of tests/data/report/ are there to name. Its stdout and stderr must be what the
#      block shows, after the test's HOME is written ~ and its temporary folder /tmp/t.
#   2. Documented numbers (limits, sizes, timeouts, defaults) are the code's: each phrase is looked
#      for in every doc, must be there at least once, and every number it gives must be the one
#      in the source (a #define, wherever the file is now, or the program's own output).
#   3. `make install PREFIX=DIR DESTDIR=` writes exactly the files the docs list.
#   4. compat/data/compat.db.sig is a valid signature of compat/data/compat.db by the shipped key.
#   5. `groff -ww -man` reads the man page without a warning.
#   6. Every test the threat model names exists: a script, a unit binary and its test function, a
#      fuzz target, a numbered section (§N) of a script; and every promise names a test.
#   7. CONTRIBUTING.md's layout has a line for every top-level folder of the tree.
#   8. Each benchmark table names the commit, the machine's load and the command of its run.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd groff groff-base
need_cmd openssl openssl
need_cmd perl perl-base
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
cd "$MVGAL_TOP" || exit 1
DOCS=""
for f in README.md SECURITY.md CONTRIBUTING.md docs/*.md; do [ -f "$f" ] && DOCS="$DOCS $f"; done
MAN=launcher/mvgal-launch.1

# The man page as text: escapes undone, font changes and macro names dropped.
man_text() {
	sed -e 's/\\\[u2026\]/…/g' -e 's/\\://g' -e 's/\\(dq/"/g' -e 's/\\(aq/'"'"'/g' -e 's/\\(em/—/g' \
		-e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/\\~/ /g' "$1"
}
man_text "$MAN" >"$T/man.txt"

# ---- 5. groff ------------------------------------------------------------------------------------
check_eq "groff -ww -man: the man page without a warning" "" \
	"$(LC_ALL=C.UTF-8 groff -ww -man -Tutf8 -z "$MAN" 2>&1)"

# ---- 4. the shipped DB's signature --------------------------------------------------------------
check "compat.db.sig verifies compat.db with the shipped public key (openssl)" \
	openssl pkeyutl -verify -pubin -inkey compat/data/db-signing-key.pem -rawin \
	-in compat/data/compat.db -sigfile compat/data/compat.db.sig

# ---- 3. the installed tree -----------------------------------------------------------------------
BASE_PATH=$PATH
homes=0
# fresh_home: a new HOME (and XDG folders) with the program installed as the README says:
# PREFIX=~/.local.
fresh_home() {
	homes=$((homes + 1))
	export HOME="$T/home$homes"
	export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" \
		XDG_STATE_HOME="$HOME/.local/state" XDG_CACHE_HOME="$HOME/.cache"
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
	PREFIX=$HOME/.local
	MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" install PREFIX="$PREFIX" \
		DESTDIR= >"$T/install.out" 2>&1 || return 1
	. "$MVGAL_TOP/tests/integration/steam_fake.sh" # its ROOT, LIB2, FROOT follow HOME
	export PATH="$PREFIX/bin:$BASE_PATH"
}
fresh_home
check_eq "make install PREFIX=~/.local DESTDIR=: exit 0" 0 $?
(cd "$PREFIX" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$T/installed"
# the docs' list: a block after a line "<!-- installed files -->", one path below PREFIX a line
for f in $DOCS; do
	awk '/<!-- installed files -->/ { on = 1; next } on && /^```/ { n++; if (n == 2) exit; next }
		on && n == 1 { print }' "$f"
done | LC_ALL=C sort >"$T/documented"
check "the docs list the installed files (a block after <!-- installed files -->)" test -s "$T/documented"
check_eq "make install writes exactly the files the docs list" "" \
	"$(LC_ALL=C comm -3 "$T/documented" "$T/installed" | sed 's/^\t/installed but not listed: /;
		/^installed/!s/^/listed but not installed: /' | tr '\n' ';')"

# ---- 1. runnable examples -----------------------------------------------------------------------
steam_home() { # a fresh home, its Steam made, Steam's launch variables unset (a terminal's)
	fresh_home || not_ok "make install for the examples" "$(cat "$T/install.out")"
	make_steam
	unset STEAM_COMPAT_CLIENT_INSTALL_PATH STEAM_COMPAT_APP_ID SteamAppId SteamGameId \
		STEAM_COMPAT_DATA_PATH STEAM_COMPAT_INSTALL_PATH STEAM_COMPAT_LIBRARY_PATHS \
		STEAM_COMPAT_TOOL_PATHS MVGAL_DB NO_COLOR XDG_DATA_DIRS 2>/dev/null || true
}
# blocks: lines "C<tab>FILE:LINE<tab>COMMAND" and "O<tab>OUTPUT LINE", in order
for f in $DOCS; do
	awk -v f="$f" '
		/^```console[ \t]*$/ { on = 1; cont = 0; next }
		on && /^```/ { on = 0; next }
		on { line($0, NR) }
		function line(s, n) {
			if (cont) { cmd = cmd " " s } else if (s ~ /^\$ /) { cmd = substr(s, 3); at = n }
			else { print "O\t" s; return }
			cont = (cmd ~ /\\$/); if (cont) { sub(/\\$/, "", cmd); return }
			print "C\t" f ":" at "\t" cmd
		}' "$f"
done >"$T/blocks"
awk -v f="$MAN" '
	/^\.\\" console/ { armed = 1; next }
	armed && /^\.nf/ { on = 1; armed = 0; next }
	on && /^\.fi/ { on = 0; next }
	on && /^\$ / { print "C\t" f ":" FNR "\t" substr($0, 3); next }
	on { print "O\t" $0 }' "$T/man.txt" >>"$T/blocks"
check "the docs hold runnable examples (\`\`\`console blocks, .\\\" console in the man page)" \
	grep -q "^C.*$MAN:" "$T/blocks"
check "README.md holds runnable examples" grep -q '^C	README.md:' "$T/blocks"

# match EXPECTED ACTUAL: each line equal after trailing blanks are cut; "..." matches any lines.
match() {
	awk 'FILENAME == ARGV[1] { sub(/[ \t]+$/, ""); ex[++ne] = $0; next } { sub(/[ \t]+$/, ""); ac[++na] = $0 }
		function m(i, j,   x, r) {
			if ((i SUBSEP j) in memo) return memo[i, j]
			if (i > ne) r = (j > na)
			else if (ex[i] == "...") { r = 0; for (x = j; x <= na + 1 && !r; x++) r = m(i + 1, x) }
			else r = (j <= na && ex[i] == ac[j] && m(i + 1, j + 1))
			memo[i, j] = r
			return r
		}
		END { exit m(1, 1) ? 0 : 1 }' "$1" "$2"
}
run_example() { # AT COMMAND: runs one example, compares with $T/expect
	(cd "$T/src" && sh -c "$2") </dev/null 2>&1 | sed -e "s|$HOME|~|g" -e "s|$T|/tmp/t|g" >"$T/actual"
	name="example $1: $(printf '%s' "$2" | sed 's/\\/\\\\/g')" # echo in ok() reads backslashes
	if match "$T/expect" "$T/actual"; then
		ok "$name"
	else
		not_ok "$name" "the output is not what the docs show"
		diff -u "$T/expect" "$T/actual" | head -n 40 | sed 's/^/# /'
	fi
}
# The examples run in a folder that looks like the source tree (tests/, launcher/) but takes
# what they write.
mkdir -p "$T/src"
ln -s "$MVGAL_TOP/tests" "$MVGAL_TOP/launcher" "$T/src/"
at="" cmd="" n=0
: >"$T/expect"
while IFS="$(printf '\t')" read -r kind a b; do
	case $kind in
	C)
		[ -z "$at" ] || run_example "$at" "$cmd"
		[ "${a%%:*}" = "${at%%:*}" ] || steam_home # each doc starts afresh
		at=$a cmd=$b n=$((n + 1))
		: >"$T/expect"
		;;
	O) printf '%s\n' "$a${b:+	$b}" >>"$T/expect" ;;
	esac
done <"$T/blocks"
[ -z "$at" ] || run_example "$at" "$cmd"
echo "# $n documented examples run"

# ---- 2. documented numbers ----------------------------------------------------------------------
# All the docs as one text each, white space squeezed: a phrase may wrap.
for f in $DOCS "$T/man.txt"; do tr -s ' \t\n' '   ' <"$f"; echo; done >"$T/alldocs"
# code_define NAME: the value of "#define NAME N" in the sources, wherever the file is now.
code_define() {
	find "$MVGAL_TOP" \( -path "$MVGAL_TOP/tests" -o -path "$MVGAL_BUILD" -o -name '.git' \) -prune \
		-o \( -name '*.c' -o -name '*.h' \) -print | xargs grep -hE "^#define $1[[:space:]]" |
		sed -n "s/^#define $1[[:space:]]*(\{0,1\}\([0-9]*\).*/\1/p" | sed 's/u$//' | head -n 1
}
# doc_number NAME VALUE PERL-REGEX: every match of the regex (its first group) in the docs is VALUE,
# and there is at least one.
doc_number() {
	got=$(perl -ne 'while (/'"$3"'/g) { print "$1\n" }' "$T/alldocs" | sort -u | tr '\n' ' ')
	case "$got" in
	'') not_ok "documented: $1" "no doc says it (/$3/)" ;;
	"$2 ") ok "documented: $1 = $2, as the code has it" ;;
	*) not_ok "documented: $1" "the docs say [${got% }], the code [$2]" ;;
	esac
}
doc_number "longest profile line (PROFILE_MAX_LINE)" "$(code_define PROFILE_MAX_LINE)" \
	'lines? over (\d+) characters'
doc_number "gpu.select terms (GPU_SELECT_MAX_TERMS)" "$(code_define GPU_SELECT_MAX_TERMS)" \
	'up to (\d+) terms'
doc_number "longest gpu.select term" "$(($(grep -E 'char name\[[0-9]+\]' common/gpu_select.h |
	sed 's/.*\[\([0-9]*\)\].*/\1/' | head -n 1) - 1))" 'terms of up to (\d+)'
doc_number "longest Proton name" "$(sed -n 's/.*strlen(v) > \([0-9]*\)).*/\1/p' profiles/values.c)" \
	'Proton name is at most (\d+) characters'
doc_number "notification timeout (NOTIFY_TIMEOUT_MS)" "$(($(code_define NOTIFY_TIMEOUT_MS) / 1000))" \
	'killed after (\d+) seconds'
doc_number "db update connect timeout" "$(($(sed -n 's/.*connect_timeout_ms : \([0-9]*\)L.*/\1/p' \
	compat/net.c) / 1000))" '(\d+) s (?:connect|and \d+ s\))'
doc_number "db update total timeout" "$(($(sed -n 's/.*total_timeout_ms : \([0-9]*\)L.*/\1/p' \
	compat/net.c) / 1000))" '(?:s connect|\(default \d+ s) and (\d+) s(?: total|\))'
doc_number "db update low-speed time" "$(sed -n 's/.*low_speed_s : \([0-9]*\)L.*/\1/p' compat/net.c)" \
	'(?:1 byte\/s for |before giving up \(default )(\d+)'
doc_number "db update redirects" "$(sed -n 's/.*following up to \([0-9]*\) redirects.*/\1/p' \
	compat/net.c)" '[Uu]p to (\d+) redirects'
doc_number "signature length (DB_SIG_LEN)" "$(code_define DB_SIG_LEN)" '(\d+) raw bytes'
doc_number "report reads in pieces of (READ_CHUNK)" "$(($(code_define READ_CHUNK) / 1024))" \
	'in (\d+) KiB pieces'
doc_number "report names the first bad rows (MAX_SHOWN_DIAGS)" "$(code_define MAX_SHOWN_DIAGS)" \
	'first (\d+) bad rows'
doc_number "report compares runs (MAX_RUNS)" "$(code_define MAX_RUNS)" 'up to (\d+) runs'
doc_number "tables' width (TERM_COLUMNS)" "$(code_define TERM_COLUMNS)" 'fit (\d+) columns'
doc_number "OpenGL refresh re-read (REFRESH_CHECK_SWAPS)" "$(code_define REFRESH_CHECK_SWAPS)" \
	'again every (\d+) swaps'
doc_number "display timing re-read (REFRESH_CHECK_FRAMES)" "$(code_define REFRESH_CHECK_FRAMES)" \
	'[Ee]very (\d+) presents'
doc_number "pacer repayment share (PACER_SLEW_DIV)" "$(code_define PACER_SLEW_DIV)" \
	'by at most 1\/(\d+) each'
doc_number "pacer spin margin (PACER_SPIN_SHARE_DIV)" "$(code_define PACER_SPIN_SHARE_DIV)" \
	'(?:is at most|capped at) 1\/(\d+) of the interval'
doc_number "pacer wake-up window (PACER_SLEEP_WINDOW)" "$(code_define PACER_SLEEP_WINDOW)" \
	'over the last (\d+) frames'
doc_number "pacer phase gain (PACER_PHASE_GAIN)" "$(code_define PACER_PHASE_GAIN)" \
	'by 1\/(\d+) of the error'
doc_number "pacer phase step (PACER_PHASE_MAX_DIV)" "$(code_define PACER_PHASE_MAX_DIV)" \
	'at most 1\/(\d+) of a refresh per frame'
doc_number "largest fps (PACER_MAX_FPS)" "$(code_define PACER_MAX_FPS)" \
	'N frames per second, 1\.\.(\d+)'
doc_number "largest refresh divisor (PACER_MAX_DIVISOR)" "$(code_define PACER_MAX_DIVISOR)" \
	'divided by N \(1\.\.(\d+)\)'
doc_number "titles in the shipped DB" "$(grep -c '^\[[0-9]*\]' compat/data/compat.db)" \
	'ships (\d+) titles'
doc_number "DB index block" "$(sed -n 's/.*Fixed \([0-9]*\)-byte blocks.*/\1/p' compat/db.c)" \
	'fixed (\d+)-byte blocks'
doc_number "fuzzing time per target (FUZZ_SECONDS)" "$(sed -n 's/^FUZZ_SECONDS ?= //p' Makefile)" \
	'FUZZ_SECONDS=N. each \(default (\d+)\)'
doc_number "demo window size" "$("$MVGAL_BUILD/mvgal-demo" --help 2>&1 |
	sed -n 's/.*window size (default \([0-9x]*\)).*/\1/p')" 'window size, default (\d+x\d+)'

# ---- 6. the threat model's tests ----------------------------------------------------------------
if [ -f SECURITY.md ]; then
	cp SECURITY.md "$T/threat"
else
	awk '/^## Threat model/ { on = 1; next } on && /^## / { exit } on' README.md >"$T/threat"
fi
check "the threat model is written down (SECURITY.md, else README.md)" test -s "$T/threat"
tr -s ' \n' '  ' <"$T/threat" | LC_ALL=C.UTF-8 grep -oE \
	'`(test|fuzz)_[a-z0-9_]+(\.sh)?`( `test_[a-z0-9_]+`)?( §[0-9]+(–[0-9]+)?)?' | sort -u >"$T/named"
bad=""
while read -r first second third; do
	name=$(printf '%s' "$first" | tr -d '`')
	case $second in '`'*) fn=$(printf '%s' "$second" | tr -d '`') sec=$third ;; *) fn="" sec=$second ;; esac
	case $name in
	*.sh) file=tests/integration/$name ;;
	fuzz_*) file=tests/fuzz/$name.c ;;
	*) file=""
		for c in tests/integration/$name.sh tests/unit/$name.c; do [ -f "$c" ] && file=$c; done
		[ -n "$file" ] || { grep -qE "^(static )?void $name\(" tests/unit/*.c && continue; } ;;
	esac
	if [ -z "$file" ] || [ ! -f "$file" ]; then bad="$bad $name"; continue; fi
	if [ -n "$fn" ] && ! grep -qE "^(static )?void $fn\(" "$file"; then bad="$bad $name:$fn"; fi
	if [ -n "$sec" ]; then
		lo=$(printf '%s' "$sec" | sed 's/§\([0-9]*\).*/\1/') hi=$(printf '%s' "$sec" | sed 's/.*[§–]\([0-9]*\)$/\1/')
		k=$lo
		while [ "$k" -le "$hi" ]; do
			grep -qE "^#[[:space:]]+(---- )?(§)?$k\. " "$file" || bad="$bad $name:§$k"
			k=$((k + 1))
		done
	fi
done <"$T/named"
check_eq "every test the threat model names exists ($(wc -l <"$T/named") names)" "" "$bad"
# Every promise (a "- " item) names a test, itself or in its group's bold heading; "Not promised"
# and the "Trusted" paragraph are not promises.
awk '
	/^\*\*/ { group = $0; promised = (group !~ /^\*\*(Not promised|Trusted)/); next }
	/^- / { flush(); item = $0; at = NR; next }
	/^  / && item != "" { item = item " " $0; next }
	{ flush() }
	END { flush() }
	function flush() {
		if (item != "" && promised && item !~ /`(test|fuzz)_/ && group !~ /`(test|fuzz)_/)
			printf " line%d", at
		item = ""
	}' "$T/threat" >"$T/unnamed"
check_eq "every promise of the threat model names its test" "" "$(cat "$T/unnamed")"

# ---- 8. benchmarks ------------------------------------------------------------------------------
# Each table of docs/benchmarks.md is tied, in the text of its section before it, to a commit (one
# that exists), its machine's load and the command that made it.
awk '/^## / { sect = ""; next }
	/^\|/ { if (!intable) { n++; if (sect !~ /[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]/ || sect !~ /load/ ||
		sect !~ /make bench|tests\/bench\//) printf " table%d(line %d)", n, NR }
		intable = 1; next }
	{ intable = 0; sect = sect " " $0 }' docs/benchmarks.md >"$T/untied"
check_eq "every benchmark table names its commit, load and command" "" "$(cat "$T/untied")"
bad=""
if git -C "$MVGAL_TOP" rev-parse --git-dir >/dev/null 2>&1; then
	for c in $(grep -oE '\b[0-9a-f]{7}\b' docs/benchmarks.md | sort -u); do
		git -C "$MVGAL_TOP" cat-file -e "$c^{commit}" 2>/dev/null || bad="$bad $c"
	done
fi
check_eq "the commits docs/benchmarks.md names exist" "" "$bad"

# ---- 7. the layout ------------------------------------------------------------------------------
if git -C "$MVGAL_TOP" rev-parse --git-dir >/dev/null 2>&1; then
	dirs=$(git -C "$MVGAL_TOP" ls-files | sed -n 's|^\([^/]*\)/.*|\1|p' | sort -u)
else # a source tarball: its folders but the build's
	dirs=$(find . -mindepth 1 -maxdepth 1 -type d ! -name build ! -name .git | sed 's|^\./||' | sort)
fi
bad=""
for d in $dirs; do grep -q "^- \`$d/\`" CONTRIBUTING.md 2>/dev/null || bad="$bad $d/"; done
check_eq "CONTRIBUTING.md's layout names every top-level folder" "" "$bad"
finish
