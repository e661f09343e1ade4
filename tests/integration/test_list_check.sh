#!/bin/sh
# SPDX-License-Identifier: MIT
# `list` and `check` on a Steam tree shaped like a real one (issue 27, item 9): list in name
# order (case-insensitive; equal names by appid), a native game without Steam Play's default
# (Steam applies it to Windows games only: those carry "platform_override_source" "windows",
# see steam_fake.sh's acf), and check with no false FAIL and no "ok" for zero GPUs.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH
acf "$ROOT" 700 "Native Game" "Native Game"
acf "$ROOT" 620 "abzu" "ABZU" windows
acf "$LIB2" 881100 "zed" "zed" windows
acf "$LIB2" 4000 "Test game" "Test game 2" windows
# a non-Steam shortcut (binary shortcuts.vdf as Steam writes it: "Celeste (itch)")
mkdir -p "$ROOT/userdata/12345678/config"
cp "$MVGAL_TOP/tests/data/vdf/shortcuts.vdf" "$ROOT/userdata/12345678/config/shortcuts.vdf"

"$LAUNCH" list --steam-root="$ROOT" >"$T/out" 2>"$T/err"
check_eq "list: exit 0" 0 "$?"
check_eq "list: in name order, case-insensitive; equal names by appid" \
	"abzu|Celeste (itch)|Heroic Games Launcher|Native Game|Other Game|Test Game|Test game|zed" \
	"$(sed -n '2,$p' "$T/out" | grep -v 'program:' | cut -c12-38 | sed 's/ *$//' | paste -sd'|' -)"
check_eq "list: equal names (but case) by appid as a number: 570 before 4000" \
	"570 4000" "$(awk '/Test [Gg]ame/ { print $1 }' "$T/out" | paste -sd' ' -)"
check "list: a Windows game without its own tool shows Steam Play's default" \
	grep -q '^620 .*abzu  *proton_9 (default)' "$T/out"
check "list: a native game shows no Proton default" grep -q '^700 .*Native Game  *native  ' "$T/out"
check "list: a game's own mapping is shown (292030 has one in config.vdf)" \
	sh -c "! grep -q '^700 .*proton' '$T/out'"

# config.vdf without entry "0" (tests/data/steam/config_no_default.vdf: a 2026 client writes none
# until the user changes Steam Play's default, which is then Proton Experimental): list shows the
# build Steam runs, and the launcher, started by Steam for that game, wraps the same build
cp "$ROOT/config/config.vdf" "$T/config.vdf"
cp "$MVGAL_TOP/tests/data/steam/config_no_default.vdf" "$ROOT/config/config.vdf"
"$LAUNCH" list --steam-root="$ROOT" >"$T/out" 2>"$T/err"
check "list, no entry 0: a Windows game shows Steam's own default, not -" \
	grep -q '^570 .*Test Game  *proton_experimental (default)  ' "$T/out"
check "list, no entry 0: a native game is still native" grep -q '^700 .*Native Game  *native  ' "$T/out"
rm -f "$REC"
STEAM_COMPAT_APP_ID=570 SteamAppId=570 SteamGameId=570 STEAM_COMPAT_DATA_PATH="$T/compatdata/570" \
	"$LAUNCH" waitforexitandrun "$GAME_DIR/Game.exe" >/dev/null 2>"$T/err"
check_eq "no entry 0: the launcher wraps that build, Proton Experimental" \
	"argv[0]=$PEXP/proton" "$(rec_argv proton | head -n 1)"
cp "$T/config.vdf" "$ROOT/config/config.vdf"

# check on this tree and a clean HOME: every FAIL line looked at
VK_DRIVER_FILES=${LVP_ICD:-} "$LAUNCH" install >/dev/null 2>&1
mkdir -p "$T/sys/bus/pci/devices"
MVGAL_SYSFS_ROOT=$T/sys "$LAUNCH" check >"$T/out" 2>&1
check "check: zero GPUs is a FAIL, not ok" grep -q '^FAIL GPUs (PCI) *none in .*: install a GPU' "$T/out"
check "check: no 'ok ... 0 in'" sh -c "! grep -q '^ok   GPUs (PCI) *0 in' '$T/out'"
# Flatpak Steam with a library and no game: no Proton is not a failure there
check "check: a Steam with no Windows game needs no Proton (ok)" \
	grep -q '^ok   Proton *none installed (no Windows game here needs one yet)' "$T/out"
check "check: no FAIL 'none found' for it" sh -c "! grep -q '^FAIL Proton *none found' '$T/out'"
# ... but a Windows game there without any Proton is
acf "$FROOT" 620 "abzu" "ABZU" windows
"$LAUNCH" check >"$T/out" 2>&1
check "check: a Windows game and no Proton is a FAIL naming the game" \
	grep -q '^FAIL Proton *none found, but abzu is a Windows game: install Proton from Steam' "$T/out"
rm "$FROOT/steamapps/appmanifest_620.acf"
# the fake sysfs tree of a laptop (tests/data/sysfs): ok with the count
MVGAL_SYSFS_ROOT=$MVGAL_TOP/tests/data/sysfs/intel_amd_laptop "$LAUNCH" check >"$T/out" 2>&1
check "check: GPUs found are ok with their count" grep -q '^ok   GPUs (PCI) *2 in ' "$T/out"
# a software renderer as the only Vulkan device is no "ok" for a gamer (issue 27): Mesa's
# lavapipe, the real driver (package mesa-vulkan-drivers), reports itself as llvmpipe, type CPU
MVGAL_SYSFS_ROOT=$MVGAL_TOP/tests/data/sysfs/intel_amd_laptop VK_DRIVER_FILES=$LVP_ICD \
	"$LAUNCH" check >"$T/out" 2>&1
rc=$?
check_eq "check, lavapipe only: exit 0, a warning is no failure ($(grep '^FAIL' "$T/out"))" 0 "$rc"
check "check, lavapipe only: a warn line names the software renderer and the driver to install" \
	grep -q "^warn GPU  *0: llvmpipe .* is a software renderer (it draws on the CPU) and the only Vulkan device, so games run slowly: install your GPU's Vulkan driver (mesa-vulkan-drivers for AMD and Intel, nvidia-driver for NVIDIA)" "$T/out"
check "check, lavapipe only: no ok GPU line" sh -c "! grep -q '^ok   GPU ' '$T/out'"
check "check, lavapipe only: the summary points to it" \
	grep -q '^everything needed for a launch is in place, but see the warn lines above$' "$T/out"
# ... but next to a real GPU it is only one more device (the test ICD plays both)
VK_DRIVER_FILES=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json \
	MVGAL_TEST_ICD_GPUS='vendor=0x1002,device=0x744c,name=AMD Radeon RX 7900 XTX,type=discrete;vendor=0x10005,device=0,name=llvmpipe (LLVM 15.0.6, 256 bits),type=cpu' \
	"$LAUNCH" check >"$T/out2" 2>&1
check_eq "check, a GPU and llvmpipe: both ok" "ok ok" \
	"$(grep '^[a-zF]* *GPU  ' "$T/out2" | cut -c1-2 | paste -sd' ' -)"
# what is left FAILing on this tree: only what the machine itself lacks
check_eq "check: no other FAIL on a complete fake Steam" "" \
	"$(grep '^FAIL' "$T/out" | grep -v -e '^FAIL GPU' -e '^FAIL layer (loader)' -e '^FAIL Vulkan')"
finish
