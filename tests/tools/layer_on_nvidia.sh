#!/bin/sh
# SPDX-License-Identifier: MIT
# GPU selection on real hardware: NVIDIA's driver and the test ICD loaded together by Debian's
# loader, headless. Run on the device machine (see README, "GPU selection and the Vulkan layer"):
#   sh tests/tools/layer_on_nvidia.sh GL_DIR OUT_DIR
# GL_DIR holds root/ (libvulkan1 unpacked with dpkg-deb -x) and bin/ (libVkLayer_MVGAL_multigpu.so,
# libmvgal_test_icd.so, vkprobe built on Debian 12). Prints ok/not ok lines and the raw outputs.
set -u
GL=$(cd "$1" && pwd)
OUT=${2:-/tmp/mvgal-out}
mkdir -p "$OUT"
T=$(mktemp -d)
export LD_LIBRARY_PATH="$GL/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
NV_ICD=${MVGAL_NV_ICD:-}  # a stand-in driver for a dry run where there is no NVIDIA
[ -n "$NV_ICD" ] || for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
	/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
	[ -f "$f" ] && NV_ICD=$f && break
done
echo "nvidia icd: ${NV_ICD:-none}"; nvidia-smi -L 2>/dev/null
mkdir -p "$T/share/vulkan/implicit_layer.d"
sed "s|@LIBRARY_PATH@|$GL/bin/libVkLayer_MVGAL_multigpu.so|" "$GL/bin/VkLayer_MVGAL_multigpu.json.in" \
	>"$T/share/vulkan/implicit_layer.d/VkLayer_MVGAL_multigpu.x86_64.json"
sed "s|@LIBRARY_PATH@|$GL/bin/libmvgal_test_icd.so|" "$GL/bin/mvgal_test_icd.json.in" \
	>"$T/test_icd.json"
export VK_DRIVER_FILES="$NV_ICD:$T/test_icd.json" XDG_DATA_DIRS="$T/share:/usr/share"
export ENABLE_MVGAL=1 NODEVICE_SELECT=1
export MVGAL_TEST_ICD_GPUS="vendor=0x1002,device=0x744c,name=AMD Radeon RX 7900 XTX,pci=0000:c1:00.0,uuid=10020000744c000000000000000000c1;vendor=0x8086,device=0x56a0,name=Intel Arc A770,pci=0000:c2:00.0,uuid=8086000056a0000000000000000000c2"
P="$GL/bin/vkprobe"
failed=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1: $2"; failed=1; }

