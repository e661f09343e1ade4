#!/bin/sh
# SPDX-License-Identifier: MIT
# `profile show|edit` and `db show` take a game's name (installed appmanifests and the
# compat DB, any case, or a unique part of it) and resolve it to its appid; several matches are
# listed with the request to pick by appid; a word that is nothing known is an error and creates
# no NAME.ini; an appid neither installed nor in the DB is said to be so.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam_for_titles
printf '[frame]\nfps = 45\n' >"$P/570.ini"

# installed title by name, any case
"$LAUNCH" profile show "test GAME" >"$T/out" 2>"$T/err"
check_eq "installed name: exit 0" 0 "$?"
check "installed name: its appid's profile" grep -qx "fps = 45" "$T/out"
check "installed name: says which appid" grep -qx "profile show: 'Test Game' is appid 570" "$T/err"
# DB title by name
"$LAUNCH" profile show limbo --explain >"$T/out" 2>"$T/err"
check_eq "DB name: exit 0" 0 "$?"
check "DB name: its DB entry" grep -q "^; compat DB entry: LIMBO" "$T/out"
# a unique part of a name
"$LAUNCH" profile show "other ga" >"$T/out" 2>"$T/err"
check "part of a name: resolved" grep -qx "profile show: 'Other Game' is appid 1091500" "$T/err"
# several
"$LAUNCH" profile show "dead space" >"$T/out" 2>"$T/err"
check_eq "several matches: usage error" 2 "$?"
check "several matches: asks to pick by appid" grep -q "titles match 'dead space'; pick one by its appid:" "$T/err"
check "several matches: lists 17470" grep -q "mvgal-launch profile show 17470  *# Dead Space (2008) (in the DB)" "$T/err"
check "several matches: lists 47780" grep -q "mvgal-launch profile show 47780  *# Dead Space 2 (in the DB)" "$T/err"
# nothing known
"$LAUNCH" profile show "no such thing" >"$T/out" 2>"$T/err"
check_eq "unknown name: exit 1" 1 "$?"
check "unknown name: said, with the way out" grep -q "no title is named 'no such thing'.*--exe" "$T/err"
"$LAUNCH" profile edit "nosuchgame" >"$T/out" 2>"$T/err"
check_eq "edit of an unknown name: exit 1" 1 "$?"
check "edit of an unknown name: no NAME.ini created" test ! -e "$P/nosuchgame.ini"
# a non-Steam game by its exe: with --exe, a profile file, in PATH or *.exe
"$LAUNCH" profile edit --exe nosuchgame >"$T/out" 2>"$T/err"
check_eq "edit --exe: exit 0" 0 "$?"
check "edit --exe: NAME.ini created" test -s "$P/nosuchgame.ini"
"$LAUNCH" profile show nosuchgame >"$T/out" 2>"$T/err"
check_eq "exe with a profile file: exit 0" 0 "$?"
"$LAUNCH" profile show Game.exe >"$T/out" 2>"$T/err"
check_eq "an .exe name: exit 0" 0 "$?"
# edit by name: the appid's file
"$LAUNCH" profile edit "other game" >"$T/out" 2>"$T/err"
check_eq "edit by name: exit 0" 0 "$?"
check "edit by name: the appid's file" test -s "$P/1091500.ini"
check "edit by name: the template names the game" grep -q "profile for Other Game" "$P/1091500.ini"
# an appid nobody knows
"$LAUNCH" profile show 999999 >"$T/out" 2>"$T/err"
check_eq "unknown appid: still shown" 0 "$?"
check "unknown appid: said so" grep -qx "mvgal-launch: profile show: appid 999999 is neither installed in a Steam library nor in the compat DB" "$T/err"
"$LAUNCH" profile show 570 >"$T/out" 2>"$T/err"
check_eq "installed appid: nothing said" "" "$(cat "$T/err")"
# db show by name
"$LAUNCH" db show "skyrim" >"$T/out" 2>"$T/err"
check_eq "db show by part of a name: exit 0" 0 "$?"
check "db show by name: the entry" grep -q "^# db:72850" "$T/out"
"$LAUNCH" db show "dead space" >"$T/out" 2>"$T/err"
check_eq "db show, several: usage error" 2 "$?"
check "db show, several: pick by appid" grep -q "mvgal-launch db show 47780" "$T/err"
finish
