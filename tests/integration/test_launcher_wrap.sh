#!/bin/sh
# SPDX-License-Identifier: MIT
# Wrapper mode: `mvgal-launch [OPTIONS] -- CMD ...` runs CMD unchanged with the profile's
# environment; Steam's own reaper/runtime/Proton chain in %command% is not wrapped again.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH STEAM_COMPAT_INSTALL_PATH
mkdir -p "$T/bin"
GAME=$T/bin/mygame
cp "$FAKE" "$GAME"
P=$XDG_CONFIG_HOME/mvgal/profiles

# native game by path, options as the top layer, args byte-exact
printf '[frame]\nfps = 50\n[launch]\nargs = --extra\n' >"$P/mygame.ini"
rm -f "$REC"
"$LAUNCH" --fps 30 --gpu=amd -- "$GAME" "a b" "" "ü"
check_eq "wrap: exit 0" 0 $?
printf 'argv[0]=%s\nargv[1]=a b\nargv[2]=\nargv[3]=ü\nargv[4]=--extra\n' "$GAME" >"$T/want"
rec_argv mygame >"$T/got"
check "wrap: CMD unchanged + profile args" cmp -s "$T/want" "$T/got"
check_eq "wrap: layer on" 1 "$(rec_env mygame ENABLE_MVGAL)"
check_eq "wrap: --fps beats the exe profile" 30 "$(rec_env mygame MVGAL_FPS)"
check_eq "wrap: --gpu" amd "$(rec_env mygame MVGAL_GPU)"
check "wrap: logged" grep -q 'mode=wrap appid=- exe="mygame"' "$XDG_STATE_HOME/mvgal/launch.log"

# PATH lookup without a shell, --profile FILE, relative --telemetry DIR
printf '[frame]\nimages = 3\n' >"$T/extra.ini"
rm -f "$REC"
(cd "$T" && PATH="$T/bin:$PATH" "$LAUNCH" --profile "$T/extra.ini" --telemetry tel -- mygame)
check_eq "wrap: found in PATH" "argv[0]=mygame" "$(rec_argv mygame | head -n 1)"
check_eq "wrap: --profile FILE" 3 "$(rec_env mygame MVGAL_IMAGES)"
case $(rec_env mygame MVGAL_TELEMETRY) in
"$T"/tel/mygame-*.csv) ok "wrap: --telemetry DIR made absolute" ;;
*) not_ok "wrap: --telemetry DIR" "$(rec_env mygame MVGAL_TELEMETRY)" ;;
esac

# --no-layer
rm -f "$REC"
"$LAUNCH" --no-layer -- "$GAME"
check_eq "no-layer: ENABLE_MVGAL unset" "<unset>" "$(rec_env mygame ENABLE_MVGAL)"
check_eq "no-layer: DISABLE_MVGAL=1" 1 "$(rec_env mygame DISABLE_MVGAL)"
check_eq "no-layer: no MVGAL_FPS" "<unset>" "$(rec_env mygame MVGAL_FPS)"

# Steam's %command% for a Proton title: reaper -> runtime -> Proton, kept exactly as given
printf '[frame]\nfps = 72\n' >"$P/570.ini"
rm -f "$REC"
set -- "$ROOT/ubuntu12_32/reaper" SteamLaunch AppId=570 -- "$RT/_v2-entry-point" \
	--verb=waitforexitandrun -- "$P9/proton" waitforexitandrun "$GAME_DIR/Game.exe" -x
