// SPDX-License-Identifier: MIT
// The two DB variables that carry a configuration of their own: DXVK_CONFIG and VKD3D_CONFIG.
// Either can do what the DB's refused variables do (dxvk.deviceFilter is DXVK_FILTER_DEVICE_NAME,
// VKD3D_CONFIG=vk_debug loads the Vulkan validation layer), so from a DB each takes only the
// options listed here, each with its value grammar (issue 23). The user's own profiles are not
// checked against these lists.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/profiles_internal.h"

/* ---- DXVK_CONFIG ------------------------------------------------------------------------ */

enum dxvk_value {
	V_BOOL,	    /* True or False                                                   */
	V_TRI,	    /* Auto, True or False                                             */
	V_INT,	    /* optional '-', decimal digits, in min..max                       */
	V_FLOAT,    /* optional '-', digits, optionally '.' and digits, |x| <= max     */
	V_HEX4,	    /* four hexadecimal digits (a PCI vendor or device id)             */
	V_BINDS,    /* any of the letters v, i, c, r, a (d3d11.cachedDynamicResources) */
	V_FLOATEMU, /* True, False, Strict or Auto (d3d9.floatEmulation)               */
	V_LEVEL,    /* a D3D feature level 9_1 .. 12_1 (d3d11.maxFeatureLevel)         */
};

struct dxvk_option {
	const char *name;
	enum dxvk_value value;
	long min, max;
};

/*
 * Source: doitsujin/dxvk dxvk.conf @c935e6914223 (each option's "Supported values"), and the
 * application profiles in src/util/config/config.cpp at the same commit for the few options
 * only those use (d3d9.allowDirectBufferMapping, d3d9.allowDiscard,
 * d3d9.forceDrawTimeBufferUpload, d3d8.textureUAFGuard, dxgi.tearFree). Left out on purpose:
 * dxvk.deviceFilter and dxvk.hideIntegratedGraphics (they take GPUs away from the game, which
 * is the user's choice through gpu.select), dxvk.enableDebugUtils, *.reproducibleCommandStream
 * (debugging), dxvk.hud (DXVK_HUD carries it), *.customDeviceDesc, d3d9.forceAspectRatio and
 * d3d8.forceVsDecl (free text), and every option not in dxvk.conf or a DXVK app profile.
 * Sorted by name (bsearch).
 */
