#!/bin/sh
# SPDX-License-Identifier: MIT
# fps = vrr (issue 28): a cap of refresh - refresh^2/3600 from the refresh the layer learns, so a
# VRR panel stays inside its range. The test ICD plays a 48..144 Hz VRR panel
# (MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VRR=48, tests/icd/test_icd_timing.c: a present
# latches at once when 1/144..1/48 s after the last latch, else it is counted early or late) and
# reports its refresh through VK_GOOGLE_display_timing as drivers do for such panels (the max);
# tests/tools/vkprobe presents through the layer in immediate mode, as fast as it can.
. "$MVGAL_TOP/tests/integration/lib.sh"
use_test_icd
export ENABLE_MVGAL=1

# vrr KEY: the count KEY (in, early, late) of the ICD's "vrr range" line
vrr() { sed -n "s/^mvgal-test-icd: vrr range.* $1:\([0-9]*\).*/\1/p" "$T/err"; }
median_us() {
	awk -F, -v a="$2" -v b="$3" '/^[0-9]/ && $1 >= a && $1 <= b { print int($3 / 1000) }' "$1" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# the panel without a cap: a game faster than 144 fps leaves the range at nearly every frame
MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VRR=48 "$PROBE" --present 200 --mode immediate \
	>"$T/out" 2>"$T/err"
check "uncapped, the simulated panel counts frames that come too soon ($(grep 'vrr range' "$T/err"))" \
	test "$(vrr early)" -ge 180

# fps = vrr on a 144 Hz panel: 144 - 144^2/3600 = 138.24 fps, 7233.8 us
csv=$T/vrr.csv
MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VRR=48 MVGAL_FPS=vrr MVGAL_TELEMETRY=$csv \
	MVGAL_LOG=$T/log "$PROBE" --present 400 --mode immediate >"$T/out" 2>"$T/err"
check "400 frames presented" grep -q '^presented: 400$' "$T/out"
check_eq "one line says the cap and the display it came from" \
	"mvgal layer: vrr on the 144 Hz display (display timing): capped at 138.24 fps" \
	"$(grep 'mvgal layer' "$T/err")"
check_eq "... and the same line goes to MVGAL_LOG" "$(grep 'mvgal layer' "$T/err")" \
	"$(cat "$T/log")"
# never faster than the cap (-1 %); slower only as far as a loaded machine makes it (make check on
# the shared 2-core VM at load 20 gave a median of 8.2 ms): the cap itself is the line above
check "median interval 7234 us (138.24 fps), -1 % .. +50 % ($(median_us "$csv" 10 399) us)" \
	awk -v m="$(median_us "$csv" 10 399)" 'BEGIN { exit !(m >= 7161 && m <= 10850) }'
# The early/late share is measured by make bench (bench_vsync.sh (3)) on a quiet machine; here,
# under make check's load, a late wake-up shortens the next interval by as much, so the bound is
# loose.
in=$(vrr in)
check "at least 75 % of frames latch inside the VRR range ($(grep 'vrr range' "$T/err"))" \
	test "$in" -ge 299
# A cap at the refresh itself (fps 144) is not compared here: on a quiet machine the pacer holds
# 6944 us so exactly that every frame latches in range (a clean clone's make check gave in:199 of
# 199), and only a loaded machine's late wake-ups push frames early. That comparison needs a
# controlled jitter and belongs to make bench (bench_vsync.sh (3)).

# no refresh known (no display timing, no window system): one line, and nothing is capped
csv=$T/unknown.csv
MVGAL_FPS=vrr MVGAL_TELEMETRY=$csv "$PROBE" --present 40 --mode immediate >"$T/out" 2>"$T/err"
check_eq "unknown refresh: exactly one line, saying vrr caps nothing" \
	"mvgal layer: the display's refresh rate is unknown (no display timing, not an X11 surface): fps = vrr needs it, so frames are not capped" \
	"$(grep 'mvgal layer' "$T/err")"
check_eq "unknown refresh: no frame waited" "0" \
	"$(awk -F, '/^[0-9]/ { s += $4 } END { print s + 0 }' "$csv")"

# the launcher hands it on: --fps vrr and a profile's fps = vrr
if [ -x "$MVGAL_BUILD/mvgal-launch" ]; then
	MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VRR=48 "$MVGAL_BUILD/mvgal-launch" --fps vrr -- \
		"$PROBE" --present 5 --mode immediate >"$T/out" 2>"$T/err"
	check "mvgal-launch --fps vrr: the layer caps at 138.24" \
		grep -q 'vrr on the 144 Hz display (display timing): capped at 138.24 fps' "$T/err"
	mkdir -p "$XDG_CONFIG_HOME/mvgal"
	printf '[frame]\nfps = vrr\n' >"$XDG_CONFIG_HOME/mvgal/default.ini"
	"$MVGAL_BUILD/mvgal-launch" profile check >"$T/out" 2>&1
	check "profile check accepts fps = vrr" test $? -eq 0
fi
finish
