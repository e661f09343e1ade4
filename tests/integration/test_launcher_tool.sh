#!/bin/sh
# SPDX-License-Identifier: MIT
# Compat-tool mode as Steam runs it: every verb's exact argv chain (runtime, Proton, game),
# the environment the game gets (layer on, profile values, refused variables absent), Proton
# choice, `run` without the layer, byte-exact game arguments, launch log, error lines.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
RTE="$RT/_v2-entry-point"
EXE="$GAME_DIR/Game.exe"
P=$XDG_CONFIG_HOME/mvgal/profiles
printf '[launch]\nproton = Proton 9.0\nargs = -dx11 "-name x"\n[frame]\nfps = 60\ntelemetry = on\n[gpu]\nselect = nvidia,!intel\n[env]\nDXVK_ASYNC = 1\n' >"$P/570.ini"

expect_chain() { # NAME VERB ARGS... : the runtime's argv, then Proton's argv
	name=$1 verb=$2; shift 2
	{
		i=0
		for a in "$RTE" "--verb=$verb" -- "$P9/proton" "$verb" "$@"; do
			printf "argv[%d]=%s\n" "$i" "$a"; i=$((i + 1))
		done
		i=0
		for a in "$P9/proton" "$verb" "$@"; do printf "argv[%d]=%s\n" "$i" "$a"; i=$((i + 1)); done
	} >"$T/want"
	{ rec_argv _v2-entry-point; rec_argv proton; } >"$T/got"
	if cmp -s "$T/want" "$T/got"; then ok "$name"; else not_ok "$name" "$(diff "$T/want" "$T/got" | head -5)"; fi
}

# 1. the game, with byte-exact arguments (spaces, quotes, unicode, empty, newline)
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" "a b" "" 'say "hi"' "ünï ✓" '--x=$HOME' "$(printf 'two\nlines')" 2>"$T/err"
check_eq "waitforexitandrun exits 0" 0 $?
expect_chain "waitforexitandrun: runtime + Proton 9.0 + game argv byte-exact + profile args" \
	waitforexitandrun "$EXE" "a b" "" 'say "hi"' "ünï ✓" '--x=$HOME' 'two\nlines' -dx11 "-name x"
check_eq "layer enabled" 1 "$(rec_env proton ENABLE_MVGAL)"
check_eq "DISABLE_MVGAL absent" "<unset>" "$(rec_env proton DISABLE_MVGAL)"
check_eq "profile fps reaches the layer" 60 "$(rec_env proton MVGAL_FPS)"
check_eq "profile gpu reaches the layer" 'nvidia,!intel' "$(rec_env proton MVGAL_GPU)"
check_eq "profile [env] applied" 1 "$(rec_env proton DXVK_ASYNC)"
tel=$(rec_env proton MVGAL_TELEMETRY)
case $tel in
"$XDG_STATE_HOME"/mvgal/telemetry/570-[0-9]*T[0-9]*Z-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].csv) ok "telemetry path $tel" ;;
*) not_ok "telemetry path" "$tel" ;;
esac
check "telemetry dir created" test -d "$XDG_STATE_HOME/mvgal/telemetry"
check_eq "tool paths: Proton then runtime" "$P9:$RT" "$(rec_env proton STEAM_COMPAT_TOOL_PATHS)"
check_eq "Steam's other variables kept" "$T/compatdata/570" "$(rec_env proton STEAM_COMPAT_DATA_PATH)"
check_eq "no stderr on a clean launch" "" "$(cat "$T/err")"
check_eq "one launch.log line" 1 "$(wc -l <"$XDG_STATE_HOME/mvgal/launch.log")"
check "launch.log names title, Proton and sources" grep -q "appid=570 exe=\"Game.exe\" proton=\"Proton 9.0\".*frame.fps=\"60\"@$P/570.ini:5" "$XDG_STATE_HOME/mvgal/launch.log"
# docs/steam.md: "with every setting and where it came from": built-in values and [env] values too
missing=""
for k in launch.proton launch.args gpu.select frame.fps frame.pacer frame.present_mode \
	frame.images frame.telemetry; do
	grep -qE " $k="'"([^"\\]|\\.)*"@' "$XDG_STATE_HOME/mvgal/launch.log" ||
		missing="$missing $k"
