#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 24: a failed launch leaves a trace. Every start appends one launch.log line with its
# result (result=exec before execve; result=error error="..." when it stops, and a second
# result=error stage=exec line when execve returns); under Steam a fatal error also reaches the
# desktop's notification service on a real session bus (dbus-daemon) through notify-send, else
# gdbus; never a hang on a dead bus, nothing without one; `check` shows the last result. Also the
# one line about VK_IMPLICIT_LAYER_PATH inside Steam's container.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
need_cmd dbus-daemon dbus-daemon
need_cmd notify-send libnotify-bin
need_cmd gdbus libglib2.0-bin
need_file /usr/bin/python3 python3
/usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null ||
	{ not_ok "requirement: python3-gi" "install the Debian packages 'python3-gi' and 'gir1.2-glib-2.0' (make check runs scripts/deps.sh)"; exit 1; }
make_steam
EXE="$GAME_DIR/Game.exe"
LOG=$XDG_STATE_HOME/mvgal/launch.log
P=$XDG_CONFIG_HOME/mvgal/profiles
last() { tail -n 1 "$LOG"; }
in_time() { timeout 20 "$@"; } # a hang fails the check instead of stalling the suite

# ---- a session bus of our own (no service activation: nothing else answers Notify) and the
# stand-in notification service recording each Notify call
cat >"$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$T</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$T/bus.conf" --nofork --print-address=1 >"$T/bus.addr" 2>"$T/bus.err" &
BUS_PID=$!
i=0
while [ ! -s "$T/bus.addr" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
BUS=$(head -n 1 "$T/bus.addr")
NOTES=$T/notes.jsonl
: >"$NOTES"
DBUS_SESSION_BUS_ADDRESS=$BUS /usr/bin/python3 "$MVGAL_TOP/tests/integration/notify_server.py" \
	"$NOTES" "$T/ready" 2>"$T/notify.err" &
NOTIFY_PID=$!
trap 'kill $NOTIFY_PID $BUS_PID 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -e "$T/ready" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "session bus and notification stand-in are up" test -e "$T/ready"
export DBUS_SESSION_BUS_ADDRESS="$BUS"
# note FIELD: that field of the last recorded notification ("<none>" when there is none)
note() {
	[ -s "$NOTES" ] || { echo "<none>"; return; }
	tail -n 1 "$NOTES" | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"
}

# ---- 1. a launch that works: one line, result=exec, no notification
in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "ok: exit 0" 0 $?
check_eq "ok: one launch.log line" 1 "$(wc -l <"$LOG")"
check "ok: the line ends result=exec" sh -c "tail -n 1 '$LOG' | grep -q ' result=exec\$'"
check_eq "ok: no notification" "<none>" "$(note summary)"
in_time "$LAUNCH" check >"$T/out" 2>&1
check "check: the last launch started" grep -qE '^ok +last launch +[0-9TZ:-]+ waitforexitandrun appid 570 Game.exe started' "$T/out"

# ---- 2. no Proton found (every build moved away)
mkdir -p "$T/away"
mv "$P9" "$PEXP" "$PGE" "$T/away/"
in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "no Proton: exit 1" 1 $?
check_eq "no Proton: a second launch.log line" 2 "$(wc -l <"$LOG")"
check "no Proton: result=error with the error" sh -c "tail -n 1 '$LOG' | grep -q ' appid=570 exe=\"Game.exe\".* result=error error=\"no Proton found in '"
check_eq "no Proton: a notification" "mvgal-launch: Game.exe did not start" "$(note summary)"
case $(note body) in
"no Proton found in "*"Log: $LOG") ok "no Proton: its body is the error and the log's path" ;;
*) not_ok "no Proton: its body is the error and the log's path" "$(note body)" ;;
esac
check_eq "no Proton: critical urgency, from mvgal-launch" "2 mvgal-launch" "$(note urgency) $(note app)"
in_time "$LAUNCH" check >"$T/out" 2>&1
check_eq "check: exit 1 after a failed launch" 1 $?
check "check: the last launch failed, with its error" \
	grep -qE '^FAIL +last launch +[0-9TZ:-]+ waitforexitandrun appid 570 Game.exe failed: no Proton found in ' "$T/out"
