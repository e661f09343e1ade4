#!/bin/sh
# SPDX-License-Identifier: MIT
# The OpenGL preload library on real hardware: NVIDIA's EGL driver (libEGL_nvidia, found by
# libglvnd through /usr/share/glvnd/egl_vendor.d), headless, with tests/gl/egl_pbuffer (EGL's
# device platform, a 1920x1080 pbuffer, 128 clears a frame). Run on the device machine:
#   sh tests/tools/gl_on_nvidia.sh GL_DIR OUT_DIR
# GL_DIR holds root/ (Debian 12's libegl1, libglvnd0 and libgles2 unpacked with dpkg-deb -x: the
# machine has NVIDIA's vendor library but no libglvnd) and bin/ (libmvgal_gl.so, egl_pbuffer,
# libgl_count.so built on Debian 12). Prints ok/not ok lines and the summaries. A pbuffer has no
# display, so only our hand-over to the driver is timed (the telemetry's present_ns), not scan-out.
set -u
GL=$(cd "$1" && pwd)
OUT=${2:-/tmp/mvgal-out}
mkdir -p "$OUT"
export LD_LIBRARY_PATH="$GL/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
unset DISPLAY WAYLAND_DISPLAY
nvidia-smi -L 2>/dev/null
failed=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected [$2], got [$3]"; fi; }
field() { sed -n "s/^$2=//p" "$OUT/$1.csv.summary" 2>/dev/null; }

# run NAME FRAMES VAR=VALUE...: egl_pbuffer with our library and the counting preload below it
run() {
	name=$1 frames=$2
	shift 2
	rm -f "$OUT/$name.csv" "$OUT/$name.csv.summary" "$OUT/$name.count"
	env "$@" ENABLE_MVGAL=1 MVGAL_TELEMETRY="$OUT/$name.csv" MVGAL_COUNT_OUT="$OUT/$name.count" \
		LD_PRELOAD="$GL/bin/libmvgal_gl.so:$GL/bin/libgl_count.so" \
		timeout 120 "$GL/bin/egl_pbuffer" --frames "$frames" >"$OUT/$name.out" 2>"$OUT/$name.err"
	echo "== $name (rc $?)"
	cat "$OUT/$name.out" "$OUT/$name.err" "$OUT/$name.count" 2>/dev/null
	grep -E '^(frames|mean_ms|sd_ms|p1_ms|p99_ms|late|gpu)=' "$OUT/$name.csv.summary" 2>/dev/null
}

# p99 of |interval - target| in us over the CSV's intervals after the first 60 frames
p99err() {
	grep -v '^#' "$OUT/$1.csv" | awk -F, -v t="$2" 'NR > 61 && $3 > 0 { d = $3 - t; if (d < 0) d = -d;
		print d / 1000 }' | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1;
		printf "%.1f", v[i] }'
}

run unpaced 600 MVGAL_FPS=60 MVGAL_PACER=off
expect "NVIDIA: the renderer is NVIDIA's" 1 "$(grep -c '^renderer: NVIDIA' "$OUT/unpaced.out")"
expect "unpaced: every frame drawn" "egl_pbuffer: 600 frames" "$(grep '^egl_pbuffer:' "$OUT/unpaced.out")"
expect "unpaced: no glFlush of ours" "swaps=600 flushed=0" "$(cat "$OUT/unpaced.count" 2>/dev/null)"
for n in 60 144; do
	frames=$((n * 10))
	run "paced-$n" $frames MVGAL_FPS=$n
	expect "$n fps: every frame drawn" "egl_pbuffer: $frames frames" \
		"$(grep '^egl_pbuffer:' "$OUT/paced-$n.out")"
	expect "$n fps: a glFlush of ours before every swap" "swaps=$frames flushed=$frames" \
		"$(cat "$OUT/paced-$n.count" 2>/dev/null)"
	expect "$n fps: telemetry rows == frames" "$frames" "$(field "paced-$n" frames)"
	expect "$n fps: telemetry names the GPU" 1 "$(grep -c '^gpu=NVIDIA' "$OUT/paced-$n.csv.summary")"
	mean=$(field "paced-$n" mean_ms)
	awk -v m="$mean" -v n=$n 'BEGIN { t = 1000 / n; exit !(m >= t * 0.999 && m <= t * 1.001) }' &&
		ok "$n fps: mean interval $mean ms (target $(awk -v n=$n 'BEGIN { printf "%.3f", 1000 / n }'))" ||
		not_ok "$n fps: mean interval" "$mean ms"
	echo "p99 |interval - 1/$n| after 60 frames: $(p99err "paced-$n" $((1000000000 / n))) us"
done
exit $failed
