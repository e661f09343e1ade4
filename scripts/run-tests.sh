#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test suite and ends with one line "N passed, N failed" over all of them.
#   - cmocka unit binaries, plain (build/tests/unit) and under ASan+UBSan (build/asan/tests/unit)
#   - integration tests: tests/integration/test_*.sh, each printing TAP-style "ok - ..." /
#     "not ok - ..." lines (see tests/integration/lib.sh); one with no such line counts as one
#     test judged by its exit code
# TESTS=pattern runs only suites whose name contains pattern.
# Each suite's line ends with its seconds; the five slowest are named at the end, so a suite
# that pushes make check past its 10 minutes on a 2-core machine is seen (issue 25 notes).
set -u
O=${O:-build}
mkdir -p "$O"; BUILD=$(cd "$O" && pwd)
export MVGAL_BUILD="$BUILD"
TOP=$(pwd)
export MVGAL_TOP="$TOP"
passed=0
failed=0
failed_suites=""
log=$(mktemp)
times=$(mktemp)
# Every suite runs in a throw-away HOME and XDG folders (integration tests make their own too,
# in tests/integration/lib.sh): make check never writes into the user's launch.log, profiles or
# state, whatever a test forgets.
home=$(mktemp -d)
trap 'rm -f "$log" "$times"; rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
	XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export CMOCKA_MESSAGE_OUTPUT=stdout

want() { [ -z "${TESTS:-}" ] || case "$1" in *"$TESTS"*) return 0 ;; *) return 1 ;; esac; }

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed below:"
run_cmocka() {
	name=$1; shift
	printf '== %s\n' "$name"
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	printf '%s %s\n' "$secs" "$name" >>"$times"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # crashed or sanitizer abort
	if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
		cat "$log"
		failed_suites="$failed_suites $name"
	fi
	printf '   %s passed, %s failed (%s s)\n' "$p" "$f" "$secs"
	passed=$((passed + p)); failed=$((failed + f))
}

for t in "$BUILD"/tests/unit/test_*; do
	[ -x "$t" ] || continue
	want "$(basename "$t")" && run_cmocka "unit/$(basename "$t")" "$t"
done
for t in "$BUILD"/asan/tests/unit/test_*; do
	[ -x "$t" ] || continue
	want "asan/$(basename "$t")" && run_cmocka "asan/$(basename "$t")" "$t"
done

for t in "$TOP"/tests/integration/test_*.sh; do
	[ -f "$t" ] || continue
	name="integration/$(basename "$t" .sh)"
	want "$name" || continue
	printf '== %s\n' "$name"
	t0=$(date +%s)
	sh "$t" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	printf '%s %s\n' "$secs" "$name" >>"$times"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		if [ "$rc" -eq 0 ]; then p=1; else f=1; fi
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		cat "$log"
		failed_suites="$failed_suites $name"
	else
		grep '^ok ' "$log" | sed 's/^/   /'
	fi
	printf '   %s passed, %s failed (%s s)\n' "$p" "$f" "$secs"
	passed=$((passed + p)); failed=$((failed + f))
done

echo "slowest suites (seconds):"; sort -rn "$times" | head -n 5 | sed 's/^/   /'
[ -n "$failed_suites" ] && echo "failing suites:$failed_suites"
if [ $((passed + failed)) -eq 0 ]; then
	echo "no tests were found or run" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