mv "$T/away/Proton 9.0" "$P9"
mv "$T/away/Proton - Experimental" "$PEXP"
mv "$T/away/GE-Proton9-20" "$PGE"

# ---- 3. a missing runtime (its appmanifest gone), through gdbus when notify-send is absent
mv "$ROOT/steamapps/appmanifest_1628350.acf" "$T/acf"
mkdir -p "$T/gbin"
ln -s "$(command -v gdbus)" "$T/gbin/gdbus"
n0=$(wc -l <"$NOTES")
in_time env PATH="$T/gbin" "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "missing runtime: exit 1" 1 $?
check "missing runtime: result=error naming the runtime" sh -c "tail -n 1 '$LOG' | grep -q ' result=error error=\"Proton .*Steam Linux Runtime 3.0 (sniper) (appid 1628350), which is not installed'"
check_eq "missing runtime: a notification through gdbus" $((n0 + 1)) "$(wc -l <"$NOTES")"
case $(note body) in
*"Steam Linux Runtime 3.0 (sniper)"*) ok "missing runtime: gdbus sent the error" ;;
*) not_ok "missing runtime: gdbus sent the error" "$(note body)" ;;
esac
mv "$T/acf" "$ROOT/steamapps/appmanifest_1628350.acf"

# ---- 4. execve fails: the runtime's entry point is not executable. The result=exec line is
# written first, then a second one with the failure.
chmod a-x "$RT/_v2-entry-point"
n0=$(wc -l <"$LOG")
in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "exec failure: exit 1" 1 $?
check_eq "exec failure: two more lines" $((n0 + 2)) "$(wc -l <"$LOG")"
check "exec failure: first result=exec" sh -c "tail -n 2 '$LOG' | head -n 1 | grep -q ' result=exec\$'"
check "exec failure: then result=error stage=exec with errno's text" sh -c "tail -n 1 '$LOG' | grep -q ' mode=waitforexitandrun appid=570 exe=\"Game.exe\" result=error stage=exec error=\"cannot run .*_v2-entry-point: Permission denied\"\$'"
case $(note body) in
"cannot run "*"_v2-entry-point: Permission denied"*) ok "exec failure: notified" ;;
*) not_ok "exec failure: notified" "$(note body)" ;;
esac
in_time "$LAUNCH" check >"$T/out" 2>&1
check "check: the exec failure" grep -qE '^FAIL +last launch .* failed: cannot run .*Permission denied' "$T/out"
chmod a+x "$RT/_v2-entry-point"

# ---- 5. wrapper mode outside Steam: logged, but no notification (stderr is where one looks)
n0=$(wc -l <"$NOTES")
: >"$T/notexec"
(unset SteamAppId SteamGameId STEAM_COMPAT_APP_ID; in_time "$LAUNCH" -- "$T/notexec" 2>"$T/err")
check_eq "wrapper exec failure: exit 1" 1 $?
check "wrapper exec failure: logged" sh -c "tail -n 1 '$LOG' | grep -q ' mode=wrap appid=- exe=\"notexec\" result=error stage=exec error=\"cannot run '"
check_eq "wrapper outside Steam: no notification" "$n0" "$(wc -l <"$NOTES")"
# ... and a start that stops before anything is resolved (Steam's variables missing) is logged
(unset STEAM_COMPAT_DATA_PATH; in_time "$LAUNCH" waitforexitandrun "$EXE" 2>/dev/null)
check "no STEAM_COMPAT_DATA_PATH: logged" sh -c "tail -n 1 '$LOG' | grep -q ' result=error error=\"STEAM_COMPAT_DATA_PATH is not set'"

# ---- 6. no session bus: no client is run at all (a recorder named notify-send would say so)
mkdir -p "$T/nbin" "$T/norun"
printf '#!/bin/sh\necho ran >>"%s"\n' "$T/client-ran" >"$T/nbin/notify-send"
chmod +x "$T/nbin/notify-send"
chmod a-x "$RT/_v2-entry-point"
(unset DBUS_SESSION_BUS_ADDRESS; export XDG_RUNTIME_DIR="$T/norun" PATH="$T/nbin:$PATH"
	in_time "$LAUNCH" waitforexitandrun "$EXE" 2>/dev/null)
