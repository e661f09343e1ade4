// SPDX-License-Identifier: MIT
// vdf_get FILE [PATH...]: parses FILE as Steam does (vdf/) and prints the value at each PATH,
// one per line. Exit 1 when FILE does not parse (file:line:col on stderr), 3 when a PATH is
// missing. Integration tests use it to read what the launcher wrote.
#include <stdio.h>

#include "vdf/vdf.h"

int main(int argc, char **argv)
{
	struct vdf_node *doc = NULL;
	struct vdf_diag diag = { 0 };
	int rc = 0;
	if (argc < 2) {
		fputs("usage: vdf_get FILE [PATH...]\n", stderr);
		return 2;
	}
	if (vdf_parse_file(argv[1], 0, &doc, &diag) < 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], diag.line, diag.col, diag.msg);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		const char *v = vdf_get_value(doc, argv[i], NULL);
		if (!v) {
			fprintf(stderr, "%s: no value at %s\n", argv[1], argv[i]);
			rc = 3;
			continue;
		}
		puts(v);
	}
	vdf_free(doc);
	return rc;
}
