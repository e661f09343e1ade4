# SPDX-License-Identifier: MIT
# The case loop of the pacer benches (bench_pacer.sh for Vulkan, bench_gl_pacer.sh for OpenGL),
# sourced after tests/integration/lib.sh. The caller defines run_case GAME WAY N OUT (one run
# that leaves the timing file OUT and its output in $T/game.log) and sets its EXIT trap to call
# stop_hog.
#   pacer_cases NAME "GAMES" "WAYS" ROWS
# runs every game x {idle, hog} x N in {60, 144} x way and appends "game load N way ROW" to ROWS
# (ROW: tests/tools/bench_intervals' columns). The hog is one busy process pinned to CPU 1.
# Returns 1 when a case could not run (said on stderr), else 0.
HOG=
stop_hog() { [ -n "$HOG" ] && kill "$HOG" 2>/dev/null; wait "$HOG" 2>/dev/null; HOG=; }

pacer_cases() {
	pc_name=$1 pc_games=$2 pc_ways=$3 pc_rows=$4 pc_rc=0
	for game in $pc_games; do
		for load in idle hog; do
			if [ $load = hog ]; then
				taskset -c 1 sh -c 'while :; do :; done' &
				HOG=$!
			fi
			for n in 60 144; do
				for way in $pc_ways; do
					f="$T/$game-$load-$n-$way.txt"
					if ! run_case $game $way $n "$f" ||
						! r=$("$MVGAL_BUILD/tests/tools/bench_intervals" "$f" \
							$((1000000000 / n))); then
						echo "$pc_name: case $game $load N=$n $way did not run:" \
							"$(tail -n 3 "$T/game.log" | tr '\n' ' ')" >&2
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
