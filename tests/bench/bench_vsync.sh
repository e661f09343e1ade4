#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_vsync: the pacer on a display it knows (issue 14), against MangoHud in the same run,
# under Xvfb with lavapipe. The bench's timing layer (tests/bench/timing_layer.c, below both
# limiters) plays the test ICD's simulated display (MVGAL_TEST_ICD_REFRESH=144: presents latch at
# the first vblank after they reach it, VK_GOOGLE_display_timing offered to the layers above) and
# stamps every present and each frame's first submit.
#
# (1) vsync hit rate: vkcube (320x320, immediate) at refresh/2 = 72 fps on the simulated 144 Hz
#     display, idle and with a busy process pinned to CPU 1; ours (MVGAL_FPS=refresh/2) against
#     MangoHud fps_limit=72. A frame hits when it latches exactly two vblanks after the previous
#     one. Goal: ours >= 99.9 % and ahead of MangoHud.
# (2) latency: the demo game (--load 1: 0.4..2.5 ms of CPU work per frame before it acquires) at
#     60 fps, idle and with the hog: ours normal, ours with MVGAL_PACER=latency, MangoHud
#     fps_limit_method=early and late. Latency = time from the frame's first vkQueueSubmit
#     reaching the timing layer (after any limiter waited there) to its present reaching it.
#     Goals, per load: latency mode's p99 <= 1/10 of normal mode's, and its pacing p99 error
#     <= 0.5 x MangoHud's early method's.
# (3) vrr: vkcube (immediate) on a simulated 48..144 Hz VRR panel (MVGAL_TEST_ICD_VRR=48: a present
#     latches at once 1/144..1/48 s after the last, else counts early or late), idle and with the
#     hog: ours MVGAL_FPS=vrr (144 - 144^2/3600 = 138.24 fps) against MangoHud fps_limit=138
#     (MangoHud 0.6.8 reads fps_limit with stoul: 138.24 would be 138 anyway); p99 of |interval -
#     1/target| (each against its own target) and the frames that left the range (early + late).
# MVGAL_BENCH_SECONDS (default 20) per case after one second of warm-up. Exit 0 when every case
# ran (goals missed are reported), 1 when one could not run.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pacer_cases.sh" # start_hog, stop_hog

SECS=${MVGAL_BENCH_SECONDS:-20}
TOOLS="$MVGAL_BUILD/tests/tools"
TIMING_DIR="$MVGAL_BUILD/tests/bench"
DEMO="$MVGAL_BUILD/mvgal-demo"

need_cmd vkcube vulkan-tools
need_cmd mangohud mangohud
need_cmd taskset util-linux
need_file "$LVP_ICD" mesa-vulkan-drivers
need_built bench_vsync "$TIMING_DIR/VkLayer_MVGAL_bench_timing.json" "$TOOLS/bench_intervals" \
	"$DEMO" "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json"
start_xvfb

trap 'stop_hog; kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT

export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share"
export VK_LAYER_PATH="$TIMING_DIR" VK_INSTANCE_LAYERS=VK_LAYER_MVGAL_bench_timing
export MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S=1
unset MANGOHUD MANGOHUD_CONFIG ENABLE_MVGAL MVGAL_FPS MVGAL_PACER 2>/dev/null || true
rc=0

# run GAME OUT VAR=VALUE...: one game run, ended by the timing layer after the measured window
run() {
	game=$1 out=$2
	shift 2
	set -- "$@" MVGAL_BENCH_OUT="$out" timeout $((SECS + 30))
	if [ "$game" = demo ]; then
		set -- "$@" "$DEMO" --present-mode immediate --load 1 --size 320x320 \
			--seconds $((SECS + 30))
	else
		set -- "$@" vkcube --c 10000000 --present_mode 0 --width 320 --height 320
	fi
	if ! env "$@" >"$T/game.log" 2>&1 || [ ! -s "$out" ]; then
		echo "bench_vsync: a case did not run: $(tail -n 3 "$T/game.log" | tr '\n' ' ')" >&2
		rc=1
		return 1
	fi
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# (1) vsync hit rate: vkcube on a simulated 144 Hz display at 72 fps, ${SECS} s per case"
printf '%-4s %-8s %6s %8s %6s  %s\n' load limiter frames hit_% misses "lead eighths 0..7 (ours aims at 6: 3/4 of a refresh before the vblank)"
for load in idle hog; do
	[ $load = hog ] && start_hog
	for way in mangohud ours; do
		f="$T/vsync-$load-$way.txt"
		case $way in
		mangohud) set -- MANGOHUD=1 "MANGOHUD_CONFIG=fps_limit=72,no_display" ;;
		ours) set -- ENABLE_MVGAL=1 MVGAL_FPS=refresh/2 ;;
		esac
		run vkcube "$f" MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VBLANK_PHASE_US=1234 "$@" ||
			continue
		awk -v load=$load -v way=$way '
		/^# vblank gaps/ { for (i = 4; i <= NF; i++) { split($i, kv, ":"); n += kv[2]; if (kv[1] == "2") hit = kv[2] } }
		/^# lead eighths/ { lead = ""; for (i = 4; i <= NF; i++) { split($i, kv, ":"); lead = lead " " kv[2] } }
		END { printf "%-4s %-8s %6d %8.2f %6d %s\n", load, way, n, n ? 100 * hit / n : 0, n - hit, lead }' "$f" |
			tee -a "$T/vsync"
	done
	stop_hog
