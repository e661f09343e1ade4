// SPDX-License-Identifier: MIT
// Around the driver's swap: the first swap reads the settings, sets the swap interval and
// starts telemetry; every swap then waits for the pacer's deadline and stamps the frame (with
// pacer = latency the wait comes after the driver's swap instead: see gl_frame_end()). The
// first swap is the first moment a context is current, and no constructor runs before it
// (a process without OpenGL never gets here).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl/gl.h"

struct gl_global gl_g = {
	.fork_once = PTHREAD_ONCE_INIT,
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.pace_lock = PTHREAD_MUTEX_INITIALIZER,
};

#define GL_RENDERER 0x1F01
#define STATE_NEW 0
#define STATE_ACTIVE 1
#define STATE_STARTING 2
#define STATE_PASS -1
/* Swaps between two RandR reads of the refresh: a mode change is followed within a few
 * seconds, for a few round-trips on the game's connection every few hundred frames. */
#define REFRESH_CHECK_SWAPS 600u

/*
 * fork() while other threads are inside the library (issue 23): the child has only the forking
 * thread, so a lock another thread held would stay held in it for ever, and the child would
 * hang at its first swap or in exit() (gl_stop()). The Vulkan layer's guarantee (layer/entry.c):
 * the lock held only for a few stores (`lock`) is taken around fork, so the child finds it free
 * and what it protects whole (the log-once bits, ingame_log()'s, are an atomic, not a lock). `pace_lock` is not: it
 * is held while the pacer sleeps, and taking it would hold up the game's fork() by up to a frame.
 * The child makes it new instead (its other holders do not exist there; glibc's malloc does the
 * same with its arena locks) and starts its own schedule, since its frames are its own: only
 * the pacer's target and the refresh (written under `lock` too) are kept.
 */
static void before_fork(void)
{
	pthread_mutex_lock(&gl_g.lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&gl_g.lock);
}

static void after_fork_child(void)
{
	pthread_mutex_init(&gl_g.pace_lock, NULL);
	if (__atomic_load_n(&gl_g.state, __ATOMIC_ACQUIRE) == STATE_ACTIVE && gl_g.has_target) {
		struct pacer_target target = gl_g.pacer.target;
		pacer_init(&gl_g.pacer, &target, gl_g.refresh.refresh_ns);
	}
	gl_g.last_present_ns = gl_g.wait_end_ns = gl_g.latency_wait_ns = 0;
	gl_g.is_latency_late = false;
	gl_g.swaps_to_refresh_check = REFRESH_CHECK_SWAPS;
	pthread_mutex_unlock(&gl_g.lock);
}

/* The telemetry writer's handlers first: ours then run before them at fork and take `lock`
 * before the writer's lock, the order of gl_frame_end(). */