check "no session bus: no client run" test ! -e "$T/client-ran"
# ... the bus at $XDG_RUNTIME_DIR/bus (systemd's place) is found without the variable
sock=${BUS#unix:path=}
ln -s "${sock%%,*}" "$T/norun/bus" 2>/dev/null
case $BUS in
unix:path=*)
	n0=$(wc -l <"$NOTES")
	(unset DBUS_SESSION_BUS_ADDRESS; export XDG_RUNTIME_DIR="$T/norun"
		in_time "$LAUNCH" waitforexitandrun "$EXE" 2>/dev/null)
	check_eq "bus at \$XDG_RUNTIME_DIR/bus: notified" $((n0 + 1)) "$(wc -l <"$NOTES")" ;;
*) ok "bus at \$XDG_RUNTIME_DIR/bus: # SKIP the bus listens on $BUS" ;;
esac

# ---- 7. a bus that accepts and never answers: the launch still ends, the client is killed
# after NOTIFY_TIMEOUT_MS (3 s)
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8)
open(sys.argv[2], "w").close()
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$T/dead.sock" "$T/dead.ready" &
DEAD_PID=$!
trap 'kill $NOTIFY_PID $BUS_PID $DEAD_PID 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -e "$T/dead.ready" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
start=$(date +%s)
(export DBUS_SESSION_BUS_ADDRESS="unix:path=$T/dead.sock"; in_time "$LAUNCH" waitforexitandrun "$EXE" 2>/dev/null)
rc=$?
took=$(($(date +%s) - start))
check_eq "dead bus: the launch ends with its own error (exit 1)" 1 "$rc"
check "dead bus: within the client's time limit (took ${took}s, at most 6)" test "$took" -le 6
check "dead bus: still logged" sh -c "tail -n 1 '$LOG' | grep -q ' result=error stage=exec '"
chmod a+x "$RT/_v2-entry-point"

# ---- 8. VK_IMPLICIT_LAYER_PATH in Steam's container (Issue 24 item 3): one line, on stderr and
# in launch.log; not when the game does not run in the container (wrapper mode, no chain)
(export VK_IMPLICIT_LAYER_PATH=/home/u/my-layers; in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err")
check_eq "VK_IMPLICIT_LAYER_PATH: one stderr line" 1 "$(grep -c 'VK_IMPLICIT_LAYER_PATH is set (/home/u/my-layers): inside Steam.s container' "$T/err")"
check "VK_IMPLICIT_LAYER_PATH: in launch.log" sh -c "tail -n 1 '$LOG' | grep -q ' warning=\"VK_IMPLICIT_LAYER_PATH is set (/home/u/my-layers).* result=exec\$'"
(export VK_IMPLICIT_LAYER_PATH=/home/u/my-layers; in_time "$LAUNCH" run "$EXE" 2>"$T/err")
check_eq "VK_IMPLICIT_LAYER_PATH: nothing for a verb without the layer" "" "$(grep VK_IMPLICIT "$T/err")"
wrapper_game mygame
(export VK_IMPLICIT_LAYER_PATH=/home/u/my-layers; in_time "$LAUNCH" -- mygame 2>"$T/err")
check_eq "VK_IMPLICIT_LAYER_PATH: nothing outside the container" "" "$(grep VK_IMPLICIT "$T/err")"
(export VK_IMPLICIT_LAYER_PATH=/home/u/my-layers; in_time "$LAUNCH" -- "$ROOT/ubuntu12_32/reaper" SteamLaunch AppId=570 -- "$RT/_v2-entry-point" --verb=waitforexitandrun -- "$P9/proton" waitforexitandrun "$EXE" 2>"$T/err")
check_eq "VK_IMPLICIT_LAYER_PATH: %command% through the runtime: one line" 1 "$(grep -c 'VK_IMPLICIT_LAYER_PATH is set' "$T/err")"
finish
