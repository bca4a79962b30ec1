#!/bin/sh
# Print the release of the Debian 6.1 kernel the board boots: the newest
# installed linux-image-6.1.*-amd64 (the machine's running kernel is not it).
set -eu
ls /boot/vmlinuz-6.1.*-amd64 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V | tail -n 1
