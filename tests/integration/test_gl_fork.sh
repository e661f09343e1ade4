#!/bin/sh
# SPDX-License-Identifier: MIT
# fork() in an OpenGL game (issue 23): the OpenGL library gives the Vulkan layer's guarantee, a
# child never blocks on a lock another thread of the parent held. gl_fork (tests/gl/gl_fork.c)
# swaps from two threads, each with its own window and context, under Xvfb with llvmpipe, paced
# and with telemetry on, while it forks 40 children: half call exit() at once (our destructor
# runs in them), half open their own window and swap three frames, then exit(). A child that
# has used no CPU time for 3 s is counted hung (blocked: a lock never given back) and killed; a
# child that keeps computing is waited for (60 s at most), and the run is bounded by timeout.
# The HUD case (issue 29) is why: with the HUD on, each swapping child compiles the HUD's
# shaders with llvmpipe's LLVM, and each child's exit() runs Mesa's exit handler, which frees
# more once the parent's HUD compiled its shaders (perf: a linked-tree walk in swrast_dri.so,
# each write a copy-on-write fault). Measured on 2 loaded cores: the 40 children used 9.5 s of
# CPU time with the HUD against 2.6 s without, and a wall-clock limit of 5 s counted up to 22
# of 40 busy children hung while none was blocked.
# Below our library, libgl_fork_driver.so makes the driver fork-safe (Xlib is not: see
# tests/gl/gl_fork_driver.c), and the first run, without our library, shows that rig hangs
# nothing, so every hang left is ours. MESA_SHADER_CACHE_DISABLE: Mesa's shader-cache thread
# makes a forked child's exit() crash in Mesa's own atexit handler (signal 11, measured), with
# or without our library.
. "$MVGAL_TOP/tests/integration/lib.sh"
FORK=$MVGAL_BUILD/tests/gl/gl_fork
DRIVER=$MVGAL_BUILD/tests/gl/libgl_fork_driver.so
GL=$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so
need_built test_gl_fork "$FORK" "$DRIVER" "$GL"
start_xvfb
unset LD_PRELOAD LIBGL_ALWAYS_SOFTWARE MESA_LOADER_DRIVER_OVERRIDE
export MESA_SHADER_CACHE_DISABLE=true
ALL_ENDED="forks=40 exited=20 swapped=20 hung=0 failed=0"

# fork_run NAME PRELOAD VAR=VALUE... [-- ARGS]: gl_fork (ARGS added) with LD_PRELOAD=PRELOAD
# and those variables; its last line in
# $T/NAME.out, stderr (the hung children) in $T/NAME.err
fork_run() {
	name=$1 preload=$2 vars=""
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		vars="$vars $1"
		shift
	done
	[ $# -gt 0 ] && shift # what follows -- is gl_fork's
	# shellcheck disable=SC2086 # vars are VAR=VALUE words without spaces
	env $vars LD_PRELOAD="$preload" timeout 120 "$FORK" --forks 40 --stall-ms 3000 \
		--child-timeout-ms 60000 "$@" >"$T/$name.out" 2>"$T/$name.err"
	echo $? >"$T/$name.rc"
}

fork_run rig "$DRIVER"
check_eq "without our library: every child ends (the rig hangs nothing)" "$ALL_ENDED" \
	"$(tail -n 1 "$T/rig.out")"

mkdir "$T/tel"
fork_run paced "$GL:$DRIVER" ENABLE_MVGAL=1 MVGAL_FPS=30 MVGAL_TELEMETRY="$T/tel/run.csv"
check_eq "paced, telemetry on: every child ends, none hangs" "$ALL_ENDED" \
	"$(tail -n 1 "$T/paced.out")"
check_eq "paced, telemetry on: gl_fork exits 0" 0 "$(cat "$T/paced.rc")"
check "paced: the parent's telemetry goes on (rows and a summary)" \
	sh -c "grep -q '^[0-9]' '$T/tel/run.csv' && grep -q '^frames=' '$T/tel/run.csv.summary'"
check "paced: the children wrote no telemetry file of their own" \
	test "$(ls "$T/tel" | wc -l)" -eq 2

fork_run unpaced "$GL:$DRIVER" ENABLE_MVGAL=1 MVGAL_TELEMETRY="$T/tel/unpaced.csv"
check_eq "no target, telemetry on: every child ends, none hangs" "$ALL_ENDED" \
	"$(tail -n 1 "$T/unpaced.out")"

# The HUD on (issue 29): the parent's threads draw it (MVGAL_SELFTIME's cost lines say so, one
# every 256 frames of a context: each thread swaps at least 300, --min-frames, which a loaded
# machine did not reach in the forks' time once), and every child, forked at any point of a HUD
# frame, ends: those that swap draw their own HUD (three frames: no cost line of theirs).
fork_run hud "$GL:$DRIVER" ENABLE_MVGAL=1 MVGAL_HUD=1 MVGAL_SELFTIME=1 \
	MVGAL_TELEMETRY="$T/tel/hud.csv" -- --min-frames 300
check_eq "HUD on: every child ends, none hangs" "$ALL_ENDED" "$(tail -n 1 "$T/hud.out")"
check_eq "HUD on: gl_fork exits 0" 0 "$(cat "$T/hud.rc")"
check "HUD on: the parent drew the HUD (its cost lines)" \
	grep -q "OpenGL: HUD cost per frame" "$T/hud.err"
fork_run hud_paced "$GL:$DRIVER" ENABLE_MVGAL=1 MVGAL_HUD=1 MVGAL_FPS=30
check_eq "HUD on, paced: every child ends, none hangs" "$ALL_ENDED" \
	"$(tail -n 1 "$T/hud_paced.out")"
finish
