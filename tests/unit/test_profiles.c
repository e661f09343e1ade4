// SPDX-License-Identifier: MIT
// profiles/: schema, value checks, parser diagnostics, layering with provenance, [env] rules.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "profiles/profiles.h"

static struct profile_source src_of(const char *file, const char *text)
{
	return (struct profile_source){
		.file = file, .text = text, .len = strlen(text), .first_line = 1
	};
}

static char *fixture(const char *name, size_t *len)
{
	const char *top = getenv("MVGAL_TOP");
	char path[4096], *text;
	int e;
	snprintf(path, sizeof(path), "%s/tests/data/profiles/%s", top ? top : ".", name);
	assert_int_equal(profile_read_file(path, 1 << 20, &text, len, &e), 0);
	return text;
}

/* All diagnostics as "file:line: msg\n" lines. */
static char *diags_text(const struct profile_diags *d)
{
	size_t cap = 64 + d->n * 600;
	char *out = calloc(1, cap), line[600];
	for (size_t i = 0; i < d->n; i++) {
		strcat(out, profile_diag_text(&d->v[i], line, sizeof(line)));
		strcat(out, "\n");
	}
	return out;
}

static void resolve_ok(struct profile *p, const struct profile_inputs *in)
{
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(p, in, &d), 0);
	if (d.n) {
		char *t = diags_text(&d);
		print_error("%s", t);
		free(t);
	}
	assert_int_equal(d.n, 0);
	profile_diags_release(&d);
}

/* ---- schema -------------------------------------------------------------------------- */

static void test_schema_keys_are_consistent_and_defaults_valid(void **state)
{
	(void)state;
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_setting *s = &profile_settings[k];
		char dotted[64], msg[160];
		assert_int_equal(s->key, k);
		snprintf(dotted, sizeof(dotted), "%s.%s", s->section, s->name);
		assert_string_equal(dotted, s->dotted);
		assert_ptr_equal(profile_setting_find(s->section, s->name), s);
		assert_ptr_equal(profile_setting_find_dotted(s->dotted), s);
		assert_non_null(s->help);
		assert_non_null(s->values);
		assert_int_equal(profile_check_value(s->key, s->default_value, msg, sizeof(msg)), 0);
	}
	assert_null(profile_setting_find("frame", "fsp"));
	assert_true(profile_section_is_known("env"));
	assert_false(profile_section_is_known("colours"));
}

static void test_check_value_accepts_and_rejects_by_type(void **state)
{
	(void)state;
	char msg[160];
	static const struct {
		enum profile_key key;
		const char *value;
		int is_ok;
	} cases[] = {
		{ PROFILE_KEY_FPS, "0", 1 },
		{ PROFILE_KEY_FPS, "off", 1 },
		{ PROFILE_KEY_FPS, "60", 1 },
		{ PROFILE_KEY_FPS, "refresh/2", 1 },
		{ PROFILE_KEY_FPS, "vrr", 1 },
		{ PROFILE_KEY_FPS, "vrr/2", 0 },
		{ PROFILE_KEY_FPS, "refresh/9", 0 },
		{ PROFILE_KEY_FPS, "1001", 0 },
		{ PROFILE_KEY_FPS, "-5", 0 },
		{ PROFILE_KEY_FPS, "60fps", 0 },
		{ PROFILE_KEY_IMAGES, "0", 1 },
		{ PROFILE_KEY_IMAGES, "16", 1 },
		{ PROFILE_KEY_IMAGES, "17", 0 },
		{ PROFILE_KEY_IMAGES, "-1", 0 },
		{ PROFILE_KEY_IMAGES, "3x", 0 },
		{ PROFILE_KEY_IMAGES, "", 0 },
		{ PROFILE_KEY_PACER, "yes", 1 },
		{ PROFILE_KEY_PACER, "maybe", 0 },
		{ PROFILE_KEY_PRESENT_MODE, "FIFO_relaxed", 1 },
		{ PROFILE_KEY_PRESENT_MODE, "vsync", 0 },
		{ PROFILE_KEY_TELEMETRY, "on", 1 },
		{ PROFILE_KEY_TELEMETRY, "/tmp/t", 1 },
		{ PROFILE_KEY_TELEMETRY, "rel/x", 0 },
		{ PROFILE_KEY_GPU, "nvidia,!intel", 1 },
		{ PROFILE_KEY_GPU, "nvidia,,amd", 0 },
		{ PROFILE_KEY_GPU, "amd,", 0 },
		{ PROFILE_KEY_GPU, "!", 0 },
		/* the layer's own parser: what it would drop, profile check refuses */
		{ PROFILE_KEY_GPU, "pci:zz", 0 },
		{ PROFILE_KEY_GPU, "0x12345", 0 },
		{ PROFILE_KEY_GPU, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", 0 },
		{ PROFILE_KEY_GPU, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p", 1 },
		{ PROFILE_KEY_GPU, "pci:01:00.0,0x10de:0x2786", 1 },
		{ PROFILE_KEY_PACER, "FALSE", 1 },
		{ PROFILE_KEY_TELEMETRY, "Yes", 1 },
		{ PROFILE_KEY_ARGS, "-a 'b c'", 1 },
		{ PROFILE_KEY_ARGS, "-a 'b c", 0 },
		{ PROFILE_KEY_PROTON, "GE-Proton9-20", 1 },
		{ PROFILE_KEY_PROTON, "a\tb", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = profile_check_value(cases[i].key, cases[i].value, msg, sizeof(msg));
		if ((rc == 0) != cases[i].is_ok)
			fail_msg("%s = '%s': expected %s, got %d (%s)",
				 profile_settings[cases[i].key].dotted, cases[i].value,
				 cases[i].is_ok ? "ok" : "error", rc, msg);
		if (rc)
			assert_non_null(strstr(msg, profile_settings[cases[i].key].dotted));
	}
}

/* ---- parsing ------------------------------------------------------------------------- */

static void test_parse_reports_every_error_with_file_line(void **state)
{
	(void)state;
	size_t len, elen;
	char *text = fixture("bad.ini", &len), *expected = fixture("bad.expected", &elen);
	struct profile_source src = src_of("bad.ini", text);
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), PROFILE_EINVAL);
	char *got = diags_text(&d);
	assert_string_equal(got, expected);
	free(got);
	profile_diags_release(&d);
	free(text);
	free(expected);
}

static void test_parse_good_file_is_clean(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("good.ini", &len);
	struct profile_source src = src_of("good.ini", text);
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), 0);
	assert_int_equal(d.n, 0);
	free(text);
}

