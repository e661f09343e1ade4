// SPDX-License-Identifier: MIT
/*
 * gpu_select — the pure part of MVGAL_GPU / gpu.select: parsing the selection and ranking GPUs by
 * it. No I/O, no Vulkan calls, no globals. The layer applies it and the launcher's `profile check`
 * validates gpu.select with the same gpu_select_parse(), so both accept exactly the same text
 * (tests/unit/test_common.c).
 *
 * Syntax: a comma-separated list of terms, each optionally prefixed with `!` (hide):
 *   nvidia | amd | intel | cpu       vendor (0x10de, 0x1002, 0x8086) or CPU device type
 *   0x10de  or  0x10de:0x2786        PCI vendor id, optionally with the device id
 *   pci:0000:01:00.0  or  pci:01:00.0 PCI address (VK_EXT_pci_bus_info), domain defaults to 0
 *   32 hex digits (dashes allowed)   deviceUUID (VkPhysicalDeviceIDProperties)
 *   anything else                    case-insensitive substring of deviceName
 *
 * Rules: a GPU matching any `!` term is hidden. If the list has at least one positive term, only
 * GPUs matching one are shown, ordered by the first term they match (ties keep the driver's
 * order); with only `!` terms every other GPU is shown in the driver's order.
 */
#ifndef MVGAL_COMMON_GPU_SELECT_H
#define MVGAL_COMMON_GPU_SELECT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GPU_SELECT_MAX_TERMS 16
#define GPU_SELECT_MAX_GPUS 64

enum gpu_select_error {
	GPU_SELECT_OK = 0,
	GPU_SELECT_EINVAL = -EINVAL, /* a term that cannot be read */
	GPU_SELECT_E2BIG = -E2BIG,   /* more than GPU_SELECT_MAX_TERMS terms */
};

const char *gpu_select_strerror(int err);

enum gpu_term_kind {
	GPU_TERM_VENDOR,
	GPU_TERM_VENDOR_DEVICE,
	GPU_TERM_CPU,
	GPU_TERM_PCI,
	GPU_TERM_UUID,
	GPU_TERM_NAME,
};

struct gpu_term {
	enum gpu_term_kind kind;
	bool is_hide;
	uint32_t vendor_id, device_id;
	uint32_t pci_domain, pci_bus, pci_dev, pci_func;
	uint8_t uuid[16];
	char name[64];
};

struct gpu_selection {
	struct gpu_term terms[GPU_SELECT_MAX_TERMS];
	unsigned n_terms;
	bool has_positive;
	bool needs_pci;	 /* a term needs VK_EXT_pci_bus_info */
	bool needs_uuid; /* a term needs VkPhysicalDeviceIDProperties */
};

/* What the layer knows about one physical device (filled from the driver's properties). */
struct gpu_info {
	uint32_t vendor_id, device_id;
	bool is_cpu;
	char name[256];
	bool has_pci;
	uint32_t pci_domain, pci_bus, pci_dev, pci_func;
	bool has_uuid;
	uint8_t uuid[16];
};

/*
 * Parses MVGAL_GPU text into *sel. On error *sel is empty (selects everything) and msg (may be
 * NULL) holds a one-line reason naming the bad term. Returns 0 or a negative gpu_select_error.
 */
int gpu_select_parse(const char *text, struct gpu_selection *sel, char *msg, size_t msg_len);

/*
 * Ranks n GPUs: rank[i] is -1 when GPU i is hidden, else its sort key (lower first). Returns the
 * number of GPUs shown (0 means the caller falls back to all of them).
 */
unsigned gpu_select_rank(const struct gpu_selection *sel, const struct gpu_info *gpus, unsigned n,
			 int *rank);

/* Writes the indices of the shown GPUs into order[] (stable by rank), returns how many. */
unsigned gpu_select_order(const int *rank, unsigned n, unsigned *order);

/* Short vendor word for a PCI vendor id ("nvidia", "amd", "intel", or "" when unknown). */
const char *gpu_vendor_name(uint32_t vendor_id);

/* Formats a UUID as 8-4-4-4-12 hex into out (at least 37 bytes). */
void gpu_format_uuid(const uint8_t uuid[16], char *out);

#endif
