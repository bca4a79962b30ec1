#!/bin/bash
# The test board on the debug kernel (KASAN, lockdep, kmemleak, UBSAN,
# DEBUG_OBJECTS, KUnit, gpio-sim): builds the kernel once (build.sh, cached
# outside the tree), builds this tree's module against it into
# build/debug/kmod, and runs tests/board/board.sh with that kernel, its
# module tree and that module.  Same arguments as tests/board/board.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

dk=$("$here/build.sh")
kmod="$top/build/debug/kmod"
mkdir -p "$kmod"
# The sources only: kmod/'s own build products belong to Debian's kernel.
tar -C "$top/kmod" --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order \
	--exclude=Module.symvers --exclude='*.a' -cf - . | tar -C "$kmod" -xf -
log="$top/build/debug/kmod-build.log"
if ! make -C "$dk/build" M="$kmod" W=1 modules >"$log" 2>&1; then
	echo "debug board: module build against the debug kernel failed:" >&2
	tail -n 30 "$log" >&2
	exit 2
fi

export KVER BOARD_KERNEL BOARD_MODROOT IPCAM_KMOD BOARD_LOGDIR
KVER=$(cat "$dk/build/include/config/kernel.release")
BOARD_KERNEL="$dk/build/arch/x86/boot/bzImage"
BOARD_MODROOT="$dk/modroot"
IPCAM_KMOD="$kmod"
BOARD_LOGDIR=${BOARD_LOGDIR:-$top/build/board/logs-debug}
# Under TCG with KASAN and lockdep, ACPI's _PRT method for PCI interrupt
# routing runs into ACPICA's loop timeout (30 s per device, then no IRQ):
# route PCI interrupts from the BIOS table instead.  ACPI itself stays on
# (the PRP0001 suite needs it).
BOARD_APPEND="pci=noacpi ${BOARD_APPEND:-}"
export BOARD_APPEND
# KASAN and lockdep make everything in the guest slower under TCG.
BOARD_TIMEOUT=${BOARD_TIMEOUT:-1800}
export BOARD_TIMEOUT
exec "$top/tests/board/board.sh" "$@"
