#!/bin/sh
# SPDX-License-Identifier: MIT
# The OpenGL library loads and paces on Intel CPUs (issue 24): glibc expands the $PLATFORM of
# the launcher's LD_PRELOAD entry from the CPU's features, to "haswell" on Intel x86-64 CPUs
# from 2013 on (sysdeps/x86/cpu-features.c), and the install tree must have that folder too.
# The "Intel CPU" is qemu-user: it runs only the first program emulated and hands it the
# environment, LD_PRELOAD included, so the guest's ld.so expands $PLATFORM for the emulated CPU
# (qemu-x86_64-static is static: the preload does not apply to qemu itself). Short runs: qemu
# is slow.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd qemu-x86_64-static qemu-user-static
LAUNCH=$MVGAL_BUILD/mvgal-launch
GPA=$MVGAL_BUILD/tests/gl/glx_gpa
need_built test_gl_platform "$LAUNCH" "$GPA" "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so"
start_xvfb
unset LD_PRELOAD LIBGL_ALWAYS_SOFTWARE MESA_LOADER_DRIVER_OVERRIDE
FRAMES=20
FPS=10

# the platform the guest's ld.so uses on CPU model $1 ("haswell (AT_PLATFORM; supported,
# searched)" in ld.so --help, glibc 2.33 and later)
guest_platform() {
	qemu-x86_64-static -cpu "$1" /lib64/ld-linux-x86-64.so.2 --help 2>/dev/null |
		sed -n 's/^ *\([a-z0-9_]*\) (AT_PLATFORM.*/\1/p'
}

for cpu in Haswell Skylake-Client; do
	# the rig: without this the test would prove nothing about Intel CPUs
	check_eq "$cpu: the guest's ld.so expands \$PLATFORM to haswell" haswell "$(guest_platform $cpu)"
	d=$T/$cpu
	timeout 120 "$LAUNCH" --fps $FPS --telemetry "$d" -- \
		qemu-x86_64-static -cpu "$cpu" "$GPA" --frames $FRAMES >"$d.out" 2>"$d.err"
	check_eq "$cpu: glx_gpa exits 0" 0 $?
	check "$cpu: no ld.so error for the preload" sh -c "! grep 'cannot be preloaded' '$d.err'"
	csv=$(ls "$d"/*.csv 2>/dev/null | head -n 1)
	check_eq "$cpu: one telemetry row per frame (the library is loaded)" $FRAMES \
		"$(grep -c '^[0-9]' "${csv:-/nonexistent}" 2>/dev/null || echo 0)"
	# paced: the mean interval is the target (100 ms); unpaced, glx_gpa under qemu swaps every
	# 20-40 ms here
	mean=$(sed -n 's/^mean_ms=//p' "${csv:-/nonexistent}.summary" 2>/dev/null)
	check "$cpu: paced at $FPS fps (mean ${mean:-none} ms)" awk -v m="${mean:-0}" -v n=$FPS \
		'BEGIN { t = 1000 / n; exit !(m >= t * 0.98 && m <= t * 1.5) }'
done

# every value glibc can give $PLATFORM on x86 has its link, to the library of the right class
# (the list of glibc's values is in the Makefile, beside GL_PLATFORMS_64)
for p in x86_64 haswell xeon_phi i386 i486 i586 i686; do
	class=ELF64
	case $p in i?86) class=ELF32 ;; esac
	f=$MVGAL_BUILD/lib/mvgal/gl/$p/libmvgal_gl.so
	check_eq "build tree: gl/$p/ links to the $class library" "$class" \
		"$(od -An -c -j4 -N1 "$f" 2>/dev/null | tr -d ' ' | sed 's/001/ELF32/; s/002/ELF64/')"
done
finish
