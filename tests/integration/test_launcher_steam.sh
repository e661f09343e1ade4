#!/bin/sh
# SPDX-License-Identifier: MIT
# The subcommands that touch Steam's files: install/uninstall (both roots, Flatpak, extra tool
# paths; VDFs read back the way Steam parses them), list, protons, set-tool (round trip with the
# rest of config.vdf unchanged, refusal while Steam runs, kill -9 leaves a valid file), check.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
unset STEAM_COMPAT_CLIENT_INSTALL_PATH
mkdir -p "$T/extra"
export STEAM_EXTRA_COMPAT_TOOLS_PATHS="$T/extra"
real_root=$(cd "$ROOT" && pwd -P)
real_froot=$(cd "$FROOT" && pwd -P)

# ---- install
"$LAUNCH" install >"$T/out"
check_eq "install: exit 0" 0 $?
check "install: native root printed" grep -q "^installed $real_root/compatibilitytools.d/mvgal\$" "$T/out"
check "install: Flatpak root printed" grep -q "^installed $real_froot/compatibilitytools.d/mvgal (copy, Flatpak)" "$T/out"
check "install: extra tool path printed" grep -q "^installed $T/extra/mvgal\$" "$T/out"
D=$ROOT/compatibilitytools.d/mvgal
check_eq "compatibilitytool.vdf as Steam reads it" "mvgal-launch (Proton wrapper)|.|windows|linux" \
	"$("$VDF_GET" "$D/compatibilitytool.vdf" compatibilitytools/compat_tools/mvgal/display_name \
		compatibilitytools/compat_tools/mvgal/install_path compatibilitytools/compat_tools/mvgal/from_oslist \
		compatibilitytools/compat_tools/mvgal/to_oslist | paste -sd'|')"
check_eq "toolmanifest.vdf as Steam reads it" "2|/mvgal-launch %verb%|1" \
	"$("$VDF_GET" "$D/toolmanifest.vdf" manifest/version manifest/commandline \
		manifest/use_tool_subprocess_reaper | paste -sd'|')"
check "toolmanifest: no require_tool_appid" sh -c "! grep -q require_tool_appid '$D/toolmanifest.vdf'"
check_eq "program linked" "$(readlink -f "$LAUNCH")" "$(readlink -f "$D/mvgal-launch")"
check "Flatpak gets a copy" sh -c "[ ! -L '$FROOT/compatibilitytools.d/mvgal/mvgal-launch' ] && cmp -s '$LAUNCH' '$FROOT/compatibilitytools.d/mvgal/mvgal-launch'"
cp "$D/toolmanifest.vdf" "$T/tm1"
"$LAUNCH" install >"$T/out2"
check_eq "install twice: exit 0" 0 $?
check "install twice: same output" cmp -s "$T/out" "$T/out2"
check "install twice: same files" cmp -s "$T/tm1" "$D/toolmanifest.vdf"
check_eq "install twice: nothing stray" "compatibilitytool.vdf mvgal-launch native toolmanifest.vdf|mvgal-launch toolmanifest.vdf" "$(ls "$D" | paste -sd' ')|$(ls "$D/native" | paste -sd' ')"

# Steam would run the installed program: the whole chain works through the link
rm -f "$REC"
(export STEAM_COMPAT_CLIENT_INSTALL_PATH="$ROOT"; "$D/mvgal-launch" waitforexitandrun "$GAME_DIR/Game.exe")
check_eq "launch through the installed link (Steam Play's default, proton_9)" "argv[0]=$P9/proton" "$(rec_argv proton | head -n 1)"

"$LAUNCH" install --steam-root "$T/nowhere" 2>"$T/err"
check_eq "install into a missing root: exit 1" 1 $?