static const struct dxvk_option dxvk_options[] = {
	{ "d3d11.cachedDynamicResources", V_BINDS, 0, 0 },
	{ "d3d11.clampNegativeLodBias", V_BOOL, 0, 0 },
	{ "d3d11.disableDirectImageMapping", V_BOOL, 0, 0 },
	{ "d3d11.disableMsaa", V_BOOL, 0, 0 },
	{ "d3d11.enableContextLock", V_BOOL, 0, 0 },
	{ "d3d11.exposeDriverCommandLists", V_BOOL, 0, 0 },
	{ "d3d11.forceComputeLdsBarriers", V_BOOL, 0, 0 },
	{ "d3d11.forceComputeUavBarriers", V_BOOL, 0, 0 },
	{ "d3d11.forceSampleRateShading", V_BOOL, 0, 0 },
	{ "d3d11.maxFeatureLevel", V_LEVEL, 0, 0 },
	{ "d3d11.maxTessFactor", V_INT, 0, 64 },
	{ "d3d11.relaxedBarriers", V_BOOL, 0, 0 },
	{ "d3d11.relaxedGraphicsBarriers", V_BOOL, 0, 0 },
	{ "d3d11.samplerAnisotropy", V_INT, -1, 16 },
	{ "d3d11.samplerLodBias", V_FLOAT, 0, 16 },
	{ "d3d8.batching", V_BOOL, 0, 0 },
	{ "d3d8.forceLegacyDiscard", V_BOOL, 0, 0 },
	{ "d3d8.placeP8InScratch", V_BOOL, 0, 0 },
	{ "d3d8.scaleDref", V_INT, 0, 32 },
	{ "d3d8.shadowPerspectiveDivide", V_BOOL, 0, 0 },
	{ "d3d8.textureUAFGuard", V_BOOL, 0, 0 },
	{ "d3d9.allowDirectBufferMapping", V_BOOL, 0, 0 },
	{ "d3d9.allowDiscard", V_BOOL, 0, 0 },
	{ "d3d9.cachedWriteOnlyBuffers", V_BOOL, 0, 0 },
	{ "d3d9.clampNegativeLodBias", V_BOOL, 0, 0 },
	{ "d3d9.countLosableResources", V_BOOL, 0, 0 },
	{ "d3d9.customDeviceId", V_HEX4, 0, 0 },
	{ "d3d9.customVendorId", V_HEX4, 0, 0 },
	{ "d3d9.deferSurfaceCreation", V_BOOL, 0, 0 },
	{ "d3d9.deviceLocalConstantBuffers", V_TRI, 0, 0 },
	{ "d3d9.deviceLossOnFocusLoss", V_BOOL, 0, 0 },
	{ "d3d9.disableA8RT", V_BOOL, 0, 0 },
	{ "d3d9.dpiAware", V_BOOL, 0, 0 },
	{ "d3d9.enumerateByDisplays", V_BOOL, 0, 0 },
	{ "d3d9.extraFrontbuffer", V_BOOL, 0, 0 },
	{ "d3d9.floatEmulation", V_FLOATEMU, 0, 0 },
	{ "d3d9.forceDrawTimeBufferUpload", V_BOOL, 0, 0 },
	{ "d3d9.forceRefreshRate", V_INT, 0, 1000 },
	{ "d3d9.forceSampleRateShading", V_BOOL, 0, 0 },
	{ "d3d9.forceSamplerTypeSpecConstants", V_BOOL, 0, 0 },
	{ "d3d9.hideAmdGpu", V_TRI, 0, 0 },
	{ "d3d9.hideIntelGpu", V_TRI, 0, 0 },
	{ "d3d9.hideNvidiaGpu", V_TRI, 0, 0 },
	{ "d3d9.hideNvkGpu", V_TRI, 0, 0 },
	{ "d3d9.ignoreDefaultBufferLockRange", V_BOOL, 0, 0 },
	{ "d3d9.lenientClear", V_BOOL, 0, 0 },
	{ "d3d9.maxAvailableMemory", V_INT, 0, 1048576 },
	{ "d3d9.maxFrameLatency", V_INT, 0, 16 },
	{ "d3d9.maxFrameRate", V_INT, -1000, 1000 },
	{ "d3d9.memoryTrackTest", V_BOOL, 0, 0 },
	{ "d3d9.modeCountCompatibility", V_BOOL, 0, 0 },
	{ "d3d9.presentInterval", V_INT, -1, 4 },
	{ "d3d9.samplerAnisotropy", V_INT, -1, 16 },
	{ "d3d9.samplerLodBias", V_FLOAT, 0, 16 },
	{ "d3d9.seamlessCubes", V_BOOL, 0, 0 },
	{ "d3d9.shaderModel", V_INT, 0, 3 },
	{ "d3d9.supportCubeDepthFormats", V_BOOL, 0, 0 },
	{ "d3d9.supportDFFormats", V_BOOL, 0, 0 },
	{ "d3d9.supportX4R4G4B4", V_BOOL, 0, 0 },
	{ "d3d9.textureMemory", V_INT, 0, 1048576 },
	{ "d3d9.useD32forD24", V_BOOL, 0, 0 },
	{ "d3d9.useFP16", V_BOOL, 0, 0 },
	{ "dxgi.customDeviceId", V_HEX4, 0, 0 },
	{ "dxgi.customVendorId", V_HEX4, 0, 0 },
	{ "dxgi.deferSurfaceCreation", V_BOOL, 0, 0 },
	{ "dxgi.enableDummyCompositionSwapchain", V_BOOL, 0, 0 },
	{ "dxgi.enableHDR", V_BOOL, 0, 0 },
	{ "dxgi.enableUe4Workarounds", V_BOOL, 0, 0 },
	{ "dxgi.forceRefreshRate", V_INT, 0, 1000 },
	{ "dxgi.hideAmdGpu", V_TRI, 0, 0 },
	{ "dxgi.hideIntelGpu", V_TRI, 0, 0 },
	{ "dxgi.hideNvidiaGpu", V_TRI, 0, 0 },
	{ "dxgi.hideNvkGpu", V_TRI, 0, 0 },
	{ "dxgi.maxDeviceMemory", V_INT, 0, 1048576 },
	{ "dxgi.maxFrameLatency", V_INT, 0, 16 },
	{ "dxgi.maxFrameRate", V_INT, -1000, 1000 },
	{ "dxgi.maxSharedMemory", V_INT, 0, 1048576 },
	{ "dxgi.syncInterval", V_INT, -1, 4 },
	{ "dxgi.tearFree", V_TRI, 0, 0 },
	{ "dxvk.allowFse", V_BOOL, 0, 0 },
	{ "dxvk.disableNvLowLatency2", V_TRI, 0, 0 },
	{ "dxvk.enableDescriptorBuffer", V_TRI, 0, 0 },
	{ "dxvk.enableDescriptorHeap", V_TRI, 0, 0 },
	{ "dxvk.enableGraphicsPipelineLibrary", V_TRI, 0, 0 },
	{ "dxvk.enableImplicitResolves", V_BOOL, 0, 0 },
	{ "dxvk.enableMemoryDefrag", V_TRI, 0, 0 },
	{ "dxvk.enableNvRawAccessChains", V_BOOL, 0, 0 },
	{ "dxvk.enableUnifiedImageLayouts", V_BOOL, 0, 0 },
	{ "dxvk.latencySleep", V_TRI, 0, 0 },
	{ "dxvk.latencyTolerance", V_INT, 0, 1000000 },
	{ "dxvk.lowerSinCos", V_TRI, 0, 0 },
	{ "dxvk.maxFrameRate", V_INT, -1000, 1000 },
	{ "dxvk.maxMemoryBudget", V_INT, 0, 1048576 },
	{ "dxvk.numCompilerThreads", V_INT, 0, 256 },
	{ "dxvk.tearFree", V_TRI, 0, 0 },
	{ "dxvk.tilerMode", V_TRI, 0, 0 },
	{ "dxvk.trackPipelineLifetime", V_TRI, 0, 0 },
	{ "dxvk.useRawSsbo", V_TRI, 0, 0 },
	{ "dxvk.zeroMappedMemory", V_BOOL, 0, 0 },
};

