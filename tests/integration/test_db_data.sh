#!/bin/sh
# SPDX-License-Identifier: MIT
# SECURITY.md: the compat DB is data, never code; profiles and paths.
#   1. a DB entry setting a variable off the DB's list, a value outside its grammar or a path
#      in any Wine spelling, or launch.args naming a file or a command: refused with file:line,
#      the entry left out whole, nothing of it reaches Proton
#   2. documented values (DXVK, vkd3d-proton, Proton) do reach Proton, byte-exact
#   3. what the user set in the environment beats the DB
#   4. an exe match applies only without an appid (a decoy exe entry reaches no Steam title)
#   5. a user profile cannot set loader, layer, driver, HOME/XDG or STEAM_COMPAT_* variables
#   6. db show, db search, profile show --explain print no raw control byte from the DB
#   7. a Steam library path with ':' stays out of STEAM_COMPAT_LIBRARY_PATHS, its Proton out of
#      STEAM_COMPAT_TOOL_PATHS, one warning each
#   8. profile edit's template honours the umask
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
EXE="$GAME_DIR/Game.exe"
P=$XDG_CONFIG_HOME/mvgal/profiles
ESC=$(printf '\033')
no_ctl() { ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; }
db() { # db FILE APPID LINE...: a one-entry DB, the entry's lines after name/exe/reason
	f=$1 id=$2
	shift 2
	{
		printf '[mvgal-db]\nformat = 1\nserial = 2099010100\n\n[%s]\nname = Test Game\n' "$id"
		printf 'exe = Game.exe\nreason = test\nframe.fps = 33\n'
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$f"
}

# ---- 1. hostile entries (line 10 is the hostile one)
for bad in 'env.PROTON_REMOTE_DEBUG_CMD = files/bin/cmd.exe "/c" "calc"' \
	'env.PROTON_LOG = 1' 'env.WINEDEBUG = +relay' 'env.MESA_VK_DEVICE_SELECT = 10de:0000!' \
	'env.WINEDLLOVERRIDES = dxgi=n' 'env.DXVK_CONFIG_FILE = dxvk.conf' \
	'env.DXVK_CONFIG = d3d9.x = \??\unix\home\u\.bashrc' \
	'env.DXVK_HUD = fps,\\?\Z:\home\u' 'env.VKD3D_CONFIG = dxr11,\home\u' \
	'env.PROTON_NO_FSYNC = "C:\x"' "launch.args = -logFile $HOME/.bashrc" \
	'launch.args = --renderer-cmd-prefix=xterm' 'launch.args = --gpu-launcher=calc' \
	'launch.args = +exec autoexec.cfg' 'launch.args = -dx11 --write-movie movie.avi' \
	'launch.args = --js-flags=--expose-gc' 'env.DXVK_CONFIG = dxvk.deviceFilter = llvmpipe' \
	'env.VKD3D_CONFIG = vk_debug'; do
	db "$T/hostile.db" 570 "$bad"
	rm -f "$REC"
	MVGAL_DB=$T/hostile.db "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
	rc=$?
	key=${bad%% =*}
	check_eq "DB $key: still launches" 0 $rc
	check "DB $key: refused with file:line" grep -q "$T/hostile.db:10:" "$T/err"
	check_eq "DB $key: the whole entry left out" "<unset>" "$(rec_env proton MVGAL_FPS)"
	var=${key#env.}
	[ "$var" != "$key" ] && check_eq "DB $key: not in Proton's environment" "<unset>" \
		"$(rec_env proton "$var")"
	check_eq "DB $key: no argument added" "" "$(rec_argv proton | sed -n '4,$p')"
done

# ---- 2. documented values reach Proton as they are
db "$T/good.db" 570 'env.DXVK_HUD = devinfo,fps,scale=1.5' \
	'env.DXVK_CONFIG = "dxgi.syncInterval = 0; d3d9.maxFrameRate = -60"' \
	'env.VKD3D_CONFIG = dxr,no_upload_hvv' 'env.PROTON_NO_FSYNC = 1' \
	'launch.args = -dx11 --skip-launcher'
rm -f "$REC"
MVGAL_DB=$T/good.db "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "DB documented values: exit 0, no complaint" "0 " "$? $(cat "$T/err")"
check_eq "DB documented values: in Proton's environment" \
	"33|devinfo,fps,scale=1.5|dxgi.syncInterval = 0; d3d9.maxFrameRate = -60|dxr,no_upload_hvv|1" \
	"$(rec_env proton MVGAL_FPS)|$(rec_env proton DXVK_HUD)|$(rec_env proton DXVK_CONFIG)|$(rec_env proton VKD3D_CONFIG)|$(rec_env proton PROTON_NO_FSYNC)"
check_eq "DB launch.args: after the game" "argv[3]=-dx11
argv[4]=--skip-launcher" "$(rec_argv proton | sed -n '4,$p')"

# ---- 3. the user's environment beats the DB (an empty value counts as set)
rm -f "$REC"
DXVK_HUD=fps PROTON_NO_FSYNC= MVGAL_DB=$T/good.db "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "env beats DB: the user's values, the DB's others" "fps||dxr,no_upload_hvv" \
	"$(rec_env proton DXVK_HUD)|$(rec_env proton PROTON_NO_FSYNC)|$(rec_env proton VKD3D_CONFIG)"

# ---- 4. a decoy entry matched by exe: not for a title with an appid
db "$T/decoy.db" 1 'env.PROTON_NO_FSYNC = 1'
rm -f "$REC"
MVGAL_DB=$T/decoy.db "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "exe decoy: not applied to appid 570" "<unset>|<unset>" \
	"$(rec_env proton MVGAL_FPS)|$(rec_env proton PROTON_NO_FSYNC)"
MVGAL_DB=$T/decoy.db "$LAUNCH" profile show Game.exe >"$T/out" 2>&1
check "exe match without an appid still applies" grep -q '^fps = 33$' "$T/out"

# ---- 5. user profile [env]: each refused with file:line; Proton gets what Steam set
n=0
for var in LD_AUDIT LD_BIND_NOW VK_ADD_LAYER_PATH VK_INSTANCE_LAYERS VK_LOADER_LAYERS_DISABLE \
	VK_ICD_FILENAMES VK_DRIVER_FILES VK_ADD_DRIVER_FILES __EGL_VENDOR_LIBRARY_FILENAMES \
	LIBGL_DRIVERS_PATH GCONV_PATH PYTHONPATH STEAM_COMPAT_DATA_PATH STEAM_COMPAT_MOUNTS HOME \
	XDG_CONFIG_HOME XDG_DATA_HOME; do
	before=$(eval "printf '%s' \"\${$var-<unset>}\"")
	printf '[frame]\nfps = 41\n[env]\n%s = %s/evil\n' "$var" "$T" >"$P/570.ini"
	rm -f "$REC"
	"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q "$P/570.ini:4: \[env\] $var is refused" "$T/err" &&
		[ "$(rec_env proton "$var")" = "$before" ] &&
		[ "$(rec_env proton MVGAL_FPS)" = 41 ]; then
		n=$((n + 1))
	else
		not_ok "profile [env] $var" "rc $rc, $(rec_env proton "$var"), $(cat "$T/err")"
	fi
done
check_eq "profile [env]: 17 loader/layer/driver/home variables refused, the line skipped, the rest applies" 17 "$n"
rm -f "$P/570.ini"

# ---- 6. control bytes from the DB never reach the terminal
printf '[mvgal-db]\nformat = 1\nserial = 2026010100\n\n[570]\nname = Evil%s]0;pwned\007\nexe = a%s[2Jb.exe\nreason = x%s[31m\n' \
	"$ESC" "$ESC" "$ESC" >"$T/ctl.db"
MVGAL_DB=$T/ctl.db "$LAUNCH" db show 570 >"$T/out" 2>&1
check "db show: no raw control byte" no_ctl "$T/out"
check "db show: the escape is shown escaped" grep -q 'Evil\\x1b\]0;pwned\\x07' "$T/out"
MVGAL_DB=$T/ctl.db "$LAUNCH" db search evil >"$T/out" 2>&1
check "db search: no raw control byte" no_ctl "$T/out"
check "db search: found" grep -q '^570 ' "$T/out"
MVGAL_DB=$T/ctl.db "$LAUNCH" profile show 570 --explain >"$T/out" 2>&1
check "profile show --explain: no raw control byte" no_ctl "$T/out"
check "profile show --explain: the entry refused" grep -q 'name: control character' "$T/out"
printf '[frame]\nfps%s[2J = 3\n' "$ESC" >"$P/570.ini"
"$LAUNCH" profile check >"$T/out" 2>&1
check "profile check: a diagnostic quoting the file is escaped" no_ctl "$T/out"
rm -f "$P/570.ini"

# ---- 7. a library path with ':' (the title's profile names the Proton in it)
LIBC="$T/li:b"
mkdir -p "$LIBC/steamapps"
fake_proton_dir "$LIBC/steamapps/common/Proton 99.0" 1900000000 1628350
cp "$ROOT/steamapps/libraryfolders.vdf" "$T/lf.save"
printf '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n\t"1"\n\t{\n\t\t"path"\t\t"%s"\n\t}\n}\n' \
	"$ROOT" "$LIBC" >"$ROOT/steamapps/libraryfolders.vdf"
printf '[launch]\nproton = Proton 99.0\n' >"$XDG_CONFIG_HOME/mvgal/profiles/570.ini"
rm -f "$REC"
"$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "':' library: still launches its Proton" "0 argv[0]=$LIBC/steamapps/common/Proton 99.0/proton" \
	"$? $(rec_argv proton | head -n 1)"
check_eq "':' library: not in STEAM_COMPAT_LIBRARY_PATHS" "$ROOT" \
	"$(rec_env proton STEAM_COMPAT_LIBRARY_PATHS)"
check_eq "':' library: one warning" 1 "$(grep -c "li:b.*STEAM_COMPAT_LIBRARY_PATHS" "$T/err")"
check_eq "':' library: its Proton not in STEAM_COMPAT_TOOL_PATHS, the runtime is" \
	"$ROOT/steamapps/common/SteamLinuxRuntime_sniper" "$(rec_env proton STEAM_COMPAT_TOOL_PATHS)"
check_eq "':' library: one warning for the tool paths" 1 \
	"$(grep -c "Proton folder.*li:b.*STEAM_COMPAT_TOOL_PATHS" "$T/err")"
cp "$T/lf.save" "$ROOT/steamapps/libraryfolders.vdf"
rm -f "$XDG_CONFIG_HOME/mvgal/profiles/570.ini"

# ---- 8. the profile template under umask 077
printf '#!/bin/sh\nexit 0\n' >"$T/ed"
chmod +x "$T/ed"
(umask 077 && VISUAL=$T/ed "$LAUNCH" profile edit 4242 >/dev/null 2>&1)
check_eq "profile edit under umask 077: template is 0600" 600 \
	"$(stat -c %a "$P/4242.ini" 2>/dev/null)"

finish
