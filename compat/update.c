// SPDX-License-Identifier: MIT
// `db update`: the edge of compat/ that talks to the network. Download the DB and its detached
// Ed25519 signature with libcurl, verify the signature with the project's public key (below),
// parse the DB whole, check its serial, then write_atomic() it into place. Nothing touches the
// installed DB until every check has passed. The signature, not HTTPS, is what makes a DB
// trusted: a compromised or impersonated server cannot sign.
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

/* The few libcurl and libcrypto functions db update calls, resolved at run time. */
struct net {
	void *curl_lib, *crypto_lib;
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLU *(*url_new)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
	void (*curl_free)(void *);
	EVP_PKEY *(*pkey_new_raw_public)(int, ENGINE *, const unsigned char *, size_t);
	void (*pkey_free)(EVP_PKEY *);
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *);
	int (*verify_init)(EVP_MD_CTX *, EVP_PKEY_CTX **, const EVP_MD *, ENGINE *, EVP_PKEY *);
	int (*verify)(EVP_MD_CTX *, const unsigned char *, size_t, const unsigned char *, size_t);
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
		{ 0, "curl_easy_init", offsetof(struct net, easy_init) },
		{ 0, "curl_easy_setopt", offsetof(struct net, easy_setopt) },
		{ 0, "curl_easy_perform", offsetof(struct net, easy_perform) },
		{ 0, "curl_easy_getinfo", offsetof(struct net, easy_getinfo) },
		{ 0, "curl_easy_cleanup", offsetof(struct net, easy_cleanup) },
		{ 0, "curl_easy_strerror", offsetof(struct net, easy_strerror) },
		{ 0, "curl_url", offsetof(struct net, url_new) },
		{ 0, "curl_url_cleanup", offsetof(struct net, url_cleanup) },
		{ 0, "curl_url_set", offsetof(struct net, url_set) },
		{ 0, "curl_url_get", offsetof(struct net, url_get) },
		{ 0, "curl_free", offsetof(struct net, curl_free) },
		{ 1, "EVP_PKEY_new_raw_public_key", offsetof(struct net, pkey_new_raw_public) },
		{ 1, "EVP_PKEY_free", offsetof(struct net, pkey_free) },
		{ 1, "EVP_MD_CTX_new", offsetof(struct net, md_ctx_new) },
		{ 1, "EVP_MD_CTX_free", offsetof(struct net, md_ctx_free) },
		{ 1, "EVP_DigestVerifyInit", offsetof(struct net, verify_init) },
		{ 1, "EVP_DigestVerify", offsetof(struct net, verify) },
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
			snprintf(msg, size, "%s has no %s",
				 syms[i].is_crypto ? MVGAL_LIBCRYPTO : MVGAL_LIBCURL, syms[i].name);
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
		char *nd = array_grow(b->data, &b->cap, b->len + add + 1, 1, 64 * 1024);
		if (!nd)
			return 0;
		b->data = nd;
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

/* One part of a parsed URL, or NULL when it is absent. Free with n->curl_free(). */
static char *url_part(const struct net *n, CURLU *u, CURLUPart part)
{
	char *v = NULL;
	return n->url_get(u, part, &v, 0) == CURLUE_OK ? v : NULL;
}

/*
 * https:// always; http:// only to this machine unless allowed: a DB steers what games run.
 * The URL is judged by libcurl's own parser (the one that will fetch it), not by string
 * prefixes: "http://127.0.0.1:x@127.0.0.2/" names the host 127.0.0.2. A user name or password
 * in the URL is refused outright, and so is a #fragment (the signature is at <URL>.sig, which a
 * fragment would swallow). On success *out is the URL as libcurl writes it back (malloc'd).
 */
