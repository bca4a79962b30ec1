#!/bin/bash
# Guest side of `make run`: bring up the network QEMU forwards to, load the
# camera module and run ipcamd on port 80 in the foreground, through
# ipcamd-boot as an installed camera does (signed upgrades; the public keys
# in the host's build/upgrade-keys/ are trusted).
out=/run/board
cd "$(cat $out/top)" || exit 1
. tests/lib/board-env.sh

dev=$(ls /sys/class/net | grep -v '^lo$' | head -n 1)
ip link set "$dev" up
ip addr add 10.0.2.15/24 dev "$dev"
ip route add default via 10.0.2.2

# A car drives past every minute: the alarm path shows without a trigger.
load_ipcam activity_period=60 || { echo "serve: cannot load ipcam" >$out/ready; exit 1; }
mkdir -p /var/lib/ipcamd
# The web UI where make install puts it (WWWDIR), ipcamd's default web
# root; the board's root is a tmpfs overlay, nothing reaches the host.
# Copied, not "make install-www": in testing, make run inside the board
# stalled the host's make run (cause not found).
www=/usr/local/share/ipcamd/www
mkdir -p "$www" && cp -R daemon/www/. "$www/" || echo "serve: cannot install the web UI" >&2

mkdir -p /etc/ipcamd/upgrade-keys
cp build/upgrade-keys/*.pub /etc/ipcamd/upgrade-keys/ 2>/dev/null

pass=${IPCAM_ADMIN_PASSWORD:-}
boot=(build/daemon/ipcamd-boot -d /var/lib/ipcamd/firmware -F build/daemon/ipcamd --
	-f -p 80 -s /var/lib/ipcamd -c tests/board/ipcamd-board.conf)
if [ -z "$pass" ]; then
	# No password given: ipcamd makes a per-device one on first start and
	# writes it to a root-only file; show it to the operator once.
	"${boot[@]}" &
else
	IPCAM_ADMIN_PASSWORD=$pass "${boot[@]}" &
fi
dpid=$!
for _ in $(seq 1 100); do
	curl -s -o /dev/null http://127.0.0.1/get_status.cgi && break
	sleep 0.2
done
[ -n "$pass" ] || pass=$(cat /var/lib/ipcamd/factory-password 2>/dev/null || echo "(see the daemon log)")
cat >$out/ready <<MSG
board: the camera is up
  URL:      http://127.0.0.1:$(cat $out/port)/
  user:     admin
  password: $pass
  video:    $(ipcam_video_node 0)   (inside the board)
Ctrl-C stops the board.
MSG
wait $dpid
