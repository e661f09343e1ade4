#!/bin/sh
# SPDX-License-Identifier: MIT
# The pacer reads the refresh of a Wayland surface's wl_output (issue 14), against a real
# compositor: weston's headless backend (no GPU, its own XDG_RUNTIME_DIR and socket in the
# test's temp dir). Weston 10's headless output has a fixed 60 Hz mode (no option changes it), so
# this proves the 60.00 Hz comes FROM wl_output (the line names it and the output), not from the
# "unknown, 60 assumed" fallback. Game: vkcube-wayland on lavapipe (no VK_GOOGLE_display_timing);
# and es2gears_wayland (OpenGL ES on EGL's Wayland platform, llvmpipe) through the OpenGL preload
# library, which asks the wl_display the game gave eglGetDisplay.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd weston weston
need_cmd vkcube-wayland vulkan-tools
need_cmd es2gears_wayland mesa-utils
TIM=$MVGAL_BUILD/tests/bench/libmvgal_bench_timing_gl.so
need_file "$LVP_ICD" mesa-vulkan-drivers
need_built layer_wayland "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" \
	"$MVGAL_BUILD/mvgal-launch" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so" "$TIM"

export XDG_RUNTIME_DIR="$T/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
sock="mvgal-test-$$"
# desktop-shell: kiosk-shell never sends vkcube-wayland a frame callback on headless
weston --backend=headless-backend.so --use-pixman --socket="$sock" --no-config --idle-time=0 \
	>"$T/weston.log" 2>&1 &
WESTON_PID=$!
trap 'kill $WESTON_PID 2>/dev/null; wait $WESTON_PID 2>/dev/null; rm -rf "$T"' EXIT
if ! wait_for_socket "$XDG_RUNTIME_DIR/$sock" "$WESTON_PID" 100; then
	not_ok "weston (headless) starts" "$(tail -n 3 "$T/weston.log" | tr '\n' ' ')"
	finish
fi
ok "weston (headless) starts (socket $sock)"
unset DISPLAY
export WAYLAND_DISPLAY="$sock" VK_DRIVER_FILES="$LVP_ICD"
export XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" ENABLE_MVGAL=1 MVGAL_FPS=refresh/2

csv=$T/vkcube.csv
MVGAL_TELEMETRY=$csv timeout 30 vkcube-wayland --c 60 --width 160 --height 160 >"$T/out" 2>"$T/err"
check_eq "vkcube-wayland: the refresh comes from wl_output, with the output's name" \
	"mvgal layer: refresh/2 of the 60 Hz display (wl_output, headless): 30 fps" \
	"$(grep 'mvgal layer: .*(wl_output' "$T/err")"
# weston answers wp_presentation feedback (sync_output, then presented with a 16666666 ns
# refresh; WAYLAND_DEBUG=1 weston-presentation-shm shows it): the layer learns which of its
# wl_outputs the window was shown on (issue 28 item 4), once, as the frames go by
check_eq "vkcube-wayland: presentation feedback names the window's output, once" \
	"mvgal layer: refresh/2 of the 60 Hz display (presentation feedback, headless): 30 fps" \
	"$(grep 'mvgal layer: .*presentation feedback' "$T/err")"
# the head is written a few frames in: before or after the first feedback's answer
check "telemetry names the source" \
	grep -Eqx '# refresh_source=(wl_output|presentation feedback) headless' "$csv"
# 33.3 ms at 30 fps; the bound leaves room for lavapipe under make check's load
check "vkcube-wayland: paced to 30 fps (mean $(sed -n 's/^mean_ms=//p' "$csv.summary") ms)" \
	awk -F= '/^mean_ms=/ { exit !($2 > 32.5 && $2 < 45) }' "$csv.summary"

# OpenGL ES on Wayland: 60 frames (2 s), counted and ended by the bench's timing preload
unset ENABLE_MVGAL MVGAL_FPS
LD_PRELOAD=$TIM MVGAL_BENCH_FRAMES=60 MVGAL_BENCH_OUT="$T/gl.txt" timeout 60 \
	"$MVGAL_BUILD/mvgal-launch" --fps refresh/2 --telemetry "$T/gl" -- es2gears_wayland \
	>"$T/out" 2>"$T/err"
check_eq "es2gears_wayland (EGL): the refresh comes from wl_output, with the output's name" \
	"mvgal gl: refresh/2 of the 60 Hz display (wl_output, headless): 30 fps" \
	"$(grep 'mvgal [a-z]*: .*(wl_output' "$T/err")"
# the OpenGL library asks for the same feedback on the wl_surface inside the game's wl_egl_window
check_eq "es2gears_wayland (EGL): presentation feedback names the window's output, once" \
	"mvgal gl: refresh/2 of the 60 Hz display (presentation feedback, headless): 30 fps" \
	"$(grep 'mvgal [a-z]*: .*presentation feedback' "$T/err")"
csv=$(ls "$T/gl"/*.csv 2>/dev/null | head -n 1)
check "es2gears_wayland: telemetry names the source" \
	grep -Eqx '# refresh_source=(wl_output|presentation feedback) headless' "$csv"
mean=$("$MVGAL_BUILD/tests/tools/bench_intervals" "$T/gl.txt" 33333333 | cut -d' ' -f2)
check "es2gears_wayland: paced to 30 fps (mean interval $mean ms)" \
	awk -v m="$mean" 'BEGIN { exit !(m >= 32.6 && m < 45) }'
finish
