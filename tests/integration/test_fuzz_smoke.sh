#!/bin/sh
# SPDX-License-Identifier: MIT
# Smoke run of every libFuzzer target (built by make check into build/fuzz/) from its committed
# seed corpus: MVGAL_FUZZ_SMOKE_SECONDS each (default 15: make check stays under its 10 minutes on 2 cores), two at a time on this 2-core budget.
# A crash, leak or sanitizer report in any target fails the test. `make fuzz` is the long run.
. "$MVGAL_TOP/tests/integration/lib.sh"
secs=${MVGAL_FUZZ_SMOKE_SECONDS:-15}
need_cmd clang clang
cd "$MVGAL_TOP" || exit 1
# every committed target must have been built
set --
for src in tests/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	bin="$MVGAL_BUILD/fuzz/$(basename "$src" .c)"
	if [ -x "$bin" ]; then
		set -- "$@" "$bin"
	else
		not_ok "$(basename "$src" .c) built" "$bin missing (make fuzz-build; needs clang, libclang-rt-14-dev)"
	fi
done
run_one() {
	name=$(basename "$1")
	out="$T/$name"
	mkdir -p "$out/corpus" "$out/crash"
	seeds=""
	for d in "tests/fuzz/corpus/$name" "tests/data/${name#fuzz_}"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	# TMPDIR: a target's own temp files (fuzz_launch_env) go when $T goes, even after a kill
	# shellcheck disable=SC2086
	TMPDIR="$out" "$1" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crash/" "$out/corpus" $seeds \
		>"$out.log" 2>&1
	echo $? >"$out.rc"
}
while [ $# -gt 0 ]; do
	run_one "$1" &
	if [ $# -gt 1 ]; then run_one "$2" & shift; fi
	wait
	shift
done
for log in "$T"/fuzz_*.log; do
	[ -f "$log" ] || continue
	name=$(basename "$log" .log)
	rc=$(cat "$T/$name.rc")
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	crashes=$(find "$T/$name/crash" -type f | wc -l)
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "${execs:-0}" -gt 0 ]; then
		ok "$name ${secs}s: ${execs} execs, 0 crashes"
	else
		tail -n 25 "$log" | sed 's/^/# /'
		not_ok "$name" "exit $rc, $crashes crash inputs, ${execs:-0} execs"
	fi
done
finish
