#!/bin/sh
# SPDX-License-Identifier: MIT
# The HUD in OpenGL games (issue 29), on a real X server (Xvfb, llvmpipe): glxgears (GLX) and
# es2gears_x11 (EGL, OpenGL ES; also as an ES 2.0 context) started through `mvgal-launch --hud`
# show the HUD in the top-left corner of their window (pixels of the HUD's own colours in
# screenshots taken with xwd), and not without --hud (blitted, in ES 2 drawn as triangles, as
# MVGAL_SELFTIME=1's line says; with GLX then written into the image Mesa's drisw puts, from the
# second frame on, as its second line says); a synthetic Shift+F12 (xdotool, held for a
# second: the HUD polls the keyboard state every 100 ms) hides it. A still picture (gl_hud_state
# --static: a grey frame) differs with the HUD on only in the HUD's corner. A swap of that way
# whose image does not come through us (libput_skip.so) turns it off: the HUD stays, blitted.
# A program that sets unusual GL state reads every piece of it back after swaps with the HUD
# drawn (compatibility, 3.3 core and 2.1 contexts, blitted, then the image put; a 2.1 context
# without ARB_framebuffer_object, triangles).
# The toggle key's polling survives fork() (hud_key_fork). The font atlas is what
# scripts/hud_font.py makes of xfonts-base's misc-fixed 6x13.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd glxgears mesa-utils
need_cmd es2gears_x11 mesa-utils
need_cmd xwd x11-apps
need_cmd xdotool xdotool
need_cmd python3 python3
need_file /usr/share/fonts/X11/misc/6x13-ISO8859-1.pcf.gz xfonts-base
LAUNCH=$MVGAL_BUILD/mvgal-launch
STATE=$MVGAL_BUILD/tests/gl/gl_hud_state
KEYFORK=$MVGAL_BUILD/tests/tools/hud_key_fork
SKIP=$MVGAL_BUILD/tests/gl/libput_skip.so
need_built test_hud_gl "$LAUNCH" "$STATE" "$KEYFORK" "$SKIP" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so"
XWD="python3 $MVGAL_TOP/tests/integration/xwd.py"
start_xvfb
export XDG_RUNTIME_DIR="$T/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset LD_PRELOAD LIBGL_ALWAYS_SOFTWARE MESA_LOADER_DRIVER_OVERRIDE MVGAL_HUD

check_eq "the font atlas is what scripts/hud_font.py makes of misc-fixed 6x13" "" \
	"$(python3 "$MVGAL_TOP/scripts/hud_font.py" /usr/share/fonts/X11/misc/6x13-ISO8859-1.pcf.gz |
		cmp - "$MVGAL_TOP/ingame/hud_font.c" 2>&1)"

# The toggle key across fork(): threads poll the keyboard state while the program forks, the
# first children while a thread opens its connection (Xlib's global lock held); every child
# polls, makes no X call and ends (tests/tools/hud_key_fork.c)
check_eq "toggle key: 40 children forked while threads poll all end, none blocks" \
	"forks=40 ended=40 hung=0 failed=0 polls=many" "$(timeout 900 "$KEYFORK" --forks 40)"

# The HUD's panel at scale 1: from (8, 8), 246 wide, 122 high (ingame/hud.c); the windows open at
# the root's (0, 0) (no window manager).
CORNER="0 0 300 140"
shot() { xwd -root -silent >"$T/$1.xwd" && $XWD hud "$T/$1.xwd" $CORNER; }

# wait_hud NAME MIN|MAX N: screenshots every half second (at most 60 s: a loaded machine starts
# llvmpipe slowly) until the corner holds at least (MIN) or at most (MAX) N pixels of the HUD's
# colours; prints the last count
wait_hud() {
	i=0
	while :; do
		n=$(shot "$1")
		case $2 in
		MIN) [ "$n" -ge "$3" ] && break ;;
		MAX) [ "$n" -le "$3" ] && break ;;
		esac
		i=$((i + 1))
		[ $i -ge 120 ] && break
		sleep 0.5
	done
	echo "$n"
}

