#!/bin/sh
# SPDX-License-Identifier: MIT
# OpenGL pacing and telemetry under Xvfb with llvmpipe: `mvgal-launch --fps N -- PROG`
# preloads libmvgal_gl.so, which paces glxgears (GLX) and es2gears_x11 (EGL) at 60 and 144 fps
# and writes one telemetry row per frame plus the summary; glx_gpa finds the swap through
# glXGetProcAddress(ARB) or dlsym on a privately dlopen()ed libGL, egl_swap through dlsym and
# eglGetProcAddress on a privately dlopen()ed libEGL; Zink (GL on Vulkan) is paced
# once; a process without OpenGL is left alone; problems are one log line, never a failed game.
# glXSwapBuffersMscOML and eglSwapBuffersWithDamage{KHR,EXT} are paced like the plain swaps.
# The frames are counted by the bench's timing preload (tests/bench/timing_gl.c), which also ends
# the programs after MVGAL_BENCH_FRAMES frames (glxgears and es2gears_x11 run until closed).
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd glxgears mesa-utils
need_cmd es2gears_x11 mesa-utils
LAUNCH=$MVGAL_BUILD/mvgal-launch
TIM=$MVGAL_BUILD/tests/bench/libmvgal_bench_timing_gl.so
GPA=$MVGAL_BUILD/tests/gl/glx_gpa
EGL=$MVGAL_BUILD/tests/gl/egl_swap
need_built test_gl_pacing "$LAUNCH" "$TIM" "$GPA" "$EGL" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so"
start_xvfb
export XDG_RUNTIME_DIR="$T/run" VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share"
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset LD_PRELOAD LIBGL_ALWAYS_SOFTWARE MESA_LOADER_DRIVER_OVERRIDE

# run NAME FRAMES N CMD...: CMD through mvgal-launch --fps N with telemetry in $T/NAME/, ended
# by the timing preload after FRAMES frames; stamps in $T/NAME.txt, stderr in $T/NAME.err
run() {
	name=$1 frames=$2 n=$3
	shift 3
	LD_PRELOAD=$TIM MVGAL_BENCH_FRAMES=$frames MVGAL_BENCH_OUT="$T/$name.txt" \
		timeout 60 "$LAUNCH" --fps "$n" --telemetry "$T/$name" -- "$@" >"$T/$name.out" 2>"$T/$name.err"
}

