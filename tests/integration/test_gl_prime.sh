#!/bin/sh
# SPDX-License-Identifier: MIT
# GPU choice for OpenGL: on the fake sysfs trees of tests/data/sysfs (an Intel+AMD
# laptop, an Intel+NVIDIA laptop, an AMD+NVIDIA desktop) `mvgal-launch --gpu X -- CMD` sets the
# drivers' PRIME offload variables for the GPU X names, nothing for the display GPU, records
# why in launch.log, and the Vulkan layer (test ICD reporting the same GPUs) picks that same GPU.
# `mvgal-launch gpus` lists them.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
unset STEAM_COMPAT_APP_ID SteamAppId SteamGameId STEAM_COMPAT_DATA_PATH DRI_PRIME \
	__NV_PRIME_RENDER_OFFLOAD __GLX_VENDOR_LIBRARY_NAME __VK_LAYER_NV_optimus LD_PRELOAD
DATA=$MVGAL_TOP/tests/data/sysfs
export MVGAL_PCI_IDS=$DATA/pci.ids
GAME=$T/mygame
cp "$FAKE" "$GAME"
LOG=$XDG_STATE_HOME/mvgal/launch.log

# prime MACHINE SELECT: the PRIME variables the game got, one line "NAME=value ..." or "-"
prime() {
	rm -f "$REC"
	if [ "$2" = - ]; then
		MVGAL_SYSFS_ROOT=$DATA/$1 "$LAUNCH" -- "$GAME" 2>"$T/err"
	else
		MVGAL_SYSFS_ROOT=$DATA/$1 "$LAUNCH" --gpu "$2" -- "$GAME" 2>"$T/err"
	fi
	out=""
	for v in DRI_PRIME __NV_PRIME_RENDER_OFFLOAD __GLX_VENDOR_LIBRARY_NAME __VK_LAYER_NV_optimus; do
		val=$(rec_env mygame $v)
		[ "$val" = "<unset>" ] || out="$out${out:+ }$v=$val"
	done
	echo "${out:--}"
}
NV="__NV_PRIME_RENDER_OFFLOAD=1 __GLX_VENDOR_LIBRARY_NAME=nvidia __VK_LAYER_NV_optimus=NVIDIA_only"

m=intel_amd_laptop
check_eq "$m: amd -> DRI_PRIME" "DRI_PRIME=pci-0000_03_00_0" "$(prime $m amd)"
check "$m: launch.log says what and why" grep -q \
	'gl.prime="0000:03:00.0 (amdgpu): Mesa DRI_PRIME" DRI_PRIME=pci-0000_03_00_0' "$LOG"
check_eq "$m: intel (display GPU) -> nothing" "-" "$(prime $m intel)"
check "$m: launch.log says the display GPU needs nothing" grep -q \
	'gl.prime="0000:00:02.0 drives the display: nothing to set"' "$LOG"
check_eq "$m: !intel -> the AMD GPU" "DRI_PRIME=pci-0000_03_00_0" "$(prime $m '!intel')"
check_eq "$m: nvidia matches nothing -> nothing" "-" "$(prime $m nvidia)"
check "$m: ... and says so" grep -q 'gl.prime="no PCI GPU of 2 matches' "$LOG"
check_eq "$m: no gpu.select -> nothing" "-" "$(prime $m -)"
check_eq "$m: name substring (pci.ids)" "DRI_PRIME=pci-0000_03_00_0" "$(prime $m 'rx 6600')"
check_eq "$m: amd,intel orders: amd first" "DRI_PRIME=pci-0000_03_00_0" "$(prime $m amd,intel)"
check_eq "$m: intel,amd orders: intel first" "-" "$(prime $m intel,amd)"

m=intel_nvidia_laptop
check_eq "$m: nvidia -> NVIDIA offload" "$NV" "$(prime $m nvidia)"
check "$m: launch.log" grep -q 'gl.prime="0000:01:00.0 (nvidia): NVIDIA PRIME offload"' "$LOG"
check_eq "$m: pci address" "$NV" "$(prime $m pci:01:00.0)"
check_eq "$m: vendor:device" "$NV" "$(prime $m 0x10de:0x2860)"
check_eq "$m: intel -> nothing" "-" "$(prime $m intel)"
check_eq "$m: !nvidia -> the display GPU, nothing" "-" "$(prime $m '!nvidia')"

m=amd_nvidia_desktop
check_eq "$m: nvidia -> NVIDIA offload" "$NV" "$(prime $m nvidia)"
check_eq "$m: amd (display) -> nothing" "-" "$(prime $m amd)"
check_eq "$m: !amd -> NVIDIA" "$NV" "$(prime $m '!amd')"
check_eq "$m: name" "$NV" "$(prime $m 'RTX 4090')"

