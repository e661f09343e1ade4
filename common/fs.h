// SPDX-License-Identifier: MIT
/*
 * fs — the file-system helpers of every module that does I/O, the Vulkan layer included (it
 * creates its telemetry folder and replaces its summary file the way the launcher does): XDG
 * folders, mkdir -p, whole-file read, write_atomic(). They do I/O and read the environment:
 * edge helpers, kept out of the pure modules.
 */
#ifndef MVGAL_COMMON_FS_H
#define MVGAL_COMMON_FS_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * An XDG base directory: $var when it is absolute (the spec says to ignore a relative one),
 * else $HOME/home_rel. Returns 0, or -ENOENT (neither is set) or -ENAMETOOLONG with out "".
 */
int fs_xdg_dir(const char *var, const char *home_rel, char out[PATH_MAX]);
/* The same from an environment's values (value: $var's, home: $HOME's; either may be NULL), for
 * a caller that holds the environment it reads (the launch pipeline). */
int fs_xdg_dir_of(const char *value, const char *home, const char *home_rel, char out[PATH_MAX]);

/* mkdir -p with mode 0755 (less the umask); 0 or -errno. */
int fs_mkdirs(const char *dir);

/* "a/b" into out; -ENAMETOOLONG when it does not fit. */
int fs_path_join(char out[PATH_MAX], const char *a, const char *b);
/* stat() (links followed) says p is a folder / a regular file. */
bool fs_is_dir(const char *p);
bool fs_is_file(const char *p);
/* The part of p after its last '/' (p itself when it has none). */
const char *fs_path_base(const char *p);

/*
 * Appends "-" and 8 random hex digits (getrandom) to the string in buf[0..size), when they fit:
 * a file name made of a time and this is neither shared by two runs in the same second nor
 * guessable in advance (to plant a link there).
 */
void fs_add_random_tag(char *buf, size_t size);

/*
 * fsync() of the folder dir, so that the entries just created, renamed or removed in it reach
 * the disk. 0 or -errno; EINVAL (a filesystem that cannot sync a folder) counts as done.
 */
int fs_fsync_dir(const char *dir);

/* write_atomic(): the new file is in place, but its directory could not be synced to disk. */
#define FS_EDIRSYNC (-ENOTRECOVERABLE)

/*
 * Replaces the file at path with buf[0..len) so that a crash or kill at any moment leaves
 * either the complete old file or the complete new one at path, never a mix or a truncation.
 * Steps: create ".<name>.XXXXXX" in path's directory (mkostemp), write all of buf (every
 * write checked, short writes and EINTR retried), give it the old file's permission bits
 * (a new file gets 0666 less the umask; owner is the caller), fsync() it, rename() it over
 * path, fsync() the directory. A symlink at path is replaced, not followed. Returns 0 or a negative errno.
 * On any failure up to and including the rename the temporary file is removed and path is
 * untouched; a failed directory fsync after the rename is returned as FS_EDIRSYNC (the same
 * value as VDF_EDIRSYNC), the only error with the new file already in place (EINVAL from filesystems that cannot fsync a
 * directory is not an error), so callers can tell the user which version is there. A process
 * killed before the rename may leave its ".<name>.XXXXXX" behind (never at path).
 * Not for concurrent writers of one path: the last rename wins.
 */
int write_atomic(const char *path, const void *buf, size_t len);

/* write_atomic() that gives the new file mode (mode < 0: the replaced file's, or 0666 less the
 * umask for a new one). */
int fs_replace_file(const char *path, const void *buf, size_t len, int mode);

/* The file to read or append to is not a regular file (a FIFO, a device, a socket). */
#define FS_ENOTREG (-4096 - 1)

/*
 * Opens name (relative to dirfd; AT_FDCWD for a plain path) for reading by the rules the layer
 * keeps for its own files (issue 23): O_NONBLOCK, so a FIFO there never blocks the open, then
 * fstat(): anything but a regular file is closed and refused (-EISDIR for a folder, else
 * FS_ENOTREG). Symlinks are
 * followed (what it points to gets the same test). Returns the fd (O_CLOEXEC) or a negative
 * errno. Every file the launcher reads goes through this (or the helpers below).
 */
int fs_openat_read(int dirfd, const char *name);
int fs_open_read(const char *path);
/* fs_open_read() as a stdio stream ("r"); NULL with errno set (EINVAL for FS_ENOTREG). */
FILE *fs_fopen_read(const char *path);

/* fs_read_fd() of the file at path, opened with fs_open_read(). Returns 0, -EFBIG over max
 * bytes, FS_ENOTREG, -ENOMEM or -errno. */
int fs_read_file(const char *path, size_t max, char **buf, size_t *len);

/*
 * Appends buf[0..len) to the file at path in one write(): a line shared by several writers
 * (launch.log: the launcher and the layer) never interleaves with another. Creates the file
 * (0644 less the umask); never follows a symlink at path (O_NOFOLLOW: ELOOP), never blocks on a
 * FIFO (O_NONBLOCK) and writes only to a regular file (FS_ENOTREG otherwise). The one append
 * helper of every module, the layer included. Returns 0 or a negative errno.
 */
int fs_append(const char *path, const void *buf, size_t len);

/* Text for an error of these helpers: FS_EDIRSYNC's own, else the errno's; never NULL. */
const char *fs_strerror(int err);

/* Reads fd to its end into *buf (malloc'd, NUL-terminated, free() it), *len bytes. Returns 0,
 * -EFBIG over max bytes, -ENOMEM or -errno of read(). */
int fs_read_fd(int fd, size_t max, char **buf, size_t *len);

#endif