done
awk '{ hit[$1 " " $2] = $4 }
END {
	for (l = 1; l <= 2; l++) {
		load = l == 1 ? "idle" : "hog"
		o = hit[load " ours"]; m = hit[load " mangohud"]
		printf "# %s: ours %.2f %% vs MangoHud %.2f %%: %s\n", load, o, m,
			(o >= 99.9 && o > m) ? "met" : "MISSED (goal >= 99.9 % and ahead)"
	}
}' "$T/vsync"

echo "# (2) latency: the demo game (--load 1) at 60 fps, ${SECS} s per case"
printf '%-4s %-15s %6s %9s %7s %9s %9s %9s\n' load limiter frames mean_ms sd_us p99err_us lat_mean_us lat_p99_us
for load in idle hog; do
	[ $load = hog ] && start_hog
	for way in normal latency mangohud-early mangohud-late; do
		f="$T/lat-$load-$way.txt"
		case $way in
		normal) set -- ENABLE_MVGAL=1 MVGAL_FPS=60 ;;
		latency) set -- ENABLE_MVGAL=1 MVGAL_FPS=60 MVGAL_PACER=latency ;;
		mangohud-*) set -- MANGOHUD=1 "MANGOHUD_CONFIG=fps_limit=60,fps_limit_method=${way#mangohud-},no_display" ;;
		esac
		run demo "$f" "$@" || continue
		r=$("$TOOLS/bench_intervals" "$f" 16666667) || { rc=1; continue; }
		# r: frames mean_ms sd_us p99_err_us late cpu_ms lat_mean_us lat_p99_us
		echo "$load $way $r" | awk '{ printf "%-4s %-15s %6d %9.5f %7.1f %9.1f %9.1f %9.1f\n", $1, $2, $3, $4, $5, $6, $9, $10 }' |
			tee -a "$T/lat"
	done
	stop_hog
done
awk '{ p99[$1 " " $2] = $8; err[$1 " " $2] = $6 }
END {
	for (l = 1; l <= 2; l++) {
		load = l == 1 ? "idle" : "hog"
		n = p99[load " normal"]; m = err[load " mangohud-early"]
		rl = n > 0 ? p99[load " latency"] / n : 0
		re = m > 0 ? err[load " latency"] / m : 0
		printf "# %s: latency p99 / normal p99 = %.3f (goal <= 0.1): %s\n", load, rl, rl <= 0.1 ? "met" : "MISSED"
		printf "# %s: latency pacing p99 error / MangoHud early = %.2f (goal <= 0.5): %s\n", load, re, re <= 0.5 ? "met" : "MISSED"
	}
}' "$T/lat"

echo "# (3) vrr: vkcube on a simulated 48..144 Hz VRR panel, ours vrr (138.24 fps), MangoHud 138, ${SECS} s per case"
printf '%-4s %-8s %6s %9s %7s %9s %6s %6s %6s\n' load limiter frames mean_ms sd_us p99err_us in early late
for load in idle hog; do
	[ $load = hog ] && start_hog
	for way in mangohud ours; do
		f="$T/vrr-$load-$way.txt"
		case $way in
		mangohud) set -- MANGOHUD=1 "MANGOHUD_CONFIG=fps_limit=138,no_display" ;;
		ours) set -- ENABLE_MVGAL=1 MVGAL_FPS=vrr ;;
		esac
		run vkcube "$f" MVGAL_TEST_ICD_REFRESH=144 MVGAL_TEST_ICD_VRR=48 "$@" || continue
		target=7233796
		[ $way = mangohud ] && target=7246377
		r=$("$TOOLS/bench_intervals" "$f" $target) || { rc=1; continue; }
		v=$(sed -n 's/^# vrr range .* in:\([0-9]*\) early:\([0-9]*\) late:\([0-9]*\).*/\1 \2 \3/p' "$f")
		echo "$load $way $r $v" | awk '{ printf "%-4s %-8s %6d %9.5f %7.1f %9.1f %6d %6d %6d\n", $1, $2, $3, $4, $5, $6, $11, $12, $13 }' |
			tee -a "$T/vrr"
	done
	stop_hog
done
awk '{ err[$1 " " $2] = $6; out[$1 " " $2] = $8 + $9 }
END {
	for (l = 1; l <= 2; l++) {
		load = l == 1 ? "idle" : "hog"
		o = err[load " ours"]; m = err[load " mangohud"]
		printf "# %s: p99 error ours %.1f us vs MangoHud %.1f us (x%.2f); frames out of range ours %d, MangoHud %d\n",
			load, o, m, (m > 0 ? o / m : 0), out[load " ours"], out[load " mangohud"]
	}
}' "$T/vrr"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
