#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Judge a soak run (tests/soak/soak.sh's output) and write its data for
the plot.

  trend.py LOG OUTDIR

LOG holds the CHURN line (connections in flight at most), the SAMPLE lines (T RSS_KB FDS THREADS CPU_TICKS SLAB_KB; T=0 at
rest before the load), the REST line (at rest after it) and the viewers'
window lines.  Writes
OUTDIR/samples.tsv (minutes, RSS MB, fds, threads, CPU %, slab MB) and
OUTDIR/windows.tsv (minutes, slowest 10 fps viewer, slowest 5 fps viewer),
and prints the figures and the PASS:/FAIL: lines:
  - RSS: the mean of the last quarter of the load at most 5 % above the
    mean of the first quarter;
  - fds and threads: the last quarter's median no higher than the first
    quarter's maximum; for fds, plus the connections that come and go
    (the CHURN line: with a sample every 10 s a quarter holds two or three
    samples, and a leak climbs by far more);
  - every viewer at 90 % of its rate or more in every window.
"""
import os
import re
import statistics
import sys

USER_HZ = 100
RATES = {"10fps": 10.0, "5fps": 5.0}
WINDOW = re.compile(r"^(\d+fps) window (\d+) t=(\d+) min=([\d.]+) median=([\d.]+)")


def quarters(rows):
    q = max(1, len(rows) // 4)
    return rows[:q], rows[-q:]


def main():
    log, outdir = sys.argv[1], sys.argv[2]
    samples, windows, rest, churn = [], {k: [] for k in RATES}, None, 0
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("SAMPLE "):
                samples.append([int(x) for x in line.split()[1:7]])
            if line.startswith("CHURN "):
                churn = int(line.split()[1])
            if line.startswith("REST "):
                rest = [int(x) for x in line.split()[1:7]]
            m = WINDOW.match(line)
            if m:
                windows[m.group(1)].append((int(m.group(3)), float(m.group(4)),
                                            float(m.group(5))))
    passed = failed = 0

    def check(desc, ok):
        nonlocal passed, failed
        print(("PASS: " if ok else "FAIL: ") + desc)
        passed, failed = passed + bool(ok), failed + (not ok)
        return ok

    # under load: every sample after the one at rest (T=0)
    load = samples[1:]
    if not check("soak: %d samples of the daemon under load" % len(load), len(load) >= 4):
        return 1
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "samples.tsv"), "w") as f:
        f.write("# minutes\trss_mb\tfds\tthreads\tcpu_pct\tslab_mb\n")
        for prev, cur in zip(samples, samples[1:]):
            dt = max(1, cur[0] - prev[0])
            cpu = 100.0 * (cur[4] - prev[4]) / (dt * USER_HZ)
            f.write("%.2f\t%.2f\t%d\t%d\t%.1f\t%.2f\n" %
                    (cur[0] / 60, cur[1] / 1024, cur[2], cur[3], cpu, cur[5] / 1024))
    with open(os.path.join(outdir, "windows.tsv"), "w") as f:
        f.write("# minutes\tslowest_10fps\tslowest_5fps\n")
        for a, b in zip(windows["10fps"], windows["5fps"]):
            f.write("%.2f\t%.2f\t%.2f\n" % (a[0] / 60, a[1], b[1]))

    first, last = quarters(load)
    rss0 = statistics.mean(s[1] for s in first)
    rss1 = statistics.mean(s[1] for s in last)
    secs = load[-1][0] - samples[0][0]
    cpu = 100.0 * (load[-1][4] - samples[0][4]) / (secs * USER_HZ)
    print("soak figures: %d s, RSS at rest %d kB, first quarter %.0f kB, last quarter %.0f kB "
          "(%+.1f %%), at rest after %s kB; fds %d..%d, threads %d..%d, CPU %.1f %% of one CPU" %
          (secs, samples[0][1], rss0, rss1, 100.0 * (rss1 - rss0) / rss0,
           rest[1] if rest else "?", min(s[2] for s in load), max(s[2] for s in load),
           min(s[3] for s in load), max(s[3] for s in load), cpu))
    check("soak: RSS of the last quarter within 5 %% of the first (%.0f -> %.0f kB)"
          % (rss0, rss1), rss1 <= 1.05 * rss0)
    for i, name, slack in ((2, "fds", churn), (3, "threads", 0)):
        top = max(s[i] for s in first)
        med = statistics.median(s[i] for s in last)
        check("soak: %s do not grow (last quarter's median %g, first quarter's maximum %d"
              ", %d in flight)" % (name, med, top, slack), med <= top + slack)
    for name, rate in RATES.items():
        w = windows[name]
        slowest = min((x[1] for x in w), default=0.0)
        check("soak: every %s viewer at >= 90 %% of its rate in each of %d windows "
              "(slowest %.2f fps)" % (name, len(w), slowest),
              len(w) >= 2 and slowest >= 0.9 * rate)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
