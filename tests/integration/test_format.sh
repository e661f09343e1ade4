#!/bin/sh
# SPDX-License-Identifier: MIT
# Every tracked C source and header is formatted as .clang-format describes (make format-check):
# the file describes the code as written, so a change that drifts from it fails here, naming the
# file and the first lines clang-format would change. `make format` fixes them.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd clang-format clang-format
need_cmd git git
cd "$MVGAL_TOP" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || { not_ok "sources listed" "git ls-files found no C file (not a git checkout?)"; exit 1; }
n=0
bad=0
for f in $files; do
	n=$((n + 1))
	if ! clang-format --style=file "$f" | cmp -s - "$f"; then
		bad=$((bad + 1))
		not_ok "formatted: $f" "$(clang-format --style=file "$f" | diff "$f" - | head -n 6 | tr '\n' '|')"
	fi
done
check_eq "every C file formatted ($n files)" 0 "$bad"
finish
