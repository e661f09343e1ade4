#!/bin/sh
# SPDX-License-Identifier: MIT
# Say what happened: nothing a user asked for is dropped in silence.
#   - a profile file's bad line is "line skipped" (not "layer left out"), and launch.log
#     records each skipped line
#   - `check` lists every user profile with errors as file:line
#   - layer settings asked for while the loader cannot see the layer's manifest: one line at
#     launch with the fix (and launch.log says loader=no-manifest)
#   - `report` with no telemetry says how to turn it on; a newest run older than the title's
#     last launch is said to be so
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
wrapper_game mygame
P=$XDG_CONFIG_HOME/mvgal/profiles
LOG=$XDG_STATE_HOME/mvgal/launch.log
SEEN="$MVGAL_BUILD/share:/usr/share" # the build tree's manifest where the loader looks

# ---- a broken profile file -------------------------------------------------------------------
rm -f "$REC"
printf '[frame]\nfps = 50\nbogus = 1\nimages = 99\n' >"$P/mygame.ini"
XDG_DATA_DIRS=$SEEN "$LAUNCH" -- mygame >"$T/out" 2>"$T/err"
check_eq "broken profile: the game still runs" 0 "$?"
check "stderr: line skipped" grep -qx "mvgal-launch: $P/mygame.ini:3: unknown key 'bogus' in \[frame\] (line skipped)" "$T/err"
check "stderr: not 'layer left out'" sh -c "! grep -q 'layer left out' '$T/err'"
check "launch.log: the skipped line" grep -q "skipped=\"$P/mygame.ini:3: unknown key 'bogus' in \[frame\]\"" "$LOG"
check_eq "launch.log: one entry per skipped line" 2 "$(grep -o 'skipped=' "$LOG" | wc -l)"
check_eq "the file's good line applies" 50 "$(rec_env mygame MVGAL_FPS)"
MVGAL_FPS=fast XDG_DATA_DIRS=$SEEN "$LAUNCH" -- mygame >"$T/out" 2>"$T/err"
check "a bad variable is ignored, not a file left out" grep -q "MVGAL_FPS: .* (ignored)$" "$T/err"
check "launch.log: the ignored variable" grep -q 'ignored="environment: MVGAL_FPS' "$LOG"

# ---- check lists every broken profile --------------------------------------------------------
printf '[frame]\npacer = maybe\n' >"$XDG_CONFIG_HOME/mvgal/default.ini"
printf '[frame]\nfps = 30\n' >"$P/570.ini"
"$LAUNCH" check >"$T/out" 2>&1
check "check: default.ini with file:line" grep -q "^FAIL profile  *$XDG_CONFIG_HOME/mvgal/default.ini:2: frame.pacer: 'maybe'" "$T/out"
check "check: the title file with file:line" grep -q "^FAIL profile  *$P/mygame.ini:3: unknown key 'bogus'.*(2 problems: a launch skips those lines" "$T/out"
check "check: the good file not listed" sh -c "! grep -q '570.ini' '$T/out'"
rm "$XDG_CONFIG_HOME/mvgal/default.ini" "$P/mygame.ini"
"$LAUNCH" check >"$T/out" 2>&1
check "check: clean profiles are one ok line" grep -q "^ok   profiles  *1 file, no errors" "$T/out"

# ---- the loader cannot see the layer ---------------------------------------------------------
XDG_DATA_DIRS=/usr/share "$LAUNCH" --fps 60 --gpu amd -- mygame >"$T/out" 2>"$T/err"
check_eq "unseen layer: the game still runs" 0 "$?"
check "unseen layer: one line naming what will not apply, and to which games" grep -q "^mvgal-launch: the Vulkan loader will not find the layer .*, so gpu.select, frame.fps will not apply to Vulkan games (OpenGL games get them from libmvgal_gl.so): " "$T/err"
check "unseen layer: the fix for a build tree" grep -q "XDG_DATA_DIRS=$MVGAL_BUILD/share:" "$T/err"
check "unseen layer: in launch.log" grep -q "layer=on loader=no-manifest" "$LOG"
XDG_DATA_DIRS=$SEEN "$LAUNCH" --fps 60 -- mygame >"$T/out" 2>"$T/err"
check_eq "layer seen: nothing said" "" "$(cat "$T/err")"
mkdir -p "$XDG_DATA_HOME/vulkan/implicit_layer.d"
cp "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "$XDG_DATA_HOME/vulkan/implicit_layer.d/"
XDG_DATA_DIRS=/usr/share "$LAUNCH" --fps 60 -- mygame >"$T/out" 2>"$T/err"
check_eq "layer in XDG_DATA_HOME: nothing said" "" "$(cat "$T/err")"
rm -r "$XDG_DATA_HOME/vulkan"
XDG_DATA_DIRS=/usr/share "$LAUNCH" -- mygame >"$T/out" 2>"$T/err"
check_eq "nothing asked of the layer: nothing said" "" "$(cat "$T/err")"

# ---- report ----------------------------------------------------------------------------------
rm -rf "$XDG_STATE_HOME/mvgal/telemetry"
"$LAUNCH" report >"$T/out" 2>"$T/err"
check_eq "no telemetry: exit 1" 1 "$?"
check "no telemetry: how to turn it on" grep -q "no telemetry yet in .*--telemetry on.*telemetry = on. under \[frame\]" "$T/err"
rm -f "$REC"
XDG_DATA_DIRS=$SEEN "$LAUNCH" --telemetry on -- mygame >"$T/out" 2>"$T/err"
csv=$(rec_env mygame MVGAL_TELEMETRY)
# the fake game loads no layer: write its run's CSV as the layer would
printf '# target_ns=0\nframe,present_ns,interval_ns,pacer_wait_ns,late\n0,1,0,0,0\n1,16000001,16000000,0,0\n' >"$csv"
"$LAUNCH" report >"$T/out" 2>"$T/err"
check_eq "the run just made: exit 0" 0 "$?"
check_eq "the run just made: nothing to note" "" "$(cat "$T/err")"
sleep 1
XDG_DATA_DIRS=$SEEN "$LAUNCH" -- mygame >"$T/out" 2>"$T/err"
"$LAUNCH" report >"$T/out" 2>"$T/err"
check "launched again without telemetry: said so" grep -q "^mvgal-launch: report: note: mygame was launched again at .* without telemetry" "$T/err"
finish
