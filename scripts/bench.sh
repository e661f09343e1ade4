#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: runs every benchmark in tests/bench/ (bench_*.sh) in name order. Each prints its
# own table; figures are ratios against a peer measured in the same run.
set -u
O=${O:-build}
export MVGAL_BUILD="$(cd "$O" && pwd)" MVGAL_TOP="$(pwd)"
rc=0
for b in tests/bench/bench_*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	sh "$b" || rc=1
done
exit $rc
