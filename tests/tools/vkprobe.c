// SPDX-License-Identifier: MIT
/*
 * vkprobe — a small Vulkan application that prints what it sees, for the layer's tests:
 *   device <i>: <name> (0x<vendor>)       vkEnumeratePhysicalDevices, in order
 *   group <i>: <name>, <name>             vkEnumeratePhysicalDeviceGroups, in order
 *   incomplete: devices=<n> groups=<n>    results of asking with one slot too few
 *   created: <name>                       vkCreateDevice on device --device (default 0)
 *   display_timing_fn: visible|hidden     vkGetDeviceProcAddr of vkGetRefreshCycleDurationGOOGLE
 *                                         (not enabled by vkprobe: a driver may still answer)
 *   surface: headless                     with --present N: a headless surface ...
 *   swapchain: images=<n>                 ... a swapchain ...
 *   presented: <n>                        ... and N presents (per thread with --threads T)
 *   destroy_swapchain_us: <us>             the slowest vkDestroySwapchainKHR of the run
 *   forks: <n> hung: <n>                   with --forks N
 *   cycles: <n>                           with --cycles C
 *   rss_kb: warm=<kB> end=<kB> fds: warm=<n> end=<n>     with --rss (Rss of smaps_rollup)
 *   allocs: warm=<n> end=<n>              with --allocs: malloc-family calls of the whole process
 *                                         after a tenth of thread 0's frames and after its last
 *                                         (not in sanitizer builds: theirs own malloc)
 * Options: --present N, --mode fifo|mailbox|immediate|fifo_relaxed (default fifo),
 * --images N (minImageCount, default 2), --device I, --threads T (T threads, each creating its
 * own swapchain, presenting N frames and destroying it), --queues (thread i presents on queue i
 * of family 0, with no lock, instead of all on queue 0 behind one), --cycles C (the whole run C
 * times: instance, device, swapchains, presents, teardown; only the first cycle prints),
 * --pnext (a structure of an sType no one knows, MVGAL_PROBE_STYPE, chained into the device's and
 * each swapchain's create info: layers must pass it down untouched), --rss (RSS and open fds after a tenth of the work and at its end: frames of thread 0, or
 * with --cycles whole cycles, sampled after the teardown), --forks N (while the threads present,
 * fork N children one after the other; each calls vkDestroyInstance and exits, and one still
 * there after 2 s counts as hung), --work-us U (U us between acquire and submit, as a game
 * records its frame; a sleep, so that a loaded machine does not stretch it), --submit-thread (each frame's vkQueueSubmit is made by a thread of
 * its own while the presenting thread waits for it: a game that submits from a render thread).
 * Exit 0 on success, 1 on a Vulkan error, 2 on usage errors. stdout is line-buffered and a crash
 * prints its backtrace (module+offset) to stderr, so a driver's crash can be placed without gdb.
 */
#include <dirent.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vulkan/vulkan.h>

#define MAX_DEV 16
#define MAX_THREADS 8
#define MAX_IMAGES 8

struct probe {
	VkInstance instance;
	VkPhysicalDevice devs[MAX_DEV];
	uint32_t n_devs;
	VkPhysicalDevice phys;
	VkDevice device;
	VkQueue queues[MAX_THREADS];
	unsigned n_queues;
	pthread_mutex_t queue_lock; /* vkQueuePresentKHR needs the queue externally synchronised */
	VkPresentModeKHR mode;
	uint32_t images;
	unsigned frames;
	unsigned threads;
	bool is_quiet;		 /* cycles after the first print nothing */
	bool want_pnext;	 /* chain an unknown structure into create infos */
	bool want_rss;		 /* sample RSS and fds at frames (false: the caller does) */
	bool want_allocs;	 /* count malloc-family calls at the same frames */
	unsigned long allocs[2]; /* [0] after warm-up, [1] at the end */
	unsigned forks;		 /* fork() this often while the threads present */
	unsigned work_us;	 /* CPU work between acquire and submit */
	bool is_submit_thread;	 /* submit from a thread made for it */
	int64_t destroy_ns;	 /* the slowest vkDestroySwapchainKHR (threads write it) */
	long rss_kb[2], fds[2];	 /* [0] after warm-up, [1] at the end */
};

