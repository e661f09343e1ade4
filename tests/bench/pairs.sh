# SPDX-License-Identifier: MIT
# Interleaved A/B runs for the benches (sourced after tests/integration/lib.sh):
#   bench_pairs NAME GOAL LABEL_A FN_A LABEL_B FN_B
# runs $PAIRS pairs of FN_A and FN_B (shell functions printing one frames-per-second figure, or
# nothing when the run failed), the side that goes first alternating so that drift of the machine
# hits both alike, and prints a table: one row per pair with B / A, then the means, their ratio,
# whether it is >= GOAL and the median pair ratio (which shrugs off one pair hit by a burst of
# load from elsewhere; the goal is judged on the ratio of the means). A pair that did not run is
# said on stderr with the last lines of $T/cube.log, and sets rc=1.
bench_pairs() {
	_name=$1 _goal=$2 _la=$3 _fa=$4 _lb=$5 _fb=$6
	printf '%-5s %12s %12s %8s\n' pair "$_la fps" "$_lb fps" ratio
	: >"$T/pairs"
	_i=1
	while [ $_i -le "$PAIRS" ]; do
		if [ $((_i % 2)) -eq 1 ]; then
			_a=$($_fa)
			_b=$($_fb)
		else
			_b=$($_fb)
			_a=$($_fa)
		fi
		if [ -z "$_a" ] || [ -z "$_b" ]; then
			echo "$_name: pair $_i did not run: $(tail -n 3 "$T/cube.log" | tr '\n' ' ')" >&2
			rc=1
		else
			echo "$_a $_b" >>"$T/pairs"
			printf '%-5s %12s %12s %8.4f\n' $_i "$_a" "$_b" "$(echo "$_b $_a" | awk '{ print $1 / $2 }')"
		fi
		_i=$((_i + 1))
	done
	_med=$(awk '{ print $2 / $1 }' "$T/pairs" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR) printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	awk -v med="$_med" -v goal="$_goal" '{ n += $1; l += $2; c++ }
	END {
		if (!c) exit
		r = l / n
		printf "%-5s %12.1f %12.1f %8.4f   goal >= %s: %s (median pair ratio %s)\n", "mean", n / c, l / c, r,
			goal, (r >= goal ? "met" : "MISSED"), med
	}' "$T/pairs"
}

# vkcube_bench NAME: the set-up of the vkcube benches (bench_layer, bench_hud_vk): uncapped
# vkcube on lavapipe under Xvfb, timed by the bench's own timing layer; sets SECS, PAIRS, SIZE,
# TIMING_DIR, OUR_JSON and CUBE and exports the driver and timing-layer variables.
vkcube_bench() {
	SECS=${MVGAL_BENCH_SECONDS:-10}
	PAIRS=${MVGAL_BENCH_PAIRS:-3}
	SIZE=320
	TIMING_DIR="$MVGAL_BUILD/tests/bench"
	OUR_JSON="$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json"
	need_cmd vkcube vulkan-tools
	need_file "$LVP_ICD" mesa-vulkan-drivers
	need_built "$1" "$TIMING_DIR/VkLayer_MVGAL_bench_timing.json" "$OUR_JSON"
	start_xvfb
	export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" \
		NODEVICE_SELECT=1 MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S=1
	CUBE="vkcube --present_mode 0 --width $SIZE --height $SIZE"
}
