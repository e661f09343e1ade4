// SPDX-License-Identifier: MIT
// The network half of `db update` (see net.h): libcurl and OpenSSL's libcrypto are dlopen()ed
// here, by `db update` only. Linked into mvgal-launch they made every game start pay for
// mapping and relocating libcurl's ~30 dependencies (about 10 ms per start on a 2-core
// machine, tests/bench/bench_launch.sh).
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/array.h"
#include "compat/net.h"

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
void net_close(struct net *n)
{
	if (n->curl_lib)
		dlclose(n->curl_lib);
	if (n->crypto_lib)
		dlclose(n->crypto_lib);
}

/* Loads both libraries; on failure msg names the library and its Debian package. */
int net_open(struct net *n, char *msg, size_t size)
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

static size_t on_data(char *p, size_t size, size_t n, void *user)
{
	struct net_buf *b = user;
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
/* The parts of a URL that net_check_url() judges, each malloc'd by libcurl or NULL. */
struct url_parts {
	char *scheme, *host, *user, *pass, *opts, *frag, *norm;
};

static int url_verdict(const struct url_parts *p, const char *url, int allow_http, int is_redirect,
		       char **out, char *msg, size_t size)
{
	static const char *const local[] = { "127.0.0.1", "localhost", "[::1]" };
	if (!p->scheme || !p->host || !p->norm) {
		snprintf(msg, size, "refusing %s: no scheme or host", url);
	} else if (p->user || p->pass || p->opts) {
		snprintf(msg, size,
			 "refusing %s: a user name or password in the URL is not allowed", url);
	} else if (p->frag) {
		snprintf(msg, size,
			 "refusing %s: the URL has a #fragment (the signature is "
			 "fetched from <URL>.sig)",
			 url);
	} else if (strcmp(p->scheme, "https") && strcmp(p->scheme, "http")) {
		snprintf(msg, size, "refusing %s: use https://", url);
	} else {
		/* A redirect goes to https only (or anywhere with --insecure-http), as libcurl's
		 * CURLOPT_REDIR_PROTOCOLS made it before redirects were followed here. */
		int is_ok = !strcmp(p->scheme, "https") || allow_http;
		for (size_t i = 0; i < sizeof(local) / sizeof(local[0]) && !is_ok && !is_redirect; i++)
			is_ok = !strcasecmp(p->host, local[i]);
		if (is_ok) {
			*out = strdup(p->norm);
			return *out ? 0 : COMPAT_ENOMEM;
		}
		snprintf(msg, size,
			 "refusing %s%s: use https:// (plain http:// only to "
			 "127.0.0.1, localhost or [::1], or with --insecure-http)",
			 is_redirect ? "a redirect to " : "", url);
	}
	return COMPAT_EURL;
}

int net_check_url(const struct net *n, const char *url, int allow_http, int is_redirect, char **out,
		  char *msg, size_t size)
{
	struct url_parts p = { 0 };
	int rc = COMPAT_EURL;
	CURLU *u = n->url_new();
	*out = NULL;
	if (!u) {
		snprintf(msg, size, "out of memory");
		return COMPAT_ENOMEM;
	}
	if (n->url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		snprintf(msg, size, "refusing %s: not a URL libcurl can read", url);
		n->url_cleanup(u);
		return rc;
	}
	p.scheme = url_part(n, u, CURLUPART_SCHEME);
	p.host = url_part(n, u, CURLUPART_HOST);
	p.user = url_part(n, u, CURLUPART_USER);
	p.pass = url_part(n, u, CURLUPART_PASSWORD);
	p.opts = url_part(n, u, CURLUPART_OPTIONS);
	p.frag = url_part(n, u, CURLUPART_FRAGMENT);
	p.norm = url_part(n, u, CURLUPART_URL);
	rc = url_verdict(&p, url, allow_http, is_redirect, out, msg, size);
	/* curl_free(NULL) does nothing */
	char *parts[] = { p.norm, p.frag, p.opts, p.pass, p.user, p.host, p.scheme };
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		n->curl_free(parts[i]);
	n->url_cleanup(u);
	return rc;
}

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
		     time_t ims, struct net_buf *b, struct net_result *f, int is_progress,
		     char **location)
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
	n->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);		/* net_fetch() follows them */
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
 * GET url, following up to 5 redirects, each checked as the URL itself is (net_check_url()).
 * If-Modified-Since (ims > 0) goes only to url's own origin (scheme, host and port): a redirect
 * to another host gets no condition, since a date means something only to the server the
 * installed DB came from. 0, or a negative compat_error with msg (a redirect refused).
 */
int net_fetch(const struct net *n, const struct compat_update_opts *o, const char *url, time_t ims,
	      struct net_buf *b, struct net_result *f, int is_progress, char *msg, size_t size)
{
	char *origin = ims > 0 ? url_origin(n, url) : NULL, *cur = strdup(url), *next = NULL;
	int rc = cur ? 0 : COMPAT_ENOMEM;
	for (int hops = 0; !rc; hops++) {
		char *here = origin ? url_origin(n, cur) : NULL;
		int is_same = origin && here && !strcmp(origin, here);
		free(here);
		free(b->data);
		*b = (struct net_buf){ .max = b->max }; /* a redirect's body is not the DB */
		rc = fetch_one(n, o, cur, is_same ? ims : 0, b, f, is_progress, &next);
		if (rc || !next)
			break;
		if (hops == 5) {
			f->code = CURLE_TOO_MANY_REDIRECTS;
			break;
		}
		free(cur);
		cur = NULL;
		rc = net_check_url(n, next, o->allow_insecure_http, 1, &cur, msg, size);
		free(next);
		next = NULL;
	}
	free(next);
	free(cur);
	free(origin);
	return rc;
}

/* Maps a finished transfer to an error with one line in msg. */
int net_judge(const struct net *n, const struct net_result *f, const struct net_buf *b,
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
