#!/bin/sh
# Stage a firmware image's root from the built tree:
#
#   stage-firmware.sh BUILD_DIR ROOT
#
# ROOT/sbin/ipcamd (its rpath, $ORIGIN/../lib, finds ROOT/lib),
# ROOT/lib/libipcam.so.1, the web UI in ROOT/share/ipcamd/www and the
# default configuration in ROOT/etc/ipcamd.conf (used when the system has
# no /etc/ipcamd.conf).  make image and the upgrade tests both use it.
set -eu
build=$1 root=$2
here=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$root"
install -D -m 0755 "$build/daemon/ipcamd" "$root/sbin/ipcamd"
install -D -m 0644 "$build/lib/libipcam.so.1" "$root/lib/libipcam.so.1"
make -s -f "$here/Makefile" install-www DESTDIR="$root" WWWDIR=/share/ipcamd/www
install -d "$root/etc"
sed -e "s|^web_root = @WWWDIR@|# web_root: the slot's share/ipcamd/www|" \
	-e "s|^upgrade_keys = @KEYSDIR@|# upgrade_keys: the system's (KEYSDIR of its make install)|" \
	-e "s|^apply_program = @SBINDIR@.*|# apply_program: the system's (SBINDIR of its make install)|" \
	-e "s|^reboot_action = apply|reboot_action = restart  # no apply_program here|" "$here/ipcamd.conf" \
	>"$root/etc/ipcamd.conf"
