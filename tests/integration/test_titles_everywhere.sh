#!/bin/sh
# SPDX-License-Identifier: MIT
# Games by name everywhere (issue 27, item 6): every command that takes a title takes the name
# `list` shows, a Steam game's or a non-Steam shortcut's (binary shortcuts.vdf as Steam writes
# it: tests/data/vdf/shortcuts.vdf), through one resolver (launcher/titles.c); the template's
# own hint runs as printed.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam_for_titles
CFG=$ROOT/config/config.vdf
CTM=InstallConfigStore/Software/Valve/Steam/CompatToolMapping
mkdir -p "$ROOT/userdata/12345678/config"
cp "$MVGAL_TOP/tests/data/vdf/shortcuts.vdf" "$ROOT/userdata/12345678/config/shortcuts.vdf"
"$LAUNCH" list --steam-root="$ROOT" >"$T/list"
check "list shows the shortcut's name" grep -q '^2279729169 .*Celeste (itch) ' "$T/list"

# set-tool by a Steam game's name, as the walk typed it
"$LAUNCH" set-tool "test game" proton_9 >"$T/out" 2>"$T/err"
check_eq "set-tool by name: exit 0" 0 $?
check "set-tool by name: says which appid" grep -qx "set-tool: 'Test Game' is appid 570" "$T/err"
check_eq "set-tool by name: the appid's entry" proton_9 "$("$VDF_GET" "$CFG" $CTM/570/name)"
# set-tool by a shortcut's name from `list`
"$LAUNCH" set-tool "Celeste (itch)" proton_9 >"$T/out" 2>"$T/err"
check_eq "set-tool by a shortcut's name: exit 0" 0 $?
check_eq "set-tool by a shortcut's name: its appid's entry" proton_9 "$("$VDF_GET" "$CFG" $CTM/2279729169/name)"
"$LAUNCH" set-tool "no such game" proton_9 >"$T/out" 2>"$T/err"
check_eq "set-tool, unknown name: exit 1" 1 $?
check "set-tool, unknown name: said, not usage" grep -q "no title is named 'no such game'" "$T/err"

# profile edit and show by a shortcut's name: the profile a launch of it reads
"$LAUNCH" profile edit "celeste (itch)" >"$T/out" 2>"$T/err"
check_eq "profile edit by a shortcut's name: exit 0" 0 $?
check "profile edit by a shortcut's name: profiles/<its appid>.ini" test -s "$P/2279729169.ini"
"$LAUNCH" profile show "Celeste" >"$T/out" 2>"$T/err"
check "profile show by part of a shortcut's name" grep -qx "profile show: 'Celeste (itch)' is appid 2279729169" "$T/err"

# the template's hint, run as printed
"$LAUNCH" profile edit "test game" >"$T/out" 2>"$T/err"
hint=$(sed -n 's/.*`\(mvgal-launch profile show [^`]*\)`.*/\1/p' "$P/570.ini")
check "the template has a hint" test -n "$hint"
PATH=$MVGAL_BUILD:$PATH sh -c "$hint" >"$T/out" 2>"$T/err"
check_eq "the template's hint works as printed: exit 0" 0 $?
check "the template's hint: explains the title's profile" grep -q "^; 570: built-in <- " "$T/out"
finish
