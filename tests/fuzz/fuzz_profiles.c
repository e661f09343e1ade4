// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the profile parser and the layering. Each input is parsed as a user file
 * and as a DB entry, then layered. Properties checked on every input:
 *   - every file diagnostic names the file and a line inside the input;
 *   - profile_check_source() and profile_resolve() agree: a clean source adds no diagnostic
 *     when layered, a broken DB entry is left out whole (values stay built-in), a user
 *     file's bad lines are skipped;
 *   - every resolved value passes profile_check_value(), the layer variables and the split
 *     arguments are consistent with it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/profiles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_lines(const uint8_t *data, size_t size)
{
	int n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

static void check_diags(const struct profile_diags *d, const char *file, int max_line)
{
	for (size_t i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].file, file) || d->v[i].line < 1 || d->v[i].line > max_line ||
		    !d->v[i].msg[0])
			abort();
	}
}

static void check_profile(const struct profile *p)
{
	char msg[160];
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++)
		if (!p->values[k].origin ||
		    profile_check_value((enum profile_key)k, p->values[k].text, msg, sizeof(msg)))
			abort();
	char **argv;
	size_t argc;
	if (profile_args_split(p->values[PROFILE_KEY_ARGS].text, &argv, &argc) || argc != p->n_args)
		abort();
	profile_args_free(argv);
	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t n = profile_layer_vars(p, "/t.csv", vars);
	if (n > PROFILE_LAYER_VARS_MAX)
		abort();
	for (size_t i = 0; i < p->n_env; i++)
		if (profile_env_name_check(p->env[i].name, msg, sizeof(msg)))
			abort();
}

static void one(const uint8_t *data, size_t size, bool is_db)
{
	const char *file = is_db ? "db" : "fuzz.ini";
	struct profile_source src = { .file = file,
				      .label = is_db ? "db:1" : NULL,
				      .text = (const char *)data,
				      .len = size,
				      .first_line = 1,
				      .is_db_entry = is_db };
	struct profile_diags d = { 0 }, d2 = { 0 };
	int max_line = count_lines(data, size);
	int rc = profile_check_source(&src, &d);
	if (rc == PROFILE_ENOMEM)
		goto out;
	check_diags(&d, file, max_line);
	if ((rc == 0) != (d.n == 0))
		abort();
	struct profile_inputs in = { 0 };
	if (is_db)
		in.db_entry = src;
	else
		in.title_file = src;
	struct profile p;
	if (profile_resolve(&p, &in, &d2))
		goto out;
	if (d2.n != d.n)
		abort();
	if (rc && is_db) /* a DB entry is left out whole; a user file's bad lines are skipped */
		for (size_t k = 0; k < PROFILE_KEY_COUNT; k++)
			if (strcmp(p.values[k].origin, "built-in") || p.n_env)
				abort();
	check_profile(&p);
	profile_release(&p);
out:
	profile_diags_release(&d);
	profile_diags_release(&d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	one(data, size, false);
	one(data, size, true);
	return 0;
}
