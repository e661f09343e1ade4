// SPDX-License-Identifier: MIT
// PCI display devices from sysfs (Linux ABI: Documentation/ABI/testing/sysfs-bus-pci): each
// /sys/bus/pci/devices/DDDD:BB:DD.F has `class`, `vendor`, `device` ("0x...\n"), a `driver`
// symlink when bound, `boot_vga` on VGA devices, and, for amdgpu, `mem_info_vram_*`,
// `gpu_busy_percent`; temperatures are in hwmon/hwmonN/temp1_input. Reading a few small files
// costs well under a millisecond, so a launch can afford it; pci.ids (1.3 MB) is read only for
// names, which a launch needs only for a name term.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fs.h"
#include "common/gpu_select.h"
#include "launcher/gpus.h"

const char *gpus_sysfs_root(const char *value)
{
	return value && value[0] == '/' ? value : "/sys";
}

/* First line of dir/name into out (newline dropped); false when absent or empty. A FIFO or
 * device planted in the tree (MVGAL_SYSFS_ROOT names any folder) is refused, never waited on. */
static bool read_line(int dirfd, const char *name, char *out, size_t size)
{
	int fd = fs_openat_read(dirfd, name);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, out, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return out[0] != '\0';
}

static bool read_hex(int dirfd, const char *name, uint32_t *out)
{
	char buf[32], *end;
	if (!read_line(dirfd, name, buf, sizeof(buf)))
		return false;
	unsigned long v = strtoul(buf, &end, 16);
	*out = (uint32_t)v;
	return end != buf && *end == '\0';
}

static long long read_ll(int dirfd, const char *name)
{
	char buf[32], *end;
	if (!read_line(dirfd, name, buf, sizeof(buf)))
		return -1;
	long long v = strtoll(buf, &end, 10);
	return end != buf && *end == '\0' && v >= 0 ? v : -1;
}

/* hwmon/hwmonN/temp1_input of the device (the first hwmon that has one). */
static long long read_temp(int devfd)
{
	int fd = openat(devfd, "hwmon", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	long long temp = GPUS_TEMP_UNKNOWN;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return temp;
	}
	while (temp == GPUS_TEMP_UNKNOWN && (e = readdir(d))) {
		char path[300], buf[32], *end;
		if (strncmp(e->d_name, "hwmon", 5))
			continue;
		snprintf(path, sizeof(path), "%s/temp1_input", e->d_name);
		if (read_line(dirfd(d), path, buf, sizeof(buf))) {
			errno = 0;
			long long v = strtoll(buf, &end, 10);
			/* the file's number whole (it was cut to 32 bits once: issue 23); one
			 * beyond 64 bits is no temperature */
			if (end != buf && *end == '\0' && errno != ERANGE && v != GPUS_TEMP_UNKNOWN)
				temp = v;
		}
	}
	closedir(d);
	return temp;
}

static void read_sensors(int devfd, struct gpu_sysfs *g)
{
	long long busy = read_ll(devfd, "gpu_busy_percent");
	g->vram_bytes = read_ll(devfd, "mem_info_vram_total");
	g->vram_used_bytes = read_ll(devfd, "mem_info_vram_used");
	g->busy_percent = busy >= 0 && busy <= 100 ? (int)busy : -1;
	g->temp_mc = read_temp(devfd);
}

/* Reads one device directory; false when it is not a display device. */
static bool read_device(int devfd, const char *addr, bool with_sensors, struct gpu_sysfs *g)
{
	char link[PATH_MAX], one[8];
	unsigned a, b, c, d;
	int used = 0;
	memset(g, 0, sizeof(*g));
	g->vram_bytes = g->vram_used_bytes = -1;
	g->temp_mc = GPUS_TEMP_UNKNOWN;
	g->busy_percent = -1;
	if (sscanf(addr, "%x:%x:%x.%x%n", &a, &b, &c, &d, &used) != 4 || addr[used] ||
	    strlen(addr) >= sizeof(g->pci))
		return false;
	if (!read_hex(devfd, "class", &g->class_code) || g->class_code >> 16 != 0x03 ||
	    !read_hex(devfd, "vendor", &g->vendor_id) || !read_hex(devfd, "device", &g->device_id))
		return false;
	memcpy(g->pci, addr, strlen(addr) + 1); /* fits: checked above */
	g->domain = a, g->bus = b, g->dev = c, g->func = d;
	ssize_t n = readlinkat(devfd, "driver", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		const char *slash = strrchr(link, '/');
		snprintf(g->driver, sizeof(g->driver), "%.*s", (int)sizeof(g->driver) - 1,
			 slash ? slash + 1 : link);
	}
	g->is_boot_vga = read_line(devfd, "boot_vga", one, sizeof(one)) && !strcmp(one, "1");
	if (with_sensors)
		read_sensors(devfd, g);
	return true;
}

