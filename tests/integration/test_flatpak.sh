#!/bin/sh
# SPDX-License-Identifier: MIT
# Flatpak Steam: the program starts inside the sandbox (nothing beyond glibc: inih
# linked statically), reads the sandbox's XDG folders (~/.var/app/com.valvesoftware.Steam/...),
# install into the Flatpak root puts the DB there and says where profiles go, and check run
# inside says which layer manifests the sandbox sees and the one supported way to add ours.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
need_cmd ldd libc-bin
# A Flatpak-shaped home as Flatpak Steam's steam-wrapper leaves it (flathub/com.valvesoftware.Steam,
# steam_wrapper.py: its Migrator moves data/ to .local/share/ and links data -> .local/share, and it
# runs Steam with XDG_DATA_HOME=~/.var/app/com.valvesoftware.Steam/.local/share)
APP=$HOME/.var/app/com.valvesoftware.Steam
mkdir -p "$APP/.local/share" "$APP/.config"
ln -s .local/share "$APP/data"
ln -s .config "$APP/config"
make_steam
unset STEAM_COMPAT_CLIENT_INSTALL_PATH
need_file "$MVGAL_BUILD/tests/tools/vkprobe" "(build it: make)"

# ---- nothing beyond glibc
other=$(ldd "$LAUNCH" | awk '{print $1}' | grep -v -x -e linux-vdso.so.1 -e libc.so.6 -e libm.so.6 \
	-e libdl.so.2 -e libpthread.so.0 -e librt.so.1 -e /lib64/ld-linux-x86-64.so.2 | paste -sd' ')
check_eq "ldd: only glibc's libraries (inih linked statically)" "" "$other"

# ---- before install: check on the host says Flatpak Steam's sandbox will not see the layer
export XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share"
VK_DRIVER_FILES=$LVP_ICD "$LAUNCH" check >"$T/out" 2>&1
check "check on the host, before install: Flatpak Steam will not load the layer, the fix" \
	grep -q '^FAIL layer (Flatpak) .*no manifest of ours in its folders: run `mvgal-launch install` on the host' "$T/out"
check "check on the host: this machine sees it (the build tree)" grep -q '^ok   layer (host) ' "$T/out"
# a layer installed on the host and named from the sandbox's folder: not visible in there
mkdir -p "$APP/data/vulkan/implicit_layer.d"
cp "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "$APP/data/vulkan/implicit_layer.d/"
VK_DRIVER_FILES=$LVP_ICD "$LAUNCH" check >"$T/out" 2>&1
check "check on the host: a library outside ~/.var/app/... is a FAIL" \
	grep -q "^FAIL layer (Flatpak) .*its library $MVGAL_BUILD/lib/mvgal/libVkLayer_MVGAL_multigpu.so is outside $APP, which the sandbox cannot see: run" "$T/out"

# ---- install into the Flatpak root: a copy of the program, the DB in the sandbox's data dir
real_froot=$(cd "$FROOT" && pwd -P)
"$LAUNCH" install --steam-root="$FROOT" >"$T/out"
check_eq "install into the Flatpak root: exit 0" 0 $?
check "install: a copy of the program, the native tool's link stays inside the folder" sh -c "[ ! -L '$FROOT/compatibilitytools.d/mvgal/mvgal-launch' ] && [ \"\$(readlink '$FROOT/compatibilitytools.d/mvgal/native/mvgal-launch')\" = ../mvgal-launch ]"
check "install: the DB copied into the sandbox's XDG_DATA_HOME" cmp -s "$MVGAL_DB" "$APP/data/mvgal/compat-update.db"
check "install: says where the DB is" grep -q "^Flatpak Steam: compat DB in $APP/data/mvgal/compat-update.db" "$T/out"
check "install: says where profiles go" grep -q "^Flatpak Steam: your profiles go in $APP/config/mvgal/" "$T/out"

