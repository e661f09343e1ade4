// SPDX-License-Identifier: MIT
// vkCreateSwapchainKHR overrides (MVGAL_PRESENT_MODE, MVGAL_IMAGES, applied only when the
// surface supports them, asked through the chain) and the present hook: pacer, then down, then
// the telemetry ring. Nothing on the present path allocates, does I/O or holds the lock while
// it sleeps or calls the driver.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"

static const char *mode_name(VkPresentModeKHR m)
{
	switch (m) {
	case VK_PRESENT_MODE_FIFO_KHR:
		return "fifo";
	case VK_PRESENT_MODE_MAILBOX_KHR:
		return "mailbox";
	case VK_PRESENT_MODE_IMMEDIATE_KHR:
		return "immediate";
	case VK_PRESENT_MODE_FIFO_RELAXED_KHR:
		return "fifo_relaxed";
	default:
		return "other";
	}
}

/* MVGAL_PRESENT_MODE's value as a Vulkan present mode (not auto). */
static VkPresentModeKHR vk_mode(enum setting_present_mode m)
{
	switch (m) {
	case SETTING_PRESENT_MAILBOX:
		return VK_PRESENT_MODE_MAILBOX_KHR;
	case SETTING_PRESENT_IMMEDIATE:
		return VK_PRESENT_MODE_IMMEDIATE_KHR;
	case SETTING_PRESENT_FIFO_RELAXED:
		return VK_PRESENT_MODE_FIFO_RELAXED_KHR;
	default:
		return VK_PRESENT_MODE_FIFO_KHR;
	}
}

static bool surface_has_mode(const struct layer_instance *li, VkPhysicalDevice phys,
			     VkSurfaceKHR surface, VkPresentModeKHR want)
{
	VkPresentModeKHR modes[32];
	uint32_t n = 32;
	VkResult res;

	if (!li || !li->GetPhysicalDeviceSurfacePresentModesKHR)
		return false;
	res = li->GetPhysicalDeviceSurfacePresentModesKHR(phys, surface, &n, modes);
	if (res != VK_SUCCESS && res != VK_INCOMPLETE)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (modes[i] == want)
			return true;
	return false;
}

static bool surface_allows_images(const struct layer_instance *li, VkPhysicalDevice phys,
				  VkSurfaceKHR surface, uint32_t want)
{
	VkSurfaceCapabilitiesKHR caps;

	if (!li || !li->GetPhysicalDeviceSurfaceCapabilitiesKHR ||
	    li->GetPhysicalDeviceSurfaceCapabilitiesKHR(phys, surface, &caps) != VK_SUCCESS)
		return false;
	return want >= caps.minImageCount && (caps.maxImageCount == 0 || want <= caps.maxImageCount);
}

/* Applies the overrides to *ci (a shallow copy of the game's create info; pNext untouched). */
static void apply_overrides(const struct layer_device *ld, VkSwapchainCreateInfoKHR *ci)
{
	VkPresentModeKHR mode;
	bool has_mode;
	uint32_t images;

	pthread_mutex_lock(&layer_g.lock);
	has_mode = layer_g.settings.has_present_mode;
	mode = vk_mode(layer_g.settings.present_mode);
	images = layer_g.settings.images;
	pthread_mutex_unlock(&layer_g.lock);
	if (has_mode && mode != ci->presentMode) {
		if (surface_has_mode(ld->instance, ld->physical, ci->surface, mode))
			ci->presentMode = mode;
		else
			ingame_log(
				LOG_PRESENT_MODE,
				"MVGAL_PRESENT_MODE=%s: the surface does not support it; keeping "
				"the game's %s",
				mode_name(mode), mode_name(ci->presentMode));
	}
	if (images && images != ci->minImageCount) {
		if (surface_allows_images(ld->instance, ld->physical, ci->surface, images))
			ci->minImageCount = images;
		else
			ingame_log(LOG_IMAGES,
				   "MVGAL_IMAGES=%u: outside what the surface allows; keeping the "
				   "game's %u",
				   images, ci->minImageCount);
	}
}

/* Presents between two vkGetRefreshCycleDurationGOOGLE calls: a mode change is followed within
 * about a second at 60 fps, for one driver call in 64 presents. */
#define REFRESH_CHECK_FRAMES 64u
/* VkPastPresentationTimingGOOGLE records read per present (more wait for the next one). */
#define PAST_TIMINGS 8u
/* Presents with more swapchains than this get no VkPresentTimesInfoGOOGLE of ours. */
#define MAX_TIMED_SWAPCHAINS 8u

