// SPDX-License-Identifier: MIT
// The word a user types for a title (`profile show|edit`, `db show`, `set-tool`): an appid, a
// game's name (installed appmanifests, non-Steam shortcuts and the compat DB, case-insensitive)
// or a non-Steam game's executable name, turned into what the profile and DB lookups take.
#ifndef MVGAL_LAUNCHER_TITLES_H
#define MVGAL_LAUNCHER_TITLES_H

#include <stdbool.h>

struct title_pick {
	char appid[24]; /* "" when exe is set */
	char exe[256];	/* "" when appid is set */
	char name[128]; /* the title's name when known, else "" */
};

/*
 * Resolves word for the command cmd ("profile show", for its messages). Order: an appid (all
 * digits); a name equal to an installed or DB title's, ignoring case; an executable with a
 * profile file, a DB exe match, a name ending in .exe or a program in PATH (or any word when
 * is_exe); a unique part of a title's name. Several titles matching: listed on stderr with the
 * request to pick one by appid. An appid that is neither installed nor in the DB: said on
 * stderr, still returned. Returns 0 (pick filled), or the exit code (1 no match, 2 ambiguous)
 * after saying why on stderr.
 */
int titles_resolve(const char *cmd, const char *word, bool is_exe, struct title_pick *pick);

#endif
