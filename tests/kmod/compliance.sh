#!/bin/bash
# Board suite: v4l2-compliance with streaming in every I/O mode and every
# format, DMABUF imported from vivid.  0 failed, 0 warnings.
. tests/lib/board-env.sh

load_ipcam || { fail "load ipcam"; finish; }
load_vivid || { fail "load vivid"; finish; }
node=$(ipcam_video_node 0)
exporter=$(vivid_video_node)

log=/tmp/compliance.log
v4l2-compliance -d "$node" -s -f -e "$exporter" >$log 2>&1
grep -E 'fail|warn|Total' $log | sed 's/^/    /'
total=$(grep '^Total for ipcam' $log)
check "v4l2-compliance ran to the end" test -n "$total"
check "v4l2-compliance: 0 failed" bash -c "echo '$total' | grep -q 'Failed: 0,'"
check "v4l2-compliance: 0 warnings" bash -c "echo '$total' | grep -q 'Warnings: 0$'"
for mode in MMAP USERPTR DMABUF; do
	check "streaming tested with $mode" grep -qE "test $mode.*: OK" $log
done
check "read() tested" grep -qE "test read/write: OK" $log
check "DMABUF not skipped" bash -c "! grep -qi 'cannot test' $log"
check "every format streamed" bash -c "grep -q 'Format YUYV, Frame Size 1280x720@1.00' $log && grep -q 'Format YU12, Frame Size 640x480@30.00' $log"
rmmod vivid
check "ipcam unloads" rmmod ipcam
finish
