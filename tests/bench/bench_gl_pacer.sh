#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_gl_pacer: OpenGL frame pacing of our preload library (mvgal-launch --fps N -- PROG, which
# appends libmvgal_gl.so to LD_PRELOAD) against MangoHud's fps_limit (MANGOHUD_CONFIG=
# fps_limit=N,no_display mangohud PROG), under Xvfb with llvmpipe.
#
# Rows: glxgears (GLX) and es2gears_x11 (EGL) x N in {60, 144} x {idle, CPU hog}; MVGAL_BENCH_GAMES
# picks the games. Xvfb has no vblank and its GLX no swap control, so only the limiter paces. The
# hog is one busy process pinned to CPU 1. Each row runs MVGAL_BENCH_ROUNDS (default 4) rounds of
# MangoHud and ours in ABBA order (odd rounds MangoHud first, even rounds ours first), so that a
# drift of a shared machine's load, or being first after the hog started, falls on both alike; the
# unpaced game runs once per row, before the first round, as a reference (MVGAL_BENCH_UNPACED=0
# leaves it out). With MVGAL_BENCH_OLD=DIR (another build folder, e.g. a worktree of an older
# commit) a third way, old, runs that build's mvgal-launch in the same rounds (A B C, C B A), so a
# change is measured against what it replaces in one run. Each run is MVGAL_BENCH_SECONDS (default
# 8) seconds after MVGAL_BENCH_WARMUP_S (default 5) of warm-up.
#
# Time: a run takes the window, the warm-up and about 1 s to start: with the defaults 8 rows x
# (1 + 2 x 4) runs x 14 s, about 17 minutes (about 24 with MVGAL_BENCH_OLD); MVGAL_BENCH_ROUNDS=2
# MVGAL_BENCH_SECONDS=5 takes about 6.
#
# Neutral measurement: tests/bench/timing_gl.c, a preload of the bench's own put first in
# LD_PRELOAD (both limiters append theirs after it), so the game's swap reaches it first; it
# stamps the moment the driver's swap hands the image to the X server (the first XShmPutImage /
# XPutImage / xcb_put_image inside the swap returns), below both limiters, and measures CPU time
# of the whole process over the same frames. Neither limiter's own counter is used.
#
# Output: one line per run as it ends (bench_intervals' columns: mean interval, its sd, p99 of
# |interval - 1/N|, late = intervals over 1/N + 10 %, CPU ms per frame), then per row each way's
# median over the rounds of the p99 error and its worst round, and the verdict: the ratio of the
# medians ours / MangoHud <= 0.5 (issue 28 item 2), mean within 0.01 % (the median round's). One
# lucky or unlucky run (a shared machine's burst of load) moves a median of four little.
#
# Where ours loses its milliseconds (issue 28): ours runs with telemetry, whose present_ns is
# the moment our hook hands the swap to the driver, after the pacer's wait. A last table pairs
# each stamp of the window with the hand-over before it (pc_handover in pacer_cases.sh), medians
# over the rounds: the p99 error of the hand-over intervals (the pacer's wake-up: sleep, spin, the
# scheduler), the time from the hand-over to the end of the image transfer (the driver's swap:
# rendering not finished by the deadline, the copy, the thread preempted inside it), p50/p99,
# the transfer's own duration (the timing preload's second column: XShmPutImage / xcb_put_image
# from call to return; MangoHud's run beside it, where no pacer of ours waits), and the frames
# that reached the pacer after their deadline. Exit 0 when every run ran (goals missed are
# reported, not failed), 1 when one could not run.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "${MVGAL_TOP:-.}/tests/bench/pacer_cases.sh"

SECS=${MVGAL_BENCH_SECONDS:-8}
ROUNDS=${MVGAL_BENCH_ROUNDS:-4}
OLD=${MVGAL_BENCH_OLD:-}
TIMING="$MVGAL_BUILD/tests/bench/libmvgal_bench_timing_gl.so"
LAUNCH="$MVGAL_BUILD/mvgal-launch"

need_cmd glxgears mesa-utils
need_cmd es2gears_x11 mesa-utils
need_cmd mangohud mangohud
need_cmd taskset util-linux
need_built bench_gl_pacer "$TIMING" "$LAUNCH" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so" \
	"$MVGAL_BUILD/tests/tools/bench_intervals"
