// SPDX-License-Identifier: MIT
// Terminal manners of mvgal-launch: colour only on a terminal and never with
// NO_COLOR, help text that fits 80 columns, and "did you mean" for a mistyped word.
#ifndef MVGAL_LAUNCHER_TERM_H
#define MVGAL_LAUNCHER_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TERM_COLUMNS 80

/* True when out is a terminal and NO_COLOR is unset or empty (https://no-color.org). */
bool term_has_color(FILE *out);

/* word wrapped in the SGR colour (e.g. "32" green, "31;1" bold red) when term_has_color(out),
 * else plain; printed to out. */
void term_print_colored(FILE *out, const char *sgr, const char *word);

/*
 * Prints text to out in lines of at most TERM_COLUMNS columns, breaking at blanks: the first
 * line continues after `first` columns already printed, the following ones are indented by
 * indent blanks. Ends with a newline. A word longer than a line is printed whole.
 */
void term_print_wrapped(FILE *out, size_t first, size_t indent, const char *text);

/* The candidate closest to word (optimal string alignment distance, at most 2 and less than
 * half of word's length), or NULL. */
const char *term_closest(const char *word, const char *const *candidates, size_t n);

#endif
