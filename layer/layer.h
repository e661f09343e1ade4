// SPDX-License-Identifier: MIT
/*
 * layer — private header of VK_LAYER_MVGAL_multigpu (DESIGN.md section 5). Nothing here is
 * exported from the shared object: the build uses -fvisibility=hidden and only the loader entry
 * points in entry.c carry LAYER_EXPORT.
 *
 * Contract: Vulkan-Loader "LoaderLayerInterface", layer interface version 2. Instance and device
 * chains are followed through VK_LAYER_LINK_INFO; every dispatchable handle is looked up by its
 * dispatch key (the loader's table pointer stored in its first word). Physical devices share
 * their instance's key, queues their device's key.
 */
#ifndef MVGAL_LAYER_H
#define MVGAL_LAYER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <vulkan/vk_layer.h>
#include <vulkan/vulkan.h>

#include "ingame/ingame.h"
#include "pacer/pacer.h"
#include "telemetry/telemetry.h"

/* the manifest's name: one per build (Makefile, layer_json) */
#if defined(__x86_64__)
#define LAYER_NAME "VK_LAYER_MVGAL_multigpu_x86_64"
#else
#define LAYER_NAME "VK_LAYER_MVGAL_multigpu_x86"
#endif
#define LAYER_EXPORT __attribute__((visibility("default")))

/* One bit per kind of problem for ingame_log(): each is logged once per process, then that
 * feature stays off. */
enum layer_log_kind {
	LOG_OOM = 1u << 1,
	LOG_SELECT_EMPTY = 1u << 2,
	LOG_SELECT_NEEDS_PROPS2 = 1u << 3,
	LOG_PRESENT_MODE = 1u << 4,
	LOG_IMAGES = 1u << 5,
	LOG_CHAIN = 1u << 8,
	LOG_ZINK = 1u << 15,
	LOG_HUD = 1u << 16,	      /* the HUD's drawer could not start or failed: HUD off */
	LOG_HUD_SWAPCHAIN = 1u << 17, /* a swapchain it cannot draw on (format, usage, protected) */
	LOG_HUD_QUEUE = 1u << 18,     /* a present queue it cannot draw from */
	LOG_HUD_MULTI = 1u << 19,     /* a present of several swapchains: HUD on the first only */
	LOG_INFO = INGAME_LOG_INFO, /* never suppressed (MVGAL_GPU=list output, selection result) */
};

/* Next-in-chain instance functions, and what the layer learnt about the instance. */
struct layer_instance {
	struct layer_instance *next;
	void *key;
	VkInstance handle;
	uint32_t api_version;
	bool has_props2_khr; /* VK_KHR_get_physical_device_properties2 enabled */
	bool has_listed;     /* MVGAL_GPU=list already printed for this instance */
	bool is_gl_owned;    /* Zink under our OpenGL preload, which paces (zink.c) */
	PFN_vkGetInstanceProcAddr gipa;
	PFN_vkDestroyInstance DestroyInstance;
	PFN_vkEnumeratePhysicalDevices EnumeratePhysicalDevices;
	PFN_vkEnumeratePhysicalDeviceGroups EnumeratePhysicalDeviceGroups;
	PFN_vkEnumeratePhysicalDeviceGroups EnumeratePhysicalDeviceGroupsKHR;
	PFN_vkGetPhysicalDeviceProperties GetPhysicalDeviceProperties;
	PFN_vkGetPhysicalDeviceProperties2 GetPhysicalDeviceProperties2;
	PFN_vkEnumerateDeviceExtensionProperties EnumerateDeviceExtensionProperties;
	PFN_vkGetPhysicalDeviceSurfaceCapabilitiesKHR GetPhysicalDeviceSurfaceCapabilitiesKHR;
	PFN_vkGetPhysicalDeviceSurfacePresentModesKHR GetPhysicalDeviceSurfacePresentModesKHR;
	/* window-system types stay in refresh.c: these are cast there */
	PFN_vkVoidFunction CreateXlibSurfaceKHR;
	PFN_vkVoidFunction CreateXcbSurfaceKHR;
	PFN_vkVoidFunction CreateWaylandSurfaceKHR;
	PFN_vkDestroySurfaceKHR DestroySurfaceKHR;
};

