// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the text KeyValues parser and writer. Properties checked on every input:
 *   - a rejected input has a diag with line >= 1, col >= 1 and a message;
 *   - an accepted input written out parses again to an equal tree (same tokens, order,
 *     conditionals, comments), and writing that tree gives the same bytes (the writer is a
 *     fixed point);
 *   - vdf_write_keep() of the parsed tree is the input, byte for byte;
 *   - lookups and edits on the parsed tree behave (set then get, remove then not found).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vdf/vdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_edits(struct vdf_node *root)
{
	const struct vdf_node *first = root->first;
	struct vdf_node *n = NULL;

	if (vdf_set(root, "mvgal-fuzz/CompatToolMapping/570/name", "mvgal", &n) == 0) {
		if (!n || strcmp(vdf_get_value(root, "MVGAL-FUZZ/compattoolmapping/570/NAME", ""),
				 "mvgal") != 0)
			abort();
		if (vdf_remove(root, "mvgal-fuzz/CompatToolMapping/570/name") != 0)
			abort();
	}
	/* the first top-level key by name: found unless it has '/' or an earlier twin */
	if (first && !strchr(first->key, '/') && first->key[0] && !vdf_get(root, first->key))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vdf_diag diag = { 0 };
	struct vdf_node *root = NULL, *again = NULL;
	char *out = NULL, *out2 = NULL;
	size_t len, len2;
	int rc;

	rc = vdf_parse((const char *)data, size, &root, &diag);
	if (rc != 0) {
		if (root || (rc == VDF_ESYNTAX && (diag.line < 1 || diag.col < 1 || !diag.msg[0])))
			abort();
		return 0;
	}
	if (vdf_write(root, &out, &len) != 0)
		abort();
	if (vdf_parse(out, len, &again, &diag) != 0 || !vdf_equal(root, again))
		abort();
	if (vdf_write(again, &out2, &len2) != 0 || len2 != len || memcmp(out, out2, len) != 0)
		abort();
	free(out2);
	/* the layout-keeping writer gives the input back, byte for byte */
	if (vdf_write_keep(root, &out2, &len2) != 0 || len2 != size || memcmp(out2, data, size) != 0)
		abort();
	check_edits(root);
	free(out);
	free(out2);
	vdf_free(again);
	vdf_free(root);
	return 0;
}