# wait_line FILE PATTERN: until FILE has a line matching PATTERN (grep), at most 60 s
wait_line() {
	i=0
	while ! grep -q "$2" "$1" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# run_gl NAME ARGS...: mvgal-launch ARGS in the background (it execs the program: $PID is it)
run_gl() {
	name=$1
	shift
	"$LAUNCH" "$@" >"$T/$name.out" 2>"$T/$name.err" &
	PID=$!
}
stop_gl() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }

for prog in glxgears es2gears_x11 es2gears-es2; do
	case $prog in
	es2gears-es2) cmd=es2gears_x11 env="MESA_GLES_VERSION_OVERRIDE=2.0" ;;
	*) cmd=$prog env="MVGAL_UNUSED=1" ;;
	esac
	case $prog in
	es2gears-es2) path="drawn as triangles" ;; # ES 2: no glBlitFramebuffer
	*) path=blitted ;;
	esac
	run_gl "$prog-off" -- env "$env" "$cmd"
	sleep 3
	n=$(wait_hud "$prog-off" MAX 0)
	stop_gl
	check_eq "$prog without --hud: no HUD in the corner" 0 "$n"
	run_gl "$prog-on" --hud -- env "$env" MVGAL_SELFTIME=1 "$cmd"
	n=$(wait_hud "$prog-on" MIN 1000)
	check "$prog --hud: the HUD in the corner ($n pixels of its colours)" [ "$n" -ge 1000 ]
	check_eq "$prog --hud: the panel is $path (MVGAL_SELFTIME=1's line)" "$path" \
		"$(sed -n 's/.*OpenGL: the HUD.s panel is \(blitted\|drawn as triangles\).*/\1/p' \
			"$T/$prog-on.err")"
	# GLX on llvmpipe: Mesa's drisw swaps with XShmPutImage, the panel goes into that image
	# from the second frame on (gl/gl_hud_put.c); EGL's swap puts through xcb: blitted on
	case $prog in
	glxgears) way="written into the image the driver puts" ;;
	*) way="" ;;
	esac
	check_eq "$prog --hud: the panel is ${way:-not written into the driver's image}" "$way" \
		"$(sed -n 's/.*OpenGL: the HUD.s panel is \(written into the image the driver puts\).*/\1/p' \
			"$T/$prog-on.err")"
	xdotool keydown shift+F12 && sleep 1 && xdotool keyup shift+F12
	n=$(wait_hud "$prog-toggled" MAX 0)
	check_eq "$prog --hud, Shift+F12: the HUD is gone" 0 "$n"
	xdotool keydown shift+F12 && sleep 1 && xdotool keyup shift+F12
	n=$(wait_hud "$prog-back" MIN 1000)
	check "$prog --hud, Shift+F12 again: the HUD is back ($n pixels)" [ "$n" -ge 1000 ]
	stop_gl
	check_eq "$prog --hud: no line says the HUD cannot draw" "" \
		"$(grep -i 'no HUD' "$T/$prog-on.err")"
done
$XWD png "$T/glxgears-on.xwd" "$T/glxgears-hud.png" 0 0 300 300

# A swap of the put way that puts no image through us: libput_skip.so, before ours in
# LD_PRELOAD, hands the driver's puts past our library from the 50th on. One line says so, and
# the panel is blitted from then on: the HUD stays in the corner.
LD_PRELOAD="$SKIP" "$LAUNCH" --hud -- env MVGAL_SELFTIME=1 MVGAL_PUT_SKIP_AFTER=50 glxgears \
	>"$T/put-skip.out" 2>"$T/put-skip.err" &
PID=$!
wait_line "$T/put-skip.err" 'a swap put no image'
sleep 1
n=$(wait_hud put-skip MIN 1000)
stop_gl
check_eq "a swap without the image put: the put way, then one line that it is off" \
	"written into the image the driver puts|1" \
	"$(sed -n 's/.*OpenGL: the HUD.s panel is \(written into the image the driver puts\).*/\1/p' \
		"$T/put-skip.err")|$(grep -c 'a swap put no image the HUD could go into' "$T/put-skip.err")"
check "a swap without the image put: the HUD still in the corner, blitted ($n pixels)" \
	[ "$n" -ge 1000 ]

