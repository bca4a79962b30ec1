#!/bin/bash
# Build the debug kernel of the test board from Debian's linux-source-6.1:
# allnoconfig + debug.config.  The build lives outside the repository, in a
# directory keyed by the source package version and this fragment, so only
# the first run pays for it (about 11 minutes on 2 cores) and a changed
# fragment gets a build of its own.  Prints the build directory.
#
# Environment: IPCAM_CACHE (default ~/.cache/ipcam), JOBS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || { echo "debug-kernel: no $tarball (run tests/board/setup.sh)" >&2; exit 2; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$here/debug.config" "$here/build.sh") | sha256sum | cut -c1-12)
cache=${IPCAM_CACHE:-$HOME/.cache/ipcam}
out="$cache/debug-kernel-$key"
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log="$cache/debug-kernel-$key.log"
mkdir -p "$cache"
rm -rf "$out"
mkdir -p "$out"
{
	echo "debug-kernel: building $srcver into $out"
	tar -C "$out" -xf "$tarball"
	src="$out/linux-source-6.1"
	obj="$out/build"
	mkdir -p "$obj"
	make -C "$src" O="$obj" -s allnoconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/debug.config" >/dev/null
	make -C "$src" O="$obj" -s olddefconfig
	# Every requested value must be in the result: a checker that a
	# missing dependency dropped would make the whole lane meaningless.
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$obj/.config" || { echo "debug-kernel: not applied: $line"; bad=1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }; opt=${opt%% *}
			! grep -q "^$opt=" "$obj/.config" || { echo "debug-kernel: not applied: $line"; bad=1; } ;;
		esac
	done <"$here/debug.config"
	[ $bad -eq 0 ] || exit 1
	make -C "$src" O="$obj" -s -j"${JOBS:-$(nproc)}" bzImage modules
	make -C "$src" O="$obj" -s INSTALL_MOD_PATH="$out/modroot" modules_install
	touch "$out/.done"
} >"$log" 2>&1 || { echo "debug-kernel: build failed, see $log" >&2; tail -n 30 "$log" >&2; exit 1; }
echo "$out"
