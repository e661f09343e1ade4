#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs every Debian package the build, tests, demo and bench need. Idempotent and fast when
# everything is there (one dpkg-query call). As root it runs apt-get; otherwise it prints the one
# line to run and exits 1. The list below is the single source of truth (the README explains why
# each package is needed).
set -eu

PACKAGES="
gcc make pkg-config git
libvulkan-dev libsdl2-dev libcurl4-openssl-dev libssl-dev libinih-dev libcmocka-dev
mesa-vulkan-drivers vulkan-tools vulkan-validationlayers glslang-tools
xvfb xauth mangohud
mesa-utils libgl1-mesa-dri libegl-mesa0 libgl-dev libx11-dev
libxcb1-dev libxcb-randr0-dev xserver-xorg-core xserver-xorg-video-dummy
libwayland-dev weston
gcc-multilib
clang libclang-rt-14-dev clang-format
python3 openssl
librsvg2-bin libxml2-utils time
strace
"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "mvgal: missing packages:$missing" >&2
	echo "mvgal: run this once, then try again:" >&2
	echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

echo "mvgal: installing missing packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