/* The once-per-swapchain line: refresh, where it came from, and the resulting target. */
static void log_refresh(const struct layer_swapchain *sc, const char *what)
{
	ingame_refresh_log(what, &sc->refresh, &sc->pacer, sc->is_latency ? ", pacer latency" : "");
}

/* The HUD's pacer line and the target its late count uses (not per frame: at creation and when
 * the refresh changes). */
static void hud_pacer(const struct layer_swapchain *sc)
{
	char line[160];

	if (!sc->hud)
		return;
	pthread_mutex_lock(&layer_g.lock);
	ingame_hud_pacer_line(&layer_g.settings, &sc->pacer, line, sizeof(line));
	pthread_mutex_unlock(&layer_g.lock);
	layer_hud_set_pacer(sc->hud, line, sc->has_target ? pacer_interval_ns(&sc->pacer) : 0,
			    sc->refresh.refresh_ns);
}

VKAPI_ATTR VkResult VKAPI_CALL layer_CreateSwapchainKHR(VkDevice device,
							const VkSwapchainCreateInfoKHR *info,
							const VkAllocationCallbacks *alloc,
							VkSwapchainKHR *out)
{
	struct layer_device *ld;
	struct layer_swapchain *sc;
	VkSwapchainCreateInfoKHR ci = *info;
	struct pacer_target target;
	bool is_pacer_on, is_latency, has_hud;
	VkResult res;

	pthread_mutex_lock(&layer_g.lock);
	ld = layer_find_device(layer_key(device));
	target = layer_g.settings.fps;
	is_pacer_on = layer_g.settings.is_pacer_on;
	is_latency = layer_g.settings.is_pacer_latency;
	pthread_mutex_unlock(&layer_g.lock);
	if (!ld || !ld->CreateSwapchainKHR)
		return VK_ERROR_INITIALIZATION_FAILED;
	apply_overrides(ld, &ci);
	/* Zink under our OpenGL library: the library draws the HUD */
	has_hud = !(ld->instance && ld->instance->is_gl_owned) &&
		  layer_hud_prepare_swapchain(ld, &ci);
	res = ld->CreateSwapchainKHR(device, &ci, alloc, out);
	if (res != VK_SUCCESS)
		return res;

	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		ingame_log(LOG_OOM, "out of memory: no pacing or telemetry for this swapchain");
		return VK_SUCCESS;
	}
	*sc = (struct layer_swapchain){ .handle = *out,
					.device = ld,
					.device_key = ld->key,
					.is_gl_owned = ld->instance && ld->instance->is_gl_owned,
					.frames_to_refresh_check = REFRESH_CHECK_FRAMES };
	if (!sc->is_gl_owned)
		layer_telemetry_start();
	if (!sc->is_gl_owned)
		layer_refresh_discover(ld, *out, info->surface, &sc->refresh);
	sc->has_target = !sc->is_gl_owned &&
			 pacer_init(&sc->pacer, &target, sc->refresh.refresh_ns) == 0 &&
			 pacer_is_active(&sc->pacer);
	sc->is_paced = is_pacer_on && sc->has_target;
	sc->is_latency = sc->is_paced && is_latency;
	sc->wl_follow = sc->is_paced ? layer_refresh_follow(ld, info->surface) : NULL;
	if (sc->is_paced || (is_pacer_on && !sc->is_gl_owned && target.is_vrr))
		log_refresh(sc, "refresh"); /* vrr on an unknown refresh: says it does nothing */
	if (has_hud) {
		sc->hud = layer_hud_new(ld, *out, &ci);
		hud_pacer(sc);
	}
	pthread_mutex_lock(&layer_g.lock);
	sc->next = layer_g.swapchains;
	layer_g.swapchains = sc;
	pthread_mutex_unlock(&layer_g.lock);
	return VK_SUCCESS;
}

