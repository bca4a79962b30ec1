#!/bin/sh
# Install every Debian package the project needs to build, test and run the
# QEMU camera board. Idempotent: does nothing when all packages are present.
# Run as root (CI and the development machines are root); otherwise via sudo.
set -eu

# Debian's stock kernel the board boots; its headers build the module.
# The versioned names come from the meta packages, so the newest 6.1 ABI is
# used whatever Debian 12 point release the machine is on.
PKGS="
build-essential pkg-config gcc-multilib
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static kmod cpio
v4l-utils libv4l-dev libudev-dev libturbojpeg0-dev libjpeg62-turbo-dev
libmicrohttpd-dev check libcurl4-openssl-dev libminiupnpc-dev
miniupnpc miniupnpd-nftables nftables
ffmpeg curl python3 python3-aiosmtpd vsftpd
udev dkms device-tree-compiler dt-schema acpica-tools
linux-source-6.1 sparse flex bison bc libelf-dev libssl-dev
cppcheck clang-tidy clang libclang-rt-14-dev
gnuplot-nox
"

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