WAYS="mangohud ours"
if [ -n "$OLD" ]; then
	if [ ! -x "$OLD/mvgal-launch" ] || [ ! -f "$OLD/lib/mvgal/libmvgal_gl.so" ]; then
		echo "bench_gl_pacer: MVGAL_BENCH_OLD=$OLD has no mvgal-launch and libmvgal_gl.so: build that tree first" >&2
		exit 1
	fi
	WAYS="mangohud ours old"
fi
start_xvfb

trap 'stop_hog; kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT

export XDG_RUNTIME_DIR="$T/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# Warm-up: 5 s, longer than either limiter takes to settle after the game's start. Ours repays
# time lost to a late frame by shortening the following intervals by 1/256 of the interval each
# (so the long-run rate is exact); a start-up stall of up to one interval is repaid within 256
# frames, 4.3 s at 60 fps. With the Vulkan bench's 1 s, a stall while the game started was still
# being repaid in the window: ours read up to 0.03 % fast (issue 15's note has the run).
export MVGAL_BENCH_SECONDS="$SECS" MVGAL_BENCH_WARMUP_S="${MVGAL_BENCH_WARMUP_S:-5}"
unset MANGOHUD MANGOHUD_CONFIG ENABLE_MVGAL MVGAL_FPS MVGAL_BENCH_FRAMES LD_PRELOAD 2>/dev/null || true
GAMES=${MVGAL_BENCH_GAMES:-glxgears es2gears_x11}

# run_case GAME WAY N OUT: one game run; the timing preload ends it after the measured window.
run_case() {
	game=$1 way=$2 n=$3 out=$4
	set -- LD_PRELOAD="$TIMING" MVGAL_BENCH_OUT="$out"
	case $way in
	unpaced) set -- "$@" timeout $((SECS + 30)) ;;
	mangohud) set -- "$@" "MANGOHUD_CONFIG=fps_limit=$n,no_display" timeout $((SECS + 30)) mangohud ;;
	ours) set -- "$@" timeout $((SECS + 30)) "$LAUNCH" --fps "$n" --telemetry "${out%.txt}.tel" -- ;;
	old) set -- "$@" timeout $((SECS + 30)) "$OLD/mvgal-launch" --fps "$n" --telemetry "${out%.txt}.tel" -- ;;
	esac
	env "$@" "$game" >"$T/game.log" 2>&1
}

# put_pcts FILE P...: percentiles (us) of the stamps' second column, the image transfer's own
# duration (timing_gl.c), over the window
put_pcts() {
	f=$1
	shift
	awk '/^[0-9]/ && NF > 1 { print $2 }' "$f" 2>/dev/null | pc_pcts "$@"
}

# one_run GAME LOAD N WAY ROUND: runs the case and appends to $T/runs "game load N way round",
# bench_intervals' eight columns, pc_handover's seven ("-" without telemetry) and the transfer's
# p50 and p99; prints the run's line. 1 when it did not run.
one_run() {
	f="$T/$1-$2-$3-$4-$5.txt"
	res=$(pc_measure bench_gl_pacer "case $1 $2 N=$3 $4 round $5" $3 "$f" run_case $1 $4 $3 "$f") || return 1
	# shellcheck disable=SC2046 # seven numbers, two
	set -- "$@" $res $(pc_handover "$f" $3 "$(ls "${f%.txt}.tel"/*.csv 2>/dev/null | head -n 1)") \
		$(put_pcts "$f" .5 .99)
	echo "$*" >>"$T/runs"
	printf '%-12s %-4s %4s %-8s %5s %6s %9s %9s %9s %5s %8s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
		"$8" "$9" "${10}" "${11}"
}

# the ways of round R in order: odd rounds as in WAYS, even rounds reversed (ABBA)
round_ways() {
	if [ $(($1 % 2)) -eq 1 ]; then echo "$WAYS"; else printf '%s\n' $WAYS | sed -n '1!G;h;$p' | tr '\n' ' '; fi
}

: >"$T/runs"
rc=0
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# games: $GAMES on llvmpipe under Xvfb, $ROUNDS rounds of ${SECS} s per way and row; ways: $WAYS${OLD:+ (old: $OLD)}"
printf '%-12s %-4s %4s %-8s %5s %6s %9s %9s %9s %5s %8s\n' game load N way round frames mean_ms \
	sd_us p99err_us late cpu_ms/f
