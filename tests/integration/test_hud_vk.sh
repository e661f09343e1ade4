#!/bin/sh
# SPDX-License-Identifier: MIT
# The HUD drawn by the Vulkan layer (issue 29), on a real driver and a real X server: vkcube on
# lavapipe under Xvfb. Screenshots (xwd of vkcube's window, read by tests/integration/xwd.py,
# which counts the HUD's own colours in a rectangle) with the HUD off and on, in its corner and
# nowhere else; moved by MVGAL_HUD_POSITION; hidden and shown again by Shift+F12 (xdotool,
# XTEST); the Khronos validation layer (with synchronisation validation) below ours: no message
# over hundreds of frames and three window resizes (swapchain recreation, the HUD in the new
# corner, then on a window smaller than it), and nothing left undestroyed at a clean exit; 10,000 frames without RSS growth;
# MangoHud's HUD on too, both visible; a driver without what the HUD needs: one line, the game
# runs.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd vkcube vulkan-tools
need_cmd xwd x11-apps
need_cmd xwininfo x11-utils
need_cmd xdotool xdotool
need_cmd python3 python3
need_file "$LVP_ICD" mesa-vulkan-drivers
need_file /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json vulkan-validationlayers
need_file /usr/share/vulkan/implicit_layer.d/MangoHud.json mangohud
need_file "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "(make)"
start_xvfb

export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1
export ENABLE_MVGAL=1 MVGAL_LOG=$T/layer.log
unset MVGAL_HUD MVGAL_HUD_POSITION MVGAL_HUD_SCALE MANGOHUD 2>/dev/null || true
XWD="python3 $MVGAL_TOP/tests/integration/xwd.py"
# quarters of vkcube's 500 x 500 window, where the HUD's colours are counted (vkcube has none of
# them: xwd.py); and 60 x 24 pixels in the top-right corner, where MangoHud's text is and the
# cube never comes (vkcube's clear colour there), where shots are compared pixel by pixel
TL="0 0 250 250"
BR="250 250 250 250"
TR="436 4 60 24"

# rows FILE: telemetry rows so far (frames presented)
rows() { grep -c '^[0-9]' "$1" 2>/dev/null || echo 0; }

