#!/bin/sh
# SPDX-License-Identifier: MIT
# Crash consistency of every command that writes the user's or Steam's files (tests/integration/
# crash.sh): set-tool (config.vdf + its backup), install (compatibilitytools.d/mvgal) and db
# update (compat-update.db and its .source record) are killed with SIGKILL at every file/descriptor syscall of the region that
# changes files (and a sample before it); after each kill the files are wholly old or wholly new
# and the next run succeeds. Then ENOSPC and EIO are injected into each write, fsync and rename:
# exit 1, one line naming the file, the old file intact.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
. "$MVGAL_TOP/tests/integration/crash.sh"
need_cmd strace strace
make_steam
unset STEAM_COMPAT_CLIENT_INSTALL_PATH
S=$T/saved
mkdir -p "$S"
summary="" faults=0

# ---- set-tool: config.vdf is the old or the new file, byte for byte; the backup is kept
CFG=$ROOT/config/config.vdf
cp "$CFG" "$S/cfg.old"
printf 'an earlier backup\n' >"$S/bak.prev"
st_reset() {
	rm -rf "$ROOT/config"
	mkdir -p "$ROOT/config"
	cp "$S/cfg.old" "$CFG"
	cp "$S/bak.prev" "$CFG.mvgal-bak"
	chmod 600 "$CFG" "$CFG.mvgal-bak"
}
st_reset
"$LAUNCH" set-tool --steam-root "$ROOT" 570 GE-Proton9-20 >/dev/null
cp "$CFG" "$S/cfg.new"
check "set-tool: the new file differs from the old" sh -c "! cmp -s '$S/cfg.old' '$S/cfg.new'"
st_verify() {
	if cmp -s "$CFG" "$S/cfg.old"; then
		cmp -s "$CFG.mvgal-bak" "$S/bak.prev" || cmp -s "$CFG.mvgal-bak" "$S/cfg.old" ||
			{ echo "config.vdf old but the backup is neither the earlier one nor config.vdf"; return 1; }
		state=old
	elif cmp -s "$CFG" "$S/cfg.new"; then
		# a second run backs up what the first one wrote
		cmp -s "$CFG.mvgal-bak" "$S/cfg.old" || { [ -n "${CRASH_RERUN:-}" ] && cmp -s "$CFG.mvgal-bak" "$S/cfg.new"; } || { echo "config.vdf new but the backup is not the old file"; return 1; }
		state=new
	else
		echo "config.vdf is neither the old nor the new file ($(wc -c <"$CFG" 2>&1) bytes)"
		return 1
	fi
	mode=$(stat -c %a "$CFG")
	[ "$mode" = 600 ] || { echo "config.vdf mode $mode, was 600"; return 1; }
	echo "$state"
}
crash_sweep "set-tool: kill -9 at each syscall" st_reset st_verify -- \
	"$LAUNCH" set-tool --steam-root "$ROOT" 570 GE-Proton9-20
summary="$summary set-tool=$CRASH_POINTS"

# ENOSPC/EIO on each write, fsync and rename: exit 1, one line naming config.vdf (or its
# backup), config.vdf old. Only a failed fsync of the directory after the rename may leave the
# new file, and the line must then say that the new version is in place.
st_fault_verify() {
	grep -q 'config\.vdf' "$T/fault.err" || { echo "the error line names no file"; return 1; }
	if cmp -s "$CFG" "$S/cfg.old"; then
		grep -q 'unchanged\|kept\|cannot back up' "$T/fault.err" || { echo "old file kept but the line does not say so"; return 1; }
		echo old
	elif cmp -s "$CFG" "$S/cfg.new"; then
		case $FAULT_AT in
		fsync*/config\>\)*) ;;
		*) echo "config.vdf replaced despite the failed $FAULT_AT"; return 1 ;;
		esac
		grep -q 'new version is in place' "$T/fault.err" || { echo "new file in place but the line does not say so"; return 1; }
		echo new
	else
		echo "config.vdf is neither old nor new"
		return 1
	fi
}
for sc in write fsync rename; do
	for err in ENOSPC EIO; do
		fault_inject "set-tool: $err on $sc" st_reset st_fault_verify $sc $err -- \
			"$LAUNCH" set-tool --steam-root "$ROOT" 570 GE-Proton9-20
		faults=$((faults + FAULT_POINTS))
	done
done