static int is_one_of(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(*words, s, n))
			return 1;
	return 0;
}

/* An optional '-' then 1..7 digits (and, with is_float, an optional '.' and 1..3 digits). */
static int parse_number(const char *s, size_t n, int is_float, long *out)
{
	size_t i = s[0] == '-', digits = 0, frac = 0;
	int has_dot = 0;
	long v = 0;
	for (; i < n; i++) {
		if (s[i] == '.' && is_float && !has_dot && digits) {
			has_dot = 1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (has_dot)
				frac++;
			else if (digits - frac >= 7) /* an 8th: refused before it can overflow v */
				return 0;
			else
				v = v * 10 + (s[i] - '0');
			digits++;
		} else {
			return 0;
		}
	}
	if (!digits || digits - frac > 7 || frac > 3 || (has_dot && !frac))
		return 0;
	*out = s[0] == '-' ? -v : v;
	return 1;
}

static int dxvk_value_ok(const struct dxvk_option *o, const char *v, size_t n)
{
	static const char *const bools[] = { "True", "False", "true", "false", NULL };
	static const char *const tris[] = { "Auto", "True", "False", "auto", "true", "false", NULL };
	static const char *const floatemu[] = { "True", "False", "Strict", "Auto", NULL };
	static const char *const levels[] = { "9_1",  "9_2",  "9_3",  "10_0", "10_1",
					      "11_0", "11_1", "12_0", "12_1", NULL };
	long x;
	switch (o->value) {
	case V_BOOL:
		return is_one_of(v, n, bools);
	case V_TRI:
		return is_one_of(v, n, tris);
	case V_FLOATEMU:
		return is_one_of(v, n, floatemu);
	case V_LEVEL:
		return is_one_of(v, n, levels);
	case V_INT:
		return parse_number(v, n, 0, &x) && x >= o->min && x <= o->max;
	case V_FLOAT:
		return parse_number(v, n, 1, &x) && labs(x) <= o->max;
	case V_HEX4:
		return n == 4 && strspn(v, "0123456789abcdefABCDEF") >= 4;
	case V_BINDS:
		return n >= 1 && n <= 5 && strspn(v, "vicra") >= n;
	}
	return 0;
}

static int option_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dxvk_option *)elem)->name);
}