VKAPI_ATTR void VKAPI_CALL layer_DestroySwapchainKHR(VkDevice device, VkSwapchainKHR swapchain,
						     const VkAllocationCallbacks *alloc)
{
	struct layer_device *ld;
	struct layer_swapchain *sc = NULL, **pp;

	pthread_mutex_lock(&layer_g.lock);
	ld = layer_find_device(layer_key(device));
	for (pp = &layer_g.swapchains; swapchain && *pp; pp = &(*pp)->next) {
		if ((*pp)->handle == swapchain) {
			sc = *pp;
			*pp = sc->next;
			break;
		}
	}
	pthread_mutex_unlock(&layer_g.lock);
	if (sc && sc->is_latency)
		layer_latency_forget(sc); /* unlinked: no submit claims it any more */
	if (sc)
		layer_hud_free(sc->hud); /* its views and framebuffers before the images go */
	if (ld && ld->DestroySwapchainKHR)
		ld->DestroySwapchainKHR(device, swapchain, alloc);
	if (sc) {
		struct telemetry *w;

		/* the writer lives until the last vkDestroyInstance, which comes after this */
		pthread_mutex_lock(&layer_g.lock);
		w = layer_g.telemetry.writer;
		pthread_mutex_unlock(&layer_g.lock);
		telemetry_summary(w); /* asks; never waits */
	}
	if (sc)
		ingame_wl_follow_free(sc->wl_follow);
	free(sc);
}

/*
 * After a present: the driver's record of when earlier frames reached the display keeps the
 * schedule on the vblank grid (pacer_observe_present()), and every REFRESH_CHECK_FRAMES presents
 * the refresh is asked again, so a mode change is followed. Records are read only when the layer
 * enabled display timing itself: a game that uses it reads its own.
 */
static void observe_display(const struct layer_device *ld, struct layer_swapchain *sc)
{
	VkPastPresentationTimingGOOGLE past[PAST_TIMINGS];
	VkRefreshCycleDurationGOOGLE rc;
	uint32_t n = PAST_TIMINGS;

	if (!ld->has_display_timing)
		return;
	if (ld->is_timing_ours && ld->GetPastPresentationTimingGOOGLE &&
	    ld->GetPastPresentationTimingGOOGLE(ld->handle, sc->handle, &n, past) >= 0)
		for (uint32_t i = 0; i < n && i < PAST_TIMINGS; i++)
			if (past[i].actualPresentTime)
				pacer_observe_present(&sc->pacer, (int64_t)past[i].actualPresentTime);
	if (--sc->frames_to_refresh_check)
		return;
	sc->frames_to_refresh_check = REFRESH_CHECK_FRAMES;
	if (ld->GetRefreshCycleDurationGOOGLE(ld->handle, sc->handle, &rc) == VK_SUCCESS &&
	    rc.refreshDuration > 0 && rc.refreshDuration < (uint64_t)PACER_NS_PER_S &&
	    (int64_t)rc.refreshDuration != sc->refresh.refresh_ns) {
		sc->refresh.refresh_ns = (int64_t)rc.refreshDuration;
		pacer_set_refresh(&sc->pacer, sc->refresh.refresh_ns);
		log_refresh(sc, "refresh changed to");
		hud_pacer(sc);
	}
}

/* Wayland, before the present goes down: the output the window was last shown on, when
 * presentation feedback names a new one (or a new refresh), becomes the pacer's refresh. */
static void follow_output(struct layer_swapchain *sc, int64_t now_ns)
{
	struct ingame_refresh r;
	bool is_change;

	if (!ingame_wl_follow_frame(sc->wl_follow, now_ns, &r))
		return;
	is_change = ingame_refresh_changed(sc->refresh.refresh_ns, r.refresh_ns);
	sc->refresh = r;
	pacer_set_refresh(&sc->pacer, r.refresh_ns);
	log_refresh(sc, is_change ? "refresh changed to" : "refresh");
	hud_pacer(sc);
}

/* Adds our VkPresentTimesInfoGOOGLE (ids only; no desired time) in front of the game's chain,
 * on the caller's stack. Returns the info to call down with. */
static const VkPresentInfoKHR *
with_present_times(const struct layer_device *ld, struct layer_swapchain *sc,
		   const VkPresentInfoKHR *info, VkPresentInfoKHR *copy,
		   VkPresentTimesInfoGOOGLE *times, VkPresentTimeGOOGLE *ids)
{
	if (!sc || !sc->is_paced || !ld->is_timing_ours || info->swapchainCount > MAX_TIMED_SWAPCHAINS)
		return info;
	for (uint32_t i = 0; i < info->swapchainCount; i++)
		ids[i] = (VkPresentTimeGOOGLE){ .presentID = 0, .desiredPresentTime = 0 };
	ids[0].presentID = (uint32_t)++sc->present_id;
	*times = (VkPresentTimesInfoGOOGLE){
		.sType = VK_STRUCTURE_TYPE_PRESENT_TIMES_INFO_GOOGLE,
		.pNext = info->pNext,
		.swapchainCount = info->swapchainCount,
		.pTimes = ids,
	};
	*copy = *info;
	copy->pNext = times;
	return copy;
}

