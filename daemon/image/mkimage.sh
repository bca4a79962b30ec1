#!/bin/sh
# Build a signed ipcam upgrade image from a staged root directory:
#
#   mkimage.sh --kind firmware|webui --version V --key SECRET_KEY \
#              --root DIR --out FILE [--ptz-api N] [--v4l2-caps 0xHEX]
#
# The image is the minisign signature of the payload followed by the
# payload: a gzip'd ustar archive whose first member, MANIFEST, lists the
# kind, the version, what a firmware needs of the camera module, and every
# file with its mode and SHA-256 (daemon/src/image_manifest.h).  The key is
# a minisign secret key without a password (minisign -G -W); the camera
# trusts the public keys in its upgrade_keys directory.
#
# To check an image by hand:
#   head -n 4 FILE >sig; tail -n +5 FILE >payload; minisign -V -p KEY.pub -m payload -x sig
set -eu

die() { echo "mkimage: $*" >&2; exit 2; }

kind= version= key= root= out= ptz_api=0 caps=
while [ $# -gt 0 ]; do
	case "$1" in
	--kind) kind=$2 ;;
	--version) version=$2 ;;
	--key) key=$2 ;;
	--root) root=$2 ;;
	--out) out=$2 ;;
	--ptz-api) ptz_api=$2 ;;
	--v4l2-caps) caps=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
case "$kind" in firmware|webui) ;; *) die "--kind firmware or webui" ;; esac
echo "$version" | grep -Eq '^[0-9]{1,9}(\.[0-9]{1,9}){0,3}$' || die "bad --version '$version'"
[ -f "$key" ] || die "no secret key '$key'"
[ -d "$root" ] || die "no root directory '$root'"
[ -n "$out" ] || die "no --out"
command -v minisign >/dev/null || die "minisign is not installed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(cd "$root" && pwd)
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

(cd "$root" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$work/files"
[ -s "$work/files" ] || die "nothing to pack in $root"
if grep -qvE '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' "$work/files"; then
	die "a path the camera refuses: $(grep -vE '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$' "$work/files" | head -n 1)"
fi
grep -qx MANIFEST "$work/files" && die "the root holds a MANIFEST of its own"

{
	echo "ipcam-image 1"
	echo "kind $kind"
	echo "version $version"
	if [ "$kind" = firmware ]; then
		echo "ptz-api $ptz_api"
		[ -z "$caps" ] || echo "v4l2-caps $caps"
	fi
	while IFS= read -r f; do
		mode=0644
		[ -x "$root/$f" ] && mode=0755
		sum=$(sha256sum "$root/$f" | cut -d' ' -f1)
		echo "file $mode $sum $f"
	done <"$work/files"
} >"$work/MANIFEST"

# MANIFEST first, then the files; owners and times that say nothing of the
# build machine
cp "$work/MANIFEST" "$work/stage-MANIFEST"
tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --no-recursion \
	-C "$work" --transform 's|^stage-MANIFEST$|MANIFEST|' -cf "$work/payload.tar" stage-MANIFEST
tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --no-recursion \
	-C "$root" -rf "$work/payload.tar" -T "$work/files"
gzip -9n <"$work/payload.tar" >"$work/payload"
minisign -S -s "$key" -m "$work/payload" -x "$work/payload.minisig" \
	-t "ipcam $kind image $version" >/dev/null </dev/null
cat "$work/payload.minisig" "$work/payload" >"$out_abs"
echo "mkimage: $out ($kind $version, $(wc -l <"$work/files") files, $(wc -c <"$out_abs") bytes)"
