#!/bin/sh
# SPDX-License-Identifier: MIT
# make install DESTDIR=... PREFIX=/usr puts every file where DESIGN.md section 8 says (layer
# manifests with absolute library paths), the installed program finds the installed DB, and
# make uninstall removes exactly that: nothing is left in DESTDIR, and a foreign file stays.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd python3 python3
S=$T/stage
mk() { MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" "$@"; }

mk install DESTDIR="$S" PREFIX=/usr >"$T/out" 2>&1
check_eq "install: exit 0" 0 $?
for f in bin/mvgal-launch lib/mvgal/libVkLayer_MVGAL_multigpu.so \
	lib32/mvgal/libVkLayer_MVGAL_multigpu.so lib/mvgal/libmvgal_gl.so lib32/mvgal/libmvgal_gl.so \
	lib/mvgal/gl/x86_64/libmvgal_gl.so lib/mvgal/gl/haswell/libmvgal_gl.so \
	lib/mvgal/gl/xeon_phi/libmvgal_gl.so lib/mvgal/gl/i386/libmvgal_gl.so \
	lib/mvgal/gl/i486/libmvgal_gl.so lib/mvgal/gl/i586/libmvgal_gl.so \
	lib/mvgal/gl/i686/libmvgal_gl.so \
	share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json \
	share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86.json share/mvgal/compat.db \
	share/man/man1/mvgal-launch.1 share/bash-completion/completions/mvgal-launch; do
	check "installed: /usr/$f" test -s "$S/usr/$f"
done
check "program is executable" test -x "$S/usr/bin/mvgal-launch"
check "man page is the source's" cmp -s "$MVGAL_TOP/launcher/mvgal-launch.1" "$S/usr/share/man/man1/mvgal-launch.1"
check "DB is the shipped one" cmp -s "$MVGAL_TOP/compat/data/compat.db" "$S/usr/share/mvgal/compat.db"
lib_path() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["layer"]["library_path"])' "$1"; }
M=$S/usr/share/vulkan/implicit_layer.d
check_eq "64-bit manifest: absolute path under PREFIX" /usr/lib/mvgal/libVkLayer_MVGAL_multigpu.so \
	"$(lib_path "$M/VkLayer_MVGAL_multigpu.x86_64.json")"
check_eq "32-bit manifest: absolute path under PREFIX" /usr/lib32/mvgal/libVkLayer_MVGAL_multigpu.so \
	"$(lib_path "$M/VkLayer_MVGAL_multigpu.x86.json")"
# the installed launcher preloads the installed OpenGL library (\$PLATFORM: 64- or 32-bit)
"$S/usr/bin/mvgal-launch" -- env >"$T/env" 2>/dev/null
check_eq "installed program preloads the installed OpenGL library" \
	"LD_PRELOAD=$S/usr/lib/mvgal/gl/\$PLATFORM/libmvgal_gl.so" "$(grep '^LD_PRELOAD=' "$T/env")"
unset MVGAL_DB
"$S/usr/bin/mvgal-launch" db path >"$T/path"
check "installed program uses the installed DB" grep -qx "# shipped: $S/usr/share/mvgal/compat.db" "$T/path"

mkdir -p "$S/usr/share/man/man1" && : >"$S/usr/share/man/man1/other.1"
mk uninstall DESTDIR="$S" PREFIX=/usr >"$T/out" 2>&1
check_eq "uninstall: exit 0" 0 $?
check_eq "uninstall: only the foreign file is left" "$S/usr/share/man/man1/other.1" "$(find "$S" -mindepth 1 -type f)"
rm "$S/usr/share/man/man1/other.1"
mk uninstall DESTDIR="$S" PREFIX=/usr >"$T/out" 2>&1
check_eq "uninstall again: exit 0" 0 $?
check_eq "uninstall: nothing left in DESTDIR" "" "$(find "$S" -mindepth 1)"
finish