# wait_rows FILE N: until FILE holds N rows, vkcube ($CUBE) dies, or 60 s pass
wait_rows() {
	_i=0
	while [ "$(rows "$1")" -lt "$2" ] && [ $_i -lt 600 ] && kill -0 "$CUBE" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# cube_start NAME [VAR=VALUE...]: vkcube with that environment, its telemetry in $T/NAME.csv,
# once it has presented 20 frames; sets CUBE (its pid) and WIN (its window)
cube_start() {
	CSV=$T/$1.csv
	shift
	env "$@" MVGAL_TELEMETRY="$CSV" vkcube >"$T/cube.out" 2>&1 &
	CUBE=$!
	wait_rows "$CSV" 20
	WIN=$(xwininfo -root -children | awk '/^ +0x[0-9a-f]+ .*500x500/ { print $1; exit }')
}
# cube_stop: vkcube ended, and its window gone from the X server (at most 5 s): the next
# cube_start takes the first 500x500 window xwininfo lists, which can be the ended one's while the
# X server has not yet seen its client go (once under load, 2026-12-08: "both on" shot no window)
cube_stop() {
	kill "$CUBE" 2>/dev/null
	wait "$CUBE" 2>/dev/null
	_i=0
	while xwininfo -root -children | grep -q ' 500x500' && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
# shot NAME: the window as it is now, 10 frames on (the frames since the last change are drawn)
shot() {
	wait_rows "$CSV" $(($(rows "$CSV") + 10))
	xwd -id "$WIN" -silent >"$T/$1.xwd" 2>"$T/xwd.err" || echo "# xwd: $(cat "$T/xwd.err")"
}
# seen NAME SHOT X Y W H: the HUD's colours are in that rectangle of the shot (20 pixels or more:
# its text there)
seen() {
	n=$1
	f=$T/$2.xwd
	shift 2
	c=$($XWD hud "$f" "$@" 2>&1)
	check "$n ($c pixels of the HUD's colours)" test "${c:-0}" -ge 20 2>/dev/null
}
# none NAME SHOT X Y W H: not one pixel of them there
none() {
	n=$1
	f=$T/$2.xwd
	shift 2
	c=$($XWD hud "$f" "$@" 2>&1)
	check_eq "$n" 0 "$c"
}

# --- off and on, in its corner only ---------------------------------------------------------
cube_start off
shot off
cube_stop
check "vkcube's window found and shot" test -s "$T/off.xwd"
none "HUD off: none of its colours in vkcube's top-left corner" off $TL

cube_start on MVGAL_HUD=1
shot on
cube_stop
seen "MVGAL_HUD=1: the HUD is in the top-left corner" on $TL
none "... and not in the bottom-right one" on $BR
[ -n "${MVGAL_HUD_PNG:-}" ] && $XWD png "$T/on.xwd" "$MVGAL_HUD_PNG"

cube_start br MVGAL_HUD=1 MVGAL_HUD_POSITION=bottom-right
shot br
cube_stop
seen "MVGAL_HUD_POSITION=bottom-right: the HUD is in the bottom-right corner" br $BR
none "... and not in the top-left one" br $TL

# --- Shift+F12 --------------------------------------------------------------------------------
# held for 300 ms: the key state is polled at most every 100 ms (ingame/hud_key.c)
press_toggle() {
	xdotool keydown shift+F12
	sleep 0.3
	xdotool keyup shift+F12
	sleep 0.2
}
cube_start toggle MVGAL_HUD=1
press_toggle
shot hidden
press_toggle
shot shown
cube_stop
none "Shift+F12 hides the HUD" hidden $TL
seen "Shift+F12 again shows it" shown $TL

# --- validation below ours: frames, three resizes, teardown ------------------------------------
# vkcube quits on Escape (a clean exit, unlike a signal), so the validation layer also sees
# whether everything we made was destroyed (VUID-vkDestroyDevice-device-00378 otherwise)
# resize_shot W H NAME: resizes vkcube's window, waits 60 frames, shoots it
resize_shot() {
	xdotool windowsize "$WIN" "$1" "$2"
	wait_rows "$CSV" $(($(rows "$CSV") + 60))
	xwd -id "$WIN" -silent >"$T/$3.xwd" 2>/dev/null
}
CSV=$T/valid.csv
MVGAL_HUD=1 MVGAL_HUD_POSITION=bottom-right VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation \
	VK_LAYER_ENABLES=VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT \
	MVGAL_TELEMETRY=$CSV vkcube >"$T/valid.out" 2>&1 &
CUBE=$!
wait_rows "$CSV" 60
WIN=$(xwininfo -root -children | awk '/^ +0x[0-9a-f]+ .*500x500/ { print $1; exit }')
resize_shot 320 240 small
resize_shot 640 400 large
# smaller than the panel: the render pass's area (the panel's rectangle) is cut to the image
resize_shot 120 80 tiny
xdotool mousemove --window "$WIN" 20 20 key Escape
i=0
while kill -0 "$CUBE" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill "$CUBE" 2>/dev/null && echo "# vkcube did not quit on Escape: killed"
wait "$CUBE"
check_eq "vkcube with the HUD, validation and three resizes quits on Escape with 0" 0 "$?"
check "at least 180 frames presented ($(rows "$CSV"))" test "$(rows "$CSV")" -ge 180
# size NAME: a shot's width and height (xwd's header: width and height are its 5th and 6th words)
size() { od -An -tu1 -j16 -N8 "$T/$1.xwd" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'; }
check_eq "the window was resized (swapchains recreated at 320x240 and 640x400)" "320 240 640 400" \
	"$(size small) $(size large)"
# the HUD follows the new size: in the bottom-right corner of each
seen "after the resize to 320x240 the HUD is in its new bottom-right corner" small 160 120 160 120
seen "after the resize to 640x400 the HUD is in its new bottom-right corner" large 320 200 320 200
check_eq "a third resize, to 120x80, smaller than the panel" "120 80" "$(size tiny)"
seen "... the HUD fills it, drawn within the image (validation above)" tiny 0 0 120 80
no_validation_messages "validation (with synchronisation validation) reports nothing" "$T/valid.out"
check "no layer log lines (nothing went wrong)" test ! -s "$T/layer.log"

# --- no growth per frame ----------------------------------------------------------------------
# 21,000 frames (64x64, immediate) with the HUD on; RSS (smaps_rollup) sampled every 20 ms between
# the 10,000th and the 20,000th frame, as test_layer_vkcube.sh does for the layer without the HUD.
# The first 10,000 are warm-up: lavapipe's memory for drawing grows to a high-water mark with the
# most quads a frame has drawn so far (up to 152 kB over frames 2,000 to 7,000 here under load,
# never with the HUD off; then flat for 70,000 frames in 100,000-frame runs), which is not growth
# per frame. 128 kB over 10,000 frames catches a leak of 13 bytes a frame.
RSS_SLACK_KB=128
CSV=$T/rss.csv
MVGAL_HUD=1 MVGAL_TELEMETRY=$CSV timeout 180 vkcube --c 21000 --present_mode 0 --width 64 \
	--height 64 >"$T/rss.out" 2>&1 &
rss_window $! "$CSV" 10000 20000 "$T/rss.series"
check_eq "vkcube --c 21000 with the HUD exits 0" 0 "$?"
echo "# vkcube with the HUD: RSS at 10,000 frames ${RSS_BASE:-?} kB, largest up to 20,000 frames $RSS_END kB;" \
	"where it moved (frames kB): $(awk 'NR == 1 || $2 != p { printf "%s ", $0; p = $2 }' "$T/rss.series")"
check "10,000 frames with the HUD and no RSS growth: ${RSS_BASE:-?} -> $RSS_END kB (slack $RSS_SLACK_KB)" \
	test -n "$RSS_BASE" -a "$RSS_END" -le "$((${RSS_BASE:-0} + RSS_SLACK_KB))"

# --- MangoHud's HUD too -------------------------------------------------------------------------
cube_start mango MANGOHUD=1 MANGOHUD_CONFIG=position=top-right
shot mango
cube_stop
cube_start both MANGOHUD=1 MANGOHUD_CONFIG=position=top-right MVGAL_HUD=1
shot both
cube_stop
# MangoHud's HUD changes its corner (any pixel differing from the shot without it); ours is
# told by its colours
check "MangoHud alone: its HUD in the top-right corner" \
	test "$($XWD diff "$T/off.xwd" "$T/mango.xwd" $TR)" -ge 200
none "MangoHud alone: nothing of ours in the top-left" mango $TL
seen "both on: ours in the top-left corner" both $TL
check "both on: MangoHud's in the top-right corner" \
	test "$($XWD diff "$T/off.xwd" "$T/both.xwd" $TR)" -ge 200
rm -f "$T/layer.log"

# --- a driver without what the HUD needs ----------------------------------------------------------
# the test ICD has no render passes: one line, and the game presents as before
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
need_file "$ICD" "(build it: make)"
VK_DRIVER_FILES=$ICD MVGAL_HUD=1 "$MVGAL_BUILD/tests/tools/vkprobe" --present 20 >"$T/out" 2>"$T/err"
check_eq "no HUD possible: vkprobe presents 20 frames and exits 0" "0 presented: 20" \
	"$? $(grep '^presented:' "$T/out")"
check_eq "... and the layer says why, once" \
	"mvgal layer: HUD: the Vulkan driver gives no vkCreateRenderPass; no HUD" \
	"$(grep 'HUD' "$T/err")"
finish
