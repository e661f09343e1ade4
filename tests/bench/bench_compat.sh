#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_compat: compat DB lookup (open + lookup + close, by appid and by exe) in a generated
# 10,000-entry DB, against the peer that parses the whole file with inih per lookup, and the
# time to resolve one title's profile (user files + DB + env + an option). DESIGN.md asks for a
# lookup well under 1 ms; a miss is reported, not failed. MVGAL_BENCH_COMPAT_N and
# MVGAL_BENCH_COMPAT_RUNS change the DB size (10000) and the calls per figure (2000).
set -u
bin="${MVGAL_BUILD:-build}/tests/tools/bench_compat"
if [ ! -x "$bin" ]; then
	echo "bench_compat: $bin is missing: run make" >&2
	exit 1
fi
out=$("$bin" "${MVGAL_BENCH_COMPAT_N:-10000}" "${MVGAL_BENCH_COMPAT_RUNS:-2000}") || exit 1
printf '%s\n' "$out"
printf '%s\n' "$out" | awk '
	/^lookup/ { lm = $3; lp = $6 }
	/^peer/ { pm = $3 }
	END {
		printf "lookup goal p99 < 1000 us: %s (median %s us, p99 %s us)\n",
			(lp < 1000 ? "met" : "missed"), lm, lp
		if (lm > 0) printf "whole-file parse / indexed lookup (median): %.0fx\n", pm / lm
	}'
