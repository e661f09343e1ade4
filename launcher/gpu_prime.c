// SPDX-License-Identifier: MIT
// gpu.select for OpenGL: the GPU the layer's matcher puts first, and the PRIME render offload
// variables of its driver. Mesa reads DRI_PRIME=pci-DDDD_BB_DD_F (loader_get_user_preferred_fd
// in Mesa's src/loader/loader.c; its device-select Vulkan layer reads the same variable);
// NVIDIA's driver reads __NV_PRIME_RENDER_OFFLOAD=1 with __GLX_VENDOR_LIBRARY_NAME=nvidia (GLVND
// picks NVIDIA's GLX) and __VK_LAYER_NV_optimus=NVIDIA_only for Vulkan (NVIDIA's README,
// "PRIME Render Offload"). The GPU driving the display needs nothing: it is every driver's
// default.
#include <stdio.h>
#include <string.h>

#include "launcher/gpus.h"
#include "common/gpu_select.h"

static bool is_mesa_driver(const char *driver)
{
	static const char *const mesa[] = { "amdgpu", "radeon", "i915", "xe", "nouveau" };
	for (size_t i = 0; i < sizeof(mesa) / sizeof(mesa[0]); i++)
		if (!strcmp(driver, mesa[i]))
			return true;
	return false;
}

static void add(struct gpus_prime *p, const char *name, const char *value)
{
	p->names[p->n_vars] = name;
	snprintf(p->values[p->n_vars], sizeof(p->values[0]), "%s", value);
	p->n_vars++;
}

/*
 * The first GPU in the layer's order. Among GPUs of equal rank (a vendor term matching two, or
 * only `!` terms) the display GPU comes first, then PCI order: that is the Vulkan drivers' own
 * default order (Mesa's device-select puts the boot_vga GPU first), so the layer, which keeps
 * the driver's order for ties, ends up on the same GPU.
 */
static int first_choice(const struct gpu_list *l, const struct gpu_selection *sel)
{
	struct gpu_info gpus[GPUS_MAX];
	int rank[GPUS_MAX], best = -1;
	for (size_t i = 0; i < l->n; i++) {
		const struct gpu_sysfs *g = &l->v[i];
		gpus[i] = (struct gpu_info){ .vendor_id = g->vendor_id,
					     .device_id = g->device_id,
					     .has_pci = true,
					     .pci_domain = g->domain,
					     .pci_bus = g->bus,
					     .pci_dev = g->dev,
					     .pci_func = g->func };
		snprintf(gpus[i].name, sizeof(gpus[i].name), "%s", g->name);
	}
	if (gpu_select_rank(sel, gpus, (unsigned)l->n, rank) == 0)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		if (rank[i] < 0)
			continue;
		if (best < 0 || rank[i] < rank[best] ||
		    (rank[i] == rank[best] && l->v[i].is_boot_vga && !l->v[best].is_boot_vga))
			best = (int)i;
	}
	return best;
}

void gpus_prime_choose(const struct gpu_list *l, const char *select, struct gpus_prime *out)
{
	struct gpu_selection sel;
	char msg[160];
	*out = (struct gpus_prime){ .chosen = -1 };
	if (!select || !select[0]) {
		snprintf(out->why, sizeof(out->why), "no gpu.select: drivers' default");
		return;
	}
	if (gpu_select_parse(select, &sel, msg, sizeof(msg)) < 0) {
		snprintf(out->why, sizeof(out->why), "gpu.select: %s", msg);
		return;
	}
	int i = first_choice(l, &sel);
	if (i < 0) {
		snprintf(out->why, sizeof(out->why), "no PCI GPU of %zu matches: drivers' default",
			 l->n);
		return;
	}
	const struct gpu_sysfs *g = &l->v[i];
	out->chosen = i;
	if (g->is_boot_vga) {
		snprintf(out->why, sizeof(out->why), "%s drives the display: nothing to set", g->pci);
	} else if (!strcmp(g->driver, "nvidia")) {
		add(out, "__NV_PRIME_RENDER_OFFLOAD", "1");
		add(out, "__GLX_VENDOR_LIBRARY_NAME", "nvidia");
		add(out, "__VK_LAYER_NV_optimus", "NVIDIA_only");
		snprintf(out->why, sizeof(out->why), "%s (nvidia): NVIDIA PRIME offload", g->pci);
	} else if (is_mesa_driver(g->driver)) {
		char v[32];
		snprintf(v, sizeof(v), "pci-%04x_%02x_%02x_%x", g->domain, g->bus, g->dev, g->func);
		add(out, "DRI_PRIME", v);
		snprintf(out->why, sizeof(out->why), "%s (%s): Mesa DRI_PRIME", g->pci, g->driver);
	} else {
		snprintf(out->why, sizeof(out->why), "%s (driver %s): no offload variable known",
			 g->pci, g->driver[0] ? g->driver : "none");
	}
}
