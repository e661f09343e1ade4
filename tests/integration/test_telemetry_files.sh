#!/bin/sh
# SPDX-License-Identifier: MIT
# The layer's files and `report` against hostile inputs (SECURITY.md): MVGAL_LOG and
# MVGAL_TELEMETRY at a FIFO hang nothing; the CSV is created new only (never through a link,
# never over a file); files honour the umask; vkDestroySwapchainKHR does not wait for the
# summary; fork() while threads present leaves no child stuck; report escapes control bytes,
# writes an SVG that xmllint accepts whatever the GPU's name, and streams a large CSV.
. "$MVGAL_TOP/tests/integration/lib.sh"
use_test_icd
L=$MVGAL_BUILD/mvgal-launch
need_file "$L" "(build it: make)"
need_cmd xmllint libxml2-utils
need_cmd timeout coreutils
need_file /usr/bin/time time

export ENABLE_MVGAL=1
rows() { grep -c '^[0-9]' "$1" 2>/dev/null; }
mode() { stat -c %a "$1" 2>/dev/null; }

# ---- FIFOs: nothing waits for a reader that never comes ----
mkfifo "$T/log.fifo" "$T/pipe.csv"
MVGAL_LOG=$T/log.fifo MVGAL_GPU=nosuchgpu timeout 20 "$PROBE" --present 5 >"$T/out" 2>"$T/err"
check_eq "MVGAL_LOG at a FIFO: vkCreateInstance does not hang" 0 "$?"
check "MVGAL_LOG at a FIFO: the line still goes to stderr" grep -q 'MVGAL_GPU' "$T/err"
MVGAL_TELEMETRY=$T/pipe.csv timeout 20 "$PROBE" --present 20 >"$T/out" 2>"$T/err"
check_eq "MVGAL_TELEMETRY at a FIFO: the game's exit does not hang" 0 "$?"
check "MVGAL_TELEMETRY at a FIFO: it stays a FIFO" test -p "$T/pipe.csv"
check_eq "MVGAL_TELEMETRY at a FIFO: rows go to a new file beside it" 20 "$(rows "$T/pipe-2.csv")"

# ---- created new only: never through a symlink, never over a file ----
echo precious >"$T/victim"
ln -s "$T/victim" "$T/link.csv"
echo "my notes" >"$T/old.csv"
MVGAL_TELEMETRY=$T/link.csv "$PROBE" --present 10 >"$T/out" 2>&1
check_eq "symlinked CSV: the link's target is untouched" precious "$(cat "$T/victim")"
check "symlinked CSV: the link stays a link" test -L "$T/link.csv"
check_eq "symlinked CSV: rows in link-2.csv" 10 "$(rows "$T/link-2.csv")"
MVGAL_TELEMETRY=$T/old.csv "$PROBE" --present 10 >"$T/out" 2>&1
MVGAL_TELEMETRY=$T/old.csv "$PROBE" --present 10 >"$T/out" 2>&1
check_eq "existing CSV: untouched" "my notes" "$(cat "$T/old.csv")"
check_eq "existing CSV: a second run takes the next free name" "10 10" \
	"$(rows "$T/old-2.csv") $(rows "$T/old-3.csv")"
check "existing CSV: each run its own summary" test -s "$T/old-3.csv.summary"

# ---- the umask ----
(umask 077 && MVGAL_TELEMETRY=$T/private.csv "$PROBE" --present 10 >/dev/null 2>&1 &&
	"$L" report "$T/private.csv" >/dev/null 2>&1)
check_eq "umask 077: CSV, summary and SVG are 600" "600 600 600" \
	"$(mode "$T/private.csv") $(mode "$T/private.csv.summary") $(mode "$T/private.svg")"
(umask 022 && MVGAL_TELEMETRY=$T/shared.csv "$PROBE" --present 10 >/dev/null 2>&1 &&
	"$L" report "$T/shared.csv" >/dev/null 2>&1)