struct worker {
	struct probe *p;
	unsigned index;
	VkSurfaceKHR surface;
	VkSwapchainKHR swapchain;
	uint32_t n_images;
	VkCommandPool pool;
	VkCommandBuffer cmd[MAX_IMAGES]; /* image i: UNDEFINED -> PRESENT_SRC_KHR */
	VkSemaphore acquired, rendered[MAX_IMAGES];
	VkFence done;
	unsigned presented;
	VkResult res;
};

/* An extension structure no layer or driver knows (VkStructureType values of a vendor range
 * never assigned): what --pnext chains in. */
#define MVGAL_PROBE_STYPE 1000999000
static const struct {
	VkStructureType sType;
	const void *pNext;
	uint32_t payload;
} unknown_ext = { (VkStructureType)MVGAL_PROBE_STYPE, NULL, 0x6d766761 };

#define say(p, ...) ((p)->is_quiet ? (void)0 : (void)printf(__VA_ARGS__))

#define CHECK(call)                                                                                \
	do {                                                                                       \
		VkResult r_ = (call);                                                              \
		if (r_ < 0) {                                                                      \
			fprintf(stderr, "vkprobe: %s failed: %d\n", #call, (int)r_);               \
			return r_;                                                                 \
		}                                                                                  \
	} while (0)

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
/*
 * --allocs: the executable's malloc family comes first in every library's symbol lookup, so these
 * count the calls of the whole process (layer, loader, driver) and hand them to glibc's own.
 */
#define HAS_ALLOC_COUNT 1
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
static unsigned long alloc_calls;

static void counted(void)
{
	__atomic_add_fetch(&alloc_calls, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
	counted();
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	counted();
	return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t n)
{
	counted();
	return __libc_realloc(ptr, n);
}

void *memalign(size_t align, size_t n);
void *memalign(size_t align, size_t n)
{
	counted();
	return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	counted();
	return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *ptr;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return 22; /* EINVAL */
	counted();
	ptr = __libc_memalign(align, n);
	if (!ptr && n)
		return 12; /* ENOMEM */
	*out = ptr;
	return 0;
}

static unsigned long alloc_count(void)
{
	return __atomic_load_n(&alloc_calls, __ATOMIC_RELAXED);
}
#else
#define HAS_ALLOC_COUNT 0
static unsigned long alloc_count(void)
{
	return 0;
}
#endif

/* Rss from smaps_rollup, which walks the page tables: VmRSS in /proc/self/status comes from
 * per-CPU counters that can lag by tens of pages. */
static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Rss: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static long fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = -1; /* the directory's own fd is not counted */

	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return d ? n : -1;
}

static void sample(struct probe *p, int when)
{
	p->rss_kb[when] = rss_kb();
	p->fds[when] = fd_count();
}

static const char *dev_name(VkPhysicalDevice d, char *buf, size_t len)
{
	VkPhysicalDeviceProperties p;

	vkGetPhysicalDeviceProperties(d, &p);
	snprintf(buf, len, "%s", p.deviceName);
	return buf;
}

static VkResult list_devices(struct probe *p)
{
	VkPhysicalDeviceGroupProperties groups[MAX_DEV];
	uint32_t n = MAX_DEV, n_groups = MAX_DEV, few;
	VkPhysicalDevice one[MAX_DEV];
	char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
	VkResult r_dev, r_grp;

	CHECK(vkEnumeratePhysicalDevices(p->instance, &n, NULL));
	say(p, "count: %u\n", n);
	n = MAX_DEV;
	CHECK(vkEnumeratePhysicalDevices(p->instance, &n, p->devs));
	p->n_devs = n;
	for (uint32_t i = 0; i < n; i++) {
		VkPhysicalDeviceProperties props;

		vkGetPhysicalDeviceProperties(p->devs[i], &props);
		say(p, "device %u: %s (0x%04x)\n", i, props.deviceName, props.vendorID);
	}
	for (uint32_t i = 0; i < MAX_DEV; i++)
		groups[i] = (VkPhysicalDeviceGroupProperties){
			.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_GROUP_PROPERTIES
		};
	CHECK(vkEnumeratePhysicalDeviceGroups(p->instance, &n_groups, groups));
	for (uint32_t i = 0; i < n_groups; i++) {
		say(p, "group %u:", i);
		for (uint32_t j = 0; j < groups[i].physicalDeviceCount; j++)
			say(p, "%s %s", j ? "," : "",
			    dev_name(groups[i].physicalDevices[j], name, sizeof(name)));
		say(p, "\n");
	}
	/* the two-call pattern with one slot too few must say VK_INCOMPLETE */
	few = n ? n - 1 : 0;
	r_dev = vkEnumeratePhysicalDevices(p->instance, &few, one);
	say(p, "incomplete: devices=%s/%u", r_dev == VK_INCOMPLETE ? "VK_INCOMPLETE" : "other", few);
	few = n_groups ? n_groups - 1 : 0;
	r_grp = vkEnumeratePhysicalDeviceGroups(p->instance, &few, groups);
	say(p, " groups=%s/%u\n", r_grp == VK_INCOMPLETE ? "VK_INCOMPLETE" : "other", few);
	return VK_SUCCESS;
}

static VkResult make_device(struct probe *p, uint32_t index)
{
	float prio[MAX_THREADS] = { 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f };
	const char *ext[] = { VK_KHR_SWAPCHAIN_EXTENSION_NAME };
	VkDeviceQueueCreateInfo q = { .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
				      .queueCount = p->n_queues,
				      .pQueuePriorities = prio };
	VkDeviceCreateInfo ci = { .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
				  .queueCreateInfoCount = 1,
				  .pQueueCreateInfos = &q,
				  .enabledExtensionCount = p->frames ? 1 : 0,
				  .ppEnabledExtensionNames = ext };
	char name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];

	if (p->want_pnext)
		ci.pNext = &unknown_ext;
	if (index >= p->n_devs) {
		fprintf(stderr, "vkprobe: no device %u\n", index);
		return VK_ERROR_INITIALIZATION_FAILED;
	}
	p->phys = p->devs[index];
	CHECK(vkCreateDevice(p->phys, &ci, NULL, &p->device));
	for (uint32_t i = 0; i < p->n_queues; i++)
		vkGetDeviceQueue(p->device, 0, i, &p->queues[i]);
	say(p, "created: %s\n", dev_name(p->phys, name, sizeof(name)));
	/* a layer that enables VK_GOOGLE_display_timing for itself must keep it from the game */
	say(p, "display_timing_fn: %s\n",
	    vkGetDeviceProcAddr(p->device, "vkGetRefreshCycleDurationGOOGLE") ? "visible" : "hidden");
	return VK_SUCCESS;
}