done
check_eq "launch.log lists every key of the schema" "" "$missing"
check "launch.log: a built-in value with its source" \
	grep -q ' frame.present_mode="auto"@built-in' "$XDG_STATE_HOME/mvgal/launch.log"
check "launch.log: an [env] value with its source" \
	grep -q " env.DXVK_ASYNC=\"1\"@$P/570.ini:10" "$XDG_STATE_HOME/mvgal/launch.log"

# 2. install scripts: no layer, no pacer, no profile args
rm -f "$REC"
"$LAUNCH" run "$GAME_DIR/iscriptevaluator.exe" --get-current-step 570
check_eq "run exits 0" 0 $?
expect_chain "run: chain without profile args" run "$GAME_DIR/iscriptevaluator.exe" --get-current-step 570
check_eq "run: layer not enabled" "<unset>" "$(rec_env proton ENABLE_MVGAL)"
check_eq "run: layer disabled" 1 "$(rec_env proton DISABLE_MVGAL)"
check_eq "run: no fps" "<unset>" "$(rec_env proton MVGAL_FPS)"
check_eq "run: no telemetry" "<unset>" "$(rec_env proton MVGAL_TELEMETRY)"

# 3. the other verbs, and one Steam may add later: passed through unchanged
for v in runinprefix destroyprefix getcompatpath getnativepath frobnicate; do
	rm -f "$REC"
	"$LAUNCH" "$v" "$EXE" 'C:\x y'
	check_eq "$v exits 0" 0 $?
	expect_chain "$v: exact chain" "$v" "$EXE" 'C:\\x y'
done
check_eq "runinprefix keeps the layer" 1 "$(rm -f "$REC"; "$LAUNCH" runinprefix "$EXE"; rec_env proton ENABLE_MVGAL)"
# docs/man page: prefix housekeeping runs without the layer (and so without the pacer)
for v in destroyprefix getcompatpath getnativepath; do
	rm -f "$REC"
	"$LAUNCH" "$v" "$EXE"
	check_eq "$v: no layer (ENABLE_MVGAL unset, DISABLE_MVGAL=1, no MVGAL_FPS)" "<unset> 1 <unset>" \
		"$(rec_env proton ENABLE_MVGAL) $(rec_env proton DISABLE_MVGAL) $(rec_env proton MVGAL_FPS)"
done

# docs/man page: "no fork in between": the process that Steam started execs the runtime itself
# (strace: one pid from mvgal-launch's execve to the runtime's, no clone/fork/vfork before it)
if command -v strace >/dev/null 2>&1; then
	rm -f "$REC"
	strace -f -qq -o "$T/strace" -e trace=process "$LAUNCH" waitforexitandrun "$EXE" >/dev/null 2>&1
	first=$(grep -n 'execve(' "$T/strace" | grep '= 0$' | sed -n 2p)
	pids=$(grep 'execve(' "$T/strace" | grep '= 0$' | head -n 2 | awk '{ print $1 }' | sort -u | wc -l)
	forks=$(head -n "${first%%:*}" "$T/strace" | grep -cE '^[0-9]+ +(clone|clone3|fork|vfork)\(')
	case $first in
	*"execve(\"$RTE\""*) ok "no fork: the second execve is the runtime's" ;;
	*) not_ok "no fork: the second execve is the runtime's" "$first" ;;
	esac
	check_eq "no fork: mvgal-launch and the runtime share one pid, no clone/fork before it" \
		"1 0" "$pids $forks"
else
	not_ok "requirement: strace" "install the Debian package 'strace' (make check runs scripts/deps.sh)"
fi

# 4. refused variables: a profile's LD_PRELOAD and PATH lines are skipped, with file:line
printf '[env]\nLD_PRELOAD = /tmp/evil.so\nPATH = /tmp\n' >"$P/570.ini"
printf '[frame]\nfps = 45\n' >"$XDG_CONFIG_HOME/mvgal/default.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "refused profile: still launches" 0 $?
check_eq "LD_PRELOAD: only our own OpenGL library" "$(own_preload)" "$(rec_env proton LD_PRELOAD)"
check "PATH not from the profile" sh -c "! grep -q '^env PATH=/tmp\$' '$REC'"
check "refusal names file:line" grep -q "$P/570.ini:2" "$T/err"
check_eq "default.ini still applies" 45 "$(rec_env proton MVGAL_FPS)"
rm -f "$XDG_CONFIG_HOME/mvgal/default.ini"

