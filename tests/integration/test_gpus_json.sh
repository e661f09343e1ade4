#!/bin/sh
# SPDX-License-Identifier: MIT
# `mvgal-launch gpus --json` is always valid JSON (issue 23, item 9): checked with a strict
# parser (python3's json after a strict UTF-8 decode of the bytes) on the fake sysfs trees of
# tests/data/sysfs, on amd_bad_sensor (hwmon temp1_input above 2^31 millidegrees: the number
# comes out whole, not cut to 32 bits) and with pci-bad-utf8.ids (a Latin-1 byte, a lone 0x9b,
# ESC, C1 CSI as UTF-8, a sequence cut short in the device's name). The text output of the same
# tree has no ESC and no C1 control (issue 23, item 7).
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd python3 python3
DATA=$MVGAL_TOP/tests/data/sysfs
LAUNCH=$MVGAL_BUILD/mvgal-launch

# strict FILE KEY=VALUE...: parses FILE strictly, wants no control byte or C1 character on the
# wire (the output may reach a terminal); each KEY=VALUE is "GPU 0's KEY equals VALUE", VALUE
# written as the inside of a JSON string
strict() {
	python3 - "$@" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8", errors="strict")  # raises on any byte that is not UTF-8
bad = [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f)]
assert not bad, "controls on the wire: %r" % bad
gpus = json.loads(text, parse_constant=lambda c: sys.exit("constant " + c))
assert isinstance(gpus, list) and gpus, "no GPU in the list"
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    want = json.loads('"' + v + '"')
    assert str(gpus[0][k]) == want, "%s: %r, want %r" % (k, gpus[0][k], want)
PY
}

for tree in intel_amd_laptop intel_nvidia_laptop amd_nvidia_desktop; do
	MVGAL_SYSFS_ROOT=$DATA/$tree MVGAL_PCI_IDS=$DATA/pci.ids "$LAUNCH" gpus --json \
		>"$T/$tree.json" 2>"$T/err"
	check "gpus --json on $tree is strict JSON" strict "$T/$tree.json"
done

export MVGAL_SYSFS_ROOT=$DATA/amd_bad_sensor
MVGAL_PCI_IDS=$DATA/pci.ids "$LAUNCH" gpus --json >"$T/hot.json" 2>"$T/err"
check "gpus --json: a temperature above 2^31 millidegrees comes out whole" \
	strict "$T/hot.json" temperature_mc=3000000123
export MVGAL_PCI_IDS=$DATA/pci-bad-utf8.ids
"$LAUNCH" gpus --json >"$T/bad.json" 2>"$T/err"
check_eq "gpus --json exits 0 on a hostile pci.ids" 0 $?
check "gpus --json: invalid UTF-8 and controls from pci.ids still make strict JSON" \
	strict "$T/bad.json"
check "gpus --json: the bytes that are not UTF-8 read U+FFFD, the text around them stays" \
	strict "$T/bad.json" 'name=Navi 23 Radeon\ufffd \ufffd 31m \u001b]0;owned\u0007 \u009b2J \ufffd\ufffd'

# the same names as text: no ESC (0x1b), no C1 as UTF-8 (0xc2 0x80-0x9f), no lone 0x80-0x9f
"$LAUNCH" gpus >"$T/bad.txt" 2>&1
check "gpus: the name from pci.ids reaches the terminal escaped" \
	python3 -c 'import re,sys; b=open(sys.argv[1],"rb").read(); sys.exit(1 if re.search(rb"[\x00-\x09\x0b-\x1f\x7f-\x9f]", b) else 0)' "$T/bad.txt"
check "gpus: the temperature is shown whole" grep -q "3000000 C" "$T/bad.txt"
finish
