#!/bin/sh
# SPDX-License-Identifier: MIT
# Flatpak Steam: the program starts inside the sandbox (nothing beyond glibc: inih
# linked statically), reads the sandbox's XDG folders (~/.var/app/com.valvesoftware.Steam/...),
# install into the Flatpak root puts the DB there and says where profiles go, and check run
# inside says which layer manifests the sandbox sees and the one supported way to add ours.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
need_cmd ldd libc-bin
make_steam
unset STEAM_COMPAT_CLIENT_INSTALL_PATH

# ---- nothing beyond glibc
other=$(ldd "$LAUNCH" | awk '{print $1}' | grep -v -x -e linux-vdso.so.1 -e libc.so.6 -e libm.so.6 \
	-e libdl.so.2 -e libpthread.so.0 -e librt.so.1 -e /lib64/ld-linux-x86-64.so.2 | paste -sd' ')
check_eq "ldd: only glibc's libraries (inih linked statically)" "" "$other"

# ---- install into the Flatpak root: a copy of the program, the DB in the sandbox's data dir
APP=$HOME/.var/app/com.valvesoftware.Steam
real_froot=$(cd "$FROOT" && pwd -P)
"$LAUNCH" install --steam-root="$FROOT" >"$T/out"
check_eq "install into the Flatpak root: exit 0" 0 $?
check "install: a copy of the program, the native tool's link stays inside the folder" sh -c "[ ! -L '$FROOT/compatibilitytools.d/mvgal/mvgal-launch' ] && [ \"\$(readlink '$FROOT/compatibilitytools.d/mvgal/native/mvgal-launch')\" = ../mvgal-launch ]"
check "install: the DB copied into the sandbox's XDG_DATA_HOME" cmp -s "$MVGAL_DB" "$APP/data/mvgal/compat-update.db"
check "install: says where the DB is" grep -q "^Flatpak Steam: compat DB in $APP/data/mvgal/compat-update.db" "$T/out"
check "install: says where profiles go" grep -q "^Flatpak Steam: your profiles go in $APP/config/mvgal/" "$T/out"

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
check "check in the sandbox: names the manifests it can see" grep -q '^ok   Flatpak .*can see: MangoHud.x86_64.json$' "$T/out"
check "check in the sandbox: ours missing is a FAIL with the one supported way" \
	grep -q '^FAIL layer manifest .*not visible in the Flatpak sandbox: on the host run `make install PREFIX=$HOME/.var/app/com.valvesoftware.Steam/data DATADIR=$HOME/.var/app/com.valvesoftware.Steam/data`' "$T/out"
mkdir -p "$APP/data/vulkan/implicit_layer.d"
cp "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "$APP/data/vulkan/implicit_layer.d/"
incheck
check "check in the sandbox: ours seen once installed there" grep -q "^ok   layer manifest $APP/data/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "$T/out"
finish
