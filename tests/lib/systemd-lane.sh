# Sourced by tests/systemd-board/lane.sh: the systemd board's life cycle
# (staging tree, flash image, QEMU with forwarded ports) and its command
# channel (the agent of tests/systemd-board/agent.sh, through the shared
# directory that the board mounts at /board).
. "$top/tests/board/kernel-checks.sh"

# A free TCP port on the host's loopback.
lane_free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# lane_prepare WORK: `make install` into WORK/sysroot as a board's
# integrator would, plus the board's own configuration (test only): its
# NICs named by MAC, the first on DHCP, ipcamd-apply on the second, the second camera's port,
# and the test agent.
lane_prepare() {
	local work=$1 stage=$1/sysroot
	rm -rf "$work"
	mkdir -p "$stage" "$work/share"
	# a key made on the spot: the board trusts it, and a firmware image
	# of this tree signed with it goes in through the installed unit
	minisign -G -W -f -p "$work/lane.pub" -s "$work/lane.key" >/dev/null </dev/null || return 1
	make -s install DESTDIR="$stage" PREFIX=/usr UPGRADE_KEY="$work/lane.pub" \
		>"$work/install.log" 2>&1 &&
		make -s image KEY="$work/lane.key" IMAGE_VERSION=0.2.0.0 >>"$work/install.log" 2>&1 || {
		cat "$work/install.log"
		return 1
	}
	cp build/image/ipcam-firmware-0.2.0.0.img "$work/firmware.img"
	lane_depmod "$stage" || return 1
	install -D -m 0644 -t "$stage/etc/systemd/network" tests/systemd-board/10-board.network \
		tests/systemd-board/10-board-net0.link tests/systemd-board/10-board-net1.link
	mkdir -p "$stage/etc/systemd/system/ipcamd-apply@.service.d"
	printf '[Service]\nEnvironment=IPCAM_APPLY_INTERFACE=net1\n' \
		>"$stage/etc/systemd/system/ipcamd-apply@.service.d/board.conf"
	printf '# the second camera head of the board\nport = 81\n' >"$stage/etc/ipcamd/PRP0001:01.conf"
	sed "s|@TOP@|$top|" tests/systemd-board/board-agent.service.in \
		>"$stage/etc/systemd/system/board-agent.service"
	# inode tables and journal written now, on the host, not by the
	# board's ext4lazyinit thread under TCG while it boots
	truncate -s 512M "$work/flash.img"
	mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$work/flash.img"
}

# lane_depmod STAGE: the board's module index with the installed ipcam.ko,
# made here by depmod against the kernel's tree plus STAGE's modules: in the
# board under TCG, depmod -a reads its 4000 modules over 9p for a minute.
lane_depmod() {
	local kver mods tree m
	kver=$(tests/board/kver.sh)
	mods=$1/lib/modules/$kver
	tree=$(mktemp -d)
	mkdir -p "$tree/lib/modules/$kver"
	for m in /lib/modules/"$kver"/*; do
		case $m in */modules.*) ;; *) ln -s "$m" "$tree/lib/modules/$kver/" ;; esac
	done
	rm -f "$tree/lib/modules/$kver/extra"
	cp /lib/modules/"$kver"/modules.order /lib/modules/"$kver"/modules.builtin* "$tree/lib/modules/$kver/"
	cp -r "$mods/extra" "$tree/lib/modules/$kver/"
	depmod -b "$tree" "$kver" &&
		cp "$tree/lib/modules/$kver"/modules.* "$mods/"
	m=$?
	rm -rf "$tree"
	return $m
}

# lane_wait_status PORT AUTH PATTERN SECONDS: get_status.cgi matches PATTERN.
lane_wait_status() {
	local end=$((SECONDS + $4))
	until curl -s -m 10 -u "$2" "http://127.0.0.1:$1/get_status.cgi" | grep -qE "$3"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 2
	done
}

