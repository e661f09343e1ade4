// SPDX-License-Identifier: MIT
/*
 * mvgal test ICD: a Vulkan driver that the real loader loads (VK_DRIVER_FILES=<build>/tests/icd/
 * mvgal_test_icd.json) and that reports several GPUs of different vendors, so GPU selection can
 * be tested without the hardware. It draws nothing: enough of the API for enumeration (incl.
 * VK_EXT_pci_bus_info, ID properties and device groups), device creation and a headless present
 * path (VK_EXT_headless_surface, swapchains with fifo/mailbox/immediate, 2..4 images; one
 * queue family of MAX_QUEUES queues, so presents can come from several queues at once).
 *
 * GPUs: MVGAL_TEST_ICD_GPUS="key=value,...;key=value,..." (one GPU per ';'), or a file named by
 * MVGAL_TEST_ICD_CONFIG with one GPU per line; keys vendor, device (hex), name, pci
 * (DDDD:BB:DD.F), uuid (32 hex digits), type (discrete|integrated|cpu), group (GPUs with the same
 * group number form one device group). Default: the four GPUs in default_gpus below.
 * Each swapchain creation prints one line to stderr:
 *   mvgal-test-icd: swapchain gpu="<name>" present_mode=<n> images=<n>
 * and each present of a swapchain counted at its destruction: `... presents=<n>`.
 * VK_GOOGLE_display_timing with a simulated vblank grid: see test_icd_timing.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/icd/test_icd.h"

static const char default_gpus[] =
	"vendor=0x1002,device=0x744c,name=AMD Radeon RX 7900 XTX,pci=0000:03:00.0,"
	"uuid=10020000744c00000000000000000003,type=discrete,group=0;"
	"vendor=0x10de,device=0x2786,name=NVIDIA GeForce RTX 4070,pci=0000:01:00.0,"
	"uuid=10de0000278600000000000000000001,type=discrete,group=1;"
	"vendor=0x10de,device=0x2786,name=NVIDIA GeForce RTX 4070 (2),pci=0000:02:00.0,"
	"uuid=10de0000278600000000000000000002,type=discrete,group=1;"
	"vendor=0x8086,device=0x56a0,name=Intel Arc A770,pci=0000:04:00.0,"
	"uuid=8086000056a000000000000000000004,type=discrete,group=2";

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void parse_field(struct icd_gpu *g, const char *key, const char *val)
{
	if (!strcmp(key, "vendor")) {
		g->vendor = (uint32_t)strtoul(val, NULL, 16);
	} else if (!strcmp(key, "device")) {
		g->device = (uint32_t)strtoul(val, NULL, 16);
	} else if (!strcmp(key, "name")) {
		snprintf(g->name, sizeof(g->name), "%s", val);
	} else if (!strcmp(key, "pci")) {
		sscanf(val, "%x:%x:%x.%x", &g->pci[0], &g->pci[1], &g->pci[2], &g->pci[3]);
	} else if (!strcmp(key, "uuid")) {
		unsigned n = 0;

		for (; *val && n < 32; val++) {
			int h = hexval(*val);

			if (h < 0)
				continue;
			g->uuid[n / 2] = (uint8_t)(n % 2 ? g->uuid[n / 2] | h : h << 4);
			n++;
		}
	} else if (!strcmp(key, "type")) {
		g->type = !strcmp(val, "cpu")	       ? VK_PHYSICAL_DEVICE_TYPE_CPU
			  : !strcmp(val, "integrated") ? VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU
						       : VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
	} else if (!strcmp(key, "group")) {
		g->group = atoi(val);
	}
}

/* One GPU from "key=value,key=value" (text is modified). */
static void parse_gpu(struct icd_gpu *g, char *text, int index)
{
	memset(g, 0, sizeof(*g));
	g->type = VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
	g->group = 100 + index; /* alone unless told */
	snprintf(g->name, sizeof(g->name), "Test GPU %d", index);
	g->uuid[15] = (uint8_t)(index + 1);
	for (char *f = strtok(text, ","); f; f = strtok(NULL, ",")) {
		char *eq = strchr(f, '=');

		if (!eq)
			continue;
		*eq = '\0';
		while (*f == ' ')
			f++;
		parse_field(g, f, eq + 1);
	}
	set_loader_magic_value(g);
}

