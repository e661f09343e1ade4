#!/bin/sh
# SPDX-License-Identifier: MIT
# Steam fidelity on files shaped like the ones Steam and other tools write
# (tests/data/steam/, tests/data/vdf/shortcuts.vdf; README.md there says where each shape comes
# from): set-tool keeps every byte it does not own, gives the earlier tool back and keeps
# Steam's original; Steam's internal tool names; Protons whose runtime is missing; tools
# registered every way Steam accepts; skipped folders named with why; shortcuts; --steam-root.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
DATA=$MVGAL_TOP/tests/data/steam
CTM=InstallConfigStore/Software/Valve/Steam/CompatToolMapping
CFG=$ROOT/config/config.vdf
unset STEAM_COMPAT_CLIENT_INSTALL_PATH
"$LAUNCH" install --steam-root="$ROOT" >/dev/null
check_eq "install --steam-root=DIR: only that root" "no" "$([ -e "$FROOT/compatibilitytools.d/mvgal" ] && echo yes || echo no)"
acf "$ROOT" 509980 "Startup Company" "Startup Company" windows

# ---- config.vdf as Steam writes it
cp "$DATA/config.vdf" "$CFG"
chmod 600 "$CFG"
cp "$CFG" "$T/orig"
"$LAUNCH" set-tool 0 >"$T/out"
check_eq "set-tool 0: exit 0" 0 $?
check_eq "set-tool 0: only the name line changes (Priority stays 75)" \
	"< 						\"name\"		\"proton_experimental\"|> 						\"name\"		\"mvgal\"" \
	"$(diff "$T/orig" "$CFG" | grep '^[<>]' | paste -sd'|')"
check "set-tool: the output names Steam's original backup" grep -q "Steam's original: *$CFG.mvgal-orig" "$T/out"
check "set-tool: the output names the backup of this change" grep -q "before this change: *$CFG.mvgal-bak\$" "$T/out"
"$LAUNCH" set-tool 0 GE-Proton9-20 >/dev/null
check "backups: Steam's original never overwritten" cmp -s "$T/orig" "$CFG.mvgal-orig"
"$LAUNCH" set-tool 0 none >"$T/out"
check_eq "set-tool 0 none: exit 0" 0 $?
check "set-tool 0 none: gives back the tool from before, byte for byte" cmp -s "$T/orig" "$CFG"
check "set-tool 0 none: says which tool came back" grep -q '^0: GE-Proton9-20 -> proton_experimental (the tool it had before)' "$T/out"
"$LAUNCH" set-tool 0 none 2>"$T/err"
check_eq "set-tool 0 none with nothing remembered: refused" 1 $?
check "set-tool 0 none: appid 0 never deleted" cmp -s "$T/orig" "$CFG"
check "set-tool 0 none: says why" grep -q "Steam Play's default for every title" "$T/err"
for i in 1 2 3 4 5; do "$LAUNCH" set-tool 570 >/dev/null; done
check_eq "backups: the original plus three newer ones at most" \
	"config.vdf config.vdf.mvgal-bak config.vdf.mvgal-bak.1 config.vdf.mvgal-bak.2 config.vdf.mvgal-orig" \
	"$(ls "$ROOT/config" | paste -sd' ')"
check "backups: the original still Steam's" cmp -s "$T/orig" "$CFG.mvgal-orig"
check_eq "backups: Steam's mode (600)" "600 600" "$(stat -c %a "$CFG.mvgal-orig" "$CFG.mvgal-bak" | paste -sd' ')"
"$LAUNCH" set-tool 570 none >/dev/null
check "set + unset of a new entry: the same bytes" cmp -s "$T/orig" "$CFG"
"$LAUNCH" set-tool 509980 >/dev/null
check_eq "set-tool on an entry with other fields: only name changes" "proton_63 -> mvgal|250" \
	"$(diff "$T/orig" "$CFG" | grep '^[<>]' | sed 's/.*"name"[^"]*"\([^"]*\)"/\1/' | paste -sd' ' | sed 's/ / -> /')|$("$VDF_GET" "$CFG" $CTM/509980/priority)"
