#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_layer: what the layer costs a game, under Xvfb with lavapipe.
#
# 1. Uncapped vkcube (immediate present mode, 320x320) frames per second with no layer vs with
#    the layer on (ENABLE_MVGAL=1, MVGAL_PACER=off, MVGAL_TELEMETRY on: every present stamped
#    and written to the CSV). Runs are interleaved, MVGAL_BENCH_PAIRS pairs (default 3) of
#    MVGAL_BENCH_SECONDS (default 10) seconds each after one second of warm-up, the side that
#    goes first alternating, so drift of the machine hits both sides alike. Frames per second
#    come from the bench's own neutral timing layer (tests/bench/timing_layer.c, explicit, placed
#    by the loader below our implicit layer, next to the driver): frames over the wall time
#    between its first and last stamp. Neither vkcube's nor our layer's own count is used.
#    Goal: layer / none >= 0.98, on the ratio of the mean fps.
# 2. The layer's own cost per present, measured inside the layer (MVGAL_SELFTIME=1: everything
#    in its vkQueuePresentKHR but the driver's call, 10 ns buckets): median and p99 from the
#    summary of one vkcube --c 5000 run (pacer off, telemetry on).
# Exit 0 when everything ran (a goal missed is reported, not failed), 1 when a run failed.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pairs.sh"

vkcube_bench bench_layer

# fps_run WAY OUT: one timed run; prints its frames per second
fps_run() {
	if [ "$1" = layer ]; then
		set -- "$2" ENABLE_MVGAL=1 MVGAL_PACER=off "MVGAL_TELEMETRY=$T/layer.csv"
	else
		set -- "$2"
	fi
	out=$1; shift
	rm -f "$out" "$T/layer.csv" "$T/layer.csv.summary"
	env "$@" VK_LAYER_PATH="$TIMING_DIR" VK_INSTANCE_LAYERS=VK_LAYER_MVGAL_bench_timing \
		MVGAL_BENCH_OUT="$out" timeout $((SECS + 30)) $CUBE --c 100000000 \
		>"$T/cube.log" 2>&1
	sed -n '1s/^# frames=\([0-9]*\) cpu_ns=[0-9]* wall_ns=\([0-9]*\)$/\1 \2/p' "$out" |
		awk '$1 > 1 && $2 > 0 { printf "%.1f\n", ($1 - 1) * 1e9 / $2 }'
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# vkcube $SIZE immediate on lavapipe under Xvfb; $PAIRS pairs of ${SECS} s, fps from the timing layer"
run_none() { fps_run none "$T/none.txt"; }
run_layer() { fps_run layer "$T/layer.txt"; }
rc=0
bench_pairs bench_layer 0.98 none run_none layer run_layer

# the layer's own cost per present
csv=$T/self.csv
ENABLE_MVGAL=1 MVGAL_PACER=off MVGAL_TELEMETRY=$csv MVGAL_SELFTIME=1 timeout 120 $CUBE --c 5000 \
	>"$T/cube.log" 2>&1
med=$(sed -n 's/^layer_median_ns=//p' "$csv.summary" 2>/dev/null)
p99=$(sed -n 's/^layer_p99_ns=//p' "$csv.summary" 2>/dev/null)
n=$(sed -n 's/^layer_samples=//p' "$csv.summary" 2>/dev/null)
if [ -n "$med" ] && [ -n "$p99" ]; then
	echo "layer cost per present (MVGAL_SELFTIME=1, vkcube --c 5000, telemetry on, pacer off):" \
		"median $med ns, p99 $p99 ns over $n presents"
else
	echo "bench_layer: the self-time run wrote no layer_median_ns: $(tail -n 3 "$T/cube.log" | tr '\n' ' ')" >&2
	rc=1
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