run() { # run NAME MVGAL_GPU [vkprobe args]: prints the outputs, leaves them in $T/out, $T/err
	name=$1 gpu=$2; shift 2
	echo "== $name (MVGAL_GPU=$gpu)"
	if [ "$gpu" = "-" ]; then unset MVGAL_GPU; else export MVGAL_GPU="$gpu"; fi
	timeout 120 "$P" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	echo "rc=$rc"
	unset MVGAL_GPU
	cat "$T/out"
	grep -E 'mvgal|VUID|rror|crashed|\[0x' "$T/err" | head -40
}
devices() { sed -n 's/^device [0-9]*: \(.*\) (0x\([0-9a-f]*\))$/\2/p' "$T/out" | paste -sd ' ' -; }
# names of the devices, and of the groups' members, in order: each GPU here is a group of its own
device_names() { sed -n 's/^device [0-9]*: \(.*\) (0x[0-9a-f]*)$/\1/p' "$T/out" | paste -sd '|' -; }
group_names() { sed -n 's/^group [0-9]*: //p' "$T/out" | paste -sd '|' -; }
groups_follow() { expect "$1: groups in the devices' order" "$(device_names)" "$(group_names)"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected [$2], got [$3]"; fi; }
# on_nvidia NAME EXPECTED ACTUAL: expect, for presents on NVIDIA; shown, not judged, when NVIDIA's
# headless swapchain fails without our layer too (the control run below)
on_nvidia() {
	if [ "$nv_wsi" = ok ]; then expect "$@"; else echo "skip - $1: [$3] (NVIDIA's headless WSI $nv_wsi)"; fi
}

export DISABLE_MVGAL=1
run "layer off" nvidia
unset DISABLE_MVGAL
run "list" list
expect "list: three GPUs" 1 "$(grep -c 'MVGAL_GPU=list: 3 GPU(s)' "$T/err")"
grep 'vendor=0x' "$T/err"
expect "list: NVIDIA listed with its PCI address and UUID" 1 \
	"$(grep -c 'vendor=0x10de nvidia name="[^"]*" pci=[0-9a-f]*:[0-9a-f]*:[0-9a-f]*\.[0-9a-f] uuid=[0-9a-f-]*$' "$T/err")"
nvpci=$(sed -n 's/.*vendor=0x10de nvidia name="[^"]*" pci=\([0-9a-f:.]*\) .*/\1/p' "$T/err" | head -n 1)
nvuuid=$(sed -n 's/.*vendor=0x10de nvidia name="[^"]*" pci=[^ ]* uuid=\([0-9a-f-]*\).*/\1/p' "$T/err" | head -n 1)
echo "nvidia pci=$nvpci uuid=$nvuuid"
run "NVIDIA first" nvidia,amd,intel
expect "NVIDIA first, then AMD, Intel" "10de 1002 8086" "$(devices)"
grep -q '^created: NVIDIA' "$T/out" && ok "device created on the NVIDIA GPU" || not_ok "device on NVIDIA" "$(grep created "$T/out")"
groups_follow "NVIDIA first"
run "NVIDIA hidden" '!nvidia'
expect "NVIDIA hidden: AMD, Intel" "1002 8086" "$(devices)"
expect "NVIDIA hidden: groups" "2" "$(grep -c '^group' "$T/out")"
groups_follow "NVIDIA hidden"
run "reordered" intel,nvidia,amd
expect "reordered: Intel, NVIDIA, AMD" "8086 10de 1002" "$(devices)"
groups_follow "reordered"
grep -q '^incomplete: devices=VK_INCOMPLETE/2 groups=VK_INCOMPLETE/2$' "$T/out" &&
	ok "reordered: VK_INCOMPLETE with one slot too few" || not_ok "VK_INCOMPLETE" "$(grep incomplete "$T/out")"
run "by PCI address" "pci:$nvpci"
expect "pci:$nvpci selects NVIDIA alone" "10de" "$(devices)"
run "by UUID" "$nvuuid,amd"
expect "UUID then amd" "10de 1002" "$(devices)"
run "no match" "radeon vii"
expect "no match: everything" 3 "$(grep -c '^device' "$T/out")"

# ---- presents: headless swapchains ----
export DISABLE_MVGAL=1
run "control: 10 presents on NVIDIA without our layer" - --present 10
unset DISABLE_MVGAL
if [ "$rc" -eq 0 ] && grep -q '^presented: 10$' "$T/out"; then
	nv_wsi=ok
else
	nv_wsi="fails without the layer too (rc=$rc, last line: $(tail -n 1 "$T/out"))"
fi
echo "NVIDIA headless WSI: $nv_wsi"
run "300 presents on the test ICD's AMD, NVIDIA loaded beside it" amd --present 300 --mode immediate
expect "300 presents on AMD (test ICD) with NVIDIA in the instance" "presented: 300" \
	"$(grep '^presented' "$T/out")"
run "300 presents on NVIDIA" nvidia,amd,intel --present 300 --mode immediate
on_nvidia "300 headless presents on NVIDIA" "presented: 300" "$(grep '^presented' "$T/out")"

echo "== 2 threads on 2 NVIDIA queues, pacer at 1000 fps, telemetry, 2 x 1000 presents"
MVGAL_GPU=nvidia MVGAL_TELEMETRY="$OUT/nvidia2.csv" MVGAL_FPS=1000 timeout 120 "$P" --present 1000 \
	--threads 2 --queues --mode immediate >"$T/out" 2>"$T/err"
echo "rc=$?"; grep -E '^(created|presented)' "$T/out"; grep -E 'mvgal layer|crashed|\[0x' "$T/err" | head -30
on_nvidia "2 threads, 2 queues: presents" "presented: 2000" "$(grep '^presented' "$T/out")"
on_nvidia "2 threads, 2 queues: telemetry rows" 2000 "$(grep -c '^[0-9]' "$OUT/nvidia2.csv" 2>/dev/null)"
grep -E '^(frames|mean_ms|p99_ms)=' "$OUT/nvidia2.csv.summary" 2>/dev/null

echo "== telemetry + self time on NVIDIA, 2000 immediate presents"
MVGAL_GPU=nvidia MVGAL_TELEMETRY="$OUT/nvidia.csv" MVGAL_SELFTIME=1 \
	MVGAL_PRESENT_MODE=mailbox timeout 120 "$P" --present 2000 --mode immediate >"$T/out" 2>"$T/err"
echo "rc=$?"; cat "$T/out"; grep -E 'mvgal|crashed|\[0x' "$T/err" | head -30
on_nvidia "telemetry rows == presents" 2000 "$(grep -c '^[0-9]' "$OUT/nvidia.csv" 2>/dev/null)"
cat "$OUT/nvidia.csv.summary" 2>/dev/null
head -n 3 "$OUT/nvidia.csv" 2>/dev/null
echo "failed=$failed"
rm -rf "$T"
exit $failed
