// SPDX-License-Identifier: MIT
// vkEnumeratePhysicalDevices and vkEnumeratePhysicalDeviceGroups(KHR) filtered and ordered by
// MVGAL_GPU (rules in gpu_select.h). Both are computed from the same ranking, so every device the
// game sees is in exactly one group it sees and vice versa:
//   - a group keeps only its members that are shown (a group of two with one hidden becomes a
//     group of one, which is a valid subset for VkDeviceGroupDeviceCreateInfo); a group with no
//     member shown disappears;
//   - members are ordered by the selection, groups by their best member, i.e. the same order as
//     vkEnumeratePhysicalDevices.
// When the selection would leave no GPU, the game gets the unfiltered lists and one log line.
// On any failure of our own (out of memory) the call goes straight down unchanged.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

struct gpu_view {
	VkPhysicalDevice *devs;
	unsigned n;
	unsigned order[GPU_SELECT_MAX_GPUS]; /* indices into devs, shown ones, in order */
	int rank[GPU_SELECT_MAX_GPUS];
	unsigned n_shown;
};

static struct layer_instance *instance_of(VkInstance instance)
{
	struct layer_instance *li;

	pthread_mutex_lock(&layer_g.lock);
	li = layer_find_instance(layer_key(instance));
	pthread_mutex_unlock(&layer_g.lock);
	return li;
}

static bool has_device_extension(struct layer_instance *li, VkPhysicalDevice phys, const char *name)
{
	VkExtensionProperties *ext;
	uint32_t n = 0;
	bool found = false;

	if (!li->EnumerateDeviceExtensionProperties ||
	    li->EnumerateDeviceExtensionProperties(phys, NULL, &n, NULL) != VK_SUCCESS || n == 0)
		return false;
	ext = calloc(n, sizeof(*ext));
	if (!ext)
		return false;
	if (li->EnumerateDeviceExtensionProperties(phys, NULL, &n, ext) >= 0)
		for (uint32_t i = 0; i < n && !found; i++)
			found = !strcmp(ext[i].extensionName, name);
	free(ext);
	return found;
}

/* Fills *g from the driver. PCI address and UUID only when asked (they cost extra queries). */
static void describe(struct layer_instance *li, VkPhysicalDevice phys, bool want_ids,
		     struct gpu_info *g)
{
	VkPhysicalDeviceProperties p;
	VkPhysicalDevicePCIBusInfoPropertiesEXT pci = {
		.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PCI_BUS_INFO_PROPERTIES_EXT,
	};
	VkPhysicalDeviceIDProperties id = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES };
	VkPhysicalDeviceProperties2 p2 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2 };
	bool has_pci;

	memset(g, 0, sizeof(*g));
	li->GetPhysicalDeviceProperties(phys, &p);
	g->vendor_id = p.vendorID;
	g->device_id = p.deviceID;
	g->is_cpu = p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
	snprintf(g->name, sizeof(g->name), "%s", p.deviceName);
	if (!want_ids)
		return;
	if (!li->GetPhysicalDeviceProperties2) {
		ingame_log(LOG_SELECT_NEEDS_PROPS2,
			   "the game's instance has neither Vulkan 1.1 nor "
			   "VK_KHR_get_physical_device_properties2: pci: "
			   "and UUID terms match nothing");
		return;
	}
	/* ID properties are core 1.1; on a 1.0 device only the PCI query is made. */
	has_pci = has_device_extension(li, phys, VK_EXT_PCI_BUS_INFO_EXTENSION_NAME);
	g->has_uuid = li->api_version >= VK_API_VERSION_1_1 && p.apiVersion >= VK_API_VERSION_1_1;
	p2.pNext = g->has_uuid ? (void *)&id : NULL;
	if (has_pci) {
		pci.pNext = p2.pNext;
		p2.pNext = &pci;
	}
	if (!p2.pNext)
		return;
	li->GetPhysicalDeviceProperties2(phys, &p2);
	if (g->has_uuid)
		memcpy(g->uuid, id.deviceUUID, 16);
	g->has_pci = has_pci;
	g->pci_domain = pci.pciDomain, g->pci_bus = pci.pciBus;
	g->pci_dev = pci.pciDevice, g->pci_func = pci.pciFunction;
}

static void print_list(const struct gpu_info *gpus, unsigned n)
{
	ingame_log(LOG_INFO, "MVGAL_GPU=list: %u GPU(s) as the layer sees them:", n);
	for (unsigned i = 0; i < n; i++) {
		const struct gpu_info *g = &gpus[i];
		char pci[32] = "-", uuid[40] = "-";

		if (g->has_pci)
			snprintf(pci, sizeof(pci), "%04x:%02x:%02x.%x", g->pci_domain, g->pci_bus,
				 g->pci_dev, g->pci_func);
		if (g->has_uuid)
			gpu_format_uuid(g->uuid, uuid);
		ingame_log(LOG_INFO, "  %u: vendor=0x%04x%s%s name=\"%s\" pci=%s uuid=%s", i,
			   g->vendor_id, *gpu_vendor_name(g->vendor_id) ? " " : "",
			   gpu_vendor_name(g->vendor_id), g->name, pci, uuid);
	}
}

