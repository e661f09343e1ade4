// SPDX-License-Identifier: MIT
/*
 * words — "did you mean" for a mistyped word: the launcher's commands and options, and the
 * profile parser's keys and sections share this one rule. Pure: no I/O.
 */
#ifndef MVGAL_COMMON_WORDS_H
#define MVGAL_COMMON_WORDS_H

#include <stddef.h>

/* The candidate closest to word (optimal string alignment distance, at most 2 and less than
 * half of word's length not counting leading '-'), or NULL. */
const char *words_closest(const char *word, const char *const *candidates, size_t n);

#endif
