#!/bin/bash
# Board suite: the web UI in Debian's headless Chromium against ipcamd and
# the camera module, inside the board: the live picture plays, and the pad
# moves the head while a direction is held (mouse and keyboard) and stops
# it on release, as the driver's position attributes show.  The settings
# pages, levels and layout: daemon/tests/webui.py on the host.
#
#   tests/board/board.sh test tests/daemon-board/webui.sh
#       (after make -C lib && make -C daemon)
. tests/lib/board-env.sh

# a car crosses the scene every 3 s: a picture that plays changes
if ! load_ipcam activity_period=3; then
	echo "FAIL: ipcam loads"
	echo "0 passed, 1 failed"
	exit 1
fi
exec /usr/bin/python3 tests/daemon-board/webui_pad.py "$@"
