// SPDX-License-Identifier: MIT
// Sub-command dispatch for db and profile, through the table shape main.c uses for commands.
#include <stdio.h>
#include <string.h>

#include "launcher/commands.h"

int command_dispatch(const struct command *table, size_t n, int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return 0;
		}
	for (size_t k = 0; argc >= 2 && k < n; k++)
		if (!strcmp(argv[1], table[k].name))
			return table[k].fn(argc - 1, argv + 1);
	fputs(usage, stderr);
	return 2;
}
