#!/bin/sh
# SPDX-License-Identifier: MIT
# The shape of the two in-game libraries (issue 25): the Vulkan layer (layer/) and the OpenGL
# library (gl/) each build from what they share (ingame/, public header ingame/ingame.h) and
# neither includes the other's private header nor carries the other's code; both export only
# what they always did (and the OpenGL library, since issue 29, Xlib's XShmPutImage and
# XPutImage: gl/gl_hud_put.c writes the HUD into a software driver's put); and no file there is
# over 600 lines, no function over 60.
. "$MVGAL_TOP/tests/integration/lib.sh"
need_cmd nm binutils
need_cmd awk mawk
cd "$MVGAL_TOP" || exit 1
LAYER_SO=$MVGAL_BUILD/lib/mvgal/libVkLayer_MVGAL_multigpu.so
GL_SO=$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so
need_built test_ingame_shape "$LAYER_SO" "$GL_SO" "$MVGAL_BUILD/lib32/mvgal/libmvgal_gl.so" \
	"$MVGAL_BUILD/lib32/mvgal/libVkLayer_MVGAL_multigpu.so"
GL_DIR=gl

exports() { nm -D --defined-only "$1" | awk '{print $3}' | sort | paste -sd ' ' -; }
LAYER_API="vkGetDeviceProcAddr vkGetInstanceProcAddr vkNegotiateLoaderLayerInterfaceVersion"
GL_API="XPutImage XShmPutImage dlsym eglCreatePlatformWindowSurface eglCreateWindowSurface eglGetDisplay \
eglGetPlatformDisplay eglGetProcAddress eglSwapBuffers glXGetProcAddress glXGetProcAddressARB \
glXSwapBuffers glXSwapBuffersMscOML mvgal_gl_owns_pacing"
for bits in lib lib32; do
	check_eq "$bits: the layer exports only the loader's entry points" "$LAYER_API" \
		"$(exports "$MVGAL_BUILD/$bits/mvgal/libVkLayer_MVGAL_multigpu.so")"
	check_eq "$bits: the OpenGL library exports only its hooks" "$GL_API" \
		"$(exports "$MVGAL_BUILD/$bits/mvgal/libmvgal_gl.so")"
done

# The symbol tables (hidden symbols included): the OpenGL library has the shared module's code
# and none of the Vulkan layer's (its functions and state are all named layer_*), and the other
# way round.
check "the OpenGL library is built from ingame/" sh -c "nm '$GL_SO' | grep -q ' ingame_log\$'"
check "the layer is built from ingame/" sh -c "nm '$LAYER_SO' | grep -q ' ingame_log\$'"
check_eq "the OpenGL library carries no code of the Vulkan layer" "" \
	"$(nm "$GL_SO" | awk '$3 ~ /^layer_/ {print $3}' | paste -sd ' ' -)"
check_eq "the layer carries no code of the OpenGL library" "" \
	"$(nm "$LAYER_SO" | awk '$3 ~ /^gl_/ {print $3}' | paste -sd ' ' -)"

# Includes: a private header is layer/layer.h or gl/gl.h; ingame/ includes neither.
check_eq "the OpenGL library includes no header of the layer" "" \
	"$(grep -l '#include "layer/[a-z_]*\.h"' "$GL_DIR"/*.[ch] | paste -sd ' ' -)"
check_eq "the layer includes no header of the OpenGL library" "" \
	"$(grep -l '#include ".*gl/gl\.h"' layer/*.[ch] | paste -sd ' ' -)"
check_eq "ingame/ includes neither library's header" "" \
	"$(grep -l '#include "\(layer\|gl\)/' ingame/*.[ch] | paste -sd ' ' -)"

# Sizes (STYLE.md "Shape", shape_long_files and shape_long_functions in lib.sh); test_shape.sh
# holds every module to the same.
check_eq "no file over 600 lines" "" "$(shape_long_files layer/*.[ch] "$GL_DIR"/*.[ch] ingame/*.[ch])"
check_eq "no function over 60 lines" "" "$(shape_long_functions layer/*.c "$GL_DIR"/*.c ingame/*.c)"
n_funcs=$(cat layer/*.c "$GL_DIR"/*.c ingame/*.c | grep -c '^{')
check "the count saw the functions ($n_funcs)" [ "$n_funcs" -gt 100 ]
finish
