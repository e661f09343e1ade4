// SPDX-License-Identifier: MIT
// A stand-in for Steam's reaper, the runtime's _v2-entry-point and Proton in integration tests
// and the launch benchmark; its role comes from the basename of argv[0]:
//   reaper, _v2-entry-point  record, then execv() what follows the first "--" (as the real
//                            ones do after setting up)
//   anything else            record and exit 0 (Proton, or a native game)
// MVGAL_FAKE_RECORD=FILE appends "== ROLE", one "argv[i]=..." line per argument and one
// "env NAME=value" line per variable; '\n', '\\' and control bytes are written as \n, \\, \xNN.
// MVGAL_FAKE_STAMP=FILE: the first process of a chain to start creates FILE with its
// CLOCK_MONOTONIC start time in ns (the launch benchmark's end point).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('\n', f);
}

static void stamp(void)
{
	const char *path = getenv("MVGAL_FAKE_STAMP");
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (!path)
		return;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	dprintf(fd, "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	close(fd);
}

static void record(const char *role, int argc, char **argv)
{
	const char *path = getenv("MVGAL_FAKE_RECORD");
	if (!path)
		return;
	FILE *f = fopen(path, "a");
	if (!f)
		exit(97);
	fprintf(f, "== %s\n", role);
	for (int i = 0; i < argc; i++) {
		fprintf(f, "argv[%d]=", i);
		put_escaped(f, argv[i]);
	}
	for (char **e = environ; *e; e++) {
		fputs("env ", f);
		put_escaped(f, *e);
	}
	if (fclose(f) != 0)
		exit(97);
}

int main(int argc, char **argv)
{
	stamp();
	const char *role = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	record(role, argc, argv);
	if (strcmp(role, "reaper") && strcmp(role, "_v2-entry-point"))
		return 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--"))
			continue;
		if (i + 1 >= argc)
			return 3;
		execv(argv[i + 1], argv + i + 1);
		perror(argv[i + 1]);
		return 127;
	}
	return 3;
}
