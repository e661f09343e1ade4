#!/bin/sh
# SPDX-License-Identifier: MIT
# Every command and sub-command answers --help (and -h) with its usage on stdout and exit 0,
# touching nothing; usage errors exit 2 with the usage on stderr.
. "$MVGAL_TOP/tests/integration/lib.sh"
B="$MVGAL_BUILD/mvgal-launch"
need_file "$B" "(build it: make)"
export MVGAL_DB="$MVGAL_TOP/compat/data/compat.db"
export EDITOR=false VISUAL=false

for c in "" install uninstall list set-tool protons check report gpus profile "profile show" \
	"profile check" "profile edit" "profile keys" db "db update" "db show" "db search" "db path"; do
	for h in --help -h; do
		# shellcheck disable=SC2086 # $c is the words of the command
		"$B" $c $h >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" -eq 0 ] && grep -q '^usage: mvgal-launch' "$T/out" && [ ! -s "$T/err" ]; then
			ok "'$c $h': usage on stdout, exit 0"
		else
			not_ok "'$c $h': usage on stdout, exit 0" "exit $rc, stdout [$(head -c 200 "$T/out")], stderr [$(head -c 200 "$T/err")]"
		fi
	done
done
check_eq "--help created no profile" "" "$(ls -A "$XDG_CONFIG_HOME")"

usage_error() { # name, args...
	name=$1; shift
	"$B" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ ! -s "$T/out" ] && grep -q '^usage: mvgal-launch' "$T/err"; then
		ok "$name: exit 2, usage on stderr"
	else
		not_ok "$name: exit 2, usage on stderr" "exit $rc, stderr [$(head -c 200 "$T/err")]"
	fi
}
usage_error "no arguments"
usage_error "profile without a verb" profile
usage_error "profile bogus verb" profile bogus
usage_error "profile show without a title" profile show
usage_error "profile edit of an option-like name" profile edit -x
usage_error "profile keys with an argument" profile keys x
usage_error "db without a verb" db
usage_error "db bogus verb" db bogus
usage_error "db show without a title" db show
usage_error "db update with an unknown option" db update --bogus
usage_error "set-tool without an appid" set-tool
check_eq "usage errors created no profile" "" "$(ls -A "$XDG_CONFIG_HOME")"
finish
