#!/bin/sh
# SPDX-License-Identifier: MIT
# How busy the machine was (issue 27, item 10): `make demo` on a busy machine called the paced
# run "too slow for its target" with no hint. Both writers of the CSV, the Vulkan layer (vkprobe
# on the test ICD) and the OpenGL library (glx_gpa under Xvfb), record the CPUs the game may use
# (`# cpus=`, its affinity: taskset here) and /proc/loadavg's 1-minute load when the file is made
# (`# load_start=`) and after the rows (`# load_end=`); `report` shows them in its machine row.
# The busy verdict itself is tests/unit/test_report.c's (a machine's load cannot be set here).
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd taskset util-linux
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
GPA=$MVGAL_BUILD/tests/gl/glx_gpa
LAUNCH=$MVGAL_BUILD/mvgal-launch
need_file "$PROBE" "(build it: make)"
need_file "$GPA" "(build it: make)"
num='[0-9][0-9]*\.[0-9][0-9]'

# shape FILE WHO CPUS: the comments of a finished CSV
shape() {
	check_eq "$2: # cpus= is the CPUs it may run on" "# cpus=$3" "$(grep '^# cpus=' "$1")"
	check "$2: # load_start= in the head, before the header line" \
		sh -c "sed -n '1,/^frame,/p' '$1' | grep -qx '# load_start=$num'"
	check "$2: no load_end in the head" sh -c "! sed -n '1,/^frame,/p' '$1' | grep -q load_end"
	check "$2: the file ends with # load_end=, after the rows" \
		sh -c "tail -n 1 '$1' | grep -qx '# load_end=$num' && grep -q '^[0-9]' '$1'"
	"$LAUNCH" report "$1" >"$T/report" 2>&1
	check "$2: report's machine row" \
		grep -qE "^machine +load $num -> $num on $3 CPUs?( |$|:)" "$T/report"
}

# the Vulkan layer, on one CPU and on two
for cpus in 0 0,1; do
	n=$(echo "$cpus" | tr ',' '\n' | wc -l)
	[ "$n" -le "$(nproc)" ] || continue
	VK_DRIVER_FILES="$ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1 \
		ENABLE_MVGAL=1 MVGAL_TEST_ICD_REFRESH=60 MVGAL_FPS=60 MVGAL_TELEMETRY="$T/vk$n.csv" \
		taskset -c "$cpus" "$PROBE" --present 30 --mode fifo >"$T/out" 2>"$T/err"
	shape "$T/vk$n.csv" "Vulkan layer on $n CPU(s)" "$n"
done

# the OpenGL library
start_xvfb
unset LD_PRELOAD
timeout 60 taskset -c 0 "$LAUNCH" --fps 60 --telemetry "$T/gl" -- "$GPA" --frames 30 --via gpa \
	>"$T/out" 2>"$T/err"
check_eq "OpenGL: exit 0" 0 "$?"
shape "$(ls "$T/gl"/*.csv | head -n 1)" "OpenGL library" 1
finish
