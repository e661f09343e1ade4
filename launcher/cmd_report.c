// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "launcher/commands.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "mvgal-launch: 'report' is not implemented yet\n");
	return 1;
}
