#!/bin/sh
# SPDX-License-Identifier: MIT
# docs/layer.md "Mesa's device-select layer": with the build tree our layer sits above
# VK_LAYER_MESA_device_select (nearer the game), so our selection is what the game sees and
# device-select's order only decides what ours leaves open. Real loader, the test ICD's four
# GPUs plus lavapipe, Mesa's implicit device-select layer from /usr/share.
. "$MVGAL_TOP/tests/integration/lib.sh"
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
LVP=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
need_file "$PROBE" "(build it: make)"
need_file "$ICD" "(build it: make)"
need_file "$LVP" mesa-vulkan-drivers
need_file /usr/share/vulkan/implicit_layer.d/VkLayer_MESA_device_select.json mesa-vulkan-drivers
export VK_DRIVER_FILES="$ICD:$LVP" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" ENABLE_MVGAL=1
unset NODEVICE_SELECT MESA_VK_DEVICE_SELECT

# the loader's call stack: the application, then ours, then device-select
VK_LOADER_DEBUG=layer "$PROBE" >"$T/out" 2>&1
order=$(sed -n '/callstack setup to:/,$p' "$T/out" |
	grep -oE 'VK_LAYER_(MVGAL_multigpu_x86_64|MESA_device_select)$' | head -n 2 | tr '\n' ' ')
check_eq "loader order: ours above device-select" \
	"VK_LAYER_MVGAL_multigpu_x86_64 VK_LAYER_MESA_device_select " "$order"

devices() { "$PROBE" 2>/dev/null | sed -n 's/^device [0-9]*: \(.*\) (0x[0-9a-f]*)$/\1/p' | tr '\n' '|'; }
# device-select alone would put the AMD GPU first ...
check_eq "device-select alone: its choice first" "AMD Radeon RX 7900 XTX|" \
	"$(DISABLE_MVGAL=1 MESA_VK_DEVICE_SELECT=1002:744c devices | cut -d'|' -f1)|"
# ... but the game sees our selection and order
got=$(MVGAL_GPU=cpu,intel MESA_VK_DEVICE_SELECT=1002:744c devices)
case $got in
'llvmpipe ('*')|Intel Arc A770|') ok "MVGAL_GPU=cpu,intel wins over MESA_VK_DEVICE_SELECT" ;;
*) not_ok "MVGAL_GPU=cpu,intel wins over MESA_VK_DEVICE_SELECT" "got [$got]" ;;
esac
# with only hiding terms the rest keeps device-select's order
check_eq "MVGAL_GPU='!cpu' keeps device-select's first choice first" "Intel Arc A770" \
	"$(MVGAL_GPU='!cpu' MESA_VK_DEVICE_SELECT=8086:56a0 devices | cut -d'|' -f1)"
finish
