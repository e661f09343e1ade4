// SPDX-License-Identifier: MIT
// pacer = latency (issue 28): the wait for a frame's deadline happens where the game's frame
// really starts on the GPU side, at its first vkQueueSubmit after the last present, as
// LatencyFleX and Reflex place theirs; the present then goes down without waiting. What the
// game does between that submit and its present (recording, more submits) is no longer between
// the wait and the present, and input sampled before the submit is at most a wait old.
//
// Several threads may submit while another presents, so each latency swapchain has a small
// state machine (atomic, no lock held while waiting):
//   ARMED      after a present (and at creation): the next matching submit waits
//   WAITING    a submitting thread owns the pacer and sleeps
//   WAITED     done: waited_ns, is_late and wait_end_ns are this frame's
//   PRESENTING the present owns the pacer (it waits itself when no submit came: ARMED)
// A submit claims the swapchain it most likely belongs to (the same thread that presented it,
// else its present queue, else its device) under the layer's lock, so vkDestroySwapchainKHR,
// which unlinks it under the same lock, only has to let a running wait end. A present that
// finds a wait running waits for it to end (it is bounded by the deadline); no thread waits for
// another that could be waiting for it, so submitting from several threads cannot deadlock.
#include <time.h>

#include "layer/layer.h"

enum { LAT_ARMED = 0, LAT_WAITING, LAT_WAITED, LAT_PRESENTING };

static int state_of(const struct layer_swapchain *sc)
{
	return __atomic_load_n(&sc->latency_state, __ATOMIC_ACQUIRE);
}

static bool claim(struct layer_swapchain *sc, int from, int to)
{
	return __atomic_compare_exchange_n(&sc->latency_state, &from, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* A wait on another thread ends at its deadline: look again in 50 us. */
static void nap(void)
{
	nanosleep(&(struct timespec){ .tv_nsec = 50000 }, NULL);
}

/* The armed latency swapchain a submit on queue (of device key) most likely starts a frame of,
 * claimed for waiting, or NULL; *ld: the queue's device (NULL: none of ours). One take of the
 * layer's lock for both. */
static struct layer_swapchain *claim_for_submit(VkQueue queue, struct layer_device **ld)
{
	struct layer_swapchain *best = NULL;
	void *key = layer_key(queue);
	pthread_t self = pthread_self();
	int best_score = 0;

	pthread_mutex_lock(&layer_g.lock);
	*ld = layer_find_device(key);
	for (struct layer_swapchain *sc = *ld ? layer_g.swapchains : NULL; sc; sc = sc->next) {
		int score;

		if (!sc->is_latency || sc->device_key != key || state_of(sc) != LAT_ARMED)
			continue;
		score = 1 + 2 * (sc->present_queue == queue) +
			4 * (sc->has_presented && pthread_equal(sc->present_thread, self));
		if (score > best_score) {
			best = sc;
			best_score = score;
		}
	}
	if (best && !claim(best, LAT_ARMED, LAT_WAITING))
		best = NULL;
	pthread_mutex_unlock(&layer_g.lock);
	return best;
}

/* Waits if this submit starts a latency swapchain's frame; returns the queue's device (NULL:
 * none of ours). */
static struct layer_device *wait_at_submit(VkQueue queue)
{
	struct layer_device *ld;
	struct layer_swapchain *sc = claim_for_submit(queue, &ld);

	if (!sc)
		return ld;
	sc->waited_ns = pacer_wait(&sc->pacer,
				   pacer_next_deadline(&sc->pacer, ingame_now_ns(), &sc->is_late));
	sc->wait_end_ns = ingame_now_ns();
	__atomic_store_n(&sc->latency_state, LAT_WAITED, __ATOMIC_RELEASE);
	return ld;
}

VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit(VkQueue queue, uint32_t count,
						 const VkSubmitInfo *submits, VkFence fence)
{
	struct layer_device *ld = wait_at_submit(queue);

	if (!ld || !ld->QueueSubmit)
		return VK_ERROR_DEVICE_LOST;
	return ld->QueueSubmit(queue, count, submits, fence);
}

VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit2(VkQueue queue, uint32_t count,
						  const VkSubmitInfo2 *submits, VkFence fence)
{
	struct layer_device *ld = wait_at_submit(queue);

	if (!ld || !ld->QueueSubmit2)
		return VK_ERROR_DEVICE_LOST;
	return ld->QueueSubmit2(queue, count, submits, fence);
}

VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit2KHR(VkQueue queue, uint32_t count,
						     const VkSubmitInfo2 *submits, VkFence fence)
{
	struct layer_device *ld = wait_at_submit(queue);

	if (!ld || !ld->QueueSubmit2KHR)
		return VK_ERROR_DEVICE_LOST;
	return ld->QueueSubmit2KHR(queue, count, submits, fence);
}

bool layer_latency_present_begin(struct layer_swapchain *sc, bool *is_late, int64_t *waited_ns)
{
	int st;

	for (;;) {
		st = state_of(sc);
		if (st == LAT_WAITING) {
			nap(); /* this frame's wait runs on a submitting thread: it comes first */
			continue;
		}
		if (claim(sc, st, LAT_PRESENTING))
			break;
	}
	if (st != LAT_WAITED)
		return false; /* no submit since the last present: the present waits */
	*is_late = sc->is_late;
	*waited_ns = sc->waited_ns;
	return true;
}

void layer_latency_note_present(struct layer_swapchain *sc, VkQueue queue)
{
	sc->present_queue = queue;
	sc->present_thread = pthread_self();
	sc->has_presented = true;
}

void layer_latency_present_end(struct layer_swapchain *sc)
{
	__atomic_store_n(&sc->latency_state, LAT_ARMED, __ATOMIC_RELEASE);
}

void layer_latency_forget(struct layer_swapchain *sc)
{
	while (state_of(sc) == LAT_WAITING)
		nap();
}

void layer_latency_after_fork_child(void)
{
	/* the thread that was waiting is not in the child: nothing would end its wait */
	for (struct layer_swapchain *sc = layer_g.swapchains; sc; sc = sc->next)
		claim(sc, LAT_WAITING, LAT_ARMED);
}
