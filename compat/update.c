// SPDX-License-Identifier: MIT
// `db update`: the edge of compat/ that talks to the network. Download the DB and its detached
// Ed25519 signature (net.c: libcurl, dlopen()ed), verify the signature with the project's public key (below),
// parse the DB whole, check its serial, then write_atomic() it into place. Nothing touches the
// installed DB until every check has passed. The signature, not HTTPS, is what makes a DB
// trusted: a compromised or impersonated server cannot sign.
#include <ctype.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/array.h"
#include "common/fs.h"
#include "compat/compat.h"
#include "compat/net.h"

/*
 * The project's Ed25519 public key: the raw 32 bytes of compat/data/db-signing-key.pem (the
 * test suite checks that they match). The private key never enters the repository; a
 * maintainer signs with scripts/sign-db.sh.
 */
static const unsigned char db_public_key[32] = {
	0xea, 0xcc, 0x5f, 0x6e, 0x8c, 0x3a, 0xa7, 0x72, 0xce, 0x43, 0x35,
	0x45, 0x8d, 0x99, 0x96, 0x96, 0x06, 0x8c, 0x1e, 0x48, 0x56, 0x69,
	0x96, 0x3c, 0xd8, 0xb4, 0x96, 0x90, 0x92, 0x76, 0x54, 0xce,
};
#define DB_SIG_LEN 64 /* an Ed25519 signature: `openssl pkeyutl -sign -rawin` writes these bytes */

#ifdef MVGAL_DB_TEST_KEYS
/*
 * Test build only ($(O)/mvgal-launch-test, never installed): MVGAL_DB_TEST_PUBKEY, 64 hex digits,
 * replaces the project's key so that tests can sign with a throw-away key pair made at test
 * time. The shipped program is compiled without MVGAL_DB_TEST_KEYS and has no such hook at all
 * (test_db_update.sh checks that the variable's name is not in it): an environment variable
 * honoured there would let anything that can set a user's environment (launch options, a
 * .desktop file, a shell rc) make `db update` install a DB of its own. A committed test
 * private key would be worse: anyone could sign with it.
 */
static const unsigned char *public_key(unsigned char buf[32])
{
	const char *hex = getenv("MVGAL_DB_TEST_PUBKEY");
	if (!hex || strlen(hex) != 64)
		return db_public_key;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (!isxdigit((unsigned char)hex[2 * i]) ||
		    !isxdigit((unsigned char)hex[2 * i + 1]) || sscanf(hex + 2 * i, "%2x", &v) != 1)
			return db_public_key;
		buf[i] = (unsigned char)v;
	}
	return buf;
}
#else
static const unsigned char *public_key(unsigned char buf[32])
{
	(void)buf;
	return db_public_key;
}
#endif

bool compat_update_has_test_key(void)
{
#ifdef MVGAL_DB_TEST_KEYS
	return true;
#else
	return false;
#endif
}

/* 0 when sig is the project key's Ed25519 signature of data; 1 when it is not; -1 on error. */
static int verify_sig(const struct net *n, const struct net_buf *sig, const struct net_buf *data)
{
	unsigned char kbuf[32];
	EVP_PKEY *key = n->pkey_new_raw_public(EVP_PKEY_ED25519, NULL, public_key(kbuf), 32);
	EVP_MD_CTX *ctx = key ? n->md_ctx_new() : NULL;
	int rc = -1;
	/* Ed25519 signs the message itself: no digest is named (RFC 8032, OpenSSL EVP_DigestVerify) */
	if (ctx && n->verify_init(ctx, NULL, NULL, NULL, key) == 1)
		rc = n->verify(ctx, (const unsigned char *)sig->data, sig->len,
			       (const unsigned char *)(data->data ? data->data : ""), data->len) == 1
			     ? 0
			     : 1;
	if (ctx)
		n->md_ctx_free(ctx);
	if (key)
		n->pkey_free(key);
	return rc;
}

static int mkdirs_for(const char *path)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	return fs_mkdirs(dir);
}

