#!/bin/sh
# SPDX-License-Identifier: MIT
# MangoHud beside mvgal-launch (issue 27, item 5), with Debian's real `mangohud` script (package
# mangohud 0.6.8): `mvgal-launch -- mangohud glxgears` printed "ERROR: ld.so: object
# 'libMangoHud.so' from LD_PRELOAD cannot be preloaded" (the script's `env` got our exported
# LD_PRELOAD plus its bare libMangoHud.so, without the LD_LIBRARY_PATH the script set only in
# its shell); and two frame limiters, MangoHud's fps_limit and our fps, fought without a word.
# fps_limit is found as MangoHud finds it (launcher/mangohud.c cites its source): MANGOHUD_CONFIG
# (files only with read_cfg), MANGOHUD_CONFIGFILE, else the most specific of
# ~/.config/MangoHud/{wine-<exe>,<program>,MangoHud}.conf.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
need_cmd mangohud mangohud
need_cmd glxgears mesa-utils
need_file /usr/lib/x86_64-linux-gnu/mangohud/libMangoHud.so mangohud
make_steam
wrapper_game mygame
export XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" VK_DRIVER_FILES=${LVP_ICD:-}
unset LD_LIBRARY_PATH MANGOHUD MANGOHUD_CONFIG MANGOHUD_CONFIGFILE

# ---- the ld.so ERROR, with the recorder as the game
rm -f "$REC"
"$LAUNCH" --fps 30 -- mangohud mygame >"$T/out" 2>"$T/err"
check_eq "mangohud mygame: exit 0" 0 "$?"
check "mangohud mygame: no ld.so ERROR ($(head -c 300 "$T/err"))" sh -c "! grep -q 'ERROR: ld.so' '$T/err'"
pre=$(rec_env mygame LD_PRELOAD)
case "$pre" in
*libmvgal_gl.so:libMangoHud.so) ok "mangohud mygame: ours, then MangoHud's, in LD_PRELOAD" ;;
*) not_ok "mangohud mygame: ours, then MangoHud's, in LD_PRELOAD" "got [$pre]" ;;
esac
check_eq "mangohud mygame: the script's LD_LIBRARY_PATH reaches the game" '/usr/$LIB/mangohud/' \
	"$(rec_env mygame LD_LIBRARY_PATH)"
check_eq "mangohud mygame: MANGOHUD=1" 1 "$(rec_env mygame MANGOHUD)"
# a user's own LD_LIBRARY_PATH is kept (the script appends to it)
rm -f "$REC"
LD_LIBRARY_PATH=/opt/mine "$LAUNCH" --fps 30 -- mangohud mygame >"$T/out" 2>"$T/err"
check_eq "a user's LD_LIBRARY_PATH: kept, the script's appended" '/opt/mine:/usr/$LIB/mangohud/' \
	"$(rec_env mygame LD_LIBRARY_PATH)"
# the real thing: glxgears under Xvfb for 3 s, MangoHud drawing into it
start_xvfb
timeout 3 "$LAUNCH" --fps 30 -- mangohud glxgears >"$T/out" 2>"$T/err"
check_eq "mangohud glxgears: still running after 3 s (ended by timeout)" 124 "$?"
check "mangohud glxgears: no ld.so ERROR ($(grep -m1 ERROR "$T/err"))" sh -c "! grep -q 'ERROR: ld.so' '$T/err'"

# ---- two limiters: one line naming both and which to turn off
lim() { grep 'two frame limiters' "$T/err"; }
MANGOHUD_CONFIG=fps_limit=60+30,no_display "$LAUNCH" --fps 30 -- mangohud mygame >"$T/out" 2>"$T/err"
check_eq "MANGOHUD_CONFIG: one line, both limiters, which to turn off" \
	"mvgal-launch: two frame limiters, MangoHud's fps_limit=60 (MANGOHUD_CONFIG) and ours, fps = 30 (--fps): only one can pace the frames; turn MangoHud's off: remove fps_limit from MANGOHUD_CONFIG (MangoHud keeps its overlay), or set fps = 0 to keep MangoHud's" \
	"$(lim)"
check "launch.log: the same line" grep -q 'warning="two frame limiters, MangoHud' "$XDG_STATE_HOME/mvgal/launch.log"
MANGOHUD_CONFIG=fps_limit=60 "$LAUNCH" -- mangohud mygame >"$T/out" 2>"$T/err"
check_eq "no fps of ours: no line" "" "$(lim)"
MANGOHUD_CONFIG=fps_limit=0 "$LAUNCH" --fps 30 -- mangohud mygame >"$T/out" 2>"$T/err"
check_eq "fps_limit=0 (no limit): no line" "" "$(lim)"
MANGOHUD_CONFIG=fps_limit=60 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check_eq "MangoHud not in the game (no script, no MANGOHUD=1): no line" "" "$(lim)"

# config files, as MangoHud writes them for users (key = value, # comments)
D=$XDG_CONFIG_HOME/MangoHud
mkdir -p "$D"
printf '### MangoHud.conf\nlegacy_layout=false\nfps_limit = 72 # cap\n' >"$D/MangoHud.conf"
MANGOHUD=1 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check "MANGOHUD=1 and MangoHud.conf: names the file and line" \
	sh -c "grep -q \"fps_limit=72 ($D/MangoHud.conf:3)\" '$T/err' && grep -q \"remove fps_limit from $D/MangoHud.conf \" '$T/err'"
printf 'fps_limit=0\n' >"$D/mygame.conf"
MANGOHUD=1 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check_eq "<program>.conf wins over MangoHud.conf (and says no limit)" "" "$(lim)"
rm "$D/mygame.conf"
MANGOHUD_CONFIG=no_display MANGOHUD=1 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check_eq "MANGOHUD_CONFIG without read_cfg: the files are not read" "" "$(lim)"
MANGOHUD_CONFIG=no_display,read_cfg MANGOHUD=1 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check "MANGOHUD_CONFIG with read_cfg: the file's limit" grep -q "fps_limit=72 ($D/MangoHud.conf:3)" "$T/err"
printf 'fps_limit=45\n' >"$T/my.conf"
MANGOHUD_CONFIGFILE=$T/my.conf MANGOHUD=1 "$LAUNCH" --fps 30 -- mygame >"$T/out" 2>"$T/err"
check "MANGOHUD_CONFIGFILE: that file only" grep -q "fps_limit=45 ($T/my.conf:1)" "$T/err"
# a Windows game under Steam with `mangohud %command%` (MANGOHUD=1 in Steam's environment)
printf 'fps_limit=50\n' >"$D/wine-Game.conf"
export STEAM_COMPAT_APP_ID=570 SteamAppId=570 SteamGameId=570 STEAM_COMPAT_DATA_PATH="$T/compatdata/570"
printf '[frame]\nfps = 40\n' >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
MANGOHUD=1 "$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" >"$T/out" 2>"$T/err"
check "a Windows game: wine-<exe>.conf, and the profile line as ours" \
	grep -q "fps_limit=50 ($D/wine-Game.conf:1) and ours, fps = 40 ($XDG_CONFIG_HOME/mvgal/profiles/570.ini:2)" "$T/err"
finish
