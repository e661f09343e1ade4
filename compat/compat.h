// SPDX-License-Identifier: MIT
// The compatibility database: per-title settings in the profile schema, each with its public
// source, looked up by Steam appid or exe basename.
//
// Format (an INI file read with inih; see compat/data/compat.db):
//   [mvgal-db]                 first section: format = 1, serial = YYYYMMDDNN (newer wins;
//                              both required and checked: compat_db_check_header())
//   [1091500]                  one section per title, sorted by appid (numeric), unique
//   name = Cyberpunk 2077
//   exe = Cyberpunk2077.exe    optional, case-insensitive basename match (titles without appid)
//   reason = ... (source: URL) required: what the settings fix and where that is documented
//   env.PROTON_... = 1         schema keys in dotted form (profiles/settings.h), env.NAME
// The index is the sort order itself: a lookup by appid binary-searches the mapped bytes for
// "\n[" section starts, so opening and looking up one title costs O(log n) with no parse of the
// rest. compat_db_validate() parses the whole file (used before an update is installed).
//
//	struct compat_db *db;  struct compat_entry e;
//	if (compat_db_open(path, &db) == 0 && compat_db_lookup(db, appid, exe, &e) == 0)
//		compat_db_entry_source(&e, &in.db_entry);   // profiles.h layer, valid while db is open
//	compat_db_close(db);
#ifndef MVGAL_COMPAT_COMPAT_H
#define MVGAL_COMPAT_COMPAT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profiles/profiles.h"

/* Codes are negative errno values, as in every module; the ones no errno fits lie below
 * -COMPAT_EBASE, outside the range an errno value can take (the kernel's MAX_ERRNO is 4095). */
#define COMPAT_EBASE 4096

enum compat_error {
	COMPAT_OK = 0,
	COMPAT_ENOENT = -ENOENT,   /* no such title in the DB / no DB file                 */
	COMPAT_EIO = -EIO,	   /* the file cannot be opened or mapped                  */
	COMPAT_EFORMAT = -EBADMSG, /* not a compat DB (bad header, unsorted, bad entry)    */
	COMPAT_ENOMEM = -ENOMEM,
	COMPAT_EINVAL = -EINVAL, /* bad argument (appid not a number, ...)               */
	COMPAT_ETOOBIG = -EFBIG, /* over COMPAT_DB_MAX bytes                             */
	/* compat_update() only: */
	COMPAT_ENET =
		-(COMPAT_EBASE + 1), /* offline, DNS failure, connect/transfer timeout, TLS error */
	COMPAT_EHTTP = -(COMPAT_EBASE + 2),  /* HTTP status other than 200/304                   */
	COMPAT_ETRUNC = -(COMPAT_EBASE + 3), /* body shorter than Content-Length                 */
	COMPAT_EURL = -(COMPAT_EBASE + 4), /* plain http:// to a host other than 127.0.0.1/localhost */
	COMPAT_EWRITE = -(COMPAT_EBASE + 5), /* write_atomic() failed                            */
	COMPAT_ESIG =
		-(COMPAT_EBASE + 6), /* no signature, or it does not verify with the project's key */
	COMPAT_ESERIAL =
		-(COMPAT_EBASE + 7), /* serial not newer than the DB in use, or dated in the future */
};

/* Human-readable text for a compat_error value; never NULL. */
const char *compat_strerror(int err);

#define COMPAT_DB_MAX (64u * 1024 * 1024)
#define COMPAT_DB_FORMAT 1
/* The file `db update` installs in $XDG_DATA_HOME/mvgal/, and beside it the record of where it
 * came from (compat_update()). */
#define COMPAT_UPDATE_NAME "compat-update.db"
#define COMPAT_SOURCE_SUFFIX ".source"

struct compat_db; /* opaque: a mapped or borrowed DB buffer */

