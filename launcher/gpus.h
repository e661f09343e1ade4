// SPDX-License-Identifier: MIT
// The machine's GPUs as the launcher sees them, without initialising Vulkan or OpenGL (a launch
// must stay fast): PCI display devices from sysfs, the OpenGL side of gpu.select (the drivers'
// PRIME offload variables, DESIGN.md section 5b) and the preload library that paces OpenGL.
// Internal to launcher/. The selection itself is the layer's (common/gpu_select.h): one parser,
// one matcher, so the Vulkan layer and the OpenGL variables always name the same GPU.
#ifndef MVGAL_LAUNCHER_GPUS_H
#define MVGAL_LAUNCHER_GPUS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GPUS_MAX 16
#define GPUS_TEMP_UNKNOWN LLONG_MIN

struct gpu_sysfs {
	char pci[16]; /* "0000:01:00.0" (the sysfs directory name) */
	uint32_t domain, bus, dev, func;
	uint32_t vendor_id, device_id, class_code;
	char driver[32];  /* basename of the driver link, "" when unbound */
	bool is_boot_vga; /* boot_vga reads 1: the GPU driving the display */
	char name[128];	  /* from pci.ids when asked for, else "" */
	/* sensors (gpus_scan(..., with_sensors)): -1 / GPUS_TEMP_UNKNOWN when not exposed */
	long long vram_bytes;
	long long vram_used_bytes;
	long long temp_mc; /* millidegrees Celsius (hwmon temp1_input), all 64 bits of it */
	int busy_percent;  /* gpu_busy_percent */
};

struct gpu_list {
	struct gpu_sysfs v[GPUS_MAX];
	size_t n;
};

/* value (MVGAL_SYSFS_ROOT's, read by the caller from its environment; tests point it at
 * tests/data/sysfs/<machine>) when it is an absolute path, else "/sys". */
const char *gpus_sysfs_root(const char *value);

/*
 * Fills *out with the display-class PCI devices (class 0x03xxxx) under <root>/bus/pci/devices,
 * sorted by PCI address. Names come from pci.ids only when with_names (pci_ids: MVGAL_PCI_IDS's
 * value, read by the caller, else NULL; then the system's pci.ids), sensors only when
 * with_sensors. Returns 0 (a missing tree is an empty list) or -ENOMEM.
 */
int gpus_scan(const char *root, const char *pci_ids, bool with_names, bool with_sensors,
	      struct gpu_list *out);

/* "intel", "amd", "nvidia" or "0xVVVV" into out. */
const char *gpus_vendor(const struct gpu_sysfs *g, char *out, size_t size);

/* The gpu.select terms that match g ("amd", "0x1002", "0x1002:0x73bf", "pci:..."); the count. */
#define GPUS_TERMS 4
size_t gpus_terms(const struct gpu_sysfs *g, char terms[GPUS_TERMS][32]);

/* The OpenGL side of one gpu.select value. */
struct gpus_prime {
	int chosen; /* index into the list, -1 when none */
	size_t n_vars;
	const char *names[3];
	char values[3][32];
	char why[256]; /* one line for launch.log: what was chosen and why */
};

/*
 * Chooses the GPU that select (MVGAL_GPU syntax, "" = no choice) puts first, with the layer's
 * matcher, and the variables that make OpenGL use it: DRI_PRIME=pci-DDDD_BB_DD_F for Mesa's
 * drivers; __NV_PRIME_RENDER_OFFLOAD, __GLX_VENDOR_LIBRARY_NAME, __VK_LAYER_NV_optimus for
 * NVIDIA's; none for the display GPU, an unknown driver or no match (why says which). Pure.
 */
void gpus_prime_choose(const struct gpu_list *l, const char *select, struct gpus_prime *out);

#endif
