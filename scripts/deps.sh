#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs every Debian package the build, tests, demo and bench need. Idempotent and fast when
# everything is there (one dpkg-query call). As root it runs apt-get; otherwise it prints the one
# line to run and exits 1. The list below is the single source of truth (the README explains why
# each package is needed).
#   sh scripts/deps.sh [--tests] [--deb]
# --tests (make check) also installs the i386 OpenGL packages of the 32-bit draw test, adding the
# i386 architecture to dpkg first, and fetches Debian 11's Vulkan loader for the older-loader
# test: steps for a test machine, not for `make demo`.
# --deb (make deb, make deb-check) also installs the Debian packaging tools.
set -eu
with_i386=0
with_deb=0
for a in "$@"; do
	case "$a" in
	--tests) with_i386=1 ;;
	--deb) with_deb=1 ;;
	*) echo "usage: sh scripts/deps.sh [--tests] [--deb]" >&2 && exit 2 ;;
	esac
done

PACKAGES="
gcc make pkg-config git
libvulkan-dev libsdl2-dev libcurl4-openssl-dev libssl-dev libinih-dev libcmocka-dev
mesa-vulkan-drivers vulkan-tools vulkan-validationlayers glslang-tools
xvfb xauth mangohud x11-utils
mesa-utils libgl1-mesa-dri libegl-mesa0 libgl-dev libx11-dev
x11-apps xdotool xfonts-base
libxcb1-dev libxcb-randr0-dev xserver-xorg-core xserver-xorg-video-dummy
libwayland-dev weston sway xwayland
gcc-multilib
clang libclang-rt-14-dev clang-format
python3 openssl
dbus-daemon libnotify-bin libglib2.0-bin python3-gi gir1.2-glib-2.0
librsvg2-bin libxml2-utils time
strace groff-base
util-linux mount
qemu-user-static
"

# make deb (dpkg-buildpackage, dh) and make deb-check (lintian; mmdebstrap makes the fresh
# Debian 12 the built package is installed on)
DEB_PACKAGES="debhelper dpkg-dev lintian mmdebstrap"
[ $with_deb = 1 ] && PACKAGES="$PACKAGES $DEB_PACKAGES"

# the 32-bit draw test (tests/integration/test_gl_pacing.sh): a 32-bit GLX program on llvmpipe
# (run through qemu-i386-static, from qemu-user-static above, on kernels without 32-bit support)
I386_PACKAGES="libc6:i386 libx11-6:i386 libgl1:i386 libglx-mesa0:i386 libgl1-mesa-dri:i386"

# the older-loader test (tests/integration/test_layer_old_loader.sh): Debian 11's Vulkan loader,
# a .deb the test unpacks into its temp folder (never installed), fetched from bullseye with a
# throw-away apt configuration: the machine's sources and lists stay as they are
OLD_LOADER_DEB=/var/cache/mvgal-tests/libvulkan1_1.2.162.0-1_amd64.deb
OLD_LOADER_SOURCE="deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main"

fetch_old_loader() {
	d=$(mktemp -d)
	chmod 755 "$d" # apt's _apt user downloads into it
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
	echo "$OLD_LOADER_SOURCE" >"$d/sources.list"
	set -- -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache"
	echo "mvgal: fetching Debian 11's libvulkan1 1.2.162 for the older-loader test" >&2
	if apt-get "$@" update -q >&2 && (cd "$d" && apt-get "$@" download libvulkan1=1.2.162.0-1 >&2) &&
		mkdir -p "${OLD_LOADER_DEB%/*}" && mv "$d/${OLD_LOADER_DEB##*/}" "$OLD_LOADER_DEB"; then
		:
	else
		echo "mvgal: could not fetch libvulkan1 1.2.162 from bullseye; test_layer_old_loader will say so" >&2
	fi
	rm -rf "$d"
}

# missing_of LIST: the packages of LIST that are not installed
missing_of() {
	m=""
	for p in $1; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in
		*"install ok installed"*) ;;
		*) m="$m $p" ;;
		esac
	done
	echo "$m"
}