/* One title; pointers into the DB buffer, valid until compat_db_close(). Not NUL-terminated. */
struct compat_entry {
	uint64_t appid;
	const char *text; /* the whole section, from '[' to the next section */
	size_t len;
	int line;	/* line of the "[appid]" header in the file */
	char name[128]; /* copies, NUL-terminated, for printing */
	char exe[128];
	char reason[512];
	char label[32];	  /* "db:<appid>" */
	const char *file; /* the DB's path (or the name given to compat_db_open_buffer) */
};

/* Maps path read-only. Checks the header only (as compat_db_check_header()). Returns 0, COMPAT_ENOENT, COMPAT_EIO,
 * COMPAT_EFORMAT, COMPAT_ETOOBIG, COMPAT_ENOMEM. (Does I/O: open + mmap.) */
int compat_db_open(const char *path, struct compat_db **db);

/* Uses buf (len bytes, owned by the caller, must outlive db) as a DB; name for messages. Pure. */
int compat_db_open_buffer(const char *buf, size_t len, const char *name, struct compat_db **db);

/* Checks the [mvgal-db] header of buf: format = 1 and serial = YYYYMMDDNN present and well
 * formed. Returns 0 or COMPAT_EFORMAT with *diag (may be NULL) saying name:line: what. Pure. */
int compat_db_check_header(const char *buf, size_t len, const char *name, struct profile_diag *diag);

/* Unmaps and frees; NULL is a no-op. */
void compat_db_close(struct compat_db *db);

/* The DB header's serial (YYYYMMDDNN; an open DB always has a valid one). */
uint64_t compat_db_serial(const struct compat_db *db);
const char *compat_db_file(const struct compat_db *db);

/* Finds the title by appid (decimal string, may be NULL); only when appid is NULL or "", by
 * exe basename (case-insensitive, may be NULL). Returns 0, COMPAT_ENOENT, COMPAT_EFORMAT. */
int compat_db_lookup(const struct compat_db *db, const char *appid, const char *exe,
		     struct compat_entry *e);

/* Calls fn for each entry in order; stops when fn returns nonzero (and returns that). */
int compat_db_foreach(const struct compat_db *db,
		      int (*fn)(const struct compat_entry *e, void *user), void *user);

/* Case-insensitive substring search in name, exe and appid; fn as for foreach. */
int compat_db_search(const struct compat_db *db, const char *text,
		     int (*fn)(const struct compat_entry *e, void *user), void *user);

/* Fills a profiles.h layer from e (valid while the DB is open). */
void compat_db_entry_source(const struct compat_entry *e, struct profile_source *src);

/*
 * Parses the whole DB: header, sorted unique appids, every entry valid in the profile schema
 * (the DB's exact variable list and value grammars, launch.args from an allow-list, no control
 * bytes in name/exe/reason), a reason in every entry, and every line UTF-8 without C1 controls
 * (U+0080..U+009F). Adds every error to *diags.
 * Returns 0 or COMPAT_EFORMAT / COMPAT_ENOMEM. Pure.
 */
int compat_db_validate(const struct compat_db *db, struct profile_diags *diags);

/* ---- which DB is used (edge: stats files) --------------------------------------------- */

struct compat_db_choice {
	char path[4096];    /* the DB to use, "" if none */
	char why[512];	    /* one line: why this one (for `db path`) */
	char shipped[4096]; /* the shipped DB found, "" if none */
	char updated[4096]; /* $XDG_DATA_HOME/mvgal/compat-update.db, whether or not it exists */
	uint64_t shipped_serial, updated_serial; /* 0: that DB is absent or unusable */
};

/*
 * Picks the DB: $MVGAL_DB when env_db is non-empty (tests, overrides; not opened); else the updated DB in
 * data_home/mvgal/compat-update.db when it opens, has a valid header and a serial >= the shipped one's;
 * else the shipped DB: <exe_dir>/../share/mvgal/compat.db (installed), then
 * <exe_dir>/../compat/data/compat.db (running from build/ in the source tree).
 * Returns 0 or COMPAT_ENOENT (no DB anywhere; choice->why says where it looked).
 */