static void test_parse_rejects_duplicate_key_naming_first_line(void **state)
{
	(void)state;
	struct profile_source src = src_of("dup.ini", "[frame]\nfps = 30\n\nfps = 60\n");
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), PROFILE_EINVAL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 4);
	assert_string_equal(d.v[0].msg, "frame.fps is set twice (first on line 2)");
	profile_diags_release(&d);
}

static void test_parse_handles_indent_crlf_bom_and_comments(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF[frame]\r\n  fps = 30 ; thirty\r\n"
			   "# comment\r\n\timages = 2\r\n";
	struct profile_source src = src_of("x.ini", text);
	struct profile p;
	struct profile_inputs in = { .title_file = src };
	resolve_ok(&p, &in);
	assert_int_equal(p.fps, 30);
	assert_int_equal(p.images, 2);
	assert_string_equal(p.values[PROFILE_KEY_IMAGES].origin, "x.ini:4");
	profile_release(&p);
}

static void test_parse_refuses_colon_form_but_not_colons_in_values(void **state)
{
	(void)state;
	struct profile_source src = src_of("c.ini", "[gpu]\nselect = pci:01:00.0\n[env]\n"
						    "X = a:b\n[frame]\nfps: 60\n");
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), PROFILE_EINVAL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 6);
	assert_string_equal(d.v[0].msg, "expected 'key = value', got 'fps: 60'");
	profile_diags_release(&d);
}

static void test_parse_rejects_long_line_nul_and_keys_outside_section(void **state)
{
	(void)state;
	char text[600];
	memcpy(text, "x = 1\n[launch]\nargs = ", 22);
	memset(text + 22, 'a', 300);
	memcpy(text + 322, "\n[launch\nproton = a\0b\n", 23);
	struct profile_source src = { .file = "l.ini", .text = text, .len = 322 + 22, .first_line = 1 };
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), PROFILE_EINVAL);
	char *got = diags_text(&d);
	assert_string_equal(got, "l.ini:1: key 'x' outside a section (use [launch], [gpu], "
				 "[frame] or [env])\n"
				 "l.ini:3: line longer than 196 characters\n"
				 "l.ini:4: unterminated section header '[launch': its lines are "
				 "skipped\n"
				 "l.ini:5: NUL byte in line\n");
	free(got);
	profile_diags_release(&d);
}

/* ---- layering ------------------------------------------------------------------------ */

static void test_resolve_builtin_defaults(void **state)
{
	(void)state;
	struct profile p;
	struct profile_inputs in = { 0 };
	resolve_ok(&p, &in);
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		assert_string_equal(p.values[k].text, profile_settings[k].default_value);
		assert_string_equal(p.values[k].origin, "built-in");
	}
	assert_int_equal(p.fps, 0);
	assert_true(p.is_pacer_on);
	assert_false(p.is_telemetry_on);
	assert_int_equal(p.n_args, 0);
	assert_non_null(p.args);
	assert_null(p.args[0]);
	profile_release(&p);
}

