#!/bin/sh
# Install the Debian packages the project needs: "run" those that build the
# stack and boot the QEMU camera board (make run), "all" (the default) also
# those of the tests (make check).  Idempotent: does nothing when all the
# packages are present.
# Run as root (CI and the development machines are root); otherwise via sudo.
set -eu

# What = "run" (make run: build the stack and boot the camera board) or
# "all" (make check: also every tool the tests use).
what=${1:-all}

# Debian's stock kernel the board boots; its headers build the module.
# The versioned names come from the meta packages, so the newest 6.1 ABI is
# used whatever Debian 12 point release the machine is on.
RUN_PKGS="
build-essential pkg-config
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static kmod cpio curl iproute2
libv4l-dev libudev-dev libturbojpeg0-dev libjpeg62-turbo-dev libasound2-dev
libmicrohttpd-dev check libcurl4-openssl-dev libminiupnpc-dev
libsodium-dev libarchive-dev minisign
"
# The tests' own: the debug kernel's sources and tools, linters, dt-schema,
# the servers the notification, DDNS and UPnP suites start, the players
# (ffmpeg, VLC, MPlayer) and the browser that read the streams and the
# pages, arecord and numpy that record and measure the microphone, pppd and
# wpa_supplicant that parse ipcamd-apply's files (daemon/tests/netop-readers.sh),
# uStreamer that make bench compares ipcamd with (tests/bench/).
TEST_PKGS="
gcc-multilib v4l-utils
miniupnpc miniupnpd-nftables nftables
ffmpeg python3 python3-aiosmtpd vsftpd
alsa-utils python3-numpy vlc-bin vlc-plugin-base mplayer
chromium chromium-driver python3-selenium
udev dkms device-tree-compiler dt-schema acpica-tools
linux-source-6.1 sparse flex bison bc libelf-dev libssl-dev
cppcheck clang-tidy clang libclang-rt-14-dev
gnuplot-nox
ppp wpasupplicant
systemd dbus e2fsprogs
ustreamer
"
case "$what" in
run) PKGS=$RUN_PKGS ;;
all) PKGS="$RUN_PKGS $TEST_PKGS" ;;
*) echo "usage: setup.sh [run|all]" >&2; exit 2 ;;
esac

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
# The notification tests start vsftpd themselves, on their own ports: the
# system service the package enables is not wanted on a build machine.
case " $missing " in
*" vsftpd "*)
	if [ -d /run/systemd/system ]; then
		$SUDO systemctl disable --now vsftpd >/dev/null 2>&1 || true
	fi
	;;
esac
