// SPDX-License-Identifier: MIT
// launch.args from a compat DB entry: only the options listed here, each documented by a public
// source as choosing a renderer, a window mode or skipping an intro or a launcher. A deny-list
// of "dangerous words" let through options that write files or weaken a sandbox (Godot's
// --write-movie FILE, Unreal's -dumpmovie, CEF's --log-net-log, --js-flags=...,
// --single-process, --ignore-certificate-errors; issue 23), so nothing else is accepted. The
// user's own profiles keep any arguments.
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "profiles/profiles_internal.h"

/*
 * One token each, compared without regard to case (Unreal's and Source's options are not
 * case-sensitive; a case variant of these words means the same harmless thing or nothing).
 * No option that takes a value: the value would be a separate, unchecked word.
 */
static const char *const db_args_allowed[] = {
	// Unity "Unity Standalone Player command line arguments"
	// (docs.unity3d.com/Manual/PlayerCommandLineArguments.html)
	"-force-d3d11",
	"-force-d3d11-singlethreaded",
	"-force-glcore",
	"-force-gfx-direct",
	// Unreal Engine "Command-line arguments in Unreal Engine"
	// (dev.epicgames.com/documentation/unreal-engine/command-line-arguments-in-unreal-engine)
	"-windowed",
	"-fullscreen",
	// s&box "Launch Arguments" (wiki.facepunch.com/sbox/launchargs): -dx11, -vulkan,
	// -fullscreen (above), -noborder, -novsync, -vsync
	"-dx11",
	"-vulkan",
	"-noborder",
	"-novsync",
	"-vsync",
	// Godot's command-line help, godot(6) (man.archlinux.org/man/extra/godot/godot.6.en) and
	// docs.godotengine.org "Command line tutorial": -f/--fullscreen, -m/--maximized,
	// -w/--windowed
	"--fullscreen",
	"--maximized",
	"--windowed",
	// Source engine: -novid, "the intro Valve video will not play" (armync/ArminC-AutoExec
	// wiki "Launch Options", github.com/armync/ArminC-AutoExec/wiki/Launch-Options)
	"-novid",
	// PCGamingWiki "Baldur's Gate 3", Essential improvements: skip the Larian launcher
	// (the shipped DB's entry 1086940)
	"--skip-launcher",
	NULL,
};

static int is_allowed(const char *a, size_t n)
{
	for (const char *const *w = db_args_allowed; *w; w++)
		if (strlen(*w) == n && !strncasecmp(*w, a, n))
			return 1;
	return 0;
}

int profile_args_db_check(const char *value, char *msg, size_t size)
{
	for (const char *p = value;;) {
		p += strspn(p, " ");
		if (!*p)
			return 0;
		size_t n = strcspn(p, " ");
		if (!is_allowed(p, n)) {
			snprintf(msg, size,
				 "launch.args: '%.*s' is not on the DB's list of harmless options "
				 "(profiles/db_args.c)",
				 (int)(n > 60 ? 60 : n), p);
			return PROFILE_EINVAL;
		}
		p += n;
	}
}