int compat_db_choose(const char *env_db, const char *data_home, const char *exe_dir,
		     struct compat_db_choice *choice);

/*
 * $XDG_DATA_HOME/mvgal/compat-update.db (else ~/.local/share/...): where `db update` installs.
 * Not compat.db: with the default PREFIX=~/.local that is the shipped DB itself, which an
 * update must never replace.
 */
int compat_db_update_path(char *out, size_t size);

/*
 * The record of where the updated DB at db_path came from: <db_path>.source, lines "url URL"
 * and "serial N" (the serial of the DB it was written for). _read fills url (NUL-terminated)
 * and *serial; returns 0, COMPAT_ENOENT (no record), COMPAT_EFORMAT (not such a record, or
 * the URL does not fit). _write replaces it with write_atomic(): 0 or a negative errno /
 * VDF_EDIRSYNC. Edge: file I/O.
 */
int compat_db_source_read(const char *db_path, char *url, size_t size, uint64_t *serial);
int compat_db_source_write(const char *db_path, const char *url, uint64_t serial);

/* ---- updating (edge: network + files; compat/update.c) --------------------------------- */

struct compat_update_opts {
	const char *url;	 /* DB URL; its Ed25519 signature is at <url>.sig (64 raw bytes) */
	const char *dest;	 /* where to install: $XDG_DATA_HOME/mvgal/compat-update.db      */
	uint64_t current_serial; /* serial of the DB in use (newer of shipped and updated), 0 none */
	int64_t now;		 /* the clock, Unix seconds (0 = time(NULL)): serial date limit  */
	long connect_timeout_ms; /* 0 = 10000                                                    */
	long total_timeout_ms;	 /* 0 = 60000                                                    */
	long low_speed_bps;	 /* abort below this for low_speed_s (0 = 1 byte/s)              */
	long low_speed_s;	 /* 0 = 20                                                       */
	int is_progress;	 /* draw a progress bar on stderr (the caller checks isatty)     */
	int allow_insecure_http; /* permit http:// to hosts other than 127.0.0.1 / localhost     */
};

struct compat_update_result {
	int is_not_modified; /* nothing to install: a 304 to our If-Modified-Since, or
				 the download's serial equals current_serial        */
	size_t bytes;	     /* size of the installed DB                            */
	uint64_t serial;     /* its serial                                          */
	int is_installed;    /* dest holds the new DB; set also when only the sync of
				 its directory failed (an error, but nothing was kept)  */
	char msg[512];	     /* one line: why it failed, or what was done           */
};

/*
 * Checks opts->url with libcurl's URL parser (https, or http to loopback; no user-info),
 * downloads it and <url>.sig, following up to 5 redirects that pass the same check (https only
 * unless allow_insecure_http). If-Modified-Since: dest's mtime, only when <dest>.source says
 * dest came from this URL, never a time after now, and only to the URL's own scheme, host and
 * port (a redirect elsewhere gets none); a 304 counts only as the answer to it. Any 200 body
 * is judged by its serial, whatever the server's dates. Verifies the Ed25519 signature with the
 * project's public key, checks status, length, header, compat_db_validate() and the serial
 * (newer than current_serial, dated at most a day past now), records the URL in <dest>.source,
 * then write_atomic()s dest and gives it the server's Last-Modified unless that is after now.
 * On any
 * failure dest is untouched (except when only the directory sync after the rename failed:
 * res->is_installed) and res->msg says why in one line. Returns 0 or a negative compat_error.
 */
int compat_update(const struct compat_update_opts *opts, struct compat_update_result *res);

/* True in the test build only (MVGAL_DB_TEST_KEYS: `db update` takes its key from
 * MVGAL_DB_TEST_PUBKEY): such a program must never become Steam's tool (issue 23). */
bool compat_update_has_test_key(void);

#endif