/* The swapchain's settings from what the surface supports: its first format (B8G8R8A8_UNORM when
 * offered), the image count clamped to its range, the asked present mode or else fifo. */
static void fit_to_surface(struct worker *w, VkSwapchainCreateInfoKHR *ci)
{
	struct probe *p = w->p;
	VkSurfaceCapabilitiesKHR caps;
	VkSurfaceFormatKHR formats[16];
	VkPresentModeKHR modes[16];
	uint32_t n = 16;
	bool has_mode = false;

	if (vkGetPhysicalDeviceSurfaceCapabilitiesKHR(p->phys, w->surface, &caps) == VK_SUCCESS) {
		if (caps.currentExtent.width != 0xffffffffu)
			ci->imageExtent = caps.currentExtent;
		if (ci->minImageCount < caps.minImageCount)
			ci->minImageCount = caps.minImageCount;
		if (caps.maxImageCount && ci->minImageCount > caps.maxImageCount)
			ci->minImageCount = caps.maxImageCount;
		ci->preTransform = caps.currentTransform;
		if (!(caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR) &&
		    caps.supportedCompositeAlpha)
			ci->compositeAlpha =
				(VkCompositeAlphaFlagBitsKHR)(caps.supportedCompositeAlpha &
							      -caps.supportedCompositeAlpha);
	}
	if (vkGetPhysicalDeviceSurfaceFormatsKHR(p->phys, w->surface, &n, formats) >= 0 && n) {
		uint32_t i = 0;

		while (i < n && formats[i].format != VK_FORMAT_B8G8R8A8_UNORM)
			i++;
		ci->imageFormat = formats[i < n ? i : 0].format;
		ci->imageColorSpace = formats[i < n ? i : 0].colorSpace;
	}
	n = 16;
	if (vkGetPhysicalDeviceSurfacePresentModesKHR(p->phys, w->surface, &n, modes) >= 0)
		for (uint32_t i = 0; i < n; i++)
			has_mode |= modes[i] == ci->presentMode;
	if (!has_mode) {
		say(p, "mode: fifo (the surface lacks mode %d)\n", (int)ci->presentMode);
		ci->presentMode = VK_PRESENT_MODE_FIFO_KHR;
	}
}