"$LAUNCH" set-tool 509980 none >/dev/null
check "set + unset of an existing entry: the same bytes" cmp -s "$T/orig" "$CFG"
check_eq "config.vdf keeps its mode" 600 "$(stat -c %a "$CFG")"

# hand-edited and space-indented files: whitespace-only lines and spaces survive, new keys
# follow the siblings' spelling ("Priority") and indentation
for f in config_hand_edited.vdf config_spaces.vdf config_crlf.vdf; do
	cp "$DATA/$f" "$CFG"
	"$LAUNCH" set-tool 570 >/dev/null && "$LAUNCH" set-tool 570 none >/dev/null
	check "$f: set + unset gives the same bytes" cmp -s "$DATA/$f" "$CFG"
done
cp "$DATA/config_hand_edited.vdf" "$CFG"
"$LAUNCH" set-tool 570 >/dev/null
check "a new entry spells Priority as its siblings do" grep -q "^						\"Priority\"		\"250\"\$" "$CFG"
cp "$DATA/config_spaces.vdf" "$CFG"
"$LAUNCH" set-tool 570 >/dev/null
check "a new entry in a space-indented file is space-indented" \
	grep -q '^                                                "name"          "mvgal"$' "$CFG"

# a symlinked config.vdf is written through; the link and the file's mode stay
mkdir -p "$T/elsewhere"
cp "$DATA/config.vdf" "$T/elsewhere/config.vdf"
chmod 640 "$T/elsewhere/config.vdf"
ln -sf "$T/elsewhere/config.vdf" "$CFG"
"$LAUNCH" set-tool 570 >/dev/null
check "symlinked config.vdf: still a link" test -L "$CFG"
check_eq "symlinked config.vdf: the real file changed, mode kept" "mvgal 640" \
	"$("$VDF_GET" "$T/elsewhere/config.vdf" $CTM/570/name) $(stat -c %a "$T/elsewhere/config.vdf")"
rm "$CFG"
cp "$DATA/config.vdf" "$CFG"

# unknown appid or tool: refused with what is installed, unless --force
cp "$CFG" "$T/before"
"$LAUNCH" set-tool 4242 2>"$T/err"
check_eq "set-tool: an appid nothing installed is refused" 1 $?
check "set-tool: unknown appid says where it looked" grep -q 'appid 4242 is installed in none of' "$T/err"
"$LAUNCH" set-tool 570 GE-Proton8-1 2>"$T/err"
check_eq "set-tool: a tool that is not installed is refused" 1 $?
check "set-tool: the refusal lists the installed tools" grep -q 'installed: .*proton_9.*GE-Proton9-20.*mvgal' "$T/err"
check "set-tool: refusals leave config.vdf alone" cmp -s "$T/before" "$CFG"
"$LAUNCH" set-tool --force 4242 GE-Proton8-1 >/dev/null
check_eq "set-tool --force: written anyway" GE-Proton8-1 "$("$VDF_GET" "$CFG" $CTM/4242/name)"
"$LAUNCH" set-tool 570 "Proton 9.0" >/dev/null
check_eq "set-tool: a Proton's folder name is written as Steam's name" proton_9 "$("$VDF_GET" "$CFG" $CTM/570/name)"
cp "$DATA/config.vdf" "$CFG"