static void load_gpus(struct icd_instance *in)
{
	const char *file = getenv("MVGAL_TEST_ICD_CONFIG");
	const char *env = getenv("MVGAL_TEST_ICD_GPUS");
	char buf[8192] = "";
	char *save = NULL;

	if (file && *file) {
		FILE *f = fopen(file, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

		buf[n] = '\0';
		if (f)
			fclose(f);
		for (char *p = buf; *p; p++)
			if (*p == '\n')
				*p = ';';
	} else {
		snprintf(buf, sizeof(buf), "%s", env && *env ? env : default_gpus);
	}
	for (char *g = strtok_r(buf, ";", &save); g && in->n_gpus < MAX_GPUS;
	     g = strtok_r(NULL, ";", &save)) {
		if (strchr(g, '='))
			parse_gpu(&in->gpus[in->n_gpus], g, (int)in->n_gpus), in->n_gpus++;
	}
}

struct icd_instance *the_instance;

VKAPI_ATTR VkResult VKAPI_CALL icd_CreateInstance(const VkInstanceCreateInfo *info,
						  const VkAllocationCallbacks *alloc, VkInstance *out)
{
	struct icd_instance *in = calloc(1, sizeof(*in));

	(void)info, (void)alloc;
	if (!in)
		return VK_ERROR_OUT_OF_HOST_MEMORY;
	set_loader_magic_value(in);
	load_gpus(in);
	the_instance = in;
	*out = (VkInstance)in;
	return VK_SUCCESS;
}

VKAPI_ATTR void VKAPI_CALL icd_DestroyInstance(VkInstance instance, const VkAllocationCallbacks *alloc)
{
	(void)alloc;
	if ((struct icd_instance *)instance == the_instance)
		the_instance = NULL;
	free(instance);
}

static VkResult fill_props(uint32_t *count, VkExtensionProperties *out,
			   const VkExtensionProperties *have, uint32_t n)
{
	uint32_t i;

	if (!out) {
		*count = n;
		return VK_SUCCESS;
	}
	for (i = 0; i < n && i < *count; i++)
		out[i] = have[i];
	*count = i;
	return i < n ? VK_INCOMPLETE : VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_EnumerateInstanceExtensionProperties(const char *layer,
									uint32_t *count,
									VkExtensionProperties *out)
{
	static const VkExtensionProperties ext[] = {
		{ VK_KHR_SURFACE_EXTENSION_NAME, 25 },
		{ VK_EXT_HEADLESS_SURFACE_EXTENSION_NAME, 1 },
		{ VK_KHR_GET_PHYSICAL_DEVICE_PROPERTIES_2_EXTENSION_NAME, 2 },
		{ VK_KHR_DEVICE_GROUP_CREATION_EXTENSION_NAME, 1 },
	};

	if (layer)
		return VK_ERROR_LAYER_NOT_PRESENT;
	return fill_props(count, out, ext, sizeof(ext) / sizeof(ext[0]));
}

VKAPI_ATTR VkResult VKAPI_CALL icd_EnumerateInstanceVersion(uint32_t *version)
{
	*version = VK_API_VERSION_1_3;
	return VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_EnumeratePhysicalDevices(VkInstance instance, uint32_t *count,
							    VkPhysicalDevice *out)
{
	struct icd_instance *in = (struct icd_instance *)instance;
	uint32_t i;

	if (!out) {
		*count = in->n_gpus;
		return VK_SUCCESS;
	}
	for (i = 0; i < in->n_gpus && i < *count; i++)
		out[i] = (VkPhysicalDevice)&in->gpus[i];
	*count = i;
	return i < in->n_gpus ? VK_INCOMPLETE : VK_SUCCESS;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_EnumeratePhysicalDeviceGroups(VkInstance instance, uint32_t *count,
								 VkPhysicalDeviceGroupProperties *out)
{
	struct icd_instance *in = (struct icd_instance *)instance;
	uint32_t n = 0;
	bool is_first[MAX_GPUS];

	/* a group is listed where its first member stands */
	for (unsigned i = 0; i < in->n_gpus; i++) {
		is_first[i] = true;
		for (unsigned j = 0; j < i; j++)
			if (in->gpus[j].group == in->gpus[i].group)
				is_first[i] = false;
	}
	for (unsigned i = 0; i < in->n_gpus; i++) {
		VkPhysicalDeviceGroupProperties *g;

		if (!is_first[i])
			continue;
		if (out && n == *count)
			return VK_INCOMPLETE;
		if (out) {
			g = &out[n];
			g->physicalDeviceCount = 0;
			for (unsigned j = i; j < in->n_gpus; j++)
				if (in->gpus[j].group == in->gpus[i].group &&
				    g->physicalDeviceCount < VK_MAX_DEVICE_GROUP_SIZE)
					g->physicalDevices[g->physicalDeviceCount++] =
						(VkPhysicalDevice)&in->gpus[j];
			g->subsetAllocation = g->physicalDeviceCount > 1;
		}
		n++;
	}
	*count = n;
	return VK_SUCCESS;
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceProperties(VkPhysicalDevice phys,
							   VkPhysicalDeviceProperties *p)
{
	const struct icd_gpu *g = (const struct icd_gpu *)phys;

	memset(p, 0, sizeof(*p));
	p->apiVersion = VK_API_VERSION_1_3;
	p->driverVersion = 1;
	p->vendorID = g->vendor;
	p->deviceID = g->device;
	p->deviceType = g->type;
	snprintf(p->deviceName, sizeof(p->deviceName), "%s", g->name);
	memcpy(p->pipelineCacheUUID, g->uuid, VK_UUID_SIZE);
	p->limits.maxImageDimension2D = 16384;
	p->limits.timestampPeriod = 1.0f;
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceProperties2(VkPhysicalDevice phys,
							    VkPhysicalDeviceProperties2 *p)
{
	const struct icd_gpu *g = (const struct icd_gpu *)phys;

	icd_GetPhysicalDeviceProperties(phys, &p->properties);
	for (VkBaseOutStructure *s = p->pNext; s; s = s->pNext) {
		if (s->sType == VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_ID_PROPERTIES) {
			VkPhysicalDeviceIDProperties *id = (void *)s;

			memcpy(id->deviceUUID, g->uuid, VK_UUID_SIZE);
			memset(id->driverUUID, 0x4d, VK_UUID_SIZE);
		} else if (s->sType == VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PCI_BUS_INFO_PROPERTIES_EXT) {
			VkPhysicalDevicePCIBusInfoPropertiesEXT *pci = (void *)s;

			pci->pciDomain = g->pci[0];
			pci->pciBus = g->pci[1];
			pci->pciDevice = g->pci[2];
			pci->pciFunction = g->pci[3];
		}
	}
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceFeatures(VkPhysicalDevice phys,
							 VkPhysicalDeviceFeatures *f)
{
	(void)phys;
	memset(f, 0, sizeof(*f));
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceFeatures2(VkPhysicalDevice phys,
							  VkPhysicalDeviceFeatures2 *f)
{
	icd_GetPhysicalDeviceFeatures(phys, &f->features);
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceQueueFamilyProperties(VkPhysicalDevice phys,
								      uint32_t *count,
								      VkQueueFamilyProperties *out)
{
	(void)phys;
	if (!out) {
		*count = 1;
		return;
	}
	if (*count < 1)
		return;
	memset(out, 0, sizeof(*out));
	out->queueFlags = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT | VK_QUEUE_TRANSFER_BIT;
	out->queueCount = MAX_QUEUES;
	out->minImageTransferGranularity = (VkExtent3D){ 1, 1, 1 };
	*count = 1;
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceMemoryProperties(VkPhysicalDevice phys,
								 VkPhysicalDeviceMemoryProperties *m)
{
	(void)phys;
	memset(m, 0, sizeof(*m));
	m->memoryTypeCount = 1;
	m->memoryTypes[0].propertyFlags = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
	m->memoryHeapCount = 1;
	m->memoryHeaps[0].size = 1ull << 30;
	m->memoryHeaps[0].flags = VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
}

VKAPI_ATTR void VKAPI_CALL icd_GetPhysicalDeviceFormatProperties(VkPhysicalDevice phys,
								 VkFormat format,
								 VkFormatProperties *p)
{
	(void)phys;
	memset(p, 0, sizeof(*p));
	if (format == VK_FORMAT_B8G8R8A8_UNORM) /* the one surface format */
		p->optimalTilingFeatures = VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT |
					   VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BLEND_BIT |
					   VK_FORMAT_FEATURE_TRANSFER_SRC_BIT |
					   VK_FORMAT_FEATURE_TRANSFER_DST_BIT;
}

VKAPI_ATTR VkResult VKAPI_CALL icd_EnumerateDeviceExtensionProperties(VkPhysicalDevice phys,
								      const char *layer,
								      uint32_t *count,
								      VkExtensionProperties *out)
{
	static const VkExtensionProperties ext[] = {
		{ VK_KHR_SWAPCHAIN_EXTENSION_NAME, 70 },
		{ VK_EXT_PCI_BUS_INFO_EXTENSION_NAME, 2 },
		{ VK_GOOGLE_DISPLAY_TIMING_EXTENSION_NAME, 1 }, /* last: only with a refresh set */
	};
	uint32_t n = sizeof(ext) / sizeof(ext[0]);

	(void)phys;
	if (layer)
		return VK_ERROR_LAYER_NOT_PRESENT;
	return fill_props(count, out, ext, icd_timing_is_offered() ? n : n - 1);
}
