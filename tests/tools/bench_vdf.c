// SPDX-License-Identifier: MIT
/*
 * bench_vdf [MB] [RUNS]: throughput of the vdf text parser and writer on a generated config.vdf
 * shaped like Steam's (InstallConfigStore/Software/Valve/Steam with CompatToolMapping, per-app
 * sections, depots, WebStorage JSON with escapes), about MB megabytes (default 5), each step
 * timed RUNS times (default 20). Prints the median and best MB/s of: parse, write, reparse of
 * the written text, and write+reparse together, and checks that the reparsed tree equals the
 * parsed one. "parse" reuses the memory the previous run freed; "reparse" runs while the first
 * tree is alive, so its memory comes fresh from the kernel (page faults included), as for a
 * one-shot parse in a new process. Exit 0, or 1 when a step fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vdf/vdf.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next_rand(void)
{
	rng = rng * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(rng >> 33);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add(struct vdf_node *s, const char *key, const char *value, struct vdf_node **out)
{
	return vdf_add(s, key, value, out);
}

static int add_u(struct vdf_node *s, const char *key, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	return vdf_add(s, key, num, NULL);
}

/* One app's entries, as Steam keeps them under Software/Valve/Steam/apps/<appid>. */
static int add_app(struct vdf_node *apps, struct vdf_node *ctm, uint32_t appid)
{
	static const char *const tools[] = { "proton_9", "proton_experimental", "GE-Proton9-20",
					     "proton_8", "mvgal" };
	struct vdf_node *app, *cloud, *map;
	char id[16];
	int rc = 0;

	snprintf(id, sizeof(id), "%u", appid);
	rc |= add(apps, id, NULL, &app);
	rc |= add_u(app, "LastPlayed", 1600000000u + next_rand() % 100000000u);
	rc |= add_u(app, "Playtime", next_rand() % 50000u);
	rc |= add_u(app, "Playtime2wks", next_rand() % 500u);
	rc |= add(app, "LaunchOptions", "PROTON_LOG=1 MVGAL_FPS=60 %command% -name \"Player One\"",
		  NULL);
	rc |= add(app, "cloud", NULL, &cloud);
	rc |= add(cloud, "last_sync_state", "synchronized", NULL);
	rc |= add_u(cloud, "quota_bytes", 104857600u);
	rc |= add_u(cloud, "used_bytes", next_rand() % 10000000u);
	rc |= add(app, "BadgeData", "", NULL);
	rc |= add(ctm, id, NULL, &map);
	rc |= add(map, "name", tools[next_rand() % 5], NULL);
	rc |= add(map, "config", "", NULL);
	rc |= add_u(map, "priority", 250);
	return rc;
}

static int generate(size_t target, char **text, size_t *len)
{
	struct vdf_node *root, *steam, *apps, *ctm, *depots, *web, *d;
	char key[32];
	uint32_t i = 0;
	int rc;

	if (vdf_new(&root) < 0)
		return -1;
	rc = vdf_set(root, "InstallConfigStore/Software/Valve/Steam", NULL, &steam);
	rc |= add(steam, "AutoUpdateWindowEnabled", "0", NULL);
	rc |= add(steam, "ipv6check_http_state", "bad", NULL);
	rc |= add(steam, "CompatToolMapping", NULL, &ctm);
	rc |= add(steam, "apps", NULL, &apps);
	rc |= add(steam, "depots", NULL, &depots);
	rc |= vdf_set(root, "InstallConfigStore/WebStorage", NULL, &web);
	/* about 540 bytes of text per app, in all its sections together */
	for (i = 0; rc == 0 && (size_t)i * 540u < target; i++) {
		rc |= add_app(apps, ctm, 10 + i * 10);
		snprintf(key, sizeof(key), "%u", 228980 + i);
		rc |= add(depots, key, NULL, &d);
		rc |= add(d, "CDN", "fastly.cdn.steampipe.steamcontent.com", NULL);
		if (i % 16 == 0) {
			snprintf(key, sizeof(key), "FriendStoreLocalPrefs_%u", 1000 + i);
			rc |= add(web, key,
				  "{\"ePerFriendSubscriptionNotification\":1,\"path\":\"C:\\\\x\"}",
				  NULL);
		}
	}
	if (rc == 0)
		rc = vdf_write(root, text, len);
	vdf_free(root);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *mbps, int runs)
{
	qsort(mbps, (size_t)runs, sizeof(*mbps), cmp_double);
	printf("%-16s median %8.1f MB/s   best %8.1f MB/s\n", what, mbps[runs / 2], mbps[runs - 1]);
}

/* Seconds spent in: [0] parse, [1] write, [2] reparse of the output. 0, or -1 on a failure. */
static int run_once(const char *text, size_t len, double secs[3])
{
	struct vdf_node *root = NULL, *again = NULL;
	struct vdf_diag diag = { 0 };
	char *out = NULL;
	size_t olen = 0;
	double t0 = now_s(), t1, t2, t3;
	int rc = -1;

	if (vdf_parse(text, len, &root, &diag) != 0) {
		fprintf(stderr, "bench_vdf: %d:%d: %s\n", diag.line, diag.col, diag.msg);
		goto out;
	}
	t1 = now_s();
	if (vdf_write(root, &out, &olen) != 0)
		goto out;
	t2 = now_s();
	if (vdf_parse(out, olen, &again, &diag) != 0)
		goto out;
	t3 = now_s();
	if (!vdf_equal(root, again) || olen != len) {
		fprintf(stderr, "bench_vdf: write+reparse changed the document\n");
		goto out;
	}
	secs[0] = t1 - t0;
	secs[1] = t2 - t1;
	secs[2] = t3 - t2;
	rc = 0;
out:
	free(out);
	vdf_free(again);
	vdf_free(root);
	return rc;
}

int main(int argc, char **argv)
{
	double mb_target = argc > 1 ? atof(argv[1]) : 5.0, *mbps[4] = { 0 }, mb;
	int runs = argc > 2 ? atoi(argv[2]) : 20, r, k, rc = 1;
	char *text = NULL;
	size_t len = 0;

	if (mb_target <= 0 || runs < 1) {
		fprintf(stderr, "usage: bench_vdf [MB] [RUNS]\n");
		return 2;
	}
	for (k = 0; k < 4; k++)
		if (!(mbps[k] = calloc((size_t)runs, sizeof(double))))
			goto out;
	if (generate((size_t)(mb_target * 1e6), &text, &len)) {
		fprintf(stderr, "bench_vdf: cannot generate the input\n");
		goto out;
	}
	mb = (double)len / 1e6;
	printf("input: generated config.vdf, %.2f MB, %d runs each\n", mb, runs);
	for (r = 0; r < runs; r++) {
		double secs[3];
		if (run_once(text, len, secs) < 0)
			goto out;
		for (k = 0; k < 3; k++)
			mbps[k][r] = mb / secs[k];
		mbps[3][r] = mb / (secs[1] + secs[2]);
	}
	printf("%-16s %8.1f MB/s (memory fresh from the kernel, as in a new process)\n",
	       "parse, 1st run", mbps[0][0]);
	report("parse", mbps[0], runs);
	report("write", mbps[1], runs);
	report("reparse", mbps[2], runs);
	report("write+reparse", mbps[3], runs);
	rc = 0;
out:
	free(text);
	for (k = 0; k < 4; k++)
		free(mbps[k]);
	return rc;
}
