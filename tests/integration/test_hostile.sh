#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile input (SECURITY.md): Steam library contents, profiles, the compat DB and
# game arguments that try to break the launcher or to get something past it. Each case ends in
# a clear error line or in safe handling, asserted here:
#   - libraryfolders.vdf and appmanifests with 1 MB or missing fields, "..", symlink loops,
#     paths with newlines, quotes, ESC and non-UTF-8 bytes
#   - profiles and DB entries setting LD_PRELOAD/LD_LIBRARY_PATH/PATH, a telemetry path, option
#     or newline injection
#   - 10,000 game arguments, byte-exact through verb and wrapper mode
# (A shortcuts.vdf with lying lengths is tests/unit/test_vdf_files.c: every truncation.)
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
EXE="$GAME_DIR/Game.exe"
P=$XDG_CONFIG_HOME/mvgal/profiles
LOG=$XDG_STATE_HOME/mvgal/launch.log
ESC=$(printf '\033')
big() { head -c "$1" /dev/zero | tr '\0' "${2:-a}"; } # big N [CHAR]: N copies of CHAR
lines() { wc -l <"$1" | tr -d ' '; }
# no raw control byte other than newline and tab in a file (terminal escapes, forged lines)
no_ctl() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; }
in_time() { timeout 20 "$@"; } # a loop must not hang a command

# ---- 1. libraryfolders.vdf: a 1 MB path, no path, a relative one, a symlink loop, a folder
# that contains itself, and a library whose path has a newline, quotes, ESC and a non-UTF-8 byte
WEIRD="$T/we\"ird
lib$ESC[31m$(printf '\377')"
mkdir -p "$WEIRD/steamapps/common" "$T/cyc/steamapps"
ln -s "$T/loop" "$T/loop"
ln -s "$T/cyc" "$T/cyc/steamapps/common"
fake_proton_dir "$WEIRD/steamapps/common/Proton 8.0" 1600000000 1628350
acf "$WEIRD" 4242 "Evil$ESC[2J
4243      Forged row" "Evil Game"
{
	printf '"libraryfolders"\n{\n'
	printf '\t"0"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n' "$ROOT"
	printf '\t"1"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n' "$LIB2"
	printf '\t"2"\n\t{\n\t\t"path"\t\t"/%s"\n\t}\n' "$(big 1048576)"
	printf '\t"3"\n\t{\n\t\t"label"\t\t"no path"\n\t}\n'
	printf '\t"4"\n\t{\n\t\t"path"\t\t"relative/lib"\n\t}\n'
	printf '\t"5"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n' "$T/loop"
	printf '\t"6"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n' "$T/cyc"
	printf '\t"7"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n' "$(printf '%s' "$WEIRD" | sed 's/"/\\"/g')"
	printf '}\n'
} >"$ROOT/steamapps/libraryfolders.vdf"

in_time "$LAUNCH" list >"$T/out" 2>"$T/err"
check_eq "hostile libraries: list exits 0" 0 $?
check_eq "hostile libraries: list prints one row per game (3 + header; the runtime is no game)" 4 "$(lines "$T/out")"
check "hostile libraries: no control bytes reach the terminal" no_ctl "$T/out"
check "hostile libraries: the odd title is listed" grep -q '^4242 .*Evil' "$T/out"
printf '"AppState"\n{\n' >"$WEIRD/steamapps/appmanifest_4343.acf"
in_time "$LAUNCH" list >"$T/out" 2>"$T/err"
check_eq "broken appmanifest in the odd library: list exits 1" 1 $?
check_eq "broken appmanifest in the odd library: one error line" 1 "$(lines "$T/err")"
check "broken appmanifest in the odd library: no control bytes" no_ctl "$T/err"
check "broken appmanifest in the odd library: file:line" grep -aq 'appmanifest_4343.acf:3:' "$T/err"
rm "$WEIRD/steamapps/appmanifest_4343.acf"
in_time "$LAUNCH" protons >"$T/out" 2>"$T/err"
check_eq "hostile libraries: protons exits 0" 0 $?
check "hostile libraries: the odd library's Proton is found" grep -q 'Proton 8.0' "$T/out"
check "hostile libraries: protons prints no control bytes" no_ctl "$T/out"
VK_DRIVER_FILES=$LVP_ICD in_time "$LAUNCH" check >"$T/out" 2>"$T/err"
check "hostile libraries: check names the odd library's Proton" grep -q '^ok   Proton *Proton 8.0' "$T/out"
check "hostile libraries: check prints no control bytes" no_ctl "$T/out"
check "hostile libraries: check prints no line over 2 KiB" \
	test "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$T/out")" -lt 2100