for game in $GAMES; do
	for load in idle hog; do
		[ $load = hog ] && start_hog
		for n in 60 144; do
			[ "${MVGAL_BENCH_UNPACED:-1}" = 0 ] || one_run $game $load $n unpaced 1 || rc=1
			r=1
			while [ $r -le "$ROUNDS" ]; do
				for way in $(round_ways $r); do one_run $game $load $n $way $r || rc=1; done
				r=$((r + 1))
			done
		done
		stop_hog
	done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The verdict per row: each way's median over the rounds of the p99 error and its worst round;
# ours / MangoHud on the medians (the goal, <= 0.5) and on the worst rounds; old beside it
echo
awk -v old="$OLD" '
{ k = $1 " " $2 " " $3; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
	w = k " " $4; p[w, ++n[w]] = $9; m[w, n[w]] = $7; if ($9 > worst[w]) worst[w] = $9 }
function median(arr, w,   i, j, t, a, c) {
	c = n[w]; if (!c) return -1
	for (i = 1; i <= c; i++) a[i] = arr[w, i]
	for (i = 2; i <= c; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
}
function cell(w) { return n[w] ? sprintf("%.1f (%.1f)", median(p, w), worst[w]) : "-" }
END {
	fmt = "%-12s %-4s %4s %18s %18s %8s %8s %10s %s\n"
	printf fmt, "game", "load", "N", "MangoHud p99 (worst)", "ours p99 (worst)", "ours/MH", "worst/MH",
		"ours mean", (old != "" ? "verdict | old p99 (worst), ours/old" : "verdict")
	for (i = 1; i <= nk; i++) {
		k = keys[i]; split(k, f, " ")
		mh = median(p, k " mangohud"); us = median(p, k " ours")
		rm = mh > 0 && us >= 0 ? us / mh : -1
		rw = worst[k " mangohud"] > 0 ? worst[k " ours"] / worst[k " mangohud"] : -1
		merr = n[k " ours"] ? (median(m, k " ours") - 1000 / f[3]) / (1000 / f[3]) * 100 : 0
		miss = (rm > 0.5 ? " p99" : "") (merr > 0.01 || merr < -0.01 ? " mean" : "")
		v = rm < 0 ? "-" : (miss == "" ? "met" : "MISSED:" miss)
		if (old != "") v = sprintf("%s | %s, %s", v, cell(k " old"),
			median(p, k " old") > 0 ? sprintf("%.2f", us / median(p, k " old")) : "-")
		printf fmt, f[1], f[2], f[3], cell(k " mangohud"), cell(k " ours"),
			(rm < 0 ? "-" : sprintf("%.2f", rm)), (rw < 0 ? "-" : sprintf("%.2f", rw)),
			sprintf("%+.4f%%", merr), v
	}
}' "$T/runs"

# Where the time goes, medians over the rounds (us): ours (and old) from their telemetry and the
# transfer column, MangoHud's transfer beside them
echo
awk '
{ k = $1 " " $2 " " $3; if ($4 == "unpaced") next
	if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
	w = k " " $4; c = ++n[w]
	for (j = 14; j <= NF; j++) v[w, j, c] = $j }
function median(w, j,   i, l, t, a, c) {
	c = 0
	for (i = 1; i <= n[w]; i++) if (v[w, j, i] != "-") a[++c] = v[w, j, i] + 0
	if (!c) return "-"
	for (i = 2; i <= c; i++) for (l = i; l > 1 && a[l - 1] > a[l]; l--) { t = a[l]; a[l] = a[l - 1]; a[l - 1] = t }
	return sprintf("%.1f", c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2)
}
END {
	fmt = "%-12s %-4s %4s %-5s %9s %12s %9s %14s %9s %14s %7s\n"
	printf fmt, "game", "load", "N", "way", "hand-over", "to transfer", "", "transfer", "",
		"MangoHud\047s", "arrived"
	printf fmt, "", "", "", "", "p99", "p50", "p99", "p50", "p99", "transfer p99", "late"
	for (i = 1; i <= nk; i++) {
		k = keys[i]; split(k, f, " ")
		for (o = 1; o <= 2; o++) {
			w = k " " (o == 1 ? "ours" : "old")
			if (!n[w]) continue
			printf fmt, f[1], f[2], f[3], (o == 1 ? "ours" : "old"), median(w, 15), median(w, 16),
				median(w, 18), median(w, 21), median(w, 22), median(k " mangohud", 22), median(w, 20)
		}
	}
}' "$T/runs"
exit $rc
