// SPDX-License-Identifier: MIT
// `db update`: the edge of compat/ that talks to the network. Download the DB and its published
// sha256 with libcurl, verify both, parse the DB whole, then write_atomic() it into place.
// Nothing touches the installed DB until every check has passed.
//
// libcurl and OpenSSL's libcrypto are dlopen()ed here, by `db update` only. Linked into
// mvgal-launch they made every game start pay for mapping and relocating libcurl's ~30
// dependencies (about 10 ms per start on a 2-core machine, tests/bench/bench_launch.sh).
#include <ctype.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compat/compat.h"
#include "vdf/vdf.h"

#ifndef MVGAL_VERSION /* the fuzz build does not pass it */
#define MVGAL_VERSION "0"
#endif
/* The sonames of Debian 12's libcurl4 (libcurl4-openssl-dev) and libssl3 (libssl-dev). */
#ifndef MVGAL_LIBCURL
#define MVGAL_LIBCURL "libcurl.so.4"
#endif
#ifndef MVGAL_LIBCRYPTO
#define MVGAL_LIBCRYPTO "libcrypto.so.3"
#endif

/* The few libcurl and libcrypto functions db update calls, resolved at run time. */
struct net {
	void *curl_lib, *crypto_lib;
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	const EVP_MD *(*evp_sha256)(void);
	int (*evp_digest)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *,
			  ENGINE *);
};

static void net_close(struct net *n)
{
	if (n->curl_lib)
		dlclose(n->curl_lib);
	if (n->crypto_lib)
		dlclose(n->crypto_lib);
}

/* Loads both libraries; on failure msg names the library and its Debian package. */
static int net_open(struct net *n, char *msg, size_t size)
{
	static const struct {
		int is_crypto;
		const char *name;
		size_t offset;
	} syms[] = {
		{0, "curl_easy_init", offsetof(struct net, easy_init)},
		{0, "curl_easy_setopt", offsetof(struct net, easy_setopt)},
		{0, "curl_easy_perform", offsetof(struct net, easy_perform)},
		{0, "curl_easy_getinfo", offsetof(struct net, easy_getinfo)},
		{0, "curl_easy_cleanup", offsetof(struct net, easy_cleanup)},
		{0, "curl_easy_strerror", offsetof(struct net, easy_strerror)},
		{1, "EVP_sha256", offsetof(struct net, evp_sha256)},
		{1, "EVP_Digest", offsetof(struct net, evp_digest)},
	};
	memset(n, 0, sizeof(*n));
	n->curl_lib = dlopen(MVGAL_LIBCURL, RTLD_NOW | RTLD_LOCAL);
	n->crypto_lib = n->curl_lib ? dlopen(MVGAL_LIBCRYPTO, RTLD_NOW | RTLD_LOCAL) : NULL;
	if (!n->curl_lib || !n->crypto_lib) {
		snprintf(msg, size, "cannot load %s (install the Debian package %s): %s",
			 n->curl_lib ? MVGAL_LIBCRYPTO : MVGAL_LIBCURL,
			 n->curl_lib ? "libssl3" : "libcurl4", dlerror());
		net_close(n);
		return COMPAT_EIO;
	}
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		void *f = dlsym(syms[i].is_crypto ? n->crypto_lib : n->curl_lib, syms[i].name);
		if (!f) {
			snprintf(msg, size, "%s has no %s", syms[i].is_crypto ? MVGAL_LIBCRYPTO :
				 MVGAL_LIBCURL, syms[i].name);
			net_close(n);
			return COMPAT_EIO;
		}
		/* POSIX: a dlsym() result converts to a function pointer of the right type */
		memcpy((char *)n + syms[i].offset, &f, sizeof(f));
	}
	return 0;
}

