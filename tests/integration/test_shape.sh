#!/bin/sh
# SPDX-License-Identifier: MIT
# The shape of the whole product (STYLE.md "Shape", issue 25): no file of any module over 600
# lines and no function over 60, each one over named as file:line. The count is the one
# test_ingame_shape.sh holds the in-game libraries to (shape_long_files, shape_long_functions
# in lib.sh); it is tried first on a made-up file, so that a count that sees nothing cannot pass.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd awk mawk
need_cmd paste coreutils
cd "$MVGAL_TOP" || exit 1
MODULES="launcher compat pacer profiles vdf layer gl ingame common telemetry steam report"

# The count itself: a 61-line definition (signature, "{", 58 lines, "}"; the signature may take two lines) is named with its
# first line, a 60-line one and a prototype are not.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
body() { i=0; while [ "$i" -lt "$1" ]; do echo "	x++;"; i=$((i + 1)); done; }
{
	echo "int f60(void);"
	echo "static int f60(int x)"; echo "{"; body 56; echo "	return x;"; echo "}"; echo
	echo "static int"; echo "f61(int x)"; echo "{"; body 56; echo "	return x;"; echo "}"
} >"$t/made_up.c"
check_eq "a function of 61 lines is named by file:line, one of 60 is not" \
	"$t/made_up.c:63(61 lines)" "$(shape_long_functions "$t/made_up.c")"
i=0; while [ "$i" -lt 601 ]; do echo; i=$((i + 1)); done >"$t/long.h"
check_eq "a file of 601 lines is named" "$t/long.h:601" "$(shape_long_files "$t/long.h" "$t/made_up.c")"

srcs=$(for d in $MODULES; do ls "$d"/*.[ch]; done)
c_srcs=$(for d in $MODULES; do ls "$d"/*.c; done)
n_files=$(echo "$srcs" | wc -l)
n_funcs=$(cat $c_srcs | grep -c '^{')
check "every module's files are counted ($n_files files, $n_funcs functions)" \
	[ $((n_files > 100 && n_funcs > 900)) -eq 1 ]
check_eq "no file over 600 lines" "" "$(shape_long_files $srcs)"
check_eq "no function over 60 lines" "" "$(shape_long_functions $c_srcs)"
finish