# ---- list, protons
"$LAUNCH" list >"$T/out"
check_eq "list: exit 0" 0 $?
check "list: game of the first library" grep -q '^570 .*Test Game' "$T/out"
check "list: game of the second library" grep -q '^1091500 .*Other Game' "$T/out"
"$LAUNCH" protons >"$T/out"
check_eq "protons: exit 0" 0 $?
check "protons: three builds, newest first" sh -c "grep -A9 '^$real_root:' '$T/out' | grep -v '^    needs \|^    in ' | sed -n '2p;3p;4p' | awk '{print \$1}' | paste -sd' ' | grep -qx 'Proton GE-Proton9-20 Proton'"
check "protons: each build's folder on its own line" grep -q "^    in $LIB2/steamapps/common/Proton - Experimental\$" "$T/out"
check "protons: newest marked" grep -q 'Proton - Experimental.*(newest)' "$T/out"
# a broken appmanifest and a broken config.vdf: named with file:line, the rest still listed, exit 1
printf '"AppState"\n{\n\t"appid" "999"\n' >"$LIB2/steamapps/appmanifest_999.acf"
cp "$FROOT/config/config.vdf" "$T/fcfg"
printf '"InstallConfigStore"\n{\n' >"$FROOT/config/config.vdf"
"$LAUNCH" list >"$T/out" 2>"$T/err"
check_eq "list with broken VDFs: exit 1" 1 $?
check "list: broken appmanifest named with file:line" grep -q "$LIB2/steamapps/appmanifest_999.acf:[0-9]*:" "$T/err"
check "list: broken config.vdf named with file:line" grep -q "$FROOT/config/config.vdf:[0-9]*:" "$T/err"
check "list: the other games still listed" grep -q '^1091500 .*Other Game' "$T/out"
"$LAUNCH" protons >"$T/out" 2>"$T/err"
check_eq "protons with a broken config.vdf: exit 1" 1 $?
check "protons: the builds still listed" grep -q 'Proton - Experimental.*(newest)' "$T/out"
rm "$LIB2/steamapps/appmanifest_999.acf"
cp "$T/fcfg" "$FROOT/config/config.vdf"

# ---- set-tool
CFG=$ROOT/config/config.vdf
cp "$CFG" "$T/cfg0"
"$LAUNCH" set-tool 570 >"$T/out"
check_eq "set-tool: exit 0" 0 $?
check "set-tool: says which build a launch runs and why" grep -qx "  mvgal-launch will run: Proton 9.0 \[proton_9\]: Steam Play's default (CompatToolMapping 0)" "$T/out"
check_eq "set-tool: mapping written" "mvgal|250" "$("$VDF_GET" "$CFG" InstallConfigStore/Software/Valve/Steam/CompatToolMapping/570/name InstallConfigStore/Software/Valve/Steam/CompatToolMapping/570/priority | paste -sd'|')"
check "set-tool: backup is the old file" cmp -s "$T/cfg0" "$CFG.mvgal-bak"
check_eq "set-tool: other mappings kept" "proton_9|GE-Proton9-20|76561198000000000" "$("$VDF_GET" "$CFG" InstallConfigStore/Software/Valve/Steam/CompatToolMapping/0/name InstallConfigStore/Software/Valve/Steam/CompatToolMapping/292030/name InstallConfigStore/Software/Valve/Steam/Accounts/someone/SteamID | paste -sd'|')"
check_eq "set-tool: only the new block added" 6 "$(diff "$T/cfg0" "$CFG" | grep -c '^>')"
check_eq "set-tool: nothing removed" 0 "$(diff "$T/cfg0" "$CFG" | grep -c '^<')"
"$LAUNCH" list | grep -q '^570 .* mvgal '
check_eq "list shows the mapping" 0 $?
"$LAUNCH" protons >"$T/out"
check "protons: the title mapped to mvgal, its name and the build it gets" grep -q '^  570  *Test Game  *-> Proton 9.0$' "$T/out"
check_eq "protons: and why, on the line below" "    Proton 9.0 [proton_9]: Steam Play's default (CompatToolMapping 0)" "$(grep -A1 '^  570  *Test Game' "$T/out" | sed -n 2p)"
check_eq "protons: fits 80 columns but for paths" "" "$(grep -v '^    in \|^/' "$T/out" | awk 'length > 80')"
"$LAUNCH" set-tool 570 none >/dev/null
check "set-tool none: round trip gives the original bytes" cmp -s "$T/cfg0" "$CFG"
"$LAUNCH" set-tool 570 GE-Proton9-20 >/dev/null
check_eq "set-tool with a named tool" GE-Proton9-20 "$("$VDF_GET" "$CFG" InstallConfigStore/Software/Valve/Steam/CompatToolMapping/570/name)"
"$LAUNCH" set-tool abc 2>/dev/null
check_eq "set-tool: a name that is no title: exit 1" 1 $?
"$LAUNCH" set-tool 12345678901 2>/dev/null
check_eq "set-tool: an appid over 32 bits is usage" 2 $?