# A still picture: grey frames, the HUD on and off; they differ only in the HUD's corner.
still() { # NAME ARGS...
	name=$1
	shift
	run_gl "$name" "$@" -- "$STATE" --static
	wait_line "$T/$name.out" 'swapped 60'
	sleep 1
	xwd -root -silent >"$T/$name.xwd"
	stop_gl
}
still still-off
still still-on --hud
check "still picture: the HUD's corner differs with the HUD on" \
	[ "$($XWD diff "$T/still-off.xwd" "$T/still-on.xwd" 0 0 260 135)" -gt 1000 ]
check_eq "still picture: right of the HUD, identical" 0 \
	"$($XWD diff "$T/still-off.xwd" "$T/still-on.xwd" 260 0 60 240)"
check_eq "still picture: below the HUD, identical" 0 \
	"$($XWD diff "$T/still-off.xwd" "$T/still-on.xwd" 0 135 320 105)"

# GL state: everything the program set before its swaps is there after them, no GL error
# (MVGAL_SELFTIME=1: the library says once how it puts the panel on the window): blitted where
# the context has glBlitFramebuffer (GL 3.0+, ARB_framebuffer_object), drawn as triangles in a 2.1
# context with EXT_framebuffer_object only. At scale 2 (MVGAL_HUD_SCALE=2) a context blits every
# frame, never going into the driver's image (gl/gl_hud_put.c takes scale 1 only): the blit's own
# save and restore, read back after many frames, as on drivers whose swap puts no image
for ctx in compatibility core 2.1 2.1-ext-fbo compatibility-scale2 core-scale2; do
	case $ctx in
	core) args=--core env="MVGAL_UNUSED=1" path=blitted ;;
	compatibility-scale2) args="" env="MVGAL_HUD_SCALE=2" path=blitted ;;
	core-scale2) args=--core env="MVGAL_HUD_SCALE=2" path=blitted ;;
	2.1) args="" env="MESA_GL_VERSION_OVERRIDE=2.1" path=blitted ;;
	2.1-ext-fbo)
		args="" path="drawn as triangles"
		env="MESA_GL_VERSION_OVERRIDE=2.1 MESA_EXTENSION_OVERRIDE=-GL_ARB_framebuffer_object"
		;;
	*) args="" env="MVGAL_UNUSED=1" path=blitted ;;
	esac
	# shellcheck disable=SC2086 # no args is none, env is words
	run_gl "state-$ctx" --hud -- env $env MVGAL_SELFTIME=1 "$STATE" --hold $args
	wait_line "$T/state-$ctx.out" '^checked='
	n=$(shot "state-$ctx")
	stop_gl
	# at scale 2 the corner holds less of the panel: its first lines' text, twice as big (none
	# without the HUD: the checks above)
	case $ctx in *scale2) min=200 ;; *) min=1000 ;; esac
	check "GL state, $ctx context: the HUD was drawn ($n pixels)" [ "$n" -ge "$min" ]
	check_eq "GL state, $ctx context: every value read back unchanged, no GL error" \
		"changed=0 errors=0" "$(sed -n 's/^checked=[0-9]* //p' "$T/state-$ctx.out")"
	check "GL state, $ctx context: the values were read ($(head -n 1 "$T/state-$ctx.out"))" \
		[ "$(sed -n 's/^checked=\([0-9]*\).*/\1/p' "$T/state-$ctx.out")" -ge 40 ]
	check_eq "GL state, $ctx context: the panel is $path" "$path" \
		"$(sed -n 's/.*OpenGL: the HUD.s panel is \(blitted\|drawn as triangles\).*/\1/p' \
			"$T/state-$ctx.err")"
	# a context that blits: from its second frame on, no GL call (the driver's image), so these
	# checks also read back what that way left
	case $path:$ctx in
	*scale2) way="" ;;
	blitted:*) way="written into the image the driver puts" ;;
	*) way="" ;;
	esac
	check_eq "GL state, $ctx context: the panel is ${way:-not written into the driver's image}" \
		"$way" "$(sed -n 's/.*OpenGL: the HUD.s panel is \(written into the image the driver puts\).*/\1/p' \
			"$T/state-$ctx.err")"
	grep '^changed:' "$T/state-$ctx.out" | head -n 5
done
finish
