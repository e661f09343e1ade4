#!/bin/sh
# SPDX-License-Identifier: MIT
# The pacer learns the display (issue 14), headless: the test ICD simulates a display with
# VK_GOOGLE_display_timing (MVGAL_TEST_ICD_REFRESH, a vblank grid, presents latching at vblanks;
# see tests/icd/test_icd_timing.c) and tests/tools/vkprobe presents through the layer.
. "$MVGAL_TOP/tests/integration/lib.sh"
use_test_icd
export ENABLE_MVGAL=1 MVGAL_TEST_ICD_VBLANK_PHASE_US=1234

# gap N: how many latches came N vblanks after the previous one; lead N: presents that reached
# the driver N/8 of a refresh before their vblank (the ICD prints both at swapchain destruction)
gap() { sed -n "s/^mvgal-test-icd: vblank gaps.* $1:\([0-9]*\).*/\1/p" "$T/err"; }
lead() { sed -n "s/^mvgal-test-icd: lead eighths.* $1:\([0-9]*\).*/\1/p" "$T/err"; }
# median of the intervals of CSV rows FROM..TO, in us
median_us() {
	awk -F, -v a="$2" -v b="$3" '/^[0-9]/ && $1 >= a && $1 <= b { print int($3 / 1000) }' "$1" |
		sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# 144 Hz display, refresh/2: 72 fps, every frame two vblanks after the previous one
csv=$T/half.csv
MVGAL_TEST_ICD_REFRESH=144 MVGAL_FPS=refresh/2 MVGAL_TELEMETRY=$csv MVGAL_LOG=$T/log \
	"$PROBE" --present 432 --mode fifo >"$T/out" 2>"$T/err"
check "432 frames presented" grep -q '^presented: 432$' "$T/out"
check_eq "one line says what refresh/2 became, the display's refresh and its source" \
	"mvgal layer: refresh/2 of the 144 Hz display (display timing): 72 fps" \
	"$(grep 'mvgal layer: refresh' "$T/err")"
check_eq "... and the same line goes to MVGAL_LOG" "$(grep 'mvgal layer: refresh' "$T/err")" \
	"$(grep 'refresh' "$T/log")"
check_eq "the game does not see the extension the layer enabled" "display_timing_fn: hidden" \
	"$(grep display_timing_fn "$T/out")"
check "median interval 13889 us (72 fps), +-1 %" \
	awk -v m="$(median_us "$csv" 10 431)" 'BEGIN { exit !(m >= 13750 && m <= 14028) }'
# The hit rate itself is measured by make bench on a quiet machine (>= 99.9 %); here, under
# make check's load on a shared 2-core VM, the kernel wakes the pacer up to 3.5 ms (half a
# refresh) late often enough that the bounds are loose: they still fail for a pacer that ignores
# the vblank phase (lead spread evenly over the eighths, about 1/8 in 5/8..7/8 each).
g2=$(gap 2)
check "at least 80 % of frames land two vblanks after the previous one ($g2 of 431: $(grep gaps "$T/err"))" \
	test "$g2" -ge 345
# phase error histogram: the pacer keeps presents 3/4 of a refresh (6/8) before their vblank
l56=$(( $(lead 5) + $(lead 6) ))
check "at least 75 % of presents arrive 5/8..7/8 of a refresh before their vblank ($(grep lead "$T/err"))" \
	test "$l56" -ge 324

check_eq "CSV comments: the pacer's mode and the refresh it found" \
	"# pacer=on|# refresh_ns=6944444|# refresh_source=display timing" \
	"$(grep -E '^# (pacer|refresh)' "$csv" | paste -sd'|' -)"
check_eq "summary: the refresh and its source" "refresh_hz=144.00 refresh_source=display timing" \
	"$(grep -E '^refresh_' "$csv.summary" | paste -sd' ' -)"
if [ -x "$MVGAL_BUILD/mvgal-launch" ]; then
	"$MVGAL_BUILD/mvgal-launch" report "$csv" >"$T/report" 2>&1
	check "report shows the display and the pacer's mode" \
		grep -q '^display *144.00 Hz (display timing)' "$T/report"
fi

# latency mode: the wait moves to the frame's first vkQueueSubmit (issue 28); the schedule stays,
# and the time from the end of the wait to the present (the latency the pacer leaves in the
# frame) shrinks. --work-us 3000: 3 ms between acquire and submit, as a game records its frame:
# a wait at acquire would leave them between the wait and the present.
col() { awk -F, -v c="$2" 'NR > 1 && /^[0-9]/ && $1 >= 5 { print $c }' "$1" | sort -n |
	awk '{ v[NR] = $1 } END { print int(v[int((NR + 1) / 2)] / 1000) }'; }
MVGAL_FPS=100 MVGAL_TELEMETRY=$T/normal.csv "$PROBE" --present 60 --mode immediate \
	>"$T/out" 2>"$T/err"
MVGAL_FPS=100 MVGAL_PACER=latency MVGAL_TELEMETRY=$T/latency.csv "$PROBE" --present 60 \
	--mode immediate >"$T/out" 2>"$T/err"
# (the 3 ms run apart: on a loaded machine a second sleep per frame makes frames late)
MVGAL_FPS=100 MVGAL_PACER=latency MVGAL_TELEMETRY=$T/work.csv "$PROBE" --present 60 \
	--mode immediate --work-us 3000 >"$T/out" 2>>"$T/err"
# a fixed fps with the refresh unknown (no display timing here) is paced as asked: nothing to say
# (issue 27: "refresh unknown ...: 60 Hz assumed -> fps 60 = 60.00 (not a whole number of
# refreshes)" was printed on every such run)
check_eq "fixed fps, refresh unknown: no line" "" "$(grep 'mvgal layer' "$T/err")"
check_eq "latency mode: CSV comment" "# pacer=latency" "$(grep '^# pacer=' "$T/latency.csv")"
check "normal mode: wait end to present is about a frame (median $(col "$T/normal.csv" 6) us)" \
	test "$(col "$T/normal.csv" 6)" -ge 9000
check "latency mode: wait end to present is short (median $(col "$T/latency.csv" 6) us)" \
	test "$(col "$T/latency.csv" 6)" -le 1000
check "latency mode, 3 ms between acquire and submit: still short (median $(col "$T/work.csv" 6) us)" \
	test "$(col "$T/work.csv" 6)" -le 1000
check "latency mode: still paced at 100 fps (median interval $(col "$T/latency.csv" 3) us)" \
	awk -v m="$(col "$T/latency.csv" 3)" 'BEGIN { exit !(m >= 9900 && m <= 10100) }'
check "latency mode: the waits are recorded (median $(col "$T/latency.csv" 4) us)" \
	test "$(col "$T/latency.csv" 4)" -ge 5000
# several threads, each with its swapchain, submitting from threads of their own (a render
# thread) while forking: every frame is presented, no fork child hangs on a wait it inherited,
# and the frames are still paced (100 frames at 100 fps take at least 0.9 s)
t0=$(date +%s%N)
MVGAL_FPS=100 MVGAL_PACER=latency timeout 60 "$PROBE" --present 100 --mode immediate \
	--threads 4 --submit-thread --forks 3 --work-us 1000 >"$T/out" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check_eq "latency mode, 4 threads submitting from other threads: all presented, no hang (rc $rc)" \
	"forks: 3 hung: 0|presented: 400" "$(grep -E '^(presented|forks)' "$T/out" | paste -sd'|' -)"
check "... and paced: 100 frames took at least 900 ms ($ms ms)" test "$ms" -ge 900

# the display switches to 60 Hz after 150 presents: the pacer follows to 30 fps
csv=$T/change.csv
MVGAL_TEST_ICD_REFRESH=144,60@150 MVGAL_FPS=refresh/2 MVGAL_TELEMETRY=$csv \
	"$PROBE" --present 260 --mode fifo >"$T/out" 2>"$T/err"
check_eq "a refresh change is logged" \
	"mvgal layer: the display changed to 60 Hz (display timing): refresh/2 is now 30 fps" \
	"$(grep 'display changed' "$T/err")"
check "before the change: 72 fps" \
	awk -v m="$(median_us "$csv" 10 140)" 'BEGIN { exit !(m >= 13750 && m <= 14028) }'
check "after the change: 30 fps (median $(median_us "$csv" 220 259) us)" \
	awk -v m="$(median_us "$csv" 220 259)" 'BEGIN { exit !(m >= 33000 && m <= 33667) }'

# no display timing, no window system: one line says 60 Hz is assumed, and refresh/2 is 30 fps
csv=$T/unknown.csv
MVGAL_FPS=refresh/2 MVGAL_TELEMETRY=$csv "$PROBE" --present 40 --mode fifo \
	>"$T/out" 2>"$T/err"
check_eq "unknown refresh: exactly one line" \
	"mvgal layer: the display's refresh rate is unknown (no display timing, not an X11 surface): refresh/2 of an assumed 60 Hz is 30 fps" \
	"$(grep 'mvgal layer' "$T/err")"
check "unknown refresh: paced at 30 fps" \
	awk -v m="$(median_us "$csv" 5 39)" 'BEGIN { exit !(m >= 33000 && m <= 33667) }'

# a fixed rate near a refresh multiple snaps to it: 72 fps at 143.9 Hz is two refreshes
MVGAL_TEST_ICD_REFRESH=143.9 MVGAL_FPS=72 MVGAL_TELEMETRY=$T/snap.csv "$PROBE" --present 5 \
	--mode fifo >"$T/out" 2>"$T/err"
check_eq "fps 72 at 143.9 Hz: snapped to two refreshes, nothing to say" "" \
	"$(grep 'mvgal layer' "$T/err")"
check "fps 72 at 143.9 Hz: the CSV's target is two refreshes" \
	grep -qx '# target_ns=13898540' "$T/snap.csv"

# the line for a fixed fps comes only when it judders, with the refresh/N that does not
MVGAL_TEST_ICD_REFRESH=60 MVGAL_FPS=60 "$PROBE" --present 5 --mode fifo >"$T/out" 2>"$T/err"
check_eq "60 fps on 60 Hz: no line" "" "$(grep 'mvgal layer' "$T/err")"
MVGAL_TEST_ICD_REFRESH=144 MVGAL_FPS=60 "$PROBE" --present 5 --mode fifo >"$T/out" 2>"$T/err"
check_eq "60 fps on 144 Hz: judders, refresh/2 gives 72" \
	"mvgal layer: 60 fps on this 144 Hz display (display timing) judders (each frame shows for 2 or 3 refreshes): refresh/2 gives an even 72 fps" \
	"$(grep 'mvgal layer' "$T/err")"
MVGAL_TEST_ICD_REFRESH=60 MVGAL_FPS=100 MVGAL_PACER=latency "$PROBE" --present 5 \
	--mode immediate >"$T/out" 2>"$T/err"
check_eq "100 fps on 60 Hz, latency mode: more than the display shows, and the mode" \
	"mvgal layer: 100 fps is more than this 60 Hz display shows (display timing): refresh gives an even 60 fps, pacer latency" \
	"$(grep 'mvgal layer' "$T/err")"

# unpaced: no line, and the extension is still hidden
MVGAL_TEST_ICD_REFRESH=144 "$PROBE" --present 5 --mode fifo >"$T/out" 2>"$T/err"
check_eq "unpaced: no refresh line" "" "$(grep 'mvgal layer' "$T/err")"
finish
