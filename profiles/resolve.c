// SPDX-License-Identifier: MIT
// Layering with provenance: built-in <- default.ini <- DB entry <- title file <- MVGAL_* env
// <- --profile FILE <- options. A user file's bad lines are skipped (named in the diags) and the
// rest applies, as MangoHud and DXVK do with their files; a DB entry with any error is left out
// whole (a refused line there means the entry is not what the DB's rules allow).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/setting.h"
#include "pacer/pacer.h"
#include "profiles/profiles_internal.h"

/* Replaces *slot with a copy of s; on failure leaves *slot alone. */
static int set_str(char **slot, const char *s)
{
	char *c = profile_strdup(s);
	if (!c)
		return PROFILE_ENOMEM;
	free(*slot);
	*slot = c;
	return 0;
}

static char *origin_of(const struct profile_source *src, int line)
{
	char buf[4200];
	if (src->label)
		snprintf(buf, sizeof(buf), "%s (%s:%d)", src->label, src->file, line);
	else
		snprintf(buf, sizeof(buf), "%s:%d", src->file, line);
	return profile_strdup(buf);
}

static int set_value(struct profile *p, enum profile_key key, const char *text, char *origin)
{
	if (!origin)
		return PROFILE_ENOMEM;
	struct profile_value *v = &p->values[key];
	if (set_str(&v->text, text)) {
		free(origin);
		return PROFILE_ENOMEM;
	}
	free(v->origin);
	v->origin = origin;
	return 0;
}

static int set_env(struct profile *p, const char *name, const char *value, char *origin)
{
	if (!origin)
		return PROFILE_ENOMEM;
	for (size_t i = 0; i < p->n_env; i++) {
		struct profile_env *e = &p->env[i];
		if (!strcmp(e->name, name)) {
			if (set_str(&e->value, value)) {
				free(origin);
				return PROFILE_ENOMEM;
			}
			free(e->origin);
			e->origin = origin;
			return 0;
		}
	}
	struct profile_env *nv = realloc(p->env, (p->n_env + 1) * sizeof(*nv));
	if (!nv) {
		free(origin);
		return PROFILE_ENOMEM;
	}
	p->env = nv;
	struct profile_env *e = &p->env[p->n_env];
	e->name = profile_strdup(name);
	e->value = profile_strdup(value);
	e->origin = origin;
	if (!e->name || !e->value) {
		free(e->name);
		free(e->value);
		free(origin);
		return PROFILE_ENOMEM;
	}
	p->n_env++;
	return 0;
}

