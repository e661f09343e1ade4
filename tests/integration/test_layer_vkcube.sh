#!/bin/sh
# SPDX-License-Identifier: MIT
# The real thing: vkcube on lavapipe under Xvfb with the layer on (and the Khronos validation
# layer): it renders, telemetry rows equal frames presented, the summary agrees with
# `mvgal-launch report`, validation reports nothing, and the overrides reach a real driver.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd vkcube vulkan-tools
need_file "$LVP_ICD" mesa-vulkan-drivers
need_file /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json vulkan-validationlayers
need_file "$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json" "(make)"
[ -n "${DISPLAY:-}" ] || start_xvfb

export VK_DRIVER_FILES="$LVP_ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1
export ENABLE_MVGAL=1
FRAMES=300
csv=$T/cube.csv

VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation MVGAL_TELEMETRY=$csv MVGAL_GPU=cpu \
	MVGAL_PRESENT_MODE=immediate MVGAL_LOG=$T/layer.log \
	timeout 120 vkcube --c $FRAMES >"$T/out" 2>"$T/err"
check_eq "vkcube --c $FRAMES exits 0" 0 "$?"
rows=$(grep -c '^[0-9]' "$csv" 2>/dev/null)
check_eq "telemetry rows == frames presented" "$FRAMES" "$rows"
check "CSV names lavapipe" grep -q '^# gpu=llvmpipe' "$csv"
check_eq "summary: frames" "frames=$FRAMES" "$(grep '^frames=' "$csv.summary" 2>/dev/null)"
if cat "$T/out" "$T/err" | grep -q -i -E 'validation error|VUID|mvgal'; then
	not_ok "no validation messages, no layer log lines" "$(cat "$T/out" "$T/err" | head -c 800)"
else
	ok "no validation messages, no layer log lines"
fi
check "no MVGAL_LOG file (nothing went wrong)" test ! -s "$T/layer.log"

# The summary must agree with the report's own reading of the CSV.
if [ -x "$MVGAL_BUILD/mvgal-launch" ]; then
	"$MVGAL_BUILD/mvgal-launch" report --svg "$T/cube.svg" "$csv" >"$T/report" 2>&1
	# the report prints 2 decimals, the summary 3
	mean=$(awk -F= '/^mean_ms=/ { printf "%.2f ms", $2 }' "$csv.summary")
	check "report and summary agree on the mean ($mean)" grep -q "$mean" "$T/report"
else
	not_ok "report and summary agree" "build/mvgal-launch missing (make)"
fi

# Overrides on a real driver: mailbox + 4 images through vkcube (which asks fifo and 3 images).
VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation MVGAL_PRESENT_MODE=mailbox MVGAL_IMAGES=4 \
	MVGAL_TELEMETRY=$T/m.csv timeout 60 vkcube --c 30 >"$T/out" 2>"$T/err"
check_eq "vkcube with mailbox and 4 images exits 0" 0 "$?"
check_eq "mailbox and 4 images: 30 rows, no complaints" "30 0" \
	"$(grep -c '^[0-9]' "$T/m.csv") $(cat "$T/out" "$T/err" | grep -c -i -E 'validation error|VUID|mvgal')"

# the validation layer really was in the chain, below ours: it checks every call we make
VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation VK_LOADER_DEBUG=layer timeout 60 vkcube --c 2 \
	>"$T/out" 2>&1
check_eq "chain: mvgal above validation (which checks what we send down)" "VK_LAYER_MVGAL_multigpu VK_LAYER_KHRONOS_validation" \
	"$(sed -n '/vkCreateInstance layer callstack/,/<Drivers>/p' "$T/out" |
		sed -n 's/^LAYER: *\(VK_LAYER_[A-Za-z_]*\)$/\1/p' | paste -sd ' ' -)"
finish
