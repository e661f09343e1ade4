#!/bin/sh
# SPDX-License-Identifier: MIT
# mvgal-demo under Xvfb + lavapipe with Khronos validation on: runs, moves, shuts down cleanly.
. "$MVGAL_TOP/tests/integration/lib.sh"
DEMO=$MVGAL_BUILD/mvgal-demo
need_file "$DEMO" "(build it: make)"
need_file "$LVP_ICD" mesa-vulkan-drivers
need_file /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json vulkan-validationlayers
[ -n "${DISPLAY:-}" ] || start_xvfb
export VK_DRIVER_FILES="$LVP_ICD" VK_INSTANCE_LAYERS=VK_LAYER_KHRONOS_validation
# SDL turns SIGTERM into a quit event that a hung game never reads: KILL after 5 s more
DEMO="timeout -k 5 60 $DEMO"

out=$($DEMO --gpu-info 2>"$T/err"); rc=$?
check_eq "--gpu-info exits 0" 0 "$rc"
case "$out" in
*"gpu: llvmpipe"*"cpu)"*) ok "--gpu-info names lavapipe" ;;
*) not_ok "--gpu-info names lavapipe" "got [$out]" ;;
esac

for mode in fifo immediate mailbox; do
	$DEMO --frames 40 --load 2 --gpu-load 8 --present-mode $mode >"$T/out" 2>"$T/err"
	rc=$?
	check_eq "$mode: exits 0" 0 "$rc"
	check "$mode: ran 40 frames" grep -q '^mvgal-demo: 40 frames in ' "$T/out"
	no_validation_messages "$mode: no validation messages" "$T/err"
done

$DEMO --seconds 0.5 >"$T/out" 2>"$T/err"
check "--seconds stops the loop" grep -q '^mvgal-demo: [0-9]* frames in 0\.[5-9]' "$T/out"

$DEMO --frames x >/dev/null 2>"$T/err"
check_eq "bad value is a usage error" 2 "$?"
check "bad value is named" grep -q "frames wants a number" "$T/err"
$DEMO --present-mode sideways >/dev/null 2>&1
check_eq "unknown present mode is a usage error" 2 "$?"
finish