# lane_boot WORK: start the board in the background.  Host ports: P80 and
# P81 to the cameras on eth0; PSTATIC to 10.0.3.50:80 and PDHCP to
# 10.0.3.15:80 (QEMU's first DHCP lease) on eth1.  Both networks are
# restricted: the board reaches nothing but the host's forwarded ports.
lane_boot() {
	local work=$1
	P80=$(lane_free_port) P81=$(lane_free_port) PSTATIC=$(lane_free_port) PDHCP=$(lane_free_port)
	LANE_SHARE=$work/share
	LANE_START=$SECONDS
	tests/board/board.sh systemd "$LANE_SHARE" "$work/flash.img" \
		-acpitable file=build/acpi/ipcam-ssdt.aml -acpitable file=build/acpi/second-head.aml \
		-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$P80-:80,hostfwd=tcp:127.0.0.1:$P81-:81" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:02:01 \
		-netdev "user,id=n1,restrict=on,net=10.0.3.0/24,dhcpstart=10.0.3.15,hostfwd=tcp:127.0.0.1:$PSTATIC-10.0.3.50:80,hostfwd=tcp:127.0.0.1:$PDHCP-10.0.3.15:80" \
		-device virtio-net-pci,netdev=n1,mac=52:54:00:00:03:01 \
		>"$work/qemu.log" 2>&1 &
	LANE_QEMU=$!
}

# The board runs (its QEMU is the script's child: a zombie once it exited).
lane_running() {
	local st
	st=$(ps -o stat= -p "$LANE_QEMU" 2>/dev/null) && [ "${st#Z}" = "$st" ]
}

lane_stop() {
	if [ -n "${LANE_QEMU:-}" ] && lane_running; then
		pkill -TERM -P "$LANE_QEMU" 2>/dev/null
		kill -TERM "$LANE_QEMU" 2>/dev/null
		wait "$LANE_QEMU" 2>/dev/null
	fi
	[ -f "${LANE_SHARE:-/nonexistent}/console.log" ] &&
		cp "$LANE_SHARE/console.log" "$(dirname "$LANE_SHARE")/console.log"
}

# lane_left: seconds left before the lane's deadline (LANE_DEADLINE).
lane_left() { echo $((LANE_DEADLINE - (SECONDS - LANE_START))); }

# lane_wait_http PORT SECONDS: the CGI answers on the host's PORT.
lane_wait_http() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ] && [ "$(lane_left)" -gt 0 ]; do
		curl -s -m 3 -o /dev/null "http://127.0.0.1:$1/get_status.cgi" && return 0
		lane_running || return 1
		sleep 1
	done
	return 1
}

# lane_wait_down PORT SECONDS: the CGI stops answering (a reboot began).
lane_wait_down() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		curl -s -m 2 -o /dev/null "http://127.0.0.1:$1/get_status.cgi" || return 0
		sleep 0.5
	done
	return 1
}

# guest COMMAND: run COMMAND (bash) in the board as root through the agent;
# its output, and its exit status (125 when the agent does not answer in
# 120 s).
guest() {
	local f end
	# unique without a counter: guest runs in command substitutions too
	f=$LANE_SHARE/cmd/$(date +%s%N).$BASHPID
	mkdir -p "$LANE_SHARE/cmd"
	printf '%s\n' "$*" >"$f.sh.tmp"
	mv "$f.sh.tmp" "$f.sh"
	end=$((SECONDS + 120))
	until [ -f "$f.rc" ]; do
		[ $SECONDS -lt $end ] || { echo "guest: no answer to: $*" >&2; return 125; }
		sleep 0.2
	done
	cat "$f.out"
	return "$(cat "$f.rc")"
}

lane_wait_agent() {
	local end=$((SECONDS + $1))
	until [ "$(guest true 2>/dev/null; echo $?)" = 0 ]; do
		[ $SECONDS -lt $end ] || return 1
	done
}

# How many times the board has booted to its agent.
lane_boots() { wc -l <"$LANE_SHARE/boots" 2>/dev/null || echo 0; }

lane_wait_boots() {
	local end=$((SECONDS + $2))
	until [ "$(lane_boots)" -ge "$1" ]; do
		[ $SECONDS -lt $end ] || return 1
		sleep 1
	done
}

# Ask for a poweroff; the agent dies with the board, so no answer waited for.
lane_poweroff() {
	mkdir -p "$LANE_SHARE/cmd"
	echo "systemctl --no-block poweroff" >"$LANE_SHARE/cmd/poweroff.tmp"
	mv "$LANE_SHARE/cmd/poweroff.tmp" "$LANE_SHARE/cmd/poweroff.sh"
}

lane_wait_exit() {
	local end=$((SECONDS + $1))
	while lane_running; do
		[ $SECONDS -lt $end ] || return 1
		sleep 1
	done
}

# The kernel's reports (WARN, BUG, lockdep...) on the console, every boot.
lane_kernel_problems() {
	grep -E "$KERNEL_BAD_PATTERNS" "$LANE_SHARE/console.log" 2>/dev/null
}
