#!/bin/sh
# SPDX-License-Identifier: MIT
# The Proton a title ran (issue 24): a title handed to mvgal-launch keeps the build it ran
# before, in Steam's order: its own CompatToolMapping entry (or what set-tool remembered it
# left), else Steam Play's default (entry "0"), else Steam's own default (Proton Experimental:
# a client writes no entry "0" until the user changes the default, garyttierney/me3#853). A
# build asked for and not installed is an error naming the installed ones; nothing runs.
# `set-tool`, `protons` and `profile show` say which build runs and why.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
EXE="$GAME_DIR/Game.exe"
CFG=$ROOT/config/config.vdf
P=$XDG_CONFIG_HOME/mvgal/profiles
# GE-Proton is the newest build here: "newest" would pick another family than Valve's
echo "1760000000 GE-Proton9-20" >"$PGE/version"
"$LAUNCH" install --steam-root "$ROOT" >/dev/null

# config.vdf as Steam writes it (the shape of steam_fake.sh's config_vdf, itself that of
# tests/data/steam/config.vdf: tabs, "name"/"config"/"priority", "0" at priority 75, a user's
# choice at 250), with entries given as APPID=TOOL; no "0=" argument: no Steam Play default.
steam_config() {
	printf '"InstallConfigStore"\n{\n\t"Software"\n\t{\n\t\t"Valve"\n\t\t{\n\t\t\t"Steam"\n\t\t\t{\n'
	printf '\t\t\t\t"AutoUpdateWindowEnabled"\t\t"0"\n\t\t\t\t"CompatToolMapping"\n\t\t\t\t{\n'
	for m in "$@"; do
		prio=250; [ "${m%%=*}" = 0 ] && prio=75
		printf '\t\t\t\t\t"%s"\n\t\t\t\t\t{\n\t\t\t\t\t\t"name"\t\t"%s"\n\t\t\t\t\t\t"config"\t\t""\n\t\t\t\t\t\t"priority"\t\t"%s"\n\t\t\t\t\t}\n' \
			"${m%%=*}" "${m#*=}" "$prio"
	done
	printf '\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n'
}
launch() { # APPID: Steam's launch of that title through the tool; stderr in $T/err
	rm -f "$REC"
	(export STEAM_COMPAT_APP_ID=$1 SteamAppId=$1 SteamGameId=$1
	"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err")
}
ran() { [ -e "$REC" ] && rec_argv proton | head -n 1 | sed 's/^argv\[0\]=//' || echo "nothing"; }
reset() { steam_config "$@" >"$CFG"; rm -f "$XDG_STATE_HOME/mvgal/set-tool.vdf" "$CFG".mvgal-*; }

# ---- a title on Proton Experimental, handed to mvgal-launch: Experimental, not the newer GE
reset 0=proton_9 570=proton_experimental
launch 570
check_eq "Steam's GUI choice not yet saved (the file still shows Experimental): Experimental" "$PEXP/proton" "$(ran)"
"$LAUNCH" set-tool 570 >"$T/out"
check_eq "set-tool: exit 0" 0 $?
check_eq "set-tool: the build and why" "  mvgal-launch will run: Proton - Experimental [proton_experimental]: the title's tool before mvgal-launch" "$(grep 'will run' "$T/out")"
launch 570
check_eq "after set-tool: the title's tool before (Experimental), not the newest (GE)" "$PEXP/proton" "$(ran)"
check_eq "after set-tool: nothing said on stderr" "" "$(cat "$T/err")"
"$LAUNCH" protons >"$T/out"
check_eq "protons: the build and why" "    Proton - Experimental [proton_experimental]: the title's tool before mvgal-launch" "$(grep -A1 '^  570 ' "$T/out" | sed -n 2p)"
"$LAUNCH" profile show 570 >"$T/out" 2>&1
check "profile show: the build and why" grep -qx "; Proton in Steam: Proton - Experimental \\[proton_experimental\\]: the title's tool before mvgal-launch" "$T/out"
"$LAUNCH" set-tool 570 none >/dev/null
check_eq "set-tool none: the title back on Experimental" proton_experimental "$("$VDF_GET" "$CFG" InstallConfigStore/Software/Valve/Steam/CompatToolMapping/570/name)"

