#!/bin/sh
# SPDX-License-Identifier: MIT
# GPU selection through the real Vulkan loader: the test ICD (four GPUs: two NVIDIA in one device
# group, one AMD, one Intel; the loader sorts them by PCI address) + the layer's build-tree
# manifest + tests/tools/vkprobe, which prints exactly what the application sees.
. "$MVGAL_TOP/tests/integration/lib.sh"
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
need_file "$PROBE" "(build it: make)"
need_file "$ICD" "(build it: make)"
need_file "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "(make)"
need_file /usr/lib/x86_64-linux-gnu/libvulkan.so.1 libvulkan1

export VK_DRIVER_FILES="$ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1
export ENABLE_MVGAL=1

NV1="NVIDIA GeForce RTX 4070"
NV2="NVIDIA GeForce RTX 4070 (2)"
AMD="AMD Radeon RX 7900 XTX"
INTEL="Intel Arc A770"

# seen MVGAL_GPU: the devices, then the groups, as one line "d1|d2|... / g1|g2|..."
seen() {
	if [ "$1" = "-" ]; then unset MVGAL_GPU; else export MVGAL_GPU="$1"; fi
	"$PROBE" >"$T/out" 2>"$T/err"
	rc=$?
	unset MVGAL_GPU
	[ "$rc" -eq 0 ] || { echo "vkprobe failed ($rc): $(cat "$T/err")"; return; }
	d=$(sed -n 's/^device [0-9]*: \(.*\) (0x[0-9a-f]*)$/\1/p' "$T/out" | paste -sd '|' -)
	g=$(sed -n 's/^group [0-9]*: //p' "$T/out" | paste -sd '|' -)
	echo "$d / $g"
}

check_eq "no MVGAL_GPU: the driver's order, groups untouched" \
	"$NV1|$NV2|$AMD|$INTEL / $NV1, $NV2|$AMD|$INTEL" "$(seen -)"
check_eq "nvidia: both NVIDIA GPUs, their group whole" "$NV1|$NV2 / $NV1, $NV2" "$(seen nvidia)"
check_eq "amd" "$AMD / $AMD" "$(seen amd)"
check_eq "intel" "$INTEL / $INTEL" "$(seen intel)"
check_eq "amd,nvidia orders devices and groups" \
	"$AMD|$NV1|$NV2 / $AMD|$NV1, $NV2" "$(seen amd,nvidia)"
check_eq "intel,amd,nvidia" "$INTEL|$AMD|$NV1|$NV2 / $INTEL|$AMD|$NV1, $NV2" \
	"$(seen intel,amd,nvidia)"
check_eq "!nvidia hides the group too" "$AMD|$INTEL / $AMD|$INTEL" "$(seen '!nvidia')"
check_eq "!amd,!intel" "$NV1|$NV2 / $NV1, $NV2" "$(seen '!amd,!intel')"
check_eq "hiding one member shrinks its group" "$NV2|$AMD|$INTEL / $NV2|$AMD|$INTEL" \
	"$(seen '!pci:0000:01:00.0')"
check_eq "the second member first reorders inside the group" \
	"$NV2|$NV1 / $NV2, $NV1" "$(seen 'pci:0000:02:00.0,nvidia')"
check_eq "vendor id" "$AMD / $AMD" "$(seen 0x1002)"
check_eq "vendor:device id" "$NV1|$NV2 / $NV1, $NV2" "$(seen 0x10de:0x2786)"
check_eq "pci address, short form" "$INTEL|$AMD / $INTEL|$AMD" "$(seen pci:04:00.0,pci:03:00.0)"
check_eq "device UUID" "$NV2 / $NV2" "$(seen 10de0000-2786-0000-0000-000000000002)"
check_eq "name substring, any case" "$INTEL|$AMD / $INTEL|$AMD" "$(seen 'arc a7,RADEON')"
check_eq "a ! term wins over a positive one" "$NV2 / $NV2" "$(seen 'nvidia,!pci:01:00.0')"

