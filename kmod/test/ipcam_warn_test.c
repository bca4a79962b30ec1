// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: warns on load.  The board harness must fail any run in
 * which the kernel prints a WARN; tests/board/selftest.sh loads this module
 * to prove that it does.  Never installed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init ipcam_warn_test_init(void)
{
	WARN(1, "ipcam_warn_test: deliberate warning for the harness self-test\n");
	return 0;
}

static void __exit ipcam_warn_test_exit(void)
{
}

module_init(ipcam_warn_test_init);
module_exit(ipcam_warn_test_exit);

MODULE_DESCRIPTION("ipcam test: deliberate WARN on load");
MODULE_LICENSE("GPL");
