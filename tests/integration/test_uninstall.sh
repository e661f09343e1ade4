#!/bin/sh
# SPDX-License-Identifier: MIT
# Uninstalling leaves Steam pointing at something (issue 24): `mvgal-launch uninstall` gives
# every title mapped to our tools the tool it had before (as `set-tool APPID none`, same
# backups), lists each change, and refuses while Steam runs; `make uninstall` (no DESTDIR) runs
# it first, so that Steam lists no tool whose program is gone. Steam tree: steam_fake.sh, its
# config.vdf in the shape Steam writes (tests/data/steam/README.md).
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
CFG=$ROOT/config/config.vdf
CTM=InstallConfigStore/Software/Valve/Steam/CompatToolMapping
D=$ROOT/compatibilitytools.d/mvgal
tool() { "$VDF_GET" "$CFG" "$CTM/$1/name" 2>/dev/null || echo "(none)"; }
# every tool Steam would list in a compatibilitytools.d: the compat_tools keys of each
# compatibilitytool.vdf in a subfolder (the folders a tool's display name comes from)
listed() {
	for f in "$1"/*/compatibilitytool.vdf; do
		[ -f "$f" ] && awk '/^\t\t"[^"]*"$/ { gsub(/[\t"]/, ""); print }' "$f"
	done | sort | paste -sd' '
}

"$LAUNCH" install >/dev/null
check_eq "installed: Steam lists our two tools" "mvgal mvgal-native" "$(listed "$ROOT/compatibilitytools.d" | tr ' ' '\n' | grep mvgal | paste -sd' ')"
cp "$CFG" "$T/cfg0"
"$LAUNCH" set-tool 570 >/dev/null                       # no entry before
"$LAUNCH" set-tool 1091500 proton_experimental >/dev/null
"$LAUNCH" set-tool 1091500 >/dev/null                   # Experimental before
"$LAUNCH" set-tool 292030 mvgal-native --force >/dev/null # GE-Proton9-20 before
cp "$CFG" "$T/cfg1"

# ---- while Steam runs: refused, said why, nothing changed
start_fake_steam "$ROOT"
"$LAUNCH" uninstall >"$T/out" 2>"$T/err"
check_eq "Steam running: exit 1" 1 $?
check "Steam running: says why and what to do" grep -q "Steam is running (pid $spid): it would keep titles mapped to mvgal-launch.*quit Steam, then uninstall again" "$T/err"
check "Steam running: config.vdf untouched" cmp -s "$T/cfg1" "$CFG"
check "Steam running: the tool folder stays" test -f "$D/compatibilitytool.vdf"
kill "$spid"; wait "$spid" 2>/dev/null

# ---- Steam closed: each title back on its earlier tool, each change listed
"$LAUNCH" uninstall >"$T/out" 2>"$T/err"
check_eq "uninstall: exit 0" 0 $?
check_eq "titles back on their earlier tools" "(none) proton_experimental GE-Proton9-20 proton_9" \
	"$(tool 570) $(tool 1091500) $(tool 292030) $(tool 0)"
check "uninstall lists each change" sh -c "grep -qx '570: mvgal -> - in $CFG' '$T/out' && grep -qx '1091500: mvgal -> proton_experimental (the tool it had before) in $CFG' '$T/out' && grep -qx '292030: mvgal-native -> GE-Proton9-20 (the tool it had before) in $CFG' '$T/out'"
check "uninstall names the backups" grep -q "before this change: *$CFG.mvgal-bak" "$T/out"
check "the backup is the file before uninstall" cmp -s "$T/cfg1" "$CFG.mvgal-bak"
check_eq "no title maps to our tools" "" "$(grep -e '"mvgal"' -e '"mvgal-native"' "$CFG")"
check_eq "Steam lists no mvgal tool" "" "$(listed "$ROOT/compatibilitytools.d" | tr ' ' '\n' | grep mvgal)"

# ---- Steam Play's default set to us in Steam's GUI (nothing remembered): refused, said how
"$LAUNCH" install >/dev/null
sed 's/"proton_9"/"mvgal"/' "$T/cfg0" >"$CFG"
rm -f "$XDG_STATE_HOME/mvgal/set-tool.vdf"
cp "$CFG" "$T/cfg2"
"$LAUNCH" uninstall >"$T/out" 2>"$T/err"
check_eq "default ours, nothing remembered: exit 1" 1 $?
check "... says which command sets one" grep -q 'set-tool 0 proton_experimental`), then uninstall again' "$T/err"
check "... nothing changed" sh -c "cmp -s '$T/cfg2' '$CFG' && [ -f '$D/compatibilitytool.vdf' ]"
cp "$T/cfg0" "$CFG"

# ---- make uninstall after make install and mvgal-launch install: no tool left for Steam
mk() { MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" "$@"; }
PFX=$T/prefix
mk install PREFIX="$PFX" >"$T/mk" 2>&1
check_eq "make install PREFIX=tmp: exit 0" 0 $?
"$LAUNCH" uninstall >/dev/null 2>&1
"$PFX/bin/mvgal-launch" install --steam-root "$ROOT" >/dev/null
check_eq "the installed program is the tool" "$PFX/bin/mvgal-launch" "$(readlink "$D/mvgal-launch")"
"$PFX/bin/mvgal-launch" set-tool 570 >/dev/null
start_fake_steam "$ROOT"
mk uninstall PREFIX="$PFX" >"$T/mk" 2>&1
check_eq "make uninstall while Steam runs: fails" 2 $?
check "... and removes nothing" sh -c "[ -x '$PFX/bin/mvgal-launch' ] && [ -f '$D/compatibilitytool.vdf' ] && grep -q 'nothing removed' '$T/mk'"
kill "$spid"; wait "$spid" 2>/dev/null
mk uninstall PREFIX="$PFX" >"$T/mk" 2>&1
check_eq "make uninstall: exit 0" 0 $?
check "make uninstall: the program is gone" test ! -e "$PFX/bin/mvgal-launch"
check "make uninstall: no tool folder, no dangling link left" sh -c "[ ! -e '$D' ] && [ ! -L '$D/mvgal-launch' ]"
check_eq "make uninstall: Steam lists no mvgal tool" "" "$(listed "$ROOT/compatibilitytools.d" | tr ' ' '\n' | grep mvgal)"
check_eq "make uninstall: the title back on Steam's default" "(none)" "$(tool 570)"
finish
