#!/bin/sh
# SPDX-License-Identifier: MIT
# Behaviour unchanged (issue 25): the output of `--help`, `list`, `protons`, `check`, `install`,
# `set-tool` (and the config.vdf it leaves), `uninstall` and `report` on fixtures, compared byte
# for byte with golden files made by the code before the steam/ and report/ moves
# (tests/data/golden/). Fixtures: the fake Steam of steam_fake.sh (real-shaped files, see there)
# with the binary shortcuts.vdf of tests/data/vdf/, the test ICD's four GPUs, the fake sysfs tree
# of an Intel+NVIDIA laptop (tests/data/sysfs/) and the telemetry CSVs of tests/data/report/.
# Only what varies per run is normalised: the temp folder (@T@), the build folder (@BUILD@) and
# the source tree (@TOP@). MVGAL_GOLDEN_UPDATE=1 rewrites the golden files instead.
. "$MVGAL_TOP/tests/integration/lib.sh"
. "$MVGAL_TOP/tests/integration/steam_fake.sh"
G=$MVGAL_TOP/tests/data/golden
make_steam
mkdir -p "$ROOT/userdata/12345678/config"
cp "$MVGAL_TOP/tests/data/vdf/shortcuts.vdf" "$ROOT/userdata/12345678/config/shortcuts.vdf"
mkdir -p "$T/runs"
cp "$MVGAL_TOP/tests/data/report/basic.csv" "$MVGAL_TOP/tests/data/report/spikes.csv" "$T/runs/"
# PATH without a folder where an installed mvgal-launch may live (check names what PATH finds)
export PATH=/usr/bin:/bin LC_ALL=C COLUMNS=80 VK_DRIVER_FILES="$MVGAL_BUILD/tests/icd/mvgal_test_icd.json" \
	NODEVICE_SELECT=1 MVGAL_SYSFS_ROOT="$MVGAL_TOP/tests/data/sysfs/intel_nvidia_laptop"
unset VK_ICD_FILENAMES VK_ADD_DRIVER_FILES VK_INSTANCE_LAYERS VK_LOADER_LAYERS_ENABLE \
	VK_LOADER_LAYERS_DISABLE VK_LAYER_PATH VK_ADD_LAYER_PATH VK_IMPLICIT_LAYER_PATH 2>/dev/null || true
cd "$T" || exit 1

norm() { sed -e "s|$MVGAL_BUILD|@BUILD@|g" -e "s|$MVGAL_TOP|@TOP@|g" -e "s|$T|@T@|g" "$1"; }

# golden NAME ARGS...: runs mvgal-launch ARGS, compares stdout, stderr and the exit status
golden() {
	name=$1
	shift
	"$LAUNCH" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	{
		echo "\$ mvgal-launch $*" >"$T/cmd"
		norm "$T/cmd"
		norm "$T/out"
		echo "-- stderr"
		norm "$T/err"
		echo "-- exit $rc"
	} >"$T/got"
	compare "$name"
}

# golden_file NAME FILE: compares FILE's normalised text
golden_file() {
	norm "$2" >"$T/got"
	compare "$1"
}

compare() {
	if [ "${MVGAL_GOLDEN_UPDATE:-0}" = 1 ]; then
		mkdir -p "$G"
		cp "$T/got" "$G/$1.txt"
	fi
	if [ ! -e "$G/$1.txt" ]; then
		not_ok "$1: as before" "no golden file $G/$1.txt (MVGAL_GOLDEN_UPDATE=1 writes it)"
	elif cmp -s "$G/$1.txt" "$T/got"; then
		ok "$1: as before"
	else
		not_ok "$1: as before" "$(diff -u "$G/$1.txt" "$T/got" | head -n 40)"
	fi
}

golden help --help
golden list list
golden list-root list --steam-root="$ROOT"
golden protons protons
golden protons-root protons --steam-root "$ROOT"
golden check check
golden check-root check --steam-root="$FROOT"
golden install install
golden check-installed check
golden set-tool set-tool 570 GE-Proton9-20
golden set-tool-shortcut set-tool 2279729169 proton_9
golden set-tool-missing set-tool 570 GE-Proton1-1
golden list-after list
golden_file config-vdf "$ROOT/config/config.vdf"
golden_file config-vdf-flatpak "$FROOT/config/config.vdf"
golden_file config-vdf-bak "$ROOT/config/config.vdf.mvgal-bak"
golden uninstall uninstall
golden list-uninstalled list
golden report report "$T/runs/basic.csv" "$T/runs/spikes.csv"
golden_file report-svg "$T/runs/basic.svg"
# --steam-root, one parser for every command: a missing DIR, one root only
golden install-root-missing install --steam-root
golden install-root install --steam-root="$FROOT"
golden uninstall-root uninstall --steam-root "$FROOT"
golden set-tool-root-missing set-tool 570 proton_9 --steam-root
finish
