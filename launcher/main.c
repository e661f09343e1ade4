// SPDX-License-Identifier: MIT
// mvgal-launch entry point: the only place that turns an error into an exit code
// (0 ok, 1 runtime failure, 2 usage).
#include <stdio.h>
#include <string.h>

#include "launcher/commands.h"

static void usage(FILE *out)
{
	fputs("usage: mvgal-launch VERB ARGS...          (as a Steam compatibility tool)\n"
	      "       mvgal-launch [OPTIONS] -- CMD ...   (wrap a native or non-Steam game)\n"
	      "       mvgal-launch db|profile|report ...\n"
	      "       mvgal-launch --version | --help\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("mvgal-launch %s\n", MVGAL_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "db"))
		return cmd_db(argc - 1, argv + 1);
	if (!strcmp(argv[1], "profile"))
		return cmd_profile(argc - 1, argv + 1);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	fprintf(stderr, "mvgal-launch: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
