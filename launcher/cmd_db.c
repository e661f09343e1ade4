// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "launcher/commands.h"

int cmd_db(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "mvgal-launch: 'db' is not implemented yet\n");
	return 1;
}
