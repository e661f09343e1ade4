#!/bin/sh
# SPDX-License-Identifier: MIT
# The layer under an older Vulkan loader (issue 24): Debian 11's libvulkan1 1.2.162, what a
# game outside Steam's container uses there. That loader takes the first manifest of a layer
# name it reads and, when that one is the other build's, loads no layer ("wrong ELF class").
# Each build has its own name (VK_LAYER_MVGAL_multigpu_x86_64, _x86, as MangoHud's layers do),
# so a 64-bit program gets the 64-bit layer whichever manifest comes first. The two manifests
# sit in one folder as `make install` puts them, on tmpfs, which lists the newest file first,
# so the 32-bit one is read first (the order ext4's hashed directories give some users). The
# loader's .deb comes from Debian 11's archive (scripts/deps.sh --tests fetches it); it is
# unpacked here and used through LD_LIBRARY_PATH, never installed.
. "$MVGAL_TOP/tests/integration/lib.sh"
OLD_DEB=/var/cache/mvgal-tests/libvulkan1_1.2.162.0-1_amd64.deb
need_file "$OLD_DEB" "libvulkan1=1.2.162.0-1 from Debian 11 (bullseye), fetched by scripts/deps.sh --tests"
need_cmd dpkg-deb dpkg
need_file "$LVP_ICD" mesa-vulkan-drivers
need_file /dev/shm "(a tmpfs at /dev/shm)"
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
M=$MVGAL_BUILD/share/vulkan/implicit_layer.d
need_built test_layer_old_loader "$PROBE" "$M/VkLayer_MVGAL_multigpu.x86_64.json" \
	"$M/VkLayer_MVGAL_multigpu.x86.json"

dpkg-deb -x "$OLD_DEB" "$T/old"
OLD=$T/old/usr/lib/x86_64-linux-gnu
S=$(mktemp -d /dev/shm/mvgal-test.XXXXXX)
trap 'rm -rf "$T" "$S"' EXIT
mkdir -p "$S/vulkan/implicit_layer.d"
cp "$M/VkLayer_MVGAL_multigpu.x86_64.json" "$S/vulkan/implicit_layer.d/"
cp "$M/VkLayer_MVGAL_multigpu.x86.json" "$S/vulkan/implicit_layer.d/"
export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$S:/usr/share"

name_of() { sed -n 's/^ *"name": "\(.*\)",$/\1/p' "$1"; }
check_eq "64-bit manifest: its own name" VK_LAYER_MVGAL_multigpu_x86_64 \
	"$(name_of "$M/VkLayer_MVGAL_multigpu.x86_64.json")"
check_eq "32-bit manifest: its own name" VK_LAYER_MVGAL_multigpu_x86 \
	"$(name_of "$M/VkLayer_MVGAL_multigpu.x86.json")"
# the rig: the 32-bit manifest is read first, and vkprobe runs on the old loader
check_eq "rig: the 32-bit manifest is listed first" VkLayer_MVGAL_multigpu.x86.json \
	"$(ls -f "$S/vulkan/implicit_layer.d" | grep -m 1 json)"
check "rig: vkprobe uses Debian 11's loader" sh -c \
	"LD_LIBRARY_PATH='$OLD' ldd '$PROBE' | grep -q '$OLD/libvulkan.so.1'"

# layer_seen NAME ENV...: vkprobe with ENABLE_MVGAL=1 MVGAL_GPU=list and ENV; the layer prints
# its GPU list to stderr when it is loaded
for loader in old current; do
	lp=
	[ $loader = old ] && lp=$OLD
	env ${lp:+LD_LIBRARY_PATH=$lp} ENABLE_MVGAL=1 MVGAL_GPU=list "$PROBE" >"$T/$loader.out" 2>"$T/$loader.err"
	check_eq "$loader loader: vkprobe runs" 0 $?
	check "$loader loader: the 64-bit layer is loaded" grep -q 'MVGAL_GPU=list: 1 GPU' "$T/$loader.err"
	check "$loader loader: no error on stderr" sh -c "! grep -qi 'ELF class\\|error' '$T/$loader.err'"
	env ${lp:+LD_LIBRARY_PATH=$lp} ENABLE_MVGAL=1 DISABLE_MVGAL=1 MVGAL_GPU=list "$PROBE" \
		>"$T/$loader-off.out" 2>"$T/$loader-off.err"
	check "$loader loader: DISABLE_MVGAL=1 still turns it off" \
		sh -c "! grep -q 'MVGAL_GPU=list' '$T/$loader-off.err'"
	env ${lp:+LD_LIBRARY_PATH=$lp} ENABLE_MVGAL=1 VK_LOADER_DEBUG=info "$PROBE" >"$T/$loader-dbg.out" 2>&1
	check "$loader loader: it inserts VK_LAYER_MVGAL_multigpu_x86_64" \
		grep -q 'Insert instance layer "*VK_LAYER_MVGAL_multigpu_x86_64' "$T/$loader-dbg.out"
done
finish
