// SPDX-License-Identifier: MIT
// mvgal-demo: options, the frame loop and the simulated CPU cost. See usage() for the options.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/game/demo.h"

struct demo_opts {
	long frames;	    /* stop after this many frames (0 = no limit) */
	double seconds;	    /* stop after this long (0 = no limit) */
	double load_ms;	    /* mean simulated CPU cost per frame */
	unsigned gpu_iters; /* per-pixel loop rounds in the fragment shader */
	int width, height;
	VkPresentModeKHR mode;
	bool is_gpu_info;
};

static void usage(FILE *out)
{
	fputs("usage: mvgal-demo [OPTIONS]\n"
	      "  --frames N          stop after N frames\n"
	      "  --seconds S         stop after S seconds (default 10 when neither is given)\n"
	      "  --present-mode M    immediate | mailbox | fifo | fifo_relaxed (default fifo)\n"
	      "  --load MS           uneven CPU cost per frame, MS on average: most frames cost\n"
	      "                      0.4..1.6 x MS, every 12th costs 2.5 x MS (same sequence every "
	      "run)\n"
	      "  --gpu-load N        N rounds of per-pixel work in the fragment shader (default "
	      "0)\n"
	      "  --size WxH          window size (default 640x360)\n"
	      "  --gpu-info          print the GPU Vulkan gives this program and exit\n",
	      out);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Cost factor of frame k: deterministic, so an unpaced and a paced run see the same load. */
static double load_factor(uint32_t k)
{
	uint32_t x = k * 2654435761u; /* Knuth's multiplicative hash */

	if (k % 12 == 11)
		return 2.5;
	x ^= x >> 15;
	return 0.4 + 1.2 * (double)(x & 0xffffff) / (double)0x1000000;
}

/* Busy CPU work, as a game's simulation would be: no sleeping. */
static void spin_for(double ms)
{
	int64_t end = now_ns() + (int64_t)(ms * 1e6);
	volatile uint64_t sink = 0;

	while (now_ns() < end)
		for (int i = 0; i < 200; i++)
			sink = sink * 6364136223846793005u + 1;
}

static int parse_num(const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = s ? strtod(s, &end) : 0;
	if (!s || errno || end == s || *end || *out < lo || *out > hi) {
		fprintf(stderr, "mvgal-demo: %s wants a number in %g..%g, got '%s'\n", opt, lo, hi,
			s ? s : "");
		return -1;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct demo_opts *o)
{
	double v;

	*o = (struct demo_opts){ .width = 640, .height = 360, .mode = VK_PRESENT_MODE_FIFO_KHR };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--gpu-info")) {
			o->is_gpu_info = true;
			continue;
		} else if (!strcmp(a, "--frames")) {
			if (parse_num(a, val, 1, 1e9, &v))
				return -1;
			o->frames = (long)v;
		} else if (!strcmp(a, "--seconds")) {
			if (parse_num(a, val, 0.001, 86400, &o->seconds))
				return -1;
		} else if (!strcmp(a, "--load")) {
			if (parse_num(a, val, 0, 1000, &o->load_ms))
				return -1;
		} else if (!strcmp(a, "--gpu-load")) {
			if (parse_num(a, val, 0, 100000, &v))
				return -1;
			o->gpu_iters = (unsigned)v;
		} else if (!strcmp(a, "--present-mode")) {
			if (!val || demo_present_mode_parse(val, &o->mode)) {
				fprintf(stderr, "mvgal-demo: unknown present mode '%s'\n",
					val ? val : "");
				return -1;
			}
		} else if (!strcmp(a, "--size")) {
			if (!val || sscanf(val, "%dx%d", &o->width, &o->height) != 2 ||
			    o->width < 16 || o->height < 16 || o->width > 8192 || o->height > 8192) {
				fprintf(stderr, "mvgal-demo: --size wants WxH, got '%s'\n",
					val ? val : "");
				return -1;
			}
		} else {
			fprintf(stderr, "mvgal-demo: unknown option '%s'\n", a);
			usage(stderr);
			return -1;
		}
		i++; /* every option but --gpu-info takes a value */
	}
	if (!o->frames && o->seconds == 0)
		o->seconds = 10;
	return 0;
}