check_eq "no match: all GPUs" "$NV1|$NV2|$AMD|$INTEL / $NV1, $NV2|$AMD|$INTEL" \
	"$(seen 'geforce gtx 1080')"
check_eq "no match: one log line" 1 "$(grep -c 'matches none of the 4 GPU' "$T/err")"
check_eq "everything hidden: all GPUs" "$NV1|$NV2|$AMD|$INTEL / $NV1, $NV2|$AMD|$INTEL" \
	"$(seen '!nvidia,!amd,!intel')"
check_eq "bad value: all GPUs" "$NV1|$NV2|$AMD|$INTEL / $NV1, $NV2|$AMD|$INTEL" \
	"$(seen 'pci:1:2')"
check "bad value: one line naming it" grep -q "MVGAL_GPU=pci:1:2: 'pci:1:2'" "$T/err"

MVGAL_LOG=$T/layer.log; export MVGAL_LOG
seen nomatch >/dev/null
check "MVGAL_LOG gets the log line too" grep -q 'matches none of the 4 GPU' "$T/layer.log"
unset MVGAL_LOG

seen list >/dev/null
check_eq "list: header" 1 "$(grep -c 'MVGAL_GPU=list: 4 GPU(s)' "$T/err")"
check "list: index, vendor, name, PCI bus, UUID" grep -q \
	"  1: vendor=0x10de nvidia name=\"$NV2\" pci=0000:02:00.0 uuid=10de0000-2786-0000-0000-000000000002" \
	"$T/err"
check_eq "list: all four" 4 "$(grep -c '  [0-9]: vendor=' "$T/err")"

MVGAL_GPU=amd "$PROBE" >"$T/out" 2>&1
check "two-call pattern: VK_INCOMPLETE with one slot too few" \
	grep -q '^incomplete: devices=VK_INCOMPLETE/0 groups=VK_INCOMPLETE/0$' "$T/out"
MVGAL_GPU=intel,amd "$PROBE" >"$T/out" 2>&1
check "VK_INCOMPLETE keeps the selection's first entries" \
	grep -q '^incomplete: devices=VK_INCOMPLETE/1 groups=VK_INCOMPLETE/1$' "$T/out"
check "the game creates its device on the selected GPU" grep -q "^created: $INTEL$" "$T/out"

DISABLE_MVGAL=1 MVGAL_GPU=amd "$PROBE" >"$T/out" 2>&1
check_eq "DISABLE_MVGAL=1 turns the layer off" 4 "$(grep -c '^device ' "$T/out")"
(unset ENABLE_MVGAL; MVGAL_GPU=amd "$PROBE" >"$T/out" 2>&1)
check_eq "without ENABLE_MVGAL=1 the layer stays out" 4 "$(grep -c '^device ' "$T/out")"

# the 32-bit build and its manifest exist (a 32-bit game gets its own .so)
so32=$MVGAL_BUILD/lib32/mvgal/libVkLayer_MVGAL_multigpu.so
check_eq "32-bit layer is ELF32 i386" "ELF 32-bit" \
	"$(file -b "$so32" 2>/dev/null | cut -c1-10)"
check "32-bit manifest points at it" grep -q "\"library_path\": \"$so32\"" \
	"$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86.json"
exports=$(nm -D --defined-only "$MVGAL_BUILD/lib/mvgal/libVkLayer_MVGAL_multigpu.so" |
	awk '{print $3}' | sort | paste -sd ' ' -)
check_eq "only loader entry points exported" \
	"vkGetDeviceProcAddr vkGetInstanceProcAddr vkNegotiateLoaderLayerInterfaceVersion" "$exports"
check "no libvulkan linkage" sh -c "! readelf -d '$MVGAL_BUILD/lib/mvgal/libVkLayer_MVGAL_multigpu.so' | grep -q libvulkan"
finish
