#!/bin/sh
# SPDX-License-Identifier: MIT
# `mvgal-launch gpus` (and --json) on a machine with real GPUs, e.g. an NVIDIA one where the
# full build's dependencies (inih, Vulkan and curl headers) are not installed: compiles just the
# command (launcher/cmd_gpus.c with sysfs discovery, the GPU selection and its helpers; NVML is
# dlopen()ed as in the real program) with a two-line main, and runs it. Needs gcc only.
#   sh tests/tools/gpus_on_nvidia.sh [OUT_DIR]
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$(mktemp -d)}
mkdir -p "$OUT"
printf '#include "launcher/commands.h"\nint main(int argc, char **argv) { return cmd_gpus(argc - 1, argv + 1); }\n' \
	>"$OUT/gpus_main.c"
cc -std=c11 -D_GNU_SOURCE -O2 -I"$TOP" -o "$OUT/mvgal-launch-gpus" "$OUT/gpus_main.c" \
	"$TOP/launcher/cmd_gpus.c" "$TOP/launcher/gpu_sysfs.c" "$TOP/launcher/util.c" \
	"$TOP"/common/*.c "$TOP"/vdf/*.c -ldl -lm
echo "== nvidia-smi -L"
nvidia-smi -L 2>&1 || true
echo "== mvgal-launch gpus"
"$OUT/mvgal-launch-gpus" gpus
echo "== mvgal-launch gpus --json"
"$OUT/mvgal-launch-gpus" gpus --json