# set-tool to a Proton first (its first change: Steam's original had no entry), then to us
reset 0=proton_9
"$LAUNCH" set-tool 570 proton_experimental >/dev/null && "$LAUNCH" set-tool 570 >/dev/null
launch 570
check_eq "set-tool Experimental then mvgal: the tool it left, Experimental" "$PEXP/proton" "$(ran)"

# ---- no entry before: Steam Play's default (entry "0")
reset 0=proton_9
"$LAUNCH" set-tool 1091500 >"$T/out"
check "set-tool, no entry before: Steam Play's default" grep -qx "  mvgal-launch will run: Proton 9.0 \\[proton_9\\]: Steam Play's default (CompatToolMapping 0)" "$T/out"
launch 1091500
check_eq "no entry before: entry 0's tool (Proton 9.0)" "$P9/proton" "$(ran)"

# ---- Steam Play's default set to mvgal-launch: the default it replaced
"$LAUNCH" set-tool 0 >"$T/out"
check "set-tool 0: the default it replaced" grep -qx "  mvgal-launch will run: Proton 9.0 \\[proton_9\\]: Steam Play's default before mvgal-launch" "$T/out"
launch 1091500
check_eq "default set to mvgal: the default before (Proton 9.0)" "$P9/proton" "$(ran)"

# ---- no entry "0" at all: Steam's own default, Proton Experimental
reset 1091500=mvgal
launch 1091500
check_eq "no entry 0: Steam's own default (Experimental)" "$PEXP/proton" "$(ran)"
"$LAUNCH" protons >"$T/out"
check "protons: says it is Steam's own default" grep -q "^    Proton - Experimental \\[proton_experimental\\]: Steam's own default" "$T/out"

# ---- the build the title ran is gone: an error naming the installed builds, nothing runs
reset 0=proton_9 570=proton_8
"$LAUNCH" set-tool 570 >/dev/null
launch 570
check_eq "the title's earlier build not installed: exit 1, nothing run" "1 nothing" "$? $(ran)"
check_eq "... one line" 1 "$(wc -l <"$T/err")"
check "... names it, why, the installed builds and how to install it" grep -q "Proton \"proton_8\" (the title's tool before mvgal-launch) is not installed; installed: .*GE-Proton9-20.*; install it with \`steam steam://install/2348590\`" "$T/err"
"$LAUNCH" protons >"$T/out"
check "protons: says the build is missing" grep -q '^  570  *Test Game  *-> (none)$' "$T/out"

# ---- a profile names a build that is not installed: an error, never another build
reset 0=proton_9 570=mvgal
printf '[launch]\nproton = GE-Proton9-7\n' >"$P/570.ini"
launch 570
check_eq "profile names a missing build: exit 1, nothing run" "1 nothing" "$? $(ran)"
check "... names it, the file and line" grep -q "Proton \"GE-Proton9-7\" (launch.proton from $P/570.ini:2) is not installed; installed: " "$T/err"
check_eq "... and the installed builds" "3" "$(grep -o -e 'Proton 9.0 \[proton_9\]' -e 'GE-Proton9-20' -e 'Proton - Experimental \[proton_experimental\]' "$T/err" | sort -u | wc -l)"
"$LAUNCH" profile show 570 >"$T/out" 2>&1
check "profile show: says it" grep -q '^; Proton in Steam: (none): Proton \\"GE-Proton9-7\\" (launch.proton from' "$T/out"
printf '[launch]\nproton = GE-Proton\n' >"$P/570.ini"
launch 570
check_eq "profile names a family without a version: its newest build" "$PGE/proton" "$(ran)"
printf '[launch]\nproton = newest\n' >"$P/570.ini"
launch 570
check_eq "profile asks for the newest: GE-Proton here" "$PGE/proton" "$(ran)"
rm -f "$P/570.ini"
finish
