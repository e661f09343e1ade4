#!/bin/sh
# SPDX-License-Identifier: MIT
# ab_pacer: this tree's Vulkan pacer against another build of the layer (an older commit built in
# its own worktree) and MangoHud's fps_limit, interleaved in one run (issue 28, item 5).
#
#   MVGAL_BUILD=$PWD/build MVGAL_TOP=$PWD MVGAL_AB_OLD=/work/wt/old/build sh tests/bench/ab_pacer.sh
#
# vkcube (320x320, immediate, lavapipe, Xvfb) at N = 60 and 144, idle and with a busy process
# pinned to CPU 1, measured by this tree's timing layer (tests/bench/timing_layer.c, below every
# limiter). Each (load, N) runs the ways new, old, MangoHud, then again in the reverse order
# (MVGAL_AB_ROUNDS rounds, default 2: ABBA), MVGAL_BENCH_SECONDS (default 10) each, so slow drifts
# of a shared machine's load fall on every way alike. Prints one row per run and, per (load, N),
# each way's worst p99 error over the rounds and new / old, new / MangoHud ratios of it.
# MVGAL_AB_ROWS picks rows (default "idle:60 idle:144 hog:60 hog:144"), MVGAL_AB_WAYS the ways
# (default "new old mangohud"), so one suspect row can be rerun for many rounds:
#   MVGAL_AB_ROWS=hog:60 MVGAL_AB_WAYS="new old" MVGAL_AB_ROUNDS=4 ... sh tests/bench/ab_pacer.sh
# Which part of the error is the pacer's: both layers write telemetry (MVGAL_TELEMETRY), whose
# present_ns is the hand-over after the pacer's wait, and each row of new and old adds
# pc_handover's figures (pacer_cases.sh): the p99 of |hand-over interval - 1/N| (the pacer's own
# wake-up), the p99 time from the hand-over to the timing layer's stamp (the layer's work after
# the wait and the loader: the timing layer stamps before the driver's present, so lavapipe's
# copy to Xvfb lies outside the measured intervals) and the frames that reached the pacer after
# their deadline (the game's and lavapipe's work: nothing to wait for). MVGAL_AB_TELEMETRY=0
# runs both layers without telemetry, as before issue 28's rows had it (those columns read "-").
# Not part of make bench (it needs the other build); exit 1 when a case did not run.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pacer_cases.sh"

SECS=${MVGAL_BENCH_SECONDS:-10}
ROUNDS=${MVGAL_AB_ROUNDS:-2}
ROWS=${MVGAL_AB_ROWS:-idle:60 idle:144 hog:60 hog:144}
WAYS=${MVGAL_AB_WAYS:-new old mangohud}
for w in $WAYS; do
	case $w in new | old | mangohud) ;; *) echo "ab_pacer: MVGAL_AB_WAYS: unknown way $w" >&2; exit 2 ;; esac
done
for row in $ROWS; do
	case $row in idle:60 | idle:144 | hog:60 | hog:144) ;;
	*) echo "ab_pacer: MVGAL_AB_ROWS: unknown row $row (idle:60 idle:144 hog:60 hog:144)" >&2; exit 2 ;;
	esac
done
# wanted LOAD N: whether MVGAL_AB_ROWS names that row
wanted() {
	case " $ROWS " in *" $1:$2 "*) return 0 ;; esac
	return 1
}
OLD=${MVGAL_AB_OLD:?set MVGAL_AB_OLD to the other build folder (its share/ has the layer)}
TIMING_DIR="$MVGAL_BUILD/tests/bench"

need_cmd vkcube vulkan-tools
case " $WAYS " in *" mangohud "*) need_cmd mangohud mangohud ;; esac
need_cmd taskset util-linux
need_file "$LVP_ICD" mesa-vulkan-drivers
need_built ab_pacer "$TIMING_DIR/VkLayer_MVGAL_bench_timing.json" \
	"$MVGAL_BUILD/tests/tools/bench_intervals"
