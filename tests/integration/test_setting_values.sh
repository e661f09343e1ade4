#!/bin/sh
# SPDX-License-Identifier: MIT
# The launcher and the layer accept the same values (docs/layer.md, "GPU selection and the Vulkan
# layer"): every value the docs name for a layer variable, in the layer's table (wherever the docs
# hold it) and in the man page's PROFILE KEYS, is fed to both: to `mvgal-launch profile show` (the environment layer) and to the layer
# read directly by a Vulkan program (vkprobe on the test ICD, no launcher). Neither may refuse
# it. Values both must refuse are checked the same way, and each bad variable gets its own line.
. "$MVGAL_TOP/tests/integration/lib.sh"
B="$MVGAL_BUILD"
need_file "$B/mvgal-launch" "(build it: make)"
need_file "$B/tests/tools/vkprobe" "(build it: make)"
need_file "$B/tests/icd/mvgal_test_icd.json" "(build it: make)"
export MVGAL_DB="$MVGAL_TOP/compat/data/compat.db"
cd "$MVGAL_TOP" || exit 1
DOCS=""
for f in README.md SECURITY.md CONTRIBUTING.md docs/*.md; do [ -f "$f" ] && DOCS="$DOCS $f"; done
cd - >/dev/null || exit 1
mkdir -p "$T/cwd"

# The docs' rows "| `MVGAL_X` | values |" (layer table) and "| `key` | values | default |
# `MVGAL_X` | option |" (a profile table) as lines "MVGAL_X<TAB>`v1`, `v2` ..." (a "\|" inside a
# cell is a separator of values, not of cells), and the man page's PROFILE KEYS entries
# (".BR "[frame] fps = " "0 | off | ..."" up to its "(variable MVGAL_FPS") the same way.
# shellcheck disable=SC2086 # one word per file
(cd "$MVGAL_TOP" && cat $DOCS) | sed 's/\\|/,/g' | awk -F'|' '
	$2 ~ /^ `MVGAL_[A-Z_]*` $/ { v = $2; gsub(/[ `]/, "", v); print v "\t" $3 }
	NF >= 7 && $5 ~ /^ `MVGAL_[A-Z_]*` $/ { v = $5; gsub(/[ `]/, "", v); print v "\t" $3 }
' >"$T/rows"
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/"//g' "$MVGAL_TOP/launcher/mvgal-launch.1" | awk '
	/^\.(TP|PP|SH)/ { vals = "" }
	/^\.BR \[[a-z]*\] [a-z_]* = / { sub(/^\.BR \[[a-z]*\] [a-z_]* = +/, ""); vals = $0; next }
	vals != "" && /variable MVGAL_[A-Z_]*/ {
		match($0, /MVGAL_[A-Z_]*/); v = substr($0, RSTART, RLENGTH)
		n = split(vals, a, / \| /); out = ""
		for (i = 1; i <= n; i++) out = out (i > 1 ? ", " : "") "`" a[i] "`"
		print v "\t" out; vals = ""
	}' >>"$T/rows"
# Literal values: each `...` token; "A..B" gives both ends; "(any case)" adds the upper-case
# word; placeholders (NAME, SEL, /abs/...) are replaced by real ones or skipped.
tab=$(printf '\t')
while IFS="$tab" read -r var vals; do
	printf '%s\n' "$vals" | grep -o '`[^`]*`' | tr -d '`' | while IFS= read -r v; do
		case "$v" in
		/abs/dir) v="$T/tel-dir" ;;
		/abs/file.csv) v="$T/tel-file/run.csv" ;;
		*[A-Z][A-Z][A-Z]* | *'['* | *'…'* | '') continue ;;
		esac
		case "$v" in
		*[0-9]..[0-9]*)
			lo=${v%%..*}
			printf '%s\t%s\n%s\t%s\n' "$var" "$lo" "$var" "$(printf %s "$lo" |
				sed 's/[0-9]*$//')${v##*..}" ;;
		*) printf '%s\t%s\n' "$var" "$v" ;;
		esac
		case "$vals" in
		*'(any case)'*) printf '%s\t%s\n' "$var" "$(printf %s "$v" | tr a-z A-Z)" ;;
		esac
	done
done <"$T/rows" | sort -u >"$T/values"
for var in MVGAL_GPU MVGAL_FPS MVGAL_PACER MVGAL_PRESENT_MODE MVGAL_IMAGES MVGAL_TELEMETRY \
	MVGAL_SELFTIME; do
	grep -q "^$var	" "$T/values" || not_ok "the docs name values of $var" "none found in $T/rows"
done
n=$(wc -l <"$T/values")
[ "$n" -ge 40 ] && ok "the docs name $n values of MVGAL_* variables" ||
	not_ok "the docs name values of MVGAL_* variables" "only $n: $(tr '\n' ' ' <"$T/values")"