static VkResult make_swapchain(struct worker *w)
{
	struct probe *p = w->p;
	VkHeadlessSurfaceCreateInfoEXT si = {
		.sType = VK_STRUCTURE_TYPE_HEADLESS_SURFACE_CREATE_INFO_EXT
	};
	VkSwapchainCreateInfoKHR ci = {
		.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR,
		.minImageCount = p->images,
		.imageFormat = VK_FORMAT_B8G8R8A8_UNORM,
		.imageColorSpace = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR,
		.imageExtent = { 64, 64 },
		.imageArrayLayers = 1,
		.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT,
		.preTransform = VK_SURFACE_TRANSFORM_IDENTITY_BIT_KHR,
		.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR,
		.presentMode = p->mode,
		.clipped = VK_TRUE,
	};

	if (p->want_pnext)
		ci.pNext = &unknown_ext;
	CHECK(vkCreateHeadlessSurfaceEXT(p->instance, &si, NULL, &w->surface));
	say(p, "surface: headless\n");
	ci.surface = w->surface;
	fit_to_surface(w, &ci);
	CHECK(vkCreateSwapchainKHR(p->device, &ci, NULL, &w->swapchain));
	CHECK(vkGetSwapchainImagesKHR(p->device, w->swapchain, &w->n_images, NULL));
	say(p, "swapchain: images=%u\n", w->n_images);
	if (w->n_images > MAX_IMAGES) {
		fprintf(stderr, "vkprobe: %u images, more than %d\n", w->n_images, MAX_IMAGES);
		return VK_ERROR_INITIALIZATION_FAILED;
	}
	return VK_SUCCESS;
}

/* A presented image must be in VK_IMAGE_LAYOUT_PRESENT_SRC_KHR (VUID-VkPresentInfoKHR-
 * pImageIndices-01296): one command buffer per image, recorded once, makes it so. With the
 * semaphores and the fence, each frame is valid Vulkan for a real driver. */
static VkResult make_frame_objects(struct worker *w)
{
	VkDevice dev = w->p->device;
	VkImage images[MAX_IMAGES];
	uint32_t n = w->n_images;
	VkCommandPoolCreateInfo pci = { .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO };
	VkCommandBufferAllocateInfo ai = { .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
					   .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
					   .commandBufferCount = n };
	VkSemaphoreCreateInfo si = { .sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO };
	VkFenceCreateInfo fi = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };

	CHECK(vkGetSwapchainImagesKHR(dev, w->swapchain, &n, images));
	CHECK(vkCreateCommandPool(dev, &pci, NULL, &w->pool));
	ai.commandPool = w->pool;
	CHECK(vkAllocateCommandBuffers(dev, &ai, w->cmd));
	CHECK(vkCreateSemaphore(dev, &si, NULL, &w->acquired));
	CHECK(vkCreateFence(dev, &fi, NULL, &w->done));
	for (uint32_t i = 0; i < n; i++) {
		VkCommandBufferBeginInfo bi = { .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO };
		VkImageMemoryBarrier b = {
			.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER,
			.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED,
			.newLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
			.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
			.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
			.image = images[i],
			.subresourceRange = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 },
		};

		CHECK(vkCreateSemaphore(dev, &si, NULL, &w->rendered[i]));
		CHECK(vkBeginCommandBuffer(w->cmd[i], &bi));
		vkCmdPipelineBarrier(w->cmd[i], VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
				     VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0, 0, NULL, 0, NULL, 1,
				     &b);
		CHECK(vkEndCommandBuffer(w->cmd[i]));
	}
	return VK_SUCCESS;
}

