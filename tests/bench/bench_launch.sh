#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_launch: what mvgal-launch adds to a game's start. Time from the spawn of
# `mvgal-launch waitforexitandrun Game.exe` to the start of the first program it execs (the
# fake runtime entry point, which stamps CLOCK_MONOTONIC), against spawning that same fake
# program directly, in the same run. The fake Steam has 3 libraries x 500 appmanifests, three
# Protons, the sniper runtime, a user profile for the title, and a 10 000-entry compat DB.
# MVGAL_BENCH_RUNS (default 300) runs per case, after 20 warm-up runs. Goal: the
# median added time under 5 ms. Exit 0 when both cases ran.
. "${MVGAL_TOP:-.}/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
RUNS=${MVGAL_BENCH_RUNS:-300}
TIMER=$MVGAL_BUILD/tests/tools/exec_timer
need_file "$TIMER" "(built by make: tests/tools/exec_timer.c)"
make_steam
unset MVGAL_FAKE_RECORD
# three libraries of 500 appmanifests each (the root, LIB2 and a third one)
LIB3=$T/lib3
mkdir -p "$LIB3/steamapps"
printf '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n\t"1"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n\t"2"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n}\n' \
	"$ROOT" "$LIB2" "$LIB3" >"$ROOT/steamapps/libraryfolders.vdf"
n=0
for lib in "$ROOT" "$LIB2" "$LIB3"; do
	n=$((n + 1))
	awk -v dir="$lib/steamapps" -v base="$((n * 100000))" 'BEGIN { for (i = 0; i < 500; i++) {
		id = base + i; f = dir "/appmanifest_" id ".acf"
		printf "\"AppState\"\n{\n\t\"appid\"\t\t\"%d\"\n\t\"name\"\t\t\"Game %d\"\n\t\"installdir\"\t\t\"Game %d\"\n}\n", id, id, id > f
		close(f) } }'
done
# a 10 000-entry DB in the shipped format, sorted by appid, the title near the middle
export MVGAL_DB=$T/compat.db
awk 'BEGIN { printf "[mvgal-db]\nformat = 1\nserial = 2026112401\n\n"
	for (i = 1; i <= 10000; i++) { id = i * 10 - 3; if (i == 58) id = 570
		printf "[%d]\nname = Title %d\nexe = title%d.exe\nreason = bench entry\nframe.fps = 60\nenv.DXVK_ASYNC = 1\n\n", id, id, id } }' >"$MVGAL_DB"
printf '[launch]\nproton = Proton 9.0\n[frame]\npacer = on\n' >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
export MVGAL_FAKE_STAMP=$T/stamp
"$TIMER" 20 "$T/stamp" -- "$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" -arg >/dev/null || exit 1
grep -q 'frame.fps="60"@db:570' "$XDG_STATE_HOME/mvgal/launch.log" || {
	echo "bench_launch: the DB entry for 570 was not used" >&2; exit 1; }
RTE=$RT/_v2-entry-point
direct=$("$TIMER" "$RUNS" "$T/stamp" -- "$RTE" --verb=waitforexitandrun -- "$P9/proton" \
	waitforexitandrun "$GAME_DIR/Game.exe" -arg) || exit 1
launch=$("$TIMER" "$RUNS" "$T/stamp" -- "$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" -arg) || exit 1
rm -f "$XDG_STATE_HOME/mvgal/launch.log"
echo "$direct" "$launch" | awk -v runs="$RUNS" '{
	printf "%-34s %10s %10s %10s\n", "case (" runs " runs, us)", "median", "p99", "min"
	printf "%-34s %10.1f %10.1f %10.1f\n", "exec fake runtime directly", $1, $2, $3
	printf "%-34s %10.1f %10.1f %10.1f\n", "mvgal-launch waitforexitandrun", $4, $5, $6
	added = $4 - $1
	printf "added: median %.2f ms, p99 %.2f ms; ratio to direct: median %.2fx, p99 %.2fx; goal < 5 ms added: %s\n",
		added / 1000, ($5 - $2) / 1000, $4 / $1, $5 / $2, added < 5000 ? "met" : "MISSED" }'
