#!/bin/sh
# SPDX-License-Identifier: MIT
# db update against a local HTTP server on 127.0.0.1 (tests/integration/db_server.py). DBs are
# signed here with scripts/sign-db.sh and a throw-away Ed25519 key pair made for this run; the
# test build of the program (build/mvgal-launch-test) takes that public key from
# MVGAL_DB_TEST_PUBKEY, which the shipped program ignores. A good signed download is installed
# byte for byte as compat-update.db; 304, 404, truncated, unsigned, badly signed, invalid, bad
# serial, rolled-back or future-dated DBs, stalls, trickles, a closed port, an unresolvable host
# and URLs that are not https or loopback http all leave the installed DB untouched, print one
# line and exit 1. §7 (issue 23): a server's clock cannot freeze updates (Last-Modified in 2100,
# a server that ignores If-Modified-Since, a 304 nobody asked for) and If-Modified-Since goes
# only to the host the installed DB came from, not through a redirect to another.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd python3 python3
SHIP="$MVGAL_BUILD/mvgal-launch"
need_file "$SHIP" "(build it: make)"
unset MVGAL_DB MVGAL_DB_URL MVGAL_DB_TIMEOUT_MS MVGAL_DB_LOW_SPEED_S
db_test_key
B=$DB_TEST_LAUNCH
W="$T/www"
mkdir -p "$W"
DEST="$XDG_DATA_HOME/mvgal/compat-update.db"
SHIPPED_DB="$MVGAL_TOP/compat/data/compat.db"
TODAY=$(date -u +%Y%m%d)

# another key pair, whose signatures must not verify
openssl genpkey -algorithm ed25519 -out "$T/other.pem" 2>/dev/null
openssl pkey -in "$T/other.pem" -pubout -out "$T/other.pub.pem"
with_serial() { sed "s/^serial = .*/serial = $1/" "$SHIPPED_DB" >"$W/$2"; }

with_serial "${TODAY}10" good.db
with_serial "${TODAY}20" newer.db
with_serial "${TODAY}30" other.db
with_serial "${TODAY}05" older.db
with_serial "$(date -u -d '+3 days' +%Y%m%d)00" future.db
printf '[mvgal-db]\nformat = 1\nserial = %s\n\n[10]\nname = x\nframe.fps = fast\n' "${TODAY}40" >"$W/bad.db"
sed "s/^serial = .*/serial = ${TODAY}4x/" "$SHIPPED_DB" >"$W/badserial.db"
grep -v '^serial = ' "$SHIPPED_DB" >"$W/noserial.db"
cp "$W/newer.db" "$W/unsigned.db"
cp "$W/newer.db" "$W/tampered.db"
cp "$W/newer.db" "$W/wrongkey.db"
cp "$W/newer.db" "$W/shortsig.db"
cp "$W/good.db" "$W/same.db"
db_sign "$W/same.db" "$W/good.db" "$W/newer.db" "$W/other.db" "$W/older.db" "$W/future.db" "$W/bad.db" \
	"$W/badserial.db" "$W/noserial.db" "$W/tampered.db"
