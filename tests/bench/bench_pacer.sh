#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_pacer: frame pacing of our layer (ENABLE_MVGAL=1 MVGAL_FPS=N) against MangoHud's fps_limit
# and against no limiter, in one run, under Xvfb with lavapipe.
#
# Cases: games x {unpaced, MangoHud, ours} x N in {60, 144} x {idle, CPU hog}. Games: vkcube
# (320x320) and, when built, the demo game (320x320, --load 1: an uneven 0.4..2.5 ms of CPU work per
# frame); MVGAL_BENCH_GAMES="vkcube demo" picks. Both use the immediate present mode: Xvfb has no
# vblank, so only the limiter paces. The hog is one busy process pinned to CPU 1 (the game is not
# pinned). Each case runs MVGAL_BENCH_SECONDS (default 20) seconds after one second of warm-up.
#
# Neutral measurement: tests/bench/timing_layer.c, an explicit layer enabled through
# VK_INSTANCE_LAYERS. The loader puts explicit layers from the environment below the implicit ones
# (VK_LOADER_DEBUG=layer lists it inserted first, next to the driver), so it stamps each present
# after either limiter has waited, and it measures CPU time of the whole game process (getrusage,
# all threads) over the same frames. Neither limiter's own counter is used.
#
# Columns: mean interval, its sd, p99 of |interval - 1/N|, late = intervals over 1/N + 10 %, CPU
# ms per frame. Ours rows add p99 and sd ratios to MangoHud and the CPU difference in % of one
# core, and the goals (p99 <= 0.5 x MangoHud, sd <= 50 us idle, mean within 0.01 %,
# CPU <= MangoHud + 3 % of a core). Exit 0 when every case ran (goals missed are reported, not
# failed), 1 when a case could not run.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pacer_cases.sh"

SECS=${MVGAL_BENCH_SECONDS:-20}
SIZE=320
TOOLS="$MVGAL_BUILD/tests/tools"
TIMING_DIR="$MVGAL_BUILD/tests/bench"
OUR_JSON="$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json"

need_cmd vkcube vulkan-tools
need_cmd mangohud mangohud
need_cmd taskset util-linux
need_file "$LVP_ICD" mesa-vulkan-drivers
need_built bench_pacer "$TIMING_DIR/VkLayer_MVGAL_bench_timing.json" "$TOOLS/bench_intervals"
# Without the product layer, "ours" is the pacer driven by the timing layer itself
# (MVGAL_BENCH_PACE, same pacer calls as the layer's present hook), labelled ours-bl.
OURS=ours
if [ ! -e "$OUR_JSON" ]; then
	OURS=ours-bl
	echo "# the layer is not built ($OUR_JSON): ours-bl = the pacer inside the bench's timing layer"
fi
start_xvfb

trap 'stop_hog; kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT

export VK_DRIVER_FILES="$LVP_ICD"
export XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share"
export VK_LAYER_PATH="$TIMING_DIR" VK_INSTANCE_LAYERS=VK_LAYER_MVGAL_bench_timing
export MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S=1
unset MANGOHUD MANGOHUD_CONFIG ENABLE_MVGAL MVGAL_FPS 2>/dev/null || true

DEMO="$MVGAL_BUILD/mvgal-demo"
GAMES=${MVGAL_BENCH_GAMES:-vkcube $([ -x "$DEMO" ] && echo demo)}

# run_case GAME WAY N OUT: one game run; the timing layer ends it after the measured window.
run_case() {
	game=$1 way=$2 n=$3 out=$4
	case $way in
	unpaced) set -- ;;
	mangohud) set -- MANGOHUD=1 "MANGOHUD_CONFIG=fps_limit=$n,no_display" ;;
	ours) set -- ENABLE_MVGAL=1 "MVGAL_FPS=$n" ;;
	ours-bl) set -- "MVGAL_BENCH_PACE=$n" ;;
	esac
	set -- "$@" MVGAL_BENCH_OUT="$out" timeout $((SECS + 30))
	if [ "$game" = demo ]; then
		set -- "$@" "$DEMO" --present-mode immediate --load 1 --size ${SIZE}x$SIZE \
			--seconds $((SECS + 30))
	else
		set -- "$@" vkcube --c 10000000 --present_mode 0 --width $SIZE --height $SIZE
	fi
	env "$@" >"$T/game.log" 2>&1
}

rows="$T/rows"
: >"$rows"
rc=0
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# games: $GAMES (${SIZE}x$SIZE) on lavapipe under Xvfb, ${SECS} s per case"
pacer_cases bench_pacer "$GAMES" "unpaced mangohud $OURS" "$rows" || rc=1
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

pacer_table "$rows" 6 vulkan
exit $rc
