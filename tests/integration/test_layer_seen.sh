#!/bin/sh
# SPDX-License-Identifier: MIT
# Where the layer will be seen from (issue 24 items 2, 8, 9): `check` loads each manifest's
# library as the loader would and says, one line each, whether this machine's loader and Steam's
# container (pressure-vessel: the loader's whole search path, /usr/local included, and
# ~/.local/share even when XDG_DATA_HOME points elsewhere) see it; `make install` refuses a
# relative PREFIX; `install` prints launch options that work without PATH.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
need_cmd python3 python3
need_cmd unshare util-linux
need_cmd mount mount
need_file "$LVP_ICD" mesa-vulkan-drivers
PROBE=$MVGAL_BUILD/tests/tools/vkprobe
ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
need_file "$PROBE" "(build it: make)"
BUILT=$MVGAL_BUILD/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json
export VK_DRIVER_FILES=$LVP_ICD XDG_DATA_DIRS=/usr/share
mk() { MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" "$@"; }
M=$XDG_DATA_HOME/vulkan/implicit_layer.d
mkdir -p "$M"
# a manifest as the build writes it, with library_path set to $2
manifest() { sed "s|\"library_path\": \"[^\"]*\"|\"library_path\": \"$2\"|" "$BUILT" >"$1"; }
seen() { "$LAUNCH" check >"$T/out" 2>&1; }

# ---- make install with a literal ~ (zsh, fish, a quoted value): refused before anything is built
mk install 'PREFIX=~/.local' DESTDIR="$T/stage" >"$T/out" 2>&1
check_eq "make install PREFIX=~/.local: refused" 2 $?
check "the refusal: one line with file:line and the fix" \
	grep -q '^Makefile:[0-9]*: \*\*\* PREFIX=~/.local is not an absolute path .*use PREFIX=\$HOME/.local' "$T/out"
check_eq "the refusal: one line" 1 "$(wc -l <"$T/out")"
check "the refusal: nothing written" test ! -e "$T/stage"
mk uninstall PREFIX=relative DESTDIR="$T/stage" >"$T/out" 2>&1
check_eq "make uninstall PREFIX=relative: refused" 2 $?

# ---- what such an install left (its manifest names "~/..."): check loads it, and fails it
manifest "$M/VkLayer_MVGAL_multigpu.x86_64.json" "~/.local/lib/mvgal/libVkLayer_MVGAL_multigpu.so"
seen
check_eq "literal ~ manifest: check exits 1" 1 $?
check "literal ~ manifest: FAIL, host" grep -q "^FAIL layer (host) .*VkLayer_MVGAL_multigpu.x86_64.json: library_path \"~/.local/lib/mvgal/libVkLayer_MVGAL_multigpu.so\" starts with '~'.*: run \`make install PREFIX=\$HOME/.local\`" "$T/out"
check "literal ~ manifest: FAIL, Steam's container" grep -q "^FAIL layer (Steam) .*starts with '~'" "$T/out"
# a library that is not the layer, one of the wrong class, one that does not resolve
printf 'not an ELF' >"$T/junk.so"
manifest "$M/VkLayer_MVGAL_multigpu.x86_64.json" "$T/junk.so"
seen
check "not an ELF: FAIL naming it" grep -q "^FAIL layer (host) .*$T/junk.so is not an ELF library" "$T/out"
manifest "$M/VkLayer_MVGAL_multigpu.x86_64.json" "$MVGAL_BUILD/lib32/mvgal/libVkLayer_MVGAL_multigpu.so"
seen
check "only a 32-bit library: FAIL, no 64-bit layer" grep -q "^FAIL layer (host) *$M holds no 64-bit layer" "$T/out"
manifest "$M/VkLayer_MVGAL_multigpu.x86_64.json" "$MVGAL_BUILD/tests/gl/libgl_count.so"
seen
check "a library without the layer's entry point: FAIL" grep -q "^FAIL layer (host) .*exports no vkNegotiateLoaderLayerInterfaceVersion" "$T/out"
cp "$MVGAL_BUILD/lib/mvgal/libVkLayer_MVGAL_multigpu.so" "$T/"
manifest "$M/VkLayer_MVGAL_multigpu.x86_64.json" "$T/libVkLayer_MVGAL_multigpu.so"
seen
check "a good manifest in ~/.local/share: ok, host" grep -q "^ok   layer (host) *seen from $M (64-bit: loads; no 32-bit layer)" "$T/out"
check "a good manifest in ~/.local/share: ok, Steam's container" grep -q "^ok   layer (Steam) *Steam's container (pressure-vessel) imports it from $M " "$T/out"
check "no Flatpak Steam: said so" grep -q "^ok   layer (Flatpak) no Flatpak Steam here" "$T/out"

# ---- ~/.local/share with XDG_DATA_HOME elsewhere: pressure-vessel still reads it, the loader
# not (steam-runtime-tools/graphics.c, steam-for-linux#8337)
XDG_DATA_HOME=$T/elsewhere "$LAUNCH" check >"$T/out" 2>&1
check "XDG_DATA_HOME elsewhere: the host's loader does not see ~/.local/share" grep -q "^FAIL layer (host) " "$T/out"
check "XDG_DATA_HOME elsewhere: Steam's container does" grep -q "^ok   layer (Steam) .*imports it from $M " "$T/out"
rm -r "$M"

# ---- PREFIX=/usr/local, in a mount namespace of our own (the machine's /usr/local untouched):
# the host's loader and Steam's container both read it (pressure-vessel's search path ends with
# XDG_DATA_DIRS' default /usr/local/share:/usr/share)
mkdir -p "$T/usrlocal"
as_root=; [ "$(id -u)" = 0 ] || as_root=-r
# shellcheck disable=SC2016 # expanded by the inner shell
unshare $as_root -m sh -c '
	mount --bind "$1" /usr/local || exit 3
	MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" install PREFIX=/usr/local >/dev/null || exit 4
	env -u XDG_DATA_DIRS /usr/local/bin/mvgal-launch check >"$2/out" 2>&1
	env -u XDG_DATA_DIRS VK_DRIVER_FILES="$3" ENABLE_MVGAL=1 MVGAL_GPU=amd NODEVICE_SELECT=1 "$4" >"$2/probe" 2>&1
	ls /usr/local/share/vulkan/implicit_layer.d >"$2/ls"
' sh "$T/usrlocal" "$T" "$ICD" "$PROBE"
check_eq "/usr/local: installed in a private mount namespace" 0 $?
check "/usr/local: host's loader sees it" grep -q "^ok   layer (host) *seen from /usr/local/share/vulkan/implicit_layer.d (64-bit: loads; 32-bit: an i386 library)" "$T/out"
check "/usr/local: Steam's container imports it" grep -q "^ok   layer (Steam) .*imports it from /usr/local/share/vulkan/implicit_layer.d " "$T/out"
check "/usr/local: no FAIL about /usr/local" sh -c "! grep '^FAIL' '$T/out' | grep -q /usr/local"
check_eq "/usr/local: the real loader runs the layer from there (MVGAL_GPU=amd: one GPU)" \
	"AMD Radeon RX 7900 XTX" "$(sed -n 's/^device [0-9]*: \(.*\) (0x[0-9a-f]*)$/\1/p' "$T/probe" | paste -sd '|' -)"
check "/usr/local: the machine's own /usr/local is untouched" test ! -e /usr/local/bin/mvgal-launch

# ---- not on PATH: install prints launch options with the full path, check says where PATH looks
make_steam
PATH=/usr/bin:/bin "$LAUNCH" install --steam-root="$ROOT" >"$T/out" 2>&1
check "install: launch options with the full path" grep -qx "or as a game's launch options: $LAUNCH -- %command%" "$T/out"
check "install: says the program is not on PATH" grep -q "^note: $LAUNCH is not what PATH finds as mvgal-launch (nothing)" "$T/out"
opts=$(sed -n "s/^or as a game's launch options: //p" "$T/out")
rm -f "$REC"
# Steam hands launch options to a shell with its own PATH (no folder of ours)
env PATH=/usr/bin:/bin MVGAL_FAKE_RECORD="$REC" sh -c "$(echo "$opts" | sed "s|%command%|'$FAKE' --flag|")"
check_eq "the printed launch options run without PATH" "argv[1]=--flag" "$(rec_argv fake_proton | sed -n 2p)"
PATH=$MVGAL_BUILD:/usr/bin:/bin "$LAUNCH" install --steam-root="$ROOT" >"$T/out" 2>&1
check "install on PATH: no note" sh -c "! grep -q '^note:' '$T/out'"
PATH=/usr/bin:/bin "$LAUNCH" check >"$T/out" 2>&1
check "check: not on PATH, the launch options to use" grep -q "^ok   program *$LAUNCH is not on PATH .*launch options: $LAUNCH -- %command%" "$T/out"
mkdir -p "$T/old/bin" && cp "$FAKE" "$T/old/bin/mvgal-launch"
PATH=$T/old/bin:$MVGAL_BUILD:/usr/bin:/bin "$LAUNCH" check >"$T/out" 2>&1
check "check: another mvgal-launch first on PATH is a FAIL" grep -q "^FAIL program *PATH finds another mvgal-launch, $T/old/bin/mvgal-launch, before this one" "$T/out"
# a folder with a space: quoted for Steam's shell
mkdir -p "$T/my games" && cp "$LAUNCH" "$T/my games/mvgal-launch"
"$T/my games/mvgal-launch" install --steam-root="$ROOT" >"$T/out" 2>&1
opts=$(sed -n "s/^or as a game's launch options: //p" "$T/out")
check_eq "a path with a space is quoted" "'$T/my games/mvgal-launch' -- %command%" "$opts"
rm -f "$REC"
env PATH=/usr/bin:/bin MVGAL_FAKE_RECORD="$REC" sh -c "$(echo "$opts" | sed "s|%command%|'$FAKE' --spaced|")"
check_eq "the quoted launch options run" "argv[1]=--spaced" "$(rec_argv fake_proton | sed -n 2p)"
finish
