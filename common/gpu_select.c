// SPDX-License-Identifier: MIT
// MVGAL_GPU parsing and ranking (pure; see gpu_select.h).
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/gpu_select.h"

#define VENDOR_NVIDIA 0x10deu
#define VENDOR_AMD 0x1002u
#define VENDOR_INTEL 0x8086u

const char *gpu_select_strerror(int err)
{
	switch (err) {
	case GPU_SELECT_OK:
		return "success";
	case GPU_SELECT_EINVAL:
		return "bad term";
	case GPU_SELECT_E2BIG:
		return "too many terms";
	}
	return "unknown error";
}

const char *gpu_vendor_name(uint32_t vendor_id)
{
	switch (vendor_id) {
	case VENDOR_NVIDIA:
		return "nvidia";
	case VENDOR_AMD:
		return "amd";
	case VENDOR_INTEL:
		return "intel";
	}
	return "";
}

void gpu_format_uuid(const uint8_t uuid[16], char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (unsigned i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[uuid[i] >> 4];
		out[o++] = hex[uuid[i] & 15];
	}
	out[o] = '\0';
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "0x" followed by 1..4 hex digits; *end gets the first unread char. */
static bool read_hex16(const char *s, uint32_t *out, const char **end)
{
	uint32_t v = 0;
	unsigned n = 0;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (s += 2; hex_value(*s) >= 0 && n < 5; s++, n++)
		v = v * 16 + (uint32_t)hex_value(*s);
	if (n == 0 || n > 4)
		return false;
	*out = v;
	*end = s;
	return true;
}

static bool parse_uuid(const char *s, uint8_t uuid[16])
{
	unsigned n = 0;

	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (hex_value(*s) < 0 || n >= 32)
			return false;
		if (n % 2 == 0)
			uuid[n / 2] = (uint8_t)(hex_value(*s) << 4);
		else
			uuid[n / 2] |= (uint8_t)hex_value(*s);
		n++;
	}
	return n == 32;
}

/* pci:[DDDD:]BB:DD.F (hex fields). */
static bool parse_pci(const char *s, struct gpu_term *t)
{
	unsigned a, b, c, d;
	int used = 0;

	if (sscanf(s, "%x:%x:%x.%x%n", &a, &b, &c, &d, &used) == 4 && s[used] == '\0') {
		t->pci_domain = a, t->pci_bus = b, t->pci_dev = c, t->pci_func = d;
		return a <= 0xffff && b <= 0xff && c <= 0x1f && d <= 7;
	}
	used = 0;
	if (sscanf(s, "%x:%x.%x%n", &b, &c, &d, &used) == 3 && s[used] == '\0') {
		t->pci_domain = 0, t->pci_bus = b, t->pci_dev = c, t->pci_func = d;
		return b <= 0xff && c <= 0x1f && d <= 7;
	}
	return false;
}

static int parse_term(const char *word, struct gpu_term *t, char *msg, size_t msg_len)
{
	const char *end;

	memset(t, 0, sizeof(*t));
	if (*word == '!') {
		t->is_hide = true;
		word++;
	}
	if (!*word) {
		snprintf(msg, msg_len, "empty term");
		return GPU_SELECT_EINVAL;
	}
	if (!strcasecmp(word, "nvidia") || !strcasecmp(word, "amd") || !strcasecmp(word, "intel")) {
		t->kind = GPU_TERM_VENDOR;
		t->vendor_id = tolower(*word) == 'n'   ? VENDOR_NVIDIA
			       : tolower(*word) == 'a' ? VENDOR_AMD
						       : VENDOR_INTEL;
	} else if (!strcasecmp(word, "cpu")) {
		t->kind = GPU_TERM_CPU;
	} else if (!strncasecmp(word, "pci:", 4)) {
		t->kind = GPU_TERM_PCI;
		if (!parse_pci(word + 4, t)) {
			snprintf(msg, msg_len, "'%.60s': want pci:DDDD:BB:DD.F", word);
			return GPU_SELECT_EINVAL;
		}
	} else if (!strncasecmp(word, "0x", 2)) {
		t->kind = GPU_TERM_VENDOR;
		if (!read_hex16(word, &t->vendor_id, &end))
			end = "?";
		else if (*end == ':') {
			t->kind = GPU_TERM_VENDOR_DEVICE;
			if (!read_hex16(end + 1, &t->device_id, &end))
				end = "?";
		}
		if (*end) {
			snprintf(msg, msg_len, "'%.60s': want 0xVVVV or 0xVVVV:0xDDDD", word);
			return GPU_SELECT_EINVAL;
		}
	} else if (parse_uuid(word, t->uuid)) {
		t->kind = GPU_TERM_UUID;
	} else {
		t->kind = GPU_TERM_NAME;
		if (strlen(word) >= sizeof(t->name)) {
			snprintf(msg, msg_len, "'%.60s...': name too long", word);
			return GPU_SELECT_EINVAL;
		}
		strcpy(t->name, word);
	}
	return 0;
}

