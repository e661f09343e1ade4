#!/bin/sh
# SPDX-License-Identifier: MIT
# callgrind_hud_vk: what the Vulkan layer's HUD (issue 29) costs a frame in instructions, which
# unlike frame rates on a shared machine repeat from run to run: uncapped vkcube (immediate, the
# layer on, pacer off) on lavapipe under Xvfb, run under valgrind --tool=callgrind with the HUD
# off and on, each for MVGAL_CG_FRAMES1 (default 100) and MVGAL_CG_FRAMES2 (default 300) frames;
# the difference of the two runs' instruction counts over the difference of their frames is the
# cost of a frame in every thread (vkcube, lavapipe's queue and rasteriser threads: the HUD's
# pixels are drawn on the CPU), without the start-up. Prints both and their ratio, HUD off / on:
# the frame rate an uncapped, CPU-bound run keeps with the HUD on (goal >= 0.95). The HUD's
# figures move with the frame times, so two runs differ by a few percent.
# MVGAL_CG_SIZE (default 320x320) is the window. About 2 minutes at 320x320 on the 2-core VM.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pairs.sh"

need_cmd valgrind valgrind
vkcube_bench callgrind_hud_vk
size=${MVGAL_CG_SIZE:-320x320}
vkcube_size "${size%x*}" "${size#*x}"
N1=${MVGAL_CG_FRAMES1:-100}
N2=${MVGAL_CG_FRAMES2:-300}
# no shader cache: every run compiles the same shaders, so that the start-up cancels out (with
# Mesa's disk cache the first run would compile and the second not)
export ENABLE_MVGAL=1 MVGAL_PACER=off MESA_SHADER_CACHE_DISABLE=true
unset MVGAL_HUD MANGOHUD 2>/dev/null || true

# ir HUD FRAMES: the instructions callgrind counted over vkcube --c FRAMES
ir() {
	MVGAL_HUD=$1 valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" $CUBE --c "$2" \
		>"$T/cube.log" 2>&1
	sed -n 's/.*Collected : \([0-9]*\)$/\1/p' "$T/cube.log"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), vkcube $SIZE immediate on lavapipe under Xvfb, layer on, pacer off; frames $N1 to $N2"
rc=0
for hud in 0 1; do
	a=$(ir $hud "$N1")
	b=$(ir $hud "$N2")
	if [ -z "$a" ] || [ -z "$b" ]; then
		echo "callgrind_hud_vk: a run counted nothing: $(tail -n 3 "$T/cube.log" | tr '\n' ' ')" >&2
		rc=1
		continue
	fi
	echo "$hud $(((b - a) / (N2 - N1)))" >>"$T/ir"
done
awk '{ ir[$1] = $2 } END {
	if (!ir[0] || !ir[1]) exit
	printf "instructions a frame: HUD off %d, on %d (the HUD %d); off / on %.3f   goal >= 0.95: %s\n",
		ir[0], ir[1], ir[1] - ir[0], ir[0] / ir[1], (ir[0] / ir[1] >= 0.95 ? "met" : "MISSED")
}' "$T/ir" 2>/dev/null
exit $rc
