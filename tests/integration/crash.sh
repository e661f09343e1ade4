# SPDX-License-Identifier: MIT
# Crash-consistency helpers (POSIX sh, sourced after lib.sh). They use strace's syscall
# tampering, so the program under test runs unmodified:
#
#   crash_sweep NAME RESET VERIFY -- CMD ARGS...
#     1. RESET, then run CMD once under strace, recording every syscall of the classes %file and
#        %desc with the paths of its descriptors (-y). Each line is a kill point "the n-th call
#        of syscall s": strace's counters are per syscall and per process.
#     2. The points from two lines before the first call that changes a file (open for writing,
#        mkdir, rename, unlink, symlink, fsync, fchmod, write to a file...) to the end are all
#        used; before that (the dynamic loader, reading config) at most CRASH_SAMPLE (default
#        20) evenly spaced ones, since nothing can be half-written yet. In the changing region a
#        kill before a call that changes nothing leaves what a kill at the next change leaves:
#        of each stretch of such calls only the first is a kill point, and of a run of writes to
#        one descriptor the first two and the last (the chunks between leave the same temp file).
#     3. For each point: RESET, run CMD with SIGKILL delivered on entry to that call (so the
#        call never happens), then VERIFY. For points in the changing region CMD is then run
#        again, unkilled, and VERIFY must say "new": a kill never blocks the next run.
#     VERIFY prints one word naming the state ("old" or "new") and returns 0 when the files are
#     wholly the old or wholly the new version; otherwise it prints why and returns non-zero.
#     Prints one ok/not ok line with the number of kill points and how many left old and new,
#     and sets CRASH_POINTS to that number. CRASH_FAULT=SYSCALL:error=ERRNO makes every call of
#     SYSCALL fail meanwhile (e.g. renameat2:error=EINVAL sweeps a fallback path).
#
#   fault_inject NAME RESET VERIFY SYSCALL ERRNO -- CMD ARGS...
#     For every invocation n of SYSCALL on a file or directory descriptor (or path) other than
#     /dev/*: RESET, run CMD with ERRNO injected there. CMD must exit 1 with exactly one line on
#     stderr, and VERIFY (which sees the failed call as $FAULT_AT, e.g.
#     "fsync(3</x/config>)", and the error line in $T/fault.err) must accept the state.
#     Sets FAULT_POINTS to the number of injections.

CRASH_SYSCALLS=%file,%desc
CRASH_SAMPLE=${CRASH_SAMPLE:-20}

# crash_trace FILE CMD...: every %file/%desc call of CMD with descriptor paths, one per line,
# without pid prefixes or the "resumed" halves of calls another thread interrupted
crash_trace() {
	out=$1
	shift
	if [ -n "${CRASH_FAULT:-}" ]; then
		set -- -e inject="$CRASH_FAULT" "$@"
	fi
	strace -f -qq -y -s 256 -o "$out.raw" -e trace="$CRASH_SYSCALLS" "$@" >/dev/null 2>&1
	sed -e 's/^[0-9][0-9]* *//' -e '/^<\.\.\. /d' -e '/^+++ /d' -e '/^--- /d' "$out.raw" >"$out"
}

