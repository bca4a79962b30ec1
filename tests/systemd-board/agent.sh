#!/bin/bash
# The systemd board's command channel (board-agent.service, test only): the
# host writes /board/cmd/N.sh into the shared directory, the agent runs it
# as root and leaves N.out (stdout and stderr) and N.rc (exit status).  It
# also appends this boot's id to /board/boots, so the host counts reboots.
cmd=/board/cmd
mkdir -p $cmd
cat /proc/sys/kernel/random/boot_id >>/board/boots
while :; do
	for f in "$cmd"/*.sh; do
		[ -e "$f" ] || continue
		n=${f%.sh}
		[ -e "$n.rc" ] && continue
		bash "$f" >"$n.out" 2>&1
		echo $? >"$n.rc.tmp"
		mv "$n.rc.tmp" "$n.rc"
	done
	sleep 0.2
done
