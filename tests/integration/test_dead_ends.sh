#!/bin/sh
# SPDX-License-Identifier: MIT
# No dead ends (issue 27, item 8): every hint the launcher gives for a program it cannot start
# is a command that works. `mvgal-launch mygame` with ./mygame in the folder once suggested
# `-- mygame`, which looks in PATH only and failed; `-- game.exe` outside Steam ended in
# "Permission denied". The Windows program is a real PE file's head ("MZ", the DOS header of
# every .exe), as Steam games ship them.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH STEAM_COMPAT_INSTALL_PATH
W=$T/games
mkdir -p "$W"
cp "$FAKE" "$W/mygame"

# the first word is a program in this folder, not in PATH: the hint is ./mygame, and it runs
(cd "$W" && "$LAUNCH" mygame) >"$T/out" 2>"$T/err"
check_eq "mygame here: a usage error" 2 "$?"
check_eq "mygame here: the hint names ./mygame" \
	"mvgal-launch: 'mygame' is not a command; to run the program in this folder: mvgal-launch -- ./mygame" \
	"$(cat "$T/err")"
hint=$(sed -n 's/.*: mvgal-launch -- \(.*\)$/\1/p' "$T/err")
rm -f "$REC"
(cd "$W" && "$LAUNCH" -- $hint) >"$T/out" 2>"$T/err"
check_eq "mygame here: the hint works (exit 0)" 0 "$?"
check "mygame here: ... and ran the game" grep -q 'argv\[0\]=./mygame' "$REC"

# `-- mygame` (the old hint) says where the program is instead of only "not found in PATH"
(cd "$W" && "$LAUNCH" -- mygame) >"$T/out" 2>"$T/err"
check_eq "-- mygame: exit 1" 1 "$?"
check_eq "-- mygame: names the one in this folder" \
	"mvgal-launch: cannot run mygame: not found in PATH; the one in this folder is ./mygame: mvgal-launch -- ./mygame" \
	"$(cat "$T/err")"

# neither a command, a program in PATH nor a file here: no hint that fails the same way
(cd "$W" && "$LAUNCH" nosuchgame) >"$T/out" 2>"$T/err"
check_eq "unknown word: a usage error" 2 "$?"
check "unknown word: no '-- nosuchgame' hint" sh -c "! grep -q -- '-- nosuchgame' '$T/err'"
check "unknown word: says to give a path" grep -q 'mvgal-launch -- /path/to/program' "$T/err"

# a Windows game outside Steam: how it runs, in the words of Steam's menu as installed
printf 'MZ\220\000\003\000\000\000\004\000\000\000\377\377\000\000' >"$W/game.exe"
"$LAUNCH" install >/dev/null 2>&1
menu=$("$VDF_GET" "$ROOT/compatibilitytools.d/mvgal/compatibilitytool.vdf" \
	compatibilitytools/compat_tools/mvgal/display_name)
for how in "-- game.exe" "-- ./game.exe" "-- $W/game.exe"; do
	(cd "$W" && "$LAUNCH" $how) >"$T/out" 2>"$T/err"
	rc=$?
	check_eq "$how: exit 1" 1 "$rc"
	check "$how: not a bare Permission denied" sh -c "! grep -q 'Permission denied' '$T/err'"
	check "$how: a Windows program, run through Proton" \
		grep -q 'it is a Windows program, and Windows games run through Proton' "$T/err"
	check "$how: names the tool as Steam's menu shows it ($menu)" \
		grep -qF "in Steam, choose \"$menu\" in the game's Properties > Compatibility" "$T/err"
	check "$how: names a launcher outside Steam" grep -q 'outside Steam, .*umu-run .*game.exe$' "$T/err"
done
chmod +x "$W/game.exe" # ENOEXEC rather than EACCES
(cd "$W" && "$LAUNCH" -- ./game.exe) >"$T/out" 2>"$T/err"
check "executable game.exe: the same words" grep -q 'it is a Windows program' "$T/err"
cp "$W/game.exe" "$W/GAME" # no .exe: told by its MZ head
(cd "$W" && "$LAUNCH" -- ./GAME) >"$T/out" 2>"$T/err"
check "a PE file without .exe: the same words" grep -q 'cannot run ./GAME: it is a Windows program' "$T/err"
check "launch.log: the same error, one line" \
	grep -q 'result=error stage=exec error="cannot run ./GAME: it is a Windows program' \
	"$XDG_STATE_HOME/mvgal/launch.log"
finish