static void register_fork_handlers(void)
{
	telemetry_fork_handlers();
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

void gl_fork_init(void)
{
	pthread_once(&gl_g.fork_once, register_fork_handlers);
}

bool gl_is_enabled(void)
{
	const char *en = getenv("ENABLE_MVGAL"), *dis = getenv("DISABLE_MVGAL");
	return en && !strcmp(en, "1") && !(dis && !strcmp(dis, "1"));
}

/* For the Vulkan layer (dlsym(RTLD_DEFAULT) in its swapchain hook): non-zero when this
 * library paces OpenGL in this process, so Zink's swapchain is not paced a second time. */
GL_EXPORT int mvgal_gl_owns_pacing(void);
GL_EXPORT int mvgal_gl_owns_pacing(void)
{
	return gl_is_enabled();
}

static void read_renderer(enum gl_api api)
{
	const char *(*get)(unsigned int);
	*(void **)&get = gl_real_gl(api, "glGetString");
	const char *r = get ? get(GL_RENDERER) : NULL;
	snprintf(gl_g.renderer, sizeof(gl_g.renderer), "%s", r ? r : "OpenGL");
	gl_g.is_zink = strstr(gl_g.renderer, "zink") != NULL;
}

/*
 * glFlush of the current context, for pace(). Drivers keep a frame's commands in a
 * buffer until a flush and the swap is the flush, so a limiter that sleeps before the swap
 * leaves the GPU idle until the deadline and then makes the frame wait for its rendering:
 * the whole render time, and its variation, lands after the deadline (llvmpipe: 0.2 to 1 ms at
 * idle, the p99 of tests/bench/bench_gl_pacer.sh). Flushed first, the frame renders during the
 * wait. glFlush never blocks; a swap following it has nothing left to flush.
 */
static void find_flush(enum gl_api api)
{
	void *p = gl_real_gl(api, "glFlush");
	*(void **)&gl_g.flush = p;
	if (!p)
		ingame_log(INGAME_LOG_INFO,
			   "OpenGL: glFlush not found: a frame is rendered at its swap, "
			   "after the pacer's wait");
}

static void telemetry_log(const char *line)
{
	ingame_log(INGAME_LOG_INFO, "OpenGL: %s", line);
}

/* GLX: RandR on the game's own Display, for the CRTC showing the drawable (the Vulkan layer's
 * query, ingame/randr.c). EGL: the same queries on the native display and window the game gave
 * EGL (gl_native.c). */
static void read_refresh(enum gl_api api, void *display, void *surface, struct ingame_refresh *out)
{
	if (api == GL_API_GLX)
		ingame_refresh_read(INGAME_XLIB, display, (uint64_t)(uintptr_t)surface, out);
	else
		gl_native_refresh(display, surface, out);
}

/* Every REFRESH_CHECK_SWAPS swaps (pace_lock held): a new mode moves the pacer's grid. */
static void check_refresh(enum gl_api api, void *display, void *surface)
{
	struct ingame_refresh r;

	if (--gl_g.swaps_to_refresh_check || gl_g.is_following)
		return;
	gl_g.swaps_to_refresh_check = REFRESH_CHECK_SWAPS;
	read_refresh(api, display, surface, &r);
	if (r.refresh_ns <= 0 || r.refresh_ns == gl_g.refresh.refresh_ns)
		return;
	pthread_mutex_lock(&gl_g.lock);
	gl_g.refresh = r;
	pthread_mutex_unlock(&gl_g.lock);
	pacer_set_refresh(&gl_g.pacer, r.refresh_ns);
	gl_hud_refresh();
	ingame_refresh_log("refresh changed to", &r, &gl_g.pacer, "");
}

/* EGL on Wayland (pace_lock held), before the swap goes down: the output presentation feedback
 * last named, when new, becomes the pacer's refresh (the Vulkan layer's follow_output()). */
static void follow_output(void)
{
	struct ingame_refresh r;
	bool is_change;

	if (!ingame_wl_follow_frame(gl_g.wl_follow, ingame_now_ns(), &r))
		return;
	is_change = ingame_refresh_changed(gl_g.refresh.refresh_ns, r.refresh_ns);
	pthread_mutex_lock(&gl_g.lock);
	gl_g.refresh = r;
	pthread_mutex_unlock(&gl_g.lock);
	gl_g.is_following = true;
	pacer_set_refresh(&gl_g.pacer, r.refresh_ns);
	gl_hud_refresh();
	ingame_refresh_log(is_change ? "refresh changed to" : "refresh", &r, &gl_g.pacer,
			   gl_g.is_latency ? ", pacer latency" : "");
}

static int first_swap(enum gl_api api, void *display, void *surface)
{
	struct ingame_settings s;
	int want = STATE_NEW;
	gl_fork_init();
	if (!__atomic_compare_exchange_n(&gl_g.state, &want, STATE_STARTING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return want == STATE_ACTIVE ? STATE_ACTIVE : STATE_PASS; /* another thread starts */
	if (!gl_is_enabled()) {
		__atomic_store_n(&gl_g.state, STATE_PASS, __ATOMIC_RELEASE);
		return STATE_PASS;
	}
	ingame_settings_read(&s);
	read_renderer(api);
	gl_interval_apply(api, display, surface, &s);
	read_refresh(api, display, surface, &gl_g.refresh);
	gl_g.swaps_to_refresh_check = REFRESH_CHECK_SWAPS;
	gl_g.has_target = pacer_init(&gl_g.pacer, &s.fps, gl_g.refresh.refresh_ns) == 0 &&
			  pacer_is_active(&gl_g.pacer);
	gl_g.is_paced = s.is_pacer_on && gl_g.has_target;
	gl_g.is_latency = gl_g.is_paced && s.is_pacer_latency;
	gl_hud_setup(&s);
	if (gl_g.is_paced && api == GL_API_EGL)
		gl_g.wl_follow = gl_native_follow(display, surface);
	if (gl_g.is_paced && !gl_g.is_latency) /* latency mode waits after the swap: no flush */
		find_flush(api);
	if (gl_g.is_paced || (s.is_pacer_on && s.fps.is_vrr)) /* vrr, refresh unknown: says so */
		ingame_refresh_log("refresh", &gl_g.refresh, &gl_g.pacer,
				   gl_g.is_latency ? ", pacer latency" : "");
	/* with MVGAL_RESULT=1 (the launcher, in a terminal) and no CSV: statistics only, for
	 * the result line at exit */
	if (s.telemetry_path[0] || s.is_result) {
		struct telemetry *t = NULL;
		struct telemetry_config cfg = { .path = s.telemetry_path,
						.log = telemetry_log,
						.result = ingame_result_line };
		telemetry_start(&t, &cfg);
		pthread_mutex_lock(&gl_g.lock);
		gl_g.telemetry = t;
		pthread_mutex_unlock(&gl_g.lock);
	}
	__atomic_store_n(&gl_g.state, STATE_ACTIVE, __ATOMIC_RELEASE);
	return STATE_ACTIVE;
}

/*
 * The pacing of one swap into *f: its wait (-1: pass-through), whether it was late, the moment
 * it goes down to the driver, and the end of the wait that let it start (pace_lock's
 * wait_end_ns: the previous hand-over, or in latency mode the wait after the previous swap).
 */
static void pace(enum gl_api api, void *display, void *surface, struct gl_frame *f)
{
	int state = __atomic_load_n(&gl_g.state, __ATOMIC_ACQUIRE);
	if (state == STATE_NEW)
		state = first_swap(api, display, surface);
	if (state != STATE_ACTIVE) {
		f->wait_ns = -1;
		return;
	}
	if (gl_g.is_paced && !gl_g.is_latency && gl_g.flush)
		gl_g.flush(); /* before the lock: a driver call never runs under pace_lock */
	pthread_mutex_lock(&gl_g.pace_lock);
	if (gl_g.has_target)
		check_refresh(api, display, surface);
	if (gl_g.wl_follow)
		follow_output();
	if (!gl_g.has_target) {
		f->wait_ns = 0;
	} else if (gl_g.is_latency) {
		/* waited after the previous swap (gl_frame_end): that wait is this frame's */
		f->wait_ns = gl_g.latency_wait_ns;
		f->is_late = gl_g.is_latency_late;
		gl_g.latency_wait_ns = 0;
		gl_g.is_latency_late = false;
	} else if (gl_g.is_paced) {
		f->wait_ns = pacer_wait(
			&gl_g.pacer, pacer_next_deadline(&gl_g.pacer, ingame_now_ns(), &f->is_late));
	} else {
		/* MVGAL_PACER=off keeps the target for telemetry: late = slower than it, no wait */
		int64_t now = ingame_now_ns();
		f->is_late = gl_g.last_present_ns &&
			     now - gl_g.last_present_ns > pacer_interval_ns(&gl_g.pacer);
		gl_g.last_present_ns = now;
		f->wait_ns = 0;
	}
	f->t_down = ingame_now_ns();
	f->started_ns = gl_g.wait_end_ns;
	if (!gl_g.is_latency) /* the next frame starts at this hand-over */
		gl_g.wait_end_ns = f->t_down;
	pthread_mutex_unlock(&gl_g.pace_lock);
}

void gl_frame_begin(enum gl_api api, void *display, void *surface, struct gl_frame *f)
{
	*f = (struct gl_frame){ .wait_ns = 0 };
	gl_hud_draw(api, display, surface); /* before the pacer's flush: it renders during the wait */
	pace(api, display, surface, f);
}

/*
 * pacer = latency: the wait for the next frame's deadline, after the driver's swap has
 * returned. In a game's loop (input, update, draw, swap) that is where its next frame starts,
 * so the frame is simulated from input read after the wait and handed over one frame's work
 * later, as the Vulkan layer's wait in vkAcquireNextImageKHR does (MangoHud's OpenGL limiter
 * sleeps at the same place). The interval then also carries the frame's own work time.
 */
static void wait_for_next_frame(void)
{
	pthread_mutex_lock(&gl_g.pace_lock);
	gl_g.latency_wait_ns =
		pacer_wait(&gl_g.pacer,
			   pacer_next_deadline(&gl_g.pacer, ingame_now_ns(), &gl_g.is_latency_late));
	gl_g.wait_end_ns = ingame_now_ns();
	pthread_mutex_unlock(&gl_g.pace_lock);
}

void gl_frame_end(const struct gl_frame *f)
{
	gl_hud_put_end();
	if (f->wait_ns < 0)
		return;
	/* the lock keeps the writer alive while we stamp (gl_stop() takes it away under it) */
	pthread_mutex_lock(&gl_g.lock);
	if (gl_g.telemetry) {
		struct telemetry_row row = {
			.present_ns = f->t_down,
			.pacer_wait_ns = f->wait_ns,
			.late = f->is_late,
			.wait_end_to_present_ns = f->started_ns > 0 ? f->t_down - f->started_ns : 0,
		};
		struct telemetry_info info, *pinfo = NULL;
		if (telemetry_needs_info(gl_g.telemetry)) {
			telemetry_info_init(&info);
			snprintf(info.gpu, sizeof(info.gpu), "%s", gl_g.renderer);
			info.target_ns = gl_g.has_target ? pacer_interval_ns(&gl_g.pacer) : 0;
			snprintf(info.pacer, sizeof(info.pacer), "%s",
				 !gl_g.is_paced	   ? "off"
				 : gl_g.is_latency ? "latency"
						   : "on");
			info.refresh_ns = gl_g.refresh.refresh_ns;
			snprintf(info.refresh_source, sizeof(info.refresh_source), "%s%s%s",
				 gl_g.refresh.source ? gl_g.refresh.source : "unknown",
				 gl_g.refresh.output[0] ? " " : "", gl_g.refresh.output);
			pinfo = &info;
		}
		telemetry_stamp(gl_g.telemetry, &row, pinfo, -1);
	}
	pthread_mutex_unlock(&gl_g.lock);
	if (gl_g.is_latency)
		wait_for_next_frame();
}

/*
 * The end of the CSV, its summary and the run's result line (ingame_result_line(): a terminal,
 * launch.log). A GL game has no call like vkDestroySwapchainKHR that it must make before it
 * exits, so the one dependable end is the library's destructor (exit() or dlclose). It runs
 * only if telemetry was started; later swaps pass through.
 */
__attribute__((destructor)) static void gl_stop(void)
{
	struct telemetry *t;
	pthread_mutex_lock(&gl_g.lock);
	t = gl_g.telemetry;
	gl_g.telemetry = NULL;
	pthread_mutex_unlock(&gl_g.lock);
	telemetry_sync(t); /* the result line is said at a sync, not at a stop */
	if (t)
		telemetry_stop(&t);
}