static const char *gpu_type(VkPhysicalDeviceType t)
{
	switch (t) {
	case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
		return "integrated";
	case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
		return "discrete";
	case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
		return "virtual";
	case VK_PHYSICAL_DEVICE_TYPE_CPU:
		return "cpu";
	default:
		return "other";
	}
}

static void print_gpu(const struct demo_vk *vk)
{
	const VkPhysicalDeviceProperties *p = &vk->gpu_props;

	printf("mvgal-demo: gpu: %s (vendor 0x%04x, device 0x%04x, %s)\n", p->deviceName,
	       p->vendorID, p->deviceID, gpu_type(p->deviceType));
}

static bool wants_quit(void)
{
	SDL_Event ev;

	while (SDL_PollEvent(&ev)) {
		if (ev.type == SDL_QUIT)
			return true;
		if (ev.type == SDL_KEYDOWN && ev.key.keysym.sym == SDLK_ESCAPE)
			return true;
	}
	return false;
}

static int run(const struct demo_opts *o, struct demo_vk *vk, SDL_Window *win)
{
	int64_t start = now_ns(), t = start;
	long frame = 0;

	print_gpu(vk);
	printf("mvgal-demo: %dx%d, present mode %s, load %.1f ms, gpu load %u\n", o->width,
	       o->height, demo_present_mode_name(vk->present_mode), o->load_ms, o->gpu_iters);
	fflush(stdout);
	while (!wants_quit()) {
		struct demo_push push = {
			.time_s = (float)((t - start) / 1e9),
			.aspect = (float)vk->extent.width / (float)vk->extent.height,
			.gpu_iters = o->gpu_iters,
			.frame = (uint32_t)frame,
		};
		if (o->load_ms > 0)
			spin_for(o->load_ms * load_factor((uint32_t)frame));
		if (demo_vk_frame(vk, win, &push))
			return -1;
		frame++;
		t = now_ns();
		if ((o->frames && frame >= o->frames) ||
		    (o->seconds > 0 && t - start >= (int64_t)(o->seconds * 1e9)))
			break;
	}
	printf("mvgal-demo: %ld frames in %.2f s (%.1f fps)\n", frame, (t - start) / 1e9,
	       frame / ((t - start) / 1e9));
	return 0;
}

int main(int argc, char **argv)
{
	struct demo_opts o;
	struct demo_vk vk;
	SDL_Window *win = NULL;
	int rc = 1;

	if (parse_opts(argc, argv, &o))
		return 2;
	memset(&vk, 0, sizeof(vk));
	if (o.is_gpu_info) {
		if (demo_vk_init(&vk, NULL, o.mode) == 0) {
			print_gpu(&vk);
			rc = 0;
		}
		goto out;
	}
	if (SDL_Init(SDL_INIT_VIDEO)) {
		fprintf(stderr, "mvgal-demo: SDL_Init: %s (is DISPLAY set?)\n", SDL_GetError());
		return 1;
	}
	win = SDL_CreateWindow("mvgal-demo", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
			       o.width, o.height, SDL_WINDOW_VULKAN | SDL_WINDOW_SHOWN);
	if (!win) {
		fprintf(stderr, "mvgal-demo: SDL_CreateWindow: %s\n", SDL_GetError());
		goto out;
	}
	if (demo_vk_init(&vk, win, o.mode) == 0 && run(&o, &vk, win) == 0)
		rc = 0;
out:
	if (rc && vk.err[0])
		fprintf(stderr, "mvgal-demo: %s\n", vk.err);
	demo_vk_release(&vk);
	if (vk.validation_errors) {
		fprintf(stderr, "mvgal-demo: %u validation error(s)\n", vk.validation_errors);
		rc = 1;
	}
	if (win)
		SDL_DestroyWindow(win);
	if (!o.is_gpu_info)
		SDL_Quit();
	return rc;
}
