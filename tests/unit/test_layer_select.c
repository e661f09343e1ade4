// SPDX-License-Identifier: MIT
// Unit tests of MVGAL_GPU parsing and ranking (layer/gpu_select.h, pure). The layer is a shared
// object with hidden symbols, not a module library, so its one pure file is compiled in here.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "layer/gpu_select.c"

/* The test ICD's default GPUs, in the loader's (PCI) order. */
static const struct layer_gpu gpus[] = {
	{ .vendor_id = 0x10de, .device_id = 0x2786, .name = "NVIDIA GeForce RTX 4070",
	  .has_pci = true, .pci_bus = 1, .has_uuid = true, .uuid = { 0x10, 0xde, [15] = 1 } },
	{ .vendor_id = 0x10de, .device_id = 0x2786, .name = "NVIDIA GeForce RTX 4070 (2)",
	  .has_pci = true, .pci_bus = 2, .has_uuid = true, .uuid = { 0x10, 0xde, [15] = 2 } },
	{ .vendor_id = 0x1002, .device_id = 0x744c, .name = "AMD Radeon RX 7900 XTX",
	  .has_pci = true, .pci_bus = 3 },
	{ .vendor_id = 0x8086, .device_id = 0x56a0, .name = "Intel Arc A770", .has_pci = true,
	  .pci_bus = 4 },
	{ .vendor_id = 0x10005, .name = "llvmpipe (LLVM 15.0.6, 256 bits)", .is_cpu = true },
};
#define N_GPUS (sizeof(gpus) / sizeof(gpus[0]))

/* The shown order as a string of indices, e.g. "2,0,1"; "" when nothing is shown. */
static const char *order_of(const char *text)
{
	static char out[64];
	struct layer_selection sel;
	int rank[N_GPUS];
	unsigned order[N_GPUS], n;
	size_t o = 0;

	assert_int_equal(layer_select_parse(text, &sel, NULL, 0), 0);
	layer_select_rank(&sel, gpus, N_GPUS, rank);
	n = layer_select_order(rank, N_GPUS, order);
	out[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%u", i ? "," : "", order[i]);
	return out;
}

static void test_layer_select_vendor_words_filter(void **state)
{
	(void)state;
	assert_string_equal(order_of("nvidia"), "0,1");
	assert_string_equal(order_of("amd"), "2");
	assert_string_equal(order_of("INTEL"), "3");
	assert_string_equal(order_of("cpu"), "4");
}

static void test_layer_select_list_orders_by_first_match(void **state)
{
	(void)state;
	assert_string_equal(order_of("amd,nvidia"), "2,0,1");
	assert_string_equal(order_of("intel, cpu ,amd"), "3,4,2");
	/* a GPU matching two terms takes the first one's place */
	assert_string_equal(order_of("rtx 4070 (2),nvidia"), "1,0");
}

static void test_layer_select_hide_wins_anywhere(void **state)
{
	(void)state;
	assert_string_equal(order_of("!nvidia"), "2,3,4");
	assert_string_equal(order_of("!nvidia,!cpu"), "2,3");
	assert_string_equal(order_of("nvidia,!pci:0000:01:00.0"), "1");
	assert_string_equal(order_of("!pci:01:00.0,nvidia"), "1");
	assert_string_equal(order_of("!nvidia,nvidia"), "");
}

static void test_layer_select_ids_pci_uuid_and_names(void **state)
{
	(void)state;
	assert_string_equal(order_of("0x1002"), "2");
	assert_string_equal(order_of("0x10de:0x2786"), "0,1");
	assert_string_equal(order_of("0x10de:0x2787"), "");
	assert_string_equal(order_of("pci:0000:02:00.0"), "1");
	assert_string_equal(order_of("pci:04:00.0,pci:03:00.0"), "3,2");
	assert_string_equal(order_of("10de0000-0000-0000-0000-000000000002"), "1");
	assert_string_equal(order_of("10de0000000000000000000000000001"), "0");
	assert_string_equal(order_of("radeon"), "2");
	assert_string_equal(order_of("Arc A7"), "3");
	assert_string_equal(order_of("llvmpipe"), "4");
}

static void test_layer_select_no_match_shows_nothing(void **state)
{
	(void)state;
	/* the layer turns 0 into "all GPUs and one log line" */
	assert_string_equal(order_of("geforce gtx 1080"), "");
	assert_string_equal(order_of("!nvidia,!amd,!intel,!cpu"), "");
}

static void test_layer_select_rejects_bad_terms(void **state)
{
	struct layer_selection sel;
	char msg[160];

	(void)state;
	assert_int_equal(layer_select_parse("nvidia,,amd", &sel, msg, sizeof(msg)),
			 LAYER_SELECT_EINVAL);
	assert_int_equal(sel.n_terms, 0);
	assert_int_equal(layer_select_parse("nvidia,", &sel, msg, sizeof(msg)), LAYER_SELECT_EINVAL);
	assert_int_equal(layer_select_parse("!", &sel, msg, sizeof(msg)), LAYER_SELECT_EINVAL);
	assert_int_equal(layer_select_parse("pci:1:2", &sel, msg, sizeof(msg)), LAYER_SELECT_EINVAL);
	assert_non_null(strstr(msg, "pci:1:2"));
	assert_int_equal(layer_select_parse("pci:0000:01:40.0", &sel, msg, sizeof(msg)),
			 LAYER_SELECT_EINVAL);
	assert_int_equal(layer_select_parse("0x10de:zz", &sel, msg, sizeof(msg)),
			 LAYER_SELECT_EINVAL);
	assert_int_equal(layer_select_parse("0x123456", &sel, msg, sizeof(msg)),
			 LAYER_SELECT_EINVAL);
	assert_int_equal(layer_select_parse("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", &sel, msg,
					    sizeof(msg)),
			 LAYER_SELECT_E2BIG);
	assert_string_equal(layer_select_strerror(LAYER_SELECT_E2BIG), "too many terms");
}

static void test_layer_select_flags_what_it_needs(void **state)
{
	struct layer_selection sel;

	(void)state;
	assert_int_equal(layer_select_parse("nvidia,radeon", &sel, NULL, 0), 0);
	assert_false(sel.needs_pci || sel.needs_uuid);
	assert_true(sel.has_positive);
	assert_int_equal(layer_select_parse("!pci:01:00.0", &sel, NULL, 0), 0);
	assert_true(sel.needs_pci);
	assert_false(sel.has_positive);
	assert_int_equal(layer_select_parse("10de0000000000000000000000000001", &sel, NULL, 0), 0);
	assert_true(sel.needs_uuid);
}

static void test_layer_select_formats_uuid(void **state)
{
	char out[40];

	(void)state;
	layer_format_uuid(gpus[1].uuid, out);
	assert_string_equal(out, "10de0000-0000-0000-0000-000000000002");
	assert_string_equal(layer_vendor_name(0x8086), "intel");
	assert_string_equal(layer_vendor_name(0x10005), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layer_select_vendor_words_filter),
		cmocka_unit_test(test_layer_select_list_orders_by_first_match),
		cmocka_unit_test(test_layer_select_hide_wins_anywhere),
		cmocka_unit_test(test_layer_select_ids_pci_uuid_and_names),
		cmocka_unit_test(test_layer_select_no_match_shows_nothing),
		cmocka_unit_test(test_layer_select_rejects_bad_terms),
		cmocka_unit_test(test_layer_select_flags_what_it_needs),
		cmocka_unit_test(test_layer_select_formats_uuid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
