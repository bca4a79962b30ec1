#!/usr/bin/python3
"""Do sound and picture line up in a recorded videostream.asf?

    asf_sync.py FILE.asf

The scene's car drives through the picture while its 300 Hz hum plays for
its whole drive, symmetric about the moment it passes the middle.  This
finds, in the stream's own presentation times (ffprobe, ffmpeg), the
stretch where the hum is heard and the stretch where the car's dark red
body is seen, and prints both and the offset between their middles in ms:

    sound 2.105 7.605 picture 2.333 7.367 offset 5

Exit status 1 when either is missing.
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tone  # noqa: E402

RATE = 8000
CAR_HZ = 300


def run(args):
    return subprocess.run(args, check=True, capture_output=True, timeout=120).stdout


def sound_span(path):
    """(start, end) in s of the hum; the decoded sound is placed on the
    stream's clock (aresample pads to the first packet's time)."""
    raw = run(['ffmpeg', '-v', 'error', '-nostdin', '-i', path, '-map', '0:a:0',
               '-af', 'aresample=async=1:first_pts=0', '-f', 's16le', '-ac', '1',
               '-ar', str(RATE), '-'])
    x = np.frombuffer(raw, dtype='<i2').astype(np.float64)
    spans = tone.spans(x, RATE, CAR_HZ)
    return max(spans, key=lambda s: s[1] - s[0]) if spans else None


def picture_span(path):
    """(first, last) presentation time of the frames showing the car.  The
    times are the packets' (ffprobe reads them without decoding): MJPEG has
    one picture a packet and no reordering, so the Nth packet is the Nth
    decoded frame."""
    times = [float(t) for t in run(
        ['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries',
         'packet=pts_time', '-of', 'csv=p=0', path]).split()]
    w, h = (int(v) for v in run(
        ['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries',
         'stream=width,height', '-of', 'csv=p=0', path]).split(b',')[:2])
    raw = run(['ffmpeg', '-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0',
               '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, h, w, 3).astype(np.int16)
    n = min(len(frames), len(times))
    if n < 2:
        return None
    r, g, b = frames[:n, :, :, 0], frames[:n, :, :, 1], frames[:n, :, :, 2]
    red = (r > 70) & (r - g > 40) & (r - b > 40)
    red &= ~red[0]          # what was red before the car came is scenery
    count = red.reshape(n, -1).sum(axis=1)
    if count.max() < 50:
        return None
    seen = np.nonzero(count > count.max() / 2)[0]
    return times[seen[0]], times[seen[-1]]


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    s, p = sound_span(argv[1]), picture_span(argv[1])
    if not s or not p:
        print(f'sound {s} picture {p}: not found')
        return 1
    off = ((s[0] + s[1]) - (p[0] + p[1])) / 2 * 1000
    print(f'sound {s[0]:.3f} {s[1]:.3f} picture {p[0]:.3f} {p[1]:.3f} offset {off:.0f}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