static void test_resolve_every_layer_with_provenance(void **state)
{
	(void)state;
	const char *def = "[frame]\nfps = 30\nimages = 2\npacer = off\n"
			  "[gpu]\nselect = amd\n[launch]\nproton = Proton 8.0\n"
			  "[env]\nDXVK_HUD = fps\n";
	const char *db = "[1091500]\nname = Cyberpunk 2077\nreason = r (source: x)\n"
			 "frame.fps = 40\nframe.images = 3\nenv.DXVK_HUD = full\n";
	const char *title = "[frame]\nfps = 50\n\n[env]\nFOO = bar\n";
	const char *cli = "[frame]\npresent_mode = fifo\n";
	const char *envp[] = { "HOME=/h", "MVGAL_GPU=nvidia", "MVGAL_PACER=on", NULL };
	struct profile_override ov[] = { { PROFILE_KEY_FPS, "refresh/2", "--fps" } };
	struct profile_inputs in = {
		.appid = "1091500",
		.default_file = src_of("/c/default.ini", def),
		.db_entry = { .file = "/s/compat.db",
			      .label = "db:1091500",
			      .text = db,
			      .len = strlen(db),
			      .first_line = 100,
			      .is_db_entry = true },
		.title_file = src_of("/c/profiles/1091500.ini", title),
		.envp = envp,
		.cli_file = src_of("cli.ini", cli),
		.overrides = ov,
		.n_overrides = 1,
	};
	struct profile p;
	resolve_ok(&p, &in);
	static const struct {
		enum profile_key key;
		const char *text, *origin;
	} want[] = {
		{ PROFILE_KEY_PROTON, "Proton 8.0", "/c/default.ini:8" },
		{ PROFILE_KEY_IMAGES, "3", "db:1091500 (/s/compat.db:104)" },
		{ PROFILE_KEY_FPS, "refresh/2", "--fps" },
		{ PROFILE_KEY_GPU, "nvidia", "env MVGAL_GPU" },
		{ PROFILE_KEY_PACER, "on", "env MVGAL_PACER" },
		{ PROFILE_KEY_PRESENT_MODE, "fifo", "cli.ini:2" },
		{ PROFILE_KEY_TELEMETRY, "off", "built-in" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(p.values[want[i].key].text, want[i].text);
		assert_string_equal(p.values[want[i].key].origin, want[i].origin);
	}
	assert_int_equal(p.fps_divisor, 2);
	assert_int_equal(p.images, 3);
	assert_int_equal(p.present_mode, SETTING_PRESENT_FIFO);
	assert_string_equal(p.db_name, "Cyberpunk 2077");
	assert_int_equal(p.n_env, 2);
	assert_string_equal(p.env[0].name, "DXVK_HUD");
	assert_string_equal(p.env[0].value, "full");
	assert_string_equal(p.env[0].origin, "db:1091500 (/s/compat.db:105)");
	assert_string_equal(p.env[1].origin, "/c/profiles/1091500.ini:5");
	profile_release(&p);
}

/* Like MangoHud and DXVK with their files: a bad line is skipped and named, the rest applies
 * (issue 27; before, one bad line left the whole file out). */
static void test_resolve_skips_a_bad_line_and_applies_the_rest(void **state)
{
	(void)state;
	const char *title = "[frame]\nfps = 50\nimages = 300\n[env]\nFOO = 1\n";
	struct profile_inputs in = { .default_file = src_of("d.ini", "[frame]\nfps = 20\n"),
				     .title_file = src_of("t.ini", title) };
	struct profile p;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(&p, &in, &d), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "t.ini");
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(p.fps, 50); /* t.ini's good line applies */
	assert_string_equal(p.values[PROFILE_KEY_FPS].origin, "t.ini:2");
	assert_int_equal(p.images, 0); /* the bad one does not */
	assert_string_equal(p.values[PROFILE_KEY_IMAGES].origin, "built-in");
	assert_int_equal(p.n_env, 1);
	assert_string_equal(p.env[0].name, "FOO");
	profile_release(&p);
	profile_diags_release(&d);
}

/* A DB entry is the DB's rules or nothing: one refused line leaves the entry out whole. */
static void test_resolve_leaves_a_broken_db_entry_out_whole(void **state)
{
	(void)state;
	struct profile_source db = src_of("c.db", "[570]\nframe.fps = 40\nframe.images = 99\n");
	db.is_db_entry = true;
	db.label = "db:570";
	struct profile_inputs in = { .db_entry = db };
	struct profile p;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(&p, &in, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(p.fps, 0);
	assert_string_equal(p.values[PROFILE_KEY_FPS].origin, "built-in");
	profile_release(&p);
	profile_diags_release(&d);
}

/* Names people bring from MangoHud.conf, dxvk.conf and gamescope, our keys under the wrong
 * section, typos, and settings written under [env]: each named with what was meant. */
static void test_parse_suggests_the_key_meant(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("habits.ini", &len);
	char *expected = fixture("habits.expected", &len);
	struct profile_source src = src_of("habits.ini", text);
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&src, &d), PROFILE_EINVAL);
	char *got = diags_text(&d);
	assert_string_equal(got, expected);
	struct profile_inputs in = { .title_file = src };
	struct profile p;
	struct profile_diags d2 = { 0 };
	assert_int_equal(profile_resolve(&p, &in, &d2), 0);
	assert_int_equal(d2.n, d.n);
	assert_int_equal(p.fps, 45); /* the file's one good setting */
	assert_int_equal(p.n_env, 1);
	assert_string_equal(p.env[0].name, "DXVK_HUD");
	profile_release(&p);
	profile_diags_release(&d2);
	free(got);
	profile_diags_release(&d);
	free(text);
	free(expected);
}

