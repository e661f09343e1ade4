#!/bin/sh
# SPDX-License-Identifier: MIT
# Swapchain overrides, the present hook, the pacer call and telemetry, headless: the test ICD
# (present modes fifo/mailbox/immediate, 2..4 images; it prints what it was asked for) +
# tests/tools/vkprobe presenting from one or several threads.
. "$MVGAL_TOP/tests/integration/lib.sh"
use_test_icd
export ENABLE_MVGAL=1

# icd_says: what the driver was asked for, "present_mode=<n> images=<n>" (fifo=2, mailbox=1,
# immediate=0, fifo_relaxed=3)
icd_says() { sed -n 's/^mvgal-test-icd: swapchain gpu="[^"]*" //p' "$T/err" | head -n 1; }

"$PROBE" --present 3 --mode fifo --images 2 >"$T/out" 2>"$T/err"
check_eq "no override: the game's values" "present_mode=2 images=2" "$(icd_says)"

MVGAL_PRESENT_MODE=mailbox MVGAL_IMAGES=3 "$PROBE" --present 3 --mode fifo >"$T/out" 2>"$T/err"
check_eq "MVGAL_PRESENT_MODE=mailbox MVGAL_IMAGES=3 applied" "present_mode=1 images=3" \
	"$(icd_says)"
check "the game sees 3 images" grep -q '^swapchain: images=3$' "$T/out"

MVGAL_PRESENT_MODE=immediate "$PROBE" --present 3 --mode mailbox >"$T/out" 2>"$T/err"
check_eq "immediate over the game's mailbox" "present_mode=0 images=2" "$(icd_says)"

MVGAL_PRESENT_MODE=fifo_relaxed MVGAL_IMAGES=8 "$PROBE" --present 3 --mode mailbox \
	>"$T/out" 2>"$T/err"
check_eq "unsupported mode and count: the game's values" "present_mode=1 images=2" \
	"$(icd_says)"
check_eq "unsupported mode: one log line" 1 \
	"$(grep -c 'MVGAL_PRESENT_MODE=fifo_relaxed: the surface does not support it; keeping the game.s mailbox' "$T/err")"
check_eq "unsupported count: one log line" 1 \
	"$(grep -c 'MVGAL_IMAGES=8: outside what the surface allows; keeping the game.s 2' "$T/err")"
check "presents still go through" grep -q '^presented: 3$' "$T/out"

# an extension structure no one knows passes down untouched, also through the override's copy
# (the loader adds its own VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO = 48 entries: left out)
MVGAL_PRESENT_MODE=mailbox "$PROBE" --present 2 --pnext >"$T/out" 2>"$T/err"
check_eq "unknown pNext structure reaches the driver's vkCreateDevice" 1000999000 \
	"$(sed -n 's/^mvgal-test-icd: device pnext=//p' "$T/err" | tr ',' '\n' | grep -v '^48$' |
		paste -sd, -)"
check_eq "... and its vkCreateSwapchainKHR, override applied" "1000999000 present_mode=1" \
	"$(sed -n 's/^mvgal-test-icd: swapchain pnext=//p' "$T/err") $(icd_says | cut -d' ' -f1)"

MVGAL_PRESENT_MODE=sideways "$PROBE" --present 2 >"$T/out" 2>"$T/err"
check "bad MVGAL_PRESENT_MODE named and ignored" grep -q 'MVGAL_PRESENT_MODE=sideways: want' \
	"$T/err"
check_eq "bad MVGAL_PRESENT_MODE: game's mode" "present_mode=2 images=2" "$(icd_says)"

# telemetry: 3 threads x 200 presents on 3 swapchains of one queue
csv=$T/run.csv
MVGAL_TELEMETRY=$csv MVGAL_SELFTIME=1 MVGAL_GPU=intel "$PROBE" --present 200 --threads 3 \
	--mode immediate >"$T/out" 2>"$T/err"
check "3 threads presented 600 frames" grep -q '^presented: 600$' "$T/out"
check_eq "CSV: gpu comment names the device the game created" "# gpu=Intel Arc A770" \
	"$(sed -n 1p "$csv")"
check_eq "CSV: unpaced target" "# target_ns=0" "$(sed -n 2p "$csv")"
check_eq "CSV: the pacer's mode and what it knew of the display" \
	"# pacer=off|# refresh_ns=0|# refresh_source=no display timing, not an X11 surface" \
	"$(sed -n 3,5p "$csv" | paste -sd'|' -)"
check_eq "CSV: the machine (issue 27): its CPUs, then its load at the start" "# cpus=|# load_start=" \
	"$(sed -n 6,7p "$csv" | sed 's/=.*/=/' | paste -sd'|' -)"
check_eq "CSV: header" "frame,present_ns,interval_ns,pacer_wait_ns,late,wait_end_to_present_ns" \
	"$(sed -n 8p "$csv")"
