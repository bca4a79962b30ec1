#!/bin/bash
# First boot of the systemd board, run by tests/board/init.sh in a chroot of
# the board's root before systemd starts.  What an integrator does on a
# Debian board after `make install` (README, "Installing on a board"): the
# installed tree in place with its module index, the group of
# ipcamd-apply's socket, and the units enabled.  The board's root is the
# build machine's, so its own services (a database, an FTP server, timers)
# are switched off: a camera board runs the camera.
set -eu
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
top=$(cat /board/top)
stage=$top/build/systemd-board/sysroot

# Debian's /lib is a link to usr/lib: keep such links, as dpkg does.
tar -C "$stage" -cf - . | tar -C / -xf - --keep-directory-symlink --no-same-owner
# (the module index came with the tree: depmod ran on the host against the
# board's modules, tests/lib/systemd-lane.sh lane_depmod)
ldconfig
systemd-sysusers
rm -f /etc/systemd/system/multi-user.target.wants/* /etc/systemd/system/timers.target.wants/* \
	/etc/systemd/system/getty.target.wants/* /etc/systemd/system/sysinit.target.wants/*
# The build machine may be a container: the board is not (systemd would
# believe it and skip what a machine does).
rm -f /.dockerenv
# The board's /tmp is the build machine's, where the work tree may live:
# not emptied at boot (Debian's tmp.conf says "D /tmp").
echo 'd /tmp 1777 root root -' >/etc/tmpfiles.d/tmp.conf
systemctl set-default multi-user.target
systemctl enable ipcamd-apply.socket systemd-networkd.service board-agent.service
echo "install: done"