struct buf {
	char *data;
	size_t len, cap, max;
	int is_too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *user)
{
	struct buf *b = user;
	size_t add = size * n;
	if (b->len + add > b->max) {
		b->is_too_big = 1;
		return 0;
	}
	if (b->len + add + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64 * 1024;
		while (ncap < b->len + add + 1)
			ncap *= 2;
		char *nd = realloc(b->data, ncap);
		if (!nd)
			return 0;
		b->data = nd;
		b->cap = ncap;
	}
	memcpy(b->data + b->len, p, add);
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

/* What the progress bar last showed: libcurl calls back many times a second, often with
 * nothing new, and a 304 answer has no body at all. */
struct progress {
	long long kib, total_kib;
	int is_drawn;
};

/* A progress bar on stderr, redrawn in place when it changes; the caller only asks for it on a
 * TTY. Nothing is drawn before the first byte arrives. */
static int on_progress(void *user, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un)
{
	struct progress *p = user;
	(void)ut;
	(void)un;
	long long kib = (long long)now / 1024, total_kib = (long long)total / 1024;
	if (now <= 0 || (p->is_drawn && kib == p->kib && total_kib == p->total_kib))
		return 0;
	p->kib = kib;
	p->total_kib = total_kib;
	p->is_drawn = 1;
	if (total <= 0) {
		fprintf(stderr, "\rdownloading %lld KiB", kib);
	} else {
		int pct = (int)(now * 100 / total), bars = pct * 30 / 100;
		fprintf(stderr, "\r[%-30.*s] %3d%% %lld/%lld KiB", bars,
			"##############################", pct, kib, total_kib);
	}
	return 0;
}

/* https:// always; http:// only to this machine unless allowed: a DB steers what games run. */
static int check_url(const char *url, int allow_http)
{
	if (!strncasecmp(url, "https://", 8))
		return 0;
	if (strncasecmp(url, "http://", 7))
		return COMPAT_EURL;
	if (allow_http)
		return 0;
	const char *host = url + 7;
	static const char *const local[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(local[i]);
		if (!strncasecmp(host, local[i], n) && strchr(":/", host[n] ? host[n] : '/'))
			return 0;
	}
	return COMPAT_EURL;
}

struct fetch {
	long status;
	long filetime;
	long is_unmet; /* libcurl skipped a 200 body older than If-Modified-Since */
	CURLcode code;
	char err[CURL_ERROR_SIZE];
};

static int fetch(const struct net *n, const struct compat_update_opts *o, const char *url,
		 time_t ims, struct buf *b, struct fetch *f, int is_progress)
{
	struct progress bar = {0};
	CURL *c = n->easy_init();
	if (!c)
		return COMPAT_ENOMEM;
	f->err[0] = '\0';
	n->easy_setopt(c, CURLOPT_URL, url);
	n->easy_setopt(c, CURLOPT_ERRORBUFFER, f->err);
	n->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http"); /* scheme checked above */
	n->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, o->allow_insecure_http ? "https,http" : "https");
	n->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	n->easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	n->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	n->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 o->connect_timeout_ms ? o->connect_timeout_ms : 10000L);
	n->easy_setopt(c, CURLOPT_TIMEOUT_MS, o->total_timeout_ms ? o->total_timeout_ms : 60000L);
	n->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bps ? o->low_speed_bps : 1L);
	n->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->low_speed_s ? o->low_speed_s : 20L);
	n->easy_setopt(c, CURLOPT_USERAGENT, "mvgal-launch/" MVGAL_VERSION);
	n->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	n->easy_setopt(c, CURLOPT_WRITEDATA, b);
	n->easy_setopt(c, CURLOPT_FILETIME, 1L);
	if (ims > 0) {
		n->easy_setopt(c, CURLOPT_TIMECONDITION, (long)CURL_TIMECOND_IFMODSINCE);
		n->easy_setopt(c, CURLOPT_TIMEVALUE, (long)ims);
	}
	if (is_progress) {
		n->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		n->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		n->easy_setopt(c, CURLOPT_XFERINFODATA, &bar);
	}
	f->code = n->easy_perform(c);
	if (bar.is_drawn)
		fputc('\n', stderr);
	f->status = 0;
	f->filetime = -1;
	n->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
	n->easy_getinfo(c, CURLINFO_FILETIME, &f->filetime);
	f->is_unmet = 0;
	n->easy_getinfo(c, CURLINFO_CONDITION_UNMET, &f->is_unmet);
	n->easy_cleanup(c);
	return 0;
}

/* Maps a finished transfer to an error with one line in msg. */
static int judge(const struct net *n, const struct fetch *f, const struct buf *b,
		 const char *what, const char *url, char *msg, size_t size)
{
	if (b->is_too_big) {
		snprintf(msg, size, "%s is larger than %u bytes", what, COMPAT_DB_MAX);
		return COMPAT_ETOOBIG;
	}
	if (f->code == CURLE_PARTIAL_FILE) {
		snprintf(msg, size, "%s download was truncated (%zu bytes received): %s", what,
			 b->len, f->err[0] ? f->err : n->easy_strerror(f->code));
		return COMPAT_ETRUNC;
	}
	if (f->code == CURLE_OUT_OF_MEMORY || f->code == CURLE_WRITE_ERROR) {
		snprintf(msg, size, "out of memory while downloading the %s", what);
		return COMPAT_ENOMEM;
	}
	if (f->code != CURLE_OK) {
		snprintf(msg, size, "cannot download the %s from %s: %s", what, url,
			 f->err[0] ? f->err : n->easy_strerror(f->code));
		return COMPAT_ENET;
	}
	if (f->status != 200 && f->status != 304) {
		snprintf(msg, size, "the server answered HTTP %ld for the %s at %s", f->status,
			 what, url);
		return COMPAT_EHTTP;
	}
	return 0;
}

