// SPDX-License-Identifier: MIT
// `mvgal-launch gpus [--json]`: the machine's GPUs as a user picks them: index, vendor, name,
// PCI address, driver, which one drives the display, the gpu.select terms that match it, and
// VRAM, temperature and load where sysfs (amdgpu) or NVML (NVIDIA's driver) has them. NVML is
// dlopen()ed here only: a launch never loads it.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/commands.h"
#include "launcher/gpus.h"
#include "launcher/launcher.h"
#include "launcher/usage.h"

/* NVML's C API (nvml.h, NVIDIA Management Library): the few calls used, declared here. */
typedef struct nvml_device *nvml_device;
struct nvml_memory {
	unsigned long long total, free, used;
};
struct nvml_utilization {
	unsigned int gpu, memory;
};
struct nvml {
	void *so;
	int (*init)(void);
	int (*shutdown)(void);
	int (*by_pci)(const char *bus_id, nvml_device *dev);
	int (*name)(nvml_device dev, char *name, unsigned int len);
	int (*temperature)(nvml_device dev, int sensor, unsigned int *temp_c);
	int (*utilization)(nvml_device dev, struct nvml_utilization *u);
	int (*memory)(nvml_device dev, struct nvml_memory *m);
};

static bool nvml_open(struct nvml *n)
{
	*n = (struct nvml){ .so = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL) };
	if (!n->so)
		return false;
	*(void **)&n->init = dlsym(n->so, "nvmlInit_v2");
	*(void **)&n->shutdown = dlsym(n->so, "nvmlShutdown");
	*(void **)&n->by_pci = dlsym(n->so, "nvmlDeviceGetHandleByPciBusId_v2");
	*(void **)&n->name = dlsym(n->so, "nvmlDeviceGetName");
	*(void **)&n->temperature = dlsym(n->so, "nvmlDeviceGetTemperature");
	*(void **)&n->utilization = dlsym(n->so, "nvmlDeviceGetUtilizationRates");
	*(void **)&n->memory = dlsym(n->so, "nvmlDeviceGetMemoryInfo");
	if (!n->init || !n->shutdown || !n->by_pci || n->init() != 0) {
		dlclose(n->so);
		n->so = NULL;
		return false;
	}
	return true;
}

/* Fills what NVML knows about g (NVML_SUCCESS is 0; NVML_TEMPERATURE_GPU is 0). */
static void nvml_fill(struct nvml *n, struct gpu_sysfs *g)
{
	nvml_device dev;
	char name[96];
	unsigned int temp;
	struct nvml_utilization u;
	struct nvml_memory m;
	if (!n->so || n->by_pci(g->pci, &dev) != 0)
		return;
	if (n->name && n->name(dev, name, sizeof(name)) == 0)
		snprintf(g->name, sizeof(g->name), "%s", name);
	if (n->temperature && n->temperature(dev, 0, &temp) == 0)
		g->temp_mc = (long long)temp * 1000;
	if (n->utilization && n->utilization(dev, &u) == 0)
		g->busy_percent = (int)u.gpu;
	if (n->memory && n->memory(dev, &m) == 0) {
		g->vram_bytes = (long long)m.total;
		g->vram_used_bytes = (long long)m.used;
	}
}

/* s as a JSON string that is valid UTF-8 whatever the file held (pci.ids is not checked by
 * anyone): controls (common/text.h; C1 too, the output may reach a terminal) as \u00XX, a byte
 * that is not UTF-8 as U+FFFD. */
static void json_string(const char *s)
{
	putchar('"');
	for (size_t len; *s; s += len) {
		uint32_t cp;

		len = text_decode(s, &cp);
		if (cp == '"' || cp == '\\')
			printf("\\%c", (char)cp);
		else if (cp == TEXT_INVALID)
			fputs("\\ufffd", stdout);
		else if (text_is_control(cp))
			printf("\\u%04x", (unsigned)cp);
		else
			fwrite(s, 1, len, stdout);
	}
	putchar('"');
}

static void json_number(const char *key, long long v, bool is_known)
{
	if (is_known)
		printf(", \"%s\": %lld", key, v);
	else
		printf(", \"%s\": null", key);
}

