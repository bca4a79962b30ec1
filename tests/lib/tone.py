#!/usr/bin/python3
"""Analyse recorded sound: the dominant frequency, and when a hum is on.

    tone.py peak FILE [RATE]         the strongest frequency, in Hz
    tone.py spans FILE HZ [RATE]     the stretches (s) where HZ is heard

FILE is a WAV file or raw signed 16-bit little-endian mono samples at
RATE.  The board suites and the daemon's media suite share it: numpy's
FFT, with a parabola through the peak's bins for a fraction of a bin.
"""
import sys
import wave

import numpy as np


def load(path, rate=None):
    """(samples as float, rate) from a WAV file or raw s16le at RATE."""
    with open(path, 'rb') as f:
        magic = f.read(4)
    if magic == b'RIFF':
        with wave.open(path, 'rb') as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                raise ValueError(f'{path}: not 16-bit mono')
            data = w.readframes(w.getnframes())
            rate = w.getframerate()
    else:
        if not rate:
            raise ValueError(f'{path}: raw samples need a rate')
        with open(path, 'rb') as f:
            data = f.read()
    return np.frombuffer(data, dtype='<i2').astype(np.float64), rate


def peak(x, rate):
    """The strongest frequency of X, to a fraction of a bin."""
    if len(x) < 64:
        raise ValueError('too few samples')
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    spec[0] = 0
    k = int(np.argmax(spec))
    if 0 < k < len(spec) - 1:
        a, b, c = np.log(spec[k - 1:k + 2] + 1e-9)
        k = k + 0.5 * (a - c) / (a - 2 * b + c)
    return k * rate / len(x)


def level(x, rate, hz, win):
    """Amplitude of HZ in each WIN-second window of X (a Goertzel-like
    projection on the tone), one value per window."""
    n = int(rate * win)
    t = np.arange(n) / rate
    c, s = np.cos(2 * np.pi * hz * t), np.sin(2 * np.pi * hz * t)
    out = []
    for i in range(0, len(x) - n + 1, n):
        seg = x[i:i + n]
        out.append(2 * np.hypot(seg @ c, seg @ s) / n)
    return np.array(out)


def spans(x, rate, hz, win=0.01, floor=1000):
    """[(start, end)] in seconds where HZ is above half its loudest, and
    never where it is below FLOOR (in sample units): no hum, no span."""
    lv = level(x, rate, hz, win)
    if not len(lv):
        return []
    thresh = max(lv.max() / 2, floor)
    on = lv > thresh
    out, start = [], None
    for i, v in enumerate(on):
        if v and start is None:
            start = i
        if not v and start is not None:
            out.append((start * win, i * win))
            start = None
    if start is not None:
        out.append((start * win, len(on) * win))
    return out


def main(argv):
    if len(argv) >= 3 and argv[1] == 'peak':
        x, rate = load(argv[2], int(argv[3]) if len(argv) > 3 else None)
        print(f'{peak(x, rate):.2f}')
        return 0
    if len(argv) >= 4 and argv[1] == 'spans':
        x, rate = load(argv[2], int(argv[4]) if len(argv) > 4 else None)
        for a, b in spans(x, rate, float(argv[3])):
            print(f'{a:.3f} {b:.3f}')
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
