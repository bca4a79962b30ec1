/*
 * SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
 *
 * A camera head described by ACPI firmware, for x86 boards without a
 * device tree: _HID PRP0001 makes Linux match the driver's of_match_table
 * by the "compatible" property of _DSD, and the driver reads the same
 * properties as from a device-tree node.  The QEMU test board loads it
 * with -acpitable (tests/acpi/prp0001.sh).
 */
DefinitionBlock ("", "SSDT", 2, "OIPCAM", "PTHEAD", 1)
{
    Scope (\_SB)
    {
        Device (PTH0)
        {
            Name (_HID, "PRP0001")
            Name (_UID, Zero)
            Name (_DSD, Package ()
            {
                ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
                Package ()
                {
                    Package () { "compatible", "openipcam,pt-head" },
                    Package () { "openipcam,steps-per-revolution", 2048 },
                    Package () { "openipcam,max-step-rate-hz", 500 },
                    Package () { "openipcam,acceleration", 1500 },
                    /* -1024 and -256 as the u32 cells a device tree has */
                    Package () { "openipcam,pan-range-steps", Package () { 0xFFFFFC00, 1024 } },
                    Package () { "openipcam,tilt-range-steps", Package () { 0xFFFFFF00, 256 } },
                    Package () { "openipcam,mains-frequency-hz", 60 },
                    Package () { "openipcam,microphone", 1 },
                }
            })
        }
    }
}
