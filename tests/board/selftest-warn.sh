#!/bin/bash
# Guest script of the harness self-test: load the test-only module that
# warns.  The harness must turn this run into a failure.
insmod "${IPCAM_KMOD:-kmod}/test/ipcam_warn_test.ko"
rmmod ipcam_warn_test
echo "loaded and removed ipcam_warn_test"
