// SPDX-License-Identifier: MIT
/*
 * array — the one grow-by-doubling helper for the growing arrays and buffers of every module
 * (lists of Protons, tools, shortcuts, diagnostics, argv and string vectors, output buffers).
 * Pure: no I/O.
 */
#ifndef MVGAL_COMMON_ARRAY_H
#define MVGAL_COMMON_ARRAY_H

#include <stddef.h>

/*
 * Room for need elements of size bytes each in v, whose capacity is *cap elements: returns v
 * itself when it has the room, else v realloc()'d to the first of first, 2 * first, 4 * first...
 * (or *cap doubled, when *cap is not 0) that holds need, with *cap updated. Returns NULL when
 * out of memory or when the size would overflow; v and *cap are then unchanged (still the
 * caller's to free). Use: `T *nv = array_grow(l->v, &l->cap, l->n + 1, sizeof(*nv), 8);
 * if (!nv) return -ENOMEM; l->v = nv;`
 */
void *array_grow(void *v, size_t *cap, size_t need, size_t size, size_t first);

#endif