/*
 * The pacer's part of a present, before it goes down: the wait in ns, done here (then
 * *has_waited_here is set) or, in latency mode, at the frame's first submit; *is_late as the
 * pacer says. The app synchronises access to pSwapchains[] (vkQueuePresentKHR host sync rules)
 * and latency.c hands the pacer over from the submit side, so it is ours alone here.
 */
static int64_t present_wait(struct layer_swapchain *sc, bool *is_late, bool *has_waited_here)
{
	int64_t waited_ns;

	if (sc->is_latency && layer_latency_present_begin(sc, is_late, &waited_ns))
		return waited_ns;
	if (sc->is_paced) {
		int64_t deadline = pacer_next_deadline(&sc->pacer, ingame_now_ns(), is_late);

		*has_waited_here = true;
		return pacer_wait(&sc->pacer, deadline);
	}
	return 0;
}

/*
 * After the driver took the frame (handed over at t_down): returns the end of the wait that let
 * it start (telemetry's wait_end_to_present), reads the display's record, and in latency mode
 * lets the next submit wait again.
 */
static int64_t after_present(const struct layer_device *ld, struct layer_swapchain *sc,
			     int64_t t_down, bool has_waited_here)
{
	int64_t started_ns = sc->wait_end_ns;

	if (!sc->is_latency || has_waited_here)
		sc->wait_end_ns = t_down;
	if (sc->is_paced)
		observe_display(ld, sc);
	if (sc->is_latency)
		layer_latency_present_end(sc);
	return started_ns;
}

VKAPI_ATTR VkResult VKAPI_CALL layer_QueuePresentKHR(VkQueue queue, const VkPresentInfoKHR *info)
{
	VkPresentInfoKHR copy, hud_copy;
	VkPresentTimesInfoGOOGLE times;
	VkPresentTimeGOOGLE ids[MAX_TIMED_SWAPCHAINS];
	const VkPresentInfoKHR *down = info;
	int64_t started_ns = 0;
	int64_t t_enter = ingame_now_ns(), t_down, t_back, wait_ns = 0, hud_ns;
	struct layer_device *ld;
	struct layer_swapchain *sc = NULL;
	struct telemetry *tw;
	bool is_late = false, is_selftime, has_waited_here = false;
	VkResult res;

	pthread_mutex_lock(&layer_g.lock);
	is_selftime = layer_g.settings.is_selftime;
	tw = layer_g.telemetry.writer;
	ld = layer_find_device(layer_key(queue));
	if (ld && info->swapchainCount)
		sc = layer_find_swapchain(info->pSwapchains[0]);
	if (sc && sc->is_latency)
		layer_latency_note_present(sc, queue);
	pthread_mutex_unlock(&layer_g.lock);
	if (!ld || !ld->QueuePresentKHR)
		return VK_ERROR_DEVICE_LOST; /* no chain to call: cannot happen with a sane loader */

	if (sc)
		wait_ns = present_wait(sc, &is_late, &has_waited_here);
	down = layer_hud_present(ld, queue, info, &hud_copy, &hud_ns);
	down = with_present_times(ld, sc, down, &copy, &times, ids);
	if (sc && sc->wl_follow)
		follow_output(sc, ingame_now_ns());
	t_down = ingame_now_ns();
	if (sc && sc->has_target && !sc->is_paced) {
		/* MVGAL_PACER=off keeps the target for telemetry: late = slower than it, no wait */
		is_late = sc->last_present_ns &&
			  t_down - sc->last_present_ns > pacer_interval_ns(&sc->pacer);
		sc->last_present_ns = t_down;
	}
	res = ld->QueuePresentKHR(queue, down);
	t_back = ingame_now_ns();
	if (sc)
		started_ns = after_present(ld, sc, t_down, has_waited_here);
	if (tw && !(sc && sc->is_gl_owned))
		layer_telemetry_stamp(tw, ld, sc, t_down, wait_ns, is_late, started_ns,
				      is_selftime ? __atomic_load_n(&layer_g.telemetry.last_self_ns,
								    __ATOMIC_RELAXED)
						  : -1);
	if (is_selftime) {
		/* all but the driver (present, HUD submit) and the pacer's sleep; in the next row */
		int64_t self = (t_down - t_enter - wait_ns - hud_ns) + (ingame_now_ns() - t_back);

		__atomic_store_n(&layer_g.telemetry.last_self_ns, self, __ATOMIC_RELAXED);
	}
	return res;
}
