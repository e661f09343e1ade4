# SPDX-License-Identifier: MIT
# Crash-consistency helpers (POSIX sh, sourced after lib.sh). They use strace's syscall
# tampering, so the program under test runs unmodified:
#
#   crash_sweep NAME RESET VERIFY -- CMD ARGS...
#     1. RESET, then run CMD once under strace to count how often it makes each syscall that can
#        touches a file or descriptor (strace classes %file and %desc).
#     2. For every such syscall s and every invocation n of it: RESET, run CMD with SIGKILL
#        delivered on entry to the n-th s, then VERIFY. VERIFY prints nothing and returns 0 when
#        the files are wholly the old or wholly the new version, else says why.
#     Prints one ok/not ok line for the sweep, with the number of kill points.
#
#   fault_inject NAME RESET VERIFY SYSCALL ERRNO -- CMD ARGS...
#     For every invocation n of SYSCALL that touches a file other than stdout/stderr: RESET,
#     run CMD with ERRNO injected there; CMD must exit non-zero with one line on stderr and
#     VERIFY must accept the state (the old file intact).

CRASH_SYSCALLS=%file,%desc

# counts_of CMD...: prints "syscall count" for every syscall of CRASH_SYSCALLS the command makes
crash_counts() {
	strace -f -qq -o "$T/crash.trace" -e trace="$CRASH_SYSCALLS" "$@" >/dev/null 2>&1
	sed -e 's/^[0-9][0-9]* *//' -n -e 's/^\([a-z0-9_]*\)(.*/\1/p' "$T/crash.trace" | sort | uniq -c |
		awk '{print $2, $1}'
}

crash_sweep() {
	name=$1 reset=$2 verify=$3
	shift 4 # name reset verify --
	need_cmd strace strace
	$reset
	crash_counts "$@" >"$T/crash.counts"
	points=0 bad=0
	while read -r sc count; do
		n=1
		while [ "$n" -le "$count" ]; do
			$reset
			strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:signal=KILL:when=$n" \
				"$@" >/dev/null 2>&1
			why=$($verify 2>&1)
			if [ -n "$why" ]; then
				bad=$((bad + 1))
				[ "$bad" -le 3 ] && echo "# killed at $sc #$n: $why"
			fi
			points=$((points + 1))
			n=$((n + 1))
		done
	done <"$T/crash.counts"
	if [ "$points" -eq 0 ]; then
		not_ok "$name" "no kill points found (did the command run?)"
	elif [ "$bad" -eq 0 ]; then
		ok "$name ($points kill points, every one left old or new)"
	else
		not_ok "$name" "$bad of $points kill points left a partial state"
	fi
}

fault_inject() {
	name=$1 reset=$2 verify=$3 sc=$4 err=$5
	shift 6 # name reset verify syscall errno --
	need_cmd strace strace
	$reset
	# invocation numbers of $sc whose first argument is not fd 0, 1 or 2
	strace -f -qq -o "$T/fault.trace" -e trace="$sc" "$@" >/dev/null 2>&1
	nums=$(sed -e 's/^[0-9][0-9]* *//' -n -e 's/^[a-z0-9_]*(\(.*\)/\1/p' "$T/fault.trace" |
		awk '{ n++; if ($0 !~ /^[012],/) print n }')
	points=0 bad=0
	for n in $nums; do
		$reset
		strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=$err:when=$n" \
			"$@" >"$T/fault.out" 2>"$T/fault.err"
		rc=$?
		why=$($verify 2>&1)
		lines=$(grep -c . "$T/fault.err")
		if [ "$rc" -eq 0 ]; then
			why="${why}exit 0 despite $err; "
		fi
		if [ "$lines" -lt 1 ]; then
			why="${why}no error message; "
		fi
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			[ "$bad" -le 3 ] && echo "# $err at $sc #$n: $why"
		fi
		points=$((points + 1))
	done
	if [ "$points" -eq 0 ]; then
		not_ok "$name" "no $sc calls on files found"
	elif [ "$bad" -eq 0 ]; then
		ok "$name ($err at each of $points ${sc} calls: clear error, old file intact)"
	else
		not_ok "$name" "$bad of $points injections misbehaved"
	fi
}
