// SPDX-License-Identifier: MIT
/*
 * text — the one home of "text from a file reaching a terminal" (issues 23 and 25): what counts
 * as a control character and how it is escaped. Pure: no I/O, no allocation; the launcher, the
 * Vulkan layer, the OpenGL library and the telemetry writer all use it.
 *
 * A control here is what a terminal may act on instead of showing: C0 (U+0000–U+001F), DEL,
 * C1 (U+0080–U+009F; as UTF-8 0xC2 0x80–0x9F, e.g. U+009B is CSI and U+009D OSC) and any byte
 * that is not part of valid UTF-8 (a terminal in an 8-bit mode reads a lone 0x9B as CSI).
 */
#ifndef MVGAL_COMMON_TEXT_H
#define MVGAL_COMMON_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What text_decode gives for a byte that starts no valid UTF-8 sequence. */
#define TEXT_INVALID UINT32_MAX

/*
 * Decodes the character at s (s[0] != '\0'): its code point into *cp and its length in bytes.
 * Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF); a byte that starts
 * no valid sequence is one byte long with *cp = TEXT_INVALID.
 */
size_t text_decode(const char *s, uint32_t *cp);

/* Whether cp (from text_decode) is a control as defined above, TEXT_INVALID included. */
bool text_is_control(uint32_t cp);

/* Whether s holds a control anywhere. */
bool text_has_control(const char *s);

/*
 * s for one line of a terminal, into out (size bytes, always terminated), which is returned:
 * newline, tab, backslash and '"' as \n \t \\ \", every byte of any other control as \xNN.
 * Cut at a character's end with "..." when it does not fit. The result is valid UTF-8.
 */
const char *text_safe(const char *s, char *out, size_t size);

/* Replaces each control in s (a whole C1 sequence, a lone byte) by one '?', in place. */
void text_scrub(char *s);

/* vsnprintf into out, then text_scrub(): one line whatever the paths in it hold (a library path
 * may contain a newline or ESC). */
void text_vline(char *out, size_t size, const char *fmt, va_list ap);

#endif