# ---- install: compatibilitytools.d/mvgal is absent or the old folder, or the complete new one
TD=$ROOT/compatibilitytools.d
snap() { # snap DIR: each entry's name, type, mode and link target, each file's digest
	[ -e "$1" ] || [ -L "$1" ] || { echo absent; return; }
	find "$1" -mindepth 1 -printf '%P %y %m %l\n' | LC_ALL=C sort
	find "$1" -mindepth 1 -type f -exec md5sum {} + | LC_ALL=C sort
}
strays() { ls -A "$1" | grep -v -x -e mvgal -e GE-Proton9-20 | paste -sd' '; }
old_install() { # what an earlier version left: another display name, a link elsewhere
	mkdir -p "$1"
	printf '"compatibilitytools"\n{\n\t"compat_tools"\n\t{\n\t\t"mvgal"\n\t\t{\n\t\t\t"install_path"\t\t"."\n\t\t\t"display_name"\t\t"mvgal-launch 0.1"\n\t\t}\n\t}\n}\n' >"$1/compatibilitytool.vdf"
	printf '"manifest"\n{\n\t"version"\t\t"2"\n\t"commandline"\t\t"/mvgal-launch %%verb%%"\n}\n' >"$1/toolmanifest.vdf"
	ln -s /opt/old/mvgal-launch "$1/mvgal-launch"
}
in_reset() {
	rm -rf "$TD/mvgal" "$TD"/.mvgal.*
	[ "$IN_FROM" = fresh ] || old_install "$TD/mvgal"
}
in_verify() {
	now=$(snap "$TD/mvgal")
	if [ "$now" = "$(cat "$S/in.old")" ]; then state=old
	elif [ "$now" = "$(cat "$S/in.new")" ]; then state=new
	elif [ "$now" = absent ] && [ -n "${IN_ABSENT_OK:-}" ]; then state=old
	else echo "the tool folder is neither old nor new: $(echo "$now" | paste -sd'|')"; return 1
	fi
	if [ -n "${CRASH_RERUN:-}" ] && [ -n "$(strays "$TD")" ]; then
		echo "left behind in compatibilitytools.d: $(strays "$TD")"; return 1
	fi
	echo "$state"
}
for IN_FROM in fresh upgrade; do
	in_reset
	snap "$TD/mvgal" >"$S/in.old"
	"$LAUNCH" install --steam-root "$ROOT" >/dev/null
	snap "$TD/mvgal" >"$S/in.new"
	crash_sweep "install ($IN_FROM): kill -9 at each syscall" in_reset in_verify -- \
		"$LAUNCH" install --steam-root "$ROOT"
	summary="$summary install/$IN_FROM=$CRASH_POINTS"
done
# filesystems without RENAME_EXCHANGE: two renames, so for a moment no folder, never a partial one
IN_FROM=upgrade
IN_ABSENT_OK=1 CRASH_FAULT=renameat2:error=EINVAL \
	crash_sweep "install (no RENAME_EXCHANGE; absent counts as old): kill -9 at each syscall" \
	in_reset in_verify -- "$LAUNCH" install --steam-root "$ROOT"
unset IN_ABSENT_OK CRASH_FAULT
summary="$summary install/no-exchange=$CRASH_POINTS"
check_eq "install (no RENAME_EXCHANGE): still installs, nothing left over" "0 new " \
	"$(in_reset; strace -f -qq -o /dev/null -e trace=renameat2 -e inject=renameat2:error=EINVAL \
		"$LAUNCH" install --steam-root "$ROOT" >/dev/null 2>&1; echo "$? $(in_verify) $(strays "$TD")")"
check_eq "install: the new folder parses as Steam reads it" \
	"mvgal-launch (Proton wrapper)|/mvgal-launch %verb%" \
	"$({ "$VDF_GET" "$TD/mvgal/compatibilitytool.vdf" compatibilitytools/compat_tools/mvgal/display_name
		"$VDF_GET" "$TD/mvgal/toolmanifest.vdf" manifest/commandline; } | paste -sd'|')"
check_eq "install: the old folder's other files are kept" "notes.txt" \
	"$(in_reset; echo keep >"$TD/mvgal/notes.txt"; "$LAUNCH" install --steam-root "$ROOT" >/dev/null; ls "$TD/mvgal" | grep -v -x -e "[a-z]*.vdf" -e mvgal-launch -e native)"

# uninstall: the complete folder or none (absent is the new version)
un_reset() {
	rm -rf "$TD/mvgal" "$TD"/.mvgal.*
	cp -a "$S/installed" "$TD/mvgal"
}
IN_FROM=fresh
in_reset
"$LAUNCH" install --steam-root "$ROOT" >/dev/null
cp -a "$TD/mvgal" "$S/installed"
un_reset
snap "$TD/mvgal" >"$S/in.old"
echo absent >"$S/in.new"
crash_sweep "uninstall: kill -9 at each syscall" un_reset in_verify -- \
	"$LAUNCH" uninstall --steam-root "$ROOT"
summary="$summary uninstall=$CRASH_POINTS"
check_eq "uninstall: a folder with a file of the user's stays, without ours" \
	"1 notes.txt" "$(un_reset; echo mine >"$TD/mvgal/notes.txt"
		"$LAUNCH" uninstall --steam-root "$ROOT" >/dev/null 2>&1; echo "$? $(ls "$TD/mvgal")")"

# Flatpak Steam gets a copy of the program, executable before the folder appears
TD=$FROOT/compatibilitytools.d
IN_FROM=upgrade
in_reset
snap "$TD/mvgal" >"$S/in.old"
"$LAUNCH" install --steam-root "$FROOT" >/dev/null
snap "$TD/mvgal" >"$S/in.new"
check "install (Flatpak): the copy is executable" test -x "$TD/mvgal/mvgal-launch" -a ! -L "$TD/mvgal/mvgal-launch"
crash_sweep "install (Flatpak copy): kill -9 at each syscall" in_reset in_verify -- \
	"$LAUNCH" install --steam-root "$FROOT"
