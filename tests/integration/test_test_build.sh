#!/bin/sh
# SPDX-License-Identifier: MIT
# The test build (build/mvgal-launch-test: compat/update.c compiled with MVGAL_DB_TEST_KEYS, its
# `db update` takes the DB key from MVGAL_DB_TEST_PUBKEY) never becomes Steam's tool: `install`
# refuses with one line and exit status 1 and writes nothing into the Steam root (issue 23,
# item 10). The shipped program installs into the same root (so the refusal is the test build's).
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
TEST_LAUNCH=$MVGAL_BUILD/mvgal-launch-test
need_file "$TEST_LAUNCH" "(built by make test-build)"
make_steam

"$TEST_LAUNCH" install --steam-root "$ROOT" >"$T/out" 2>"$T/err"
check_eq "test build: install exits 1" 1 $?
check_eq "test build: one line on stderr" 1 "$(wc -l <"$T/err")"
check "test build: the line says why and what to do" \
	grep -q "^mvgal-launch: install: refused: this is the test build.*key from the environment.*build/mvgal-launch install" "$T/err"
check_eq "test build: nothing on stdout" "" "$(cat "$T/out")"
check "test build: no tool folder written" test ! -e "$ROOT/compatibilitytools.d/mvgal"
check "test build: no native tool folder written" test ! -e "$ROOT/compatibilitytools.d/mvgal-native"
"$TEST_LAUNCH" install >/dev/null 2>&1
check_eq "test build: install into every root found is refused too" 1 $?
check "test build: still nothing written" test ! -e "$ROOT/compatibilitytools.d/mvgal"

"$LAUNCH" install --steam-root "$ROOT" >"$T/out" 2>"$T/err"
check_eq "shipped program: install exits 0" 0 $?
check "shipped program: tool folder written" test -s "$ROOT/compatibilitytools.d/mvgal/toolmanifest.vdf"
finish
