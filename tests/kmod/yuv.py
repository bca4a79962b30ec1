#!/usr/bin/env python3
"""Decode raw frames captured with v4l2-ctl and measure them.

    yuv.py stats FILE W H FMT           mean and spread of luma below the OSD
    yuv.py mirrored A B W H FMT         B is A mirrored left-right (luma)
    yuv.py flipped A B W H FMT          B is A upside down (luma)
    yuv.py same A B W H FMT             the pictures are identical (luma)
    yuv.py shifted A B W H FMT          columns B moved right of A, in pixels
    yuv.py osd FILE W H FMT             the OSD strip is present (dark box, bright digits)

FMT is YUYV or YU12.  Rows 0..OSD_ROWS-1 hold the frame counter and time
stamp and are left out of the picture comparisons.
"""
import sys

OSD_ROWS = 16


def luma(path, w, h, fmt):
    data = open(path, "rb").read()
    if fmt == "YUYV":
        size = w * h * 2
        data = data[:size]
        assert len(data) == size, "short frame"
        return [data[r * w * 2:(r + 1) * w * 2:2] for r in range(h)]
    size = w * h * 3 // 2
    data = data[:size]
    assert len(data) == size, "short frame"
    return [data[r * w:(r + 1) * w] for r in range(h)]


def picture_rows(rows):
    h = len(rows)
    return range(OSD_ROWS, h - OSD_ROWS)


def main():
    cmd = sys.argv[1]
    if cmd in ("stats", "osd"):
        path, w, h, fmt = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        rows = luma(path, w, h, fmt)
        if cmd == "osd":
            strip = b"".join(rows[r][:40] for r in range(OSD_ROWS))
            dark = sum(1 for v in strip if v <= 20)
            bright = sum(1 for v in strip if v >= 230)
            print(f"dark {dark} bright {bright}")
            return 0 if dark > 100 and bright > 20 else 1
        vals = [v for r in picture_rows(rows) for v in rows[r]]
        mean = sum(vals) / len(vals)
        var = sum((v - mean) ** 2 for v in vals) / len(vals)
        rowmeans = [sum(rows[r]) / w for r in picture_rows(rows)]
        print(f"mean {mean:.2f} std {var ** 0.5:.2f} rowmean_spread {max(rowmeans) - min(rowmeans):.2f}")
        return 0
    a, b, w, h, fmt = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    ra, rb = luma(a, w, h, fmt), luma(b, w, h, fmt)
    rows = picture_rows(ra)
    if cmd == "mirrored":
        bad = sum(1 for r in rows if ra[r][::-1] != rb[r])
        same = sum(1 for r in rows if ra[r] == rb[r])
        print(f"rows not mirrored {bad}, rows identical {same}")
        return 0 if bad == 0 and same < len(rows) else 1
    if cmd == "same":
        bad = sum(1 for r in rows if ra[r] != rb[r])
        print(f"rows differing {bad}")
        return 0 if bad == 0 else 1
    if cmd == "flipped":
        bad = sum(1 for r in rows if ra[r] != rb[h - 1 - r])
        print(f"rows not flipped {bad}")
        return 0 if bad == 0 else 1
    if cmd == "shifted":
        # Best horizontal offset d with B[x] == A[x + d] on a middle row band.
        best = None
        for d in range(-w // 2, w // 2):
            err = 0
            n = 0
            for r in range(h // 2, h // 2 + 8):
                for x in range(max(0, -d), min(w, w - d), 4):
                    err += abs(ra[r][x + d] - rb[r][x])
                    n += 1
            err /= max(n, 1)
            if best is None or err < best[0]:
                best = (err, d)
        print(f"shift {best[1]} err {best[0]:.2f}")
        return 0
    print("unknown command", cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