# crash_points TRACE: "syscall n hot" per line; hot=1 from just before the first change on
crash_points() {
	awk -v sample="$CRASH_SAMPLE" '
	function changes(l) {
		if (l ~ /^(open|openat|creat)\(/ && l ~ /O_(CREAT|WRONLY|RDWR|TRUNC)/) return 1
		if (l ~ /^(mkdir|mkdirat|rename|renameat|renameat2|unlink|unlinkat|rmdir|symlink|symlinkat|link|linkat|fsync|fdatasync|fchmod|fchmodat|chmod|utimensat|ftruncate|truncate)\(/) return 1
		if (l ~ /^(write|pwrite64|writev|pwritev)\([0-9]+<\// && l !~ /^[a-z0-9]*\([0-9]+<\/dev\//) return 1
		return 0
	}
	{
		sc = $0; sub(/\(.*/, "", sc)
		if (sc !~ /^[a-z0-9_]+$/) next
		k = $0; sub(/,.*/, "", k)
		n[sc]++; name[NR] = sc; num[NR] = n[sc]; key[NR] = k; ch[NR] = changes($0); last = NR
		if (!first && ch[NR]) first = NR
	}
	END {
		if (!first) first = last + 1
		from = first > 2 ? first - 2 : 1
		step = (from - 1) / sample; if (step < 1) step = 1
		for (i = 1; i < from; i += step) print name[int(i)], num[int(i)], 0
		# From the first change on: a kill before a call that changes no file leaves the files
		# as a kill at the next change would, so of each stretch of such calls only the first
		# is a kill point (a guard, should the list above miss a call that changes files), and
		# of a run of writes to one descriptor (a file copied in chunks) the first two and the
		# last: the chunks between leave the same partial temp file.
		for (i = from; i <= last; i++) {
			if (!ch[i] && i > from && !ch[i - 1] && i < last)
				continue
			if (ch[i] && key[i] == key[i - 2] && key[i] == key[i - 1] && key[i] == key[i + 1])
				continue
			print name[i], num[i], 1
		}
	}' "$1"
}

crash_sweep() {
	name=$1 reset=$2 verify=$3
	shift 4 # name reset verify --
	need_cmd strace strace
	$reset
	crash_trace "$T/crash.trace" "$@"
	crash_points "$T/crash.trace" >"$T/crash.points"
	points=0 bad=0 n_old=0 n_new=0
	while read -r sc n hot; do
		$reset
		fsc=${CRASH_FAULT:-}
		fsc=${fsc%%:*}
		if [ -n "$fsc" ] && [ "$fsc" != "$sc" ]; then
			set -- -e trace="$sc,$fsc" -e inject="$CRASH_FAULT" "$@"
		else
			set -- -e trace="$sc" "$@"
		fi
		strace -f -qq -o /dev/null -e inject="$sc:signal=KILL:when=$n" "$@" \
			>/dev/null 2>&1 </dev/null
		while [ "$1" = -e ]; do shift 2; done # back to CMD alone
		why=$($verify 2>&1)
		rc=$?
		case "$rc:$why" in
		0:old) n_old=$((n_old + 1)) ;;
		0:new) n_new=$((n_new + 1)) ;;
		*) why="after the kill: $why" ;;
		esac
		if [ "$hot" = 1 ] && { [ "$why" = old ] || [ "$why" = new ]; }; then
			"$@" >/dev/null 2>&1 </dev/null
			again=$(CRASH_RERUN=1 $verify 2>&1)
			[ "$again" = new ] || why="the next run did not recover: $again"
		fi
		case $why in
		old | new) ;;
		*)
			bad=$((bad + 1))
			[ "$bad" -le 3 ] && echo "# killed at $sc #$n: $why"
			;;
		esac
		points=$((points + 1))
	done <"$T/crash.points"
	CRASH_POINTS=$points
	if [ "$points" -eq 0 ] || [ "$n_new" -eq 0 ]; then
		not_ok "$name" "$points kill points, none after the change (did the command run?)"
	elif [ "$bad" -eq 0 ]; then
		ok "$name ($points kill points of $(wc -l <"$T/crash.trace") calls: $n_old left the old version, $n_new the new, none partial)"
	else
		not_ok "$name" "$bad of $points kill points left a partial state"
	fi
}

fault_inject() {
	name=$1 reset=$2 verify=$3 sc=$4 err=$5
	shift 6 # name reset verify syscall errno --
	need_cmd strace strace
	$reset
	strace -f -qq -y -s 256 -o "$T/fault.raw" -e trace="$sc" "$@" >/dev/null 2>&1 </dev/null
	# "n call" for each invocation on a descriptor or path outside /dev
	sed -e 's/^[0-9][0-9]* *//' -e '/^<\.\.\. /d' -e '/^+++ /d' -e '/^--- /d' "$T/fault.raw" |
		awk -v sc="$sc" 'index($0, sc "(") == 1 { n++; a = $0
			sub(/^[a-z0-9_]*\((AT_FDCWD<[^>]*>, )?/, "", a)
			if (a ~ /^([0-9]+<)?\"?\// && a !~ /^([0-9]+<)?\"?\/dev\//) print n, $0 }' \
		>"$T/fault.points"
	points=0 bad=0
	while read -r n call; do
		$reset
		strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=$err:when=$n" \
			"$@" >"$T/fault.out" 2>"$T/fault.err" </dev/null
		rc=$?
		FAULT_AT=$(printf '%s' "$call" | cut -c1-160)
		export FAULT_AT
		why=$($verify 2>&1) || why="${why:-verify failed}; "
		case $why in old | new) why= ;; esac
		[ "$rc" -eq 1 ] || why="${why}exit $rc; "
		lines=$(wc -l <"$T/fault.err")
		[ "$lines" -eq 1 ] || why="${why}$lines lines on stderr; "
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			[ "$bad" -le 3 ] && echo "# $err at $sc #$n ($FAULT_AT): $why $(head -c 300 "$T/fault.err")"
		fi
		points=$((points + 1))
	done <"$T/fault.points"
	FAULT_POINTS=$points
	if [ "$points" -eq 0 ]; then
		not_ok "$name" "no $sc calls on files found"
	elif [ "$bad" -eq 0 ]; then
		ok "$name ($err at each of $points $sc calls: exit 1, one line, state kept)"
	else
		not_ok "$name" "$bad of $points injections misbehaved"
	fi
}
