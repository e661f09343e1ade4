// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "launcher/commands.h"

int cmd_profile(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "mvgal-launch: 'profile' is not implemented yet\n");
	return 1;
}
