# SPDX-License-Identifier: MIT
# bash completion for mvgal-launch
_mvgal_launch()
{
	local cur prev words cword
	_init_completion || return
	local commands="install uninstall list set-tool protons check profile db report gpus"
	local verbs="waitforexitandrun run runinprefix destroyprefix getcompatpath getnativepath"
	local wrap_opts="--profile --no-layer --proton --args --gpu --fps --pacer --present-mode --images --telemetry --hud --hud-position --hud-scale --help --version --"
	case $prev in
	--profile) _filedir ini; return ;;
	--telemetry) COMPREPLY=($(compgen -W "on off" -- "$cur")); _filedir -d; return ;;
	--steam-root) _filedir -d; return ;;
	--pacer) COMPREPLY=($(compgen -W "on off" -- "$cur")); return ;;
	--present-mode) COMPREPLY=($(compgen -W "auto fifo mailbox immediate fifo_relaxed" -- "$cur")); return ;;
	--gpu) COMPREPLY=($(compgen -W "nvidia amd intel cpu" -- "$cur")); return ;;
	--fps) COMPREPLY=($(compgen -W "0 30 60 120 144 refresh refresh/2" -- "$cur")); return ;;
	--images) COMPREPLY=($(compgen -W "0 2 3 4" -- "$cur")); return ;;
	--hud-position) COMPREPLY=($(compgen -W "top-left top-right bottom-left bottom-right" -- "$cur")); return ;;
	--hud-scale) COMPREPLY=($(compgen -W "1 2 3 4" -- "$cur")); return ;;
	--proton) COMPREPLY=($(compgen -W "newest" -- "$cur")); return ;;
	--svg) _filedir svg; return ;;
	--url | --args) return ;;
	esac
	# after "--" everything is the wrapped command
	local i
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			_command_offset $((i + 1))
			return
		fi
	done
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands $wrap_opts" -- "$cur"))
		return
	fi
	case ${words[1]} in
	install | uninstall) COMPREPLY=($(compgen -W "--steam-root --help" -- "$cur")) ;;
	set-tool) COMPREPLY=($(compgen -W "--steam-root --force --config= none mvgal --help" -- "$cur")) ;;
	profile)
		case $cword,${words[2]} in
		2,*) COMPREPLY=($(compgen -W "show edit check keys --help" -- "$cur")) ;;
		*,show) COMPREPLY=($(compgen -W "--explain" -- "$cur")) ;;
		*,check) _filedir ini ;;
		esac ;;
	db)
		case $cword,${words[2]} in
		2,*) COMPREPLY=($(compgen -W "update show search path --help" -- "$cur")) ;;
		*,update) COMPREPLY=($(compgen -W "--url --insecure-http" -- "$cur")) ;;
		esac ;;
	report)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--svg --help" -- "$cur"))
		else
			_filedir csv
			_filedir -d
		fi ;;
	gpus) COMPREPLY=($(compgen -W "--json --help" -- "$cur")) ;;
	list | protons | check) COMPREPLY=($(compgen -W "--steam-root --help" -- "$cur")) ;;
	-*) COMPREPLY=($(compgen -W "$wrap_opts" -- "$cur")) ;;
	esac
} && complete -F _mvgal_launch mvgal-launch
