#!/usr/bin/python3
"""Did a recorded videostream.asf end cleanly, on a packet boundary?

    asf_packets.py FILE.asf

Prints the data packets it holds.  Exit status 1 when the file does not
start with an ASF header, holds no packet, or stops inside a packet (a
stream cut in the middle of a media object's packet is not a clean end).
"""
import struct
import sys

HEADER_GUID = bytes.fromhex('3026b2758e66cf11a6d900aa0062ce6c')
DATA_HEADER = 50
PACKET = 3200


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], 'rb') as f:
        data = f.read()
    if len(data) < 24 or data[:16] != HEADER_GUID:
        print('not an ASF stream')
        return 1
    head = struct.unpack_from('<Q', data, 16)[0] + DATA_HEADER
    body = len(data) - head
    packets, rest = divmod(body, PACKET)
    print(f'{packets} packets of {PACKET} bytes, {rest} bytes after the last')
    return 0 if packets > 0 and rest == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
