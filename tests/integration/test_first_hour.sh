#!/bin/sh
# SPDX-License-Identifier: MIT
# The first hour: what a new user types is accepted or answered with a way out, and
# what the program prints has terminal manners.
#   - `mvgal-launch CMD` without `--` runs a program in PATH; other words get a suggestion
#   - a mistyped option or command gets "did you mean"
#   - wrappers in front of the game (mangohud, gamemoderun, gamescope ... --, prime-run, env
#     VAR=x) do not hide the game: its profile is looked up by the real exe
#   - `check` colours ok/FAIL on a terminal only, never with NO_COLOR
#   - --help fits 80 columns; --version prints the release (and the commit from git)
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
wrapper_game mygame
printf '[frame]\nfps = 50\n' >"$XDG_CONFIG_HOME/mvgal/profiles/mygame.ini"

# ---- a command without `--` ------------------------------------------------------------------
rm -f "$REC"
"$LAUNCH" mygame --x >"$T/out" 2>"$T/err"
check_eq "bare program: exit 0" 0 "$?"
check_eq "bare program: run with its args" "argv[0]=mygame
argv[1]=--x" "$(rec_argv mygame)"
check_eq "bare program: its profile" 50 "$(rec_env mygame MVGAL_FPS)"
rm -f "$REC"
"$LAUNCH" --fps 40 mygame >"$T/out" 2>"$T/err"
check_eq "options then a bare program" 40 "$(rec_env mygame MVGAL_FPS)"
"$LAUNCH" no-such-game >"$T/out" 2>"$T/err"
check_eq "unknown word: usage error" 2 "$?"
check "unknown word: no -- WORD hint (PATH has none), a path instead (issue 27)" grep -q "to run a program: mvgal-launch -- /path/to/program" "$T/err"
"$LAUNCH" lsit >"$T/out" 2>"$T/err"
check "mistyped command: did you mean" grep -qx "mvgal-launch: unknown command 'lsit': did you mean 'list'?" "$T/err"
"$LAUNCH" --fsp 60 -- mygame >"$T/out" 2>"$T/err"
check_eq "mistyped option: usage error" 2 "$?"
check "mistyped option: did you mean --fps" grep -qx "mvgal-launch: unknown option '--fsp': did you mean '--fps'?" "$T/err"
"$LAUNCH" --presnet-mode=fifo -- mygame >"$T/out" 2>"$T/err"
check "mistyped option with =: did you mean" grep -q "did you mean '--present-mode'" "$T/err"

# ---- wrappers before the game ----------------------------------------------------------------
# each skips its own options and runs the rest, as the real ones do
printf '#!/bin/sh\nwhile [ "${1#-}" != "$1" ]; do shift; done\nexec "$@"\n' >"$T/bin/mangohud"
cp "$T/bin/mangohud" "$T/bin/gamemoderun"
cp "$T/bin/mangohud" "$T/bin/prime-run"
printf '#!/bin/sh\nwhile [ "$1" != -- ]; do shift; done\nshift\nexec "$@"\n' >"$T/bin/gamescope"
chmod +x "$T/bin/mangohud" "$T/bin/gamemoderun" "$T/bin/prime-run" "$T/bin/gamescope"
through() { # name, command...
	name=$1; shift
	rm -f "$REC"
	"$LAUNCH" -- "$@" >"$T/out" 2>"$T/err"
	check_eq "through $name: the game's profile" 50 "$(rec_env mygame MVGAL_FPS)"
	check "through $name: logged as the game" grep -q "exe=\"mygame\"" "$XDG_STATE_HOME/mvgal/launch.log"
	rm -f "$XDG_STATE_HOME/mvgal/launch.log"
}
through mangohud mangohud --dlsym mygame
through gamemoderun gamemoderun mygame
through "gamescope ... --" gamescope -W 1920 -H 1080 -f -- mygame
through prime-run prime-run mygame
through "env VAR=x" env -u BAR FOO=1 mygame
through "all of them" gamemoderun env A=1 mangohud mygame

