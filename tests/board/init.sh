#!/bin/busybox sh
# /init of the board's initramfs: reach the host root over 9p, put an
# overlay on it, and hand over to tests/board/guest.sh inside it; or, with
# board.init=systemd on the command line (tests/systemd-board/), keep the
# overlay's changes on the disk /dev/vda, install the camera into it on the
# first boot, and start systemd as a board's init.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

while read -r m; do
	insmod "/mods/$m" || echo "init: insmod $m failed"
done </mods/order

mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /host ||
	{ echo "init: cannot mount the host root"; poweroff -f; }
init=script
grep -q 'board.init=systemd' /proc/cmdline && init=systemd
if [ $init = systemd ]; then
	# the board's flash: what the board writes survives a reboot
	mount -t ext4 /dev/vda /rw || { echo "init: cannot mount /dev/vda"; poweroff -f; }
else
	mount -t tmpfs -o size=1G rw /rw
fi
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot ||
	{ echo "init: cannot mount the overlay"; poweroff -f; }

for d in proc sys dev; do
	mount --move /$d /newroot/$d
done
if [ $init = systemd ]; then
	# outside /run, which systemd mounts afresh
	mkdir -p /newroot/board
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 boardout /newroot/board ||
		{ echo "init: cannot mount the output share"; poweroff -f; }
	top=$(cat /newroot/board/top)
	if [ ! -e /rw/installed ]; then
		chroot /newroot /bin/bash "$top/tests/systemd-board/install.sh" &&
			touch /rw/installed || { echo "init: install failed"; poweroff -f; }
	fi
	echo "init: starting systemd at $(cut -d' ' -f1 /newroot/proc/uptime) s"
	exec switch_root /newroot /lib/systemd/systemd
fi
mkdir -p /newroot/run/board
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 boardout /newroot/run/board ||
	{ echo "init: cannot mount the output share"; poweroff -f; }

chroot /newroot /bin/bash "$(cat /newroot/run/board/top)/tests/board/guest.sh"
sync
poweroff -f
