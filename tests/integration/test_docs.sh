#!/bin/sh
# SPDX-License-Identifier: MIT
# The docs agree with the code: the man page's PROFILE KEYS, the one table of them (issue 26), gives
# each key of the schema (profiles/settings.h, printed by `profile keys`) with its values,
# default, variable and option, and no other key; every variable the launcher hands the layer has
# a row in the layer table of the docs (docs/layer.md) and a line in the man page; and what the
# code accepts beyond the schema is written down in both (the Markdown docs, wherever the text is,
# and mvgal-launch(1)). The values themselves are fed to the launcher and the layer by
# test_setting_values.sh; the docs' examples are run by test_docs_run.sh.
. "$MVGAL_TOP/tests/integration/lib.sh"
LAUNCH="$MVGAL_BUILD/mvgal-launch"
need_file "$LAUNCH" "(build it: make)"
# The Markdown docs, wherever the text is now (issue 26 moved most of README.md out).
cd "$MVGAL_TOP" || exit 1
DOCS=""
for f in README.md SECURITY.md CONTRIBUTING.md docs/*.md; do [ -f "$f" ] && DOCS="$DOCS $f"; done
# shellcheck disable=SC2086 # one word per file
cat $DOCS >"$T/docs.md"
MAN="$MVGAL_TOP/launcher/mvgal-launch.1"
tab=$(printf '\037') # not white space: empty fields stay fields for read

# The schema as "key values default env option" lines, fields separated by $tab.
"$LAUNCH" profile keys | awk -v OFS="$tab" '
	/^[a-z]/ { if (k != "") print k, v, d, e, o; k = $1; v = d = e = o = ""; next }
	/^    values: / { sub(/^    values: +/, ""); v = $0 }
	/^    default: / { sub(/^    default: +/, ""); d = ($0 == "(empty)") ? "" : $0 }
	/^    env: / { sub(/^    env: +/, ""); e = $0 }
	/^    option: / { sub(/^    option: +/, ""); o = $0 }
	END { if (k != "") print k, v, d, e, o }
' | grep -v '^env\.' >"$T/schema"
check_eq "profile keys lists the 11 keys of the schema" 11 "$(wc -l <"$T/schema")"

# Man page PROFILE KEYS: the entry ".BR "[section] name = " "values"" and its text up to the next
# .TP/.PP name the values, the variable and the option.
sed -e 's/\\\[u2026\]/…/g' -e 's/\\(dq/\x02/g' -e 's/\\(aq/'"'"'/g' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/"//g' \
	-e 's/\x02/"/g' -e 's/^\.[A-Z]* //' -e 's/  */ /g' "$MAN" >"$T/man.txt"
bad=""
while IFS="$tab" read -r key values default env option; do
	sec=${key%%.*} name=${key#*.}
	awk -v head="[$sec] $name = " '
		index($0, head) == 1 { on = 1 }
		on && /^\.(TP|PP|SH)/ { exit }
		on { printf "%s ", $0 }
	' "$T/man.txt" >"$T/entry"
	grep -qF "[$sec] $name = $values" "$T/entry" || bad="$bad $key:values"
	grep -qF "Default: ${default:-empty}." "$T/entry" || grep -qF "Default: ${default:-empty} (" "$T/entry" ||
		bad="$bad $key:default"
	[ -z "$env" ] || grep -qF "variable $env" "$T/entry" || bad="$bad $key:env"
	[ -z "$option" ] || grep -qF "option $option" "$T/entry" || bad="$bad $key:option"
done <"$T/schema"
check_eq "man page PROFILE KEYS: values, default, variable and option of every key" "" "$bad"
extra=$(sed -n 's/^\[\([a-z]*\)\] \([a-z_]*\) = .*/\1.\2/p' "$T/man.txt" | while read -r k; do
	grep -q "^$k$tab" "$T/schema" || printf ' %s' "$k"
done)
check_eq "man page PROFILE KEYS has no key the schema lacks" "" "$extra"

# Every variable handed to the layer: a row in the docs' layer table and a man page line.
bad=""
for v in $(cut -d "$tab" -f4 "$T/schema" | grep . | grep -v MVGAL_PROTON) MVGAL_LOG MVGAL_SELFTIME; do
	grep -q "^| \`$v\` |" "$T/docs.md" || bad="$bad docs:$v"
	grep -q "$v" "$T/man.txt" || bad="$bad man:$v"
done
check_eq "every layer variable in the docs' layer table and the man page" "" "$bad"

# What the code accepts beyond the schema is written down: a user cannot rely on what is
# documented nowhere.
undocumented() { # FILE PATTERN...
	f=$1; shift
	for p in "$@"; do grep -qF -e "$p" "$f" || printf ' [%s]' "$p"; done
}
check_eq "the docs (README, docs/) document what the code accepts" "" "$(undocumented "$T/docs.md" \
	'`mvgal-launch help`' '`-h`' '`--OPT=VALUE`' '`--proton NAME`' '`pci:01:00.0`' '`[::1]`' \
	'`true`/`false`, `yes`/`no` and `1`/`0`' 'present modes any case' \
	'starting with `;` or `#` is a comment' 'backslash escapes' '128 characters' \
	'16 terms of up to 63' '`STEAM_COMPAT_APP_ID`' '`STEAM_COMPAT_INSTALL_PATH`' \
	'`STEAM_COMPAT_DATA_PATH`' '`STEAM_COMPAT_LIBRARY_PATHS`' '`STEAM_COMPAT_TOOL_PATHS`' \
	'`layer_samples`' '`--size WxH`' '`key: value`')"
check_eq "man page documents what the code accepts" "" "$(undocumented "$T/man.txt" \
	'help' '-h' '--OPT=VALUE' 'pci:01:00.0' 'localhost or [::1]' 'true/false, yes/no and 1/0' \
	'present modes are read in any case' 'starting with ; or # is a comment' \
	'backslash' '128 characters' '16 terms of up to 63' 'STEAM_COMPAT_APP_ID' \
	'STEAM_COMPAT_INSTALL_PATH' 'STEAM_COMPAT_DATA_PATH' 'STEAM_COMPAT_LIBRARY_PATHS' \
	'STEAM_COMPAT_TOOL_PATHS' 'key: value')"
finish