/* What the layer remembers of a window-system surface, to ask the window system for the refresh
 * rate of the display showing it (refresh.c). */
struct layer_surface {
	struct layer_surface *next;
	VkSurfaceKHR handle;
	enum ingame_window_system kind;
	void *connection; /* Display * (Xlib), xcb_connection_t * (XCB), wl_display * */
	uint64_t window;  /* Window / xcb_window_t; the wl_surface * for Wayland */
};

struct layer_device {
	struct layer_device *next;
	void *key;
	VkDevice handle;
	VkPhysicalDevice physical;
	struct layer_instance *instance;
	char gpu_name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
	PFN_vkGetDeviceProcAddr gdpa;
	PFN_vkDestroyDevice DestroyDevice;
	PFN_vkCreateSwapchainKHR CreateSwapchainKHR;
	PFN_vkDestroySwapchainKHR DestroySwapchainKHR;
	PFN_vkQueuePresentKHR QueuePresentKHR;
	PFN_vkQueueSubmit QueueSubmit;
	PFN_vkQueueSubmit2 QueueSubmit2;
	PFN_vkQueueSubmit2 QueueSubmit2KHR;
	PFN_vkGetRefreshCycleDurationGOOGLE GetRefreshCycleDurationGOOGLE;
	PFN_vkGetPastPresentationTimingGOOGLE GetPastPresentationTimingGOOGLE;
	bool has_display_timing; /* VK_GOOGLE_display_timing is enabled on the device */
	bool is_timing_ours;	 /* ... by the layer, not the game: its records are ours to
				       * read, its functions hidden from the game */
	/* MVGAL_HUD: the drawer's functions and the game's queues, or NULL */
	struct layer_hud_device *hud;
};

/* Per swapchain: the pacer. vkQueuePresentKHR requires the app to synchronise access to
 * pSwapchains[], so the pacer needs no lock of ours while it sleeps. */
struct layer_swapchain {
	struct layer_swapchain *next;
	VkSwapchainKHR handle;
	struct layer_device *device;
	bool is_paced;
	bool has_target;	 /* MVGAL_FPS set: paced, or (MVGAL_PACER=off) for telemetry */
	int64_t last_present_ns; /* unpaced with a target: to tell late frames */
	bool is_gl_owned;	 /* its instance's is_gl_owned: neither paced nor stamped */
	bool is_latency;	 /* pacer = latency: the wait is at the first submit (latency.c) */
	int latency_state;	 /* latency.c's state machine (atomic) */
	void *device_key;	 /* the device's dispatch key, for submits (under the lock) */
	VkQueue present_queue;	 /* the queue and thread of the last present (under the lock) */
	pthread_t present_thread;
	bool has_presented;
	bool is_late;			  /* latency mode: whether this frame's wait was late ... */
	int64_t waited_ns;		  /* ... and how long it waited */
	int64_t wait_end_ns;		  /* end of the wait that let the current frame start */
	uint64_t present_id;		  /* VkPresentTimeGOOGLE ids we hand out (is_timing_ours) */
	uint32_t frames_to_refresh_check; /* presents until vkGetRefreshCycleDurationGOOGLE again */
	struct ingame_refresh refresh;
	struct pacer pacer;
	struct layer_hud *hud;		    /* MVGAL_HUD: its drawer (hud_setup.c), or NULL */
	struct ingame_wl_follow *wl_follow; /* paced Wayland: the window's output (presenter's) */
};

/* Telemetry state; lives in struct layer_global, protected by its lock. */
struct layer_telemetry {
	struct telemetry *writer; /* the process's writer, NULL until the first swapchain */
	bool is_failed;		  /* it could not start: telemetry off */
	int64_t last_self_ns;	  /* MVGAL_SELFTIME: cost of the last present (relaxed atomic:
				       * presenting threads only, a lost sample is harmless) */
};