static void test_resolve_reports_bad_env_and_option_and_ignores_them(void **state)
{
	(void)state;
	const char *envp[] = { "MVGAL_FPS=lots", "MVGAL_IMAGES=4", NULL };
	struct profile_override ov[] = { { PROFILE_KEY_IMAGES, "99", "--images" } };
	struct profile_inputs in = { .envp = envp, .overrides = ov, .n_overrides = 1 };
	struct profile p;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(&p, &in, &d), 0);
	char *got = diags_text(&d);
	assert_string_equal(got, "environment: MVGAL_FPS: frame.fps: 'lots' is not a frame rate "
				 "(expected 0 | off | 1..1000 | refresh | refresh/1..8 | vrr)\n"
				 "--images: frame.images: 99 is out of range 0..16\n");
	free(got);
	assert_int_equal(p.images, 4);
	assert_string_equal(p.values[PROFILE_KEY_IMAGES].origin, "env MVGAL_IMAGES");
	assert_string_equal(p.values[PROFILE_KEY_FPS].origin, "built-in");
	profile_release(&p);
	profile_diags_release(&d);
}

static void test_resolve_typed_values_from_good_file(void **state)
{
	(void)state;
	size_t len;
	char *text = fixture("good.ini", &len);
	struct profile_inputs in = { .title_file = src_of("good.ini", text) };
	struct profile p;
	resolve_ok(&p, &in);
	assert_string_equal(p.proton, "GE-Proton9-20");
	assert_int_equal(p.n_args, 2);
	assert_string_equal(p.args[0], "-dx11");
	assert_string_equal(p.args[1], "-name Some One");
	assert_string_equal(p.gpu_select, "nvidia,!intel");
	assert_int_equal(p.fps_divisor, 2);
	assert_int_equal(p.present_mode, SETTING_PRESENT_MAILBOX);
	assert_true(p.is_telemetry_on);
	assert_null(p.telemetry_path);
	assert_string_equal(p.env[1].value, "dxgi=n,b");

	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t n = profile_layer_vars(&p, "/s/t.csv", vars);
	char joined[512] = "";
	for (size_t i = 0; i < n; i++) {
		char one[128];
		snprintf(one, sizeof(one), "%s=%s;", vars[i].name,
			 vars[i].value ? vars[i].value : "(unset)");
		strcat(joined, one);
	}
	assert_string_equal(joined, "MVGAL_GPU=nvidia,!intel;MVGAL_FPS=refresh/2;MVGAL_PACER=on;"
				    "MVGAL_PRESENT_MODE=mailbox;MVGAL_IMAGES=3;"
				    "MVGAL_TELEMETRY=/s/t.csv;MVGAL_HUD=(unset);"
				    "MVGAL_HUD_POSITION=(unset);MVGAL_HUD_SCALE=(unset);");
	profile_release(&p);
	free(text);
}

/* The HUD's keys (issue 29): a profile file's [frame] hud/hud_position/hud_scale, read in any
 * case, reach the layer as MVGAL_HUD=1 and the canonical words; a bad scale names file and line. */
static void test_hud_keys_reach_the_layer(void **state)
{
	(void)state;
	const char *text = "[frame]\nhud = on\nhud_position = Bottom-Right\nhud_scale = 3\n";
	struct profile_inputs in = { .title_file = src_of("1245620.ini", text) };
	struct profile p;
	resolve_ok(&p, &in);
	assert_true(p.is_hud_on);
	assert_int_equal(p.hud_position, SETTING_HUD_BOTTOM_RIGHT);
	assert_int_equal(p.hud_scale, 3);
	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t n = profile_layer_vars(&p, NULL, vars);
	char joined[512] = "";
	for (size_t i = 0; i < n; i++)
		if (!strncmp(vars[i].name, "MVGAL_HUD", 9)) {
			strcat(joined, vars[i].name);
			strcat(joined, "=");
			strcat(joined, vars[i].value ? vars[i].value : "(unset)");
			strcat(joined, ";");
		}
	assert_string_equal(joined,
			    "MVGAL_HUD=1;MVGAL_HUD_POSITION=bottom-right;MVGAL_HUD_SCALE=3;");
	profile_release(&p);

	const char *bad = "[frame]\nhud = on\nhud_scale = 5\n";
	struct profile_inputs in2 = { .title_file = src_of("bad.ini", bad) };
	struct profile_diags d = { 0 };
	assert_int_equal(profile_resolve(&p, &in2, &d), 0);
	char *got = diags_text(&d);
	assert_string_equal(got, "bad.ini:3: frame.hud_scale: '5' is not 1, 2, 3 or 4\n");
	free(got);
	assert_int_equal(p.hud_scale, 1);
	profile_release(&p);
	profile_diags_release(&d);
}

