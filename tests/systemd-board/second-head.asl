/*
 * SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
 *
 * A second camera head for the systemd board (tests/systemd-board/): with
 * dts/acpi/ipcam-ssdt.asl's PTH0 the board has two firmware-described
 * cameras, PRP0001:00 and PRP0001:01, and udev starts one ipcamd for each.
 * A smaller head with no microphone.
 */
DefinitionBlock ("", "SSDT", 2, "OIPCAM", "PTHEAD2", 1)
{
    Scope (\_SB)
    {
        Device (PTH1)
        {
            Name (_HID, "PRP0001")
            Name (_UID, One)
            Name (_DSD, Package ()
            {
                ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
                Package ()
                {
                    Package () { "compatible", "openipcam,pt-head" },
                    Package () { "openipcam,steps-per-revolution", 4096 },
                    Package () { "openipcam,max-step-rate-hz", 800 },
                    Package () { "openipcam,acceleration", 2000 },
                    Package () { "openipcam,pan-range-steps", Package () { 0xFFFFF800, 2048 } },
                    Package () { "openipcam,tilt-range-steps", Package () { 0xFFFFFE00, 512 } },
                }
            })
        }
    }
}
