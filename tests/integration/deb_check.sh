#!/bin/sh
# SPDX-License-Identifier: MIT
# make deb-check: the Debian package as a user gets it. lintian on what `make deb` built; the
# package built again on a fresh Debian 12 with only build-essential and the Build-Depends; then
# `apt-get install ./mvgal-launch_*.deb` on a fresh Debian 12 (throw-away mmdebstrap chroots in
# their own mount, PID and network namespaces, so that nothing is installed on this machine and
# no implicit layer lands in its /usr), and there, with no XDG or loader override:
#   - the Vulkan loader finds the layer in /usr/share/vulkan/implicit_layer.d and loads it from
#     /usr/lib/mvgal; the two manifests name one 64-bit and one 32-bit library that exist;
#   - vkcube through /usr/bin/mvgal-launch --fps 30 is paced (the layer's telemetry);
#   - glxgears (64-bit) and glx_gpa (32-bit, from the build tree) map the OpenGL library from
#     /usr/lib/mvgal and /usr/lib32/mvgal, and glx_gpa is paced;
#   - `mvgal-launch install --steam-root` links the Steam tool to /usr/bin/mvgal-launch;
#   - `apt-get purge` leaves no file behind that was not there before the install.
# Not in make check (minutes, root, a Debian mirror the first time). The chroot (the packages
# below) is cached as $O/deb-check/bookworm-<sum>.tar; MVGAL_DEB_MIRROR picks the mirror.
# Needs root (mmdebstrap, chroot, mount); the Makefile runs it after `make deb`.
#   sh tests/integration/deb_check.sh            (host: lintian, chroot, then the part below)
#   sh tests/integration/deb_check.sh --inside   (in the chroot, as /mvgal-test/...)
. "$MVGAL_TOP/tests/integration/lib.sh"

# What the chroot holds besides Debian's essential set and apt: the test programs (vulkaninfo,
# vkcube, glxgears, Xvfb), lavapipe and llvmpipe, the i386 GL stack for the 32-bit program, and
# the package's Recommends (so that apt needs no network: the chroot has none).
CHROOT_PKGS="mesa-vulkan-drivers vulkan-tools xvfb xauth mesa-utils libgl1-mesa-dri
libcurl4 libssl3 libvulkan1 libxcb-randr0 libx11-xcb1
libc6:i386 libx11-6:i386 libgl1:i386 libglx-mesa0:i386 libgl1-mesa-dri:i386"
FPS=30
LAYER64=VK_LAYER_MVGAL_multigpu_x86_64 # the 64-bit build's name (the 32-bit one ends in _x86)

# snapshot: every path in the chroot but the kernel's, the temp folders, the test's own files
# (/mvgal-test; HOME is under /tmp), apt's and dpkg's own records and logs, and Xvfb's compiled
# keymaps (/var/lib/xkb: the X server's cache, not the package's)
snapshot() {
	find / \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /run \
		-o -path /mvgal-test -o -path /var/cache/apt -o -path /var/lib/apt \
		-o -path /var/lib/dpkg -o -path /var/log -o -path /var/lib/xkb \) -prune -o -print | sort
}

