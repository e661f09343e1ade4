// SPDX-License-Identifier: MIT
// The SVG plot's text (see svg_text.h): a growing output buffer, XML character data that
// xmllint accepts whatever bytes a driver or a file name brings, and the legend's line
// wrapping by an upper bound of each glyph's width.
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/array.h"
#include "report/svg_text.h"

void report_svg_printf(struct report_svg_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->has_failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->p ? sb->p + sb->len : NULL, sb->p ? sb->cap - sb->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->has_failed = true;
		return;
	}
	if (!sb->p || sb->len + (size_t)n + 1 > sb->cap) {
		char *p = array_grow(sb->p, &sb->cap, sb->len + (size_t)n + 1, 1, 8192);

		if (!p) {
			sb->has_failed = true;
			return;
		}
		sb->p = p;
		va_start(ap, fmt);
		vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

/* Length of the well-formed UTF-8 character at s that XML allows (1 to 4), 0 if none is. */
static int xml_utf8_len(const unsigned char *s)
{
	uint32_t c;
	int n;

	if (s[0] < 0x80)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/U+FFFF are not characters */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || (c >= 0xd800 && c <= 0xdfff) ||
	    c > 0x10ffff || c == 0xfffe || c == 0xffff)
		return 0;
	return n;
}

/* s as XML character data: markup escaped, a control byte as '?', bytes that are not UTF-8 as
 * U+FFFD (a GPU name comes from the driver: xmllint must still accept the document). */
void report_svg_text(struct report_svg_buf *sb, const char *s)
{
	for (; *s; s++) {
		int n = xml_utf8_len((const unsigned char *)s);

		if (n > 1) {
			report_svg_printf(sb, "%.*s", n, s);
			s += n - 1;
			continue;
		}
		if (n == 0) {
			report_svg_printf(sb, "%s", (unsigned char)*s < 0x80 ? "?" : "\xef\xbf\xbd");
			continue;
		}
		switch (*s) {
		case '&':
			report_svg_printf(sb, "&amp;");
			break;
		case '<':
			report_svg_printf(sb, "&lt;");
			break;
		case '>':
			report_svg_printf(sb, "&gt;");
			break;
		case '"':
			report_svg_printf(sb, "&quot;");
			break;
		case '\'':
			report_svg_printf(sb, "&apos;");
			break;
		default:
			report_svg_printf(sb, "%c", *s);
			break;
		}
	}
}

/* An upper bound of the advance of the character starting at s in 12 px DejaVu Sans, in tenths
 * of a pixel (measured with rsvg-convert: lowercase 6.4 px on average, digits 7.6, capitals 7.8,
 * m and w 10 to 11.5; bold about 10 % wider). */
static int glyph_w10(unsigned char c, bool is_bold)
{
	int w;

	if (c >= 0x80)
		w = 120; /* a character beyond ASCII: as wide as the widest */
	else if (strchr("mwMW%@", c))
		w = 115;
	else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		w = 80;
	else if (c == ' ')
		w = 40;
	else
		w = 70;
	return is_bold ? w * 11 / 10 : w;
}

/* End of the line that starts at s[at]: the last space before the line is width_px wide,
 * or a hard break (between characters) in a word longer than a line. Bytes before bold_end are
 * bold. */
size_t report_svg_wrap_end(const char *s, size_t len, size_t at, size_t bold_end, int width_px)
{
	int w10 = 0;
	size_t i = at;

	while (i < len) {
		size_t next = i + 1;

		while (next < len && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		w10 += glyph_w10((unsigned char)s[i], i < bold_end);
		if (w10 > width_px * 10)
			break;
		i = next;
	}
	if (i == len)
		return len;
	for (size_t k = i; k > at; k--)
		if (s[k] == ' ')
			return k;
	return i > at ? i : len; /* never an empty line */
}

/* s[from..to) as text, inside `open`...</tspan> when open is not NULL. */
void report_svg_span(struct report_svg_buf *sb, const char *open, const char *s, size_t from,
		     size_t to)
{
	char *part;

	if (from >= to)
		return;
	part = strndup(s + from, to - from);
	if (!part) {
		sb->has_failed = true;
		return;
	}
	report_svg_printf(sb, "%s", open ? open : "");
	report_svg_text(sb, part);
	report_svg_printf(sb, "%s", open ? "</tspan>" : "");
	free(part);
}
