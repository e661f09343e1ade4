#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_hud: what the HUD costs an OpenGL game (issue 29), in one run, under Xvfb with llvmpipe:
# uncapped glxgears through `mvgal-launch -- glxgears` (the OpenGL library on, no pacer) with the
# HUD off and with `--hud`, interleaved, MVGAL_BENCH_PAIRS pairs (default 3) of
# MVGAL_BENCH_SECONDS (default 10) after MVGAL_BENCH_WARMUP_S (default 3) of warm-up. Frame
# rates come from the bench's own timing preload (tests/bench/timing_gl.c, first in LD_PRELOAD),
# not from glxgears or the HUD. Goal: HUD on / off >= 0.95.
# The HUD's own cost per frame: MVGAL_SELFTIME=1 has the library log the thread CPU time of its
# HUD frames (gl/gl_hud.c: everything it does on the game's thread, the driver's GL calls
# included) every 256 frames, median and p99; the table takes the last such line of each
# HUD-on run. Goal: <= 0.1 ms. Whole-process CPU per frame (llvmpipe rasterising the HUD
# included) is in the table as well.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"

PAIRS=${MVGAL_BENCH_PAIRS:-3}
SECS=${MVGAL_BENCH_SECONDS:-10}
TIMING="$MVGAL_BUILD/tests/bench/libmvgal_bench_timing_gl.so"
LAUNCH="$MVGAL_BUILD/mvgal-launch"
need_cmd glxgears mesa-utils
need_built bench_hud "$TIMING" "$LAUNCH" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so" \
	"$MVGAL_BUILD/tests/tools/bench_intervals"
start_xvfb
export XDG_RUNTIME_DIR="$T/run" MVGAL_BENCH_SECONDS="$SECS"
export MVGAL_BENCH_WARMUP_S="${MVGAL_BENCH_WARMUP_S:-3}"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset MVGAL_FPS MVGAL_HUD MVGAL_BENCH_FRAMES LD_PRELOAD 2>/dev/null || true

# run WAY PAIR: one glxgears run ended by the timing preload; prints
# "fps cpu_ms_per_frame median_ns p99_ns" (the cost "- -" with the HUD off)
run() {
	out="$T/$1-$2"
	set -- LD_PRELOAD="$TIMING" MVGAL_BENCH_OUT="$out.txt" MVGAL_SELFTIME=1 \
		MVGAL_LOG="$out.log" vblank_mode=0 timeout $((SECS + 60)) "$LAUNCH" \
		$([ "$1" = on ] && echo --hud) -- glxgears -geometry 1280x720
	env "$@" >"$out.out" 2>&1 || return 1
	r=$("$MVGAL_BUILD/tests/tools/bench_intervals" "$out.txt" 0) || return 1
	cost=$(sed -n 's/.*HUD cost per frame.*median \([0-9]*\) ns, p99 \([0-9]*\) ns/\1 \2/p' \
		"$out.log" 2>/dev/null | tail -n 1)
	echo "$r" | awk -v c="${cost:--  -}" '{ printf "%.1f %.3f %s\n", 1000 / $2, $6, c }'
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# uncapped glxgears (1280x720) on llvmpipe under Xvfb, $PAIRS pairs of $SECS s, interleaved"
echo "| pair | HUD off, fps | HUD on, fps | ratio (goal >= 0.95) | CPU ms/frame off | on | HUD cost median ns | p99 ns (goal <= 100000) |"
echo "|---|---|---|---|---|---|---|---|"
rc=0
p=1
: >"$T/ratios"
while [ $p -le "$PAIRS" ]; do
	off=$(run off $p) || { echo "bench_hud: the HUD-off run $p failed" >&2; rc=1; }
	on=$(run on $p) || { echo "bench_hud: the HUD-on run $p failed" >&2; rc=1; }
	set -- $off $on
	if [ $# -eq 8 ]; then
		ratio=$(awk -v a="$1" -v b="$5" 'BEGIN { printf "%.3f", b / a }')
		echo "$ratio" >>"$T/ratios"
		echo "| $p | $1 | $5 | $ratio | $2 | $6 | $7 | $8 |"
	fi
	p=$((p + 1))
done
sort -n "$T/ratios" | awk '{ r[NR] = $1; s += $1 } END { if (NR) printf "| mean | | | **%.3f** (median pair %.3f) | | | | |\n", s / NR, r[int((NR + 1) / 2)] }'
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
