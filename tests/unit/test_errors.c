// SPDX-License-Identifier: MIT
/*
 * Error codes mean the same in every module: a failure is a negative errno value, so a code that
 * crosses a module boundary (a PROFILE_* code returned where the launcher expects -errno) keeps
 * its meaning; the few codes no errno fits lie outside errno's range and never collide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "compat/compat.h"
#include "report/report.h"
#include "common/gpu_select.h"
#include "pacer/pacer.h"
#include "profiles/profiles.h"
#include "vdf/vdf.h"

static void test_errors_are_negative_errno_values_in_every_module(void **state)
{
	(void)state;
	assert_int_equal(PROFILE_ENOMEM, -ENOMEM);
	assert_int_equal(PROFILE_EINVAL, -EINVAL);
	assert_int_equal(PROFILE_EIO, -EIO);
	assert_int_equal(PROFILE_ETOOBIG, -EFBIG);
	assert_int_equal(COMPAT_ENOENT, -ENOENT);
	assert_int_equal(COMPAT_EIO, -EIO);
	assert_int_equal(COMPAT_ENOMEM, -ENOMEM);
	assert_int_equal(COMPAT_EINVAL, -EINVAL);
	assert_int_equal(COMPAT_ETOOBIG, -EFBIG);
	assert_int_equal(PACER_EINVAL, -EINVAL);
	assert_int_equal(REPORT_ENOMEM, -ENOMEM);
	assert_int_equal(REPORT_EEMPTY, -ENODATA);
	assert_int_equal(GPU_SELECT_EINVAL, -EINVAL);
	assert_int_equal(GPU_SELECT_E2BIG, -E2BIG);
	/* malformed input reads the same whichever parser found it */
	assert_int_equal(COMPAT_EFORMAT, VDF_ESYNTAX);
	assert_int_equal(COMPAT_ETOOBIG, VDF_ETOOBIG);
	assert_int_equal(PROFILE_ETOOBIG, VDF_ETOOBIG);
}

static void test_errors_of_compat_alone_lie_outside_errno_range(void **state)
{
	(void)state;
	const int own[] = { COMPAT_ENET,   COMPAT_EHTTP, COMPAT_ETRUNC, COMPAT_EURL,
			    COMPAT_EWRITE, COMPAT_ESIG,	 COMPAT_ESERIAL };
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		assert_true(own[i] <= -COMPAT_EBASE);
		assert_string_not_equal(compat_strerror(own[i]), "unknown error");
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(own[i], own[j]);
	}
}

static void test_errors_read_out_of_memory_in_every_module(void **state)
{
	(void)state;
	assert_string_equal(profile_strerror(-ENOMEM), "out of memory");
	assert_string_equal(compat_strerror(-ENOMEM), "out of memory");
	assert_string_equal(vdf_strerror(-ENOMEM), "out of memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_are_negative_errno_values_in_every_module),
		cmocka_unit_test(test_errors_of_compat_alone_lie_outside_errno_range),
		cmocka_unit_test(test_errors_read_out_of_memory_in_every_module),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
