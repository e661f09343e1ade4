#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 23 item 8: every file the launcher reads or appends gets the layer's rules: opened
# O_NONBLOCK (a FIFO never blocks), regular files only (fstat after open), and launch.log is
# appended with O_NOFOLLOW (a symlink there is not followed). A FIFO and a symlink in each place
# the launcher reads: launch.log (launch, report, check), the sysfs tree (gpus, --gpu), pci.ids,
# a profile file, the compat DB, a Proton's version file, steam.pid. Each command runs under
# `timeout`: a hang fails its check (exit 124) instead of stalling the suite.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
make_steam
EXE="$GAME_DIR/Game.exe"
STATE=$XDG_STATE_HOME/mvgal
LOG=$STATE/launch.log
mkdir -p "$STATE"
in_time() { timeout 10 "$@"; }
# a FIFO with no one at the other end: an open() without O_NONBLOCK waits forever
fifo() { rm -rf "$1"; mkfifo "$1"; }

# ---- launch.log a FIFO: the launch goes on (one line says why nothing was logged); report,
# check and the launch after it do not wait on it
fifo "$LOG"
(wrapper_game mygame; in_time "$LAUNCH" -- mygame 2>"$T/err")
check_eq "launch.log FIFO: the launch ends (exit 0, not 124)" 0 $?
check "launch.log FIFO: says it cannot append" grep -q "cannot append to $LOG: not a regular file" "$T/err"
in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "launch.log FIFO: compat-tool launch ends (exit 0)" 0 $?
in_time "$LAUNCH" check >"$T/out" 2>&1
rc=$?
check "launch.log FIFO: check ends (not 124: $rc)" test "$rc" -ne 124
check "launch.log FIFO: check says it is no regular file" grep -qE "^FAIL +last launch +$LOG: not a regular file" "$T/out"
mkdir -p "$STATE/telemetry"
cp "$MVGAL_TOP/tests/data/report/basic.csv" "$STATE/telemetry/570-20260102T000000Z-1a2b3c4d.csv"
in_time "$LAUNCH" report >"$T/out" 2>"$T/err"
check_eq "launch.log FIFO: report ends (exit 0)" 0 $?
# a CSV that is a FIFO (named on the command line, or the newest in the folder)
fifo "$T/run.csv"
in_time "$LAUNCH" report "$T/run.csv" >"$T/out" 2>"$T/err"
check_eq "CSV FIFO: report ends with an error (exit 1)" 1 $?
check "CSV FIFO: names it" grep -q "$T/run.csv: not a regular file" "$T/err"

# ---- launch.log a symlink: not followed; its target stays as it was
rm -f "$LOG"
echo "precious" >"$T/target"
ln -s "$T/target" "$LOG"
(wrapper_game mygame; in_time "$LAUNCH" -- mygame 2>"$T/err")
check_eq "launch.log symlink: the launch ends (exit 0)" 0 $?
check_eq "launch.log symlink: its target untouched" "precious" "$(cat "$T/target")"
check "launch.log symlink: says it cannot append" grep -q "cannot append to $LOG: Too many levels of symbolic links" "$T/err"
# a symlink to a FIFO: neither launch nor report nor check waits
rm -f "$LOG"
fifo "$T/log.fifo"
ln -s "$T/log.fifo" "$LOG"
(wrapper_game mygame; in_time "$LAUNCH" -- mygame 2>/dev/null)
check_eq "launch.log symlink to a FIFO: the launch ends" 0 $?
in_time "$LAUNCH" report >/dev/null 2>&1
check_eq "launch.log symlink to a FIFO: report ends" 0 $?
in_time "$LAUNCH" check >/dev/null 2>&1
check "launch.log symlink to a FIFO: check ends" test $? -ne 124
rm -f "$LOG"

# ---- the sysfs tree (MVGAL_SYSFS_ROOT names any folder): the Intel GPU's `class` a FIFO, the
# bridge's a symlink to one, the AMD GPU's temperature a FIFO, pci.ids a FIFO
cp -a "$MVGAL_TOP/tests/data/sysfs/intel_amd_laptop" "$T/sysfs"
DEV=$T/sysfs/devices/pci0000:00
fifo "$DEV/0000:00:02.0/class"
fifo "$T/sys.fifo"
rm -f "$DEV/0000:00:01.0/class"
ln -s "$T/sys.fifo" "$DEV/0000:00:01.0/class"
fifo "$DEV/0000:00:01.0/0000:03:00.0/hwmon/hwmon4/temp1_input"
export MVGAL_SYSFS_ROOT=$T/sysfs MVGAL_PCI_IDS=$MVGAL_TOP/tests/data/sysfs/pci.ids
in_time "$LAUNCH" gpus >"$T/out" 2>"$T/err"
check_eq "sysfs FIFOs: gpus ends (exit 0)" 0 $?
check "sysfs FIFOs: the AMD GPU is still listed" grep -q "0000:03:00.0" "$T/out"
check "sysfs FIFOs: the Intel GPU (class a FIFO) is not" sh -c "! grep -q '0000:00:02.0' '$T/out'"
in_time "$LAUNCH" gpus --json >/dev/null 2>&1
check_eq "sysfs FIFOs: gpus --json ends" 0 $?
rm -f "$REC"
(wrapper_game mygame; in_time "$LAUNCH" --gpu amd -- mygame 2>/dev/null)
check_eq "sysfs FIFOs: --gpu launch ends (exit 0)" 0 $?
check_eq "sysfs FIFOs: --gpu amd still steers OpenGL" "pci-0000_03_00_0" "$(rec_env mygame DRI_PRIME)"
fifo "$T/pci.ids"
MVGAL_PCI_IDS=$T/pci.ids in_time "$LAUNCH" gpus >/dev/null 2>&1
check_eq "pci.ids FIFO: gpus ends" 0 $?
unset MVGAL_SYSFS_ROOT MVGAL_PCI_IDS

# ---- Steam's and the user's files: a profile, the DB, a Proton's version file, steam.pid
P=$XDG_CONFIG_HOME/mvgal/profiles
fifo "$P/570.ini"
fifo "$P9/version"
fifo "$ROOT/steam.pid"
fifo "$T/compat.db"
rm -f "$REC"
MVGAL_DB=$T/compat.db in_time "$LAUNCH" waitforexitandrun "$EXE" 2>"$T/err"
check_eq "FIFOs for profile, DB, version: the launch ends (exit 0)" 0 $?
check "profile FIFO: named, not read" grep -q "$P/570.ini: cannot read: not a regular file" "$T/err"
MVGAL_DB=$T/compat.db in_time "$LAUNCH" protons >/dev/null 2>&1
check "FIFOs: protons ends" test $? -ne 124
in_time "$LAUNCH" set-tool 570 mvgal >/dev/null 2>&1
check "steam.pid FIFO: set-tool ends" test $? -ne 124
finish
