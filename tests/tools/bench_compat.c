// SPDX-License-Identifier: MIT
// bench_compat N_ENTRIES RUNS: lookup time in a generated compat DB and profile resolution time.
//   lookup   open (mmap) + compat_db_lookup by appid + close, per call
//   exe      the same by exe basename (a linear scan: titles without an appid)
//   peer     open + read + ini_parse_string of the whole file to find the same title (what the
//            index avoids), the peer measured in the same run
//   resolve  profile_files_load (default.ini + title file from a temp dir) + DB open/lookup +
//            profile_resolve with env and one option: what a launch costs
// Prints median and p99 in microseconds for each.
#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fs.h"
#include "compat/compat.h"
#include "vdf/vdf.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *name, double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	int p99 = (int)((double)n * 0.99);
	if (p99 >= n)
		p99 = n - 1;
	printf("%-8s median %9.2f us   p99 %9.2f us   (%d calls)\n", name, t[n / 2], t[p99], n);
}

static uint64_t appid_of(int i)
{
	return 10 + (uint64_t)i * 97; /* sorted, unique, gaps for misses */
}

static char *generate(int n, size_t *len)
{
	size_t cap = (size_t)n * 400 + 256, off = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	off += (size_t)snprintf(buf, cap, "[mvgal-db]\nformat = 1\nserial = 2026112401\n");
	for (int i = 0; i < n; i++)
		off += (size_t)snprintf(
			buf + off, cap - off,
			"\n[%llu]\nname = Generated Title %d\nexe = game%d.exe\n"
			"reason = generated for the benchmark (source: bench_compat)\n"
			"frame.fps = %d\nenv.DXVK_ASYNC = 1\nenv.PROTON_NO_FSYNC = %d\n",
			(unsigned long long)appid_of(i), i, i, 30 + i % 200, i & 1);
	*len = off;
	return buf;
}

struct peer {
	const char *want;
	int found;
};

static int peer_handler(void *user, const char *section, const char *name, const char *value)
{
	struct peer *p = user;
	(void)value;
	if (name && !strcmp(section, p->want) && !strcmp(name, "name"))
		p->found = 1;
	return 1;
}

static int write_file(const char *path, const char *text)
{
	return write_atomic(path, text, strlen(text));
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, runs = argc > 2 ? atoi(argv[2]) : 2000;
	char dir[] = "/tmp/mvgal-bench-compat.XXXXXX", db_path[256], cfg[256], path[320];
	size_t len;
	char *text = generate(n, &len);
	double *t = calloc((size_t)runs, sizeof(double));
	if (!text || !t || n < 1 || runs < 1 || !mkdtemp(dir))
		return 1;
	snprintf(db_path, sizeof(db_path), "%s/compat.db", dir);
	if (write_atomic(db_path, text, len))
		return 1;
	printf("DB: %d entries, %zu bytes (%s)\n", n, len, db_path);
	srand(42);
	int misses = 0;
	for (int r = 0; r < runs; r++) {
		char id[24];
		snprintf(id, sizeof(id), "%llu", (unsigned long long)appid_of(rand() % n));
		struct compat_db *db;
		struct compat_entry e;
		double t0 = now_us();
		int rc = compat_db_open(db_path, &db);
		if (!rc)
			rc = compat_db_lookup(db, id, NULL, &e);
		compat_db_close(db);
		t[r] = now_us() - t0;
		misses += rc != 0;
	}
	report("lookup", t, runs);
	for (int r = 0; r < runs; r++) {
		char exe[32];
		snprintf(exe, sizeof(exe), "GAME%d.EXE", rand() % n);
		struct compat_db *db;
		struct compat_entry e;
		double t0 = now_us();
		int rc = compat_db_open(db_path, &db);
		if (!rc)
			rc = compat_db_lookup(db, NULL, exe, &e);
		compat_db_close(db);
		t[r] = now_us() - t0;
		misses += rc != 0;
	}
	report("exe", t, runs);
	int peer_runs = runs < 200 ? runs : 200;
	for (int r = 0; r < peer_runs; r++) {
		char id[24], *all;
		size_t l;
		int e;
		snprintf(id, sizeof(id), "%llu", (unsigned long long)appid_of(rand() % n));
		struct peer p = { .want = id };
		double t0 = now_us();
		if (profile_read_file(db_path, COMPAT_DB_MAX, &all, &l, &e) == 0) {
			ini_parse_string(all, peer_handler, &p);
			free(all);
		}
		t[r] = now_us() - t0;
		misses += !p.found;
	}
	report("peer", t, peer_runs);

	snprintf(cfg, sizeof(cfg), "%s/mvgal", dir);
	mkdir(cfg, 0700);
	snprintf(path, sizeof(path), "%s/profiles", cfg);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/default.ini", cfg);
	write_file(path, "[frame]\nfps = 60\npacer = on\n[env]\nDXVK_HUD = fps\n");
	snprintf(path, sizeof(path), "%s/profiles/%llu.ini", cfg,
		 (unsigned long long)appid_of(n / 2));
	write_file(path, "[launch]\nargs = -dx11 \"-name x\"\n[gpu]\nselect = nvidia,!intel\n"
			 "[frame]\nimages = 3\n[env]\nFOO = bar\n");
	const char *envp[] = { "HOME=/h", "MVGAL_PRESENT_MODE=mailbox", NULL };
	struct profile_override ov = { PROFILE_KEY_FPS, "refresh/2", "--fps" };
	char id[24];
	snprintf(id, sizeof(id), "%llu", (unsigned long long)appid_of(n / 2));
	for (int r = 0; r < runs; r++) {
		struct profile_files f;
		struct profile_diags d = { 0 };
		struct profile p;
		struct compat_db *db = NULL;
		struct compat_entry e;
		double t0 = now_us();
		struct profile_inputs in = {
			.appid = id, .envp = envp, .overrides = &ov, .n_overrides = 1
		};
		profile_files_load(&f, cfg, id, NULL, &d);
		profile_files_fill(&f, &in);
		if (compat_db_open(db_path, &db) == 0 && compat_db_lookup(db, id, NULL, &e) == 0)
			compat_db_entry_source(&e, &in.db_entry);
		int rc = profile_resolve(&p, &in, &d);
		t[r] = now_us() - t0;
		misses += rc != 0 || d.n != 0 || p.images != 3 || p.fps_divisor != 2;
		profile_release(&p);
		compat_db_close(db);
		profile_files_release(&f);
		profile_diags_release(&d);
	}
	report("resolve", t, runs);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		misses++;
	free(t);
	free(text);
	if (misses)
		fprintf(stderr, "bench_compat: %d lookups failed\n", misses);
	return misses ? 1 : 0;
}
