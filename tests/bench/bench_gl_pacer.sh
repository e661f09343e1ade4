#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_gl_pacer: OpenGL frame pacing of our preload library (mvgal-launch --fps N -- PROG, which
# appends libmvgal_gl.so to LD_PRELOAD) against MangoHud's fps_limit (MANGOHUD_CONFIG=
# fps_limit=N,no_display mangohud PROG) and against no limiter, in one run, under Xvfb with
# llvmpipe. The same table as bench_pacer.sh (the Vulkan one).
#
# Cases: glxgears (GLX) and es2gears_x11 (EGL) x {unpaced, MangoHud, ours} x N in {60, 144} x
# {idle, CPU hog}; MVGAL_BENCH_GAMES picks. Xvfb has no vblank and its GLX no swap control, so
# only the limiter paces. The hog is one busy process pinned to CPU 1. Each case runs
# MVGAL_BENCH_SECONDS (default 20) seconds after MVGAL_BENCH_WARMUP_S (default 5) of warm-up.
#
# Neutral measurement: tests/bench/timing_gl.c, a preload of the bench's own put first in
# LD_PRELOAD (both limiters append theirs after it), so the game's swap reaches it first; it
# calls the limiter and stamps CLOCK_MONOTONIC when the swap returns (after the limiter's wait
# and the driver's swap, for both alike), and measures CPU time of the whole process over the
# same frames. Neither limiter's own counter is used.
#
# Columns as in bench_pacer.sh: mean interval, its sd, p99 of |interval - 1/N|, late (intervals
# over 1/N + 10 %), CPU ms per frame; ours rows add the ratios to MangoHud and the goals
# (p99 <= 0.5 x MangoHud, mean within 0.01 %).
#
# Where ours loses its milliseconds (issue 28): ours runs with telemetry, whose present_ns is
# the moment our hook hands the swap to the driver, after the pacer's wait. A second table
# pairs each stamp of the window with the hand-over before it (pc_handover in pacer_cases.sh):
# the p99 error of the hand-over intervals (the pacer's wake-up: sleep, spin, the scheduler), the
# time from the hand-over to the end of the image transfer (the driver's swap: rendering not
# finished by the deadline, the copy, the thread preempted inside it), p50/p90/p99/max, the
# transfer's own duration (the timing preload's second column: XShmPutImage / xcb_put_image from
# call to return; MangoHud's run beside it, where no pacer of ours waits), and the frames that
# reached the pacer after their deadline. Exit 0 when every case ran (goals missed are reported,
# not failed), 1 when a case could not run.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pacer_cases.sh"

SECS=${MVGAL_BENCH_SECONDS:-20}
TIMING="$MVGAL_BUILD/tests/bench/libmvgal_bench_timing_gl.so"
LAUNCH="$MVGAL_BUILD/mvgal-launch"

need_cmd glxgears mesa-utils
need_cmd es2gears_x11 mesa-utils
need_cmd mangohud mangohud
need_cmd taskset util-linux
need_built bench_gl_pacer "$TIMING" "$LAUNCH" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so" \
	"$MVGAL_BUILD/tests/tools/bench_intervals"
start_xvfb

trap 'stop_hog; kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT

export XDG_RUNTIME_DIR="$T/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# Warm-up: 5 s, longer than either limiter takes to settle after the game's start. Ours repays
# time lost to a late frame by shortening the following intervals by 1/256 of the interval each
# (so the long-run rate is exact); a start-up stall of up to one interval is repaid within 256
# frames, 4.3 s at 60 fps. With the Vulkan bench's 1 s, a stall while the game started was still
# being repaid in the window: ours read up to 0.03 % fast (issue 15's note has the run).
export MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S="${MVGAL_BENCH_WARMUP_S:-5}"
unset MANGOHUD MANGOHUD_CONFIG ENABLE_MVGAL MVGAL_FPS MVGAL_BENCH_FRAMES LD_PRELOAD 2>/dev/null || true
GAMES=${MVGAL_BENCH_GAMES:-glxgears es2gears_x11}

# run_case GAME WAY N OUT: one game run; the timing preload ends it after the measured window.
run_case() {
	game=$1 way=$2 n=$3 out=$4
	set -- LD_PRELOAD="$TIMING" MVGAL_BENCH_OUT="$out"
	case $way in
	unpaced) set -- "$@" timeout $((SECS + 30)) ;;
	mangohud) set -- "$@" "MANGOHUD_CONFIG=fps_limit=$n,no_display" timeout $((SECS + 30)) mangohud ;;
	ours) set -- "$@" timeout $((SECS + 30)) "$LAUNCH" --fps "$n" --telemetry "${out%.txt}.tel" -- ;;
	esac
	env "$@" "$game" >"$T/game.log" 2>&1
}

rows="$T/rows"
: >"$rows"
rc=0
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# games: $GAMES on llvmpipe under Xvfb, ${SECS} s per case"
pacer_cases bench_gl_pacer "$GAMES" "unpaced mangohud ours" "$rows" || rc=1
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

pacer_table "$rows" 12 gl

# put_pcts FILE P...: percentiles (us) of the stamps' second column, the image transfer's own
# duration (timing_gl.c), over the window
put_pcts() {
	f=$1
	shift
	awk '/^[0-9]/ && NF > 1 { print $2 }' "$f" 2>/dev/null | pc_pcts "$@"
}
printf '\n%-12s %-4s %4s %6s %14s %18s %9s %9s %9s %14s %9s %14s %5s\n' game load N frames \
	"hand-over p99" "to transfer: p50" p90 p99 max "transfer: p50" p99 "MangoHud's p99" late
for game in $GAMES; do
	for load in idle hog; do
		for n in 60 144; do
			f="$T/$game-$load-$n-ours.txt"
			[ -f "$f" ] || continue
			# shellcheck disable=SC2046 # seven numbers, two, one
			set -- $(pc_handover "$f" $n "$(ls "${f%.txt}.tel"/*.csv 2>/dev/null | head -n 1)") \
				$(put_pcts "$f" .5 .99) $(put_pcts "$T/$game-$load-$n-mangohud.txt" .99)
			printf '%-12s %-4s %4s %6s %11s us %15s us %9s %9s %9s %11s us %9s %11s us %5s\n' \
				$game $load $n "$1" "$2" "$3" "$4" "$5" "$6" "$8" "$9" "${10}" "$7"
		done
	done
done
exit $rc
