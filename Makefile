# SPDX-License-Identifier: MIT
#
# mvgal-launch — one non-recursive GNU Makefile for everything.
#
#   make              build the program, the layer (64- and 32-bit), the test ICD and the demo
#   make check        install missing packages, build with -Werror, run every test suite
#   make demo         install missing packages, build, run the demo game through mvgal-launch
#   make bench        benchmarks (ratios against a peer measured in the same run)
#   make fuzz         libFuzzer targets (clang), FUZZ_SECONDS=N each (default 300)
#   make install PREFIX=... DESTDIR=...   /   make uninstall
#   make deb          Debian packages of the current tree in build/deb/ (debian/, dpkg-buildpackage)
#   make deb-check    lintian, then install them with apt on a fresh Debian 12 (chroot) and test
#   make format       clang-format every source file (make format-check: is every file formatted?)
#
# Knobs: O=<dir> build directory (default build), V=1 full command lines, WERROR=0 to relax.
#
# Modules are found by wildcard: every .c in launcher/ (but main.c) compat/ profiles/ steam/ vdf/
# report/ ingame/ telemetry/ pacer/ common/ becomes part of that module's static library, every
# tests/unit/test_<name>.c a cmocka binary
# linked against all of them, every tests/integration/test_*.sh an integration test. Adding a
# file needs no Makefile change.

O       ?= build
PREFIX  ?= $(HOME)/.local
DESTDIR ?=
WERROR  ?= 1
V       ?= 0
FUZZ_SECONDS ?= 300

CC      ?= cc
FUZZCC  ?= clang
PKG_CONFIG ?= pkg-config
GLSLC   ?= glslangValidator

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

# The release; `mvgal-launch --version` adds the commit when built from a git checkout.
VERSION := 0.1.0
COMMIT  := $(shell git describe --always --dirty --abbrev=12 --match=NONE 2>/dev/null)

# pkg-config is asked once per make run; a missing package leaves the flags empty and the
# deps target (run first by check/demo) says which package to install.
pc = $(shell $(PKG_CONFIG) $(1) $(2) 2>/dev/null)
VULKAN_CFLAGS := $(call pc,--cflags,vulkan)
SDL_CFLAGS    := $(call pc,--cflags,sdl2)
SDL_LIBS      := $(call pc,--libs,sdl2)
# Flatpak Steam runs the tool inside its sandbox (freedesktop runtime, no libinih there): inih
# is linked statically (Debian's libinih-dev ships libinih.a), so that the program needs
# nothing beyond glibc (tests/integration/test_flatpak.sh checks with ldd).
INIH_A        := $(wildcard $(call pc,--variable=libdir,inih)/libinih.a)
INIH_LIBS     := $(if $(INIH_A),$(INIH_A),$(call pc,--libs,inih))
CMOCKA_LIBS   := $(call pc,--libs,cmocka)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(WERROR),1)
WARN    += -Werror
endif
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -fPIC -pthread $(WARN) -MMD -MP -I. -I$(O)/gen \
	-DMVGAL_VERSION='"$(VERSION)"' -DMVGAL_COMMIT='"$(COMMIT)"' $(VULKAN_CFLAGS) $(CFLAGS) $(CPPFLAGS)
SAN_FLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_CFLAGS := $(subst -O2,-O1,$(BASE_CFLAGS)) $(SAN_FLAGS)
TSAN_FLAGS  := -fsanitize=thread -fno-omit-frame-pointer
TSAN_CFLAGS := $(subst -O2,-O1,$(BASE_CFLAGS)) $(TSAN_FLAGS)
LAYER_CFLAGS := $(BASE_CFLAGS) -fvisibility=hidden
# -z nodelete: the loader dlclose()s layers with the last instance; staying loaded keeps the
# settings read once per process (DESIGN.md section 5) and the writer thread's code mapped.
LAYER_LDFLAGS := -shared -pthread -Wl,-z,relro,-z,now,--no-undefined -Wl,-z,defs -Wl,-z,nodelete

