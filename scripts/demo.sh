#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: runs the demo game twice through `mvgal-launch -- build/mvgal-demo ...` with the same
# uneven CPU load, once unpaced and once with `--fps 60` (the layer's pacer), telemetry on, then
# `mvgal-launch report` on both: which GPU rendered, the two summaries side by side, the SVG path.
# Starts Xvfb when DISPLAY is unset (and stops it); renders with lavapipe when no other Vulkan
# driver works. Any missing piece is named and makes it fail: it never passes silently.
# Knobs (the test uses them for a short run): DEMO_FRAMES (300), DEMO_LOAD (ms, 4),
# DEMO_OUT (directory for the CSVs and the SVG, default $O/demo), DEMO_TIMEOUT (s per run, 60).
# It writes nothing into the user's state folder: launch.log goes to $DEMO_OUT/state/.
set -u
O=${O:-build}
FRAMES=${DEMO_FRAMES:-300}
LOAD=${DEMO_LOAD:-4}
FPS=60
RUN_TIMEOUT=${DEMO_TIMEOUT:-60}
LVP_ICD=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json

say() { printf 'mvgal demo: %s\n' "$*"; }
die() { printf 'mvgal demo: FAILED: %s\n' "$*" >&2; exit 1; }

[ -d "$O" ] || die "no build directory '$O' (run: make)"
BUILD=$(cd "$O" && pwd)
OUT=${DEMO_OUT:-$BUILD/demo}
case $OUT in /*) ;; *) OUT=$(pwd)/$OUT ;; esac
# the demo's launch.log and state stay in its output folder, never in the user's
export XDG_STATE_HOME="$OUT/state"
L=$BUILD/mvgal-launch
GAME=$BUILD/mvgal-demo
LAYER_JSON=$BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json

# ---- every piece, each named when missing ------------------------------------------------
missing=""
need() { missing="$missing
  - $1"; }
[ -x "$GAME" ] || need "the demo game $GAME (tests/game/, built by make)"
if [ ! -x "$L" ]; then
	need "the launcher $L (launcher/, built by make)"
else
	"$L" report --help >/dev/null 2>&1 || need "'mvgal-launch report' (the report code)"
	"$L" -- true >/dev/null 2>&1 || need "wrapper mode 'mvgal-launch -- CMD' (launcher/)"
fi
[ -f "$LAYER_JSON" ] || need "the Vulkan layer and its build-tree manifest $LAYER_JSON (layer/)"
if [ -z "${DISPLAY:-}" ]; then
	command -v Xvfb >/dev/null 2>&1 || need "Xvfb, no DISPLAY is set (Debian package xvfb)"
fi
if [ -n "$missing" ]; then
	printf 'mvgal demo: FAILED: cannot run, missing:%s\n' "$missing" >&2
	exit 1
fi

# ---- display -----------------------------------------------------------------------------
XVFB_PID=""
cleanup() { [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${DISPLAY:-}" ]; then
	n=90
	while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
	Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
	XVFB_PID=$!
	export DISPLAY=":$n"
	i=0
	while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "/tmp/.X11-unix/X$n" ] || die "Xvfb did not start on :$n"
	say "display: Xvfb $DISPLAY (started for the demo, stopped at the end)"
else
	say "display: $DISPLAY"
fi

# ---- the loader finds the build tree's implicit layer through XDG_DATA_DIRS ---------------
# Debian 12's loader (1.3.239) has no variable for implicit layer paths; it searches
# $XDG_DATA_DIRS/vulkan/implicit_layer.d, so the build tree's share/ goes first.
export XDG_DATA_DIRS="$BUILD/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
unset MVGAL_GPU MVGAL_FPS MVGAL_PACER MVGAL_TELEMETRY MVGAL_PRESENT_MODE MVGAL_IMAGES \
	DISABLE_MVGAL 2>/dev/null || true

if [ -z "${VK_DRIVER_FILES:-}" ] && ! timeout -k 5 20 "$GAME" --gpu-info >/dev/null 2>&1; then
	[ -f "$LVP_ICD" ] || die "no Vulkan driver works and lavapipe is missing (Debian package mesa-vulkan-drivers)"
	export VK_DRIVER_FILES="$LVP_ICD"
	say "driver: lavapipe (no other Vulkan driver worked)"
fi
gpu=$(timeout -k 5 20 "$GAME" --gpu-info 2>&1) || die "the demo cannot get a GPU: $gpu"

# ---- two runs, same load -----------------------------------------------------------------
mkdir -p "$OUT" || die "cannot create $OUT"
rm -f "$OUT/unpaced.csv" "$OUT/unpaced.csv.summary" "$OUT/paced-${FPS}fps.csv" \
	"$OUT/paced-${FPS}fps.csv.summary" "$OUT/report.svg"
say "$FRAMES frames per run, uneven CPU load of $LOAD ms on average (--load $LOAD)"

run() { # name, launcher options...
	name=$1; shift
	say "run '$name': mvgal-launch $* --telemetry $OUT/$name.csv -- mvgal-demo ..."
	# SDL turns SIGTERM into a quit event, which a hung game never reads: KILL after 5 s
	timeout -k 5 "$RUN_TIMEOUT" "$L" "$@" --telemetry "$OUT/$name.csv" -- "$GAME" \
		--frames "$FRAMES" --load "$LOAD" --present-mode immediate >"$OUT/$name.log" 2>&1
	rc=$?
	sed 's/^/    /' "$OUT/$name.log"
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] ||
		die "run '$name' hung: killed after $RUN_TIMEOUT s (log: $OUT/$name.log)"
	[ "$rc" -eq 0 ] || die "run '$name' exited $rc (log: $OUT/$name.log)"
	[ -s "$OUT/$name.csv" ] ||
		die "run '$name': the layer wrote no telemetry to $OUT/$name.csv (was it loaded? try VK_LOADER_DEBUG=layer)"
}
start=$(date +%s)
run unpaced --fps 0
run "paced-${FPS}fps" --fps "$FPS" --pacer on

# ---- the report --------------------------------------------------------------------------
echo
rendered=$(sed -n 's/^mvgal-demo: gpu: //p' "$OUT/paced-${FPS}fps.log" | head -n 1)
say "GPU that rendered: ${rendered:-? (the demo did not say)}"
echo
"$L" report --svg "$OUT/report.svg" "$OUT/unpaced.csv" "$OUT/paced-${FPS}fps.csv" ||
	die "mvgal-launch report failed"
echo
say "done in $(($(date +%s) - start)) s; open the plot: $OUT/report.svg"