# ---- the layer's GPU messages name what the user typed, not MVGAL_GPU -----------------------
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
gpu_probe() { # launcher options...: vkprobe through the launcher on the test ICD's 4 GPUs
	VK_DRIVER_FILES=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json NODEVICE_SELECT=1 \
		"$LAUNCH" "$@" -- "$PROBE" >"$T/out" 2>"$T/err"
}
gpu_probe --gpu '!nvidia,!amd,!intel'
check "--gpu: the message names the option as typed" grep -q -- "--gpu '!nvidia,!amd,!intel' matches none of the 4 GPU" "$T/err"
check "--gpu: not MVGAL_GPU" sh -c "! grep -q 'MVGAL_GPU matches' '$T/err'"
printf '[gpu]\nselect = geforce gtx 1080\n' >"$XDG_CONFIG_HOME/mvgal/profiles/vkprobe.ini"
gpu_probe
check "gpu.select: the message names the key and its file:line" grep -q "gpu.select = geforce gtx 1080 ($XDG_CONFIG_HOME/mvgal/profiles/vkprobe.ini:2) matches none" "$T/err"
rm "$XDG_CONFIG_HOME/mvgal/profiles/vkprobe.ini"
MVGAL_GPU='!nvidia,!amd,!intel' gpu_probe
check "MVGAL_GPU: named as the variable" grep -q "MVGAL_GPU=!nvidia,!amd,!intel matches none" "$T/err"

# ---- colour on a terminal only ---------------------------------------------------------------
need_cmd script bsdutils
esc=$(printf '\033')
script -qc "'$LAUNCH' check" /dev/null >"$T/tty" 2>&1
check "check on a terminal: ok in green" grep -q "^${esc}\[32mok" "$T/tty"
NO_COLOR=1 script -qc "'$LAUNCH' check" /dev/null >"$T/tty" 2>&1
check "check with NO_COLOR: no escape" sh -c "! grep -q '$esc' '$T/tty'"
check "check with NO_COLOR: still says ok" grep -q "^ok " "$T/tty"
"$LAUNCH" check >"$T/pipe" 2>&1
check "check into a pipe: no escape" sh -c "! grep -q '$esc' '$T/pipe'"

# ---- --help in 80 columns, --version ---------------------------------------------------------
wide=""
for c in "" install uninstall list set-tool protons check report profile db "db update"; do
	# shellcheck disable=SC2086 # $c is the words of the command
	w=$("$LAUNCH" $c --help | LC_ALL=C.UTF-8 wc -L)
	[ "$w" -le 80 ] || wide="$wide '$c' ($w)"
done
check_eq "--help of every command fits 80 columns" "" "$wide"
# on|off values: --help lists every word that is accepted, and each is
"$LAUNCH" --help | grep -q "on and off also take true/false, yes/no and 1/0, in any case" &&
	ok "--help: every word on|off takes" || not_ok "--help: every word on|off takes"
words=""
for w in on off true false yes no 1 0 YES Off; do
	"$LAUNCH" --pacer "$w" -- mygame >/dev/null 2>&1 || words="$words $w"
done
check_eq "--pacer takes each word --help lists" "" "$words"
v=$("$LAUNCH" --version)
case $v in
"mvgal-launch "[0-9]*.[0-9]*.[0-9]*) ok "--version: a release version ($v)" ;;
*) not_ok "--version: a release version" "$v" ;;
esac
if git -C "$MVGAL_TOP" rev-parse --git-dir >/dev/null 2>&1; then
	commit=$(git -C "$MVGAL_TOP" rev-parse --short=12 HEAD)
	check "--version: the commit it was built from" sh -c "echo '$v' | grep -q ' (commit [0-9a-f]\{12\}'"
	: "$commit"
fi
finish
