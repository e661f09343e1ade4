#!/bin/sh
# SPDX-License-Identifier: MIT
# `mvgal-launch report`: bad rows named as file:line while the rest is read, the side-by-side
# summary of the hand-checked fixtures, the default (newest run under XDG_STATE_HOME), and an
# SVG that is well-formed (xmllint) and renders (rsvg-convert).
. "$MVGAL_TOP/tests/integration/lib.sh"
L=$MVGAL_BUILD/mvgal-launch
D=$MVGAL_TOP/tests/data/report
need_file "$L" "(build it: make)"
need_cmd xmllint libxml2-utils
need_cmd rsvg-convert librsvg2-bin

mkdir -p "$T/runs"
cp "$D/basic.csv" "$D/spikes.csv" "$T/runs/"
"$L" report "$T/runs/basic.csv" "$T/runs/spikes.csv" >"$T/out" 2>"$T/err"
check_eq "two runs: exit 0 despite bad rows" 0 "$?"
check "bad row named file:line" grep -qx "$T/runs/basic.csv:12: bad row: frame 'garbage' is not a whole number >= 0" "$T/err"
check_eq "every bad row reported" 5 "$(grep -c "^$T/runs/basic.csv:[0-9]*: bad row" "$T/err")"
row() { sed -n "s/^$1  *//p" "$T/out" | tr -s ' '; }
check_eq "frames side by side" "11 201" "$(row frames)"
check_eq "mean side by side" "16.60 ms 16.24 ms" "$(row mean)"
check_eq "sd side by side" "8.85 ms 2.60 ms" "$(row sd)"
check_eq "p99 side by side" "40.00 ms 16.00 ms" "$(row p99)"
check_eq "1% low side by side" "25.0 fps 25.0 fps" "$(row '1% low')"
check_eq "target" "16.67 ms (60 fps) none" "$(row target)"
check_eq "svg beside the first csv" "svg: $T/runs/basic.svg" "$(tail -n 1 "$T/out")"
check "svg is well-formed" xmllint --noout "$T/runs/basic.svg"
check "svg renders to png" rsvg-convert -o "$T/plot.png" "$T/runs/basic.svg"
check "png is not empty" test -s "$T/plot.png"

# default: the newest run under $XDG_STATE_HOME/mvgal/telemetry/
tdir=$XDG_STATE_HOME/mvgal/telemetry
mkdir -p "$tdir"
cp "$D/basic.csv" "$tdir/0-20260101T000000Z.csv"
touch -d '2026-01-01 00:00' "$tdir/0-20260101T000000Z.csv"
cp "$D/spikes.csv" "$tdir/0-20260102T000000Z.csv"
"$L" report >"$T/out" 2>"$T/err"
check_eq "default run: exit 0" 0 "$?"
check_eq "default is the newest run" "0-20260102T000000Z" "$(row run)"
check "default svg beside it" test -s "$tdir/0-20260102T000000Z.svg"
"$L" report --svg "$T/dir.svg" "$tdir" >"$T/out" 2>"$T/err"
check_eq "DIR means its newest run" "0-20260102T000000Z" "$(row run)"
check "--svg names the plot" xmllint --noout "$T/dir.svg"

printf '# gpu=x\nframe,present_ns,interval_ns,pacer_wait_ns,late\n' >"$T/empty.csv"
"$L" report "$T/empty.csv" >/dev/null 2>"$T/err"
check_eq "no rows: exit 1" 1 "$?"
check "no rows: said so" grep -qx "$T/empty.csv: no frame rows" "$T/err"
"$L" report "$T/runs/basic.csv" "$T/missing.csv" >/dev/null 2>"$T/err"
check_eq "a missing run fails the report" 1 "$?"
check "missing run named" grep -q "^$T/missing.csv: No such file" "$T/err"
"$L" report --bogus >/dev/null 2>&1
check_eq "unknown option is a usage error" 2 "$?"
XDG_STATE_HOME=$T/nowhere "$L" report >/dev/null 2>"$T/err"
check_eq "no telemetry: exit 1" 1 "$?"

# Terminal escapes (issue 23, item 7): the run's name is the game's exe name (launch.c names the
# CSV <exe>-<UTC stamp>.csv), so a file name may hold ESC, BEL and C1 controls (CSI U+009B as
# UTF-8, and a lone 0x9b); neither the table nor the "svg:" line may pass them to the terminal.
evil=$(printf 'g\033]0;pwn\007\302\233''2J\233m')
edir=$T/evil-state/mvgal/telemetry
mkdir -p "$edir"
cp "$D/basic.csv" "$edir/$evil-20260103T000000Z.csv"
XDG_STATE_HOME=$T/evil-state "$L" report >"$T/out" 2>"$T/err"
check_eq "a run named with ESC and C1: exit 0" 0 "$?"
# no byte of C0 (but newline), DEL or 0x80-0x9f outside a character above U+009F
no_controls() {
	python3 -c 'import re,sys; b=open(sys.argv[1],"rb").read(); t=b.decode("utf-8","surrogateescape"); sys.exit(1 if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\udc80-\udcff]", t) else 0)' "$1"
}
check "report: the run's name reaches the terminal escaped" no_controls "$T/out"
check "report: stderr too" no_controls "$T/err"
check "report: the escaped name is shown" grep -q 'g\\x1b]0;pwn\\x07\\xc2\\x9b2J\\x9bm-20260103T000000Z' "$T/out"
check "report: the svg line is escaped" grep -q '^svg: .*g\\x1b]0;pwn' "$T/out"
check "report: the svg is still written beside the csv" test -s "$edir/$evil-20260103T000000Z.svg"

# A long run name (issue 27, item 11): the legend's verdict was one line and cut at the image's
# 960 px. The SVG is drawn again with its view moved 960 px right (nothing of the plot but what
# overflows): no text may be there, and the verdict is all present, over several lines.
long=THE_WITCHER_3_WILD_HUNT_GAME_OF_THE_YEAR_EDITION-20261207T105600Z
cp "$D/basic.csv" "$T/runs/$long.csv"
"$L" report "$T/runs/$long.csv" >/dev/null 2>&1
svg=$T/runs/$long.svg
h=$(sed -n 's/.*<svg [^>]* height="\([0-9]*\)".*/\1/p' "$svg")
sed -e "s/width=\"960\" height=\"$h\" viewBox=\"0 0 960 $h\"/width=\"960\" height=\"$h\" viewBox=\"960 0 960 $h\"/" \
	-e '/<rect width="100%" height="100%"/d' "$svg" >"$T/right.svg"
differs() { ! cmp -s "$1" "$2"; }
check "long name: the shifted copy differs (the test moves the view)" differs "$svg" "$T/right.svg"
rsvg-convert -o "$T/right.png" "$T/right.svg"
check_eq "long name: nothing drawn right of 960 px" 0 "$(python3 "$MVGAL_TOP/tests/tools/png_ink.py" "$T/right.png")"
check "long name: the verdict is wrapped over lines" \
	test "$(grep -c 'class="verdict"' "$svg")" -ge 2
check_eq "long name: the whole verdict is there" \
	"uneven: 99 % of frames only within 23.4 ms of the 16.67 ms target; 1 hitch over 33.3 ms, slowest 40.0 ms" \
	"$(sed -n 's/.*<tspan class="verdict">\([^<]*\)<.*/\1/p' "$svg" | paste -sd' ' -)"
check "long name: the wrapped svg is well-formed" xmllint --noout "$svg"
finish
