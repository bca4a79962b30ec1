#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# An apply program for the daemon under test (apply_program): records how
# it was run, its arguments and then its environment, in apply.ACTION next
# to itself.  A test copies it into its work directory.
{
	echo "ARGC=$#"
	for a in "$@"; do echo "ARG=$a"; done
	env | sort
} >"$(dirname "$0")/apply.$1"
