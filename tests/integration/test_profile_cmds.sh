#!/bin/sh
# SPDX-License-Identifier: MIT
# profile show --explain (value and origin of every layer), profile check (every error of every
# user file, file:line), profile edit (template, $VISUAL/$EDITOR without a shell, re-check).
. "$MVGAL_TOP/tests/integration/lib.sh"
B="$MVGAL_BUILD/mvgal-launch"
need_file "$B" "(build it: make)"
export MVGAL_DB="$MVGAL_TOP/compat/data/compat.db"
P="$XDG_CONFIG_HOME/mvgal"
mkdir -p "$P/profiles"
printf '[frame]\nfps = 30\nimages = 2\n' >"$P/default.ini"
printf '[frame]\n\nfps = refresh/2\n[env]\nDXVK_HUD = fps\n' >"$P/profiles/1245620.ini"

MVGAL_GPU='amd,!intel' "$B" profile show 1245620 --explain >"$T/show" 2>"$T/err"
check_eq "show: exit 0" 0 $?
want() { # name pattern
	if grep -q -- "$2" "$T/show"; then ok "$1"; else not_ok "$1" "no '$2' in: $(cat "$T/show")"; fi
}
want "show: title file wins with file:line" "^fps *= refresh/2 *; $P/profiles/1245620.ini:3\$"
want "show: default.ini below it" "^images *= 2 *; $P/default.ini:3\$"
want "show: env layer" "^select *= amd,!intel *; env MVGAL_GPU\$"
want "show: built-in" "^pacer *= on *; built-in\$"
want "show: DB env entry with db:appid (file:line)" \
	"^VKD3D_CONFIG = memory_allocator_skip_clear.* ; db:1245620 ($MVGAL_DB:[0-9]*)\$"
want "show: DB reason" "^; reason: vkd3d profile for eldenring.exe"
want "show: layers in the header, present files plain" \
	"^; 1245620: built-in <- $P/default.ini <- compat DB <- $P/profiles/1245620.ini <- MVGAL_"
"$B" profile show eldenring.exe --explain >"$T/show" 2>&1
want "show: an absent title file is named as absent" "<- $P/profiles/eldenring.exe.ini (absent) <-"
"$B" profile show eldenring.exe >"$T/show" 2>&1
want "show by exe finds the DB entry" "^VKD3D_CONFIG = memory_allocator_skip_clear"

printf '[frame]\nfps = fast\n[gpu]\nselct = x\n' >"$P/profiles/a.ini"
printf '[env]\nLD_PRELOAD = /x.so\n' >"$P/profiles/b.ini"
"$B" profile check >"$T/out" 2>"$T/err"
check_eq "check: exit 1 with errors" 1 $?
check_eq "check: summary" "4 files checked, 2 with errors, 3 errors (a launch skips those lines and applies the rest)" "$(cat "$T/out")"
check_eq "check: every error, file:line" "$P/profiles/a.ini:2
$P/profiles/a.ini:4
$P/profiles/b.ini:2" "$(cut -d: -f1,2 "$T/err")"
rm "$P/profiles/a.ini" "$P/profiles/b.ini"
"$B" profile check >"$T/out" 2>&1
check_eq "check: clean files exit 0" "2 files checked, 0 with errors, 0 errors" "$(cat "$T/out")"

# an "editor" given with an argument, run without a shell: it appends a bad line
cat >"$T/ed" <<'ED'
#!/bin/sh
[ "$1" = "--flag with space" ] || exit 3
printf '[frame]\nimages = 99\n' >>"$2"
ED
chmod +x "$T/ed"
EDITOR="$T/ed '--flag with space'" "$B" profile edit 4242 >"$T/out" 2>"$T/err"
check_eq "edit: exit 1 when the edit left an error" 1 $?
check "edit: created from the template" grep -q "^;fps = 0\$" "$P/profiles/4242.ini"
check "edit: error named with file:line" grep -q "4242.ini:[0-9]*: frame.images: 99 is out of range" "$T/err"
VISUAL=true EDITOR=false "$B" profile edit 4243 >"$T/out" 2>&1
check_eq "edit: VISUAL before EDITOR, clean template" "$P/profiles/4243.ini: ok" "$(tail -n 1 "$T/out")"
"$B" profile edit ../x >/dev/null 2>&1
check_eq "edit: a path is a usage error" 2 $?
finish
