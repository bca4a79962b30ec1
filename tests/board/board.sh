#!/bin/bash
# The QEMU camera board: Debian's stock 6.1 kernel under TCG, the host root
# file system shared read-only over 9p under a tmpfs overlay, so the guest
# sees exactly the tools and the build tree of the host.
#
#   board.sh test SCRIPT [ARGS...]   boot, run SCRIPT (a path in this tree)
#                                    inside the guest, bring back its output
#                                    and exit status; the run fails on any
#                                    kernel WARN/BUG/oops/KASAN/lockdep/UBSAN
#                                    report or an unexpected taint
#   board.sh serve PORT              boot the camera (module + daemon) with
#                                    host 127.0.0.1:PORT forwarded to port 80
#   board.sh systemd OUT DISK [QEMU ARGS...]
#                                    boot the installed camera with systemd
#                                    as init (tests/systemd-board/), the raw
#                                    ext4 image DISK as its flash, OUT shared
#                                    at /board; a reboot power-cycles it (a
#                                    new QEMU), and it returns when the
#                                    board powers off
#
# Environment: KVER (kernel release), BOARD_KERNEL (vmlinuz), BOARD_MODROOT
# (the root holding its lib/modules tree; the guest sees it as its own
# /lib/modules/KVER), IPCAM_KMOD (the module build directory, default kmod/),
# BOARD_TIMEOUT (seconds, test mode), BOARD_LOGDIR (where console and guest
# logs are kept), BOARD_APPEND (extra kernel args), BOARD_QEMU_ARGS (extra
# QEMU arguments, e.g. -acpitable), BOARD_SELFTEST (test mode: a script the
# guest runs after SCRIPT, judged apart into LOGDIR/NAME.selftest.log, for
# tests/board/selftest.sh).  tests/debug-kernel/board.sh sets the first
# ones for the debug kernel.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/kernel-checks.sh"

KVER=${KVER:-$("$here/kver.sh")}
BOARD_KERNEL=${BOARD_KERNEL:-/boot/vmlinuz-$KVER}
BOARD_MODROOT=${BOARD_MODROOT:-/}
BOARD_TIMEOUT=${BOARD_TIMEOUT:-900}
build="$top/build/board"
mkdir -p "$build"

die() { echo "board: $*" >&2; exit 2; }
[ -r "$BOARD_KERNEL" ] || die "no kernel $BOARD_KERNEL (run tests/board/setup.sh)"

# Modules the initramfs needs before it can reach the root over 9p, in
# dependency order as modprobe resolves them.
# Built-in ones (the debug kernel has them all built in) need nothing.
# The flash disk's (virtio_blk, ext4) only the systemd board uses: a kernel
# without them (the debug kernel) still boots every other mode.
boot_modules() {
	local m deps
	for m in virtio_pci 9pnet_virtio 9p overlay virtio_net virtio_blk ext4; do
		if ! deps=$(modprobe -d "$BOARD_MODROOT" -S "$KVER" --show-depends "$m" 2>/dev/null); then
			case $m in
			virtio_blk | ext4) continue ;;
			esac
			die "cannot resolve boot module $m for $KVER"
		fi
		awk '$1 == "insmod" { print $2 }' <<<"$deps"
	done | awk '!seen[$0]++'
}

# initramfs: busybox and those modules, rebuilt when any input changes.
build_initramfs() {
	local mods key img dir m
	mods=$(boot_modules) || exit 2
	key=$( (echo "$KVER"; cat "$here/init.sh"; echo "$mods"; busybox | head -n 1) |
		sha256sum | cut -c1-16)
	img="$build/initramfs-$key.cpio.gz"
	if [ ! -s "$img" ]; then
		dir=$(mktemp -d "$build/initramfs.XXXXXX")
		mkdir -p "$dir"/{bin,mods,proc,sys,dev,host,rw,newroot}
		cp "$(command -v busybox)" "$dir/bin/busybox"
		cp "$here/init.sh" "$dir/init"
		chmod 755 "$dir/init"
		touch "$dir/mods/order"
		for m in $mods; do
			cp "$m" "$dir/mods/"
			basename "$m" >>"$dir/mods/order"
		done
		(cd "$dir" && find . | cpio -o -H newc --quiet | gzip -1) >"$img.tmp"
		mv "$img.tmp" "$img"
		rm -rf "$dir"
	fi
	echo "$img"
}

