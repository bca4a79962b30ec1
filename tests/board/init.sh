#!/bin/busybox sh
# /init of the board's initramfs: reach the host root over 9p, put a tmpfs
# overlay on it, and hand over to tests/board/guest.sh inside it.
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
mount -t tmpfs -o size=1G rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot ||
	{ echo "init: cannot mount the overlay"; poweroff -f; }

for d in proc sys dev; do
	mount --move /$d /newroot/$d
done
mkdir -p /newroot/run/board
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 boardout /newroot/run/board ||
	{ echo "init: cannot mount the output share"; poweroff -f; }

chroot /newroot /bin/bash "$(cat /newroot/run/board/top)/tests/board/guest.sh"
sync
poweroff -f
