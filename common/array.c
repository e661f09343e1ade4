// SPDX-License-Identifier: MIT
// The grow-by-doubling helper (see array.h).
#include <stdint.h>
#include <stdlib.h>

#include "common/array.h"

void *array_grow(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t ncap = *cap ? *cap : (first ? first : 1);

	if (v && need <= *cap)
		return v;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (size && ncap > SIZE_MAX / size)
		return NULL;
	void *nv = realloc(v, ncap * size);
	if (!nv)
		return NULL;
	*cap = ncap;
	return nv;
}