start_fake_steam "$ROOT"
cp "$CFG" "$T/cfg1"
"$LAUNCH" set-tool 570 2>"$T/err"
check_eq "set-tool while Steam runs: exit 1" 1 $?
check "set-tool while Steam runs: says so" grep -q "Steam is running (pid $spid)" "$T/err"
check "set-tool while Steam runs: file untouched" cmp -s "$T/cfg1" "$CFG"
kill "$spid"; wait "$spid" 2>/dev/null
"$LAUNCH" set-tool 570 >/dev/null
check_eq "stale steam.pid (dead process) does not block" 0 $?

# kill -9 at random moments during set-tool on a big config.vdf: always a whole file
awk 'NR == 1 { print; next } /"CompatToolMapping"/ { print; getline; print;
	for (i = 1; i <= 40000; i++) printf "\t\t\t\t\t\"%d\"\n\t\t\t\t\t{\n\t\t\t\t\t\t\"name\"\t\t\"proton_9\"\n\t\t\t\t\t}\n", 100000 + i; next } { print }' \
	"$T/cfg0" >"$CFG"
bad=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$LAUNCH" set-tool "$((500 + i))" >/dev/null 2>&1 &
	p=$!
	sleep "0.0$((i % 10))"
	kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null
	"$VDF_GET" "$CFG" InstallConfigStore/Software/Valve/Steam/CompatToolMapping/100001/name >/dev/null || bad=$((bad + 1))
done
check_eq "kill -9 during set-tool: config.vdf always parses whole" 0 "$bad"

# ---- check: one screen, failing lines say the fix
export VK_DRIVER_FILES=$LVP_ICD
"$LAUNCH" check >"$T/out" 2>&1
rc=$?
check "check: Steam roots listed" grep -q "^ok   Steam root  *$real_root" "$T/out"
check "check: libraries listed" grep -q "^ok   library  *$LIB2" "$T/out"
check "check: Protons listed" grep -q '^ok   Proton  *GE-Proton9-20' "$T/out"
check "check: runtime found, by its Steam name" grep -q '^ok   runtime  *Steam Linux Runtime 3.0 (sniper) (appid 1628350) for Proton 9.0' "$T/out"
check "check: DB in use" grep -q "^ok   compat DB .*compat.db (serial" "$T/out"
check "check: every FAIL line has a fix" sh -c "! grep '^FAIL' '$T/out' | grep -vq -e ': run' -e ': install' -e ': unset' -e ': start' -e ': reinstall' -e ': mount' -e ': fix' -e ': verify'"
"$LAUNCH" uninstall >"$T/out"
check_eq "uninstall: exit 0" 0 $?
check "uninstall: folders gone" sh -c "[ ! -e '$D' ] && [ ! -e '$FROOT/compatibilitytools.d/mvgal' ] && [ ! -e '$T/extra/mvgal' ]"
"$LAUNCH" check >"$T/out" 2>&1
check_eq "check after uninstall: exit 1" 1 $?
check "check: missing tool says run install" grep -q "^FAIL tool .*run \`mvgal-launch install\`" "$T/out"
finish
