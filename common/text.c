// SPDX-License-Identifier: MIT
// Control characters and their escaping, for text that reaches a terminal (see text.h).
#include <stdio.h>
#include <string.h>

#include "common/text.h"

size_t text_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t v, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2, v = u[0] & 0x1f, min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3, v = u[0] & 0x0f, min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4, v = u[0] & 0x07, min = 0x10000;
	} else {
		*cp = TEXT_INVALID;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) { /* also stops at the terminating '\0' */
			*cp = TEXT_INVALID;
			return 1;
		}
		v = v << 6 | (u[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = TEXT_INVALID;
		return 1;
	}
	*cp = v;
	return len;
}

bool text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == TEXT_INVALID;
}

bool text_has_control(const char *s)
{
	uint32_t cp;

	for (size_t n; s && *s; s += n) {
		n = text_decode(s, &cp);
		if (text_is_control(cp))
			return true;
	}
	return false;
}

/* The escaped form of the character of len bytes at s, into esc; its length. */
static size_t escape_one(const char *s, size_t len, uint32_t cp, char esc[17])
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;

	if (cp == '\n' || cp == '\t' || cp == '\\' || cp == '"') {
		esc[k++] = '\\';
		esc[k++] = cp == '\n' ? 'n' : cp == '\t' ? 't' : (char)cp;
	} else if (text_is_control(cp)) {
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			esc[k++] = '\\';
			esc[k++] = 'x';
			esc[k++] = hex[c >> 4];
			esc[k++] = hex[c & 15];
		}
	} else {
		memcpy(esc, s, len);
		k = len;
	}
	esc[k] = '\0';
	return k;
}

const char *text_safe(const char *s, char *out, size_t size)
{
	size_t n = 0;
	uint32_t cp;

	if (!size)
		return out;
	for (size_t len; s && *s; s += len) {
		char esc[17];

		len = text_decode(s, &cp);
		size_t k = escape_one(s, len, cp, esc);
		/* the last character needs room for itself, any other for "..." after it too */
		if (n + k + (s[len] ? 4 : 1) > size) {
			if (n + 4 <= size) {
				memcpy(out + n, "...", 3);
				n += 3;
			}
			break;
		}
		memcpy(out + n, esc, k);
		n += k;
	}
	out[n] = '\0';
	return out;
}

void text_scrub(char *s)
{
	char *w = s;
	uint32_t cp;

	for (size_t len; s && *s; s += len) {
		len = text_decode(s, &cp);
		if (text_is_control(cp)) {
			*w++ = '?';
		} else {
			memmove(w, s, len);
			w += len;
		}
	}
	if (w)
		*w = '\0';
}

void text_vline(char *out, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(out, size, fmt, ap);
	text_scrub(out);
}
