#!/bin/sh
# SPDX-License-Identifier: MIT
# Forgiving profiles (issue 27, items 1 and 2), under Steam (compat-tool mode, fake Steam):
#   - a user file's unknown key, bad value or refused variable skips that line, named with
#     file:line and a did-you-mean that knows MangoHud's, DXVK's and gamescope's names; the
#     rest of the file still reaches the game; launch.log and `check` list what was skipped;
#     `profile check` lists every problem and exits 1
#   - the template from `profile edit` does not end with [env]: a setting appended at its end is
#     a setting, and a setting's name under [env] is named with the section it belongs in
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
EXE="$GAME_DIR/Game.exe"
P=$XDG_CONFIG_HOME/mvgal/profiles
F=$P/570.ini
LOG=$XDG_STATE_HOME/mvgal/launch.log

# ---- 1. MangoHud and DXVK habits among good lines ---------------------------------------------
# fps_limit, vsync: MangoHud.conf's own key names (its README); dxgi.maxFrameRate: dxvk.conf's.
cat >"$F" <<'INI'
[frame]
fps_limit = 60
pacer = on
vsync = 1
images = 99
[gpu]
select = nvidia
[frame]
dxgi.maxFrameRate = 60
[env]
DXVK_HUD = fps
LD_PRELOAD = /tmp/x.so
INI
rm -f "$REC" "$LOG"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "bad lines: the game still starts" 0 $?
check_eq "the file's good lines reach the game: gpu.select" nvidia "$(rec_env proton MVGAL_GPU)"
check_eq "the file's good lines reach the game: [env]" fps "$(rec_env proton DXVK_HUD)"
check_eq "the file's good lines reach the game: pacer" on "$(rec_env proton MVGAL_PACER)"
check_eq "a skipped line sets nothing: fps" "<unset>" "$(rec_env proton MVGAL_FPS)"
check_eq "a skipped line sets nothing: images" "<unset>" "$(rec_env proton MVGAL_IMAGES)"
check "fps_limit: file:line and MangoHud's name" grep -qxF \
	"mvgal-launch: $F:2: unknown key 'fps_limit' in [frame]: did you mean 'fps'? (MangoHud's fps_limit; one number here) (line skipped)" "$T/err"
check "vsync: present_mode with MangoHud's values" grep -qF \
	"$F:4: unknown key 'vsync' in [frame]: did you mean 'present_mode'? (MangoHud's vsync 0/1/2/3 = fifo_relaxed/immediate/mailbox/fifo) (line skipped)" "$T/err"
check "a bad value: line skipped" grep -qF "$F:5: frame.images: " "$T/err"
check "dxgi.maxFrameRate: fps" grep -qF "$F:9: unknown key 'dxgi.maxFrameRate' in [frame]: did you mean 'fps'? (DXVK's frame limit) (line skipped)" "$T/err"
check "a refused variable: line skipped" grep -qF "$F:12: [env] LD_PRELOAD is refused" "$T/err"
check_eq "one stderr line per problem" 5 "$(grep -c '(line skipped)$' "$T/err")"
check_eq "launch.log: every skipped line" 5 "$(grep -o ' skipped="' "$LOG" | wc -l)"
check "launch.log: file:line of a skipped line" grep -qF "skipped=\"$F:2: unknown key 'fps_limit'" "$LOG"
check "launch.log: the good lines with their source" grep -qF "gpu.select=\"nvidia\"@$F:7" "$LOG"

"$LAUNCH" profile check "$F" >"$T/out" 2>"$T/err"
check_eq "profile check: exit 1 (the linter stays loud)" 1 $?
check_eq "profile check: every problem" 5 "$(grep -c "^$F:[0-9]*: " "$T/err")"
check "profile check: the summary says what a launch does" grep -qx \
	"1 file checked, 1 with errors, 5 errors (a launch skips those lines and applies the rest)" "$T/out"
"$LAUNCH" check >"$T/out" 2>&1
check "check: the file's first problem, and that the rest applies" grep -qF \
	"$F:2: unknown key 'fps_limit' in [frame]: did you mean 'fps'? (MangoHud's fps_limit; one number here) (5 problems: a launch skips those lines and applies the rest;" "$T/out"

# gamescope's --framerate-limit; our own key under the wrong section; a key before any section
printf 'fps = 30\n[gpu]\nframerate-limit = 30\nfps = 30\n[launch]\nselct = amd\n' >"$F"
"$LAUNCH" profile check "$F" >"$T/out" 2>"$T/err"
check "outside a section: where it goes" grep -qxF "$F:1: key 'fps' outside a section: 'fps' goes under [frame]" "$T/err"
check "gamescope's name" grep -qxF "$F:3: unknown key 'framerate-limit' in [gpu]: did you mean 'fps' under [frame]? (gamescope's --framerate-limit)" "$T/err"
check "our key in the wrong section" grep -qxF "$F:4: unknown key 'fps' in [gpu]: 'fps' goes under [frame]" "$T/err"
check "a typo" grep -qxF "$F:6: unknown key 'selct' in [launch]: did you mean 'select' under [gpu]?" "$T/err"
# an unterminated header skips its lines instead of filing them under the section above
printf '[env]\nA = 1\n[frame\nfps = 30\n' >"$F"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "unterminated header: its key is no variable" "<unset>" "$(rec_env proton fps)"
check "unterminated header: named" grep -qF "$F:3: unterminated section header '[frame': its lines are skipped" "$T/err"
check_eq "unterminated header: the line above applies" 1 "$(rec_env proton A)"

# ---- 2. the template's order, and settings under [env] ---------------------------------------
rm -f "$F"
printf '#!/bin/sh\nprintf "fps = 30\\n" >>"$1"\n' >"$T/append"
chmod +x "$T/append"
EDITOR=$T/append VISUAL= "$LAUNCH" profile edit 570 >"$T/out" 2>"$T/err"
check_eq "template + appended 'fps = 30': checks clean" 0 $?
check_eq "template: the last section is [frame]" "[frame]" "$(grep '^\[' "$F" | tail -n 1)"
check "template: the hint works as printed (one word)" grep -qF "profile show 570 --explain" "$F"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "appended 'fps = 30' is the frame rate" 30 "$(rec_env proton MVGAL_FPS)"
check_eq "appended 'fps = 30' is no variable" "<unset>" "$(rec_env proton fps)"
printf '[env]\nDXVK_HUD = fps\nfps = 30\nfps_limit = 60\n' >"$F"
"$LAUNCH" profile check "$F" >"$T/out" 2>"$T/err"
check_eq "a setting under [env]: profile check fails" 1 $?
check "a setting under [env]: file:line and its section" grep -qxF \
	"$F:3: 'fps' under [env] is not a variable: 'fps' goes under [frame]" "$T/err"
check "a MangoHud name under [env]" grep -qxF \
	"$F:4: 'fps_limit' under [env] is not a variable: did you mean 'fps' under [frame]? (MangoHud's fps_limit; one number here)" "$T/err"
finish