# The layer read directly: ENABLE_MVGAL=1 and the one variable, no launcher.
layer() { # VAR VALUE -> stderr of vkprobe in $T/layer.err
	(cd "$T/cwd" && env VK_DRIVER_FILES="$B/tests/icd/mvgal_test_icd.json" \
		XDG_DATA_DIRS="$B/share:/usr/share" ENABLE_MVGAL=1 "$1=$2" \
		"$B/tests/tools/vkprobe" --present 2 >/dev/null 2>"$T/layer.err")
}
launcher() { # VAR VALUE -> stdout/stderr of profile show in $T/launch.out, $T/launch.err
	env "$1=$2" "$B/mvgal-launch" profile show 1091500 --explain >"$T/launch.out" 2>"$T/launch.err"
}

bad_launcher="" bad_layer=""
while IFS="$(printf '\t')" read -r var v; do
	if [ "$var" != MVGAL_SELFTIME ]; then # the launcher does not read MVGAL_SELFTIME
		launcher "$var" "$v"
		grep -q "; env $var\$" "$T/launch.out" && [ ! -s "$T/launch.err" ] ||
			bad_launcher="$bad_launcher $var=$v [$(head -c 160 "$T/launch.err")]"
	fi
	# a value the layer cannot read is "VAR=value: why; ignored" (a surface that lacks a
	# mode or an image count is a different line: the value was read)
	layer "$var" "$v"
	! grep -q "^mvgal layer: $var=.*ignored\$" "$T/layer.err" ||
		bad_layer="$bad_layer [$(grep "^mvgal layer: $var" "$T/layer.err")]"
done <"$T/values"
check_eq "the launcher accepts every value the docs name" "" "$bad_launcher"
check_eq "the layer accepts every value the docs name" "" "$bad_layer"
check_eq "MVGAL_TELEMETRY=off/0/no made no file in the game's folder" "" "$(ls -A "$T/cwd")"
check "MVGAL_TELEMETRY=/abs/file.csv: the layer created its folder and wrote it" \
	test -s "$T/tel-file/run.csv"
check_eq "MVGAL_TELEMETRY=/abs/dir: the layer wrote <program>-<UTC>.csv inside" "1" \
	"$(find "$T/tel-dir" -name 'vkprobe-*Z-????????.csv' | wc -l)"
check "MVGAL_TELEMETRY=on: the layer wrote under \$XDG_STATE_HOME/mvgal/telemetry" \
	test -n "$(find "$XDG_STATE_HOME/mvgal/telemetry" -name 'vkprobe-*Z-????????.csv' 2>/dev/null)"
(export SteamAppId=1091500 && cd "$T/cwd" && layer MVGAL_TELEMETRY on)
check "MVGAL_TELEMETRY=on names the file by SteamAppId like the launcher" \
	test -n "$(find "$XDG_STATE_HOME/mvgal/telemetry" -name '1091500-*Z-????????.csv')"

# Values both refuse (the layer's own gpu.select parser is what `profile check` runs).
both_refuse=""
for kv in 'MVGAL_GPU=pci:zz' 'MVGAL_GPU=0x12345' 'MVGAL_GPU=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q' \
	'MVGAL_IMAGES=17' 'MVGAL_FPS=refresh/9' 'MVGAL_PACER=maybe' 'MVGAL_PRESENT_MODE=vsync' \
	'MVGAL_TELEMETRY=rel/run.csv'; do
	var=${kv%%=*} v=${kv#*=}
	launcher "$var" "$v"
	grep -q "^environment: $var" "$T/launch.err" || both_refuse="$both_refuse launcher:$kv"
	layer "$var" "$v"
	grep -q "^mvgal layer: $var=.*ignored" "$T/layer.err" || both_refuse="$both_refuse layer:$kv"
done
check_eq "the launcher and the layer both refuse the same bad values" "" "$both_refuse"

# One line per bad variable, once per process (three instances in one process).
(cd "$T/cwd" && env VK_DRIVER_FILES="$B/tests/icd/mvgal_test_icd.json" \
	XDG_DATA_DIRS="$B/share:/usr/share" ENABLE_MVGAL=1 MVGAL_IMAGES=99 MVGAL_PACER=maybe \
	MVGAL_GPU=pci:zz MVGAL_PRESENT_MODE=vsync "$B/tests/tools/vkprobe" --cycles 3 \
	>/dev/null 2>"$T/layer.err")
check_eq "the layer logs each of 4 bad variables once, over 3 instances" \
	"MVGAL_GPU MVGAL_IMAGES MVGAL_PACER MVGAL_PRESENT_MODE" \
	"$(sed -n 's/^mvgal layer: \(MVGAL_[A-Z_]*\)=.*ignored$/\1/p' "$T/layer.err" | sort | tr '\n' ' ' | sed 's/ $//')"
finish