# ---- sources -------------------------------------------------------------------------------
LIB_MODULES := launcher compat profiles steam vdf report ingame telemetry pacer common # link order: users before what they use
# launcher/ is a module like the others but for main.c, linked into the program on its own, so
# that unit tests (tests/unit/test_launch.c) can link the launch pipeline.
mod_srcs     = $(filter-out launcher/main.c,$(wildcard $(1)/*.c))
PRESENT_MODS := $(foreach m,$(LIB_MODULES),$(if $(call mod_srcs,$(m)),$(m)))
LIBS         := $(foreach m,$(PRESENT_MODS),$(O)/lib/libmvgal_$(m).a)
ASAN_LIBS    := $(foreach m,$(PRESENT_MODS),$(O)/asan/lib/libmvgal_$(m).a)
# libcurl and libcrypto are not linked: compat/net.c dlopen()s them for `db update` only,
# so that a game's start does not load them (their headers are still needed).
EXT_LIBS     := $(INIH_LIBS) -lm -ldl

LAUNCHER_SRCS := $(wildcard launcher/*.c)
# the in-game libraries: the Vulkan layer and the OpenGL preload library (gl/), each
# around what both share (ingame/: settings, log, refresh), the telemetry writer, the pacer and
# common/
INGAME_SRCS   := $(wildcard ingame/*.c telemetry/*.c pacer/*.c common/*.c)
LAYER_SRCS    := $(strip $(wildcard layer/*.c) $(if $(wildcard layer/*.c),$(INGAME_SRCS)))
GL_SRCS       := $(strip $(if $(wildcard gl/*.c),$(wildcard gl/*.c) $(INGAME_SRCS)))
ICD_SRCS      := $(wildcard tests/icd/*.c)
GAME_SRCS     := $(wildcard tests/game/*.c)
SHADERS       := $(wildcard tests/game/*.vert tests/game/*.frag)
UNIT_SRCS     := $(wildcard tests/unit/test_*.c)
UNIT_HELPERS  := $(filter-out tests/unit/test_%,$(wildcard tests/unit/*.c))
TOOL_SRCS     := $(wildcard tests/tools/*.c)
FUZZ_SRCS     := $(wildcard tests/fuzz/fuzz_*.c)
BENCH_LAYER_SRCS := $(wildcard tests/bench/timing_layer.c tests/bench/timing_stamps.c \
	tests/icd/test_icd_timing.c)

LAUNCHER  := $(if $(LAUNCHER_SRCS),$(O)/mvgal-launch)
LAYER_SO  := $(if $(LAYER_SRCS),$(O)/lib/mvgal/libVkLayer_MVGAL_multigpu.so)
LAYER32_SO := $(if $(LAYER_SRCS),$(O)/lib32/mvgal/libVkLayer_MVGAL_multigpu.so)
LAYER_JSON := $(if $(LAYER_SRCS),$(O)/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json)
LAYER32_JSON := $(if $(LAYER_SRCS),$(O)/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86.json)
GL_SO     := $(if $(GL_SRCS),$(O)/lib/mvgal/libmvgal_gl.so)
GL32_SO   := $(if $(GL_SRCS),$(O)/lib32/mvgal/libmvgal_gl.so)
# lib/mvgal/gl/$$PLATFORM/: what the launcher puts in LD_PRELOAD when both builds exist; links
# to the two libraries, one per value ld.so can give $$PLATFORM on x86. glibc takes the kernel's
# AT_PLATFORM (x86_64; i686 for a 32-bit process on a 64-bit kernel, i386 to i686 on a 32-bit
# one) and, since 2.26, replaces it from the CPU's features (sysdeps/x86/cpu-features.c,
# init_cpu_features: "haswell" for Intel CPUs with AVX2/FMA/BMI1/BMI2/LZCNT/MOVBE/POPCNT,
# "xeon_phi" for AVX512ER/PF; "i686" or "i586" in 32-bit processes). pressure-vessel expands
# the entry over the same lists (steam-runtime-tools, pressure-vessel/supported-architectures.c).
GL_PLATFORMS_64 := x86_64 haswell xeon_phi
GL_PLATFORMS_32 := i386 i486 i586 i686
GL_LINKS   = $(if $(and $(GL_SRCS),$(filter 1,$(BUILD_32))),\
	$(foreach p,$(GL_PLATFORMS_64) $(GL_PLATFORMS_32),$(1)/gl/$(p)/libmvgal_gl.so))
# tests/gl/: glx_gpa (64- and 32-bit), a GLX program for the OpenGL tests, egl_swap, an EGL one,
# egl_pbuffer, a headless one for a GPU machine, gl_fork, which forks while it swaps, and libgl_count.so, a preload that counts what
# our library hands down to the driver, and libput_skip.so, one that keeps the driver's image
# puts from our library after a while
GLTEST_SRCS := $(wildcard tests/gl/glx_gpa.c)
GLTEST    := $(if $(GLTEST_SRCS),$(O)/tests/gl/glx_gpa $(O)/tests/gl32/glx_gpa)
GLCOUNT   := $(if $(wildcard tests/gl/gl_count.c),$(O)/tests/gl/libgl_count.so \
	$(O)/tests/gl/egl_swap $(O)/tests/gl/egl_pbuffer $(O)/tests/gl/gl_fork \
	$(O)/tests/gl/libgl_fork_driver.so $(O)/tests/gl/gl_hud_state $(O)/tests/gl/libput_skip.so)
ICD_SO    := $(if $(ICD_SRCS),$(O)/tests/icd/libmvgal_test_icd.so)
ICD_JSON  := $(if $(ICD_SRCS),$(O)/tests/icd/mvgal_test_icd.json)
GAME      := $(if $(GAME_SRCS),$(O)/mvgal-demo)
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/unit/%,$(UNIT_SRCS))
ASAN_UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/asan/tests/unit/%,$(UNIT_SRCS))
TOOL_BINS := $(patsubst tests/tools/%.c,$(O)/tests/tools/%,$(TOOL_SRCS))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(FUZZ_SRCS))
BENCH_LAYER := $(if $(BENCH_LAYER_SRCS),$(O)/tests/bench/libVkLayer_MVGAL_bench_timing.so)
BENCH_LAYER_JSON := $(if $(BENCH_LAYER_SRCS),$(O)/tests/bench/VkLayer_MVGAL_bench_timing.json)
BENCH_GL_SRCS := $(wildcard tests/bench/timing_gl.c tests/bench/timing_stamps.c)
BENCH_GL  := $(if $(BENCH_GL_SRCS),$(O)/tests/bench/libmvgal_bench_timing_gl.so)

obj      = $(patsubst %.c,$(O)/obj/%.o,$(1))
asan_obj = $(patsubst %.c,$(O)/asan/obj/%.o,$(1))
obj32    = $(patsubst %.c,$(O)/obj32/%.o,$(1))
fuzz_obj = $(patsubst %.c,$(O)/fuzz/obj/%.o,$(1))
tsan_obj = $(patsubst %.c,$(O)/tsan/obj/%.o,$(1))

ALL_TARGETS := $(LIBS) $(LAUNCHER) $(LAYER_SO) $(LAYER_JSON) $(ICD_SO) $(ICD_JSON) $(GAME) \
	$(TOOL_BINS) $(BENCH_LAYER) $(BENCH_LAYER_JSON) $(GL_SO) $(BENCH_GL) $(GLCOUNT)
BUILD_32 ?= 1
ifeq ($(BUILD_32),1)
ALL_TARGETS += $(LAYER32_SO) $(LAYER32_JSON) $(GL32_SO)
endif
ALL_TARGETS += $(call GL_LINKS,$(O)/lib/mvgal) $(if $(filter 1,$(BUILD_32)),$(GLTEST),\
	$(firstword $(GLTEST)))

.PHONY: all check demo bench fuzz fuzz-smoke install uninstall clean format format-check deps unit asan \
	test-build fuzz-build keep-objs readme-plot layer-san deb deb-check
.DEFAULT_GOAL := all
# Naming the objects of tests, tools and fuzz targets as prerequisites keeps make from treating
# them as intermediates (deleting them after each build). A bare .SECONDARY: would do that too,
# but it also lets make skip a missing object whose archive looks newer than the new source.
KEEP_OBJS := $(call obj,$(UNIT_SRCS) $(TOOL_SRCS) $(GLTEST_SRCS)) $(call asan_obj,$(UNIT_SRCS)) \
	$(call obj32,$(GLTEST_SRCS)) \
	$(call fuzz_obj,$(FUZZ_SRCS)) $(if $(LAYER_SRCS),$(foreach v,asan tsan,\
	$(call $(v)_obj,tests/tools/vkprobe.c)))
keep-objs: $(KEEP_OBJS)

all: $(ALL_TARGETS)

# ---- compile rules (three variants: release, sanitizers, 32-bit layer) ---------------------
$(O)/obj/%.o: %.c
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$*))) -c $< -o $@

$(O)/asan/obj/%.o: %.c
	$(call msg,CC-SAN,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ASAN_CFLAGS) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$*))) -c $< -o $@

$(O)/tsan/obj/%.o: %.c
	$(call msg,CC-TSAN,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(TSAN_CFLAGS) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$*))) -c $< -o $@

$(O)/obj32/%.o: %.c
	$(call msg,CC-32,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 $(LAYER_CFLAGS) -c $< -o $@

# layer, gl, ingame, telemetry, pacer and common objects go into a shared object: hidden visibility
EXTRA_CFLAGS_layer := -fvisibility=hidden
EXTRA_CFLAGS_gl := -fvisibility=hidden
EXTRA_CFLAGS_ingame := -fvisibility=hidden
EXTRA_CFLAGS_telemetry := -fvisibility=hidden
EXTRA_CFLAGS_pacer := -fvisibility=hidden
EXTRA_CFLAGS_common := -fvisibility=hidden
EXTRA_CFLAGS_tests := $(SDL_CFLAGS)

# ---- libraries -----------------------------------------------------------------------------
define module_lib
$(O)/lib/libmvgal_$(1).a: $(call obj,$(call mod_srcs,$(1)))
	$$(call msg,AR,$$@)
	@mkdir -p $$(@D)
	$(Q)rm -f $$@ && ar rcs $$@ $$^
$(O)/asan/lib/libmvgal_$(1).a: $(call asan_obj,$(call mod_srcs,$(1)))
	$$(call msg,AR,$$@)
	@mkdir -p $$(@D)
	$(Q)rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach m,$(PRESENT_MODS),$(eval $(call module_lib,$(m))))

LINK_LIBS      = -Wl,--start-group $(LIBS) -Wl,--end-group $(EXT_LIBS)
ASAN_LINK_LIBS = -Wl,--start-group $(ASAN_LIBS) -Wl,--end-group $(EXT_LIBS)

# ---- the program ---------------------------------------------------------------------------
$(O)/mvgal-launch: $(call obj,launcher/main.c) $(LIBS)
	$(call msg,LD,$@)
	$(Q)$(CC) -pthread -o $@ $(call obj,launcher/main.c) $(LINK_LIBS) $(LDFLAGS)

# The test build of the program: the same objects, but compat/update.c compiled with
# MVGAL_DB_TEST_KEYS so that `db update` takes its public key from MVGAL_DB_TEST_PUBKEY (tests
# sign with a key pair made at test time; see compat/update.c). Built for tests only, never
# installed. The object named first keeps the archive's update.o out of the link.
$(O)/obj-testkeys/compat/update.o: compat/update.c
	$(call msg,CC,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(BASE_CFLAGS) -DMVGAL_DB_TEST_KEYS -c $< -o $@
$(O)/mvgal-launch-test: $(call obj,launcher/main.c) $(O)/obj-testkeys/compat/update.o $(LIBS)
	$(call msg,LD,$@)
	$(Q)$(CC) -pthread -o $@ $(call obj,launcher/main.c) $(O)/obj-testkeys/compat/update.o \
		$(LINK_LIBS) $(LDFLAGS)

# ---- the layer (links no Vulkan library; only loader entry points are exported) ------------
$(LAYER_SO): $(call obj,$(LAYER_SRCS))
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LAYER_LDFLAGS) -o $@ $^ -lm $(LDFLAGS)

$(LAYER32_SO): $(call obj32,$(LAYER_SRCS))
	$(call msg,LD-32,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 $(LAYER_LDFLAGS) -o $@ $^ -lm $(LDFLAGS)

# the OpenGL preload library: exports only its hooks (GL_EXPORT); no manifest, LD_PRELOAD
$(GL_SO): $(call obj,$(GL_SRCS))
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(LAYER_LDFLAGS) -o $@ $^ -lm $(LDFLAGS)
$(GL32_SO): $(call obj32,$(GL_SRCS))
	$(call msg,LD-32,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 $(LAYER_LDFLAGS) -o $@ $^ -lm $(LDFLAGS)
# gl_link_target PLATFORM: the link's target, relative to <prefix>/lib/mvgal/gl/PLATFORM/
gl_link_target = $(if $(filter $(GL_PLATFORMS_64),$(1)),../../libmvgal_gl.so,../../../../lib32/mvgal/libmvgal_gl.so)
$(O)/lib/mvgal/gl/%/libmvgal_gl.so: | $(GL_SO)
	@mkdir -p $(@D)
	$(Q)ln -sfn $(call gl_link_target,$*) $@

# glx_gpa: GL and X11 come by dlopen(), so the 32-bit build needs no 32-bit -dev package
$(O)/tests/gl/glx_gpa: $(call obj,tests/gl/glx_gpa.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< -ldl $(LDFLAGS)
$(O)/tests/gl/egl_swap: $(call obj,tests/gl/egl_swap.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< -ldl -lX11 $(LDFLAGS)
# gl_fork: forks while two threads swap, and libgl_fork_driver.so below our library
# (tests/integration/test_gl_fork.sh)
$(O)/tests/gl/gl_fork: $(call obj,tests/gl/gl_fork.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< -lGL -lX11 -lpthread $(LDFLAGS)
# gl_hud_state: unusual GL state across a swap with the HUD on (tests/integration/test_hud_gl.sh)
$(O)/tests/gl/gl_hud_state: $(call obj,tests/gl/gl_hud_state.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< -lGL -lX11 $(LDFLAGS)
# egl_pbuffer: headless EGL for tests/tools/gl_on_nvidia.sh (libEGL by dlopen)
$(O)/tests/gl/egl_pbuffer: $(call obj,tests/gl/egl_pbuffer.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< -ldl $(LDFLAGS)
$(O)/tests/gl/libgl_fork_driver.so: $(call obj,tests/gl/gl_fork_driver.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -Wl,-z,defs -o $@ $< -ldl -lpthread $(LDFLAGS)
$(O)/tests/gl/libput_skip.so: $(call obj,tests/gl/put_skip.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -Wl,-z,defs -o $@ $< -ldl $(LDFLAGS)
$(O)/tests/gl/libgl_count.so: $(call obj,tests/gl/gl_count.c)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -Wl,-z,defs -o $@ $< -ldl $(LDFLAGS)
$(O)/tests/gl32/glx_gpa: $(call obj32,tests/gl/glx_gpa.c)
	$(call msg,LD-32,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 -o $@ $< -ldl $(LDFLAGS)

# $(call layer_json,ARCH,LIBRARY): the layer's manifest for one build on stdout. Each build has
# its own layer name (VK_LAYER_MVGAL_multigpu_x86_64, _x86), as MangoHud's and Steam's overlay
# layers do: a loader older than Vulkan-Loader's "loader: Do not remove duplicated layers"
# (aed40d5, January 2021), such as Debian 11's 1.2.162, keeps the first manifest of a name in
# readdir order and, when that is the other build's, loads no layer at all ("wrong ELF class").
layer_json = sed -e 's|@LIBRARY_PATH@|$(2)|' -e 's|@ARCH@|$(1)|' layer/VkLayer_MVGAL_multigpu.json.in

# Build-tree manifests point at the build outputs so tests never need an install.
$(LAYER_JSON): layer/VkLayer_MVGAL_multigpu.json.in $(LAYER_SO)
	@mkdir -p $(@D)
	$(Q)$(call layer_json,x86_64,$(abspath $(LAYER_SO))) > $@
$(LAYER32_JSON): layer/VkLayer_MVGAL_multigpu.json.in $(LAYER32_SO)
	@mkdir -p $(@D)
	$(Q)$(call layer_json,x86,$(abspath $(LAYER32_SO))) > $@

# ---- test ICD, demo game, helper tools -----------------------------------------------------
$(ICD_SO): $(call obj,$(ICD_SRCS))
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -pthread -Wl,-z,defs -o $@ $^ $(LDFLAGS)
$(ICD_JSON): tests/icd/mvgal_test_icd.json.in $(ICD_SO)
	$(Q)sed 's|@LIBRARY_PATH@|$(abspath $(ICD_SO))|' $< > $@

SPV_HDRS := $(patsubst tests/game/%,$(O)/gen/%.spv.h,$(SHADERS))
$(O)/gen/%.spv.h: tests/game/%
	$(call msg,GLSL,$@)
	@mkdir -p $(@D)
	$(Q)$(GLSLC) -V --quiet --vn $(subst .,_,$*)_spv -o $@ $<
$(call obj,$(GAME_SRCS)): $(SPV_HDRS)

# the HUD's shaders (layer/hud.vert, layer/hud.frag), SPIR-V in a generated header that
# layer/hud_pipeline.c includes as "layer/hud.vert.spv.h", in every build of the layer
LAYER_SHADERS := $(wildcard layer/*.vert layer/*.frag)
LAYER_SPV_HDRS := $(patsubst layer/%,$(O)/gen/layer/%.spv.h,$(LAYER_SHADERS))
$(O)/gen/layer/%.spv.h: layer/%
	$(call msg,GLSL,$@)
	@mkdir -p $(@D)
	$(Q)$(GLSLC) -V --quiet --vn $(subst .,_,$*)_spv -o $@ $<
$(foreach v,obj obj32 asan_obj tsan_obj,$(call $(v),layer/hud_pipeline.c)): $(LAYER_SPV_HDRS)
$(O)/mvgal-demo: $(call obj,$(GAME_SRCS)) $(filter %/libmvgal_pacer.a,$(LIBS))
	$(call msg,LD,$@)
	$(Q)$(CC) -pthread -o $@ $^ $(SDL_LIBS) -lvulkan -lm $(LDFLAGS)

$(O)/tests/tools/%: $(O)/obj/tests/tools/%.o $(LIBS)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -pthread -o $@ $< $(LINK_LIBS) -lvulkan $(LDFLAGS)

# the frame pacer bench's own timing layer (explicit; tests/bench/bench_pacer.sh enables it)
$(BENCH_LAYER): $(call obj,$(BENCH_LAYER_SRCS)) $(filter %/libmvgal_pacer.a,$(LIBS))
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -pthread -Wl,-z,defs -o $@ $^ -lm $(LDFLAGS)
# the OpenGL pacer bench's timing preload (tests/bench/bench_gl_pacer.sh puts it in LD_PRELOAD)
$(BENCH_GL): $(call obj,$(BENCH_GL_SRCS))
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -Wl,-z,defs -o $@ $^ -ldl $(LDFLAGS)
$(BENCH_LAYER_JSON): tests/bench/timing_layer.json.in $(BENCH_LAYER)
	$(Q)sed 's|@LIBRARY_PATH@|$(abspath $(BENCH_LAYER))|' $< > $@

# ---- unit tests: plain and under ASan+UBSan ------------------------------------------------
$(O)/tests/unit/%: $(O)/obj/tests/unit/%.o $(call obj,$(UNIT_HELPERS)) $(LIBS)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -pthread -o $@ $< $(call obj,$(UNIT_HELPERS)) $(LINK_LIBS) $(CMOCKA_LIBS) $(LDFLAGS)
$(O)/asan/tests/unit/%: $(O)/asan/obj/tests/unit/%.o $(call asan_obj,$(UNIT_HELPERS)) $(ASAN_LIBS)
	$(call msg,LD-SAN,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAN_FLAGS) -pthread -o $@ $< $(call asan_obj,$(UNIT_HELPERS)) $(ASAN_LINK_LIBS) \
		$(CMOCKA_LIBS) $(LDFLAGS)

unit: $(UNIT_BINS)
asan: $(ASAN_UNIT_BINS)
test-build: all unit asan fuzz-build layer-san $(if $(LAUNCHER),$(O)/mvgal-launch-test)

# ---- the layer under sanitizers (tests/integration/test_layer_stress.sh) -------------------
# The layer, the test ICD and vkprobe built with ASan+UBSan ($(O)/asan/) and with TSan
# ($(O)/tsan/), each tree with build-tree manifests of its own; the Vulkan loader between them
# is Debian's, uninstrumented. $(call san_stack,VARIANT,OBJ-FUNCTION,LINK-FLAGS)
define san_stack
$(O)/$(1)/lib/mvgal/libVkLayer_MVGAL_multigpu.so: $(call $(2),$(LAYER_SRCS))
	$$(call msg,LD,$$@)
	@mkdir -p $$(@D)
	$(Q)$(CC) $(3) $(LAYER_LDFLAGS) -o $$@ $$^ -lm $(LDFLAGS)
$(O)/$(1)/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json: \
		layer/VkLayer_MVGAL_multigpu.json.in $(O)/$(1)/lib/mvgal/libVkLayer_MVGAL_multigpu.so
	@mkdir -p $$(@D)
	$(Q)$(call layer_json,x86_64,$(abspath $(O)/$(1)/lib/mvgal/libVkLayer_MVGAL_multigpu.so)) > $$@
$(O)/$(1)/tests/icd/libmvgal_test_icd.so: $(call $(2),$(ICD_SRCS))
	$$(call msg,LD,$$@)
	@mkdir -p $$(@D)
	$(Q)$(CC) $(3) -shared -pthread -Wl,-z,defs -o $$@ $$^ $(LDFLAGS)
$(O)/$(1)/tests/icd/mvgal_test_icd.json: tests/icd/mvgal_test_icd.json.in \
		$(O)/$(1)/tests/icd/libmvgal_test_icd.so
	$(Q)sed 's|@LIBRARY_PATH@|$(abspath $(O)/$(1)/tests/icd/libmvgal_test_icd.so)|' $$< > $$@
$(O)/$(1)/tests/tools/vkprobe: $(call $(2),tests/tools/vkprobe.c)
	$$(call msg,LD,$$@)
	@mkdir -p $$(@D)
	$(Q)$(CC) $(3) -pthread -o $$@ $$< -lvulkan $(LDFLAGS)
LAYER_SAN += $(O)/$(1)/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json \
	$(O)/$(1)/tests/icd/mvgal_test_icd.json $(O)/$(1)/tests/tools/vkprobe
endef
ifneq ($(LAYER_SRCS),)
$(eval $(call san_stack,asan,asan_obj,$(SAN_FLAGS)))
$(eval $(call san_stack,tsan,tsan_obj,$(TSAN_FLAGS)))
endif
layer-san: $(LAYER_SAN)

# ---- set-up, tests, demo, bench ------------------------------------------------------------
deps:
	@sh scripts/deps.sh

# the build uses every CPU (make check's 10 minutes on a 2-core CI machine: 125 s of them were
# a serial build); the suites then run one at a time, since timing checks need the CPUs
check:
	@sh scripts/deps.sh --tests
	@$(MAKE) --no-print-directory -j$$(nproc) test-build
	@O='$(O)' sh scripts/run-tests.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@O='$(O)' sh scripts/demo.sh

# The README's picture: the plot of one demo run as PNG (regenerated on demand, committed).
readme-plot: deps
	@$(MAKE) --no-print-directory all
	@O='$(O)' DEMO_OUT='$(O)/readme-plot' sh scripts/demo.sh
	rsvg-convert -o tests/game/demo-report.png $(O)/readme-plot/report.svg

bench: deps
	@$(MAKE) --no-print-directory all
	@O='$(O)' sh scripts/bench.sh

# ---- Debian packages (debian/) -------------------------------------------------------------
deb:
	@sh scripts/deps.sh --deb
	@O='$(O)' sh scripts/deb.sh

# the 32-bit glx_gpa comes from the build tree: a 32-bit OpenGL program for the check
deb-check: deb
	@$(MAKE) --no-print-directory $(GLTEST)
	@MVGAL_TOP='$(CURDIR)' MVGAL_BUILD='$(abspath $(O))' sh tests/integration/deb_check.sh

# ---- fuzzing (clang libFuzzer + ASan/UBSan) ------------------------------------------------
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -MMD -MP -I. $(VULKAN_CFLAGS) \
	-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
# Fuzz targets link per-module archives (the launcher's without main.o), so each target pulls
# in only the objects it needs.
FUZZ_LIB_MODS := $(PRESENT_MODS)
fuzz_mod_srcs = $(call mod_srcs,$(1))
FUZZ_LIBS := $(foreach m,$(FUZZ_LIB_MODS),$(O)/fuzz/lib/libmvgal_$(m).a)
define fuzz_lib
$(O)/fuzz/lib/libmvgal_$(1).a: $(call fuzz_obj,$(call fuzz_mod_srcs,$(1)))
	$$(call msg,AR,$$@)
	@mkdir -p $$(@D)
	$(Q)rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach m,$(FUZZ_LIB_MODS),$(eval $(call fuzz_lib,$(m))))
$(O)/fuzz/obj/%.o: %.c
	$(call msg,CC-FUZZ,$@)
	@mkdir -p $(@D)
	$(Q)$(FUZZCC) $(FUZZ_CFLAGS) -c $< -o $@
$(O)/fuzz/%: $(O)/fuzz/obj/tests/fuzz/%.o $(FUZZ_LIBS)
	$(call msg,LD-FUZZ,$@)
	$(Q)$(FUZZCC) -fsanitize=fuzzer,address,undefined -o $@ $< \
		-Wl,--start-group $(FUZZ_LIBS) -Wl,--end-group $(EXT_LIBS)

fuzz-build: $(FUZZ_BINS)
fuzz: $(FUZZ_BINS)
	@O='$(O)' FUZZ_SECONDS='$(FUZZ_SECONDS)' sh scripts/fuzz.sh $(FUZZ_BINS)

# ---- install -------------------------------------------------------------------------------
# The manifests name the layer by $(PREFIX): a relative one (a literal ~ that zsh, fish or quotes
# left unexpanded) would make a layer the loader never finds (issue 24).
ifneq ($(filter install uninstall,$(MAKECMDGOALS)),)
ifeq ($(filter /%,$(firstword $(PREFIX))),)
$(error PREFIX=$(PREFIX) is not an absolute path (a ~ your shell did not expand?): use PREFIX=$$HOME/.local)
endif
endif
BINDIR  := $(PREFIX)/bin
LIBDIR  := $(PREFIX)/lib/mvgal
LIB32DIR := $(PREFIX)/lib32/mvgal
DATADIR := $(PREFIX)/share
INSTALLED := $(BINDIR)/mvgal-launch \
	$(LIBDIR)/libVkLayer_MVGAL_multigpu.so \
	$(LIBDIR)/libmvgal_gl.so $(call GL_LINKS,$(LIBDIR)) \
	$(DATADIR)/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json \
	$(DATADIR)/mvgal/compat.db \
	$(DATADIR)/man/man1/mvgal-launch.1 \
	$(DATADIR)/bash-completion/completions/mvgal-launch
ifeq ($(BUILD_32),1)
INSTALLED += $(LIB32DIR)/libVkLayer_MVGAL_multigpu.so $(LIB32DIR)/libmvgal_gl.so \
	$(DATADIR)/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86.json
endif

install: all
	install -Dm755 $(O)/mvgal-launch $(DESTDIR)$(BINDIR)/mvgal-launch
	install -Dm755 $(LAYER_SO) $(DESTDIR)$(LIBDIR)/libVkLayer_MVGAL_multigpu.so
	install -Dm755 $(GL_SO) $(DESTDIR)$(LIBDIR)/libmvgal_gl.so
	$(foreach l,$(call GL_LINKS,$(LIBDIR)),install -d $(dir $(DESTDIR)$(l)) && \
		ln -sfn $(call gl_link_target,$(notdir $(patsubst %/,%,$(dir $(l))))) $(DESTDIR)$(l);)
	install -d $(DESTDIR)$(DATADIR)/vulkan/implicit_layer.d
	$(call layer_json,x86_64,$(LIBDIR)/libVkLayer_MVGAL_multigpu.so) \
		> $(DESTDIR)$(DATADIR)/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json
ifeq ($(BUILD_32),1)
	install -Dm755 $(LAYER32_SO) $(DESTDIR)$(LIB32DIR)/libVkLayer_MVGAL_multigpu.so
	install -Dm755 $(GL32_SO) $(DESTDIR)$(LIB32DIR)/libmvgal_gl.so
	$(call layer_json,x86,$(LIB32DIR)/libVkLayer_MVGAL_multigpu.so) \
		> $(DESTDIR)$(DATADIR)/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86.json
endif
	install -Dm644 compat/data/compat.db $(DESTDIR)$(DATADIR)/mvgal/compat.db
	install -Dm644 launcher/mvgal-launch.1 $(DESTDIR)$(DATADIR)/man/man1/mvgal-launch.1
	install -Dm644 launcher/mvgal-launch.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/mvgal-launch

# Removes the installed files, then every folder install left empty below PREFIX (a folder
# with anything else in it stays); with DESTDIR also the empty PREFIX path inside DESTDIR.
# Without DESTDIR the installed program first takes its Steam tool out of every Steam root
# (`mvgal-launch uninstall`: titles mapped to it get their earlier tool back): Steam would
# otherwise list a tool whose program is gone (issue 24). When it refuses (Steam running),
# nothing is removed.
uninstall:
	$(if $(DESTDIR),,@if [ -x '$(BINDIR)/mvgal-launch' ]; then \
		'$(BINDIR)/mvgal-launch' uninstall || { \
		echo 'make uninstall: nothing removed (see above)' >&2; exit 1; }; fi)
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@for d in $(sort $(patsubst %/,%,$(dir $(INSTALLED)))); do \
		d='$(DESTDIR)'"$$d"; \
		while [ "$$d" != '$(DESTDIR)$(PREFIX)' ] && rmdir "$$d" 2>/dev/null; do d=$${d%/*}; done; \
	done
	$(if $(DESTDIR),@d='$(DESTDIR)$(PREFIX)'; \
		while [ "$$d" != '$(DESTDIR)' ] && rmdir "$$d" 2>/dev/null; do d=$${d%/*}; done)

# ---- housekeeping --------------------------------------------------------------------------
clean:
	rm -rf $(O)

FORMAT_SRCS := $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_SRCS)

# The same check as tests/integration/test_format.sh (part of make check), on its own.
format-check:
	@MVGAL_TOP=$(CURDIR) sh tests/integration/test_format.sh

-include $(shell find $(O) -name '*.d' -type f 2>/dev/null)