/* Waits for this thread's queue only: vkDeviceWaitIdle would use every queue of the device
 * while other threads present on them (validation: UNASSIGNED-Threading-MultipleThreads). */
static void free_frame_objects(struct worker *w, VkQueue queue, bool is_shared)
{
	VkDevice dev = w->p->device;

	if (is_shared)
		pthread_mutex_lock(&w->p->queue_lock);
	vkQueueWaitIdle(queue);
	if (is_shared)
		pthread_mutex_unlock(&w->p->queue_lock);
	for (uint32_t i = 0; i < w->n_images; i++)
		vkDestroySemaphore(dev, w->rendered[i], NULL);
	vkDestroySemaphore(dev, w->acquired, NULL);
	vkDestroyFence(dev, w->done, NULL);
	if (w->pool) {
		vkFreeCommandBuffers(dev, w->pool, w->n_images, w->cmd);
		vkDestroyCommandPool(dev, w->pool, NULL);
	}
}

/* --work-us: the time a game spends recording its frame (slept: no CPU to wait for). */
static void work(unsigned us)
{
	nanosleep(&(struct timespec){ .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000L },
		  NULL);
}

struct submit_job {
	VkQueue queue;
	const VkSubmitInfo *si;
	VkFence fence;
	VkResult res;
};

static void *submit_on_thread(void *arg)
{
	struct submit_job *j = arg;

	j->res = vkQueueSubmit(j->queue, 1, j->si, j->fence);
	return NULL;
}

/* vkQueueSubmit, from this thread or (--submit-thread) one made for it. */
static VkResult submit(struct probe *p, VkQueue queue, const VkSubmitInfo *si, VkFence fence)
{
	struct submit_job j = { queue, si, fence, VK_ERROR_UNKNOWN };
	pthread_t t;

	if (!p->is_submit_thread)
		return vkQueueSubmit(queue, 1, si, fence);
	if (pthread_create(&t, NULL, submit_on_thread, &j) != 0)
		return VK_ERROR_OUT_OF_HOST_MEMORY;
	pthread_join(t, NULL);
	return j.res;
}