"$LAUNCH" -- "$@"
check_eq "chain: exit 0" 0 $?
i=0; for a in "$@"; do printf 'argv[%d]=%s\n' $i "$a"; i=$((i + 1)); done >"$T/want"
rec_argv reaper >"$T/got"
check "chain: reaper gets %command% unchanged (not wrapped twice)" cmp -s "$T/want" "$T/got"
check_eq "chain: one runtime, one Proton" "1 1" "$(grep -c '^== _v2-entry-point' "$REC") $(grep -c '^== proton' "$REC")"
check_eq "chain: appid from AppId=570 picks its profile" 72 "$(rec_env proton MVGAL_FPS)"
check "chain: exe identified" grep -q 'exe="Game.exe" chain=steam' "$XDG_STATE_HOME/mvgal/launch.log"
rm -f "$REC"
"$LAUNCH" "$ROOT/ubuntu12_32/reaper" SteamLaunch AppId=570 -- "$RT/_v2-entry-point" --verb=run -- \
	"$P9/proton" run "$GAME_DIR/setup.exe"
check_eq "chain without --, install script: no layer" "<unset>" "$(rec_env proton ENABLE_MVGAL)"

# --proton in wrapper mode: only a compatibility tool picks Proton. Wrapping a command it says so
# in one line and runs it; wrapping Steam's chain that runs mvgal-launch as the tool, the inner
# one gets it as MVGAL_PROTON (its environment layer).
rm -f "$REC"
"$LAUNCH" --proton "Proton 9.0" -- "$GAME" 2>"$T/err"
check_eq "wrap --proton: the game runs" 0 $?
check "wrap --proton: one line says it has no effect" \
	sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q -- '--proton has no effect in wrapper mode' '$T/err'"
cp "$FAKE" "$T/bin/mvgal-launch"
rm -f "$REC"
"$LAUNCH" --proton "Proton 9.0" -- "$T/bin/mvgal-launch" waitforexitandrun "$GAME_DIR/Game.exe" \
	2>"$T/err"
check_eq "wrap --proton around mvgal-launch as the tool: MVGAL_PROTON for it, no note" \
	"Proton 9.0|" "$(rec_env mvgal-launch MVGAL_PROTON)|$(cat "$T/err")"

# usage errors: exit 2, one line
"$LAUNCH" --fps abc -- "$GAME" 2>"$T/err"
check_eq "bad --fps: exit 2" 2 $?
check "bad --fps: one line naming it" sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q -- '--fps' '$T/err'"
"$LAUNCH" --bogus -- "$GAME" 2>/dev/null
check_eq "unknown option: exit 2" 2 $?
"$LAUNCH" --fps 30 -- 2>/dev/null
check_eq "nothing to run: exit 2" 2 $?
"$LAUNCH" -- "$T/bin/missing" 2>"$T/err"
check_eq "missing CMD: exit 1" 1 $?
check "missing CMD: named" grep -q "cannot run $T/bin/missing" "$T/err"
"$LAUNCH" --help | grep -q -- '--present-mode'
check_eq "--help lists schema options" 0 $?
"$LAUNCH" --version | grep -q '^mvgal-launch '
check_eq "--version" 0 $?

# the man page covers every option --help lists (the schema's options) and every command
sed 's/\\//g' "$MVGAL_TOP/launcher/mvgal-launch.1" >"$T/man.txt"
missing=""
for w in $("$LAUNCH" --help | grep -o -e '--[a-z-]*' | sort -u) install uninstall list set-tool \
	protons check profile db report waitforexitandrun runinprefix destroyprefix getcompatpath \
	getnativepath; do
	grep -q -e "$w" "$T/man.txt" || missing="$missing $w"
done
check_eq "man page covers every option and command" "" "$missing"
# ... every sub-command with its options, and every key of the schema ("[frame] fps = ")
missing=""
for w in "profile show" "profile check" "profile edit" "profile keys" "db update" "db show" \
	"db search" "db path" --explain --url --insecure-http --svg --steam-root; do
	grep -q -e "$w" "$T/man.txt" || missing="$missing '$w'"
done
for k in $("$LAUNCH" profile keys | grep -v '^ ' | grep -v '^env\.'); do
	grep -qF "[${k%%.*}] ${k#*.} =" "$T/man.txt" || missing="$missing $k"
done
check_eq "man page covers every sub-command and profile key" "" "$missing"
check "bash completion parses" bash -n "$MVGAL_TOP/launcher/mvgal-launch.bash"
finish