summary="$summary install/flatpak=$CRASH_POINTS"

# ENOSPC/EIO on each write, fsync and rename (renameat2: the swap) of an upgrade, native and
# Flatpak: exit 1, one line naming the folder, the old folder in place and no staging left
in_fault_verify() {
	grep -q "compatibilitytools.d/mvgal" "$T/fault.err" || { echo "the error line names no folder"; return 1; }
	[ -z "$(strays "$TD")" ] || { echo "left behind: $(strays "$TD")"; return 1; }
	now=$(snap "$TD/mvgal")
	if [ "$now" = "$(cat "$S/in.old")" ]; then
		grep -q 'left as it was' "$T/fault.err" || { echo "old folder kept but the line does not say so"; return 1; }
		echo old
	elif [ "$now" = "$(cat "$S/in.new")" ]; then
		case $FAULT_AT in
		fsync*/compatibilitytools.d\>\)*) ;;
		*) echo "new folder in place despite the failed $FAULT_AT"; return 1 ;;
		esac
		grep -q 'new version is in place' "$T/fault.err" || { echo "new folder in place but the line does not say so"; return 1; }
		echo new
	else
		echo "the tool folder is neither old nor new"
		return 1
	fi
}
for root in "$ROOT" "$FROOT"; do
	TD=$root/compatibilitytools.d
	in_reset
	snap "$TD/mvgal" >"$S/in.old"
	"$LAUNCH" install --steam-root "$root" >/dev/null
	snap "$TD/mvgal" >"$S/in.new"
	kind=native
	[ "$root" = "$FROOT" ] && kind=flatpak
	for sc in write fsync rename renameat2; do
		for err in ENOSPC EIO; do
			fault_inject "install ($kind): $err on $sc" in_reset in_fault_verify $sc $err -- \
				"$LAUNCH" install --steam-root "$root"
			faults=$((faults + FAULT_POINTS))
		done
	done
done

# ---- db update: compat-update.db is the old or the new DB, byte for byte. The test build of
# the program takes this run's throw-away signing key (see test_db_update.sh).
unset MVGAL_DB MVGAL_DB_URL
db_test_key
LAUNCH=$DB_TEST_LAUNCH
W=$T/www
DEST=$XDG_DATA_HOME/mvgal/compat-update.db
mkdir -p "$W"
sed "s/^serial = .*/serial = $(date -u +%Y%m%d)02/" "$MVGAL_TOP/compat/data/compat.db" >"$W/new.db"
db_sign "$W/new.db"
sed "s/^serial = .*/serial = $(date -u +%Y%m%d)01/" "$MVGAL_TOP/compat/data/compat.db" >"$S/db.old"
touch -d '2026-01-01 00:00:00 UTC' "$W"/*
start_db_server "$W"
URL=$URL/new.db
db_reset() {
	rm -rf "$XDG_DATA_HOME/mvgal"
	mkdir -p "$XDG_DATA_HOME/mvgal"
	cp "$S/db.old" "$DEST"
	touch -d '2020-01-01 00:00:00 UTC' "$DEST"
}
db_verify() {
	if cmp -s "$DEST" "$S/db.old"; then echo old
	elif cmp -s "$DEST" "$W/new.db"; then echo new
	else echo "compat.db is neither the old nor the new DB ($(wc -c <"$DEST" 2>&1) bytes)"; return 1
	fi
}
db_reset
"$LAUNCH" db update --url "$URL" >/dev/null 2>&1
check_eq "db update: the new DB is installed" new "$(db_verify)"
crash_sweep "db update: kill -9 at each syscall" db_reset db_verify -- "$LAUNCH" db update --url "$URL"
summary="$summary db-update=$CRASH_POINTS"
# a failed fsync of the directory after the rename is the one case with the new DB in place
db_fault_verify() {
	grep -q "compat-update\.db" "$T/fault.err" || { echo "the error line names no file"; return 1; }
	state=$(db_verify) || { echo "$state"; return 1; }
	case $state:$FAULT_AT in
	old:*) grep -q 'kept' "$T/fault.err" || { echo "old DB kept but the line does not say so"; return 1; } ;;
	new:fsync*/mvgal\>\)*) grep -q 'new version is in place' "$T/fault.err" ||
		{ echo "new DB in place but the line does not say so"; return 1; } ;;
	*) echo "new DB in place despite the failed $FAULT_AT"; return 1 ;;
	esac
	echo "$state"
}
for sc in write fsync rename; do
	for err in ENOSPC EIO; do
		fault_inject "db update: $err on $sc" db_reset db_fault_verify $sc $err -- \
			"$LAUNCH" db update --url "$URL"
		faults=$((faults + FAULT_POINTS))
	done
done

echo "# kill points:$summary; $faults fault injections"
finish