static int by_address(const void *pa, const void *pb)
{
	const struct gpu_sysfs *a = pa, *b = pb;
	uint64_t ka = (uint64_t)a->domain << 24 | a->bus << 16 | a->dev << 8 | a->func;
	uint64_t kb = (uint64_t)b->domain << 24 | b->bus << 16 | b->dev << 8 | b->func;
	return ka < kb ? -1 : ka > kb;
}

/* Names from pci.ids ("vendor  name" lines, then "\tdevice  name" lines under each). */
static void read_names(struct gpu_list *l, const char *pci_ids)
{
	const char *paths[] = { pci_ids, "/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids" };
	FILE *f = NULL;
	for (size_t i = 0; !f && i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i] && paths[i][0])
			f = fs_fopen_read(paths[i]);
	if (!f)
		return;
	char line[512];
	unsigned vendor = 0x10000, id;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\t' && sscanf(line, "%4x", &id) == 1 && line[4] == ' ') {
			vendor = id;
			continue;
		}
		if (line[0] != '\t' || line[1] == '\t' || sscanf(line + 1, "%4x", &id) != 1 ||
		    line[5] != ' ')
			continue;
		for (size_t i = 0; i < l->n; i++) {
			struct gpu_sysfs *g = &l->v[i];
			if (g->vendor_id == vendor && g->device_id == id && !g->name[0])
				snprintf(g->name, sizeof(g->name), "%.*s", (int)sizeof(g->name) - 1,
					 line + 5 + strspn(line + 5, " "));
		}
	}
	fclose(f);
}

int gpus_scan(const char *root, const char *pci_ids, bool with_names, bool with_sensors,
	      struct gpu_list *out)
{
	char path[PATH_MAX];
	out->n = 0;
	if (snprintf(path, sizeof(path), "%s/bus/pci/devices", root) >= (int)sizeof(path))
		return 0;
	DIR *d = opendir(path);
	if (!d)
		return 0; /* no sysfs (a container): no GPUs to steer, not an error */
	struct dirent *e;
	while ((e = readdir(d)) && out->n < GPUS_MAX) {
		if (e->d_name[0] == '.')
			continue;
		int devfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (devfd < 0)
			continue;
		if (read_device(devfd, e->d_name, with_sensors, &out->v[out->n]))
			out->n++;
		close(devfd);
	}
	closedir(d);
	qsort(out->v, out->n, sizeof(out->v[0]), by_address);
	if (with_names)
		read_names(out, pci_ids);
	return 0;
}

const char *gpus_vendor(const struct gpu_sysfs *g, char *out, size_t size)
{
	const char *v = gpu_vendor_name(g->vendor_id);
	if (v[0])
		snprintf(out, size, "%s", v);
	else
		snprintf(out, size, "0x%04x", g->vendor_id);
	return out;
}

size_t gpus_terms(const struct gpu_sysfs *g, char terms[GPUS_TERMS][32])
{
	const char *v = gpu_vendor_name(g->vendor_id);
	size_t n = 0;
	if (v[0])
		snprintf(terms[n++], 32, "%s", v);
	snprintf(terms[n++], 32, "0x%04x", g->vendor_id);
	snprintf(terms[n++], 32, "0x%04x:0x%04x", g->vendor_id, g->device_id);
	snprintf(terms[n++], 32, "pci:%04x:%02x:%02x.%x", g->domain, g->bus, g->dev, g->func);
	return n;
}
