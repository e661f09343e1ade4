// SPDX-License-Identifier: MIT
// The word a user types for a title (`profile show|edit`, `db show`, `set-tool`): an appid, a
// game's name (installed appmanifests, non-Steam shortcuts and the compat DB, case-insensitive)
// or a non-Steam game's executable name, turned into what the profile and DB lookups take
// (steam_title_resolve() in steam/steam.h decides; this adds the DB and the user's programs
// and says why on stderr).
#ifndef MVGAL_LAUNCHER_TITLES_H
#define MVGAL_LAUNCHER_TITLES_H

#include <stdbool.h>

#include "steam/steam.h"

/*
 * Resolves word for the command cmd ("profile show", for its messages), as steam_title_resolve()
 * does, with the compat DB's titles and an executable being a name with a profile file, a DB
 * exe match or a program in PATH (or any word when is_exe). Several titles matching: listed on
 * stderr with the request to pick one by appid. An appid that is neither installed nor in the
 * DB: said on stderr, still returned. Returns 0 (pick filled), or the exit code (1 no match, 2
 * ambiguous) after saying why on stderr.
 */
int titles_resolve(const char *cmd, const char *word, bool is_exe, struct steam_title_pick *pick);

#endif
