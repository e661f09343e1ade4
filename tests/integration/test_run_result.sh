#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 16: at the end of a run with telemetry, one line says how it went (GPU, target, achieved
# mean, p99, where the CSV is): on stderr when that is a terminal, and in launch.log (the
# launcher hands the layer its path in MVGAL_LAUNCH_LOG), so that Steam mode keeps it too.
# The layer prints it from the telemetry writer at the last vkDestroyInstance: the launcher
# execve()s the game and is gone by then.
. "$MVGAL_TOP/tests/integration/lib.sh"
use_test_icd
L=$MVGAL_BUILD/mvgal-launch
need_cmd script bsdutils
LOG=$XDG_STATE_HOME/mvgal/launch.log

# the layer on its own: the result goes where MVGAL_LAUNCH_LOG says, not to a pipe
mkdir -p "$XDG_STATE_HOME/mvgal"
ENABLE_MVGAL=1 MVGAL_FPS=100 MVGAL_TELEMETRY=$T/run.csv MVGAL_LAUNCH_LOG=$LOG "$PROBE" \
	--present 30 --mode immediate >"$T/out" 2>"$T/err"
check "the run presented" grep -q '^presented: 30$' "$T/out"
check "launch.log: the result line" grep -q "^[0-9-]*T[0-9:]*Z result .*: target 10.00 ms (100 fps), mean [0-9.]* ms ([0-9.]* fps), p99 [0-9.]* ms, 30 frames; CSV $T/run.csv\$" "$LOG"
check "stderr into a file: no result line" sh -c "! grep -q '^mvgal: .* frames; CSV' '$T/err'"

# on a terminal: on stderr too
script -qc "ENABLE_MVGAL=1 MVGAL_TELEMETRY='$T/tty.csv' '$PROBE' --present 20 --mode immediate" /dev/null >"$T/tty" 2>&1
check "terminal: the result line on stderr" grep -q "^mvgal: .*: target none, mean [0-9.]* ms ([0-9.]* fps), p99 [0-9.]* ms, 20 frames; CSV $T/tty.csv" "$T/tty"

# `mvgal-launch -- CMD` in a terminal: the result without telemetry too (statistics only)
script -qc "'$L' --fps 100 -- '$PROBE' --present 30 --mode immediate" /dev/null >"$T/tty" 2>&1
check "terminal, no telemetry: the result line" grep -q "^mvgal: .*: target 10.00 ms (100 fps), mean [0-9.]* ms ([0-9.]* fps), p99 [0-9.]* ms, 30 frames; no CSV (--telemetry on keeps one)" "$T/tty"
check "terminal, no telemetry: no CSV written" test ! -e "$XDG_STATE_HOME/mvgal/telemetry"

# through the launcher: launch.log has the launch, then its result
rm -f "$LOG"
"$L" --telemetry on --fps 100 -- "$PROBE" --present 30 --mode immediate >"$T/out" 2>"$T/err"
check_eq "launcher run: exit 0" 0 "$?"
csv=$(sed -n 's/.* telemetry=\([^ ]*\).*/\1/p' "$LOG" | head -n 1)
check "launch.log: the launch names its CSV" test -s "$csv"
check "launch.log: its result follows, naming that CSV" sh -c "sed -n 2p '$LOG' | grep -q ' result .*: target 10.00 ms (100 fps), .* 30 frames; CSV $csv\$'"
rm -f "$LOG"
"$L" --fps 100 -- "$PROBE" --present 5 --mode immediate >"$T/out" 2>"$T/err"
check_eq "no telemetry: no result line" 1 "$(wc -l <"$LOG")"
finish
