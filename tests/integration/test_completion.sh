#!/bin/sh
# SPDX-License-Identifier: MIT
# The bash completion (launcher/mvgal-launch.bash) offers the commands, sub-commands, options
# and values that mvgal-launch --help lists. bash-completion's helpers are stubbed so that the
# test needs only bash: _filedir and _command_offset answer with a marker word.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd bash bash
check "bash completion parses" bash -n "$MVGAL_TOP/launcher/mvgal-launch.bash"
cat >"$T/run.bash" <<'BASH'
_init_completion() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
_filedir() { COMPREPLY+=("<files${1:+:$1}>"); }
_command_offset() { COMPREPLY=("<command:$1>"); }
complete() { :; }
. "$1"
shift
COMP_WORDS=(mvgal-launch "$@"); COMP_CWORD=$#; COMPREPLY=()
_mvgal_launch
echo "${COMPREPLY[*]}"
BASH
comp() { bash "$T/run.bash" "$MVGAL_TOP/launcher/mvgal-launch.bash" "$@"; }
has() { # name, expected words (space separated), completion words...
	name=$1 want=$2; shift 2
	got=" $(comp "$@") "
	miss=""
	for w in $want; do case $got in *" $w "*) ;; *) miss="$miss $w" ;; esac; done
	if [ -z "$miss" ]; then ok "$name"; else not_ok "$name" "missing$miss in [$got]"; fi
}
has "first word: every command" "install uninstall list set-tool protons check profile db report gpus" ""
has "first word: every wrapper option of --help" "$("$MVGAL_BUILD/mvgal-launch" --help | grep -o -e '^  --[a-z-]*' | tr -d ' ' | paste -sd' ')" -
has "profile verbs" "show edit check keys" profile ""
has "profile show --explain" "--explain" profile show 570 -
has "profile check: ini files" "<files:ini>" profile check ""
has "db verbs" "update show search path" db ""
has "db update options" "--url --insecure-http" db update -
has "report options" "--svg --help" report -
has "report: csv files and folders" "<files:csv> <files:-d>" report ""
has "present modes" "auto fifo mailbox immediate fifo_relaxed" --present-mode ""
has "option after a value" "--pacer --present-mode --profile --proton" --fps 60 --p
has "after --: the command" "<command:4>" --fps 60 -- ""
has "HUD corners" "top-left top-right bottom-left bottom-right" --hud-position ""
has "install --steam-root" "--steam-root" install -
finish