static void test_layer_vars_unset_at_game_choice(void **state)
{
	(void)state;
	struct profile p;
	struct profile_inputs in = { 0 };
	resolve_ok(&p, &in);
	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t n = profile_layer_vars(&p, "/s/t.csv", vars);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(vars[i].name, "MVGAL_PACER"))
			assert_string_equal(vars[i].value, "on");
		else
			assert_null(vars[i].value);
	}
	profile_release(&p);
}

/* fps = vrr (issue 28): a target of its own, handed to the layer as MVGAL_FPS=vrr. */
static void test_layer_vars_pass_fps_vrr(void **state)
{
	(void)state;
	struct profile_override ov[] = { { PROFILE_KEY_FPS, "vrr", "--fps" } };
	struct profile_inputs in = { .overrides = ov, .n_overrides = 1 };
	struct profile p;
	resolve_ok(&p, &in);
	assert_true(p.is_fps_vrr);
	assert_int_equal(p.fps + p.fps_divisor, 0);
	struct profile_var vars[PROFILE_LAYER_VARS_MAX];
	size_t n = profile_layer_vars(&p, "/s/t.csv", vars);
	bool has_fps = false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vars[i].name, "MVGAL_FPS")) {
			assert_non_null(vars[i].value);
			assert_string_equal(vars[i].value, "vrr");
			has_fps = true;
		}
	assert_true(has_fps);
	profile_release(&p);
}

/* ---- [env] rules ------------------------------------------------------------------------ */

static void test_env_refuses_dangerous_and_invalid_names(void **state)
{
	(void)state;
	char msg[160];
	const char *bad[] = { "LD_PRELOAD",
			      "LD_LIBRARY_PATH",
			      "PATH",
			      "MVGAL_FPS",
			      "ENABLE_MVGAL",
			      "1X",
			      "A-B",
			      "A B",
			      "",
			      "X=Y" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(profile_env_name_check(bad[i], msg, sizeof(msg)), PROFILE_EINVAL);
	assert_int_equal(profile_env_name_check("DXVK_HUD", msg, sizeof(msg)), 0);
	assert_int_equal(profile_env_name_check("_x1", msg, sizeof(msg)), 0);
}

static void test_env_db_allows_only_the_exact_list(void **state)
{
	(void)state;
	assert_true(profile_env_db_allowed("DXVK_ASYNC"));
	assert_true(profile_env_db_allowed("PROTON_NO_FSYNC"));
	assert_true(profile_env_db_allowed("VKD3D_CONFIG"));
	const char *never[] = { "FOO",
				"WINEPREFIX",
				"WINEDLLOVERRIDES",
				"WINEDEBUG",
				"PROTON_LOG",
				"PROTON_REMOTE_DEBUG_CMD",
				"MESA_VK_DEVICE_SELECT",
				"DXVK_LOG_PATH",
				"DXVK_CONFIG_FILE",
				"PROTON_",
				"DXVK_",
				"" };
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (profile_env_db_allowed(never[i]))
			fail_msg("%s: allowed", never[i]);
	static const struct {
		const char *line;
		int is_ok;
	} cases[] = {
		{ "env.DXVK_ASYNC = 1", 1 },
		{ "env.DXVK_ASYNC = \"1\"", 1 },
		{ "env.DXVK_ASYNC = true", 0 },
		{ "env.FOO = 1", 0 },
		{ "env.LD_PRELOAD = x", 0 },
		{ "env.PROTON_REMOTE_DEBUG_CMD = files/bin/cmd.exe \"/c\" \"calc\"", 0 },
		{ "env.DXVK_CONFIG = dxgi.maxFrameRate = 60", 1 },
		{ "env.DXVK_CONFIG = dxgi.maxFrameRate = /etc", 0 },
		/* 28 digits: refused, read without overflowing a long (fuzz_profiles found it, UBSan) */
		{ "env.DXVK_CONFIG = d3d9.maxFrameRate = 1111111111111111111111111110", 0 },
		{ "env.DXVK_CONFIG = d3d9.maxFrameRate = -99999999999999999999.5", 0 },
		{ "env.DXVK_CONFIG = d3d9.maxFrameRate = 9999999", 0 },
		{ "frame.telemetry = on", 1 },
		{ "frame.telemetry = /home/u/taxes.csv", 0 }, /* the layer truncates it: user's call */
		{ "frame.hud = on", 0 }, /* an overlay in the game: the user's call (issue 29) */
		{ "frame.hud = off", 0 },
		{ "frame.hud_position = bottom-right", 0 },
		{ "frame.hud_scale = 4", 0 },
		{ "launch.args = -dx11 --skip-launcher", 1 },
		{ "launch.args = -logFile /home/victim/.bashrc", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "[42]\nname = x\n%s\n", cases[i].line);
		struct profile_source src = src_of("db", text);
		src.is_db_entry = true;
		struct profile_diags d = { 0 };
		int rc = profile_check_source(&src, &d);
		if ((rc == 0) != cases[i].is_ok)
			fail_msg("%s: expected %s", cases[i].line, cases[i].is_ok ? "ok" : "error");
		if (rc)
			assert_int_equal(d.v[0].line, 3);
		profile_diags_release(&d);
	}
	/* user files are not limited to the DB's list */
	struct profile_source user = src_of("u.ini", "[env]\nFOO = /etc/x\nWINEDEBUG = +relay\n");
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&user, &d), 0);
}

