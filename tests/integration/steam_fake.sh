# SPDX-License-Identifier: MIT
# A fake Steam for the launcher tests (POSIX sh; source after lib.sh). make_steam builds, in the
# throw-away HOME:
#   ROOT  = ~/.local/share/Steam (native; ~/.steam/root and ~/.steam/steam link to it)
#           libraryfolders.vdf -> ROOT and LIB2; config/config.vdf with other tools' mappings;
#           Proton 9.0 (needs runtime 1628350), SteamLinuxRuntime_sniper (appmanifest_1628350),
#           the game "Test Game" (appid 570), compatibilitytools.d/GE-Proton9-20
#   LIB2  = $T/lib2: Proton - Experimental (needs 1628350), game 1091500
#   FROOT = ~/.var/app/com.valvesoftware.Steam/data/Steam (Flatpak layout, one library)
# Proton, runtime and reaper are build/tests/tools/fake_proton (roles by argv[0] basename),
# recording to $REC. Newest by build time: Experimental > GE-Proton9-20 > Proton 9.0.
FAKE=$MVGAL_BUILD/tests/tools/fake_proton
VDF_GET=$MVGAL_BUILD/tests/tools/vdf_get
LAUNCH=$MVGAL_BUILD/mvgal-launch
REC=$T/record
ROOT=$HOME/.local/share/Steam
LIB2=$T/lib2
FROOT=$HOME/.var/app/com.valvesoftware.Steam/data/Steam

need_file "$FAKE" "(built by make: tests/tools/fake_proton.c)"
need_file "$LAUNCH" "(built by make: launcher/)"

# acf LIB APPID NAME INSTALLDIR [windows]: with "windows", a Windows game as Steam installs it
# for Proton: "platform_override_source" "windows" in UserConfig and MountedConfig (the shape
# Steam writes when it downloads a title's Windows depots on Linux; r2modman and others read it)
acf() {
	mkdir -p "$1/steamapps/common/$4"
	{
		printf '"AppState"\n{\n\t"appid"\t\t"%s"\n\t"Universe"\t\t"1"\n\t"name"\t\t"%s"\n\t"installdir"\t\t"%s"\n' \
			"$2" "$3" "$4"
		if [ "${5:-}" = windows ]; then
			for c in UserConfig MountedConfig; do
				printf '\t"%s"\n\t{\n\t\t"platform_override_dest"\t\t"linux"\n\t\t"platform_override_source"\t\t"windows"\n\t}\n' "$c"
			done
		fi
		printf '}\n'
	} >"$1/steamapps/appmanifest_$2.acf"
}

fake_proton_dir() { # DIR BUILD_TIME [REQUIRE_APPID]
	mkdir -p "$1"
	cp "$FAKE" "$1/proton"
	echo "$2 proton-fake" >"$1/version"
	{
		printf '"manifest"\n{\n\t"version"\t\t"2"\n\t"commandline"\t\t"/proton %%verb%%"\n'
		[ -n "${3:-}" ] && printf '\t"require_tool_appid"\t\t"%s"\n' "$3"
		printf '\t"use_sessions"\t\t"1"\n\t"compatmanager_layer_name"\t\t"proton"\n}\n'
	} >"$1/toolmanifest.vdf"
}

config_vdf() { # the shape Steam writes, tabs and all
	cat <<'VDF'
"InstallConfigStore"
{
	"Software"
	{
		"Valve"
		{
			"Steam"
			{
				"AutoUpdateWindowEnabled"		"0"
				"CompatToolMapping"
				{
					"0"
					{
						"name"		"proton_9"
						"config"		""
						"priority"		"75"
					}
					"292030"
					{
						"name"		"GE-Proton9-20"
						"config"		""
						"priority"		"250"
					}
				}
				"Accounts"
				{
					"someone"
					{
						"SteamID"		"76561198000000000"
					}
				}
			}
		}
	}
	"Music"
	{
		"CrawlSteamInstallFolders"		"1"
	}
}
VDF
}