/* Parses the download whole: header (serial included), order, schema, env rules. */
static int validate(const struct net_buf *b, const char *url, char *msg, size_t size, uint64_t *serial)
{
	struct compat_db *db = NULL;
	struct profile_diags d = { 0 };
	struct profile_diag hd;
	char line[600];
	const char *text = b->data ? b->data : "";
	int rc = compat_db_check_header(text, b->len, url, &hd);
	if (rc) {
		snprintf(msg, size, "the downloaded DB has a bad header: %s",
			 profile_diag_text(&hd, line, sizeof(line)));
		goto out;
	}
	rc = compat_db_open_buffer(text, b->len, url, &db);
	if (rc) {
		snprintf(msg, size, "the downloaded DB is not a compat DB: %s", compat_strerror(rc));
		goto out;
	}
	rc = compat_db_validate(db, &d);
	if (rc && d.n) {
		snprintf(msg, size, "the downloaded DB has %zu error%s, first: %s", d.n,
			 d.n == 1 ? "" : "s", profile_diag_text(&d.v[0], line, sizeof(line)));
	} else if (rc) {
		snprintf(msg, size, "the downloaded DB is invalid: %s", compat_strerror(rc));
	}
	*serial = compat_db_serial(db);
out:
	profile_diags_release(&d);
	compat_db_close(db);
	return rc;
}

/* Midnight UTC of a serial's date (YYYYMMDDNN, already validated). */
static time_t serial_day(uint64_t serial)
{
	struct tm tm = { .tm_year = (int)(serial / 1000000) - 1900,
			 .tm_mon = (int)(serial / 10000 % 100) - 1,
			 .tm_mday = (int)(serial / 100 % 100) };
	return timegm(&tm);
}

/*
 * The serial rules (README "The compatibility database"): a download must be newer than the DB
 * in use (no rollback: an old, validly signed DB replayed by a server is refused), and its date
 * may be at most one day past the clock (time zones), so a DB dated in the future cannot sit
 * above every later shipped DB and every later update. Equal means there is nothing to do.
 */
static int check_serial(const struct compat_update_opts *o, uint64_t serial,
			struct compat_update_result *res)
{
	time_t now = o->now ? o->now : time(NULL);
	if (serial == o->current_serial) {
		res->is_not_modified = 1;
		snprintf(res->msg, sizeof(res->msg), "the DB in use is up to date (serial %llu)",
			 (unsigned long long)serial);
		return 0;
	}
	if (serial < o->current_serial) {
		snprintf(res->msg, sizeof(res->msg),
			 "refusing serial %llu: older than the DB in "
			 "use (serial %llu); a DB is never rolled back",
			 (unsigned long long)serial, (unsigned long long)o->current_serial);
		return COMPAT_ESERIAL;
	}
	if (serial_day(serial) > now + 24 * 3600) {
		snprintf(res->msg, sizeof(res->msg),
			 "refusing serial %llu: dated after tomorrow "
			 "by this machine's clock",
			 (unsigned long long)serial);
		return COMPAT_ESERIAL;
	}
	return 0;
}

/* If-Modified-Since for url: dest's mtime when dest came from url (its .source record says so
 * and names dest's serial, returned in *serial), else 0. Another URL gets no condition: a 304
 * from it would say nothing about the file we hold. A time after now is never sent (issue 23:
 * a Last-Modified in 2100 once stored would make every later answer a 304). */
static time_t source_ims(const char *dest, const char *url, time_t now, uint64_t *serial)
{
	char from[4096];
	uint64_t recorded;
	struct stat sb;
	struct compat_db *db = NULL;
	time_t ims = 0;
	*serial = 0;
	if (compat_db_source_read(dest, from, sizeof(from), &recorded) || strcmp(from, url) ||
	    compat_db_open(dest, &db))
		return 0;
	if (recorded == compat_db_serial(db) && stat(dest, &sb) == 0 && sb.st_mtime > 0 &&
	    sb.st_mtime <= now) {
		ims = sb.st_mtime;
		*serial = recorded;
	}
	compat_db_close(db);
	return ims;
}

static int fetch_sig(const struct net *n, const struct compat_update_opts *o, const char *url,
		     const struct net_buf *db, char *msg, size_t size)
{
	struct net_buf sig = { .max = 4096 };
	struct net_result f;
	char *sig_url = NULL;
	int rc = COMPAT_ENOMEM;
	if (asprintf(&sig_url, "%s.sig", url) < 0) {
		sig_url = NULL;
		goto out;
	}
	if ((rc = net_fetch(n, o, sig_url, 0, &sig, &f, 0, msg, size)))
		goto out;
	if (f.code == CURLE_OK && f.status == 404) {
		snprintf(msg, size, "the DB is not signed: %s answered HTTP 404", sig_url);
		rc = COMPAT_ESIG;
		goto out;
	}
	if ((rc = net_judge(n, &f, &sig, "signature", sig_url, msg, size)))
		goto out;
	rc = COMPAT_ESIG;
	if (sig.len != DB_SIG_LEN) {
		snprintf(msg, size, "%s is not an Ed25519 signature (%zu bytes, not %d)", sig_url,
			 sig.len, DB_SIG_LEN);
		goto out;
	}
	int v = verify_sig(n, &sig, db);
	if (v < 0)
		snprintf(msg, size, "cannot verify the signature (OpenSSL EVP, Ed25519)");
	else if (v > 0)
		snprintf(msg, size,
			 "bad signature: %s does not verify the downloaded DB with the "
			 "project's key",
			 sig_url);
	else
		rc = 0;
out:
	free(sig.data);
	free(sig_url);
	return rc;
}

