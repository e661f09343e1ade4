// SPDX-License-Identifier: MIT
// `check`'s lines (cmd_check.c): private to the launcher.
#ifndef MVGAL_LAUNCHER_CHECK_H
#define MVGAL_LAUNCHER_CHECK_H

#include <stdbool.h>

struct check {
	int failed, warned;
};

/* One line "ok   WHAT  text" or "FAIL WHAT  text" (coloured on a terminal, text scrubbed of
 * terminal escapes); a FAIL counts in c->failed. */
void check_line(struct check *c, bool is_ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* One line "warn WHAT  text": no failure (a launch works) but something a gamer should act on;
 * counts in c->warned. */
void check_warn(struct check *c, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
