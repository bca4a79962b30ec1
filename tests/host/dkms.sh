#!/bin/bash
# Host suite: DKMS builds the module from kmod/dkms.conf against the
# installed 6.1 headers (what a board does on a kernel update).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"

ver=$(cat "$top/kmod/VERSION")
kver=$("$top/tests/board/kver.sh")
src=$(mktemp -d)
cleanup() {
	dkms remove -m ipcam -v "$ver" --all >/dev/null 2>&1
	rm -rf "/usr/src/ipcam-$ver" "$src"
}
cleanup
trap cleanup EXIT

# The module's sources only: what a release tarball of kmod/ holds.
(cd "$top/kmod" && git ls-files -z . 2>/dev/null | xargs -0 -I{} cp --parents {} "$src/") ||
	cp -r "$top/kmod/." "$src/"
check "dkms.conf version matches kmod/VERSION" grep -q "PACKAGE_VERSION=\"$ver\"" "$src/dkms.conf"
check "dkms add" dkms add "$src"
check "dkms build against $kver" dkms build -m ipcam -v "$ver" -k "$kver"
check "dkms built ipcam.ko" test -f "/var/lib/dkms/ipcam/$ver/$kver/x86_64/module/ipcam.ko"
check "the built module is for $kver" \
	bash -c "modinfo -F vermagic /var/lib/dkms/ipcam/$ver/$kver/x86_64/module/ipcam.ko | grep -q '^$kver '"
finish
