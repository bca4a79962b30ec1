#!/bin/bash
# Board suite (guest side of tests/soak/run.sh): ipcamd on the ipcam camera
# under everything at once for SECONDS:
#   - 100 viewers of videostream.cgi at 320x240: 80 at 10 fps, 20 at 5 fps
#     (build/tests/board/mjpeg-viewers, one epoll client, cheap enough not
#     to starve the daemon it measures);
#   - 4 more connections that open the stream and hang up with a reset,
#     over and over;
#   - every get and set CGI, PTZ moves, presets and patrols, each write read
#     back (tests/soak/cgi_churn.py).
# Every EVERY seconds it prints one line about the daemon:
#   SAMPLE T RSS_KB FDS THREADS CPU_TICKS SLAB_KB
# (T from the start of the load; T=0 at rest, before it; a last line
# "REST ..." at rest after it; a "CHURN N" line first: connections that
# come and go), and the viewers' per-window lines
# ("window ..."), for the host to judge and plot.  After
# the load the daemon must come back to its rest: same fds and threads, the
# video node closed.
#
#   tests/soak/soak.sh SECONDS EVERY
. tests/lib/board-env.sh

secs=${1:-300}
every=${2:-60}
IPCAMD=${IPCAMD:-build/daemon/ipcamd}
VIEWERS=build/tests/board/mjpeg-viewers
unset IPCAM_ADMIN_PASSWORD
PORT=8090
ADMIN_PWD='S0ak-Adm1n'
work=$(mktemp -d /tmp/ipcamd-soak.XXXXXX)
dpid=
spid=

cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rmmod ipcam 2>/dev/null
}
trap cleanup EXIT

check "load the ipcam module" load_ipcam
for _ in $(seq 1 100); do ipcam_video_node >/dev/null && break; sleep 0.05; done
node=$(ipcam_video_node) || { fail "no ipcam video node"; finish; }

mkdir -p "$work/state"
cat >"$work/ipcamd.conf" <<CONF
port = $PORT
state_dir = $work/state
camera = $node
reboot_action = exit
connection_limit = 400
connections_per_ip = 400
max_viewers = 120
max_viewers_per_ip = 120
capture_linger = 1
CONF
cat tests/lib/loopback-net.conf >>"$work/ipcamd.conf"
IPCAM_ADMIN_PASSWORD=$ADMIN_PWD "$IPCAMD" -f -c "$work/ipcamd.conf" -l info \
	>>"$work/ipcamd.log" 2>&1 &
dpid=$!
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/get_status.cgi" && break; sleep 0.05; done

fds() { ls "/proc/$dpid/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$dpid/status"; }
sample() {
	printf 'SAMPLE %d %d %d %d %d %d\n' "$1" \
		"$(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status")" "$(fds)" "$(threads)" \
		"$(awk '{print $14 + $15}' "/proc/$dpid/stat")" \
		"$(awk '/^Slab:/ {print $2}' /proc/meminfo)"
}
# at_rest: the capture stopped (it lingers a second after the last viewer).
at_rest() {
	for _ in $(seq 1 30); do
		ls -l "/proc/$dpid/fd" | grep -q /dev/video || return 0
		sleep 1
	done
	return 1
}

# The churn updates a DDNS name each round, and the first update loads
# libcurl and OpenSSL (daemon/src/lazy_lib.h): a step of a few MB once, not
# a trend.  One update before the first sample puts it in every quarter.
curl -s -o /dev/null -u "admin:$ADMIN_PWD" \
	"http://127.0.0.1:$PORT/set_ddns.cgi?service=2&user=w&pwd=p&host=warm.example.net&proxy_svr=&proxy_port=0"
for _ in $(seq 1 300); do grep -q 'ddns: update of warm\.example\.net' "$work/ipcamd.log" && break; sleep 0.1; done
check "before the load: one DDNS update ran (libcurl loaded)" \
	grep -q '/libcurl\.so' "/proc/$dpid/maps"

rest_fds=$(fds)
rest_threads=$(threads)
sample 0
start=$SECONDS
(
	while sleep "$every"; do sample $((SECONDS - start)); done
) &
spid=$!

q="user=admin&pwd=$ADMIN_PWD&resolution=8"
# The connections that come and go: CHURN viewers that hang up mid-frame
# and the CGI churn's one at a time.  The daemon's fds move by that much.
churn=4
echo "CHURN $((churn + 1))"
"$VIEWERS" -n 80 -c "$churn" -s "$secs" -w "$every" 127.0.0.1 "$PORT" \
	"/videostream.cgi?$q&rate=6" >"$work/v10" 2>&1 &
v10=$!
"$VIEWERS" -n 20 -s "$secs" -w "$every" 127.0.0.1 "$PORT" \
	"/videostream.cgi?$q&rate=11" >"$work/v5" 2>&1 &
v5=$!
python3 tests/soak/cgi_churn.py "$PORT" "$ADMIN_PWD" "$secs" 0.2 >"$work/churn" 2>&1
churn_rc=$?	# its own PASS/FAIL lines say what failed
wait $v10
v10_rc=$?
wait $v5
v5_rc=$?
kill "$spid"
spid=

sed 's/^/10fps /' "$work/v10"
sed 's/^/5fps /' "$work/v5"
cat "$work/churn"
[ "$churn_rc" -eq 0 ] || _failed=1	# its FAIL lines are above
check "80 viewers at 10 fps: no broken stream ($(tail -n 1 "$work/v10"))" test "$v10_rc" -eq 0
check "20 viewers at 5 fps: no broken stream ($(tail -n 1 "$work/v5"))" test "$v5_rc" -eq 0
check "the CGI churn ran to its end (exit status $churn_rc)" grep -q ' passed, [0-9]* failed$' "$work/churn"

check "after the load: the capture stopped" at_rest
sample $((SECONDS - start)) | sed 's/^SAMPLE/REST/'
check_eq "after the load: the daemon's fds as at rest" "$rest_fds" "$(fds)"
check_eq "after the load: the daemon's threads as at rest" "$rest_threads" "$(threads)"
check "the daemon is alive" kill -0 "$dpid"
grep -E 'error|warning' "$work/ipcamd.log" | grep -v 'failed login' | sort | uniq -c | head -n 20
finish
