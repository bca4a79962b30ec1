#!/bin/bash
# Board suite: signed upgrades with the camera module, through ipcamd-boot
# (tests/daemon-board/upgrade_board.py).  The bad images, the power cuts
# and the rollbacks in full: daemon/tests/upgrade.py on the host.
#
#   tests/board/board.sh test tests/daemon-board/upgrade.sh
#       (after make -C lib && make -C daemon)
. tests/lib/board-env.sh

if ! load_ipcam; then
	echo "FAIL: ipcam loads"
	echo "0 passed, 1 failed"
	exit 1
fi
exec /usr/bin/python3 tests/daemon-board/upgrade_board.py "$@"