static void print_json(const struct gpu_list *l)
{
	char vendor[16], terms[GPUS_TERMS][32];
	printf("[");
	for (size_t i = 0; i < l->n; i++) {
		const struct gpu_sysfs *g = &l->v[i];
		printf("%s\n  {\"index\": %zu, \"vendor\": ", i ? "," : "", i);
		json_string(gpus_vendor(g, vendor, sizeof(vendor)));
		printf(", \"vendor_id\": \"0x%04x\", \"device_id\": \"0x%04x\", \"name\": ",
		       g->vendor_id, g->device_id);
		json_string(g->name);
		printf(", \"pci\": \"%s\", \"class\": \"0x%06x\", \"driver\": ", g->pci,
		       g->class_code);
		json_string(g->driver);
		printf(", \"display\": %s, \"select\": [", g->is_boot_vga ? "true" : "false");
		size_t nt = gpus_terms(g, terms);
		for (size_t t = 0; t < nt; t++)
			printf("%s\"%s\"", t ? ", " : "", terms[t]);
		printf("]");
		json_number("vram_bytes", g->vram_bytes, g->vram_bytes >= 0);
		json_number("vram_used_bytes", g->vram_used_bytes, g->vram_used_bytes >= 0);
		json_number("temperature_mc", g->temp_mc, g->temp_mc != GPUS_TEMP_UNKNOWN);
		json_number("busy_percent", g->busy_percent, g->busy_percent >= 0);
		printf("}");
	}
	printf("%s]\n", l->n ? "\n" : "");
}

static void print_text(const struct gpu_list *l, const char *root)
{
	char vendor[16], terms[GPUS_TERMS][32], name[160], driver[40], vram[32], temp[24], busy[16];
	if (!l->n) {
		printf("no PCI display devices under %s/bus/pci/devices\n", root);
		return;
	}
	printf("%-2s %-7s %-12s %-8s %-7s %-9s %-6s %-5s %s\n", "#", "vendor", "pci", "driver",
	       "display", "vram", "temp", "busy", "name");
	for (size_t i = 0; i < l->n; i++) {
		const struct gpu_sysfs *g = &l->v[i];
		snprintf(vram, sizeof(vram), "-");
		if (g->vram_bytes >= 0)
			snprintf(vram, sizeof(vram), "%.1f GiB", (double)g->vram_bytes / (1 << 30));
		snprintf(temp, sizeof(temp), "-");
		if (g->temp_mc != GPUS_TEMP_UNKNOWN)
			snprintf(temp, sizeof(temp), "%lld C", g->temp_mc / 1000);
		snprintf(busy, sizeof(busy), "-");
		if (g->busy_percent >= 0)
			snprintf(busy, sizeof(busy), "%d %%", g->busy_percent);
		if (g->name[0])
			text_safe(g->name, name, sizeof(name));
		else
			snprintf(name, sizeof(name), "PCI %04x:%04x", g->vendor_id, g->device_id);
		printf("%-2zu %-7s %-12s %-8s %-7s %-9s %-6s %-5s %s\n", i,
		       gpus_vendor(g, vendor, sizeof(vendor)), g->pci,
		       text_safe(g->driver[0] ? g->driver : "-", driver, sizeof(driver)),
		       g->is_boot_vga ? "yes" : "no", vram, temp, busy, name);
		size_t nt = gpus_terms(g, terms);
		printf("   select with:");
		for (size_t t = 0; t < nt; t++)
			printf("%s %s", t ? "," : "", terms[t]);
		printf("\n");
	}
	printf("gpu.select (--gpu, MVGAL_GPU) takes these terms, a list orders, '!' hides; a name "
	       "substring works too.\n");
}

static void usage(FILE *out)
{
	fputs("usage: mvgal-launch gpus [--json]\n"
	      "  The GPUs (PCI display devices in sysfs; MVGAL_SYSFS_ROOT replaces /sys): vendor,\n"
	      "  PCI address, driver, the one driving the display, VRAM, temperature, load, and\n"
	      "  the gpu.select terms that pick each.\n",
	      out);
}

int cmd_gpus(int argc, char **argv)
{
	bool is_json = false;
	struct gpu_list l;
	struct nvml nvml = { 0 };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			is_json = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else {
			error("gpus: unknown argument '%s'", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	const char *asked = getenv("MVGAL_SYSFS_ROOT"), *root = gpus_sysfs_root(asked);
	if (asked && asked[0] != '/') {
		char safe[256];
		/* a relative root is not honoured (it would depend on the game's folder): say so */
		error("gpus: MVGAL_SYSFS_ROOT='%s' is not an absolute path: "
		      "ignored, reading %s",
		      text_safe(asked, safe, sizeof(safe)), root);
	}
	if (gpus_scan(root, getenv("MVGAL_PCI_IDS"), true, true, &l) < 0) {
		error("gpus: out of memory");
		return 1;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.v[i].driver, "nvidia"))
			continue;
		if (!nvml.so && !nvml_open(&nvml))
			break;
		nvml_fill(&nvml, &l.v[i]);
	}
	if (nvml.so) {
		nvml.shutdown();
		dlclose(nvml.so);
	}
	if (is_json)
		print_json(&l);
	else
		print_text(&l, root);
	return 0;
}