sh "$MVGAL_TOP/scripts/sign-db.sh" --key "$T/other.pem" --pub "$T/other.pub.pem" "$W/wrongkey.db" >/dev/null
printf '\n' >>"$W/tampered.db" # signed, then changed by one byte
head -c 63 "$W/newer.db.sig" >"$W/shortsig.db.sig"
touch -d '2026-01-01 00:00:00 UTC' "$W"/*

start_db_server "$W"

update() { "$B" db update --url "$1" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
lines() { wc -l <"$T/err" | tr -d ' '; }
says() { # name pattern file
	if grep -q -e "$2" "$3"; then ok "$1"; else not_ok "$1" "$(cat "$T/err" "$T/out")"; fi
}

# 1. good download
update "$URL/good.db"
check_eq "good: exit 0" 0 "$(cat "$T/rc")"
check "good: installed byte for byte" cmp -s "$W/good.db" "$DEST"
says "good: says installed, signature ok" "installed $DEST (serial ${TODAY}10, .* signature ok" "$T/out"
check "good: the source URL is recorded next to the DB" grep -qx "url $URL/good.db" "$DEST.source"
"$B" db path >"$T/path"
check_eq "good: db path uses the update" "$DEST" "$(head -n 1 "$T/path")"
check "good: db path says why" grep -q "not older than the shipped" "$T/path"
check "good: db path names where it came from" grep -qx "# updated from: $URL/good.db" "$T/path"
MVGAL_DB="$T/nope.db" "$B" db path >"$T/path"
check_eq "MVGAL_DB missing: db path exits 1" 1 $?
check_eq "MVGAL_DB missing: first line is it" "$T/nope.db" "$(head -n 1 "$T/path")"
check "MVGAL_DB missing: says why and that it is unusable" sh -c "grep -q '^# MVGAL_DB is set' '$T/path' && grep -q '^# unusable: ' '$T/path'"
check "MVGAL_DB set: still names the shipped and updated DBs" sh -c "grep -q '^# shipped: $SHIPPED_DB' '$T/path' && grep -q '^# updated: $DEST' '$T/path'"
check_eq "good: quiet when stderr is not a terminal" "" "$(cat "$T/err")"

# 2. unchanged on the server: If-Modified-Since gets a 304
update "$URL/good.db"
check_eq "304: exit 0" 0 "$(cat "$T/rc")"
says "304: said up to date, with the installed serial" "up to date (304 Not Modified, serial ${TODAY}10)" "$T/out"
check "304: DB unchanged" cmp -s "$W/good.db" "$DEST"

# on a terminal (script(1) gives it a pty): a progress bar, drawn only while bytes arrive
need_cmd script bsdutils
rm -f "$DEST" "$DEST.source"
script -qec "'$B' db update --url '$URL/good.db'" /dev/null >"$T/tty" 2>&1
check_eq "tty: exit 0" 0 $?
check "tty: progress bar reaches 100 %" grep -q '\[#\{30\}\] 100% 8/8 KiB' "$T/tty"
check "tty: installed" grep -q "installed $DEST" "$T/tty"
check "tty: installed byte for byte" cmp -s "$W/good.db" "$DEST"
script -qec "'$B' db update --url '$URL/good.db'" /dev/null >"$T/tty" 2>&1
check "tty, 304: up to date" grep -q "up to date (304 Not Modified, serial ${TODAY}10)" "$T/tty"
check "tty, 304: no progress bar for an empty answer" sh -c "! grep -q -e '%' -e downloading '$T/tty'"

# libcurl and libcrypto are loaded by db update only (dlopen), never NEEDED by the program
for prog in "$SHIP" "$B"; do
	needed=$(readelf -d "$prog" | grep NEEDED)
	if printf '%s\n' "$needed" | grep -q -e libcurl -e libcrypto -e libssl; then
		not_ok "$(basename "$prog"): neither libcurl nor libcrypto is NEEDED" "$needed"
	else
		ok "$(basename "$prog"): neither libcurl nor libcrypto is NEEDED"
	fi
done

# the shipped program trusts the project key only: no test hook, and the key is the one in
# compat/data/db-signing-key.pem that scripts/sign-db.sh checks signatures against
check "shipped program has no test-key hook" sh -c "! grep -q -a MVGAL_DB_TEST_PUBKEY '$SHIP'"
openssl pkey -pubin -in "$MVGAL_TOP/compat/data/db-signing-key.pem" -outform DER | tail -c 32 >"$T/project.key"
check "shipped program holds the public key of compat/data/db-signing-key.pem" python3 -c "
import sys; sys.exit(open(sys.argv[1], 'rb').read() not in open(sys.argv[2], 'rb').read())" "$T/project.key" "$SHIP"
"$SHIP" db update --url "$URL/newer.db" >"$T/out" 2>"$T/err"
check_eq "shipped program, test-signed DB: exit 1" 1 $?
says "shipped program, test-signed DB: bad signature (MVGAL_DB_TEST_PUBKEY ignored)" "bad signature" "$T/err"
check "shipped program, test-signed DB: old DB kept" cmp -s "$W/good.db" "$DEST"

# the broken downloads below are newer than the installed DB, so If-Modified-Since lets them through
touch -d '2026-06-01 00:00:00 UTC' "$W"/*
fails() { # name url message-pattern
	update "$2"
	check_eq "$1: exit 1" 1 "$(cat "$T/rc")"
	check_eq "$1: one line" 1 "$(lines)"
	says "$1: says why" "$3" "$T/err"
	check "$1: old DB kept" cmp -s "$W/good.db" "$DEST"
	check "$1: its source record kept" grep -qx "url $URL/good.db" "$DEST.source"
}
fails "404" "$URL/missing.db" "HTTP 404"
fails "truncated" "$URL/trunc/newer.db" "truncated"
fails "unsigned" "$URL/unsigned.db" "the DB is not signed: $URL/unsigned.db.sig answered HTTP 404"
fails "signed with another key" "$URL/wrongkey.db" "bad signature: $URL/wrongkey.db.sig does not verify"
fails "changed after signing" "$URL/tampered.db" "bad signature"
fails "63-byte signature" "$URL/shortsig.db" "is not an Ed25519 signature (63 bytes, not 64)"
fails "bad DB" "$URL/bad.db" "has 2 errors, first: .*bad.db:5: entry 10 has no reason"
fails "malformed serial" "$URL/badserial.db" "bad header: $URL/badserial.db:15: serial = ${TODAY}4x is not YYYYMMDDNN"
fails "no serial" "$URL/noserial.db" "bad header: $URL/noserial.db:13: \[mvgal-db\] has no serial"
fails "rollback" "$URL/older.db" "refusing serial ${TODAY}05: older than the DB in use (serial ${TODAY}10)"
fails "serial from the future" "$URL/future.db" "dated after tomorrow"
fails "user-info hiding another host" "http://127.0.0.1:x@127.0.0.2/compat.db" "user name or password"
fails "user-info, loopback host" "http://u:p@$(echo "$URL" | cut -d/ -f3)/newer.db" "user name or password"
fails "user-info over https" "https://user@example.org/compat.db" "user name or password"
fails "a #fragment" "$URL/newer.db#x" "fragment"
fails "plain http to a remote host" "http://example.org/compat.db" "refusing"
fails "plain http to localhost.example.org" "http://localhost.example.org/compat.db" "refusing"
fails "plain http to 127.0.0.1.nip.io" "http://127.0.0.1.nip.io/compat.db" "refusing"
fails "ftp" "ftp://127.0.0.1/compat.db" "use https://"

# the same serial from another URL: nothing to do, and nothing written
update "$URL/same.db"
check_eq "same serial: exit 0" 0 "$(cat "$T/rc")"
says "same serial: up to date" "up to date (serial ${TODAY}10)" "$T/out"
check "same serial: source record unchanged" grep -qx "url $URL/good.db" "$DEST.source"

# timeouts (MVGAL_DB_TIMEOUT_MS) and the low-speed abort (MVGAL_DB_LOW_SPEED_S, below 1 byte/s).
# libcurl averages the speed over its last ~5 s, so after a burst the stall is seen ~5 s late.
timed() { # name max-seconds url message-pattern
	start=$(date +%s)
	fails "$1" "$3" "$4"
	took=$(($(date +%s) - start))
	if [ "$took" -le "$2" ]; then ok "$1: gave up in ${took} s"; else not_ok "$1: gave up in ${took} s (more than $2)"; fi
}
# a port that never completes a connection: listen(0) with its one-slot queue already full, so
# the kernel drops our SYN and the connect timeout has to end it
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
fill = [socket.socket() for i in range(3)]
for c in fill:
    c.setblocking(False)
    try: c.connect(s.getsockname())
    except BlockingIOError: pass
time.sleep(0.3)
print(s.getsockname()[1], flush=True)
time.sleep(60)' >"$T/fullport" &
FULL=$!
i=0
while [ ! -s "$T/fullport" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
MVGAL_DB_TIMEOUT_MS=1000 timed "connection never accepted" 4 "http://127.0.0.1:$(cat "$T/fullport")/newer.db" "cannot download.*\(imed out\|Timeout\)"
kill $FULL 2>/dev/null
MVGAL_DB_TIMEOUT_MS=1000 timed "server never answers" 4 "$URL/slow/newer.db" "cannot download.*imed out"
MVGAL_DB_LOW_SPEED_S=2 timed "body trickles (1 byte / 3 s)" 10 "$URL/trickle/newer.db" "cannot download.*too slow"
MVGAL_DB_LOW_SPEED_S=2 timed "body stalls half way" 12 "$URL/stall/newer.db" "cannot download.*too slow"

# 3. If-Modified-Since goes only to the URL the installed DB came from: other.db is older than
# the installed file's date, so a conditional request to it would get a 304 and never install
touch -d '2025-06-01 00:00:00 UTC' "$W/other.db" "$W/other.db.sig"
update "$URL/other.db"
check_eq "another URL: exit 0" 0 "$(cat "$T/rc")"
check "another URL: installed (no If-Modified-Since sent)" cmp -s "$W/other.db" "$DEST"
check "another URL: the request had no If-Modified-Since" grep -qx "request /other.db ims=-" "$T/server.log"
check "another URL: now recorded as the source" grep -qx "url $URL/other.db" "$DEST.source"
update "$URL/other.db"
check "same URL again: conditional request, 304" sh -c "grep -q 'up to date (304' '$T/out' && grep -q '^request /other.db ims=[A-Z]' '$T/server.log'"

# 7. a frozen update (issue 23): the server's clock decides nothing. The DB's time is never
# set past now and If-Modified-Since never carries such a time; a server that ignores the
# header gets its body judged by serial (libcurl's time condition would drop it); the header
# goes only to the host the installed DB came from, not to a redirect's other host.
since() { wc -l <"$T/server.log" | tr -d ' '; } # server log lines so far
requests_after() { tail -n "+$(($1 + 1))" "$T/server.log" | grep '^request '; }
ims_of() { requests_after "$1" | grep "^request $2 " | tail -n 1 | sed 's/^request [^ ]* ims=//'; }
rm -f "$DEST" "$DEST.source"
with_serial "${TODAY}50" f1.db
db_sign "$W/f1.db"
touch -d '2026-01-01 00:00:00 UTC' "$W/f1.db" "$W/f1.db.sig"
update "$URL/future/f1.db"
check_eq "Last-Modified 2100: exit 0" 0 "$(cat "$T/rc")"
check "Last-Modified 2100: installed" cmp -s "$W/f1.db" "$DEST"
now=$(date +%s)
check "Last-Modified 2100: the installed DB's time is not after now" [ "$(stat -c %Y "$DEST")" -le "$now" ]
sleep 1.1 # the newer DB below must be younger than the install, by the server's one-second dates
with_serial "${TODAY}60" f1.db
db_sign "$W/f1.db"
n=$(since)
update "$URL/future/f1.db"
check "Last-Modified 2100: the next update installs the newer DB (not frozen)" cmp -s "$W/f1.db" "$DEST"
ims=$(ims_of "$n" /future/f1.db)
if [ -n "$ims" ] && [ "$ims" != - ] && [ "$(date -d "$ims" +%s)" -le "$(date +%s)" ]; then
	ok "Last-Modified 2100: If-Modified-Since sent is not after now ($ims)"
else
	not_ok "Last-Modified 2100: If-Modified-Since sent is not after now" "ims=$ims"
fi
# a DB file dated in the future (left by an older version): no condition is sent at all
touch -d '2100-01-01 00:00:00 UTC' "$DEST"
n=$(since)
update "$URL/future/f1.db"
check_eq "DB dated 2100: no If-Modified-Since sent" "-" "$(ims_of "$n" /future/f1.db)"
says "DB dated 2100: up to date by its serial" "up to date (serial ${TODAY}60)" "$T/out"

# a server that ignores If-Modified-Since (always 200, Last-Modified: 2020)
with_serial "${TODAY}70" n1.db
db_sign "$W/n1.db"
update "$URL/noims/n1.db"
check "ignores If-Modified-Since: first download installed" cmp -s "$W/n1.db" "$DEST"
n=$(since)
update "$URL/noims/n1.db"
check_eq "ignores If-Modified-Since, same DB: exit 0" 0 "$(cat "$T/rc")"
check "ignores If-Modified-Since, same DB: the request was conditional" sh -c "[ '$(ims_of "$n" /noims/n1.db)' != - ]"
says "ignores If-Modified-Since, same DB: up to date by its serial" "up to date (serial ${TODAY}70)" "$T/out"
with_serial "${TODAY}80" n1.db
db_sign "$W/n1.db"
update "$URL/noims/n1.db"
check_eq "ignores If-Modified-Since, newer DB: exit 0" 0 "$(cat "$T/rc")"
check "ignores If-Modified-Since, newer DB: installed (its body was not dropped)" cmp -s "$W/n1.db" "$DEST"

# a 304 to a request that asked nothing is no answer
n=$(since)
update "$URL/always304/other.db"
check_eq "304 without If-Modified-Since: exit 1" 1 "$(cat "$T/rc")"
says "304 without If-Modified-Since: says so" "not asked If-Modified-Since" "$T/err"
check "304 without If-Modified-Since: DB kept" cmp -s "$W/n1.db" "$DEST"

# redirects (plain http, so --insecure-http): to another host the condition is dropped; to the
# same host it stays
with_serial "${TODAY}90" r1.db
with_serial "${TODAY}95" r2.db
db_sign "$W/r1.db" "$W/r2.db"
touch -d '2026-01-01 00:00:00 UTC' "$W/r1.db" "$W/r1.db.sig" "$W/r2.db" "$W/r2.db.sig"
"$B" db update --insecure-http --url "$URL/redir/r1.db" >"$T/out" 2>"$T/err"
check_eq "redirect to another host: exit 0" 0 $?
check "redirect to another host: installed" cmp -s "$W/r1.db" "$DEST"
n=$(since)
"$B" db update --insecure-http --url "$URL/redir/r1.db" >"$T/out" 2>"$T/err"
check_eq "redirect to another host, again: exit 0" 0 $?
check "redirect to another host: the first request had If-Modified-Since" sh -c "[ '$(ims_of "$n" /redir/r1.db)' != - ] && [ -n '$(ims_of "$n" /redir/r1.db)' ]"
check_eq "redirect to another host: the redirected request had none" "-" "$(ims_of "$n" /r1.db)"
says "redirect to another host: up to date by its serial" "up to date (serial ${TODAY}90)" "$T/out"
"$B" db update --insecure-http --url "$URL/redirsame/r2.db" >"$T/out" 2>"$T/err"
check "redirect on the same host: installed" cmp -s "$W/r2.db" "$DEST"
n=$(since)
"$B" db update --insecure-http --url "$URL/redirsame/r2.db" >"$T/out" 2>"$T/err"
check "redirect on the same host: the redirected request kept If-Modified-Since" sh -c "[ '$(ims_of "$n" /r2.db)' != - ] && [ -n '$(ims_of "$n" /r2.db)' ]"
says "redirect on the same host: 304" "up to date (304 Not Modified, serial ${TODAY}95)" "$T/out"
update "$URL/redir/r1.db"
check_eq "redirect to plain http without --insecure-http: exit 1" 1 "$(cat "$T/rc")"
says "redirect to plain http without --insecure-http: refused" "refusing a redirect to http://localhost" "$T/err"

# 4. http://[::1] is loopback too; under umask 077 the installed files are the user's only
python3 "$MVGAL_TOP/tests/integration/db_server.py" "$W" "$T/port6" ::1 2>"$T/server6.log" &
SERVER6=$!
trap 'kill $SERVER $SERVER6 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port6" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
rm -f "$DEST" "$DEST.source"
(umask 077 && update "http://[::1]:$(cat "$T/port6")/newer.db")
check_eq "[::1]: exit 0" 0 "$(cat "$T/rc")"
check "[::1]: installed" cmp -s "$W/newer.db" "$DEST"
check_eq "umask 077: compat-update.db is 0600" 600 "$(stat -c %a "$DEST")"
check_eq "umask 077: its source record is 0600" 600 "$(stat -c %a "$DEST.source")"

kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null
cp "$W/good.db" "$DEST" # fails() compares with good.db
printf 'url %s/good.db\nserial %s10\n' "$URL" "$TODAY" >"$DEST.source"
fails "offline" "$URL/newer.db" "cannot download"
MVGAL_DB_TIMEOUT_MS=5000 fails "DNS failure" "https://mvgal-db.invalid/compat.db" "cannot download"

# 5. no DB installed yet and the download fails: nothing is created
rm -rf "$XDG_DATA_HOME/mvgal"
update "$URL/newer.db"
check_eq "offline, no DB: exit 1" 1 "$(cat "$T/rc")"
check_eq "offline, no DB: nothing written, no temp files" "" "$(ls -A "$XDG_DATA_HOME/mvgal" 2>/dev/null)"

# 6. the default PREFIX=~/.local: the shipped DB is ~/.local/share/mvgal/compat.db, which is
# also $XDG_DATA_HOME/mvgal/compat.db; an update must get a file of its own
P="$HOME/.local"
MAKEFLAGS= MAKELEVEL= make -s -C "$MVGAL_TOP" O="$MVGAL_BUILD" install PREFIX="$P" >"$T/make.out" 2>&1
check_eq "install PREFIX=~/.local: exit 0" 0 $?
cp "$B" "$P/bin/mvgal-launch" # the test build, to take this run's key
kill $SERVER6 2>/dev/null; wait $SERVER6 2>/dev/null
start_db_server "$W"
(
	unset XDG_DATA_HOME
	"$P/bin/mvgal-launch" db path >"$T/path.before"
	"$P/bin/mvgal-launch" db update --url "$URL/newer.db" >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
	"$P/bin/mvgal-launch" db path >"$T/path.after"
)
check "default prefix: db path names the shipped DB" grep -qx "# shipped: $P/share/mvgal/compat.db" "$T/path.before"
check "default prefix: and a different updated DB" grep -qx "# updated: $P/share/mvgal/compat-update.db" "$T/path.before"
check_eq "default prefix: db update exit 0" 0 "$(cat "$T/rc")"
check "default prefix: the shipped DB is untouched" cmp -s "$SHIPPED_DB" "$P/share/mvgal/compat.db"
check "default prefix: the update is compat-update.db" cmp -s "$W/newer.db" "$P/share/mvgal/compat-update.db"
check_eq "default prefix: db path uses the update" "$P/share/mvgal/compat-update.db" "$(head -n 1 "$T/path.after")"
finish
