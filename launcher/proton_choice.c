// SPDX-License-Identifier: MIT
// The build a title runs and why (issue 24): the profile's launch.proton, else the tool the title
// ran before mvgal-launch (config.vdf, set-tool's memory), else Steam Play's default; the choice
// among the builds is steam/proton.c's.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "launcher/launcher.h"
#include "launcher/usage.h"
#include "vdf/vdf.h"

void proton_choice_dirs_of(const struct strv *env, struct proton_choice_dirs *d)
{
	if (env) {
		env_xdg_dir(env, "XDG_STATE_HOME", ".local/state", d->state);
		env_xdg_dir(env, "XDG_CONFIG_HOME", ".config", d->config);
	} else {
		fs_xdg_dir("XDG_STATE_HOME", ".local/state", d->state);
		fs_xdg_dir("XDG_CONFIG_HOME", ".config", d->config);
	}
}

void proton_choice_make(const struct steam_proton_list *l, const char *root, const char *appid,
			const char *proton, const char *origin,
			const struct proton_choice_dirs *dirs, struct proton_choice *c)
{
	*c = (struct proton_choice){ 0 };
	char cfg[PATH_MAX], real[PATH_MAX], title_before[128], default_before[128];
	bool is_title = false, is_default = false;
	struct vdf_node *doc = NULL;
	struct launch_err e;
	if (proton && proton[0]) {
		snprintf(c->wanted, sizeof(c->wanted), "%s", proton);
		snprintf(c->why, sizeof(c->why), "launch.proton from %s", origin ? origin : "?");
		steam_proton_choose(l, proton, &c->pick);
		if (c->pick.is_family && c->pick.p)
			snprintf(c->why, sizeof(c->why),
				 "the newest of \"%s\", launch.proton from %s", proton,
				 origin ? origin : "?");
		else if (!strcasecmp(proton, "newest"))
			snprintf(c->why, sizeof(c->why),
				 "the newest installed, launch.proton from %s",
				 origin ? origin : "?");
		if (!c->pick.p && !c->pick.passed_over)
			steam_proton_not_installed(l, proton, c->why, "there", c->error,
						   sizeof(c->error));
		return;
	}
	if (root && fs_path_join(cfg, root, "config/config.vdf") == 0 && fs_is_file(cfg)) {
		if (launch_vdf_load(cfg, &doc, &e) < 0)
			error("%s (Steam Play's default not read)", e.msg);
		if (!realpath(cfg, real))
			snprintf(real, sizeof(real), "%s", cfg);
		is_title = settool_remembered(dirs->state, real, appid, title_before,
					      sizeof(title_before));
		is_default = settool_remembered(dirs->state, real, "0", default_before,
						sizeof(default_before));
	}
	struct steam_tool_before b;
	steam_tool_before(doc, appid, is_title ? title_before : NULL,
			  is_default ? default_before : NULL, &b);
	vdf_free(doc);
	snprintf(c->wanted, sizeof(c->wanted), "%s", b.name);
	snprintf(c->why, sizeof(c->why), "%s", steam_tool_why_text(b.why));
	c->pick.p = steam_proton_named(l, b.name);
	if (!c->pick.p) {
		char where[PATH_MAX + 64];
		snprintf(where, sizeof(where),
			 "in %s/mvgal/profiles/%s.ini ([launch] proton = NAME)", dirs->config, appid);
		steam_proton_not_installed(l, b.name, c->why, where, c->error, sizeof(c->error));
	}
}

const char *proton_choice_text(const struct proton_choice *c, char *out, size_t size)
{
	const struct steam_proton *p = c->pick.p;
	if (!p)
		return snprintf(out, size, "(none): %s", c->error), out;
	bool has_internal = p->internal[0] && strcmp(p->internal, p->name);
	snprintf(out, size, "%s%s%s%s: %s", p->name, has_internal ? " [" : "",
		 has_internal ? p->internal : "", has_internal ? "]" : "", c->why);
	return out;
}