qemu_base() {
	local out=$1 initrd=$2
	echo qemu-system-x86_64 -accel tcg -cpu max -m 2G -smp 2 \
		-display none -monitor none -no-reboot \
		-chardev "file,id=console,path=$out/console.log,append=on" \
		-serial chardev:console \
		-kernel "$BOARD_KERNEL" -initrd "$initrd" \
		-fsdev "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap" \
		-device "virtio-9p-pci,fsdev=root,mount_tag=hostroot" \
		-fsdev "local,id=out,path=$out,security_model=none,multidevs=remap" \
		-device "virtio-9p-pci,fsdev=out,mount_tag=boardout"
}

append="console=ttyS0 loglevel=5 panic=-1 oops=panic slub_debug=FZPU ${BOARD_APPEND:-}"

# verdict DIR NAME CONSOLE: the run whose rc, console.log, dmesg.log,
# kmemleak.log and taint DIR holds failed (status 1, the reasons on
# stderr) or not.  CONSOLE names the console log in messages.
verdict() {
	local dir=$1 name=$2 status=0 rc
	if [ ! -f "$dir/rc" ]; then
		echo "board: the guest did not finish (crash or timeout); console: $3" >&2
		tail -n 40 "$dir/console.log" >&2 || true
		status=1
	else
		rc=$(cat "$dir/rc")
		[ "$rc" = 0 ] || { echo "board: $name exited with status $rc" >&2; status=1; }
	fi
	kernel_log_clean "$dir/console.log" "$dir/dmesg.log" "$dir/kmemleak.log" || status=1
	if [ -f "$dir/taint" ] && ! taint_ok "$(cat "$dir/taint")"; then
		echo "board: kernel taint $(cat "$dir/taint") beyond out-of-tree/unsigned" >&2
		status=1
	fi
	return $status
}