# summary_of DIR KEY: KEY's value in the summary of the one telemetry CSV in DIR
summary_of() { sed -n "s/^$2=//p" "$(ls "$1"/*.csv.summary 2>/dev/null | head -n 1)" 2>/dev/null; }
rows_of() {
	c=$(ls "$1"/*.csv 2>/dev/null | head -n 1)
	[ -n "$c" ] && grep -c '^[0-9]' "$c" || echo 0
}
# paced MEAN_MS: the mean interval is the target's (1000/FPS ms), within what a loaded 2-core VM
# does: never more than 2 % fast (unpaced, these programs run several times faster)
paced() {
	awk -v m="$1" -v n=$FPS 'BEGIN { t = 1000 / n; exit !(m != "" && m >= t * 0.98 && m <= t * 1.5) }'
}
# unpaced MEAN_MS: a mean under the paced bound, the program's own speed
unpaced() { awk -v m="$1" -v n=$FPS 'BEGIN { exit !(m != "" && m < 1000 / n * 0.98) }'; }

# maps_of PID PATTERN: waits up to 10 s for PID's maps to show a file matching PATTERN; prints it
maps_of() {
	i=0
	while [ $i -lt 100 ] && kill -0 "$1" 2>/dev/null; do
		m=$(grep -o "$2" "/proc/$1/maps" 2>/dev/null | head -n 1)
		[ -n "$m" ] && echo "$m" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# elf_kind FILE: "32 3" for an i386 ELF, "64 62" for an x86-64 one (EI_CLASS, e_machine)
elf_kind() {
	class=$(od -An -j4 -N1 -tu1 "$1" 2>/dev/null | tr -d ' ')
	machine=$(od -An -j18 -N2 -tu2 "$1" 2>/dev/null | tr -d ' ')
	echo "$((class * 32)) $machine"
}

inside() {
	cd / || exit 1
	export DEBIAN_FRONTEND=noninteractive
	unset XDG_DATA_DIRS XDG_CONFIG_DIRS VK_DRIVER_FILES VK_ICD_FILENAMES VK_IMPLICIT_LAYER_PATH \
		VK_ADD_IMPLICIT_LAYER_PATH VK_LAYER_PATH VK_ADD_LAYER_PATH LD_PRELOAD LD_LIBRARY_PATH
	snapshot >"$T/before"
	deb=$(ls /mvgal-test/debs/mvgal-launch_*_amd64.deb)
	apt-get install -y -q "$deb" >"$T/apt.out" 2>&1
	check_eq "apt-get install ./$(basename "$deb"): exit 0" 0 $?
	check_eq "dpkg: mvgal-launch installed" "install ok installed" \
		"$(dpkg-query -W -f='${Status}' mvgal-launch 2>/dev/null)"
	[ "$MVGAL_FAILED" = 0 ] || { tail -n 20 "$T/apt.out"; finish; }

	check_eq "mvgal-launch is /usr/bin's" /usr/bin/mvgal-launch "$(command -v mvgal-launch)"
	check "man page: man 1 mvgal-launch" test -s /usr/share/man/man1/mvgal-launch.1.gz
	check "bash completion" test -s /usr/share/bash-completion/completions/mvgal-launch
	check_eq "the installed program uses the installed DB" "# shipped: /usr/share/mvgal/compat.db" \
		"$(mvgal-launch db path 2>/dev/null | grep '^# shipped: ')"

	# the manifests: one library of each bitness, at the absolute path the manifest names
	kinds=""
	for m in /usr/share/vulkan/implicit_layer.d/VkLayer_MVGAL*.json; do
		lib=$(sed -n 's/.*"library_path" *: *"\([^"]*\)".*/\1/p' "$m")
		case "$lib" in
		/usr/*) [ -f "$lib" ] && kinds="$kinds$(elf_kind "$lib");" ;;
		*) kinds="$kinds$(basename "$m"):$lib;" ;;
		esac
	done
	check_eq "layer manifests: a 32-bit (i386) and a 64-bit (x86-64) library under /usr" \
		"32 3;64 62;" "$(echo "$kinds" | tr ';' '\n' | sort | grep . | sed 's/$/;/' | tr -d '\n')"

	# the loader, searching its default folders, lists the layer and loads it from /usr/lib/mvgal
	vulkaninfo --summary >"$T/vi.out" 2>&1
	check "vulkaninfo --summary lists $LAYER64 (no XDG or loader override)" \
		grep -q "^$LAYER64 " "$T/vi.out"
	ENABLE_MVGAL=1 VK_LOADER_DEBUG=layer vulkaninfo --summary >"$T/vi.out" 2>&1
	check "ENABLE_MVGAL=1: the loader inserts the layer from /usr/lib/mvgal" \
		grep -q "Insert instance layer \"*$LAYER64\"* (/usr/lib/mvgal/libVkLayer_MVGAL_multigpu\\.so)" \
		"$T/vi.out"
	# ... and so does `mvgal-launch check`, which finds the manifest and the DB under /usr
	mvgal-launch check >"$T/check.out" 2>&1
	check "mvgal-launch check: the loader sees the layer" grep -q '^ok *layer (loader) ' "$T/check.out"
	seen='/usr/share/vulkan/implicit_layer.d (64-bit: loads; 32-bit: an i386 library)'
	check "mvgal-launch check: both layers seen in /usr/share/vulkan/implicit_layer.d, here and by Steam" \
		test "$(grep '^ok ' "$T/check.out" | grep -c -F "$seen")" = 2
	check "mvgal-launch check: the DB in /usr/share/mvgal" \
		grep -q '^ok *compat DB */usr/share/mvgal/compat.db ' "$T/check.out"

	start_xvfb
	export XDG_RUNTIME_DIR="$T/run"
	mkdir -m 700 "$XDG_RUNTIME_DIR"

	# Vulkan: vkcube through the launcher, paced by the layer
	timeout 120 mvgal-launch --fps $FPS --telemetry "$T/cube" -- vkcube --c 90 >"$T/cube.out" 2>&1
	check_eq "vkcube --c 90 through mvgal-launch --fps $FPS: exit 0" 0 $?
	check_eq "vkcube: the layer's telemetry has 90 frames" 90 "$(rows_of "$T/cube")"
	mean=$(summary_of "$T/cube" mean_ms)
	# the same without --fps: the bound above would have caught it
	timeout 120 mvgal-launch --telemetry "$T/cube0" -- vkcube --c 90 >"$T/cube0.out" 2>&1
	free=$(summary_of "$T/cube0" mean_ms)
	check "vkcube: paced to $FPS fps (mean interval $mean ms; $free ms without --fps)" paced "$mean"
	check "vkcube without --fps runs faster (mean interval $free ms)" unpaced "$free"

	# OpenGL, 64-bit: glxgears maps the library from /usr/lib/mvgal (through gl/$PLATFORM/)
	mvgal-launch --fps $FPS --telemetry "$T/gears" -- glxgears >"$T/gears.out" 2>&1 &
	pid=$!
	check_eq "glxgears maps the OpenGL library from /usr/lib/mvgal" \
		/usr/lib/mvgal/libmvgal_gl.so "$(maps_of $pid '/usr/lib[0-9]*/mvgal/libmvgal_gl\.so$')"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	GPA=/mvgal-test/bin/glx_gpa
	timeout 60 mvgal-launch --fps $FPS --telemetry "$T/gpa" -- $GPA --frames 60 >"$T/gpa.out" 2>&1
	check_eq "glx_gpa (64-bit) --frames 60: exit 0" 0 $?
	mean=$(summary_of "$T/gpa" mean_ms)
	check "glx_gpa (64-bit): paced to $FPS fps (mean interval $mean ms)" paced "$mean"

	# OpenGL, 32-bit: the $PLATFORM link leads a 32-bit program to /usr/lib32/mvgal (through
	# qemu-i386-static, copied in from the host, where the kernel runs no 32-bit programs)
	run32=$(run32_prefix $GPA.32) || exit 1
	# shellcheck disable=SC2086 # run32 is empty or one word
	mvgal-launch --fps $FPS --telemetry "$T/gpa32" -- $run32 $GPA.32 --frames 60 >"$T/gpa32.out" 2>&1 &
	pid=$!
	check_eq "glx_gpa (32-bit) maps the OpenGL library from /usr/lib32/mvgal" \
		/usr/lib32/mvgal/libmvgal_gl.so "$(maps_of $pid '/usr/lib[0-9]*/mvgal/libmvgal_gl\.so$')"
	wait $pid
	rc=$?
	check_eq "glx_gpa (32-bit) --frames 60: exit 0" 0 $rc
	[ $rc = 0 ] || sed 's/^/# /' "$T/gpa32.out" | head -n 5
	check "glx_gpa (32-bit): ld.so did not complain" sh -c "! grep -q 'ld.so' '$T/gpa32.out'"
	mean=$(summary_of "$T/gpa32" mean_ms)
	check "glx_gpa (32-bit): paced to $FPS fps (mean interval $mean ms)" paced "$mean"

	# Steam: a root of the shape Steam makes (~/.local/share/Steam with steamapps/)
	S=$HOME/.local/share/Steam
	mkdir -p "$S/steamapps"
	printf '"libraryfolders"\n{\n\t"0"\n\t{\n\t\t"path"\t\t"%s"\n\t\t"apps"\n\t\t{\n\t\t}\n\t}\n}\n' \
		"$S" >"$S/steamapps/libraryfolders.vdf"
	mvgal-launch install --steam-root "$S" >"$T/install.out" 2>&1
	check_eq "mvgal-launch install --steam-root: exit 0" 0 $?
	check_eq "the Steam tool runs /usr/bin/mvgal-launch" /usr/bin/mvgal-launch \
		"$(readlink "$S/compatibilitytools.d/mvgal/mvgal-launch")"
	check "the Steam tool: toolmanifest.vdf runs /mvgal-launch %verb%" \
		grep -q '"commandline".*"/mvgal-launch %verb%"' "$S/compatibilitytools.d/mvgal/toolmanifest.vdf"
	mvgal-launch uninstall --steam-root "$S" >/dev/null 2>&1

	kill "$MVGAL_XVFB_PID" 2>/dev/null
	apt-get purge -y -q mvgal-launch >"$T/apt.out" 2>&1
	check_eq "apt-get purge mvgal-launch: exit 0" 0 $?
	snapshot >"$T/after"
	check_eq "purge leaves no file behind (paths added since before the install)" "" \
		"$(comm -13 "$T/before" "$T/after" | head -n 20 | tr '\n' ' ')"
}

if [ "${1:-}" = --inside ]; then
	inside
	finish
fi

# ---- on the host ----------------------------------------------------------------------------
need_cmd lintian lintian
need_cmd mmdebstrap mmdebstrap
need_cmd unshare util-linux
if [ "$(id -u)" != 0 ]; then
	not_ok "requirement: root" "the throw-away chroot needs root (mmdebstrap, chroot, mount)"
	exit 1
fi
DEBS=$MVGAL_BUILD/deb
changes=$(ls "$DEBS"/mvgal-launch_*_amd64.changes 2>/dev/null | head -n 1)
if [ -z "$changes" ]; then
	not_ok "requirement: $DEBS/mvgal-launch_*.changes" "build the packages first: make deb"
	exit 1
fi
for f in "$MVGAL_BUILD/tests/gl/glx_gpa" "$MVGAL_BUILD/tests/gl32/glx_gpa"; do
	need_file "$f" "(build it: make $f)"
done

# lintian: no error, no warning; the overrides in debian/ say why each accepted tag is fine
if lintian --fail-on error,warning "$changes" >"$T/lintian.out" 2>&1; then
	ok "lintian $(basename "$changes"): no error, no warning"
else
	not_ok "lintian $(basename "$changes"): no error, no warning" \
		"$(grep -E '^[EW]: ' "$T/lintian.out" | head -n 5 | tr '\n' ' ')"
fi

# chroot_tar NAME VARIANT ARCHS PKGS: prints the path of a bookworm tarball (mmdebstrap VARIANT,
# architectures ARCHS, PKGS included), made once per package list and kept in $O/deb-check/
chroot_tar() {
	tar_path=$MVGAL_BUILD/deb-check/$1-$(echo "$4" | cksum | cut -d' ' -f1).tar
	if [ ! -s "$tar_path" ]; then
		mkdir -p "$MVGAL_BUILD/deb-check"
		echo "# making the Debian 12 chroot $tar_path (once)" >&2
		if ! mmdebstrap --format=tar --variant="$2" --architectures="$3" \
			--include="$(echo $4 | tr ' ' ',')" bookworm "$tar_path.tmp" \
			"${MVGAL_DEB_MIRROR:-http://deb.debian.org/debian}" >"$T/mmdebstrap.log" 2>&1; then
			tail -n 20 "$T/mmdebstrap.log" | sed 's/^/# /' >&2
			rm -f "$tar_path.tmp"
			return 1
		fi
		mv "$tar_path.tmp" "$tar_path"
	fi
	echo "$tar_path"
}

# in_chroot ROOT CMD...: CMD in the chroot ROOT, in new mount, PID and network namespaces: the
# mounts vanish with the last process, every process (Xvfb...) dies with CMD, and the X
# server's abstract socket is not the host's. Afterwards no mount of ROOT may be seen here (else
# removing $T would go into it).
in_chroot() {
	unshare --mount --pid --net --fork --mount-proc="$1/proc" sh -c '
		r=$1
		shift
		mount --rbind /dev "$r/dev" && mount --rbind /sys "$r/sys" && mount -t tmpfs tmpfs "$r/tmp" &&
		exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin:/mvgal-test/bin \
			TERM=dumb HOME=/root "$@"' sh "$@"
	rc=$?
	if grep -q " $1/" /proc/self/mountinfo; then
		not_ok "chroot mounts gone" "still mounted under $1: not removing $T"
		trap - EXIT
		finish
	fi
	return $rc
}

# 1. The package builds on a fresh Debian 12 that has only build-essential and debian/control's
# Build-Depends (this machine has many more packages: its build proves nothing about them),
# from the files git knows (as make deb takes them), and holds the same files as make deb's.
build_deps=$(awk '/^Build-Depends:/ { on = 1; sub(/^Build-Depends:/, ""); print; next }
	on && /^[^ \t#]/ { on = 0 } on && !/^#/ { print }' "$MVGAL_TOP/debian/control" |
	tr ',' '\n' | sed 's/([^)]*)//; s/[[:space:]]//g; s/^debhelper-compat$/debhelper/' | grep . | sort)
if tb=$(chroot_tar bookworm-build buildd amd64 "$build_deps"); then
	B=$T/build-root
	mkdir "$B"
	tar -C "$B" -xf "$tb"
	version=$(dpkg-parsechangelog -l "$MVGAL_TOP/debian/changelog" -S Version)
	mkdir -p "$B/build/mvgal-launch-$version"
	(cd "$MVGAL_TOP" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$B/build/mvgal-launch-$version"
	in_chroot "$B" sh -c "cd /build/mvgal-launch-$version && dpkg-checkbuilddeps &&
		DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -b" >"$T/build.log" 2>&1
	rc=$?
	check_eq "builds on a fresh Debian 12 with only the Build-Depends (dpkg-buildpackage -b)" 0 $rc
	[ $rc = 0 ] || tail -n 20 "$T/build.log" | sed 's/^/# /'
	files_of() { dpkg -c "$1" 2>/dev/null | awk '{ print $1, $6, $7, $8 }'; }
	check_eq "that package has the same files as make deb's" \
		"$(files_of "$DEBS/mvgal-launch_${version}_amd64.deb")" \
		"$(files_of "$B/build/mvgal-launch_${version}_amd64.deb")"
	rm -rf "$B"
else
	not_ok "mmdebstrap --variant=buildd bookworm" "log above"
fi

# 2. The package installed with apt on a fresh Debian 12 (the tests of the --inside part).
if ! tb=$(chroot_tar bookworm apt amd64,i386 "$CHROOT_PKGS"); then
	not_ok "mmdebstrap bookworm" "log above"
	finish
fi
R=$T/root
mkdir "$R"
tar -C "$R" -xf "$tb"
check_eq "fresh Debian 12 chroot: no mvgal file in it" "" \
	"$(find "$R/usr" "$R/etc" -name '*mvgal*' | head -n 5)"
mkdir -p "$R/mvgal-test/tests/integration" "$R/mvgal-test/debs" "$R/mvgal-test/bin"
cp "$MVGAL_TOP/tests/integration/lib.sh" "$MVGAL_TOP/tests/integration/deb_check.sh" \
	"$R/mvgal-test/tests/integration/"
cp "$DEBS"/mvgal-launch_*_amd64.deb "$R/mvgal-test/debs/"
cp "$MVGAL_BUILD/tests/gl/glx_gpa" "$R/mvgal-test/bin/glx_gpa"
cp "$MVGAL_BUILD/tests/gl32/glx_gpa" "$R/mvgal-test/bin/glx_gpa.32"
run32=$(run32_prefix "$MVGAL_BUILD/tests/gl32/glx_gpa") || exit 1
[ -z "$run32" ] || cp "$(command -v "$run32")" "$R/mvgal-test/bin/"
in_chroot "$R" env MVGAL_TOP=/mvgal-test sh /mvgal-test/tests/integration/deb_check.sh --inside ||
	MVGAL_FAILED=1
finish