/* One frame: acquire, the layout transition, present; waits for the GPU before returning. */
static VkResult frame(struct worker *w, VkQueue queue, bool is_shared)
{
	struct probe *p = w->p;
	VkPipelineStageFlags stage = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
	uint32_t index;
	VkSubmitInfo si = { .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
			    .waitSemaphoreCount = 1,
			    .pWaitSemaphores = &w->acquired,
			    .pWaitDstStageMask = &stage,
			    .commandBufferCount = 1,
			    .signalSemaphoreCount = 1 };
	VkPresentInfoKHR pi = { .sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR,
				.waitSemaphoreCount = 1,
				.swapchainCount = 1,
				.pSwapchains = &w->swapchain,
				.pImageIndices = &index };
	VkResult res;

	res = vkAcquireNextImageKHR(p->device, w->swapchain, UINT64_MAX, w->acquired,
				    VK_NULL_HANDLE, &index);
	if (res < 0)
		return res;
	si.pCommandBuffers = &w->cmd[index];
	si.pSignalSemaphores = &w->rendered[index];
	pi.pWaitSemaphores = &w->rendered[index];
	if (p->work_us)
		work(p->work_us);
	if (is_shared)
		pthread_mutex_lock(&p->queue_lock);
	res = submit(p, queue, &si, w->done);
	if (res >= 0)
		res = vkQueuePresentKHR(queue, &pi);
	if (is_shared)
		pthread_mutex_unlock(&p->queue_lock);
	vkWaitForFences(p->device, 1, &w->done, VK_TRUE, UINT64_MAX);
	vkResetFences(p->device, 1, &w->done);
	return res;
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One thread: its own swapchain, p->frames presents, then the swapchain goes. */
static void *present_loop(void *arg)
{
	struct worker *w = arg;
	struct probe *p = w->p;
	VkQueue queue = p->queues[w->index % p->n_queues];
	bool is_shared = p->n_queues < p->threads;

	w->res = make_swapchain(w);
	if (w->res >= 0)
		w->res = make_frame_objects(w);
	for (unsigned i = 0; i < p->frames && w->res >= 0; i++) {
		w->res = frame(w, queue, is_shared);
		w->presented += w->res >= 0;
		if (p->want_allocs && w->index == 0 && (i == p->frames / 10 || i + 1 == p->frames))
			p->allocs[i + 1 == p->frames] = alloc_count(); /* before --rss's fopen */
		if (p->want_rss && w->index == 0 && i == p->frames / 10) {
			nanosleep(&(struct timespec){ .tv_nsec = 200000000 },
				  NULL); /* the writer runs */
			sample(p, 0);
		} else if (p->want_rss && w->index == 0 && i + 1 == p->frames) {
			sample(p, 1);
		}
	}
	free_frame_objects(w, queue, is_shared);
	int64_t t0 = mono_ns();
	vkDestroySwapchainKHR(p->device, w->swapchain, NULL);
	t0 = mono_ns() - t0;
	for (int64_t was = __atomic_load_n(&p->destroy_ns, __ATOMIC_RELAXED); t0 > was;)
		if (__atomic_compare_exchange_n(&p->destroy_ns, &was, t0, false, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			break;
	vkDestroySurfaceKHR(p->instance, w->surface, NULL);
	return NULL;
}

static int parse_mode(const char *s, VkPresentModeKHR *m)
{
	static const char *names[] = { "immediate", "mailbox", "fifo", "fifo_relaxed" };

	for (int i = 0; i < 4; i++) /* VkPresentModeKHR values 0..3 in this order */
		if (!strcmp(s, names[i]))
			return *m = (VkPresentModeKHR)i, 0;
	return -1;
}

/*
 * fork() while the threads present, p->forks times; each child goes through the layer's locks
 * and its teardown (vkDestroySwapchainKHR of thread 0's swapchain, vkDestroyInstance) and exits.
 * A child that has not exited after 2 s is stuck: killed and counted.
 */
static unsigned fork_children(struct probe *p, struct worker *w)
{
	unsigned hung = 0;

	for (unsigned i = 0; i < p->forks; i++) {
		int status;
		pid_t pid;

		nanosleep(&(struct timespec){ .tv_nsec = 3000000 }, NULL);
		pid = fork();
		if (pid == 0) {
			VkSwapchainKHR sc = __atomic_load_n(&w->swapchain, __ATOMIC_ACQUIRE);

			if (sc)
				vkDestroySwapchainKHR(p->device, sc, NULL);
			vkDestroyInstance(p->instance, NULL);
			_exit(0);
		}
		if (pid < 0)
			break;
		for (int ms = 0; ms < 2000 && waitpid(pid, &status, WNOHANG) == 0; ms++)
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		if (waitpid(pid, &status, WNOHANG) == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			hung++;
		}
	}
	return hung;
}

static int run(struct probe *p, uint32_t device)
{
	struct worker w[MAX_THREADS] = { 0 };
	pthread_t tid[MAX_THREADS];
	unsigned total = 0, started = 0;
	int rc = 0;

	if (list_devices(p) < 0 || make_device(p, device) < 0)
		return 1;
	for (unsigned i = 0; p->frames && i < p->threads; i++) {
		w[i] = (struct worker){ .p = p, .index = i };
		if (pthread_create(&tid[i], NULL, present_loop, &w[i]) != 0) {
			rc = 1;
			break;
		}
		started++;
	}
	if (p->forks && started)
		say(p, "forks: %u hung: %u\n", p->forks, fork_children(p, &w[0]));
	for (unsigned i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		total += w[i].presented;
		rc |= w[i].res < 0;
	}
	if (p->frames)
		say(p, "presented: %u\n", total);
	if (p->frames)
		say(p, "destroy_swapchain_us: %lld\n", (long long)(p->destroy_ns / 1000));
	vkDestroyDevice(p->device, NULL);
	return rc;
}

/* One whole cycle: instance, run, teardown. */
static int cycle(struct probe *p, const VkInstanceCreateInfo *ci, uint32_t device)
{
	int rc;

	if (vkCreateInstance(ci, NULL, &p->instance) != VK_SUCCESS) {
		fprintf(stderr, "vkprobe: vkCreateInstance failed\n");
		return 1;
	}
	rc = run(p, device);
	vkDestroyInstance(p->instance, NULL);
	return rc;
}

__attribute__((unused)) static void on_crash(int sig)
{
	void *frames[64];
	int n = backtrace(frames, 64);
	static const char msg[] = "vkprobe: crashed; backtrace:\n";

	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(128 + sig);
	backtrace_symbols_fd(frames, n, STDERR_FILENO);
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	struct probe p = { .mode = VK_PRESENT_MODE_FIFO_KHR, .images = 2 };
	const char *ext[] = { VK_KHR_SURFACE_EXTENSION_NAME, VK_EXT_HEADLESS_SURFACE_EXTENSION_NAME };
	VkApplicationInfo app = { .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
				  .pApplicationName = "vkprobe",
				  .apiVersion = VK_API_VERSION_1_1 };
	VkInstanceCreateInfo ci = { .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
				    .pApplicationInfo = &app };
	uint32_t device = 0;
	unsigned cycles = 1;
	bool want_queues = false, want_rss = false;
	int rc = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) /* theirs report better */
	signal(SIGSEGV, on_crash);
	signal(SIGBUS, on_crash);
	signal(SIGABRT, on_crash);
#endif
	p.threads = 1;
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "--queues")) {
			want_queues = true;
			continue;
		} else if (!strcmp(argv[i], "--pnext")) {
			p.want_pnext = true;
			continue;
		} else if (!strcmp(argv[i], "--allocs")) {
			p.want_allocs = true;
			continue;
		} else if (!strcmp(argv[i], "--rss")) {
			want_rss = true;
			continue;
		} else if (!strcmp(argv[i], "--submit-thread")) {
			p.is_submit_thread = true;
			continue;
		} else if (!strcmp(argv[i], "--work-us") && v && atoi(v) >= 0) {
			p.work_us = (unsigned)atoi(v);
		} else if (!strcmp(argv[i], "--cycles") && v && atoi(v) >= 1) {
			cycles = (unsigned)atoi(v);
		} else if (!strcmp(argv[i], "--forks") && v && atoi(v) >= 1) {
			p.forks = (unsigned)atoi(v);
		} else if (!strcmp(argv[i], "--present") && v)
			p.frames = (unsigned)atoi(v);
		else if (!strcmp(argv[i], "--mode") && v && parse_mode(v, &p.mode) == 0)
			;
		else if (!strcmp(argv[i], "--images") && v)
			p.images = (uint32_t)atoi(v);
		else if (!strcmp(argv[i], "--device") && v)
			device = (uint32_t)atoi(v);
		else if (!strcmp(argv[i], "--threads") && v && atoi(v) >= 1 && atoi(v) <= MAX_THREADS)
			p.threads = (unsigned)atoi(v);
		else {
			fprintf(stderr, "usage: vkprobe [--present N] [--mode M] [--images N] "
					"[--device I] [--threads T] [--queues] [--cycles C] "
					"[--pnext] [--rss] [--allocs] "
					"[--forks N] [--work-us U] [--submit-thread]\n");
			return 2;
		}
		i++;
	}
	p.n_queues = want_queues ? p.threads : 1;
	p.want_rss = want_rss && cycles == 1;
	if (p.frames) {
		ci.enabledExtensionCount = 2;
		ci.ppEnabledExtensionNames = ext;
	}
	pthread_mutex_init(&p.queue_lock, NULL);
	for (unsigned c = 0; c < cycles && !rc; c++) {
		rc = cycle(&p, &ci, device);
		p.is_quiet = true;
		if (want_rss && cycles > 1 && (c + 1 == (cycles + 9) / 10 || c + 1 == cycles))
			sample(&p, c + 1 == cycles);
	}
	if (cycles > 1)
		printf("cycles: %u\n", cycles);
	if (p.want_allocs && HAS_ALLOC_COUNT)
		printf("allocs: warm=%lu end=%lu\n", p.allocs[0], p.allocs[1]);
	else if (p.want_allocs)
		printf("allocs: not counted in a sanitizer build\n");
	if (want_rss)
		printf("rss_kb: warm=%ld end=%ld fds: warm=%ld end=%ld\n", p.rss_kb[0], p.rss_kb[1],
		       p.fds[0], p.fds[1]);
	return rc;
}
