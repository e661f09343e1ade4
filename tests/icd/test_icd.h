// SPDX-License-Identifier: MIT
// mvgal test ICD: shared declarations of test_icd.c (instance, physical devices) and
// test_icd_wsi.c (devices, headless surface, swapchains, proc addresses). See test_icd.c.
#ifndef MVGAL_TEST_ICD_H
#define MVGAL_TEST_ICD_H

#include <stdbool.h>
#include <stdint.h>

#include <vulkan/vk_icd.h>
#include <vulkan/vulkan.h>

#include "tests/icd/test_icd_timing.h"

#define EXPORT __attribute__((visibility("default")))
#define MAX_GPUS 16
#define MAX_IMAGES 4
#define MAX_QUEUES 4 /* in the one queue family */

struct icd_gpu {
	VK_LOADER_DATA loader_data; /* dispatchable: the loader writes its table pointer here */
	uint32_t vendor, device;
	char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
	uint32_t pci[4];
	uint8_t uuid[16];
	VkPhysicalDeviceType type;
	int group;
};

struct icd_instance {
	VK_LOADER_DATA loader_data;
	struct icd_gpu gpus[MAX_GPUS];
	unsigned n_gpus;
};

struct icd_queue {
	VK_LOADER_DATA loader_data;
};

struct icd_device {
	VK_LOADER_DATA loader_data;
	struct icd_queue queues[MAX_QUEUES];
	const struct icd_gpu *gpu;
};

struct icd_swapchain {
	const struct icd_gpu *gpu;
	uint32_t images;
	uint32_t next;
	uint64_t presents;
	struct icd_timing timing; /* written by the presenting thread only */
};

/* One instance at a time is all the tests need; physical devices live in it. */
extern struct icd_instance *the_instance;

#define ICD_FN(ret, name, ...) VKAPI_ATTR ret VKAPI_CALL icd_##name(__VA_ARGS__);
ICD_FN(VkResult, CreateInstance, const VkInstanceCreateInfo *, const VkAllocationCallbacks *,
       VkInstance *)
ICD_FN(void, DestroyInstance, VkInstance, const VkAllocationCallbacks *)
ICD_FN(VkResult, EnumerateInstanceExtensionProperties, const char *, uint32_t *,
       VkExtensionProperties *)
ICD_FN(VkResult, EnumerateInstanceVersion, uint32_t *)
ICD_FN(VkResult, EnumeratePhysicalDevices, VkInstance, uint32_t *, VkPhysicalDevice *)
ICD_FN(VkResult, EnumeratePhysicalDeviceGroups, VkInstance, uint32_t *,
       VkPhysicalDeviceGroupProperties *)
ICD_FN(void, GetPhysicalDeviceProperties, VkPhysicalDevice, VkPhysicalDeviceProperties *)
ICD_FN(void, GetPhysicalDeviceProperties2, VkPhysicalDevice, VkPhysicalDeviceProperties2 *)
ICD_FN(void, GetPhysicalDeviceFeatures, VkPhysicalDevice, VkPhysicalDeviceFeatures *)
ICD_FN(void, GetPhysicalDeviceFeatures2, VkPhysicalDevice, VkPhysicalDeviceFeatures2 *)
ICD_FN(void, GetPhysicalDeviceQueueFamilyProperties, VkPhysicalDevice, uint32_t *,
       VkQueueFamilyProperties *)
ICD_FN(void, GetPhysicalDeviceMemoryProperties, VkPhysicalDevice, VkPhysicalDeviceMemoryProperties *)
ICD_FN(void, GetPhysicalDeviceFormatProperties, VkPhysicalDevice, VkFormat, VkFormatProperties *)
ICD_FN(VkResult, EnumerateDeviceExtensionProperties, VkPhysicalDevice, const char *, uint32_t *,
       VkExtensionProperties *)
ICD_FN(VkResult, GetRefreshCycleDurationGOOGLE, VkDevice, VkSwapchainKHR,
       VkRefreshCycleDurationGOOGLE *)
ICD_FN(VkResult, GetPastPresentationTimingGOOGLE, VkDevice, VkSwapchainKHR, uint32_t *,
       VkPastPresentationTimingGOOGLE *)
#undef ICD_FN

#endif
