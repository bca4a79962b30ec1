#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A received mail as a shell test reads it, through Python's email
package: `mail_parts.py FILE.eml OUTDIR` prints From, To, Subject and
the text as shell assignments (MAIL_FROM=..., quoted) and writes each
attachment to OUTDIR under its file name, listed in MAIL_FILES (with its
type in MAIL_TYPES)."""
import email
import email.policy
import os
import shlex
import sys


def main():
    with open(sys.argv[1], "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    files, types = [], []
    for part in msg.iter_attachments():
        name = os.path.basename(part.get_filename() or "unnamed")
        with open(os.path.join(out, name), "wb") as f:
            f.write(part.get_content())
        files.append(name)
        types.append(part.get_content_type())
    body = msg.get_body(("plain",))
    fields = {
        "MAIL_FROM": ", ".join(a.addr_spec for a in msg["From"].addresses),
        "MAIL_TO": ", ".join(a.addr_spec for a in msg["To"].addresses),
        "MAIL_SUBJECT": str(msg["Subject"]),
        "MAIL_TEXT": body.get_content() if body else "",
        "MAIL_FILES": " ".join(files),
        "MAIL_TYPES": " ".join(types),
    }
    for k, v in fields.items():
        print("%s=%s" % (k, shlex.quote(v)))


if __name__ == "__main__":
    main()