missing=$(missing_of "$PACKAGES")
missing_i386=""
[ $with_i386 = 1 ] && missing_i386=$(missing_of "$I386_PACKAGES")
missing_deb=""
[ $with_i386 = 1 ] && [ ! -s "$OLD_LOADER_DEB" ] && missing_deb=" $OLD_LOADER_DEB"
[ -z "$missing$missing_i386$missing_deb" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "mvgal: missing packages:$missing$missing_i386" >&2
	echo "mvgal: run this once, then try again:" >&2
	if [ -n "$missing_i386" ] && ! dpkg --print-foreign-architectures | grep -qx i386; then
		echo "  sudo dpkg --add-architecture i386 && sudo apt-get update" >&2
	fi
	[ -n "$missing$missing_i386" ] &&
		echo "  sudo apt-get install -y --no-install-recommends$missing$missing_i386" >&2
	[ -n "$missing_deb" ] && echo "  sudo sh scripts/deps.sh --tests   (fetches$missing_deb)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
[ -n "$missing_deb" ] && fetch_old_loader
[ -z "$missing$missing_i386" ] && exit 0
# Another apt (unattended-upgrades, a second make check) may hold dpkg's lock: wait for it
# rather than fail the set-up.
apt_get() { apt-get -o DPkg::Lock::Timeout=900 "$@"; }
if [ -n "$missing_i386" ] && ! dpkg --print-foreign-architectures | grep -qx i386; then
	echo "mvgal: adding the i386 architecture (for the 32-bit OpenGL test)" >&2
	dpkg --add-architecture i386
fi
# A mirror in the middle of a sync can fail one index (seen: bookworm-security's i386 one); apt
# then keeps the others, and what it cannot install is said by apt-get install below.
apt_get update -q >&2 || echo "mvgal: apt-get update failed for some index; going on with what apt has" >&2
if [ -n "$missing" ]; then
	echo "mvgal: installing missing packages:$missing" >&2
	# shellcheck disable=SC2086
	apt_get install -y -q --no-install-recommends $missing >&2
fi
[ -z "$missing_i386" ] && exit 0

# The i386 packages. A multi-arch library must have the same version for both architectures;
# where the amd64 one came from an index the i386 side lacks (a security update whose i386 index
# failed to download), apt refuses with "Depends: NAME:i386 ... but it is not going to be
# installed". Then each such library (and its installed packages of the same source, e.g. the
# -dev) is pinned, for both architectures, to the i386 candidate version, if apt can do that
# without removing anything; otherwise this stops and says so.
echo "mvgal: installing missing packages:$missing_i386" >&2
# shellcheck disable=SC2086
apt_get install -y -q --no-install-recommends $missing_i386 >&2 && exit 0
sim=$(mktemp)
trap 'rm -f "$sim"' EXIT
pins=""
for round in 1 2 3 4; do
	# shellcheck disable=SC2086
	apt_get install -s --no-install-recommends $missing_i386 $pins >"$sim" 2>&1 || true
	names=$(sed -n 's/.*Depends: \([^ ]*\):i386 .*but it is not going to be installed.*/\1/p' \
		"$sim" | sort -u)
	[ -z "$names" ] && break
	for n in $names; do
		v=$(apt-cache policy "$n:i386" | sed -n 's/^  Candidate: //p')
		[ -n "$v" ] && [ "$v" != "(none)" ] || continue
		src=$(dpkg-query -W -f='${source:Package}' "$n:amd64" 2>/dev/null || echo "$n")
		same=$(dpkg-query -W -f='${binary:Package} ${source:Package}\n' 2>/dev/null |
			awk -v s="$src" '$2 == s && $1 !~ /:i386$/ { sub(/:amd64$/, "", $1); print $1 }')
		for b in $n $same; do
			case " $pins " in *" $b=$v "*) ;; *) pins="$pins $b=$v" ;; esac
		done
		pins="$pins $n:i386=$v"
	done
	echo "mvgal: i386 and amd64 versions differ; pinning both to what the i386 index has:$pins" >&2
done
# shellcheck disable=SC2086
apt_get install -s --no-install-recommends --allow-downgrades $missing_i386 $pins >"$sim" 2>&1 || true
if grep -q '^Remv ' "$sim" || grep -q '^E: ' "$sim"; then
	echo "mvgal: cannot install$missing_i386 without removing packages or at all:" >&2
	grep -E '^(Remv|E:) ' "$sim" | head -n 10 >&2
	exit 1
fi
# shellcheck disable=SC2086
apt_get install -y -q --no-install-recommends --allow-downgrades $missing_i386 $pins >&2
