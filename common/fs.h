// SPDX-License-Identifier: MIT
/*
 * fs — the file-system helpers both the launcher and the Vulkan layer need (the layer creates
 * its telemetry folder the way the launcher does). These do I/O and read the environment: they
 * are edge helpers, kept out of the pure modules.
 */
#ifndef MVGAL_COMMON_FS_H
#define MVGAL_COMMON_FS_H

#include <limits.h>
#include <stddef.h>

/*
 * An XDG base directory: $var when it is absolute (the spec says to ignore a relative one),
 * else $HOME/home_rel. Returns 0, or -ENOENT (neither is set) or -ENAMETOOLONG with out "".
 */
int fs_xdg_dir(const char *var, const char *home_rel, char out[PATH_MAX]);

/* mkdir -p with mode 0755 (less the umask); 0 or -errno. */
int fs_mkdirs(const char *dir);

/*
 * Appends "-" and 8 random hex digits (getrandom) to the string in buf[0..size), when they fit:
 * a file name made of a time and this is neither shared by two runs in the same second nor
 * guessable in advance (to plant a link there).
 */
void fs_add_random_tag(char *buf, size_t size);

#endif