check_eq "umask 022: CSV, summary and SVG are 644" "644 644 644" \
	"$(mode "$T/shared.csv") $(mode "$T/shared.csv.summary") $(mode "$T/shared.svg")"

# ---- vkDestroySwapchainKHR does not wait for the summary (2,000,000 rows) ----
MVGAL_TELEMETRY=$T/long.csv "$PROBE" --present 2000000 --mode immediate >"$T/out" 2>&1
us=$(sed -n 's/^destroy_swapchain_us: //p' "$T/out")
check "2,000,000 rows: vkDestroySwapchainKHR took ${us:-?} us (< 100 ms)" test "${us:-999999}" -lt 100000
check_eq "2,000,000 presents: the summary counts the rows written" "frames=$(rows "$T/long.csv")" \
	"$(grep '^frames=' "$T/long.csv.summary")"

# ---- fork() while two threads present (paced, so the forks land while they do) ----
MVGAL_TELEMETRY=$T/fork.csv MVGAL_FPS=1000 "$PROBE" --present 1000 --threads 2 --mode immediate \
	--forks 20 >"$T/out" 2>&1
check_eq "fork while presenting with telemetry: no child stuck" "forks: 20 hung: 0" \
	"$(grep '^forks:' "$T/out")"
check "fork: the parent's rows are whole" test "$(rows "$T/fork.csv")" -eq 2000

# ---- report: control bytes escaped, any GPU name makes a valid SVG ----
esc=$(printf '\033')
printf '# gpu=Evil%s[31mGPU \377\376 \355\240\200 end\nframe,present_ns,interval_ns,pacer_wait_ns,late\n0,1,0,0,0\n1,2%s[2J,1,0,0\n2,16000002,16000000,0,0\n' \
	"$esc" "$esc" >"$T/evil.csv"
"$L" report "$T/evil.csv" >"$T/out" 2>"$T/err"
check_eq "report: runs" 0 "$?"
check "report: no raw ESC on stdout or stderr" sh -c "! grep -q '$esc' '$T/out' '$T/err'"
check "report: the GPU name escaped" grep -q 'Evil\\x1b\[31mGPU' "$T/out"
check "report: the bad row escaped" grep -q "evil.csv:4: .*\\\\x1b" "$T/err"
check "report: SVG with a non-UTF-8 GPU name is well-formed" xmllint --noout "$T/evil.svg"
check "report: invalid bytes became U+FFFD" grep -q "$(printf '\357\277\275')" "$T/evil.svg"

# ---- report names the first 10 bad rows of a file, then counts the rest ----
{ echo "frame,present_ns,interval_ns,pacer_wait_ns,late"; echo "0,1,0,0,0"
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do echo "bad$i"; done; echo "1,2,1,0,0"; } >"$T/bad.csv"
"$L" report "$T/bad.csv" >"$T/out" 2>"$T/err"
check_eq "report: the first 10 bad rows named" 10 "$(grep -c "^$T/bad.csv:[0-9]*: bad row" "$T/err")"
check "report: then a count of the rest" grep -qx "$T/bad.csv: 3 more bad lines not shown" "$T/err"

# ---- report streams: memory does not follow the file's size ----
awk 'BEGIN { print "frame,present_ns,interval_ns,pacer_wait_ns,late"; p = 1000000000
	for (i = 0; i < 600000; i++) { iv = i ? 16000000 + (i * 7919) % 1333333 : 0; p += iv
		printf "%d,%d,%d,%d,%d\n", i, p, iv, (i * 31) % 2000000, i % 50 == 0 } }' >"$T/big.csv"
/usr/bin/time -f '%M' -o "$T/rss" "$L" report "$T/big.csv" >"$T/out" 2>&1
check_eq "report of a $(($(stat -c %s "$T/big.csv") / 1000000)) MB CSV: exit 0" 0 "$?"
kb=$(tail -n 1 "$T/rss")
check "report of a $(($(stat -c %s "$T/big.csv") / 1000000)) MB CSV: peak RSS ${kb} kB < 24 MB" test "$kb" -lt 24000
finish
