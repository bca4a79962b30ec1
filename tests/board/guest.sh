#!/bin/bash
# Runs inside the board (chroot into the overlaid host root): prepares the
# system, runs the job's script and leaves its output, exit status, the
# kernel log and the taint value in /run/board for the host.
out=/run/board
. $out/job
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb

# /tmp stays the overlay's (writable, in the tmpfs upper layer): a tmpfs
# here would hide a work tree that lives under the host's /tmp.
mount -t tmpfs run-user /run/user 2>/dev/null || true
mount -t debugfs debugfs /sys/kernel/debug
mount -t devpts devpts /dev/pts 2>/dev/null || { mkdir -p /dev/pts && mount -t devpts devpts /dev/pts; }
# devtmpfs has no /dev/fd: bash process substitution needs it.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# A kernel whose modules are not the host's (the debug kernel): its tree.
if [ "${modroot:-/}" != / ] && [ ! -e "/lib/modules/$(uname -r)" ]; then
	ln -s "$modroot/lib/modules/$(uname -r)" "/lib/modules/$(uname -r)"
fi
export IPCAM_KMOD
ip link set lo up
hostname ipcam-board

if [ "$mode" = serve ]; then
	export IPCAM_ADMIN_PASSWORD
	exec bash "$script" "${args[@]}" >$out/guest.log 2>&1
fi

# kmemleak (debug kernel): what boot left unreferenced is not the suite's.
leaks=/sys/kernel/debug/kmemleak
if [ -w $leaks ]; then
	echo scan >$leaks
	echo clear >$leaks
fi

cat /proc/sys/kernel/tainted >$out/taint.before
cd "$top"
bash "$script" "${args[@]}" >$out/guest.log 2>&1
echo $? >$out/rc.tmp
if [ -w $leaks ]; then
	# Objects younger than kmemleak's minimum age (5 s) are not reported
	# yet; two scans, as its documentation advises against transients.
	sleep 6
	echo scan >$leaks
	echo scan >$leaks
	cat $leaks >$out/kmemleak.log
fi
dmesg >$out/dmesg.log
cat /proc/sys/kernel/tainted >$out/taint
mv $out/rc.tmp $out/rc

# The harness self-test (BOARD_SELFTEST), once the run's own logs and
# taint are taken: a script whose kernel report and taint the host's
# verdict must find in what follows the marker.  It shares the boot: on
# the debug kernel a boot of its own cost 90 s.
if [ -n "${selftest:-}" ]; then
	. "$top/tests/board/kernel-checks.sh"
	mkdir -p $out/selftest
	echo "<4>$SELFTEST_MARK" >/dev/kmsg
	bash "$selftest" >$out/selftest/guest.log 2>&1
	echo $? >$out/selftest/rc
	dmesg | sed -n "/$SELFTEST_MARK/,\$p" >$out/selftest/dmesg.log
	cat /proc/sys/kernel/tainted >$out/selftest/taint
fi