static const struct dxvk_option *dxvk_option_find(const char *name, size_t n)
{
	char key[64];
	if (n >= sizeof(key))
		return NULL;
	memcpy(key, name, n);
	key[n] = '\0';
	return bsearch(key, dxvk_options, sizeof(dxvk_options) / sizeof(dxvk_options[0]),
		       sizeof(dxvk_options[0]), option_cmp);
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/*
 * "d3d9.maxFrameRate = 60; dxgi.hideAmdGpu = True" (DXVK README "Configuration": entries split
 * by ';', each option '=' value, blanks around them; an empty last entry is allowed).
 * 0 or PROFILE_EINVAL with why saying which entry is wrong.
 */
int profile_dxvk_config_check(const char *v, char *why, size_t size)
{
	size_t entries = 0;
	for (const char *p = v; *p; entries++) {
		const char *end = p + strcspn(p, ";"), *e = skip_blanks(p, end);
		size_t k = strspn(
			e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.");
		if (e + k > end)
			k = (size_t)(end - e);
		const struct dxvk_option *o = dxvk_option_find(e, k);
		const char *q = skip_blanks(e + k, end), *vend = end;
		if (!o) {
			snprintf(why, size, "'%.*s' is not a DXVK option a DB may set",
				 (int)(k ? (k > 48 ? 48 : k) : (size_t)(end - e > 48 ? 48 : end - e)),
				 e);
			return PROFILE_EINVAL;
		}
		if (q == end || *q != '=') {
			snprintf(why, size, "%s: no '= value'", o->name);
			return PROFILE_EINVAL;
		}
		q = skip_blanks(q + 1, end);
		while (vend > q && vend[-1] == ' ')
			vend--;
		if (!dxvk_value_ok(o, q, (size_t)(vend - q))) {
			snprintf(why, size, "%s: '%.*s' is not a value dxvk.conf documents for it",
				 o->name, (int)(vend - q > 32 ? 32 : vend - q), q);
			return PROFILE_EINVAL;
		}
		if (entries >= 32) {
			snprintf(why, size, "more than 32 entries");
			return PROFILE_EINVAL;
		}
		p = *end ? end + 1 : end;
		p += strspn(p, " ");
	}
	if (!entries) {
		snprintf(why, size, "no 'option = value' entry");
		return PROFILE_EINVAL;
	}
	return 0;
}

/* ---- VKD3D_CONFIG ----------------------------------------------------------------------- */

/*
 * Sources: HansKristian-Work/vkd3d-proton @d01924b6f02f, README.md "VKD3D_CONFIG" (nodxr, dxr,
 * dxr12, force_static_cbv, single_queue, no_upload_hvv, no_invariant_position), and the flags
 * vkd3d-proton's own per-game profiles set (libs/vkd3d/device.c application_override[], names
 * from include/private/config_flag_decl.h). Left out on purpose: vk_debug (loads the validation
 * layer), debug_utils, skip_application_workarounds, skip_driver_workarounds,
 * enable_experimental_features, breadcrumbs*, fault, descriptor_qa_checks,
 * instruction_qa_checks, log_memory_budget, queue_profile_extra, app_debug_marker_only,
 * damage_not_zeroed_allocations, force_host_cached (captures), pipeline_library_log and the
 * pipeline-cache options that change what is written where (global_pipeline_cache,
 * pipeline_library_app_cache, pipeline_library_no_serialize_spirv,
 * pipeline_library_sanitize_spirv, pipeline_library_ignore_spirv, shader_cache_sync).
 */
static const char *const vkd3d_flags[] = {
	"allow_sbt_collection",
	"avoid_image_buffer_aliasing",
	"defer_resource_destruction",
	"descriptor_heap",
	"disable_color_compression",
	"disable_simultaneous_uav_compression",
	"disable_uav_compression",
	"dxr",
	"dxr12",
	"force_dynamic_msaa",
	"force_initial_transition",
	"force_raw_va_cbv",
	"force_static_cbv",
	"host_import_fallback",
	"memory_allocator_skip_clear",
	"no_invariant_position",
	"no_staggered_submit",
	"no_upload_hvv",
	"nodxr",
	"one_time_submit",
	"pipeline_library_ignore_mismatch_driver",
	"preallocate_srv_mip_clamps",
	"prefer_thin_uav_tiling",
	"recycle_command_pools",
	"reject_padded_small_resource_alignment",
	"retain_psos",
	"rtas_allow_blas_rebuild_sizes",
	"single_queue",
	"skip_null_sparse_tiles",
	"small_vram_rebar",
	NULL,
};

/* A comma list of the flags above (vkd3d-proton also splits on ';': a DB may not). */
int profile_vkd3d_config_check(const char *v, char *why, size_t size)
{
	size_t items = 0;
	for (const char *p = v;; items++) {
		size_t n = strcspn(p, ",");
		if (!is_one_of(p, n, vkd3d_flags) || items >= 32) {
			snprintf(why, size, "'%.*s' is not a vkd3d-proton flag a DB may set",
				 (int)(n > 48 ? 48 : n), p);
			return PROFILE_EINVAL;
		}
		if (!p[n])
			return 0;
		p += n + 1;
	}
}