# ---- install: the layer and the OpenGL library where the sandbox sees them (issue 24 item 7)
TD=$real_froot/compatibilitytools.d/mvgal
MF=$APP/data/vulkan/implicit_layer.d
lib_path() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["layer"]["library_path"])' "$1"; }
check "install: says where the layer went" grep -q "^Flatpak Steam: the layer's manifests in $MF, the layer and OpenGL libraries in $TD/lib/mvgal and lib32/mvgal" "$T/out"
check_eq "install: the 64-bit manifest names the copy in the tool folder" "$TD/lib/mvgal/libVkLayer_MVGAL_multigpu.so" "$(lib_path "$MF/VkLayer_MVGAL_multigpu.x86_64.json")"
check_eq "install: the 32-bit manifest too" "$TD/lib32/mvgal/libVkLayer_MVGAL_multigpu.so" "$(lib_path "$MF/VkLayer_MVGAL_multigpu.x86.json")"
check "install: the layer is a copy (the sandbox cannot follow a link to the host)" sh -c "[ -f '$TD/lib/mvgal/libVkLayer_MVGAL_multigpu.so' ] && [ ! -L '$TD/lib/mvgal/libVkLayer_MVGAL_multigpu.so' ] && cmp -s '$TD/lib32/mvgal/libmvgal_gl.so' '$MVGAL_BUILD/lib32/mvgal/libmvgal_gl.so'"
check "install: the OpenGL library's per-platform links resolve inside the tool folder" sh -c "cmp -s '$TD/lib/mvgal/gl/x86_64/libmvgal_gl.so' '$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so' && cmp -s '$TD/lib/mvgal/gl/i686/libmvgal_gl.so' '$MVGAL_BUILD/lib32/mvgal/libmvgal_gl.so'"
# the real loader, with the sandbox's XDG_DATA_HOME (steam-wrapper's, then flatpak's own) and none
# of the host's folders: the layer runs (MVGAL_GPU=amd leaves the test ICD's AMD GPU alone)
amd_only() {
	(export XDG_DATA_HOME="$1" XDG_DATA_DIRS=/usr/share XDG_CONFIG_HOME="$APP/.config" \
		VK_DRIVER_FILES="$MVGAL_BUILD/tests/icd/mvgal_test_icd.json" ENABLE_MVGAL=1 MVGAL_GPU=amd NODEVICE_SELECT=1
	 "$MVGAL_BUILD/tests/tools/vkprobe" 2>&1 | sed -n 's/^device [0-9]*: \(.*\) (0x[0-9a-f]*)$/\1/p' | paste -sd '|' -)
}
check_eq "the real loader runs the layer from the sandbox's .local/share" "AMD Radeon RX 7900 XTX" "$(amd_only "$APP/.local/share")"
check_eq "the real loader runs the layer from the sandbox's data" "AMD Radeon RX 7900 XTX" "$(amd_only "$APP/data")"
VK_DRIVER_FILES=$LVP_ICD "$LAUNCH" check >"$T/out" 2>&1
check "check on the host after install: Flatpak Steam sees it" \
	grep -q "^ok   layer (Flatpak) Flatpak Steam's sandbox sees it in $APP/.local/share/vulkan/implicit_layer.d (64-bit: loads; 32-bit: an i386 library)" "$T/out"
# a program with no layer beside it: says plainly that settings will not apply, and the fix
mkdir -p "$T/lone" && cp "$LAUNCH" "$T/lone/mvgal-launch"
"$T/lone/mvgal-launch" install --steam-root="$FROOT" >"$T/lone.out" 2>&1
check "install without the layer beside the program: settings will not apply, the fix" \
	grep -q "^Flatpak Steam: settings will NOT apply to its games: no layer beside this program in $T/lone/lib/mvgal; run \`make install PREFIX=\$HOME/.local\`, then" "$T/lone.out"
check "install without the layer: no manifest left naming a library that is gone" sh -c "! ls '$MF' | grep -q VkLayer_MVGAL"
# ... and the tool still goes in, whole: a new folder without the old one's libraries, no
# staging folder left beside it (the install once stopped half way, leaving both)
check "install without the layer: the tool folder is replaced, without libraries" sh -c "[ -f '$TD/compatibilitytool.vdf' ] && cmp -s '$T/lone/mvgal-launch' '$TD/mvgal-launch' && [ ! -e '$TD/lib/mvgal' ]"
check "install without the layer: no staging folder left" sh -c "! ls -A '$real_froot/compatibilitytools.d' | grep -q '^[.]mvgal[.]'"
"$LAUNCH" install --steam-root="$FROOT" >"$T/out" 2>&1

