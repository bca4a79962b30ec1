# Sourced by guest scripts (inside the board): load the project's module.
. "$(dirname "${BASH_SOURCE[0]}")/assert.sh"

# The module build to test: kmod/ for Debian's kernel, a build of the same
# sources against the debug kernel otherwise (tests/debug-kernel/).
IPCAM_KMOD=${IPCAM_KMOD:-kmod}
IPCAM_KO=$IPCAM_KMOD/ipcam.ko

# load_ipcam [PARAM=VALUE...]: load the media core modules ipcam needs, then
# ipcam itself.  The module makes no virtual camera unless asked (a board's
# firmware describes its own): one, devices=1, unless the caller says how many.
load_ipcam() {
	local m
	for m in $(modinfo -F depends "$IPCAM_KO" | tr , ' '); do
		modprobe "$m" || return 1
	done
	case " $* " in
	*" devices="*) insmod "$IPCAM_KO" "$@" ;;
	*) insmod "$IPCAM_KO" devices=1 "$@" ;;
	esac
}

# video node of ipcam instance N (by driver name in sysfs)
ipcam_video_node() {
	local n=${1:-0} d
	for d in /sys/class/video4linux/video*; do
		[ "$(cat "$d/name")" = "ipcam-$n" ] && { echo "/dev/$(basename "$d")"; return 0; }
	done
	return 1
}

# vivid as a second camera: capture only, webcam input.  Loaded by tests
# that compare against it or need a DMABUF exporter.
load_vivid() {
	modprobe vivid n_devs=1 node_types=0x1 input_types=0x81
}

vivid_video_node() {
	local d
	for d in /sys/class/video4linux/video*; do
		case "$(cat "$d/name")" in vivid*) echo "/dev/$(basename "$d")"; return 0 ;; esac
	done
	return 1
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, tried 20 times a
# second for SECONDS * 20 tries.  The tries are counted, not the clock: a
# try that costs most of a second (a CGI under TCG) stretches the wait, so
# a slow board fails no positive check for want of time.
wait_for() {
	local t=$1
	shift
	for _ in $(seq 1 $((t * 20))); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