/* The published digest: the first word of <url>.sha256, 64 hex digits. */
static int parse_digest(const struct buf *b, unsigned char out[32])
{
	const char *p = b->data ? b->data : "";
	while (isspace((unsigned char)*p))
		p++;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (!isxdigit((unsigned char)p[2 * i]) || !isxdigit((unsigned char)p[2 * i + 1]) ||
		    sscanf(p + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return (p[64] == '\0' || isspace((unsigned char)p[64])) ? 0 : -1;
}

static int sha256(const struct net *n, const void *data, size_t len, unsigned char out[32])
{
	unsigned int got = 0;
	return n->evp_digest(data, len, out, &got, n->evp_sha256(), NULL) == 1 && got == 32 ? 0
											      : -1;
}

static void hex(const unsigned char *d, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int mkdirs_for(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return (mkdir(dir, 0755) && errno != EEXIST) ? -errno : 0;
}

/* Parses the download whole: header, order, schema, env rules (the same check as the tests). */
static int validate(const struct buf *b, const char *url, char *msg, size_t size,
		    uint64_t *serial)
{
	struct compat_db *db = NULL;
	struct profile_diags d = {0};
	int rc = compat_db_open_buffer(b->data ? b->data : "", b->len, url, &db);
	if (rc) {
		snprintf(msg, size, "the downloaded DB is not a compat DB: %s", compat_strerror(rc));
		goto out;
	}
	rc = compat_db_validate(db, &d);
	if (rc && d.n) {
		char line[600];
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

int compat_update(const struct compat_update_opts *o, struct compat_update_result *res)
{
	struct buf db = {.max = COMPAT_DB_MAX}, dig = {.max = 4096};
	struct fetch f;
	char *sha_url = NULL;
	memset(res, 0, sizeof(*res));
	int rc = check_url(o->url, o->allow_insecure_http);
	if (rc) {
		snprintf(res->msg, sizeof(res->msg), "refusing %s: use https:// (plain http:// "
			 "only to 127.0.0.1/localhost or with --insecure-http)", o->url);
		return rc;
	}
	struct net n;
	if ((rc = net_open(&n, res->msg, sizeof(res->msg))))
		return rc;
	struct stat sb;
	time_t ims = stat(o->dest, &sb) == 0 ? sb.st_mtime : 0;
	if ((rc = fetch(&n, o, o->url, ims, &db, &f, o->is_progress)) ||
	    (rc = judge(&n, &f, &db, "DB", o->url, res->msg, sizeof(res->msg))))
		goto out;
	if (f.status == 304 || f.is_unmet) {
		res->is_not_modified = 1;
		snprintf(res->msg, sizeof(res->msg), "%s is up to date (304 Not Modified)", o->dest);
		goto out;
	}
	rc = COMPAT_ENOMEM;
	if (asprintf(&sha_url, "%s.sha256", o->url) < 0) {
		sha_url = NULL;
		goto out;
	}
	struct fetch fd;
	if ((rc = fetch(&n, o, sha_url, 0, &dig, &fd, 0)) ||
	    (rc = judge(&n, &fd, &dig, "sha256 digest", sha_url, res->msg, sizeof(res->msg))))
		goto out;
	unsigned char want[32], got[32];
	char want_hex[65], got_hex[65];
	rc = COMPAT_EHASH;
	if (parse_digest(&dig, want)) {
		snprintf(res->msg, sizeof(res->msg), "%s does not start with a sha256 digest",
			 sha_url);
		goto out;
	}
	if (sha256(&n, db.data ? db.data : "", db.len, got)) {
		snprintf(res->msg, sizeof(res->msg), "cannot compute sha256 (OpenSSL EVP)");
		goto out;
	}
	if (memcmp(want, got, 32)) {
		hex(want, want_hex);
		hex(got, got_hex);
		snprintf(res->msg, sizeof(res->msg), "sha256 mismatch: published %.12s…, "
			 "downloaded %.12s… (%zu bytes)", want_hex, got_hex, db.len);
		goto out;
	}
	if ((rc = validate(&db, o->url, res->msg, sizeof(res->msg), &res->serial)))
		goto out;
	int e = mkdirs_for(o->dest);
	if (!e)
		e = write_atomic(o->dest, db.data ? db.data : "", db.len);
	if (e) {
		rc = COMPAT_EWRITE;
		res->is_installed = e == VDF_EDIRSYNC;
		snprintf(res->msg, sizeof(res->msg), "%s %s: %s",
			 res->is_installed ? "wrote" : "cannot write", o->dest, vdf_strerror(e));
		goto out;
	}
	if (f.filetime > 0) {
		/* keep the server's Last-Modified so the next If-Modified-Since means it */
		struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = f.filetime}};
		if (utimensat(AT_FDCWD, o->dest, ts, 0))
			res->msg[0] = '\0'; /* not fatal: the next update downloads again */
	}
	res->bytes = db.len;
	snprintf(res->msg, sizeof(res->msg), "installed %s (serial %llu, %zu bytes, sha256 ok)",
		 o->dest, (unsigned long long)res->serial, db.len);
	rc = 0;
out:
	net_close(&n);
	free(db.data);
	free(dig.data);
	free(sha_url);
	return rc;
}
