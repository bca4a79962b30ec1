#!/bin/bash
# Board suite: the udev rules with systemd-udevd running.  Loading the
# module makes /dev/ipcam/<device>/{video,ptz} with group video and mode
# 0660 and asks systemd for ipcamd@<device>.service; unloading removes them.
. tests/lib/board-env.sh

cp udev/70-ipcam.rules /etc/udev/rules.d/
rm -f /run/udev/control
/lib/systemd/systemd-udevd --daemon
udevadm control --reload

# "udevadm settle" can return before udevd has read a uevent that the
# kernel already sent (it only sees udevd's queue), which happened once on
# the slow debug kernel: wait for the links themselves, with a deadline.
wait_links() {
	local want=$1 i
	udevadm settle -t 30
	for i in $(seq 60); do
		if [ "$want" = present ]; then
			[ -e "$v" ] && [ -e "$p" ] && return 0
		else
			! [ -e "$v" ] && ! [ -e "$p" ] && return 0
		fi
		sleep 0.5
	done
	echo "# after 30 s: $(ls -l /dev/ipcam/*/ 2>&1 | tr '\n' ' ')"
	return 1
}

v=/dev/ipcam/ipcam.0/video p=/dev/ipcam/ipcam.0/ptz
check "ipcam loads" load_ipcam
wait_links present
check_eq "$v links to the video node" "$(ipcam_video_node 0)" "$(readlink -f $v)"
check_eq "$p links to /dev/ptz0" /dev/ptz0 "$(readlink -f $p)"
check_eq "video node: group video, mode 0660" "video 660" "$(stat -L -c '%G %a' $v)"
check_eq "ptz node: group video, mode 0660" "video 660" "$(stat -L -c '%G %a' $p)"
# Debian's own rules (50-udev-default.rules) give ALSA nodes to audio,
# the group the unit adds for the microphone.
card=$(readlink /proc/asound/ipcam0)	# "card0"
pcm=/dev/snd/pcmC${card#card}D0c
udevadm settle -t 30
check_eq "the microphone's PCM node $pcm: group audio" audio "$(stat -c %G "$pcm" 2>&1)"
ls -l /dev/snd/ | sed 's/^/    /'
check "udev asks systemd for ipcamd@ipcam.0.service" \
	bash -c "udevadm info -q property $v | grep -qx 'SYSTEMD_WANTS=ipcamd@ipcam.0.service'"
check "the video node is tagged for systemd" \
	bash -c "udevadm info -q property $v | grep -q '^TAGS=.*:systemd:'"
sysvid=/sys/class/video4linux/$(basename "$(ipcam_video_node 0)")
udevadm test "$sysvid" >/tmp/udevtest.log 2>&1
check "udevadm test: the rule file is read" grep -q "70-ipcam.rules" /tmp/udevtest.log
check "udevadm test: the symlink" grep -q "ipcam/ipcam.0/video" /tmp/udevtest.log
check "udevadm test: the service" grep -q "SYSTEMD_WANTS=ipcamd@ipcam.0.service" /tmp/udevtest.log
check "rmmod ipcam" rmmod ipcam
wait_links absent
check "symlinks removed with the device" bash -c "! test -e $v && ! test -e $p"
udevadm control --exit
finish