# ---- Steam's internal names resolve to the build they stand for
mkdir -p "$ROOT/steamapps/common"
for t in "Proton Hotfix:2180100:1730000000" "Proton 6.3:1580130:1600000000" "Proton 8.0:2348590:1690000000"; do
	n=${t%%:*}; r=${t#*:}; id=${r%%:*}; bt=${r#*:}
	fake_proton_dir "$ROOT/steamapps/common/$n" "$bt" 1628350
	acf "$ROOT" "$id" "$n" "$n" 2>/dev/null
done
# Proton 9.0 as the app installed it for a while: folder "Proton 9.0 (Beta)", found by its acf
mv "$P9" "$ROOT/steamapps/common/Proton 9.0 (Beta)"
P9="$ROOT/steamapps/common/Proton 9.0 (Beta)"
printf '"AppState"\n{\n\t"appid"\t\t"2805730"\n\t"name"\t\t"Proton 9.0 (Beta)"\n\t"installdir"\t\t"Proton 9.0 (Beta)"\n}\n' \
	>"$ROOT/steamapps/appmanifest_2805730.acf"
export STEAM_COMPAT_CLIENT_INSTALL_PATH="$ROOT"
for t in "proton_9:$P9" "proton_8:$ROOT/steamapps/common/Proton 8.0" \
	"proton_experimental:$PEXP" "proton_hotfix:$ROOT/steamapps/common/Proton Hotfix" \
	"proton_63:$ROOT/steamapps/common/Proton 6.3"; do
	printf '[launch]\nproton = %s\n' "${t%%:*}" >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
	rm -f "$REC"
	"$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" 2>"$T/err"
	check_eq "profile proton = ${t%%:*}: that build, no fallback" "argv[0]=${t#*:}/proton|" \
		"$(rec_argv proton | head -n 1)|$(grep -c 'not found' "$T/err" | grep -v '^0$')"
done
"$LAUNCH" protons >"$T/out"
check "protons: Steam's names shown" grep -q "Proton 9.0 (Beta) .*\[proton_9\]" "$T/out"
"$LAUNCH" list >"$T/out"
check "list: no Proton or runtime rows" sh -c "! grep -q -e '^2180100 ' -e '^1628350 ' -e '^2805730 ' -e '^1580130 ' -e '^2348590 ' '$T/out'"
check "list: games only, with their tool or the default marked" grep -q '^570 .*Test Game  *proton_experimental (default)' "$T/out"
check "list: a game's own mapping" grep -q '^509980 .*Startup Company  *proton_63 ' "$T/out"
rm "$XDG_CONFIG_HOME/mvgal/profiles/570.ini"

# ---- a newest Proton whose runtime is not installed (GE-Proton 11 wants Steam Linux Runtime 4.0)
GE11=$ROOT/compatibilitytools.d/GE-Proton11-3
mkdir -p "$GE11"
cp "$FAKE" "$GE11/proton"
echo "1800000000 GE-Proton11-3" >"$GE11/version"
cp "$DATA/ge_proton11_toolmanifest.vdf" "$GE11/toolmanifest.vdf"
cp "$DATA/ge_proton11_compatibilitytool.vdf" "$GE11/compatibilitytool.vdf"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" 2>"$T/err"
check_eq "no profile: Steam Play's default (proton_experimental), not the newer GE-Proton" "argv[0]=$PEXP/proton" "$(rec_argv proton | head -n 1)"
printf '[launch]\nproton = newest\n' >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" 2>"$T/err"
check_eq "runtime missing: never the newest chosen" "argv[0]=$PEXP/proton" "$(rec_argv proton | head -n 1)"
check_eq "runtime missing: one line says so, with the runtime's name and how to install it" \
	"mvgal-launch: GE-Proton11-3 needs Steam Linux Runtime 4.0 (appid 4183110), which is not installed: install it with \`steam steam://install/4183110\`; using Proton - Experimental" \
	"$(cat "$T/err")"
printf '[launch]\nproton = GE-Proton11-3\n' >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
"$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" 2>"$T/err"
check_eq "runtime missing, named explicitly: exit 1" 1 $?
check "runtime missing, named explicitly: says what to install" grep -q 'GE-Proton11-3 needs Steam Linux Runtime 4.0 (appid 4183110), which is not installed: install it with `steam steam://install/4183110`' "$T/err"
rm "$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
"$LAUNCH" protons >"$T/out"
check "protons: names the runtime a build needs" grep -q 'needs Steam Linux Runtime 4.0 (appid 4183110): NOT installed' "$T/out"

# ---- tools registered the ways Steam accepts; what is skipped is named with why
TD=$ROOT/compatibilitytools.d
mkdir -p "$TD/tkg/proton_tkg_9.5" "$T/opt/proton-opt" "$TD/no-manifest" "$TD/broken"
fake_proton_dir "$TD/tkg/proton_tkg_9.5" 1650000000
fake_proton_dir "$T/opt/proton-opt" 1640000000
sed "s|/opt/proton-opt|$T/opt/proton-opt|" "$DATA/compatibilitytools_several.vdf" >"$TD/several.vdf"
fake_proton_dir "$TD/no-manifest" 1630000000
fake_proton_dir "$TD/broken" 1620000000
cp "$DATA/proton9_toolmanifest.vdf" "$TD/broken/compatibilitytool.vdf"
sed 's/"manifest"/"compatibilitytools" { "compat_tools" { "broken" { "install_path" "." } } }\n"manifest"/' \
	"$DATA/proton9_toolmanifest.vdf" >"$TD/broken/compatibilitytool.vdf"
printf '"manifest"\n{\n  "version" "2"\n  "commandline" "/proton %%verb%%\n' >"$TD/broken/toolmanifest.vdf"
"$LAUNCH" protons --steam-root="$ROOT" >"$T/out"
check "protons: a *.vdf directly in compatibilitytools.d, relative install_path" grep -q "^  proton_tkg_9.5 .*\[Proton-tkg-local\]" "$T/out"
check "protons: several tools in one file, absolute install_path" grep -q "^  proton-opt .*\[proton-opt\]" "$T/out"
check "protons: a folder without compatibilitytool.vdf is named, with why" grep -q "skipped $TD/no-manifest: no compatibilitytool.vdf, so Steam does not list it" "$T/out"
check "protons: a broken toolmanifest is named with file:line" grep -q "skipped $TD/broken/toolmanifest.vdf:[0-9]*:[0-9]*: .*: reinstall broken" "$T/out"
"$LAUNCH" set-tool 570 Proton-tkg-local >/dev/null
check_eq "set-tool: a tool from a *.vdf in compatibilitytools.d" Proton-tkg-local "$("$VDF_GET" "$CFG" $CTM/570/name)"
export VK_DRIVER_FILES=$LVP_ICD
"$LAUNCH" check --steam-root="$ROOT" >"$T/out" 2>&1
check "check: a broken toolmanifest is a FAIL that says the fix" grep -q "^FAIL Proton  *skipped $TD/broken/toolmanifest.vdf:[0-9]*:[0-9]*: .*: reinstall broken (" "$T/out"
check "check: a missing runtime is a FAIL naming it and the install command" grep -q '^FAIL runtime  *GE-Proton11-3 needs Steam Linux Runtime 4.0 (appid 4183110), which is not installed: install it with `steam steam://install/4183110`' "$T/out"
check "check --steam-root=DIR: only that root" sh -c "! grep -q 'com.valvesoftware.Steam' '$T/out'"
rm -rf "$TD/broken" "$TD/no-manifest"

# ---- non-Steam shortcuts (binary shortcuts.vdf as Steam writes it)
mkdir -p "$ROOT/userdata/12345678/config"
cp "$MVGAL_TOP/tests/data/vdf/shortcuts.vdf" "$ROOT/userdata/12345678/config/shortcuts.vdf"
"$LAUNCH" list --steam-root="$ROOT" >"$T/out"
check "list: a shortcut runs without Steam Play's default" grep -q '^3130012714 .*Heroic Games Launcher  *-  ' "$T/out"
check "list: a shortcut with its unsigned appid and name" grep -q '^2279729169 .*Celeste (itch) ' "$T/out"
check "list: the shortcut's program on the line below" sh -c "grep -A1 '^2279729169 ' '$T/out' | grep -q '^  *program: /home/deck/Games/Celeste/Celeste$'"
check_eq "list: fits 80 columns but for programs" "" "$(grep -v '^  *program: ' "$T/out" | awk 'length > 80')"
"$LAUNCH" set-tool 2279729169 proton_9 >/dev/null
check_eq "set-tool: a shortcut's appid" proton_9 "$("$VDF_GET" "$CFG" $CTM/2279729169/name)"
"$LAUNCH" list --steam-root="$ROOT" >"$T/out"
check "list: the shortcut's tool" grep -q '^2279729169 .*Celeste (itch)  *proton_9 ' "$T/out"
# at launch the shortcut's appid (SteamGameId >> 32) picks the profile before the exe name
printf '[frame]\nfps = 33\n' >"$XDG_CONFIG_HOME/mvgal/profiles/2279729169.ini"
printf '[frame]\nfps = 44\n' >"$XDG_CONFIG_HOME/mvgal/profiles/setup.exe.ini"
rm -f "$REC"
SteamGameId=9791362224625811456 STEAM_COMPAT_APP_ID=0 SteamAppId=0 \
	"$LAUNCH" waitforexitandrun "$GAME_DIR/setup.exe" 2>/dev/null
check_eq "shortcut: its profile by appid, not by exe name" 33 "$(rec_env proton MVGAL_FPS)"

# ---- the native tool: registered by install, runs a native game with the layer, no Proton
"$LAUNCH" install --steam-root="$ROOT" >/dev/null
M=$ROOT/compatibilitytools.d/mvgal
CT=compatibilitytools/compat_tools
check_eq "install: two tools in one folder, as Steam reads them" \
	"mvgal-launch (Proton wrapper)|.|windows|linux|mvgal-launch (native)|native|linux|linux" \
	"$("$VDF_GET" "$M/compatibilitytool.vdf" $CT/mvgal/display_name $CT/mvgal/install_path \
		$CT/mvgal/from_oslist $CT/mvgal/to_oslist $CT/mvgal-native/display_name \
		$CT/mvgal-native/install_path $CT/mvgal-native/from_oslist \
		$CT/mvgal-native/to_oslist | paste -sd'|')"
check_eq "install: the native tool's manifest" "/mvgal-launch --native %verb%|1" \
	"$("$VDF_GET" "$M/native/toolmanifest.vdf" manifest/commandline manifest/use_tool_subprocess_reaper | paste -sd'|')"
check_eq "toolmanifests declare compatmanager_layer_name" "proton|mvgal-native" \
	"$("$VDF_GET" "$M/toolmanifest.vdf" manifest/compatmanager_layer_name)|$("$VDF_GET" "$M/native/toolmanifest.vdf" manifest/compatmanager_layer_name)"
NATIVE="$ROOT/steamapps/common/Native Game"
mkdir -p "$NATIVE"
cp "$FAKE" "$NATIVE/native-game"
acf "$ROOT" 700 "Native Game" "Native Game"
"$LAUNCH" set-tool 700 mvgal-native >/dev/null
check_eq "set-tool: the native tool" mvgal-native "$("$VDF_GET" "$CFG" $CTM/700/name)"
printf '[frame]\nfps = 50\n' >"$XDG_CONFIG_HOME/mvgal/profiles/700.ini"
rm -f "$REC"
# as Steam runs it: the tool's commandline (install_path + first word), the verb, the game
STEAM_COMPAT_APP_ID=700 SteamAppId=700 SteamGameId=700 STEAM_COMPAT_INSTALL_PATH="$NATIVE" \
	"$M/native/mvgal-launch" --native waitforexitandrun "$NATIVE/native-game" --arg 2>"$T/err"
check_eq "native tool: the game itself runs, argv byte for byte" \
	"argv[0]=$NATIVE/native-game|argv[1]=--arg" "$(rec_argv native-game | paste -sd'|')"
check_eq "native tool: no Proton started" 0 "$(grep -c '^== proton' "$REC")"
check_eq "native tool: the layer and the title's profile" "1 50" \
	"$(rec_env native-game ENABLE_MVGAL) $(rec_env native-game MVGAL_FPS)"
"$M/native/mvgal-launch" --native getcompatpath 2>"$T/err"
check_eq "native tool: a verb without a command does nothing, exit 0" "0 0" "$? $(wc -c <"$T/err")"
"$LAUNCH" uninstall --steam-root "$ROOT" >/dev/null
check "uninstall: both tools gone" test ! -e "$M"
finish
