# SPDX-License-Identifier: MIT
# Interleaved runs for the benches (sourced after tests/integration/lib.sh):
#   bench_pairs NAME GOAL LABEL_A FN_A LABEL_B FN_B [LABEL_C FN_C]
# runs $PAIRS rounds of FN_A, FN_B (and FN_C): shell functions printing one frames-per-second
# figure, or nothing when the run failed. The way that goes first rotates from round to round
# (A B, B A; with three: A B C, B C A, C A B), so that drift of the machine hits every way alike.
# Prints a table: one row per round with each way's fps and B / A (and C / A), then the means,
# the ratio of the means, whether B / A is >= GOAL, and the median of the rounds' ratios. On a
# shared machine whose frame rate moves from one run to the next the median of many short
# rounds is the steadier figure (one round hit by a burst of load from elsewhere moves it
# little); both are printed, the goal is judged on both. With a third way (a peer: MangoHud's
# HUD) a last line puts the two against each other: the median of the rounds' (B / A) / (C / A).
# A round in which a run did not run is said on stderr with the last lines of $T/cube.log and
# sets rc=1.
bench_pairs() {
	_name=$1 _goal=$2
	shift 2
	_n=$(($# / 2))
	_l1=$1 _f1=$2 _l2=$3 _f2=$4 _l3=${5:-} _f3=${6:-}
	if [ "$_n" -eq 3 ]; then
		printf '%-5s %12s %12s %12s %8s %8s\n' round "$_l1" "$_l2" "$_l3" "B/A" "C/A"
	else
		printf '%-5s %12s %12s %8s\n' pair "$_l1 fps" "$_l2 fps" ratio
	fi
	: >"$T/pairs"
	_i=1
	while [ $_i -le "$PAIRS" ]; do
		_k=0 _v1='' _v2='' _v3=''
		while [ $_k -lt "$_n" ]; do # way number (_i - 1 + _k) % _n + 1 runs k-th
			_w=$(((_i - 1 + _k) % _n + 1))
			eval "_v$_w=\$(\$_f$_w)"
			_k=$((_k + 1))
		done
		if [ -z "$_v1" ] || [ -z "$_v2" ] || { [ "$_n" -eq 3 ] && [ -z "$_v3" ]; }; then
			echo "$_name: round $_i did not run: $(tail -n 3 "$T/cube.log" | tr '\n' ' ')" >&2
			rc=1
		elif [ "$_n" -eq 3 ]; then
			echo "$_v1 $_v2 $_v3" >>"$T/pairs"
			echo "$_i $_v1 $_v2 $_v3" | awk '{ printf "%-5s %12s %12s %12s %8.4f %8.4f\n", $1, $2, $3, $4, $3 / $2, $4 / $2 }'
		else
			echo "$_v1 $_v2" >>"$T/pairs"
			printf '%-5s %12s %12s %8.4f\n' $_i "$_v1" "$_v2" "$(echo "$_v2 $_v1" | awk '{ print $1 / $2 }')"
		fi
		_i=$((_i + 1))
	done
	_med=$(pairs_median '$2 / $1')
	if [ "$_n" -eq 3 ]; then
		_medc=$(pairs_median '$3 / $1')
		_medbc=$(pairs_median '($2 / $1) / ($3 / $1)')
		awk -v med="$_med" -v medc="$_medc" -v goal="$_goal" '{ a += $1; b += $2; c += $3; n++ }
		END {
			if (!n) exit
			r = b / a
			printf "%-5s %12.1f %12.1f %12.1f %8.4f %8.4f   ratio of the means\n", "mean", a / n, b / n, c / n, r, c / a
			printf "%-5s %12s %12s %12s %8.4f %8.4f   median of the %d rounds\n", "med", "", "", "", med, medc, n
			printf "B/A goal >= %s: %s on the ratio of the means, %s on the median\n", goal,
				(r >= goal ? "met" : "MISSED"), (med >= goal ? "met" : "MISSED")
		}' "$T/pairs"
		echo "ours against the peer: median of the rounds' (B/A) / (C/A) = $_medbc (above 1: ours costs less)"
	else
		awk -v med="$_med" -v goal="$_goal" '{ n += $1; l += $2; c++ }
		END {
			if (!c) exit
			r = l / n
			printf "%-5s %12.1f %12.1f %8.4f   goal >= %s: %s (median pair ratio %s)\n", "mean", n / c, l / c, r,
				goal, (r >= goal ? "met" : "MISSED"), med
		}' "$T/pairs"
	fi
}

# pairs_median EXPR: the median over the rounds in $T/pairs of an awk expression of their fps
pairs_median() {
	awk "{ print $1 }" "$T/pairs" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR) printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# vkcube_bench NAME [PAIRS SECONDS]: the set-up of the vkcube benches (bench_layer,
# bench_hud_vk): uncapped vkcube on lavapipe under Xvfb, timed by the bench's own timing layer;
# sets SECS and PAIRS (MVGAL_BENCH_SECONDS and MVGAL_BENCH_PAIRS, else the defaults given, else
# 10 s and 3), SIZE (320x320), TIMING_DIR, OUR_JSON and CUBE (vkcube_size changes its size) and
# exports the driver and timing-layer variables.
vkcube_bench() {
	SECS=${MVGAL_BENCH_SECONDS:-${3:-10}}
	PAIRS=${MVGAL_BENCH_PAIRS:-${2:-3}}
	TIMING_DIR="$MVGAL_BUILD/tests/bench"
	OUR_JSON="$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json"
	need_cmd vkcube vulkan-tools
	need_file "$LVP_ICD" mesa-vulkan-drivers
	need_built "$1" "$TIMING_DIR/VkLayer_MVGAL_bench_timing.json" "$OUR_JSON"
	start_xvfb
	export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" \
		NODEVICE_SELECT=1 MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S=1
	vkcube_size 320 320
}

# vkcube_size W H: CUBE is vkcube in a W x H window (Xvfb's screen is 1280x720), SIZE says it
vkcube_size() {
	SIZE=${1}x$2
	CUBE="vkcube --present_mode 0 --width $1 --height $2"
}