int gpu_select_parse(const char *text, struct gpu_selection *sel, char *msg, size_t msg_len)
{
	char word[128];
	char scratch[160];
	int err = 0;

	if (!msg) {
		msg = scratch;
		msg_len = sizeof(scratch);
	}
	msg[0] = '\0';
	memset(sel, 0, sizeof(*sel));
	while (*text) {
		const char *comma = strchr(text, ',');
		size_t len = comma ? (size_t)(comma - text) : strlen(text);
		size_t a = 0, b = len;

		while (a < b && isspace((unsigned char)text[a]))
			a++;
		while (b > a && isspace((unsigned char)text[b - 1]))
			b--;
		if (b - a >= sizeof(word)) {
			snprintf(msg, msg_len, "term too long");
			err = GPU_SELECT_EINVAL;
			goto out;
		}
		memcpy(word, text + a, b - a);
		word[b - a] = '\0';
		if (sel->n_terms == GPU_SELECT_MAX_TERMS) {
			snprintf(msg, msg_len, "more than %d terms", GPU_SELECT_MAX_TERMS);
			err = GPU_SELECT_E2BIG;
			goto out;
		}
		err = parse_term(word, &sel->terms[sel->n_terms], msg, msg_len);
		if (err)
			goto out;
		sel->has_positive |= !sel->terms[sel->n_terms].is_hide;
		sel->needs_pci |= sel->terms[sel->n_terms].kind == GPU_TERM_PCI;
		sel->needs_uuid |= sel->terms[sel->n_terms].kind == GPU_TERM_UUID;
		sel->n_terms++;
		text += len + (comma ? 1 : 0);
		if (comma && !*text) {
			snprintf(msg, msg_len, "empty term");
			err = GPU_SELECT_EINVAL;
			goto out;
		}
	}
out:
	if (err)
		memset(sel, 0, sizeof(*sel));
	return err;
}

static bool name_contains(const char *name, const char *needle)
{
	size_t n = strlen(needle);

	for (; *name; name++)
		if (!strncasecmp(name, needle, n))
			return true;
	return n == 0;
}

static bool term_matches(const struct gpu_term *t, const struct gpu_info *g)
{
	switch (t->kind) {
	case GPU_TERM_VENDOR:
		return g->vendor_id == t->vendor_id;
	case GPU_TERM_VENDOR_DEVICE:
		return g->vendor_id == t->vendor_id && g->device_id == t->device_id;
	case GPU_TERM_CPU:
		return g->is_cpu;
	case GPU_TERM_PCI:
		return g->has_pci && g->pci_domain == t->pci_domain && g->pci_bus == t->pci_bus &&
		       g->pci_dev == t->pci_dev && g->pci_func == t->pci_func;
	case GPU_TERM_UUID:
		return g->has_uuid && !memcmp(g->uuid, t->uuid, 16);
	case GPU_TERM_NAME:
		return name_contains(g->name, t->name);
	}
	return false;
}

unsigned gpu_select_rank(const struct gpu_selection *sel, const struct gpu_info *gpus, unsigned n,
			 int *rank)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < n; i++) {
		int r = sel->has_positive ? -1 : 0;
		bool is_hidden = false;

		for (unsigned k = 0; k < sel->n_terms; k++) {
			const struct gpu_term *t = &sel->terms[k];

			if (!term_matches(t, &gpus[i]))
				continue;
			if (t->is_hide)
				is_hidden = true; /* a ! term wins wherever it stands */
			else if (r < 0)
				r = (int)k; /* the first positive match sets the order */
		}
		if (is_hidden)
			r = -1;
		rank[i] = r;
		shown += r >= 0;
	}
	return shown;
}

unsigned gpu_select_order(const int *rank, unsigned n, unsigned *order)
{
	unsigned m = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned j;

		if (rank[i] < 0)
			continue;
		/* insertion sort, stable: n is a handful of GPUs */
		for (j = m; j > 0 && rank[order[j - 1]] > rank[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
		m++;
	}
	return m;
}
