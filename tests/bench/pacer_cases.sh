# SPDX-License-Identifier: MIT
# The case loop and the table of the pacer benches (bench_pacer.sh for Vulkan, bench_gl_pacer.sh
# for OpenGL), sourced after tests/integration/lib.sh. The caller defines run_case GAME WAY N OUT
# (one run that leaves the timing file OUT and its output in $T/game.log) and sets its EXIT trap
# to call stop_hog.
#   pacer_cases NAME "GAMES" "WAYS" ROWS
# runs every game x {idle, hog} x N in {60, 144} x way and appends "game load N way ROW" to ROWS
# (ROW: tests/tools/bench_intervals' columns). The hog is one busy process pinned to CPU 1.
# Returns 1 when a case could not run (said on stderr), else 0.
HOG=
start_hog() { taskset -c 1 sh -c 'while :; do :; done' & HOG=$!; }
stop_hog() { [ -n "$HOG" ] && kill "$HOG" 2>/dev/null; wait "$HOG" 2>/dev/null; HOG=; }

# pc_measure NAME WHAT N OUT CMD...: runs CMD (one run_case), then prints bench_intervals' row of
# the timing file OUT against 1/N s; when either fails, "NAME: WHAT did not run: <the end of
# $T/game.log>" on stderr and 1
pc_measure() {
	pm_name=$1 pm_what=$2 pm_n=$3 pm_out=$4
	shift 4
	if ! "$@" || ! "$MVGAL_BUILD/tests/tools/bench_intervals" "$pm_out" $((1000000000 / pm_n)); then
		echo "$pm_name: $pm_what did not run: $(tail -n 3 "$T/game.log" | tr '\n' ' ')" >&2
		return 1
	fi
}

# pc_handover STAMPS N CSV: where a paced frame's time went, from our telemetry CSV beside the
# timing file. The CSV's present_ns is the moment our hook handed the frame to the driver, after
# the pacer's wait; each stamp is paired with the last hand-over at or before it, each hand-over
# once (a process ended by _exit leaves the CSV's last rows unwritten: their stamps stay unpaired).
# Prints "pairs handover_p99 stamp_p50 stamp_p90 stamp_p99 stamp_max arrived_late": the p99 of
# |hand-over interval - 1/N| (the pacer's own wake-up: sleep, spin, the scheduler), the time from
# the hand-over to the stamp (what lies between our hook and the timing point), in us, and the
# paired frames that reached the pacer after their deadline (the CSV's late: the frame's own work
# was too slow, no wait); "- - - - - - -" without a CSV.
pc_handover() {
	[ -s "$3" ] || { echo "- - - - - - -"; return; }
	awk -v target=$((1000000000 / $2)) '
	FILENAME == ARGV[1] { if (/^[0-9]/) put[++np] = $1 + 0; next }
	/^frame,/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
	/^[0-9]/ { down[++nd] = $(col["present_ns"]) + 0; late[nd] = $(col["late"]) + 0 }
	END {
		j = 0
		for (i = 1; i <= np; i++) {
			while (j < nd && down[j + 1] <= put[i]) j++
			if (j == 0 || j == used) continue
			print "D", put[i] - down[j]
			if (late[j]) print "L"
			if (used && used == j - 1) { e = down[j] - down[j - 1] - target; print "E", e < 0 ? -e : e }
			used = j
		}
	}' "$1" FS=, "$3" >"$T/pairs"
	echo "$(grep -c '^D' "$T/pairs") $(sed -n 's/^E //p' "$T/pairs" | pc_pcts .99)" \
		"$(sed -n 's/^D //p' "$T/pairs" | pc_pcts .5 .9 .99 1) $(grep -c '^L' "$T/pairs")"
}

# pc_pcts P...: the nearest-rank percentiles (P in 0..1, 1 = max) of the ns on stdin, in us
# ("-" each when there are none)
pc_pcts() {
	sort -n | awk -v ps="$*" '{ v[NR] = $1 } END {
		n = split(ps, p, " ")
		for (k = 1; k <= n; k++) {
			if (!NR) { printf "%s-", (k > 1 ? " " : ""); continue }
			i = int(p[k] * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR
			printf "%s%.1f", (k > 1 ? " " : ""), v[i] / 1000 }
		print "" }'
}

pacer_cases() {
	pc_name=$1 pc_games=$2 pc_ways=$3 pc_rows=$4 pc_rc=0
	for game in $pc_games; do
		for load in idle hog; do
			[ $load = hog ] && start_hog
			for n in 60 144; do
				for way in $pc_ways; do
					f="$T/$game-$load-$n-$way.txt"
					if ! r=$(pc_measure "$pc_name" "case $game $load N=$n $way" $n "$f" \
						run_case $game $way $n "$f"); then
						pc_rc=1
						continue
					fi
					echo "$game $load $n $way $r" >>"$pc_rows"
				done
			done
			stop_hog
		done
	done
	return $pc_rc
}

# pacer_table ROWS WIDTH GOALS: the table both benches print from ROWS (pacer_cases' lines
# "game load N way frames mean_ms sd_us p99_us late cpu_ms"), the game column WIDTH wide. Rows
# of ours (way ours*) add the ratios to MangoHud's row and the goals: p99 <= 0.5 x MangoHud's,
# mean within 0.01 %; GOALS=vulkan also the CPU against MangoHud's (at most 3 % of a core more)
# and, idle, an sd of at most 50 us.
pacer_table() {
	awk -v w="$2" -v goals="$3" '
{
	key = $1 " " $2 " " $3
	if ($4 == "mangohud") { m_sd[key] = $7; m_p99[key] = $8; m_cpu[key] = $10 }
	line[NR] = $0
}
END {
	fmt = "%-" w "s %-4s %4s %-8s %6s %9s %7s %9s %5s %8s  %s\n"
	printf fmt, "game", "load", "N", "limiter", "frames", "mean_ms", "sd_us", "p99err_us",
		"late", "cpu_ms/f", "ours / MangoHud, goals"
	for (i = 1; i <= NR; i++) {
		split(line[i], f, " ")
		key = f[1] " " f[2] " " f[3]
		note = ""
		if (f[4] ~ /^ours/ && key in m_p99) {
			target_ms = 1000 / f[3]
			rp = m_p99[key] > 0 ? f[8] / m_p99[key] : 0
			rs = m_sd[key] > 0 ? f[7] / m_sd[key] : 0
			dcpu = (f[10] - m_cpu[key]) / target_ms * 100
			merr = (f[6] - target_ms) / target_ms * 100
			if (goals == "vulkan")
				note = sprintf("p99 x%.2f sd x%.2f cpu %+.1f%%core mean %+.4f%%", rp, rs, dcpu, merr)
			else
				note = sprintf("p99 x%.2f sd x%.2f mean %+.4f%%", rp, rs, merr)
			miss = ""
			if (rp > 0.5) miss = miss " p99"
			if (goals == "vulkan" && f[2] == "idle" && f[7] > 50) miss = miss " sd"
			if (merr > 0.01 || merr < -0.01) miss = miss " mean"
			if (goals == "vulkan" && dcpu > 3) miss = miss " cpu"
			note = note (miss == "" ? "  met" : "  MISSED:" miss)
		}
		printf fmt, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], note
	}
}' "$1"
}