/* A user profile cannot load code, replace a driver or layer, or move HOME/XDG. */
static void test_env_user_profile_refuses_loader_driver_and_home_variables(void **state)
{
	(void)state;
	const char *refused[] = { "LD_PRELOAD",
				  "LD_LIBRARY_PATH",
				  "LD_AUDIT",
				  "LD_BIND_NOW",
				  "VK_ADD_LAYER_PATH",
				  "VK_LAYER_PATH",
				  "VK_INSTANCE_LAYERS",
				  "VK_LOADER_LAYERS_ENABLE",
				  "VK_LOADER_LAYERS_DISABLE",
				  "VK_ICD_FILENAMES",
				  "VK_DRIVER_FILES",
				  "VK_ADD_DRIVER_FILES",
				  "VK_LOADER_DRIVERS_SELECT",
				  "__EGL_VENDOR_LIBRARY_FILENAMES",
				  "__EGL_VENDOR_LIBRARY_DIRS",
				  "__GLX_VENDOR_LIBRARY_NAME",
				  "LIBGL_DRIVERS_PATH",
				  "GBM_BACKENDS_PATH",
				  "LIBVA_DRIVERS_PATH",
				  "GCONV_PATH",
				  "GLIBC_TUNABLES",
				  "PYTHONPATH",
				  "PYTHONHOME",
				  "PYTHONSTARTUP",
				  "STEAM_COMPAT_DATA_PATH",
				  "STEAM_COMPAT_TOOL_PATHS",
				  "STEAM_COMPAT_MOUNTS",
				  "HOME",
				  "XDG_CONFIG_HOME",
				  "XDG_DATA_HOME",
				  "XDG_RUNTIME_DIR",
				  "PRESSURE_VESSEL_FILESYSTEMS_RW",
				  "PATH",
				  "ENABLE_MVGAL",
				  "DISABLE_MVGAL",
				  "MVGAL_FPS",
				  "PROTON_REMOTE_DEBUG_CMD" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char text[160];
		snprintf(text, sizeof(text), "[frame]\nfps = 30\n[env]\n%s = x\n", refused[i]);
		struct profile_source src = src_of("/c/p.ini", text);
		struct profile_diags d = { 0 };
		if (profile_check_source(&src, &d) != PROFILE_EINVAL || d.n != 1)
			fail_msg("%s: not refused", refused[i]);
		char line[600];
		assert_non_null(strstr(profile_diag_text(&d.v[0], line, sizeof(line)),
				       "/c/p.ini:4: [env] "));
		profile_diags_release(&d);
	}
	const char *fine[] = { "DXVK_HUD",	 "WINEDEBUG",		"DRI_PRIME",
			       "VKD3D_CONFIG",	 "VK_KHR_PRESENT_WAIT", "mesa_glthread",
			       "SDL_VIDEODRIVER" };
	char msg[160];
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		if (profile_env_name_check(fine[i], msg, sizeof(msg)))
			fail_msg("%s: %s", fine[i], msg);
}

/*
 * Issue 23: the interpreter, toolkit-module and start-up-hook variables of profiles/env_rules.c
 * are refused with file:line, each with its documented relatives (versioned Lua names, the
 * CoreCLR profiler's _32/_64 paths); the user's own GPU choice (driver selection by name, not
 * by file) stays allowed. Prints the figures for the threat model.
 */
