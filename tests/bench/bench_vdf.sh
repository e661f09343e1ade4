#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_vdf: text KeyValues parse, write and write+reparse throughput on a generated ~5 MB
# config.vdf shaped like Steam's (tests/tools/bench_vdf.c). The goal is >= 200 MB/s for the
# parse; a miss is reported, not failed. MVGAL_BENCH_VDF_MB / MVGAL_BENCH_VDF_RUNS change the
# size (default 5) and the number of timed runs (default 20; the median is the figure).
set -u
bin="${MVGAL_BUILD:-build}/tests/tools/bench_vdf"
if [ ! -x "$bin" ]; then
	echo "bench_vdf: $bin is missing: run make" >&2
	exit 1
fi
out=$("$bin" "${MVGAL_BENCH_VDF_MB:-5}" "${MVGAL_BENCH_VDF_RUNS:-20}") || exit 1
printf '%s\n' "$out"
median=$(printf '%s\n' "$out" | sed -n 's/^parse *median *\([0-9.]*\) MB\/s.*/\1/p')
awk -v m="$median" 'BEGIN { printf "parse goal >= 200 MB/s: %s (median %s MB/s)\n", (m >= 200 ? "met" : "missed"), m }'
