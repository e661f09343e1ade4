#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_hud_vk: what the Vulkan layer's HUD (issue 29) costs a game, under Xvfb with lavapipe.
#
# 1. Uncapped vkcube (immediate present mode, 320x320) frames per second with the layer on and
#    the HUD off vs on (MVGAL_HUD=1), pacer off, everything else alike. Runs are interleaved,
#    MVGAL_BENCH_PAIRS pairs (default 3) of MVGAL_BENCH_SECONDS (default 10) seconds each after
#    one second of warm-up, the side that goes first alternating. Frames per second come from the
#    bench's own timing layer (tests/bench/timing_layer.c, explicit, below our implicit layer,
#    next to the driver), as in bench_layer. Goal: HUD on / off >= 0.95, on the ratio of the
#    mean fps (lavapipe draws the HUD on the CPU too, so the GPU part is in the ratio).
# 2. The HUD's CPU cost per frame: the layer's own cost per present (MVGAL_SELFTIME=1, which
#    counts everything in its vkQueuePresentKHR but the driver's present and the pacer's sleep:
#    the HUD's figures, its triangles, recording and submitting its draw) with the HUD on minus
#    with it off; medians of one vkcube --c 5000 run each. Goal: <= 0.1 ms (100,000 ns).
# Exit 0 when everything ran (a goal missed is reported, not failed), 1 when a run failed.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pairs.sh"

vkcube_bench bench_hud_vk
export ENABLE_MVGAL=1 MVGAL_PACER=off

# fps_run HUD OUT: one timed run with MVGAL_HUD=HUD; prints its frames per second
fps_run() {
	rm -f "$2"
	MVGAL_HUD=$1 VK_LAYER_PATH="$TIMING_DIR" VK_INSTANCE_LAYERS=VK_LAYER_MVGAL_bench_timing \
		MVGAL_BENCH_OUT="$2" timeout $((SECS + 30)) $CUBE --c 100000000 >"$T/cube.log" 2>&1
	sed -n '1s/^# frames=\([0-9]*\) cpu_ns=[0-9]* wall_ns=\([0-9]*\)$/\1 \2/p' "$2" |
		awk '$1 > 1 && $2 > 0 { printf "%.1f\n", ($1 - 1) * 1e9 / $2 }'
}

# self_median HUD: the layer's median cost per present (ns) over vkcube --c 5000
self_median() {
	csv=$T/self$1.csv
	MVGAL_HUD=$1 MVGAL_TELEMETRY=$csv MVGAL_SELFTIME=1 timeout 120 $CUBE --c 5000 \
		>"$T/cube.log" 2>&1
	sed -n 's/^layer_median_ns=//p' "$csv.summary" 2>/dev/null
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# vkcube ${SIZE}x$SIZE immediate on lavapipe under Xvfb, layer on, pacer off; $PAIRS pairs of ${SECS} s, fps from the timing layer"
run_off() { fps_run 0 "$T/off.txt"; }
run_on() { fps_run 1 "$T/on.txt"; }
rc=0
bench_pairs bench_hud_vk 0.95 "HUD off" run_off "HUD on" run_on

off=$(self_median 0)
on=$(self_median 1)
if [ -n "$off" ] && [ -n "$on" ]; then
	echo "$off $on" | awk '{ d = $2 - $1
		printf "HUD CPU cost per frame (MVGAL_SELFTIME=1 medians, vkcube --c 5000 each): layer %d ns with the HUD off, %d ns on: HUD %d ns   goal <= 100000 ns: %s\n",
			$1, $2, d, (d <= 100000 ? "met" : "MISSED") }'
else
	echo "bench_hud_vk: a self-time run wrote no layer_median_ns: $(tail -n 3 "$T/cube.log" | tr '\n' ' ')" >&2
	rc=1
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