static VkResult all_devices(struct layer_instance *li, VkInstance instance, struct gpu_view *v)
{
	VkResult res;
	uint32_t n = 0;

	v->devs = NULL;
	do {
		free(v->devs);
		v->devs = NULL;
		res = li->EnumeratePhysicalDevices(instance, &n, NULL);
		if (res != VK_SUCCESS)
			return res;
		v->devs = calloc(n ? n : 1, sizeof(*v->devs));
		if (!v->devs)
			return VK_ERROR_OUT_OF_HOST_MEMORY;
		res = li->EnumeratePhysicalDevices(instance, &n, v->devs);
	} while (res == VK_INCOMPLETE); /* a GPU appeared between the two calls */
	v->n = n;
	return res;
}

/* Ranks the instance's GPUs. Returns VK_SUCCESS with v->devs owned by the caller (free). */
static VkResult build_view(struct layer_instance *li, VkInstance instance, struct gpu_view *v)
{
	struct gpu_selection sel;
	char from[sizeof(layer_g.settings.gpu_from)];
	struct gpu_info *gpus = NULL;
	bool has_gpu, is_list, do_list;
	VkResult res = all_devices(li, instance, v);

	if (res != VK_SUCCESS)
		return res;
	if (v->n > GPU_SELECT_MAX_GPUS)
		v->n = GPU_SELECT_MAX_GPUS; /* more than any machine has; keep the first ones */
	pthread_mutex_lock(&layer_g.lock);
	sel = layer_g.settings.gpu;
	has_gpu = layer_g.settings.has_gpu;
	memcpy(from, layer_g.settings.gpu_from, sizeof(from));
	is_list = layer_g.settings.is_list;
	do_list = is_list && !li->has_listed;
	li->has_listed |= is_list;
	pthread_mutex_unlock(&layer_g.lock);

	for (unsigned i = 0; i < v->n; i++)
		v->rank[i] = 0;
	if (has_gpu || do_list)
		gpus = calloc(v->n ? v->n : 1, sizeof(*gpus));
	if (gpus) {
		for (unsigned i = 0; i < v->n; i++)
			describe(li, v->devs[i], do_list || sel.needs_pci || sel.needs_uuid,
				 &gpus[i]);
		if (do_list)
			print_list(gpus, v->n);
		if (has_gpu && gpu_select_rank(&sel, gpus, v->n, v->rank) == 0) {
			ingame_log(LOG_SELECT_EMPTY,
				   "%s matches none of the %u GPU(s): showing all of them "
				   "(`mvgal-launch gpus` or MVGAL_GPU=list shows what there is)",
				   from, v->n);
			for (unsigned i = 0; i < v->n; i++)
				v->rank[i] = 0;
		}
	} else if (has_gpu) {
		ingame_log(LOG_OOM, "out of memory: MVGAL_GPU not applied");
	}
	free(gpus);
	v->n_shown = gpu_select_order(v->rank, v->n, v->order);
	return VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDevices(VkInstance instance, uint32_t *count,
							      VkPhysicalDevice *out)
{
	struct layer_instance *li = instance_of(instance);
	struct gpu_view v;
	VkResult res;
	uint32_t n;

	if (!li || !li->EnumeratePhysicalDevices || !li->GetPhysicalDeviceProperties)
		return li && li->EnumeratePhysicalDevices
			       ? li->EnumeratePhysicalDevices(instance, count, out)
			       : VK_ERROR_INITIALIZATION_FAILED;
	res = build_view(li, instance, &v);
	if (res == VK_ERROR_OUT_OF_HOST_MEMORY) {
		ingame_log(LOG_OOM, "out of memory: MVGAL_GPU not applied");
		return li->EnumeratePhysicalDevices(instance, count, out);
	}
	if (res != VK_SUCCESS)
		goto out;
	if (!out) {
		*count = v.n_shown;
		goto out;
	}
	n = *count < v.n_shown ? *count : v.n_shown;
	for (uint32_t i = 0; i < n; i++)
		out[i] = v.devs[v.order[i]];
	*count = n;
	res = n < v.n_shown ? VK_INCOMPLETE : VK_SUCCESS;
out:
	free(v.devs);
	return res;
}

static VkResult all_groups(VkInstance instance, PFN_vkEnumeratePhysicalDeviceGroups down,
			   VkPhysicalDeviceGroupProperties **groups, uint32_t *n_groups)
{
	VkResult res;
	uint32_t n = 0;

	*groups = NULL;
	do {
		free(*groups);
		*groups = NULL;
		res = down(instance, &n, NULL);
		if (res != VK_SUCCESS)
			return res;
		*groups = calloc(n ? n : 1, sizeof(**groups));
		if (!*groups)
			return VK_ERROR_OUT_OF_HOST_MEMORY;
		for (uint32_t i = 0; i < n; i++)
			(*groups)[i].sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_GROUP_PROPERTIES;
		res = down(instance, &n, *groups);
	} while (res == VK_INCOMPLETE);
	*n_groups = n;
	return res;
}

/* Position of phys in the shown order, or -1 when hidden or unknown. */
static int position(const struct gpu_view *v, VkPhysicalDevice phys)
{
	for (unsigned k = 0; k < v->n_shown; k++)
		if (v->devs[v->order[k]] == phys)
			return (int)k;
	return -1;
}

/* Rewrites g to its shown members in selection order; returns its best position or -1. */
static int filter_group(const struct gpu_view *v, VkPhysicalDeviceGroupProperties *g)
{
	VkPhysicalDevice kept[VK_MAX_DEVICE_GROUP_SIZE];
	int pos[VK_MAX_DEVICE_GROUP_SIZE];
	uint32_t m = 0, total = g->physicalDeviceCount;

	for (uint32_t i = 0; i < total && i < VK_MAX_DEVICE_GROUP_SIZE; i++) {
		int p = position(v, g->physicalDevices[i]);
		uint32_t j;

		if (p < 0)
			continue;
		for (j = m; j > 0 && pos[j - 1] > p; j--) {
			pos[j] = pos[j - 1];
			kept[j] = kept[j - 1];
		}
		pos[j] = p;
		kept[j] = g->physicalDevices[i];
		m++;
	}
	memset(g->physicalDevices, 0, sizeof(g->physicalDevices));
	memcpy(g->physicalDevices, kept, m * sizeof(kept[0]));
	g->physicalDeviceCount = m;
	if (m < total && m <= 1)
		g->subsetAllocation = VK_FALSE;
	return m ? pos[0] : -1;
}

/* Filters each group to its shown members; order[] gets the groups that keep one, ordered by
 * their best member (stable). Returns how many. */
static uint32_t order_groups(const struct gpu_view *v, VkPhysicalDeviceGroupProperties *groups,
			     uint32_t n_groups, unsigned order[GPU_SELECT_MAX_GPUS])
{
	int best[GPU_SELECT_MAX_GPUS];
	uint32_t n_shown = 0;

	for (uint32_t i = 0; i < n_groups; i++) {
		int b = filter_group(v, &groups[i]);
		unsigned j;

		if (b < 0)
			continue;
		for (j = n_shown; j > 0 && best[order[j - 1]] > b; j--)
			order[j] = order[j - 1];
		best[i] = b;
		order[j] = i;
		n_shown++;
	}
	return n_shown;
}

static VkResult enumerate_groups(VkInstance instance, uint32_t *count,
				 VkPhysicalDeviceGroupProperties *out, bool is_khr)
{
	struct layer_instance *li = instance_of(instance);
	PFN_vkEnumeratePhysicalDeviceGroups down;
	VkPhysicalDeviceGroupProperties *groups = NULL;
	unsigned order[GPU_SELECT_MAX_GPUS];
	struct gpu_view v = { 0 };
	uint32_t n_groups = 0, n_shown = 0, n;
	VkResult res;

	down = li ? (is_khr ? li->EnumeratePhysicalDeviceGroupsKHR : li->EnumeratePhysicalDeviceGroups)
		  : NULL;
	if (!down)
		return VK_ERROR_INITIALIZATION_FAILED;
	if (!li->EnumeratePhysicalDevices || !li->GetPhysicalDeviceProperties)
		return down(instance, count, out);
	res = build_view(li, instance, &v);
	if (res == VK_SUCCESS)
		res = all_groups(instance, down, &groups, &n_groups);
	if (res == VK_ERROR_OUT_OF_HOST_MEMORY) {
		ingame_log(LOG_OOM, "out of memory: MVGAL_GPU not applied to device groups");
		res = down(instance, count, out);
		goto out;
	}
	if (res != VK_SUCCESS)
		goto out;
	if (n_groups > GPU_SELECT_MAX_GPUS)
		n_groups = GPU_SELECT_MAX_GPUS;
	n_shown = order_groups(&v, groups, n_groups, order);
	if (!out) {
		*count = n_shown;
		goto out;
	}
	n = *count < n_shown ? *count : n_shown;
	for (uint32_t i = 0; i < n; i++) {
		/* the caller's sType/pNext stay as they are */
		out[i].physicalDeviceCount = groups[order[i]].physicalDeviceCount;
		memcpy(out[i].physicalDevices, groups[order[i]].physicalDevices,
		       sizeof(out[i].physicalDevices));
		out[i].subsetAllocation = groups[order[i]].subsetAllocation;
	}
	*count = n;
	res = n < n_shown ? VK_INCOMPLETE : VK_SUCCESS;
out:
	free(groups);
	free(v.devs);
	return res;
}

VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDeviceGroups(
	VkInstance instance, uint32_t *count, VkPhysicalDeviceGroupProperties *out)
{
	return enumerate_groups(instance, count, out, false);
}

VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDeviceGroupsKHR(
	VkInstance instance, uint32_t *count, VkPhysicalDeviceGroupProperties *out)
{
	return enumerate_groups(instance, count, out, true);
}
