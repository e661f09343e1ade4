// SPDX-License-Identifier: MIT
/*
 * usage — the launcher's one way to tell the user about a problem (git's usage.c model): every
 * such line goes to stderr as "mvgal-launch: <message>\n" (warning(): "mvgal-launch: warning:
 * <message>\n"), the program's name written once, here. The message is printed as given:
 * text from files or the environment in it is the caller's to escape first (common/text.h's
 * text_safe, or launch_errf() for a struct launch_err), as before.
 */
#ifndef MVGAL_LAUNCHER_USAGE_H
#define MVGAL_LAUNCHER_USAGE_H

#include <stdarg.h>

/* Prints "mvgal-launch: ", the message and a newline to stderr; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "mvgal-launch: warning: ", the message and a newline to stderr. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Both with a va_list, and the prefix given (for tests). */
void usage_vreport(const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
