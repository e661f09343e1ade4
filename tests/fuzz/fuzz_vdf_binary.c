// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the binary KeyValues reader (shortcuts.vdf). Properties:
 *   - a rejected input has a diag with line 0, col (the byte offset) within the input, and a
 *     message;
 *   - an accepted input written as text parses again to an equal tree: every key and value the
 *     binary reader produced survives the text writer's quoting and escaping.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vdf/vdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = NULL, *again = NULL;
	char *out = NULL;
	size_t len;
	int rc;

	rc = vdf_binary_parse(data, size, &root, &diag);
	if (rc != 0) {
		if (root || (rc == VDF_ESYNTAX && (diag.line != 0 || diag.col < 0 ||
						   (size_t)diag.col > size || !diag.msg[0])))
			abort();
		return 0;
	}
	if (vdf_write(root, &out, &len) != 0)
		abort();
	if (vdf_parse(out, len, &again, &diag) != 0 || !vdf_equal(root, again))
		abort();
	free(out);
	vdf_free(again);
	vdf_free(root);
	return 0;
}