# ---- inside the sandbox: FLATPAK_ID set, XDG_* as an older flatpak leaves them (unset)
mkdir -p "$APP/config/mvgal/profiles"
printf '[frame]\nfps = 48\n' >"$APP/config/mvgal/profiles/570.ini"
NG="$FROOT/steamapps/common/Native"
mkdir -p "$NG"
cp "$FAKE" "$NG/native-game"
rm -f "$REC"
(unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME MVGAL_DB
 export FLATPAK_ID=com.valvesoftware.Steam STEAM_COMPAT_APP_ID=570
 "$FROOT/compatibilitytools.d/mvgal/native/mvgal-launch" --native waitforexitandrun "$NG/native-game"
 "$FROOT/compatibilitytools.d/mvgal/mvgal-launch" db path >"$T/dbpath" 2>&1)
check_eq "sandbox: the profile from ~/.var/app/.../config" 48 "$(rec_env native-game MVGAL_FPS)"
pre=$(rec_env native-game LD_PRELOAD)
check "sandbox: the OpenGL library preloaded from the tool folder's copy ($pre)" sh -c "case '$pre' in '$TD/lib/mvgal/'*libmvgal_gl.so) exit 0;; esac; exit 1"
check "sandbox: the launch log in ~/.var/app/.../.local/state" test -s "$APP/.local/state/mvgal/launch.log"
check "sandbox: the DB from ~/.var/app/.../data" grep -q "$APP/data/mvgal/compat-update.db" "$T/dbpath"

# ---- check inside: which manifests the sandbox sees, and the one way to add ours
mkdir -p "$T/runtime-share/vulkan/implicit_layer.d"
echo '{}' >"$T/runtime-share/vulkan/implicit_layer.d/MangoHud.x86_64.json"
incheck() {
	(export FLATPAK_ID=com.valvesoftware.Steam XDG_DATA_HOME="$APP/data" \
		XDG_DATA_DIRS="$T/runtime-share" VK_DRIVER_FILES=$LVP_ICD
	 "$LAUNCH" check --steam-root="$FROOT" >"$T/out" 2>&1)
}
incheck
check "check in the sandbox: names the manifests it can see" grep -q '^ok   Flatpak .*can see: .*VkLayer_MVGAL_multigpu.x86_64.json.*MangoHud.x86_64.json' "$T/out"
check "check in the sandbox: ours seen (install put it there)" grep -q "^ok   layer (Flatpak) Flatpak Steam's sandbox sees it in $APP/data/vulkan/implicit_layer.d (64-bit: loads" "$T/out"
check "check in the sandbox: the host cannot be seen from there" grep -q "^ok   layer (host) *not visible from inside com.valvesoftware.Steam's sandbox" "$T/out"
rm -r "$APP/.local/share/vulkan"
incheck
check "check in the sandbox: ours missing is a FAIL with the fix" \
	grep -q "^FAIL layer (Flatpak) Flatpak Steam's sandbox will not load it: no manifest of ours in its folders: run \`mvgal-launch install\` on the host" "$T/out"
"$LAUNCH" uninstall --steam-root="$FROOT" >/dev/null 2>&1
"$LAUNCH" install --steam-root="$FROOT" >/dev/null 2>&1
"$LAUNCH" uninstall --steam-root="$FROOT" >"$T/out" 2>&1
check "install again, then uninstall: the tool folder is gone, no stray" sh -c "[ ! -e '$FROOT/compatibilitytools.d/mvgal' ] && ! ls -a '$FROOT/compatibilitytools.d' | grep -q '^.mvgal'"
check "uninstall: the sandbox's manifests go with the tool folder" sh -c "! ls '$APP/data/vulkan/implicit_layer.d' | grep -q VkLayer_MVGAL"
finish