make_steam() {
	mkdir -p "$ROOT/steamapps" "$ROOT/config" "$ROOT/ubuntu12_32" "$LIB2/steamapps" \
		"$HOME/.steam" "$FROOT/steamapps/common" "$FROOT/config"
	ln -s "$ROOT" "$HOME/.steam/root"
	ln -s "$ROOT" "$HOME/.steam/steam"
	cp "$FAKE" "$ROOT/ubuntu12_32/reaper"
	printf '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"%s"\n\t\t"apps"\n\t\t{\n\t\t\t"570"\t\t"1"\n\t\t}\n\t}\n\t"1"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n}\n' \
		"$ROOT" "$LIB2" >"$ROOT/steamapps/libraryfolders.vdf"
	acf "$ROOT" 1628350 "Steam Linux Runtime 3.0 (sniper)" SteamLinuxRuntime_sniper
	RT=$ROOT/steamapps/common/SteamLinuxRuntime_sniper
	cp "$FAKE" "$RT/_v2-entry-point"
	printf '"manifest"\n{\n\t"commandline"\t\t"/_v2-entry-point --verb=%%verb%% --"\n\t"version"\t\t"2"\n}\n' \
		>"$RT/toolmanifest.vdf"
	acf "$ROOT" 570 "Test Game" "Test Game" windows
	GAME_DIR="$ROOT/steamapps/common/Test Game"
	: >"$GAME_DIR/Game.exe"
	P9="$ROOT/steamapps/common/Proton 9.0"
	fake_proton_dir "$P9" 1700000000 1628350
	PEXP="$LIB2/steamapps/common/Proton - Experimental"
	fake_proton_dir "$PEXP" 1750000000 1628350
	acf "$LIB2" 1091500 "Other Game" "Other Game" windows
	PGE="$ROOT/compatibilitytools.d/GE-Proton9-20"
	fake_proton_dir "$PGE" 1720000000 1628350
	printf '"compatibilitytools"\n{\n\t"compat_tools"\n\t{\n\t\t"GE-Proton9-20"\n\t\t{\n\t\t\t"install_path"\t\t"."\n\t\t\t"display_name"\t\t"GE-Proton9-20"\n\t\t\t"from_oslist"\t\t"windows"\n\t\t\t"to_oslist"\t\t"linux"\n\t\t}\n\t}\n}\n' \
		>"$PGE/compatibilitytool.vdf"
	config_vdf >"$ROOT/config/config.vdf"
	config_vdf >"$FROOT/config/config.vdf"
	mkdir -p "$XDG_CONFIG_HOME/mvgal/profiles" "$T/compatdata/570"
	# Steam's environment for a compat tool launch of 570
	export STEAM_COMPAT_CLIENT_INSTALL_PATH="$ROOT" STEAM_COMPAT_APP_ID=570 SteamAppId=570 \
		SteamGameId=570 STEAM_COMPAT_DATA_PATH="$T/compatdata/570" \
		STEAM_COMPAT_INSTALL_PATH="$GAME_DIR" STEAM_COMPAT_LIBRARY_PATHS="$ROOT" \
		STEAM_COMPAT_TOOL_PATHS="$ROOT/compatibilitytools.d/mvgal" MVGAL_FAKE_RECORD="$REC"
	unset LD_PRELOAD MVGAL_PROTON
	# the shipped DB of the source tree, not one an earlier `db update` left in a real HOME
	export MVGAL_DB="$MVGAL_TOP/compat/data/compat.db"
	# the layer's manifest where the loader looks (the build tree's), as after an install: a
	# clean launch with layer settings says nothing about an unseen layer
	export XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share"
}

# wrapper_game NAME: wrapper mode outside Steam: Steam's launch variables unset and the recorder
# as $T/bin/NAME, first in PATH.
wrapper_game() {
	unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH \
		STEAM_COMPAT_INSTALL_PATH
	mkdir -p "$T/bin"
	cp "$FAKE" "$T/bin/$1"
	export PATH="$T/bin:$PATH"
}

# rec_argv ROLE: the argv lines recorded by the first process of that role, one per line.
rec_argv() { awk -v r="== $1" '$0 == r { on = 1; next } /^== / { on = 0 } on && /^argv\[/' "$REC" | head -n 100; }
# rec_env ROLE NAME: the value of NAME in that role's environment ("<unset>" when absent).
rec_env() {
	awk -v r="== $1" -v n="env $2=" '$0 == r { on = 1; next } /^== / { on = 0 }
		on && index($0, n) == 1 { print substr($0, length(n) + 1); found = 1; exit }
		END { if (!found) print "<unset>" }' "$REC"
}

# A running Steam client as set-tool and uninstall see it: a process named "steam" holding
# DIR/steam.pipe open (Valve's steam.sh is_steam_running() checks the pipe), its pid in
# DIR/steam.pid. Sets spid; end it with: kill "$spid"; wait "$spid"
start_fake_steam() { # DIR
	rm -f "$1/steam.pipe"
	mkfifo "$1/steam.pipe"
	cp "$(command -v sleep)" "$T/steam"
	"$T/steam" 60 <>"$1/steam.pipe" &
	spid=$!
	echo "$spid" >"$1/steam.pid"
}

# The fake Steam for the commands that take a title, run from a terminal: no Steam launch
# variables (Steam sets them only for a game it starts), an editor that returns at once, and
# P, the user's profile folder.
make_steam_for_titles() {
	make_steam
	unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH STEAM_COMPAT_INSTALL_PATH
	export EDITOR=true VISUAL=true
	P=$XDG_CONFIG_HOME/mvgal/profiles
}
