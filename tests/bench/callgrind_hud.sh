#!/bin/sh
# SPDX-License-Identifier: MIT
# callgrind_hud: what the OpenGL HUD (issue 29) and MangoHud's cost glxgears in instructions per
# frame, which do not move with the machine's load (frame rates do: tests/bench/bench_hud.sh).
# glxgears 1280x720 on llvmpipe with LP_NUM_THREADS=0 (llvmpipe rasterises on the game's thread,
# so the panel's pixels are counted too) under valgrind --tool=callgrind, through mvgal-launch
# (the OpenGL library on, no pacer), three ways: A no HUD, B ours (--hud), C MangoHud's
# (`mangohud`, its default configuration). Each run's counters are zeroed after
# MVGAL_CG_WARMUP_S (default 60: llvmpipe compiles its shaders at the start) and it is stopped
# after MVGAL_CG_SECONDS more (default 40); the instructions of the whole process are divided by
# the swaps that reached the OpenGL library in that window. Under valgrind a frame takes about
# 0.2 s, so the HUD's figures (refreshed every 500 ms) are repainted every few frames, where a
# real run repaints them every hundred or so: B's figure is an upper bound.
# Prints one line per way and B - A, C - A. Exit 1 when a run gave no figure.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"

LAUNCH="$MVGAL_BUILD/mvgal-launch"
WARM=${MVGAL_CG_WARMUP_S:-60}
RUN=${MVGAL_CG_SECONDS:-40}
need_cmd valgrind valgrind
need_cmd callgrind_control valgrind
need_cmd glxgears mesa-utils
need_cmd mangohud mangohud
need_built callgrind_hud "$LAUNCH" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so"
start_xvfb
export XDG_RUNTIME_DIR="$T/run" LP_NUM_THREADS=0 vblank_mode=0
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset MVGAL_FPS MVGAL_HUD LD_PRELOAD MANGOHUD MANGOHUD_CONFIG 2>/dev/null || true

# per_frame WAY: instructions per swap of one run
per_frame() {
	w=$1 cg="$T/$1.cg"
	set -- valgrind --tool=callgrind --callgrind-out-file="$cg" glxgears -geometry 1280x720
	case $w in
	on) "$LAUNCH" --hud -- "$@" ;;
	mango) "$LAUNCH" -- mangohud "$@" ;;
	*) "$LAUNCH" -- "$@" ;;
	esac >"$T/$w.log" 2>&1 &
	sleep "$WARM"
	pid=$(sed -n 's/^==\([0-9]*\)== Callgrind.*/\1/p' "$T/$w.log" | head -n 1)
	[ -n "$pid" ] && callgrind_control -z "$pid" >/dev/null 2>&1
	sleep "$RUN"
	[ -n "$pid" ] && kill "$pid"
	wait
	tot=$(callgrind_annotate "$cg" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
	n=$(callgrind_annotate --auto=yes --inclusive=yes "$cg" 2>/dev/null |
		sed -n 's/.*gl_frame.c:gl_frame_begin (\([0-9,]*\)x).*/\1/p' | head -n 1 | tr -d ,)
	[ -n "$tot" ] && [ -n "$n" ] && [ "$n" -gt 0 ] && echo $((tot / n)) "$n"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), glxgears 1280x720, llvmpipe LP_NUM_THREADS=0, callgrind; counters from ${WARM} s on, for ${RUN} s"
rc=0
for way in off on mango; do
	r=$(per_frame $way) || true
	if [ -z "$r" ]; then
		echo "callgrind_hud: the $way run gave no figure: $(tail -n 3 "$T/$way.log" | tr '\n' ' ')" >&2
		rc=1
		continue
	fi
	set -- $r
	eval "i_$way=$1"
	echo "$way: $1 instructions a frame ($2 frames)"
done
if [ -n "${i_off:-}" ] && [ -n "${i_on:-}" ] && [ -n "${i_mango:-}" ]; then
	echo "$i_off $i_on $i_mango" | awk '{ printf "B ours - A: %+d (%.1f %%); C MangoHud - A: %+d (%.1f %%)\n", $2 - $1, 100 * ($2 - $1) / $1, $3 - $1, 100 * ($3 - $1) / $1 }'
fi
exit $rc
