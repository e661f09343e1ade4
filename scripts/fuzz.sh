#!/bin/sh
# SPDX-License-Identifier: MIT
# make fuzz: runs each libFuzzer target for FUZZ_SECONDS from its seed corpus
# (tests/data/<module>/ and tests/fuzz/corpus/<target>/), keeping new inputs in
# $O/fuzz/corpus/<target>/, and prints execs, coverage and crashes per target.
set -u
O=${O:-build}
secs=${FUZZ_SECONDS:-300}
rc=0
for bin in "$@"; do
	name=$(basename "$bin")
	mod=${name#fuzz_}
	work="$O/fuzz/corpus/$name"
	mkdir -p "$work" "$O/fuzz/crashes/$name"
	seeds=""
	for d in "tests/fuzz/corpus/$name" "tests/data/$mod"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	log="$O/fuzz/$name.log"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$O/fuzz/crashes/$name/" "$work" $seeds >"$log" 2>&1
	r=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(find "$O/fuzz/crashes/$name" -type f | wc -l)
	printf '%-18s %6ss  execs %-10s execs/s %-7s edges %-6s crashes %s\n' \
		"$name" "$secs" "${execs:-?}" "${eps:-?}" "${cov:-?}" "$crashes"
	if [ "$r" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		rc=1
		tail -n 30 "$log"
	fi
done
exit $rc