static void test_env_user_profile_refuses_interpreter_toolkit_and_hook_variables(void **state)
{
	(void)state;
	static const char *const refused[] = {
		"BASH_ENV",
		"ENV",
		"SHELLOPTS",
		"BASHOPTS",
		"PS4",
		"GTK_MODULES",
		"GTK3_MODULES",
		"GTK_PATH",
		"GTK_IM_MODULE_FILE",
		"GTK_EXE_PREFIX",
		"GIO_MODULE_DIR",
		"GIO_EXTRA_MODULES",
		"GDK_PIXBUF_MODULE_FILE",
		"GDK_PIXBUF_MODULEDIR",
		"QT_PLUGIN_PATH",
		"QT_QPA_PLATFORM_PLUGIN_PATH",
		"QML_IMPORT_PATH",
		"QML2_IMPORT_PATH",
		"NODE_OPTIONS",
		"NODE_PATH",
		"NODE_REPL_EXTERNAL_MODULE",
		"JAVA_TOOL_OPTIONS",
		"_JAVA_OPTIONS",
		"JDK_JAVA_OPTIONS",
		"PERL5OPT",
		"PERL5LIB",
		"PERLLIB",
		"PERL5DB",
		"RUBYOPT",
		"RUBYLIB",
		"LUA_INIT",
		"LUA_INIT_5_4",
		"LUA_PATH",
		"LUA_PATH_5_1",
		"LUA_PATH_5_4",
		"LUA_CPATH",
		"LUA_CPATH_5_3",
		"DOTNET_STARTUP_HOOKS",
		"DOTNET_ADDITIONAL_DEPS",
		"CORECLR_ENABLE_PROFILING",
		"CORECLR_PROFILER",
		"CORECLR_PROFILER_PATH",
		"CORECLR_PROFILER_PATH_64",
		"OPENSSL_CONF",
		"OPENSSL_CONF_INCLUDE",
		"OPENSSL_MODULES",
		"OPENSSL_ENGINES",
		"MONO_PATH",
		"MONO_CONFIG",
		"MONO_ENV_OPTIONS",
		"MONO_GAC_PREFIX",
		"TCLLIBPATH",
	};
	size_t n_refused = 0;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char text[160], line[600];
		snprintf(text, sizeof(text), "[env]\n%s = /tmp/x\n", refused[i]);
		struct profile_source src = src_of("/c/p.ini", text);
		struct profile_diags d = { 0 };
		if (profile_check_source(&src, &d) != PROFILE_EINVAL || d.n != 1)
			fail_msg("%s: not refused", refused[i]);
		if (!strstr(profile_diag_text(&d.v[0], line, sizeof(line)), "/c/p.ini:2: [env] "))
			fail_msg("%s: %s", refused[i], line);
		n_refused++;
		profile_diags_release(&d);
	}
	// The user's own choice of GPU and driver by name (README "[env] rules")
	static const char *const fine[] = { "DRI_PRIME",
					    "__NV_PRIME_RENDER_OFFLOAD",
					    "__NV_PRIME_RENDER_OFFLOAD_PROVIDER",
					    "__VK_LAYER_NV_optimus",
					    "MESA_VK_DEVICE_SELECT",
					    "DXVK_FILTER_DEVICE_NAME",
					    "VKD3D_FILTER_DEVICE_NAME",
					    "LUA",
					    "NODE_ENV",
					    "JAVA_HOME",
					    "QT_QPA_PLATFORM",
					    "GTK_THEME",
					    "PS1",
					    "MONO_THREADS_SUSPEND" };
	char msg[160];
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		if (profile_env_name_check(fine[i], msg, sizeof(msg)))
			fail_msg("%s: %s", fine[i], msg);
	print_message("hostile user [env] names: %zu tried, %zu refused with file:line; "
		      "%zu GPU-choice and look-alike names allowed\n",
		      sizeof(refused) / sizeof(refused[0]), n_refused,
		      sizeof(fine) / sizeof(fine[0]));
}

/* The user's own launch.args keep any argument the DB may not carry (issue 23). */
static void test_args_user_profile_keeps_any_argument(void **state)
{
	(void)state;
	const char *text = "[launch]\nargs = --write-movie movie.avi -dumpmovie --log-net-log=x "
			   "--js-flags=--expose-gc --single-process --ignore-certificate-errors\n";
	struct profile_inputs in = { 0 };
	in.title_file = src_of("/c/t.ini", text);
	struct profile p;
	resolve_ok(&p, &in);
	assert_int_equal(p.n_args, 7);
	assert_string_equal(p.args[0], "--write-movie");
	assert_string_equal(p.args[6], "--ignore-certificate-errors");
	profile_release(&p);
	struct profile_source db =
		src_of("/s/compat.db", "[1]\nname = x\nreason = y\n"
				       "launch.args = --write-movie movie.avi\n");
	db.is_db_entry = true;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_check_source(&db, &d), PROFILE_EINVAL);
	assert_int_equal(d.n, 1);
	profile_diags_release(&d);
}

/* What the user set in the environment beats the DB; a user file still beats both. */
static void test_resolve_db_env_applies_only_where_environment_unset(void **state)
{
	(void)state;
	const char *db = "[1091500]\nname = x\nreason = y\nenv.DXVK_HUD = full\n"
			 "env.DXVK_ASYNC = 1\nenv.PROTON_NO_FSYNC = 1\n";
	const char *title = "[env]\nPROTON_NO_FSYNC = 0\n";
	const char *envp[] = { "DXVK_HUD=fps", "PROTON_NO_FSYNC=", NULL };
	struct profile_inputs in = { .envp = envp };
	in.db_entry = src_of("/s/compat.db", db);
	in.db_entry.is_db_entry = true;
	in.db_entry.label = "db:1091500";
	in.title_file = src_of("/c/t.ini", title);
	struct profile p;
	resolve_ok(&p, &in);
	assert_int_equal(p.n_env, 2);
	assert_string_equal(p.env[0].name, "DXVK_ASYNC"); /* unset in the environment: DB's */
	assert_string_equal(p.env[0].value, "1");
	assert_string_equal(p.env[1].name, "PROTON_NO_FSYNC"); /* set (empty): the user file's */
	assert_string_equal(p.env[1].origin, "/c/t.ini:2");
	profile_release(&p);
}

