# SPDX-License-Identifier: MIT
# Shared helpers for integration tests (POSIX sh). Source it first:
#   . "$MVGAL_TOP/tests/integration/lib.sh"
# It makes a throw-away HOME with XDG_* inside, removed at exit, and gives:
#   ok NAME / not_ok NAME MSG       TAP-style result lines counted by scripts/run-tests.sh
#   check NAME CMD...               ok if CMD succeeds, else not ok
#   check_eq NAME EXPECTED ACTUAL   string equality
#   need_cmd CMD PACKAGE            fails the whole test (naming the Debian package) if missing
#   need_file PATH PACKAGE          same for a file
set -u
MVGAL_TOP=${MVGAL_TOP:-$(pwd)}
MVGAL_BUILD=${MVGAL_BUILD:-$MVGAL_TOP/build}
T=$(mktemp -d "${TMPDIR:-/tmp}/mvgal-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" \
	XDG_STATE_HOME="$HOME/.local/state" XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
unset MVGAL_GPU MVGAL_FPS MVGAL_PACER MVGAL_TELEMETRY MVGAL_LOG ENABLE_MVGAL DISABLE_MVGAL \
	MVGAL_PRESENT_MODE MVGAL_IMAGES STEAM_COMPAT_APP_ID SteamAppId SteamGameId \
	STEAM_COMPAT_DATA_PATH STEAM_EXTRA_COMPAT_TOOLS_PATHS 2>/dev/null || true
# no session bus of the machine's: a failed launch under Steam would notify the real desktop
unset DBUS_SESSION_BUS_ADDRESS 2>/dev/null || true
export XDG_RUNTIME_DIR="$T/xdg-run"
mkdir -m 700 "$XDG_RUNTIME_DIR"

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1${2:+: $2}"; MVGAL_FAILED=1; }
MVGAL_FAILED=0

check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}

check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected [$2], got [$3]"; fi
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 && return 0
	not_ok "requirement: $1" "'$1' not found: install the Debian package '$2' (make check runs scripts/deps.sh)"
	exit 1
}

need_file() {
	[ -e "$1" ] && return 0
	not_ok "requirement: $1" "'$1' not found: install the Debian package '$2' (make check runs scripts/deps.sh)"
	exit 1
}

# use_test_icd: the layer headless over the test ICD (tests/icd), driven by tests/tools/vkprobe:
# sets PROBE and ICD (each must be built) and points the loader at the ICD and at this build's
# layer manifest, with Mesa's device-select layer out of the way. ENABLE_MVGAL stays the test's.
use_test_icd() {
	PROBE=$MVGAL_BUILD/tests/tools/vkprobe
	ICD=$MVGAL_BUILD/tests/icd/mvgal_test_icd.json
	need_file "$PROBE" "(build it: make)"
	need_file "$ICD" "(build it: make)"
	export VK_DRIVER_FILES="$ICD" XDG_DATA_DIRS="$MVGAL_BUILD/share:/usr/share" NODEVICE_SELECT=1
}

# run32_prefix PROG: what to put before the 32-bit program PROG to run it: nothing where the kernel
# runs 32-bit programs, else qemu-i386-static (some kernels are built without IA32 emulation, as
# on some cloud VMs: execve then fails with ENOEXEC). qemu-user passes the environment, LD_PRELOAD
# with its $PLATFORM included, to the guest's own ld.so and is static itself, so the preload
# reaches the 32-bit program as it would natively. One line says which.
run32_prefix() {
	if "$1" --help >/dev/null 2>&1 || [ $? -ne 126 ]; then return 0; fi
	need_cmd qemu-i386-static qemu-user-static >&2
	echo "# this kernel does not run 32-bit programs: they run through qemu-i386-static" >&2
	echo qemu-i386-static
}

# wait_for_socket PATH PID TENTHS: waits until the server PID has made its socket PATH, for at most
# TENTHS tenths of a second, or until PID has died; true when the socket is there.
wait_for_socket() {
	_w=0
	while [ ! -S "$1" ] && [ $_w -lt "$3" ] && kill -0 "$2" 2>/dev/null; do
		sleep 0.1
		_w=$((_w + 1))
	done
	[ -S "$1" ]
}

# Starts Xvfb on a free display unless DISPLAY works already; stopped at exit.
start_xvfb() {
	need_cmd Xvfb xvfb
	n=90
	while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
	Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
	MVGAL_XVFB_PID=$!
	trap 'kill $MVGAL_XVFB_PID 2>/dev/null; rm -rf "$T"' EXIT
	export DISPLAY=":$n"
	wait_for_socket "/tmp/.X11-unix/X$n" "$MVGAL_XVFB_PID" 50 || true # the caller's first X client says why
}

# start_db_server DIR: tests/integration/db_server.py serving DIR on 127.0.0.1, stopped at exit;
# sets SERVER (its pid) and URL (http://127.0.0.1:PORT).
start_db_server() {
	need_cmd python3 python3
	rm -f "$T/port" # a second server must not read the first one's port
	python3 "$MVGAL_TOP/tests/integration/db_server.py" "$1" "$T/port" 2>"$T/server.log" &
	SERVER=$!
	trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	URL="http://127.0.0.1:$(cat "$T/port")"
}