ls "$OLD"/share/vulkan/implicit_layer.d/*.json >/dev/null ||
	{ echo "ab_pacer: no layer manifest under $OLD/share: build that tree first" >&2; exit 1; }
start_xvfb
trap 'stop_hog; kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT

export VK_DRIVER_FILES="$LVP_ICD"
export VK_LAYER_PATH="$TIMING_DIR" VK_INSTANCE_LAYERS=VK_LAYER_MVGAL_bench_timing
export MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S=1
unset MANGOHUD MANGOHUD_CONFIG ENABLE_MVGAL MVGAL_FPS MVGAL_PACER 2>/dev/null || true

# run_case WAY N OUT: one vkcube run, ended by the timing layer after the window
run_case() {
	way=$1 n=$2 out=$3
	tel=MVGAL_TELEMETRY="${out%.txt}.csv"
	[ "${MVGAL_AB_TELEMETRY:-1}" = 0 ] && tel=MVGAL_TELEMETRY= # empty: off for both builds
	case $way in
	new) set -- "XDG_DATA_DIRS=$MVGAL_BUILD/share:/usr/share" ENABLE_MVGAL=1 "MVGAL_FPS=$n" "$tel" ;;
	old) set -- "XDG_DATA_DIRS=$OLD/share:/usr/share" ENABLE_MVGAL=1 "MVGAL_FPS=$n" "$tel" ;;
	mangohud) set -- MANGOHUD=1 "MANGOHUD_CONFIG=fps_limit=$n,no_display" ;;
	esac
	env "$@" MVGAL_BENCH_OUT="$out" timeout $((SECS + 30)) \
		vkcube --c 10000000 --present_mode 0 --width 320 --height 320 >"$T/game.log" 2>&1
}

rc=0
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# new: $MVGAL_BUILD, old: $OLD; vkcube 320x320 on lavapipe under Xvfb, ${SECS} s per run, $ROUNDS rounds"
echo "# rows: $ROWS; ways: $WAYS"
# a row: load N round way, bench_intervals' first five columns, then pc_handover's hand-over p99,
# hand-over to stamp p99 and arrived-late count ("-" for MangoHud)
ROWFMT='%-4s %4s %5s %-8s %6s %9s %7s %9s %5s %11s %10s %7s\n'
# shellcheck disable=SC2059 # the one row format
printf "$ROWFMT" load N round way frames mean_ms sd_us p99err_us late handover_us to_stamp arrived
for load in idle hog; do
	wanted $load 60 || wanted $load 144 || continue
	[ $load = hog ] && start_hog
	for n in 60 144; do
		wanted $load $n || continue
		r=1
		while [ $r -le "$ROUNDS" ]; do
			# odd rounds in MVGAL_AB_WAYS' order, even rounds reversed (ABBA): a way that
			# always ran first after the hog started or the previous row would be favoured
			ways=$WAYS
			[ $((r % 2)) -eq 0 ] && ways=$(printf '%s\n' $WAYS | sed -n '1!G;h;$p' | tr '\n' ' ')
			for way in $ways; do
				f="$T/$load-$n-$way-$r.txt"
				if ! row=$(pc_measure ab_pacer "$load N=$n $way round $r" $n "$f" \
					run_case $way $n "$f"); then
					rc=1
					continue
				fi
				# shellcheck disable=SC2046 # seven numbers
				set -- $(pc_handover "$f" $n "${f%.txt}.csv")
				echo "$load $n $r $way $row $2 $5 $7" | tee -a "$T/rows" |
					awk -v fmt="$ROWFMT" '{ printf fmt, $1, $2, $3, $4, $5, $6, $7, $8, $9, $(NF - 2), $(NF - 1), $NF }'
			done
			r=$((r + 1))
		done
	done
	stop_hog
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# worst and median p99 error of each way over the rounds, and the ratios of each; the median of
# the rounds' hand-over p99 (the pacer's own part) beside them
awk '{ k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
	w = k " " $4; if ($8 > worst[w]) worst[w] = $8; v[w, ++nv[w]] = $8
	if ($13 != "-") ho[w, ++nh[w]] = $13 }
function median(arr, cnt, w,   i, j, t, a, n) {
	n = cnt[w]; if (!n) return -1
	for (i = 1; i <= n; i++) a[i] = arr[w, i]
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function cell(x) { return x < 0 ? "-" : sprintf("%.1f", x) }
END {
	printf "# %-4s %4s %-6s %10s %10s %10s %9s %9s %12s %12s\n", "load", "N", "of", "new_p99", "old_p99", "mh_p99", "new/old", "new/mh", "new_handover", "old_handover"
	for (i = 1; i <= nk; i++) {
		k = keys[i]; split(k, f, " ")
		nw = worst[k " new"]; od = worst[k " old"]; mh = worst[k " mangohud"]
		printf "# %-4s %4s %-6s %10.1f %10.1f %10.1f %9.2f %9.2f %12s %12s%s\n", f[1], f[2], "worst", nw, od, mh,
			(od > 0 ? nw / od : 0), (mh > 0 ? nw / mh : 0), "", "", (nw <= 200 ? "" : "  over 200 us")
		nw = median(v, nv, k " new"); od = median(v, nv, k " old"); mh = median(v, nv, k " mangohud")
		if (nw < 0) nw = 0; if (od < 0) od = 0; if (mh < 0) mh = 0
		printf "# %-4s %4s %-6s %10.1f %10.1f %10.1f %9.2f %9.2f %12s %12s\n", f[1], f[2], "median", nw, od, mh,
			(od > 0 ? nw / od : 0), (mh > 0 ? nw / mh : 0),
			cell(median(ho, nh, k " new")), cell(median(ho, nh, k " old"))
	}
}' "$T/rows"
exit $rc