static int check_url(const struct net *n, const char *url, int allow_http, int is_redirect,
		     char **out, char *msg, size_t size)
{
	static const char *const local[] = { "127.0.0.1", "localhost", "[::1]" };
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL, *opts = NULL, *frag = NULL,
	     *norm = NULL;
	int rc = COMPAT_EURL;
	CURLU *u = n->url_new();
	*out = NULL;
	if (!u) {
		snprintf(msg, size, "out of memory");
		return COMPAT_ENOMEM;
	}
	if (n->url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		snprintf(msg, size, "refusing %s: not a URL libcurl can read", url);
		goto out;
	}
	scheme = url_part(n, u, CURLUPART_SCHEME);
	host = url_part(n, u, CURLUPART_HOST);
	user = url_part(n, u, CURLUPART_USER);
	pass = url_part(n, u, CURLUPART_PASSWORD);
	opts = url_part(n, u, CURLUPART_OPTIONS);
	frag = url_part(n, u, CURLUPART_FRAGMENT);
	norm = url_part(n, u, CURLUPART_URL);
	if (!scheme || !host || !norm) {
		snprintf(msg, size, "refusing %s: no scheme or host", url);
	} else if (user || pass || opts) {
		snprintf(msg, size,
			 "refusing %s: a user name or password in the URL is not allowed", url);
	} else if (frag) {
		snprintf(msg, size,
			 "refusing %s: the URL has a #fragment (the signature is "
			 "fetched from <URL>.sig)",
			 url);
	} else if (strcmp(scheme, "https") && strcmp(scheme, "http")) {
		snprintf(msg, size, "refusing %s: use https://", url);
	} else {
		/* A redirect goes to https only (or anywhere with --insecure-http), as libcurl's
		 * CURLOPT_REDIR_PROTOCOLS made it before redirects were followed here. */
		int is_ok = !strcmp(scheme, "https") || allow_http;
		for (size_t i = 0; i < sizeof(local) / sizeof(local[0]) && !is_ok && !is_redirect; i++)
			is_ok = !strcasecmp(host, local[i]);
		if (is_ok) {
			*out = strdup(norm);
			rc = *out ? 0 : COMPAT_ENOMEM;
		} else {
			snprintf(msg, size,
				 "refusing %s%s: use https:// (plain http:// only to "
				 "127.0.0.1, localhost or [::1], or with --insecure-http)",
				 is_redirect ? "a redirect to " : "", url);
		}
	}
out:
	/* curl_free(NULL) does nothing */
	n->curl_free(norm);
	n->curl_free(frag);
	n->curl_free(opts);
	n->curl_free(pass);
	n->curl_free(user);
	n->curl_free(host);
	n->curl_free(scheme);
	n->url_cleanup(u);
	return rc;
}

struct fetch {
	long status;
	long filetime;
	int has_sent_ims; /* the last request carried If-Modified-Since */
	CURLcode code;
	char err[CURL_ERROR_SIZE];
};