# the user's own variables stay when gpu.select says nothing
rm -f "$REC"
DRI_PRIME=1 MVGAL_SYSFS_ROOT=$DATA/intel_amd_laptop "$LAUNCH" -- "$GAME"
check_eq "the user's DRI_PRIME stays without gpu.select" 1 "$(rec_env mygame DRI_PRIME)"

# --no-layer: no OpenGL steering either
rm -f "$REC"
MVGAL_SYSFS_ROOT=$DATA/intel_amd_laptop "$LAUNCH" --no-layer --gpu amd -- "$GAME"
check_eq "--no-layer: no DRI_PRIME" "<unset>" "$(rec_env mygame DRI_PRIME)"

# Same GPU for Vulkan: the test ICD reports the desktop's two GPUs at their PCI addresses
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
need_file "$PROBE" "(build it: make)"
export VK_DRIVER_FILES="$ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1
export MVGAL_TEST_ICD_GPUS="vendor=0x10de,device=0x2684,name=NVIDIA GeForce RTX 4090,pci=0000:01:00.0;vendor=0x1002,device=0x744c,name=AMD Radeon RX 7900 XTX,pci=0000:0b:00.0"
for sel in nvidia amd '!amd' '!nvidia' 'pci:0b:00.0' 'amd,nvidia' 'nvidia,amd'; do
	vk=$(MVGAL_SYSFS_ROOT=$DATA/amd_nvidia_desktop "$LAUNCH" --gpu "$sel" -- "$PROBE" 2>/dev/null |
		sed -n 's/^device 0: \(.*\) (0x[0-9a-f]*)$/\1/p')
	gl=$(prime amd_nvidia_desktop "$sel")
	case "$gl" in
	-) gl="AMD Radeon RX 7900 XTX" ;;  # the display GPU
	__NV*) gl="NVIDIA GeForce RTX 4090" ;;
	esac
	check_eq "same GPU for Vulkan and OpenGL: --gpu $sel" "$gl" "$vk"
done
unset VK_DRIVER_FILES MVGAL_TEST_ICD_GPUS

# mvgal-launch gpus: text and JSON on each tree
for m in intel_amd_laptop intel_nvidia_laptop amd_nvidia_desktop; do
	MVGAL_SYSFS_ROOT=$DATA/$m "$LAUNCH" gpus >"$T/gpus.txt"
	check_eq "gpus $m: exit 0" 0 $?
	check_eq "gpus $m: two GPUs, bridges and audio left out" 2 "$(grep -c '^[0-9] ' "$T/gpus.txt")"
	MVGAL_SYSFS_ROOT=$DATA/$m "$LAUNCH" gpus --json >"$T/gpus.json"
	check "gpus --json $m: valid JSON" python3 -m json.tool "$T/gpus.json" >/dev/null
done
# a relative root is not honoured, and gpus says so instead of listing /sys in silence
MVGAL_SYSFS_ROOT=tests/data/sysfs/intel_amd_laptop "$LAUNCH" gpus >/dev/null 2>"$T/rel.err"
check "gpus: a relative MVGAL_SYSFS_ROOT is named as ignored" \
	grep -q "MVGAL_SYSFS_ROOT='tests/data/sysfs/intel_amd_laptop' is not an absolute path: ignored" "$T/rel.err"
MVGAL_SYSFS_ROOT=$DATA/amd_nvidia_desktop "$LAUNCH" gpus >"$T/gpus.txt"
check "gpus: AMD line (display, VRAM, temperature, load, name)" grep -q \
	'^1  amd     0000:0b:00.0 amdgpu   yes     24.0 GiB  52 C   37 %  Navi 31' "$T/gpus.txt"
check "gpus: selection terms" grep -q \
	'select with: nvidia, 0x10de, 0x10de:0x2684, pci:0000:01:00.0' "$T/gpus.txt"
MVGAL_SYSFS_ROOT=$DATA/amd_nvidia_desktop "$LAUNCH" gpus --json >"$T/gpus.json"
check_eq "gpus --json: fields" "1 amd 0000:0b:00.0 amdgpu True 25753026560 52000 37 pci:0000:0b:00.0" \
	"$(python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))[1]; print(g["index"], g["vendor"], g["pci"], g["driver"], g["display"], g["vram_bytes"], g["temperature_mc"], g["busy_percent"], g["select"][-1])' "$T/gpus.json")"
MVGAL_SYSFS_ROOT=$T/none "$LAUNCH" gpus --json >"$T/gpus.json"
check_eq "gpus --json without sysfs: []" "[]" "$(cat "$T/gpus.json")"
exit $MVGAL_FAILED