/* ---- args, files ----------------------------------------------------------------------- */

static void test_args_split_quotes_and_escapes(void **state)
{
	(void)state;
	char **argv;
	size_t argc;
	assert_int_equal(profile_args_split("  a  'b c' \"d \\\"e\" f\\ g '' ", &argv, &argc), 0);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "b c");
	assert_string_equal(argv[2], "d \"e");
	assert_string_equal(argv[3], "f g");
	assert_string_equal(argv[4], "");
	assert_null(argv[5]);
	profile_args_free(argv);
	assert_int_equal(profile_args_split("'x", &argv, &argc), PROFILE_EINVAL);
	assert_null(argv);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_files_load_prefers_appid_then_exe(void **state)
{
	(void)state;
	char dir[] = "/tmp/mvgal-prof.XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/profiles", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/profiles/game.exe.ini", dir);
	write_text(path, "[frame]\nfps = 10\n");
	struct profile_files f;
	struct profile_diags d = { 0 };
	assert_int_equal(profile_files_load(&f, dir, "123", "game.exe", &d), 0);
	assert_null(f.default_text);
	assert_string_equal(f.title_path, path);
	assert_string_equal(f.title_text, "[frame]\nfps = 10\n");
	profile_files_release(&f);

	char apath[256];
	snprintf(apath, sizeof(apath), "%s/profiles/123.ini", dir);
	write_text(apath, "[frame]\nfps = 11\n");
	assert_int_equal(profile_files_load(&f, dir, "123", "game.exe", &d), 0);
	assert_string_equal(f.title_path, apath);
	struct profile_inputs in = { 0 };
	profile_files_fill(&f, &in);
	struct profile p;
	resolve_ok(&p, &in);
	assert_int_equal(p.fps, 11);
	char origin[300];
	snprintf(origin, sizeof(origin), "%s:2", apath);
	assert_string_equal(p.values[PROFILE_KEY_FPS].origin, origin);
	profile_release(&p);
	profile_files_release(&f);
	/* a path in an exe name is never used as a file name */
	assert_int_equal(profile_files_load(&f, dir, NULL, "../x", &d), 0);
	assert_null(f.title_path);
	profile_files_release(&f);
	assert_int_equal(d.n, 0);
	unlink(path);
	unlink(apath);
	snprintf(path, sizeof(path), "%s/profiles", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_keys_are_consistent_and_defaults_valid),
		cmocka_unit_test(test_check_value_accepts_and_rejects_by_type),
		cmocka_unit_test(test_parse_reports_every_error_with_file_line),
		cmocka_unit_test(test_parse_good_file_is_clean),
		cmocka_unit_test(test_parse_rejects_duplicate_key_naming_first_line),
		cmocka_unit_test(test_parse_handles_indent_crlf_bom_and_comments),
		cmocka_unit_test(test_parse_refuses_colon_form_but_not_colons_in_values),
		cmocka_unit_test(test_parse_rejects_long_line_nul_and_keys_outside_section),
		cmocka_unit_test(test_resolve_builtin_defaults),
		cmocka_unit_test(test_resolve_every_layer_with_provenance),
		cmocka_unit_test(test_resolve_skips_a_bad_line_and_applies_the_rest),
		cmocka_unit_test(test_resolve_leaves_a_broken_db_entry_out_whole),
		cmocka_unit_test(test_parse_suggests_the_key_meant),
		cmocka_unit_test(test_resolve_reports_bad_env_and_option_and_ignores_them),
		cmocka_unit_test(test_resolve_typed_values_from_good_file),
		cmocka_unit_test(test_layer_vars_pass_fps_vrr),
		cmocka_unit_test(test_layer_vars_unset_at_game_choice),
		cmocka_unit_test(test_hud_keys_reach_the_layer),
		cmocka_unit_test(test_env_refuses_dangerous_and_invalid_names),
		cmocka_unit_test(test_env_db_allows_only_the_exact_list),
		cmocka_unit_test(test_env_user_profile_refuses_loader_driver_and_home_variables),
		cmocka_unit_test(test_env_user_profile_refuses_interpreter_toolkit_and_hook_variables),
		cmocka_unit_test(test_args_user_profile_keeps_any_argument),
		cmocka_unit_test(test_resolve_db_env_applies_only_where_environment_unset),
		cmocka_unit_test(test_args_split_quotes_and_escapes),
		cmocka_unit_test(test_files_load_prefers_appid_then_exe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