static const char *env_lookup(const char *const *envp, const char *name)
{
	size_t n = strlen(name);
	for (; envp && *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* envp: the environment; a DB entry's [env] value applies only where it leaves NAME unset. */
static int apply_source(struct profile *p, const struct profile_source *src,
			const char *const *envp, struct profile_diags *diags)
{
	struct profile_layer l;
	int rc = profile_layer_parse(src, &l, diags);
	if (rc || (l.n_errors && src->is_db_entry))
		goto out;
	for (size_t i = 0; i < l.n && !rc; i++) {
		const struct profile_item *it = &l.v[i];
		if (it->kind == ITEM_SETTING)
			rc = set_value(p, it->key, it->value, origin_of(src, it->line));
		else if (it->kind == ITEM_ENV && src->is_db_entry && env_lookup(envp, it->env_name))
			continue; /* what the user set beats the DB (README "Threat model") */
		else if (it->kind == ITEM_ENV)
			rc = set_env(p, it->env_name, it->value, origin_of(src, it->line));
		else if (!strcmp(it->env_name, "name"))
			rc = set_str(&p->storage_[0], it->value);
		else if (!strcmp(it->env_name, "reason"))
			rc = set_str(&p->storage_[1], it->value);
	}
out:
	profile_layer_release(&l);
	return rc;
}

static int apply_env(struct profile *p, const char *const *envp, struct profile_diags *diags)
{
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		const struct profile_setting *s = &profile_settings[k];
		const char *v = s->env ? env_lookup(envp, s->env) : NULL;
		if (!v)
			continue;
		char msg[160], origin[64];
		if (profile_check_value(s->key, v, msg, sizeof(msg))) {
			profile_diag_add(diags, "environment", 0, "%s: %s", s->env, msg);
			continue;
		}
		snprintf(origin, sizeof(origin), "env %s", s->env);
		if (set_value(p, s->key, v, profile_strdup(origin)))
			return PROFILE_ENOMEM;
	}
	return 0;
}

static int apply_overrides(struct profile *p, const struct profile_inputs *in,
			   struct profile_diags *diags)
{
	for (size_t i = 0; i < in->n_overrides; i++) {
		const struct profile_override *o = &in->overrides[i];
		const char *origin = o->origin ? o->origin : "command line";
		char msg[160];
		if (profile_check_value(o->key, o->value, msg, sizeof(msg))) {
			profile_diag_add(diags, origin, 0, "%s", msg);
			continue;
		}
		if (set_value(p, o->key, o->value, profile_strdup(origin)))
			return PROFILE_ENOMEM;
	}
	return 0;
}

/* Fills the typed view from values[] (all of which passed profile_check_value()). */
static int derive(struct profile *p)
{
	p->proton = p->values[PROFILE_KEY_PROTON].text;
	p->gpu_select = p->values[PROFILE_KEY_GPU].text;
	if (profile_args_split(p->values[PROFILE_KEY_ARGS].text, &p->args, &p->n_args))
		return PROFILE_ENOMEM;
	struct pacer_target target = { 0 };
	pacer_target_parse(p->values[PROFILE_KEY_FPS].text, &target);
	p->fps = target.fps;
	p->fps_divisor = target.divisor;
	p->is_fps_vrr = target.is_vrr;
	enum setting_pacer pacer = SETTING_PACER_ON;
	setting_pacer_parse(p->values[PROFILE_KEY_PACER].text, &pacer);
	p->is_pacer_on = pacer != SETTING_PACER_OFF;
	p->is_pacer_latency = pacer == SETTING_PACER_LATENCY;
	p->present_mode = SETTING_PRESENT_AUTO;
	setting_present_mode_parse(p->values[PROFILE_KEY_PRESENT_MODE].text, &p->present_mode);
	p->images = 0;
	setting_images_parse(p->values[PROFILE_KEY_IMAGES].text, &p->images);
	const char *tel = p->values[PROFILE_KEY_TELEMETRY].text;
	enum setting_telemetry t = SETTING_TELEMETRY_OFF;
	setting_telemetry_parse(tel, &t);
	p->is_telemetry_on = t != SETTING_TELEMETRY_OFF;
	p->telemetry_path = t == SETTING_TELEMETRY_DIR || t == SETTING_TELEMETRY_FILE ? tel : NULL;
	setting_bool_parse(p->values[PROFILE_KEY_HUD].text, &p->is_hud_on);
	p->hud_position = SETTING_HUD_TOP_LEFT;
	setting_hud_position_parse(p->values[PROFILE_KEY_HUD_POSITION].text, &p->hud_position);
	p->hud_scale = 1;
	setting_hud_scale_parse(p->values[PROFILE_KEY_HUD_SCALE].text, &p->hud_scale);
	p->db_name = p->storage_[0];
	p->db_reason = p->storage_[1];
	return 0;
}

int profile_resolve(struct profile *out, const struct profile_inputs *in, struct profile_diags *diags)
{
	*out = (struct profile){ 0 };
	int rc = 0;
	for (size_t k = 0; k < PROFILE_KEY_COUNT && !rc; k++)
		rc = set_value(out, (enum profile_key)k, profile_settings[k].default_value,
			       profile_strdup("built-in"));
	const struct profile_source *files[] = { &in->default_file, &in->db_entry, &in->title_file };
	for (size_t i = 0; i < 3 && !rc; i++)
		rc = apply_source(out, files[i], in->envp, diags);
	if (!rc)
		rc = apply_env(out, in->envp, diags);
	if (!rc)
		rc = apply_source(out, &in->cli_file, in->envp, diags);
	if (!rc)
		rc = apply_overrides(out, in, diags);
	if (!rc)
		rc = derive(out);
	if (rc)
		profile_release(out);
	return rc;
}

void profile_release(struct profile *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < PROFILE_KEY_COUNT; k++) {
		free(p->values[k].text);
		free(p->values[k].origin);
	}
	for (size_t i = 0; i < p->n_env; i++) {
		free(p->env[i].name);
		free(p->env[i].value);
		free(p->env[i].origin);
	}
	free(p->env);
	profile_args_free(p->args);
	free(p->storage_[0]);
	free(p->storage_[1]);
	*p = (struct profile){ 0 };
}

size_t profile_layer_vars(const struct profile *p, const char *telemetry_csv,
			  struct profile_var out[PROFILE_LAYER_VARS_MAX])
{
	size_t n = 0;
	for (size_t k = 0; k < PROFILE_KEY_COUNT && n < PROFILE_LAYER_VARS_MAX; k++) {
		const struct profile_setting *s = &profile_settings[k];
		if (!s->is_layer_var)
			continue;
		const char *v = p->values[k].text;
		switch (s->key) {
		case PROFILE_KEY_GPU:
			v = *v ? v : NULL;
			break;
		case PROFILE_KEY_FPS:
			v = (p->fps || p->fps_divisor || p->is_fps_vrr) ? v : NULL;
			break;
		case PROFILE_KEY_PACER:
			v = p->is_pacer_latency ? "latency" : p->is_pacer_on ? "on" : "off";
			break;
		case PROFILE_KEY_PRESENT_MODE:
			v = p->present_mode == SETTING_PRESENT_AUTO ? NULL
								    : s->choices[p->present_mode];
			break;
		case PROFILE_KEY_IMAGES:
			v = p->images ? v : NULL;
			break;
		case PROFILE_KEY_TELEMETRY:
			v = p->is_telemetry_on ? telemetry_csv : NULL;
			break;
		case PROFILE_KEY_HUD:
			v = p->is_hud_on ? "1" : NULL;
			break;
		case PROFILE_KEY_HUD_POSITION:
			v = p->is_hud_on ? s->choices[p->hud_position] : NULL;
			break;
		case PROFILE_KEY_HUD_SCALE:
			v = p->is_hud_on ? v : NULL;
			break;
		default:
			break;
		}
		out[n++] = (struct profile_var){ .name = s->env, .value = v };
	}
	return n;
}