/*
 * The layer's whole mutable state: one struct, one lock. `lock` protects every field below it:
 * the lists of instances, devices and swapchains (looked up by dispatch key or handle), the
 * settings (read once, at the first vkCreateInstance), and the telemetry ring and its writer's
 * requests. (The set of problems already logged is ingame_log()'s, lock-free.) It is never held across a call down the chain
 * or a sleep, so it cannot deadlock with the driver or serialise presents on different queues.
 */
struct layer_global {
	pthread_mutex_t lock;	  /* held around fork() too (pthread_atfork) */
	pthread_once_t fork_once; /* the fork handlers are registered */
	bool has_settings;
	struct ingame_settings settings;
	struct layer_instance *instances;
	struct layer_device *devices;
	struct layer_swapchain *swapchains;
	struct layer_surface *surfaces;
	struct layer_telemetry telemetry;
};

extern struct layer_global layer_g;

static inline void *layer_key(const void *dispatchable)
{
	return *(void *const *)dispatchable;
}

/* Lookups; the caller holds the lock. */
struct layer_surface *layer_find_surface(VkSurfaceKHR handle);
struct layer_instance *layer_find_instance(void *key);
struct layer_device *layer_find_device(void *key);
struct layer_swapchain *layer_find_swapchain(VkSwapchainKHR handle);

/* gpu_filter.c: the hooks that apply MVGAL_GPU. */
VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDevices(VkInstance instance, uint32_t *count,
							      VkPhysicalDevice *out);
VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDeviceGroups(
	VkInstance instance, uint32_t *count, VkPhysicalDeviceGroupProperties *out);
VKAPI_ATTR VkResult VKAPI_CALL layer_EnumeratePhysicalDeviceGroupsKHR(
	VkInstance instance, uint32_t *count, VkPhysicalDeviceGroupProperties *out);

/* swapchain.c */
VKAPI_ATTR VkResult VKAPI_CALL layer_CreateSwapchainKHR(VkDevice device,
							const VkSwapchainCreateInfoKHR *info,
							const VkAllocationCallbacks *alloc,
							VkSwapchainKHR *out);
VKAPI_ATTR void VKAPI_CALL layer_DestroySwapchainKHR(VkDevice device, VkSwapchainKHR swapchain,
						     const VkAllocationCallbacks *alloc);
VKAPI_ATTR VkResult VKAPI_CALL layer_QueuePresentKHR(VkQueue queue, const VkPresentInfoKHR *info);

/* latency.c: pacer = latency. The submit hooks (offered only in that mode) wait for the frame's
 * deadline at the first submit after a present. */
VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit(VkQueue queue, uint32_t count,
						 const VkSubmitInfo *submits, VkFence fence);
VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit2(VkQueue queue, uint32_t count,
						  const VkSubmitInfo2 *submits, VkFence fence);
VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit2KHR(VkQueue queue, uint32_t count,
						     const VkSubmitInfo2 *submits, VkFence fence);
/* At a latency swapchain's present (lock not held): takes the pacer from the submit side. True
 * when a submit waited for this frame (*is_late, *waited_ns are its); false: the present waits.
 * A wait running on another thread is let end first. */
bool layer_latency_present_begin(struct layer_swapchain *sc, bool *is_late, int64_t *waited_ns);
/* At a latency swapchain's present, lock held: which queue and thread present it (the submits
 * that start its frames are looked for there first). */
void layer_latency_note_present(struct layer_swapchain *sc, VkQueue queue);
/* After that present: the next submit may wait again. */
void layer_latency_present_end(struct layer_swapchain *sc);
/* Before freeing a swapchain already unlinked under the lock: lets a running wait end. */
void layer_latency_forget(struct layer_swapchain *sc);
/* fork() child, lock held: a wait of a thread the child does not have is called off. */
void layer_latency_after_fork_child(void);

/* refresh.c: the refresh of the display a new swapchain presents to (display timing, else the
 * window system, else unknown), read again at every (re)creation: the window may be on another
 * display, or the mode new. Lock not held; calls down the chain and into the window system. */
void layer_refresh_discover(const struct layer_device *ld, VkSwapchainKHR swapchain,
			    VkSurfaceKHR surface, struct ingame_refresh *out);
