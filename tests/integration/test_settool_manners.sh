#!/bin/sh
# SPDX-License-Identifier: MIT
# set-tool manners (issue 27, item 7):
#   - setting the tool a title already has changes nothing: config.vdf and every backup stay as
#     they were, and it says so
#   - a steam.pid whose process is not Steam (the pid reused by another program) does not block;
#     a process that is Steam does. Valve's steam.sh (is_steam_running()) takes the pid for Steam
#     when the process has ~/.steam/steam.pipe open; the Steam client's process is named "steam".
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
CFG=$ROOT/config/config.vdf
CTM=InstallConfigStore/Software/Valve/Steam/CompatToolMapping
sums() { for f in "$CFG" "$CFG".mvgal-*; do [ -e "$f" ] && cksum <"$f" | sed "s|^|$(basename "$f") |"; done; }

# ---- the value it already has
"$LAUNCH" set-tool 570 proton_9 >/dev/null
"$LAUNCH" set-tool 570 GE-Proton9-20 >/dev/null
sums >"$T/before"
"$LAUNCH" set-tool 570 GE-Proton9-20 >"$T/out" 2>"$T/err"
check_eq "same tool again: exit 0" 0 $?
check_eq "same tool again: config.vdf and every backup unchanged" "$(cat "$T/before")" "$(sums)"
check "same tool again: says so" grep -qx "570: already GE-Proton9-20 in $CFG: nothing changed" "$T/out"
check "same tool again: no backup rotated" test ! -e "$CFG.mvgal-bak.2"
"$LAUNCH" set-tool 570 none >/dev/null
check_eq "none still gives back what 570 had before the first change: no entry" "" "$("$VDF_GET" "$CFG" $CTM/570/name 2>/dev/null)"

# ---- steam.pid naming a process that is not Steam
mkdir -p "$HOME/.steam"
sleep 60 &
other=$!
echo "$other" >"$HOME/.steam/steam.pid"
"$LAUNCH" set-tool 570 GE-Proton9-20 >"$T/out" 2>"$T/err"
check_eq "steam.pid names another program (sleep): set-tool goes on" 0 $?
check_eq "steam.pid names another program: the entry written" GE-Proton9-20 "$("$VDF_GET" "$CFG" $CTM/570/name)"
kill "$other"; wait "$other" 2>/dev/null

# ---- a Steam client: the process holds ~/.steam/steam.pipe (a FIFO, as Steam makes it)
start_fake_steam "$HOME/.steam"
cp "$CFG" "$T/cfg1"
"$LAUNCH" set-tool 570 proton_9 >"$T/out" 2>"$T/err"
check_eq "Steam running (steam.pipe open): exit 1" 1 $?
check "Steam running: says so with its pid" grep -q "Steam is running (pid $spid)" "$T/err"
check "Steam running: config.vdf untouched" cmp -s "$T/cfg1" "$CFG"
kill "$spid"; wait "$spid" 2>/dev/null
"$LAUNCH" set-tool 570 proton_9 >/dev/null
check_eq "Steam ended: the stale steam.pid does not block" 0 $?
finish