# 5. Proton choice (issue 24): a build named and not installed is an error naming the installed
# builds, never another build; a family named without a version is its newest build; no
# profile: the tool the title ran before (here Steam Play's default, CompatToolMapping 0 =
# proton_9). tests/integration/test_proton_choice.sh covers the rest of the order.
printf '[launch]\nproton = Proton 8.0\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "a build not installed: exit 1, nothing run" "1 absent" "$? $([ -e "$REC" ] && echo ran || echo absent)"
check_eq "a build not installed: one stderr line" 1 "$(wc -l <"$T/err")"
check "a build not installed: names it, where it was asked, the installed builds" grep -q "Proton \"Proton 8.0\" (launch.proton from $P/570.ini:2) is not installed; installed: .*Proton 9.0 \[proton_9\]" "$T/err"
check "a build not installed: says how to install it" grep -q 'steam steam://install/2348590' "$T/err"
printf '[launch]\nproton = ge-proton9-20\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "case-insensitive name" "argv[0]=$PGE/proton" "$(rec_argv proton | head -n 1)"
check_eq "case-insensitive: no fallback line" "" "$(cat "$T/err")"
printf '[launch]\nproton = GE-Proton9-7\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "another GE build: no fallback to the installed one, exit 1" "1 absent" "$? $([ -e "$REC" ] && echo ran || echo absent)"
printf '[launch]\nproton = GE-Proton\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "a family without a version: its newest build" "argv[0]=$PGE/proton" "$(rec_argv proton | head -n 1)"
rm -f "$P/570.ini" "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "no profile: Steam Play's default (proton_9), not the newest" "argv[0]=$P9/proton" "$(rec_argv proton | head -n 1)"
printf '[launch]\nproton = Proton Experimental\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "Proton Experimental by Steam's name (second library)" "argv[0]=$PEXP/proton" "$(rec_argv proton | head -n 1)"
check "second library added to STEAM_COMPAT_LIBRARY_PATHS" sh -c "grep -q '^env STEAM_COMPAT_LIBRARY_PATHS=.*$LIB2' '$REC'"
printf '[launch]\nproton = Wine Tkg\n' >"$P/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "unknown family: exit 1, nothing run" "1 absent" "$? $([ -e "$REC" ] && echo ran || echo absent)"
check "unknown family: says so" grep -q 'Proton "Wine Tkg" (launch.proton from .*) is not installed; installed: ' "$T/err"
rm -f "$P/570.ini"

# 6. errors: one line, exit 1
(unset STEAM_COMPAT_DATA_PATH; "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err")
check_eq "no STEAM_COMPAT_DATA_PATH: exit 1" 1 $?
check_eq "no STEAM_COMPAT_DATA_PATH: one line" 1 "$(wc -l <"$T/err")"
check "no STEAM_COMPAT_DATA_PATH: named" grep -q STEAM_COMPAT_DATA_PATH "$T/err"
mv "$ROOT/steamapps/appmanifest_1628350.acf" "$T/acf"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "missing runtime: exit 1" 1 $?
check "missing runtime: names the runtime, appid and fix" grep -q 'Steam Linux Runtime 3.0 (sniper) (appid 1628350), which is not installed: install it with `steam steam://install/1628350`' "$T/err"
mv "$T/acf" "$ROOT/steamapps/appmanifest_1628350.acf"
printf '"manifest"\n{\n\t"commandline" "/proton %%verb%%"\n' >"$P9/toolmanifest.vdf"
printf '[launch]\nproton = Proton 9.0\n' >"$P/570.ini"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "malformed toolmanifest: exit 1" 1 $?
check "malformed toolmanifest: file:line" grep -q "$P9/toolmanifest.vdf:[0-9]" "$T/err"
check_eq "malformed toolmanifest: one line" 1 "$(wc -l <"$T/err")"
mkdir -p "$T/empty"
(export HOME="$T/empty"; unset STEAM_COMPAT_CLIENT_INSTALL_PATH; "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err")
check_eq "no Steam: exit 1" 1 $?
check "no Steam: says so" grep -q "no Steam installation found" "$T/err"
"$LAUNCH" frobnicate-typo 2>/dev/null
(unset STEAM_COMPAT_DATA_PATH; "$LAUNCH" instal 2>"$T/err")
check_eq "unknown command outside Steam: usage exit 2" 2 $?
finish