/* refresh.c: for a Wayland surface without display timing, a follower of the output its window
 * is shown on (presentation feedback, issue 28 item 4), else NULL. Lock not held; a few
 * round-trips on a private queue. */
struct ingame_wl_follow *layer_refresh_follow(const struct layer_device *ld, VkSurfaceKHR surface);
/* refresh.c: the hooks of vkCreateXlibSurfaceKHR, vkCreateXcbSurfaceKHR,
 * vkCreateWaylandSurfaceKHR and vkDestroySurfaceKHR (they remember connections and windows), or
 * NULL for any other name. */
PFN_vkVoidFunction layer_surface_hook(const char *name);
/* refresh.c: the instance's next-in-chain surface functions. */
void layer_surface_load(struct layer_instance *li);
/* zink.c: true when this instance is Mesa's Zink (OpenGL on Vulkan) and our OpenGL preload
 * paces that OpenGL in this process: the layer then leaves its swapchains alone. */
bool layer_is_gl_owned(const VkInstanceCreateInfo *info);

/* hud_setup.c, hud_draw.c: the HUD's Vulkan drawer (issue 29; hud_vk.h). Lock not held by
 * callers; each calls down the chain. On its own error each logs once and leaves the HUD off. */
struct layer_hud;
struct layer_hud_device;
/* At vkCreateDevice, when MVGAL_HUD is on: the functions the drawer needs and the game's queues
 * with their families (ld->hud; NULL when the device lacks something). */
void layer_hud_device_init(struct layer_device *ld, const VkDeviceCreateInfo *info,
			   const struct hud_config *config);
void layer_hud_device_release(struct layer_device *ld);
/* Before vkCreateSwapchainKHR goes down: adds COLOR_ATTACHMENT to the image usage when the
 * surface supports it. Returns whether the HUD can draw on such a swapchain (logged when not). */
bool layer_hud_prepare_swapchain(const struct layer_device *ld, VkSwapchainCreateInfoKHR *ci);
/* After it: the swapchain's drawer (NULL when the HUD is off or on an error, logged once). */
struct layer_hud *layer_hud_new(struct layer_device *ld, VkSwapchainKHR swapchain,
				const VkSwapchainCreateInfoKHR *ci);
/* What the HUD says of the pacer (its line, ingame_hud_pacer_line()) and the interval and refresh
 * its late count uses (0: none, unknown); again when the refresh changes. h may be NULL. */
void layer_hud_set_pacer(struct layer_hud *h, const char *line, int64_t target_ns,
			 int64_t refresh_ns);
/* Waits for its last draw, then destroys everything it made; before the swapchain goes. */
void layer_hud_free(struct layer_hud *h);
/* At vkQueuePresentKHR, after the pacer's wait: one frame for every HUD in the present, and the
 * draw of the first visible one, waiting on the game's semaphores. Returns the info to present
 * with: `info`, or *copy waiting on our semaphore instead. *submit_ns: the time spent in the
 * driver's vkQueueSubmit (0 without a draw), which MVGAL_SELFTIME leaves out as it does the
 * driver's present (a CPU driver such as lavapipe renders in it). */
const VkPresentInfoKHR *layer_hud_present(const struct layer_device *ld, VkQueue queue,
					  const VkPresentInfoKHR *info, VkPresentInfoKHR *copy,
					  int64_t *submit_ns);

/* telemetry.c. Stamping never allocates and never blocks on I/O. Lock not held by callers. */
/* Starts the process's writer once MVGAL_TELEMETRY is set (at a swapchain's creation). */
void layer_telemetry_start(void);
/* Stamps one present into w (the writer read under the lock; NULL: nothing). started_ns: the
 * end of the pacer wait that let this frame start (0 unknown). */
void layer_telemetry_stamp(struct telemetry *w, const struct layer_device *dev,
			   const struct layer_swapchain *sc, int64_t present_ns, int64_t wait_ns,
			   bool is_late, int64_t started_ns, int64_t self_ns);
/* Waits until the rows so far and the summary are written (last vkDestroyInstance). */
void layer_telemetry_sync(void);

#endif
