#!/bin/bash
# Host suite: make install DESTDIR=... installs the expected files, and a
# program built only with pkg-config against that tree links and runs.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"
cd "$top"

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
check "make install DESTDIR PREFIX=/usr" make -s install DESTDIR="$dest" PREFIX=/usr
kver=$(tests/board/kver.sh)
for f in usr/sbin/ipcamd usr/sbin/ipcamd-boot etc/ipcamd/upgrade-keys usr/lib/libipcam.so.1 usr/lib/libipcam.so usr/include/ipcam.h \
	usr/include/linux/ipcam-ptz.h usr/lib/pkgconfig/libipcam.pc etc/ipcamd.conf \
	"lib/modules/$kver/extra/ipcam.ko" lib/udev/rules.d/70-ipcam.rules \
	lib/systemd/system/ipcamd@.service lib/systemd/system/ipcamd-apply@.service \
	lib/systemd/system/ipcamd-apply.socket lib/systemd/system/ipcamd-pppoe.service \
	usr/lib/sysusers.d/ipcam.conf usr/sbin/ipcamd-apply usr/share/doc/ipcam/README.md \
	usr/share/doc/ipcam/ABI/sysfs-class-misc-ipcam-ptz usr/share/ipcamd/www/index.htm \
	usr/share/ipcamd/www/settings.htm usr/share/ipcamd/www/style.css \
	usr/share/ipcamd/www/js/cgi.js usr/share/ipcamd/www/js/live.js; do
	check "installed $f" test -e "$dest/$f"
done
check "the configuration serves the installed web UI" \
	grep -qx "web_root = /usr/share/ipcamd/www" "$dest/etc/ipcamd.conf"
check "the daemon was built with the installed web UI as its default" \
	grep -aqF "/usr/share/ipcamd/www" "$dest/usr/sbin/ipcamd"
check "no test-only module installed" bash -c "! find '$dest' -name 'ipcam_warn_test*' | grep -q ."
check "the configuration trusts the installed upgrade keys" \
	grep -qx "upgrade_keys = /etc/ipcamd/upgrade-keys" "$dest/etc/ipcamd.conf"
check "the configuration applies network settings with the installed ipcamd-apply" \
	grep -qx "apply_program = /usr/sbin/ipcamd-apply" "$dest/etc/ipcamd.conf"
check "unit starts the installed daemon through ipcamd-boot" \
	grep -q "ExecStart=/usr/sbin/ipcamd-boot" "$dest/lib/systemd/system/ipcamd@.service"
find "$dest" -type f | sed "s|^$dest|    |" | sort

export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig"
flags=$(pkg-config --cflags --libs libipcam)
check "pkg-config knows libipcam ($flags)" test -n "$flags"
# shellcheck disable=SC2086
check "demo builds with pkg-config only" \
	cc -std=c11 -Wall -Werror -o "$dest/demo" tests/host/pkgconfig-demo.c $flags
out=$(LD_LIBRARY_PATH="$dest/usr/lib" "$dest/demo")
echo "$out" | sed 's/^/    /'
check "demo runs and encodes a JPEG" grep -q "jpeg: ok, .* SOI yes" <<<"$out"
if command -v systemd-analyze >/dev/null; then
	# Verified as instance ipcam.0, with the daemon at its DESTDIR path.
	sed "s|/usr/sbin/ipcamd|$dest/usr/sbin/ipcamd|g" "$dest/lib/systemd/system/ipcamd@.service" \
		>"$dest/ipcamd@ipcam.0.service"
	check "systemd-analyze verify accepts the unit" \
		systemd-analyze verify "$dest/ipcamd@ipcam.0.service"
	# The sandbox never loosens: 4.1 was the unit's exposure before the
	# per-camera instances (issue 21); it is 2.1 since.  Each unit is
	# checked under its own name (the offline check reads the file given).
	for u in ipcamd@ipcam.0.service ipcamd-apply@0.service; do
		[ -e "$dest/$u" ] || sed "s|/usr/sbin/ipcamd|$dest/usr/sbin/ipcamd|g" \
			"$dest/lib/systemd/system/${u%%@*}@.service" >"$dest/$u"
		level=$(systemd-analyze security --offline=true --no-pager "$dest/$u" 2>/dev/null |
			sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
		check "systemd-analyze security of $u: exposure $level, at most 2.5" \
			awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 2.5) }'
	done
fi
finish