rm -f "$REC"
in_time "$LAUNCH" waitforexitandrun "$EXE" a 2>"$T/err"
check_eq "hostile libraries: the game still launches" "0 argv[0]=$P9/proton" "$? $(rec_argv proton | head -n 1)"
# the odd library's Proton, chosen by name: its path reaches execve byte for byte
printf '[launch]\nproton = Proton 8.0\n' >"$P/570.ini"
rm -f "$REC"
n0=$(lines "$LOG")
in_time "$LAUNCH" waitforexitandrun "$EXE" a 2>"$T/err"
check_eq "odd path: exit 0" 0 $?
# as fake_proton records it: \ and newline escaped, other control bytes as \xNN
rec_form() { sed -e 's/\\/\\\\/g' -e 's/\x1b/\\x1b/g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'; }
printf 'argv[3]=%s/steamapps/common/Proton 8.0/proton\n' "$WEIRD" | rec_form >"$T/want"
rec_argv _v2-entry-point | sed -n 4p | tr -d '\n' >"$T/got"
check "odd path: Proton's path byte-exact" cmp -s "$T/want" "$T/got"
check_eq "odd path: one launch.log line" $((n0 + 1)) "$(lines "$LOG")"
check "odd path: launch.log holds no control bytes" no_ctl "$LOG"
rm -f "$P/570.ini"