check_eq "CSV: one row per frame presented" 600 "$(grep -c '^[0-9]' "$csv")"
check_eq "CSV: frames numbered 0..599 in order" "0 599 600" \
	"$(awk -F, '/^[0-9]/ { if ($1 != n) bad = 1; n++ } END { print (bad ? "bad" : 0), n - 1, n }' "$csv")"
check_eq "CSV: present_ns never goes back, interval = difference" "ok" \
	"$(awk -F, '/^[0-9]/ { if (NR > 9 && ($2 < p || $3 != $2 - p)) bad = 1; p = $2 }
		END { print bad ? "bad" : "ok" }' "$csv")"
check_eq "summary: frames" "frames=600" "$(grep '^frames=' "$csv.summary")"
check_eq "summary: gpu" "gpu=Intel Arc A770" "$(grep '^gpu=' "$csv.summary")"
for k in mean_ms sd_ms p1_ms p99_ms low1_fps layer_median_ns layer_p99_ns; do
	check "summary: $k present" grep -q "^$k=[0-9]" "$csv.summary"
done
if [ -x "$MVGAL_BUILD/mvgal-launch" ]; then
	"$MVGAL_BUILD/mvgal-launch" report --svg "$T/plot.svg" "$csv" >"$T/report" 2>&1
	check "mvgal-launch report reads the CSV" grep -q 600 "$T/report"
fi

# pacer: 100 fps for 30 frames takes >= 0.29 s and the waits are recorded
csv=$T/paced.csv
start=$(date +%s%N)
MVGAL_TELEMETRY=$csv MVGAL_FPS=100 "$PROBE" --present 30 --mode immediate >"$T/out" 2>"$T/err"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "MVGAL_FPS=100: 30 frames take >= 290 ms (took $ms)" test "$ms" -ge 290
check_eq "paced CSV: target_ns" "# target_ns=10000000" "$(sed -n 2p "$csv")"
check "paced CSV: pacer waits recorded" awk -F, '/^[0-9]/ && $4 > 1000000 { n++ } END { exit !(n >= 20) }' "$csv"
# the median, not the mean: one stall of a loaded machine moves a 30-frame mean by 0.7 ms
median=$(awk -F, '/^[0-9]/ && $1 > 0 { print $3 }' "$csv" | sort -n |
	awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
check "paced: median interval about 10 ms ($median ns)" test "$median" -gt 9500000 -a "$median" -lt 11000000
check "paced: the summary's mean is there" grep -q '^mean_ms=[0-9]' "$csv.summary"

csv=$T/off.csv
MVGAL_TELEMETRY=$csv MVGAL_FPS=100 MVGAL_PACER=off "$PROBE" --present 30 --mode immediate \
	>"$T/out" 2>"$T/err"
check_eq "MVGAL_PACER=off: the target kept for telemetry" "# target_ns=10000000" "$(sed -n 2p "$csv")"
check_eq "MVGAL_PACER=off: no wait" 0 "$(awk -F, '/^[0-9]/ { s += $4 } END { print s }' "$csv")"
check_eq "MVGAL_PACER=off: late = slower than the target, row by row" "30 ok" \
	"$(awk -F, '/^[0-9]/ { n++; if ($5 != ($3 > 10000000 ? 1 : 0)) bad = 1 }
		END { print n, bad ? "bad" : "ok" }' "$csv")"

# under a regular file, so that no folder can be made for it (a /nonexistent path can: tests
# run as root, and one run that creates it fails every later one)
: >"$T/notadir"
MVGAL_TELEMETRY=$T/notadir/x.csv "$PROBE" --present 20 >"$T/out" 2>"$T/err"
check "unwritable telemetry: the game goes on" grep -q '^presented: 20$' "$T/out"
check_eq "unwritable telemetry: one log line" 1 "$(grep -c 'telemetry: cannot create' "$T/err")"
# Nothing on the present path allocates (issue 28, item 5: what a fixed fps costs per frame, the
# HUD off): vkprobe --allocs counts the whole process's malloc-family calls between a tenth of
# its presents and the last; the loader and the test ICD make none there, so any is the layer's.
for env in "MVGAL_FPS=1000" "MVGAL_FPS=1000 MVGAL_PACER=latency" "MVGAL_FPS=1000 MVGAL_HUD=0" \
	"MVGAL_FPS=1000 MVGAL_TELEMETRY=$T/allocs.csv"; do
	env $env "$PROBE" --present 300 --mode immediate --allocs >"$T/out" 2>"$T/err"
	check_eq "$env: no allocation in 270 presents" "0" \
		"$(sed -n 's/^allocs: warm=\([0-9]*\) end=\([0-9]*\)$/\2 \1/p' "$T/out" |
			awk '{ print $1 - $2 }')"
done
ENABLE_MVGAL=0 "$PROBE" --present 300 --mode immediate --allocs >"$T/out" 2>"$T/err"
check "--allocs counts (without the layer: the probe's own start allocates)" \
	awk '/^allocs: warm=[1-9][0-9]* end=/ { ok = 1 } END { exit !ok }' "$T/out"
finish
