// SPDX-License-Identifier: MIT
// Private to compat/: the network half of `db update` (net.c): libcurl and libcrypto resolved
// at run time, URL checks, and a GET that follows checked redirects. update.c holds the rest:
// signature, validation, serial and the atomic install.
#ifndef MVGAL_COMPAT_NET_H
#define MVGAL_COMPAT_NET_H

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stddef.h>
#include <time.h>

#include "compat/compat.h"

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

/* A download in memory, at most max bytes. */
struct net_buf {
	char *data;
	size_t len, cap, max;
	int is_too_big;
};

/* How a transfer ended. */
struct net_result {
	long status;
	long filetime;
	int has_sent_ims; /* the last request carried If-Modified-Since */
	CURLcode code;
	char err[CURL_ERROR_SIZE];
};

/* Loads libcurl and libcrypto; on failure msg names the library and its Debian package. */
int net_open(struct net *n, char *msg, size_t size);
void net_close(struct net *n);

/*
 * https:// always; http:// only to this machine unless allowed (see net.c). On success *out is
 * the URL as libcurl writes it back (malloc'd).
 */
int net_check_url(const struct net *n, const char *url, int allow_http, int is_redirect, char **out,
		  char *msg, size_t size);

/* GET url into b, following up to 5 checked redirects; ims > 0 sends If-Modified-Since to
 * url's own origin only. 0, or a negative compat_error with msg. */
int net_fetch(const struct net *n, const struct compat_update_opts *o, const char *url, time_t ims,
	      struct net_buf *b, struct net_result *f, int is_progress, char *msg, size_t size);

/* Maps a finished transfer to an error with one line in msg. */
int net_judge(const struct net *n, const struct net_result *f, const struct net_buf *b,
	      const char *what, const char *url, char *msg, size_t size);

#endif