/* Puts a verified download in place: its .source record, then the DB (write_atomic()), then the
 * server's Last-Modified as the DB's mtime. 0 or COMPAT_EWRITE, with res->msg saying why. */
static int install(const struct compat_update_opts *o, const char *url, const struct net_buf *db,
		   long filetime, struct compat_update_result *res)
{
	int e = mkdirs_for(o->dest);
	if (e) {
		snprintf(res->msg, sizeof(res->msg), "cannot write %s: %s", o->dest, fs_strerror(e));
		return COMPAT_EWRITE;
	}
	/* The record first, naming the new serial: a crash before the DB's rename leaves a record
	 * that does not match the DB in place, which costs only a full download next time. */
	e = compat_db_source_write(o->dest, url, res->serial);
	if (e) {
		snprintf(res->msg, sizeof(res->msg), "cannot write %s" COMPAT_SOURCE_SUFFIX ": %s",
			 o->dest, fs_strerror(e));
		return COMPAT_EWRITE;
	}
	e = write_atomic(o->dest, db->data ? db->data : "", db->len);
	if (e) {
		res->is_installed = e == FS_EDIRSYNC;
		snprintf(res->msg, sizeof(res->msg), "%s %s: %s",
			 res->is_installed ? "wrote" : "cannot write", o->dest, fs_strerror(e));
		return COMPAT_EWRITE;
	}
	time_t now = o->now ? (time_t)o->now : time(NULL);
	if (filetime > 0 && filetime <= now) {
		/* The server's Last-Modified, so that the next If-Modified-Since means it; one past
		 * this machine's clock is not kept (the write time stays). Not fatal when it
		 * fails: the next update downloads the DB again. */
		struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_sec = filetime } };
		(void)utimensat(AT_FDCWD, o->dest, ts, 0);
	}
	res->bytes = db->len;
	snprintf(res->msg, sizeof(res->msg), "installed %s (serial %llu, %zu bytes, signature ok)",
		 o->dest, (unsigned long long)res->serial, db->len);
	return 0;
}

int compat_update(const struct compat_update_opts *o, struct compat_update_result *res)
{
	struct net_buf db = { .max = COMPAT_DB_MAX };
	struct net_result f;
	struct net n;
	char *url = NULL;
	memset(res, 0, sizeof(*res));
	int rc = net_open(&n, res->msg, sizeof(res->msg));
	if (rc)
		return rc;
	if ((rc = net_check_url(&n, o->url, o->allow_insecure_http, 0, &url, res->msg,
				sizeof(res->msg))))
		goto out;
	uint64_t installed = 0;
	time_t ims = source_ims(o->dest, url, o->now ? (time_t)o->now : time(NULL), &installed);
	if ((rc = net_fetch(&n, o, url, ims, &db, &f, o->is_progress, res->msg, sizeof(res->msg))) ||
	    (rc = net_judge(&n, &f, &db, "DB", url, res->msg, sizeof(res->msg))))
		goto out;
	if (f.status == 304 && !f.has_sent_ims) {
		snprintf(res->msg, sizeof(res->msg),
			 "the server answered 304 Not Modified for %s, which was not asked "
			 "If-Modified-Since",
			 url);
		rc = COMPAT_EHTTP;
		goto out;
	}
	if (f.status == 304) {
		/* Nothing new for the DB this URL gave us before (source_ims() checked that the
		 * installed file is that DB); any 200 goes through the serial rules instead. */
		res->is_not_modified = 1;
		res->serial = installed;
		snprintf(res->msg, sizeof(res->msg),
			 "%s is up to date (304 Not Modified, serial %llu)", o->dest,
			 (unsigned long long)installed);
		goto out;
	}
	if ((rc = fetch_sig(&n, o, url, &db, res->msg, sizeof(res->msg))) ||
	    (rc = validate(&db, url, res->msg, sizeof(res->msg), &res->serial)) ||
	    (rc = check_serial(o, res->serial, res)) || res->is_not_modified)
		goto out;
	rc = install(o, url, &db, f.filetime, res);
out:
	net_close(&n);
	free(db.data);
	free(url);
	return rc;
}
