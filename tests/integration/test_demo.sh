#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/demo.sh (make demo): with pieces missing it fails and names each one.
. "$MVGAL_TOP/tests/integration/lib.sh"
cd "$MVGAL_TOP" || exit 1

mkdir -p "$T/empty-build"
O="$T/empty-build" sh scripts/demo.sh >"$T/out" 2>&1
check_eq "missing pieces: exit 1" 1 "$?"
check "says it failed" grep -q '^mvgal demo: FAILED: cannot run, missing:' "$T/out"
check "names the demo game" grep -q "^  - the demo game $T/empty-build/mvgal-demo" "$T/out"
check "names the launcher" grep -q "^  - the launcher $T/empty-build/mvgal-launch" "$T/out"
check "names the layer" grep -q "^  - the Vulkan layer and its build-tree manifest" "$T/out"
O="$T/nowhere" sh scripts/demo.sh >"$T/out" 2>&1
check_eq "no build directory: exit 1" 1 "$?"
check "no build directory: said so" grep -q "no build directory" "$T/out"
finish