/* "scheme://host:port" of url (host lower-cased, default port filled in), malloc'd, or NULL. */
static char *url_origin(const struct net *n, const char *url)
{
	CURLU *u = n->url_new();
	char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;
	if (u && n->url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    n->url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    n->url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    n->url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
	    asprintf(&out, "%s://%s:%s", scheme, host, port) < 0)
		out = NULL;
	for (char *p = out; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	n->curl_free(port);
	n->curl_free(host);
	n->curl_free(scheme);
	if (u)
		n->url_cleanup(u);
	return out;
}

/* An IMF-fixdate (RFC 9110 5.6.7) in English whatever the locale. */
static void http_date(time_t t, char *out, size_t size)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
		 months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * One request, no redirect followed. ims > 0 sends If-Modified-Since as a plain header, not
 * libcurl's time condition: that one drops a 200 body older than the date when the server
 * ignores the header, so a wrong date would hide every later DB (issue 23). *location: the
 * redirect target of a 3xx answer (malloc'd) or NULL.
 */
static int fetch_one(const struct net *n, const struct compat_update_opts *o, const char *url,
		     time_t ims, struct buf *b, struct fetch *f, int is_progress, char **location)
{
	struct progress bar = { 0 };
	struct curl_slist header = { 0 };
	char line[80], *redirect = NULL;
	CURL *c = n->easy_init();
	*location = NULL;
	if (!c)
		return COMPAT_ENOMEM;
	f->err[0] = '\0';
	n->easy_setopt(c, CURLOPT_URL, url);
	n->easy_setopt(c, CURLOPT_ERRORBUFFER, f->err);
	n->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http"); /* scheme checked above */
	n->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);		/* fetch() follows them */
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
		char date[40];
		http_date(ims, date, sizeof(date));
		snprintf(line, sizeof(line), "If-Modified-Since: %s", date);
		header.data = line; /* one node, owned here: no curl_slist_append to resolve */
		n->easy_setopt(c, CURLOPT_HTTPHEADER, &header);
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
	f->has_sent_ims = ims > 0;
	n->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
	n->easy_getinfo(c, CURLINFO_FILETIME, &f->filetime);
	if (f->code == CURLE_OK && f->status >= 300 && f->status < 400 && f->status != 304 &&
	    n->easy_getinfo(c, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect)
		*location = strdup(redirect);
	n->easy_cleanup(c);
	return 0;
}

/*
 * GET url, following up to 5 redirects, each checked as the URL itself is (check_url()).
 * If-Modified-Since (ims > 0) goes only to url's own origin (scheme, host and port): a redirect
 * to another host gets no condition, since a date means something only to the server the
 * installed DB came from. 0, or a negative compat_error with msg (a redirect refused).
 */
static int fetch(const struct net *n, const struct compat_update_opts *o, const char *url,
		 time_t ims, struct buf *b, struct fetch *f, int is_progress, char *msg, size_t size)
{
	char *origin = ims > 0 ? url_origin(n, url) : NULL, *cur = strdup(url), *next = NULL;
	int rc = cur ? 0 : COMPAT_ENOMEM;
	for (int hops = 0; !rc; hops++) {
		char *here = origin ? url_origin(n, cur) : NULL;
		int is_same = origin && here && !strcmp(origin, here);
		free(here);
		free(b->data);
		*b = (struct buf){ .max = b->max }; /* a redirect's body is not the DB */
		rc = fetch_one(n, o, cur, is_same ? ims : 0, b, f, is_progress, &next);
		if (rc || !next)
			break;
		if (hops == 5) {
			f->code = CURLE_TOO_MANY_REDIRECTS;
			break;
		}
		free(cur);
		cur = NULL;
		rc = check_url(n, next, o->allow_insecure_http, 1, &cur, msg, size);
		free(next);
		next = NULL;
	}
	free(next);
	free(cur);
	free(origin);
	return rc;
}

/* Maps a finished transfer to an error with one line in msg. */
static int judge(const struct net *n, const struct fetch *f, const struct buf *b, const char *what,
		 const char *url, char *msg, size_t size)
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
static int verify_sig(const struct net *n, const struct buf *sig, const struct buf *data)
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
static int validate(const struct buf *b, const char *url, char *msg, size_t size, uint64_t *serial)
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
		     const struct buf *db, char *msg, size_t size)
{
	struct buf sig = { .max = 4096 };
	struct fetch f;
	char *sig_url = NULL;
	int rc = COMPAT_ENOMEM;
	if (asprintf(&sig_url, "%s.sig", url) < 0) {
		sig_url = NULL;
		goto out;
	}
	if ((rc = fetch(n, o, sig_url, 0, &sig, &f, 0, msg, size)))
		goto out;
	if (f.code == CURLE_OK && f.status == 404) {
		snprintf(msg, size, "the DB is not signed: %s answered HTTP 404", sig_url);
		rc = COMPAT_ESIG;
		goto out;
	}
	if ((rc = judge(n, &f, &sig, "signature", sig_url, msg, size)))
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
static int install(const struct compat_update_opts *o, const char *url, const struct buf *db,
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
	struct buf db = { .max = COMPAT_DB_MAX };
	struct fetch f;
	struct net n;
	char *url = NULL;
	memset(res, 0, sizeof(*res));
	int rc = net_open(&n, res->msg, sizeof(res->msg));
	if (rc)
		return rc;
	if ((rc = check_url(&n, o->url, o->allow_insecure_http, 0, &url, res->msg, sizeof(res->msg))))
		goto out;
	uint64_t installed = 0;
	time_t ims = source_ims(o->dest, url, o->now ? (time_t)o->now : time(NULL), &installed);
	if ((rc = fetch(&n, o, url, ims, &db, &f, o->is_progress, res->msg, sizeof(res->msg))) ||
	    (rc = judge(&n, &f, &db, "DB", url, res->msg, sizeof(res->msg))))
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
