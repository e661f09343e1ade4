#!/bin/sh
# SPDX-License-Identifier: MIT
# db update against a local HTTP server on 127.0.0.1 (tests/integration/db_server.py): a good
# download is installed byte for byte; 304, 404, truncated body, wrong hash, a DB that does not
# parse, a slow server, a closed port, an unresolvable host and plain http to a remote host all
# leave the installed DB untouched, print one line and exit 1.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd python3 python3
B="$MVGAL_BUILD/mvgal-launch"
need_file "$B" "(build it: make)"
unset MVGAL_DB MVGAL_DB_URL
W="$T/www"
mkdir -p "$W"
DEST="$XDG_DATA_HOME/mvgal/compat.db"

# good.db: the shipped DB with a newer serial; bad.db: a broken entry with a correct digest
sed 's/^serial = .*/serial = 2099010100/' "$MVGAL_TOP/compat/data/compat.db" >"$W/good.db"
printf '[mvgal-db]\nformat = 1\nserial = 2099010101\n\n[10]\nname = x\nframe.fps = fast\n' >"$W/bad.db"
cp "$W/good.db" "$W/wronghash.db"
cp "$W/good.db" "$W/newer.db"
for f in good bad newer; do
	sha256sum "$W/$f.db" | cut -d' ' -f1 >"$W/$f.db.sha256"
done
echo "0000000000000000000000000000000000000000000000000000000000000000  wronghash.db" \
	>"$W/wronghash.db.sha256"
touch -d '2026-01-01 00:00:00 UTC' "$W"/*

start_db_server "$W"

update() { "$B" db update --url "$1" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
lines() { wc -l <"$T/err" | tr -d ' '; }

# 1. good download
update "$URL/good.db"
check_eq "good: exit 0" 0 "$(cat "$T/rc")"
check "good: installed byte for byte" cmp -s "$W/good.db" "$DEST"
check "good: says installed" grep -q "installed $DEST (serial 2099010100" "$T/out"
"$B" db path >"$T/path"
check_eq "good: db path uses the update" "$DEST" "$(head -n 1 "$T/path")"
check "good: db path says why" grep -q "not older than the shipped" "$T/path"
MVGAL_DB="$T/nope.db" "$B" db path >"$T/path"
check_eq "MVGAL_DB missing: db path exits 1" 1 $?
check_eq "MVGAL_DB missing: first line is it" "$T/nope.db" "$(head -n 1 "$T/path")"
check "MVGAL_DB missing: says why and that it is unusable" sh -c "grep -q '^# MVGAL_DB is set' '$T/path' && grep -q '^# unusable: ' '$T/path'"
check "MVGAL_DB set: still names the shipped and updated DBs" sh -c "grep -q '^# shipped: $MVGAL_TOP/compat/data/compat.db' '$T/path' && grep -q '^# updated: $DEST' '$T/path'"
check_eq "good: quiet when stderr is not a terminal" "" "$(cat "$T/err")"

# 2. unchanged on the server: If-Modified-Since gets a 304
update "$URL/good.db"
check_eq "304: exit 0" 0 "$(cat "$T/rc")"
check "304: said up to date" grep -q "up to date (304 Not Modified)" "$T/out"
check "304: DB unchanged" cmp -s "$W/good.db" "$DEST"

# on a terminal (script(1) gives it a pty): a progress bar, drawn only while bytes arrive
need_cmd script bsdutils
rm -f "$DEST"
script -qec "'$B' db update --url '$URL/good.db'" /dev/null >"$T/tty" 2>&1
check_eq "tty: exit 0" 0 $?
check "tty: progress bar reaches 100 %" grep -q '\[#\{30\}\] 100% 8/8 KiB' "$T/tty"
check "tty: installed" grep -q "installed $DEST" "$T/tty"
check "tty: installed byte for byte" cmp -s "$W/good.db" "$DEST"
script -qec "'$B' db update --url '$URL/good.db'" /dev/null >"$T/tty" 2>&1
check "tty, 304: up to date" grep -q "up to date (304 Not Modified)" "$T/tty"
check "tty, 304: no progress bar for an empty answer" sh -c "! grep -q -e '%' -e downloading '$T/tty'"

# libcurl and libcrypto are loaded by db update only, never by a game's start
if ldd "$B" | grep -q -e libcurl -e libcrypto; then
	not_ok "launcher links neither libcurl nor libcrypto" "$(ldd "$B" | grep -e libcurl -e libcrypto)"
else
	ok "launcher links neither libcurl nor libcrypto"
fi

# the broken downloads below are newer than the installed DB, so If-Modified-Since lets them through
touch -d '2026-06-01 00:00:00 UTC' "$W/newer.db" "$W/wronghash.db" "$W/bad.db"
fails() { # name url message-pattern
	update "$2"
	check_eq "$1: exit 1" 1 "$(cat "$T/rc")"
	check_eq "$1: one line" 1 "$(lines)"
	if grep -q "$3" "$T/err"; then ok "$1: says why"; else not_ok "$1: says why" "$(cat "$T/err" "$T/out")"; fi
	check "$1: old DB kept" cmp -s "$W/good.db" "$DEST"
}
fails "404" "$URL/missing.db" "HTTP 404"
fails "truncated" "$URL/trunc/newer.db" "truncated"
fails "wrong hash" "$URL/wronghash.db" "sha256 mismatch"
fails "bad DB" "$URL/bad.db" "has 2 errors, first: .*bad.db:5: entry 10 has no reason"
MVGAL_DB_TIMEOUT_MS=1000 fails "slow" "$URL/slow/newer.db" "cannot download.*imed out"
kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null
fails "offline" "$URL/good.db" "cannot download"
MVGAL_DB_TIMEOUT_MS=5000 fails "DNS failure" "https://mvgal-db.invalid/compat.db" "cannot download"
fails "plain http to a remote host" "http://example.org/compat.db" "refusing"

# 3. no DB installed yet and the download fails: nothing is created
rm -f "$DEST"
update "$URL/good.db"
check_eq "offline, no DB: exit 1" 1 "$(cat "$T/rc")"
check "offline, no DB: nothing written" test ! -e "$DEST"
check_eq "offline, no DB: no temp files" "" "$(ls -A "$XDG_DATA_HOME/mvgal" 2>/dev/null)"
finish
