#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes the fake sysfs trees beside this script (committed; rerun after editing):
#   intel_amd_laptop/  intel_nvidia_laptop/  amd_nvidia_desktop/  amd_bad_sensor/
# Each is shaped like a real /sys (Linux ABI, Documentation/ABI/testing/sysfs-bus-pci and
# sysfs-driver-amdgpu, and what `ls -l` shows on such machines):
#   bus/pci/devices/DDDD:BB:DD.F -> ../../../devices/pci0000:00/[bridge/]DDDD:BB:DD.F
#   devices/.../DDDD:BB:DD.F/class, vendor, device   "0x030000\n", "0x10de\n" (0x prefix, newline)
#   devices/.../driver -> ../../../[../]bus/pci/drivers/<name>
#   devices/.../boot_vga   "1\n" or "0\n", only on VGA-class (0x0300xx) devices: a 3D controller
#                          (0x0302xx, NVIDIA laptop GPUs) or other display (0x0380xx) has none
#   amdgpu: mem_info_vram_total, mem_info_vram_used, gpu_busy_percent, hwmon/hwmonN/temp1_input
# plus non-display functions (host bridge 0x060000, the GPU's HDMI audio 0x040300) that the
# launcher must skip. Device ids are real ones (pci.ids lists them; pci.ids beside this script
# holds just those lines).
set -eu
cd "$(dirname "$0")"

# dev TREE ADDR PARENT CLASS VENDOR DEVICE DRIVER BOOT_VGA(1|0|-)
dev() {
	tree=$1 addr=$2 parent=$3 class=$4 vendor=$5 device=$6 driver=$7 boot=$8
	d="$tree/devices/pci0000:00${parent:+/$parent}/$addr"
	up="../../.."
	[ -n "$parent" ] && up="../../../.."
	mkdir -p "$d" "$tree/bus/pci/devices"
	printf '%s\n' "$class" >"$d/class"
	printf '%s\n' "$vendor" >"$d/vendor"
	printf '%s\n' "$device" >"$d/device"
	[ "$boot" = - ] || printf '%s\n' "$boot" >"$d/boot_vga"
	if [ "$driver" != - ]; then
		mkdir -p "$tree/bus/pci/drivers/$driver"
		ln -sfn "$up/bus/pci/drivers/$driver" "$d/driver"
	fi
	ln -sfn "../../../devices/pci0000:00${parent:+/$parent}/$addr" "$tree/bus/pci/devices/$addr"
}

# amdgpu's own files: VRAM bytes, busy %, temperature (millidegrees C)
amd_sensors() {
	d=$(cd "$1/bus/pci/devices/$2" && pwd -P)
	printf '%s\n' "$3" >"$d/mem_info_vram_total"
	printf '%s\n' "$4" >"$d/mem_info_vram_used"
	printf '%s\n' "$5" >"$d/gpu_busy_percent"
	mkdir -p "$d/hwmon/$6"
	printf '%s\n' "$7" >"$d/hwmon/$6/temp1_input"
}

rm -rf intel_amd_laptop intel_nvidia_laptop amd_nvidia_desktop amd_bad_sensor

t=intel_amd_laptop # Tiger Lake Iris Xe drives the panel, RX 6600M renders on demand
dev $t 0000:00:00.0 "" 0x060000 0x8086 0x9a14 - -
dev $t 0000:00:02.0 "" 0x030000 0x8086 0x9a49 i915 1
dev $t 0000:00:01.0 "" 0x060400 0x8086 0x9a01 pcieport -
dev $t 0000:03:00.0 0000:00:01.0 0x038000 0x1002 0x73ff amdgpu -
dev $t 0000:03:00.1 0000:00:01.0 0x040300 0x1002 0xab28 snd_hda_intel -
amd_sensors $t 0000:03:00.0 8573157376 268435456 0 hwmon4 41000

t=intel_nvidia_laptop # Alder Lake-P Iris Xe drives the panel, RTX 4070 Laptop (3D controller)
dev $t 0000:00:00.0 "" 0x060000 0x8086 0x4621 - -
dev $t 0000:00:02.0 "" 0x030000 0x8086 0x46a6 i915 1
dev $t 0000:00:01.0 "" 0x060400 0x8086 0x460d pcieport -
dev $t 0000:01:00.0 0000:00:01.0 0x030200 0x10de 0x2860 nvidia -
dev $t 0000:01:00.1 0000:00:01.0 0x040300 0x10de 0x22bd snd_hda_intel -

t=amd_nvidia_desktop # RX 7900 XTX drives the monitors, RTX 4090 beside it (both VGA class)
dev $t 0000:00:00.0 "" 0x060000 0x1022 0x14d8 - -
dev $t 0000:00:01.1 "" 0x060400 0x1022 0x14db pcieport -
dev $t 0000:00:01.2 "" 0x060400 0x1022 0x14db pcieport -
dev $t 0000:01:00.0 0000:00:01.1 0x030000 0x10de 0x2684 nvidia 0
dev $t 0000:01:00.1 0000:00:01.1 0x040300 0x10de 0x22ba snd_hda_intel -
dev $t 0000:0b:00.0 0000:00:01.2 0x030000 0x1002 0x744c amdgpu 1
dev $t 0000:0b:00.1 0000:00:01.2 0x040300 0x1002 0xab30 snd_hda_intel -
amd_sensors $t 0000:0b:00.0 25753026560 1610612736 37 hwmon2 52000

t=amd_bad_sensor # issue 23: one RX 6600 whose hwmon reads above 2^31 millidegrees (a broken or
# hostile sensor; the number must reach `gpus --json` whole, not cut to 32 bits)
dev $t 0000:03:00.0 "" 0x030000 0x1002 0x73ff amdgpu 1
amd_sensors $t 0000:03:00.0 8573157376 268435456 100 hwmon1 3000000123