# db_test_key: a throw-away Ed25519 key pair for this run ($T/db-key.pem, $T/db-key.pub.pem),
# its raw public key exported as MVGAL_DB_TEST_PUBKEY for the test build of the program
# ($MVGAL_BUILD/mvgal-launch-test; the shipped program ignores it). Sets DB_TEST_LAUNCH.
# db_sign DB...: signs each DB with it through scripts/sign-db.sh (writes DB.sig).
db_test_key() {
	need_cmd openssl openssl
	DB_TEST_LAUNCH=$MVGAL_BUILD/mvgal-launch-test
	need_file "$DB_TEST_LAUNCH" "(build it: make check builds it)"
	openssl genpkey -algorithm ed25519 -out "$T/db-key.pem" 2>/dev/null
	openssl pkey -in "$T/db-key.pem" -pubout -out "$T/db-key.pub.pem"
	MVGAL_DB_TEST_PUBKEY=$(openssl pkey -pubin -in "$T/db-key.pub.pem" -outform DER |
		tail -c 32 | od -An -tx1 -v | tr -d ' \n')
	export MVGAL_DB_TEST_PUBKEY
}
db_sign() {
	sh "$MVGAL_TOP/scripts/sign-db.sh" --key "$T/db-key.pem" --pub "$T/db-key.pub.pem" "$@" >/dev/null
}

LVP_ICD=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json

# own_preload: what the launcher appends to LD_PRELOAD for a game (its OpenGL library),
# "<unset>" when the library is not built.
own_preload() {
	if [ -e "$MVGAL_BUILD/lib/mvgal/gl/x86_64/libmvgal_gl.so" ]; then
		echo "$MVGAL_BUILD/lib/mvgal/gl/\$PLATFORM/libmvgal_gl.so"
	elif [ -e "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so" ]; then
		echo "$MVGAL_BUILD/lib/mvgal/libmvgal_gl.so"
	else
		echo "<unset>"
	fi
}

# need_built NAME FILE...: each FILE is a build output; when one is missing, NAME says so (run
# make) and the script exits 1.
need_built() {
	name=$1
	shift
	for f in "$@"; do
		[ -e "$f" ] && continue
		echo "$name: $f is missing: run make" >&2
		exit 1
	done
}

# no_validation_messages NAME FILE...: ok when none of FILE holds a message of the Khronos
# validation layer (an error line, a VUID or an UNASSIGNED- id), else not ok with the first ones.
VALIDATION_RE='validation error|VUID|UNASSIGNED-'
no_validation_messages() {
	name=$1
	shift
	if cat "$@" | grep -q -i -E "$VALIDATION_RE"; then
		not_ok "$name" "$(cat "$@" | grep -i -m 3 -E "$VALIDATION_RE" | cut -c1-400)"
	else
		ok "$name"
	fi
}

# rss_window PID CSV FROM TO [SERIES]: while PID (`timeout`, whose child is the program) runs,
# samples the program's RSS (smaps_rollup, which walks the page tables) every 20 ms; RSS_BASE is
# the first sample once its telemetry CSV holds FROM rows, RSS_END the largest while it holds at
# most TO. SERIES, when given, gets one "rows kB" line per sample in that window.
# Waits for PID and returns its exit status.
rss_window() {
	RSS_BASE= RSS_END=0
	_child=
	[ -z "${5:-}" ] || : >"$5"
	while kill -0 "$1" 2>/dev/null; do
		[ -n "$_child" ] || _child=$(cat /proc/$1/task/$1/children 2>/dev/null | tr -d ' ')
		_n=$(grep -c '^[0-9]' "$2" 2>/dev/null)
		_r=$(sed -n 's/^Rss: *\([0-9]*\) kB/\1/p' "/proc/${_child:-none}/smaps_rollup" 2>/dev/null)
		if [ -n "$_r" ] && [ "${_n:-0}" -ge "$3" ] && [ "$_n" -le "$4" ]; then
			[ -n "$RSS_BASE" ] || RSS_BASE=$_r
			[ "$_r" -gt "$RSS_END" ] && RSS_END=$_r
			[ -z "${5:-}" ] || echo "$_n $_r" >>"$5"
		fi
		sleep 0.02
	done
	wait "$1"
}

# finish: the exit status scripts/run-tests.sh reads along with the ok/not ok lines.
# The shape STYLE.md asks for (issue 25): files at most 600 lines, functions at most 60,
# counted from the first line of the signature to the closing brace, as clang-format lays them
# out here (a definition's "{" and "}" alone in column 0). Each prints "file:lines" or
# "file:line(N lines)" for what is over, space-separated; nothing when all fit.
shape_long_files() {
	wc -l "$@" | awk '$2 != "total" && $1 > 600 {print $2 ":" $1}' | paste -sd ' ' -
}
shape_long_functions() {
	awk -v MAX=60 '
FNR == 1 { sig = 0; inbody = 0 }
/^[A-Za-z_]/ && !/;[ \t]*$/ && !inbody && !sig { sig = FNR }
/^\{/ && sig && !inbody { inbody = 1 }
/^\}/ && inbody { n = FNR - sig + 1; if (n > MAX) printf "%s:%d(%d lines)\n", FILENAME, sig, n;
	inbody = 0; sig = 0; next }
/^$/ && !inbody { sig = 0 }
/;[ \t]*$/ && !inbody { sig = 0 }' "$@" | paste -sd ' ' -
}

finish() { exit "$MVGAL_FAILED"; }