cmd=${1:-}
case "$cmd" in
test)
	shift
	[ $# -ge 1 ] || die "usage: board.sh test SCRIPT [ARGS...]"
	script=$(realpath "$1")
	shift
	initrd=$(build_initramfs)
	logdir=${BOARD_LOGDIR:-$build/logs}
	mkdir -p "$logdir"
	out=$(mktemp -d "$build/run.XXXXXX")
	trap 'rm -rf "$out"' EXIT
	echo "$top" >"$out/top"
	selftest=${BOARD_SELFTEST:+$(realpath "$BOARD_SELFTEST")}
	{
		printf 'top=%q\n' "$top"
		printf 'script=%q\n' "$script"
		printf 'args=(%s)\n' "$(printf '%q ' "$@")"
		echo "mode=test"
		printf 'modroot=%q\n' "$BOARD_MODROOT"
		printf 'IPCAM_KMOD=%q\n' "${IPCAM_KMOD:-kmod}"
		printf 'selftest=%q\n' "$selftest"
	} >"$out/job"
	name=$(basename "$script" .sh)
	rm -f "$logdir/$name.selftest.log" "$logdir/$name.selftest-console.log"
	# shellcheck disable=SC2046
	timeout --foreground "$BOARD_TIMEOUT" $(qemu_base "$out" "$initrd") \
		-append "$append" ${BOARD_QEMU_ARGS:-} </dev/null || true
	# The self-test's part of the console, from its marker on, is its own.
	if grep -q "$SELFTEST_MARK" "$out/console.log" 2>/dev/null; then
		mkdir -p "$out/selftest"
		sed -n "/$SELFTEST_MARK/,\$p" "$out/console.log" >"$out/selftest/console.log"
		sed -i "/$SELFTEST_MARK/,\$d" "$out/console.log"
	fi
	for f in console.log guest.log dmesg.log kmemleak.log; do
		[ -f "$out/$f" ] && cp "$out/$f" "$logdir/$name.$f"
	done
	[ -f "$out/guest.log" ] && cat "$out/guest.log"
	status=0
	verdict "$out" "$name" "$logdir/$name.console.log" || status=1
	if [ -n "$selftest" ]; then
		[ ! -f "$out/selftest/console.log" ] ||
			cp "$out/selftest/console.log" "$logdir/$name.selftest-console.log"
		{
			if verdict "$out/selftest" "$(basename "$selftest" .sh)" \
				"$logdir/$name.selftest-console.log"; then
				echo "board: verdict 0"
			else
				echo "board: verdict 1"
			fi
			cat "$out/selftest/guest.log" 2>/dev/null || true
		} >"$logdir/$name.selftest.log" 2>&1
	fi
	exit $status
	;;
serve)
	port=${2:-8080}
	initrd=$(build_initramfs)
	out=$(mktemp -d "$build/serve.XXXXXX")
	trap 'rm -rf "$out"' EXIT
	echo "$top" >"$out/top"
	echo "$port" >"$out/port"
	{
		printf 'top=%q\n' "$top"
		printf 'script=%q\n' "$here/serve-guest.sh"
		echo "args=()"
		echo "mode=serve"
		printf 'modroot=%q\n' "$BOARD_MODROOT"
		printf 'IPCAM_KMOD=%q\n' "${IPCAM_KMOD:-kmod}"
		printf 'IPCAM_ADMIN_PASSWORD=%q\n' "${IPCAM_ADMIN_PASSWORD:-}"
	} >"$out/job"
	echo "board: booting the camera (console log: $out/console.log)"
	# The login once the guest writes it, with no deadline: under TCG on a
	# busy or fresh machine the boot can take minutes.  A shell of its own
	# polls: QEMU's parent only waits for it.
	(
		# no errexit here: a failing command in this loop (seen in a
		# minimal Debian under make) must not end the wait unnoticed
		set +e
		start=$SECONDS
		next=30
		until [ -f "$out/ready" ]; do
			if [ $((SECONDS - start)) -ge $next ]; then
				echo "board: still booting ($next s; console log: $out/console.log)"
				next=$((next + 30))
			fi
			sleep 0.5
		done
		cat "$out/ready"
	) &
	watcher=$!
	# QEMU exits cleanly on SIGINT/SIGTERM; the guest keeps nothing.
	# shellcheck disable=SC2046
	$(qemu_base "$out" "$initrd") -append "$append" \
		-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:80" \
		-device virtio-net-pci,netdev=net0 ${BOARD_QEMU_ARGS:-} </dev/null &
	qpid=$!
	trap 'kill -TERM $qpid $watcher 2>/dev/null; wait $qpid 2>/dev/null; rm -rf "$out"; echo; echo "board: stopped"; exit 0' INT TERM
	wait $qpid || true
	kill $watcher 2>/dev/null || true
	;;
systemd)
	[ $# -ge 3 ] || die "usage: board.sh systemd OUT DISK [QEMU ARGS...]"
	out=$(realpath "$2")
	disk=$3
	shift 3
	initrd=$(build_initramfs)
	echo "$top" >"$out/top"
	# A reboot ends QEMU (-no-reboot) and this loop starts it again: the
	# board's reset is a power cycle, as a watchdog or PMIC reset line
	# gives, and the console log (appended) runs across the boots.  A
	# warm reset in the same QEMU took 220 to 240 s to boot again under
	# TCG where a power cycle takes 50 to 80: the guest kernel's initcalls
	# ran with gaps of up to 46 s.  A panic (panic=-1) ends QEMU without that
	# line, and so the run.  Under TCG on a busy host a vCPU can be
	# descheduled for half a minute: the soft-lockup detector would
	# report the host, not the guest.
	qpid=
	trap '[ -z "$qpid" ] || kill -TERM "$qpid" 2>/dev/null; exit 143' TERM INT
	while :; do
		# shellcheck disable=SC2046
		$(qemu_base "$out" "$initrd") \
			-append "$append board.init=systemd systemd.show_status=error nosoftlockup" \
			-drive "file=$disk,if=virtio,format=raw" "$@" ${BOARD_QEMU_ARGS:-} </dev/null &
		qpid=$!
		wait "$qpid" || true
		qpid=
		# the kernel's last word: "reboot: Restarting system" or "Power down"
		tail -n 3 "$out/console.log" | grep -q 'reboot: Restarting system' || break
		echo "board: the board rebooted: power-cycling it"
	done
	;;
*)
	die "usage: board.sh test SCRIPT [ARGS...] | board.sh serve PORT | board.sh systemd OUT DISK"
	;;
esac