csv_of() { ls "$T/$1"/*.csv 2>/dev/null | head -n 1; }
rows() { c=$(csv_of "$1"); [ -n "$c" ] && grep -c '^[0-9]' "$c" || echo 0; }
summary() { c=$(csv_of "$1"); sed -n "s/^$2=//p" "$c.summary" 2>/dev/null; }

# paced NAME N: the measured mean interval is the target, within what a loaded 2-core VM does
# (never more than 2 % fast: unpaced, these programs run several times faster)
paced() {
	mean=$("$MVGAL_BUILD/tests/tools/bench_intervals" "$T/$1.txt" $((1000000000 / $2)) | cut -d' ' -f2)
	awk -v m="$mean" -v n="$2" 'BEGIN { t = 1000 / n; exit !(m >= t * 0.98 && m <= t * 1.5) }' ||
		{ echo "mean interval $mean ms at N=$2"; return 1; }
}

for prog in glxgears es2gears_x11; do
	for n in 60 144; do
		f=$((n * 2))
		run "$prog-$n" $f $n "$prog"
		check_eq "$prog at $n: exit 0" 0 $?
		check_eq "$prog at $n: telemetry rows == frames" $f "$(rows "$prog-$n")"
		check_eq "$prog at $n: summary frames" $f "$(summary "$prog-$n" frames)"
		check "$prog at $n: paced" paced "$prog-$n" $n
		check_eq "$prog at $n: target in the CSV" "# target_ns=$(((1000000000 + n / 2) / n))" \
			"$(grep '^# target_ns=' "$(csv_of "$prog-$n")")"
	done
done
check "summary names the OpenGL renderer" grep -q '^gpu=llvmpipe' "$(csv_of glxgears-60).summary"
check "launch.log: the OpenGL preload" grep -q 'exe="glxgears".* gl=preload ' \
	"$XDG_STATE_HOME/mvgal/launch.log"
check "report reads the OpenGL telemetry" "$LAUNCH" report "$(csv_of glxgears-60)" >/dev/null
# the OpenGL library fills "# pacer=" and wait_end_to_present_ns as the layer does (issue 27;
# test_gl_runs has the latency mode and the result line)
"$LAUNCH" report "$(csv_of glxgears-60)" --svg "$T/gl-report.svg" >"$T/gl-report" 2>&1
check_eq "report of OpenGL telemetry: the pacer's mode" \
	"pacer         on" "$(grep '^pacer  ' "$T/gl-report")"
check "report of OpenGL telemetry: wait end to present ($(grep '^wait->present' "$T/gl-report"))" \
	grep -q '^wait->present [0-9][0-9.]* ms (p99 [0-9.]*)$' "$T/gl-report"

# the frame is flushed before the pacer's wait, so the GPU renders it during the wait rather
# than after the deadline: libgl_count.so, after ours in LD_PRELOAD, sees a glFlush before
# every swap we hand down when paced, and none of ours without a target
COUNT=$MVGAL_BUILD/tests/gl/libgl_count.so
need_built test_gl_pacing "$COUNT"
counts() { # counts PROG VAR=VALUE...: "swaps=N flushed=M" below our library
	rm -f "$T/count.txt"
	prog=$1
	shift
	env "$@" ENABLE_MVGAL=1 LD_PRELOAD="$TIM:$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so:$COUNT" \
		MVGAL_COUNT_OUT="$T/count.txt" MVGAL_BENCH_FRAMES=40 MVGAL_BENCH_OUT="$T/count-t.txt" \
		timeout 60 "$prog" >/dev/null 2>&1
	cat "$T/count.txt" 2>/dev/null
}
for prog in glxgears es2gears_x11; do
	check_eq "$prog paced: a glFlush before every swap" "swaps=40 flushed=40" \
		"$(counts $prog MVGAL_FPS=60)"
	check_eq "$prog without a target: no glFlush of ours" "swaps=40 flushed=0" \
		"$(counts $prog MVGAL_FPS=0)"
done
check_eq "MVGAL_PACER=off: no glFlush of ours" "swaps=40 flushed=0" \
	"$(counts glxgears MVGAL_FPS=60 MVGAL_PACER=off)"
# a preload below ours that finds the driver's functions with dlsym on libEGL's handle (the
# program dlopen()ed libEGL privately) gets the driver's, not our hook: handed ours it would call
# us and we it, until the stack overflows. egl_pbuffer: headless EGL (Mesa's device platform),
# GL only through eglGetProcAddress, where our library still finds glFlush and glGetString.
PB=$MVGAL_BUILD/tests/gl/egl_pbuffer
need_built test_gl_pacing "$PB"
rm -f "$T/count.txt"
env -u DISPLAY ENABLE_MVGAL=1 MVGAL_FPS=60 MVGAL_TELEMETRY="$T/pb.csv" MVGAL_COUNT_OUT="$T/count.txt" \
	LD_PRELOAD="$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so:$COUNT" timeout 60 "$PB" --frames 60 \
	--size 320x240 >"$T/pb.out" 2>"$T/pb.err"
check_eq "egl_pbuffer with a preload below ours: runs to the end" "egl_pbuffer: 60 frames" \
	"$(tail -n 1 "$T/pb.out")"
check_eq "egl_pbuffer: the preload below saw every swap, each after a glFlush" \
	"swaps=60 flushed=60" "$(cat "$T/count.txt" 2>/dev/null)"
check "egl_pbuffer: the renderer found through eglGetProcAddress" grep -q '^gpu=llvmpipe' "$T/pb.csv.summary"
check "egl_pbuffer: paced" awk -F= '/^mean_ms=/ { exit !($2 >= 16.33 && $2 <= 25) }' "$T/pb.csv.summary"

# LD_PRELOAD: ours goes after what is there (Steam's overlay, here the timing preload standing in),
# but before MangoHud's OpenGL library, which calls the driver's swap itself: after it, ours was
# never called (measured: unpaced, no telemetry). Through the real `mangohud` script, both ways
# round: paced by ours, and MangoHud still draws (its log line from its first swap).
need_cmd mangohud mangohud
ours_so=$("$LAUNCH" -- printenv LD_PRELOAD)
check_eq "LD_PRELOAD: ours appended after what is there" "$TIM:$ours_so" \
	"$(LD_PRELOAD=$TIM "$LAUNCH" -- printenv LD_PRELOAD 2>/dev/null)"
check_eq "LD_PRELOAD: ours before MangoHud's" "$TIM:$ours_so:libMangoHud.so" \
	"$(LD_PRELOAD=$TIM:libMangoHud.so "$LAUNCH" -- printenv LD_PRELOAD 2>/dev/null)"
for way in outer inner; do
	if [ $way = outer ]; then
		set -- mangohud "$LAUNCH" --fps 60 --telemetry "$T/mh-$way" -- glxgears
	else
		set -- "$LAUNCH" --fps 60 --telemetry "$T/mh-$way" -- mangohud glxgears
	fi
	LD_PRELOAD=$TIM MVGAL_BENCH_FRAMES=120 MVGAL_BENCH_OUT="$T/mh-$way.txt" MANGOHUD_CONFIG=no_display \
		timeout 60 "$@" >"$T/mh-$way.out" 2>&1
	check_eq "mangohud ($way): rows == frames" 120 "$(rows "mh-$way")"
	check "mangohud ($way): paced by ours" paced "mh-$way" 60
	check "mangohud ($way): MangoHud still gets the swaps" grep -q 'MANGOHUD.*GL version' "$T/mh-$way.out"
done
check "launch.log: where ours went and why" grep -q 'gl=preload gl.before=libMangoHud.so ' \
	"$XDG_STATE_HOME/mvgal/launch.log"

# our own program: the swap found through glXGetProcAddressARB, glXGetProcAddress, or dlsym on
# a libGL it dlopen()ed itself (RTLD_LOCAL: only our RTLD_NOLOAD lookup finds the real one). It
# calls our hook straight, past the timing preload: it counts its own frames, the CSV its mean.
for via in gpa gpa-plain dlsym oml; do
	timeout 60 "$LAUNCH" --fps 60 --telemetry "$T/gpa-$via" -- "$GPA" --frames 90 --via $via \
		--rtld-probe >"$T/gpa-$via.out" 2>"$T/gpa-$via.err"
	check_eq "glx_gpa --via $via: exit 0" 0 $?
	check_eq "glx_gpa --via $via: rows == frames" 90 "$(rows "gpa-$via")"
	check "glx_gpa --via $via: paced" awk -v m="$(summary "gpa-$via" mean_ms)" \
		'BEGIN { exit !(m >= 16.33 && m <= 25) }'
done
check_eq "dlsym(RTLD_NEXT) through the preload's dlsym: still relative to the caller" \
	rtld_next=found "$(head -n 1 "$T/gpa-gpa.out")"
# our EGL program: the display and surface made each way (their native handles are recorded for
# the refresh), and the damage swaps, found through eglGetProcAddress
for via in swap platform platform-ext damage-khr damage-ext; do
	timeout 60 "$LAUNCH" --fps 60 --telemetry "$T/egl-$via" -- "$EGL" --frames 90 --via $via \
		>"$T/egl-$via.out" 2>"$T/egl-$via.err"
	check_eq "egl_swap --via $via: every swap done" \
		"egl_swap: 90 frames via $via, 90 swaps returned EGL_TRUE" "$(cat "$T/egl-$via.out")"
	check_eq "egl_swap --via $via: rows == frames" 90 "$(rows "egl-$via")"
	check "egl_swap --via $via: paced" awk -v m="$(summary "egl-$via" mean_ms)" \
		'BEGIN { exit !(m >= 16.33 && m <= 25) }'
done

# Zink: OpenGL on Vulkan through the layer too; paced once (by the preload), one CSV
export LIBGL_ALWAYS_SOFTWARE=1 MESA_LOADER_DRIVER_OVERRIDE=zink
run zink 120 60 glxgears
check_eq "zink: exit 0" 0 $?
check "zink: really Zink" grep -q '^# gpu=zink' "$(csv_of zink)"
check_eq "zink: one CSV (the layer records nothing)" 1 "$(ls "$T/zink"/*.csv | wc -l)"
check_eq "zink: rows == frames" 120 "$(rows zink)"
check "zink: paced once, at 60" paced zink 60
check_eq "zink: the layer said it stands down, once" 1 "$(grep -c 'Zink (OpenGL on Vulkan)' "$T/zink.err")"
# without the preload the layer paces Zink itself
LD_PRELOAD=$TIM MVGAL_BENCH_FRAMES=120 MVGAL_BENCH_OUT="$T/zink-vk.txt" ENABLE_MVGAL=1 MVGAL_FPS=60 \
	MVGAL_TELEMETRY="$T/zink-vk.csv" timeout 60 glxgears >/dev/null 2>"$T/zink-vk.err"
check "zink without the preload: the layer paces" paced zink-vk 60
check "zink without the preload: the layer records" grep -q '^# gpu=llvmpipe' "$T/zink-vk.csv"
unset LIBGL_ALWAYS_SOFTWARE MESA_LOADER_DRIVER_OVERRIDE

# a process without OpenGL: the library is loaded and does nothing (no GL library pulled in, no
# telemetry file, no output)
"$LAUNCH" --fps 30 --telemetry "$T/nogl" -- cat /proc/self/maps >"$T/maps" 2>"$T/nogl.err"
check "no OpenGL: our library is loaded" grep -q 'libmvgal_gl.so' "$T/maps"
check "no OpenGL: no GL library loaded" sh -c "! grep -q 'libGL\\|libEGL\\|libGLX' '$T/maps'"
check_eq "no OpenGL: nothing said" "" "$(cat "$T/nogl.err")"
check_eq "no OpenGL: no telemetry" "" "$(ls "$T/nogl" 2>/dev/null)"
# a 32-bit process gets the 32-bit build through $PLATFORM, with the same dlsym behaviour
if [ -x "$MVGAL_BUILD/tests/gl32/glx_gpa" ]; then
	run32=$(run32_prefix "$MVGAL_BUILD/tests/gl32/glx_gpa") || exit 1
	# shellcheck disable=SC2086 # run32 is empty or one word
	"$LAUNCH" -- $run32 "$MVGAL_BUILD/tests/gl32/glx_gpa" --rtld-probe --frames 1 >"$T/gl32.out" 2>"$T/gl32.err"
	check_eq "32-bit: our 32-bit library loaded (dlsym relative to the caller)" rtld_next=found \
		"$(head -n 1 "$T/gl32.out")"
	check "32-bit: ld.so did not complain" sh -c "! grep -q 'ld.so' '$T/gl32.err'"
	if [ -e /usr/lib/i386-linux-gnu/libGL.so.1 ]; then
		# drawn by llvmpipe in the 32-bit process; glx_gpa counts its frames, the CSV its mean
		# (the 64-bit timing preload cannot load into it)
		# shellcheck disable=SC2086
		timeout 60 "$LAUNCH" --fps 60 --telemetry "$T/gl32" -- $run32 "$MVGAL_BUILD/tests/gl32/glx_gpa" \
			--frames 90 >"$T/gl32.out" 2>"$T/gl32.err"
		check_eq "32-bit glx_gpa: exit 0" 0 $?
		check_eq "32-bit glx_gpa: rows == frames" 90 "$(rows gl32)"
		check "32-bit glx_gpa: drawn by llvmpipe" grep -q '^# gpu=llvmpipe' "$(csv_of gl32)"
		check "32-bit glx_gpa: paced" awk -v m="$(summary gl32 mean_ms)" \
			'BEGIN { exit !(m >= 16.33 && m <= 25) }'
	else
		not_ok "32-bit draw test" "'/usr/lib/i386-linux-gnu/libGL.so.1' not found: install the Debian package 'libgl1:i386' (make check runs scripts/deps.sh --tests)"
	fi
fi

# trouble is one line and the game goes on
: >"$T/file"
MVGAL_TELEMETRY="$T/file/x.csv" ENABLE_MVGAL=1 MVGAL_FPS=60 LD_PRELOAD="$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so:$TIM" \
	MVGAL_BENCH_FRAMES=30 MVGAL_BENCH_OUT="$T/badtel.txt" timeout 60 glxgears >/dev/null 2>"$T/badtel.err"
check_eq "unwritable telemetry: the game goes on" 30 "$(sed -n 's/^# frames=\([0-9]*\).*/\1/p' "$T/badtel.txt")"
check_eq "unwritable telemetry: one log line" 1 "$(grep -c 'OpenGL: ' "$T/badtel.err")"
# present_mode -> swap interval: EGL has 0 and 1, not a tearing -1; Xvfb's GLX offers no swap
# control extension at all, so there every mode is one line
pm() { # pm MODE PROG: stderr lines about MVGAL_PRESENT_MODE; the run's frames in $T/pm.txt
	MVGAL_PRESENT_MODE=$1 ENABLE_MVGAL=1 LD_PRELOAD="$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so:$TIM" \
		MVGAL_BENCH_FRAMES=30 MVGAL_BENCH_OUT="$T/pm.txt" timeout 60 "$2" >/dev/null 2>"$T/pm.err"
	grep 'MVGAL_PRESENT_MODE' "$T/pm.err"
}
check_eq "EGL immediate: interval 0, nothing said" "" "$(pm immediate es2gears_x11)"
check_eq "EGL fifo: interval 1, nothing said" "" "$(pm fifo es2gears_x11)"
check_eq "EGL mailbox: one line saying it cannot" 1 "$(pm mailbox es2gears_x11 | grep -c 'MVGAL_PRESENT_MODE=mailbox (swap interval -1) needs a tearing swap interval')"
check_eq "EGL mailbox: the game runs" 30 "$(sed -n 's/^# frames=\([0-9]*\).*/\1/p' "$T/pm.txt")"
check_eq "GLX on Xvfb, immediate: one line naming the missing extension" 1 \
	"$(pm immediate glxgears | grep -c 'needs GLX_EXT_swap_control or GLX_MESA_swap_control')"
check_eq "GLX on Xvfb, mailbox: one line" 1 "$(pm mailbox glxgears | grep -c 'needs GLX_EXT_swap_control_tear')"
DISABLE_MVGAL=1 ENABLE_MVGAL=1 MVGAL_FPS=30 LD_PRELOAD="$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so:$TIM" \
	MVGAL_BENCH_FRAMES=60 MVGAL_BENCH_OUT="$T/off.txt" timeout 60 glxgears >/dev/null 2>&1
check_eq "DISABLE_MVGAL=1: runs" 60 "$(sed -n 's/^# frames=\([0-9]*\).*/\1/p' "$T/off.txt")"
mean=$("$MVGAL_BUILD/tests/tools/bench_intervals" "$T/off.txt" 0 | cut -d' ' -f2)
check "DISABLE_MVGAL=1: faster than 30 fps ($mean ms)" awk -v m="$mean" 'BEGIN { exit !(m < 30) }'
finish