# the game's own path is data too: an exe named with a newline and ESC gives one log line
ODD_EXE="$GAME_DIR/Ga
me$ESC[2J.exe"
n0=$(lines "$LOG")
rm -f "$REC"
in_time "$LAUNCH" waitforexitandrun "$ODD_EXE" 2>"$T/err"
check_eq "odd exe: exit 0" 0 $?
check_eq "odd exe: one launch.log line" $((n0 + 1)) "$(lines "$LOG")"
check "odd exe: launch.log holds no control bytes" no_ctl "$LOG"
check "odd exe: logged escaped" grep -q 'exe="Ga\\nme\\x1b\[2J.exe"' "$LOG"

# ---- 2. appmanifests: the runtime's with installdir "..", 1 MB, or missing; a 1 MB name
RTACF=$ROOT/steamapps/appmanifest_1628350.acf
cp "$RTACF" "$T/rt.acf"
runtime_acf() { # installdir value, or "-" for none
	{
		printf '"AppState"\n{\n\t"appid"\t\t"1628350"\n\t"name"\t\t"Steam Linux Runtime 3.0 (sniper)"\n'
		[ "$1" = - ] || printf '\t"installdir"\t\t"%s"\n' "$1"
		printf '}\n'
	} >"$RTACF"
}
printf '[launch]\nproton = Proton 9.0\n' >"$P/570.ini"
for case in '..' '.' "$(big 1048576)" - '../../../../bin'; do
	runtime_acf "$case"
	in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
	rc=$?
	label=$(printf '%s' "$case" | cut -c1-16)
	check_eq "runtime installdir '$label': exit 1" 1 $rc
	check_eq "runtime installdir '$label': one line" 1 "$(lines "$T/err")"
	check "runtime installdir '$label': names the appmanifest" grep -q "appmanifest_1628350.acf" "$T/err"
done
cp "$T/rt.acf" "$RTACF"
printf '"AppState"\n{\n\t"appid"\t\t"570"\n\t"name"\t\t"%s"\n\t"installdir"\t\t"Test Game"\n}\n' "$(big 1048576 n)" \
	>"$ROOT/steamapps/appmanifest_570.acf"
in_time "$LAUNCH" list >"$T/out" 2>"$T/err"
check_eq "1 MB name: list exits 0" 0 $?
check "1 MB name: the row is cut short" sh -c "[ \$(grep '^570 ' '$T/out' | wc -c) -lt 300 ]"
rm -f "$REC"
in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "1 MB name: the game launches" "0 argv[0]=$RT/_v2-entry-point" "$? $(rec_argv _v2-entry-point | head -n 1)"
printf '"AppState"\n{\n\t"appid"\t\t"570"\n\t"name"\t\t"cut' >"$ROOT/steamapps/appmanifest_570.acf"
in_time "$LAUNCH" list >"$T/out" 2>"$T/err"
check_eq "truncated appmanifest: list exits 1" 1 $?
check "truncated appmanifest: named with file:line" grep -q "appmanifest_570.acf:4:" "$T/err"
check "truncated appmanifest: the other titles still listed" grep -q "^1091500 " "$T/out"
acf "$ROOT" 570 "Test Game" "Test Game" windows
rm -f "$P/570.ini"

# a config.vdf whose CompatToolMapping is a value, or that is cut short: set-tool says where,
# writes nothing, leaves no backup
CFG=$ROOT/config/config.vdf
for shape in value cut; do
	if [ $shape = value ]; then
		printf '"InstallConfigStore"\n{\n\t"Software"\n\t{\n\t\t"Valve"\n\t\t{\n\t\t\t"Steam"\n\t\t\t{\n\t\t\t\t"CompatToolMapping"\t"oops"\n\t\t\t}\n\t\t}\n\t}\n}\n' >"$CFG"
	else
		printf '"InstallConfigStore"\n{\n' >"$CFG"
	fi
	cp "$CFG" "$T/cfg0"
	"$LAUNCH" set-tool --steam-root "$ROOT" 570 >/dev/null 2>"$T/err"
	check_eq "config.vdf ($shape): set-tool exits 1 with one line" "1 1" "$? $(lines "$T/err")"
	check "config.vdf ($shape): names the file" grep -q "config/config.vdf" "$T/err"
	check "config.vdf ($shape): untouched, no backup" sh -c "cmp -s '$T/cfg0' '$CFG' && [ ! -e '$CFG.mvgal-bak' ]"
done
config_vdf >"$CFG"

# ---- 3. profiles: refused variables; option, shell and newline injection get nowhere
printf '[env]\nLD_PRELOAD = %s/evil.so\nLD_LIBRARY_PATH = /tmp\nPATH = /tmp\nDXVK_HUD = fps\n' "$T" >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "profile LD_*/PATH: still launches" 0 $?
check_eq "profile LD_*/PATH: one line per refused variable" 3 "$(lines "$T/err")"
check "profile LD_*/PATH: each names file:line" sh -c "grep -q '$P/570.ini:2:' '$T/err' && grep -q '$P/570.ini:3:' '$T/err' && grep -q '$P/570.ini:4:' '$T/err'"
check_eq "profile LD_*/PATH: LD_PRELOAD only ours, LD_LIBRARY_PATH absent" "$(own_preload) <unset>" \
	"$(rec_env proton LD_PRELOAD) $(rec_env proton LD_LIBRARY_PATH)"
check_eq "profile LD_*/PATH: PATH as it came" "$PATH" "$(rec_env proton PATH)"
printf '[launch]\nproton = --help\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "profile proton '--help': a name not installed, not an option: exit 1, nothing run" "1 absent" "$? $([ -e "$REC" ] && echo ran || echo absent)"
check_eq "profile proton '--help': said in one line" "1 1" "$(grep -c 'Proton "--help" (launch.proton from .*) is not installed' "$T/err") $(lines "$T/err")"
printf '[launch]\nargs = --evil "$(touch %s/pwned)" `id`\n' "$T" >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
printf 'argv[3]=--evil\nargv[4]=$(touch %s/pwned)\nargv[5]=`id`\n' "$T" >"$T/want"
rec_argv proton | sed -n '4,$p' >"$T/got"
check "profile args: game arguments, literally, no shell" cmp -s "$T/want" "$T/got"
check "profile args: nothing ran" test ! -e "$T/pwned"
rm -f "$P/570.ini" "$REC"
MVGAL_GPU="$(printf 'nvidia\nLD_PRELOAD=/x.so')" MVGAL_FPS=-1 "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "env with a newline: still launches" 0 $?
check_eq "env with a newline: layer settings from env dropped" "<unset> <unset> $(own_preload)" \
	"$(rec_env proton MVGAL_GPU) $(rec_env proton MVGAL_FPS) $(rec_env proton LD_PRELOAD)"
check "env with a newline: said so" grep -q 'MVGAL_GPU.*control character' "$T/err"

# ---- 4. a compat DB entry (not validated: MVGAL_DB) asking for LD_PRELOAD, PATH, a path
# outside the game or a telemetry file: the entry is left out whole, with file:line
echo precious >"$T/precious.csv"
for bad in "env.LD_PRELOAD = $T/evil.so" "env.PATH = /tmp" "env.LD_LIBRARY_PATH = /tmp" \
	"env.DXVK_LOG_PATH = /etc" "frame.telemetry = $T/precious.csv" "env.WINEPREFIX = /tmp"; do
	printf '[mvgal-db]\nformat = 1\nserial = 2099010100\n\n[570]\nname = Test Game\nreason = hostile\nframe.fps = 33\n%s\n' \
		"$bad" >"$T/hostile.db"
	rm -f "$REC"
	MVGAL_DB=$T/hostile.db "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
	rc=$?
	key=${bad%% =*}
	check_eq "DB $key: still launches" 0 $rc
	check "DB $key: refused with file:line" grep -q "$T/hostile.db:9:" "$T/err"
	check_eq "DB $key: the whole entry left out" "<unset>|$(own_preload)|<unset>|$PATH" \
		"$(rec_env proton MVGAL_FPS)|$(rec_env proton LD_PRELOAD)|$(rec_env proton MVGAL_TELEMETRY)|$(rec_env proton PATH)"
done
check_eq "DB telemetry: the file it named is untouched" precious "$(cat "$T/precious.csv")"
# and db update refuses such a DB before installing it
W=$T/www
mkdir -p "$W"
cp "$T/hostile.db" "$W/hostile.db"
db_test_key # signed with this run's key: the DB's contents are what is refused
db_sign "$W/hostile.db"
start_db_server "$W"
(unset MVGAL_DB; "$DB_TEST_LAUNCH" db update --url "$URL/hostile.db" >/dev/null 2>"$T/err")
check_eq "db update of a hostile DB: exit 1" 1 $?
check "db update of a hostile DB: one line naming file:line" sh -c "[ \$(wc -l <'$T/err') -eq 1 ] && grep -q 'hostile.db:9: env.WINEPREFIX' '$T/err'"
check "db update of a hostile DB: nothing installed" test ! -e "$XDG_DATA_HOME/mvgal/compat-update.db"

# ---- 5. 10,000 game arguments, byte-exact (empty, blanks, quotes, newlines, '-', %command%,
# $HOME, backslashes, UTF-8 and invalid UTF-8), through verb mode and wrapper mode
python3 - "$T/args0" "$T/args.want" <<'PY'
import sys
kinds = [b"", b" ", b"a b", b"'q'", b'"dq"', b"-x", b"--", b"--verb=run", b"%command%",
         b"$HOME", b"`id`", b"two\nlines", b"tab\there", b"\\back\\", "ünï ✓".encode(),
         b"\xff\xfe", b"\x1b[2J", b"=", b"x" * 100]
args = [kinds[i % len(kinds)] + (str(i).encode() if i % 3 else b"") for i in range(10000)]
def esc(a):
    out = b""
    for c in a:
        if c == 0x5c: out += b"\\\\"
        elif c == 0x0a: out += b"\\n"
        elif c < 0x20 or c == 0x7f: out += b"\\x%02x" % c
        else: out += bytes([c])
    return out
open(sys.argv[1], "wb").write(b"\0".join(args) + b"\0")
open(sys.argv[2], "wb").write(b"".join(b"argv[%d]=%s\n" % (i + 3, esc(a)) for i, a in enumerate(args)))
PY
all_argv() { awk -v r="== $1" '$0 == r { on = 1; next } /^== / { on = 0 } on && /^argv\[/' "$REC"; }
rm -f "$REC"
xargs -0 -x -s 2000000 -n 20000 -a "$T/args0" "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "10,000 args, verb mode: exit 0" 0 $?
all_argv proton | sed -n '4,$p' >"$T/got"
check_eq "10,000 args, verb mode: count" 10000 "$(lines "$T/got")"
check "10,000 args, verb mode: byte-exact" cmp -s "$T/args.want" "$T/got"
mkdir -p "$T/bin"
cp "$FAKE" "$T/bin/game"
rm -f "$REC"
xargs -0 -x -s 2000000 -n 20000 -a "$T/args0" "$LAUNCH" -- "$T/bin/game" x y 2>"$T/err"
check_eq "10,000 args, wrapper mode: exit 0" 0 $?
all_argv game | sed -n '4,$p' >"$T/got"
check "10,000 args, wrapper mode: byte-exact" cmp -s "$T/args.want" "$T/got"

finish
