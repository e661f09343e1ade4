#!/bin/sh
# SPDX-License-Identifier: MIT
# LD_PRELOAD from a folder with a blank or ':' (issue 23, item 6). ld.so(8) splits LD_PRELOAD at
# blanks and colons: a build tree under "My Games" was preloaded as ".../My" and
# "Games/mvgal/lib/...", the tail relative to the game's working folder. Here the build tree is
# copied under such folders (the build tree's shape: mvgal-launch beside lib/mvgal/ and lib32/,
# with the gl/$PLATFORM links), and the game's working folder holds a planted library at the
# path the tail would name, which records when it is loaded. The planted one must never load;
# the real library must (reached through a link in $XDG_STATE_HOME/mvgal/preload/, mode 0700),
# or, when $XDG_STATE_HOME has a blank too, be left out with one line that says how to fix it.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd cc gcc
unset LD_PRELOAD
B=$MVGAL_BUILD
PLATFORM=$(LD_SHOW_AUXV=1 /bin/true | sed -n 's/^AT_PLATFORM: *//p')

# the planted library: writes $T/planted when a process loads it
cat >"$T/planted.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void)
{
	int fd = open(PLANTED, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd >= 0) {
		write(fd, "loaded\n", 7);
		close(fd);
	}
}
C
cc -shared -fPIC -DPLANTED="\"$T/planted\"" -o "$T/planted.so" "$T/planted.c" ||
	not_ok "compile the planted library"

# tree DIR: a copy of the build tree's program and libraries in DIR (links kept)
tree() {
	mkdir -p "$1"
	cp "$B/mvgal-launch" "$1/"
	mkdir -p "$1/lib" "$1/lib32"
	cp -RP "$B/lib/." "$1/lib/"
	cp -RP "$B/lib32/." "$1/lib32/"
	rm -f "$1/lib/mvgal/libVkLayer_MVGAL_multigpu.so" "$1/lib32/mvgal/libVkLayer_MVGAL_multigpu.so"
}

# plant GAMEDIR TAIL: the planted library where the tail of a split entry points, for each
# $PLATFORM ld.so may expand (this CPU's, x86_64, haswell, i686) and without gl/$PLATFORM
plant() {
	for p in "$PLATFORM" x86_64 haswell xeon_phi i686; do
		mkdir -p "$1/$2/lib/mvgal/gl/$p"
		cp "$T/planted.so" "$1/$2/lib/mvgal/gl/$p/libmvgal_gl.so"
	done
	cp "$T/planted.so" "$1/$2/lib/mvgal/libmvgal_gl.so"
}

# run NAME DIR TAIL (check and friends own $name: the names here differ): the game (sh printing the libraries mapped into it) started by DIR's
# mvgal-launch from a working folder where TAIL holds the planted library
run() {
	rn=$1 dir=$2 tail=$3
	game=$T/game-$rn
	mkdir -p "$game"
	plant "$game" "$tail"
	rm -f "$T/planted"
	(cd "$game" && "$dir/mvgal-launch" -- /bin/sh -c 'cat /proc/$$/maps; echo "LD_PRELOAD=$LD_PRELOAD"' \
		>"$T/out-$rn" 2>"$T/err-$rn")
	echo $? >"$T/rc-$rn"
}

# maps_has NAME TEXT: a library mapped into the game (its maps, not the LD_PRELOAD line) has TEXT
maps_has() { grep -v '^LD_PRELOAD=' "$T/out-$1" | grep -qF "$2"; }

for case in "space:My Games/mvgal:Games/mvgal" "colon:a:b/mvgal:b/mvgal"; do
	cn=${case%%:*} rest=${case#*:}
	sub=${rest%:*} tail=${rest##*:}
	dir="$T/$sub"
	tree "$dir"
	run "$cn" "$dir" "$tail"
	check_eq "$cn: the game runs" 0 "$(cat "$T/rc-$cn")"
	check "$cn: the planted library in the game's folder is not loaded" test ! -e "$T/planted"
	check "$cn: the real library is loaded" maps_has "$cn" "$dir/lib/mvgal/libmvgal_gl.so"
	pre=$(sed -n 's/^LD_PRELOAD=//p' "$T/out-$cn")
	case $pre in
	"$XDG_STATE_HOME/mvgal/preload/gl-"*) ok "$cn: LD_PRELOAD names the link" ;;
	*) not_ok "$cn: LD_PRELOAD names the link" "LD_PRELOAD=[$pre]" ;;
	esac
	check_eq "$cn: LD_PRELOAD is one entry without blank or ':'" "" "$(printf '%s' "$pre" | tr -d -c ' :')"
	link=${pre%%/gl/*}
	link=${link%/libmvgal_gl.so}
	check_eq "$cn: the link points at the library's folder" "$dir/lib/mvgal" "$(readlink "$link")"
done
check_eq "the link folder is the user's only" "700" "$(stat -c %a "$XDG_STATE_HOME/mvgal/preload")"
check_eq "one link per library folder" 2 "$(ls "$XDG_STATE_HOME/mvgal/preload" | wc -l)"

# a link folder that others can write is not used: the launch stops with one line
chmod 0777 "$XDG_STATE_HOME/mvgal/preload"
run open "$T/My Games/mvgal" "Games/mvgal"
check_eq "an open link folder: the launch fails" 1 "$(cat "$T/rc-open")"
check "an open link folder: one line says why" \
	grep -q "^mvgal-launch: .*preload/gl-.*not the user's own with mode 0700" "$T/err-open"
check "an open link folder: the planted library is not loaded" test ! -e "$T/planted"
chmod 0700 "$XDG_STATE_HOME/mvgal/preload"

# $XDG_STATE_HOME with a blank too: no safe path at all, the library is left out, one line
XDG_STATE_HOME="$T/state dir" run refused "$T/My Games/mvgal" "Games/mvgal"
check_eq "no safe link path: the game still runs" 0 "$(cat "$T/rc-refused")"
check "no safe link path: the planted library is not loaded" test ! -e "$T/planted"
check "no safe link path: our library is left out" test -z "$(sed -n 's/^LD_PRELOAD=//p' "$T/out-refused")"
check "no safe link path: one line says how to fix it" \
	grep -q "^mvgal-launch: the OpenGL library is left out: .*make install PREFIX=" "$T/err-refused"

# a folder without those characters goes into LD_PRELOAD as it is, as before
tree "$T/plain/mvgal"
run plain "$T/plain/mvgal" "plain"
pre=$(sed -n 's/^LD_PRELOAD=//p' "$T/out-plain")
check_eq "a plain folder is named as it is" "$T/plain/mvgal/lib/mvgal/gl/\$PLATFORM/libmvgal_gl.so" "$pre"
check "a plain folder: the library is loaded" maps_has plain "$T/plain/mvgal/lib/mvgal/libmvgal_gl.so"
finish
