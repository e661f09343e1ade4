// SPDX-License-Identifier: MIT
/*
 * usage — the launcher's one way to tell the user about a problem (git's usage.c model):
 * every such line goes to stderr as `mvgal-launch: <message>` and a newline (warning():
 * `mvgal-launch: warning: <message>`), the program's name written once, in usage.c. The message
 * is printed as given: text from files or the environment in it is the caller's to escape
 * first (common/text.h's text_safe, or launch_errf() for a struct launch_err), as before.
 */
#ifndef MVGAL_LAUNCHER_USAGE_H
#define MVGAL_LAUNCHER_USAGE_H

#include <stdarg.h>

/* Prints the program's name, the message and a newline to stderr; returns -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with "warning: " after the name. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Both with a va_list, and the prefix given (for tests). */
void usage_vreport(const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
