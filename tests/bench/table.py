#!/usr/bin/python3
# The streaming benchmark's table from the BENCH lines (tests/lib/bench.sh)
# of the board's and the host's logs.
#
#   table.py HEADER_LINE... -- LOG...
#
# Prints the table; exit status 1 when a cell of the comparison is missing
# (a server that delivered nothing has no CPU per frame).
import sys


def fnum(x, fmt):
    return "-" if x is None else format(x, fmt)


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit("usage: table.py HEADER_LINE... -- LOG...")
    cut = args.index("--")
    header, logs = args[:cut], args[cut + 1:]
    stream, native, cgi, ptz, info = {}, [], [], [], {}
    for path in logs:
        with open(path, errors="replace") as f:
            for line in f:
                w = line.split()
                if len(w) < 3 or w[0] != "BENCH":
                    continue
                if w[1] == "stream" and len(w) == 11:
                    server, size, n = w[2], w[3], int(w[4])
                    fmin, fmed, frames, cpu, secs, bad = w[5:11]
                    stream[(size, n, server)] = dict(
                        fmin=float(fmin), fmed=float(fmed), frames=int(frames),
                        cpu=float(cpu), secs=float(secs), bad=int(bad))
                elif w[1] == "native" and len(w) == 12:
                    native.append(dict(size=w[2], n=int(w[3]), fmin=float(w[4]),
                                       fmed=float(w[5]), frames=int(w[6]),
                                       cpu=float(w[7]), secs=float(w[8]), bad=int(w[9]),
                                       rss=int(w[10]), hwm=int(w[11])))
                elif w[1] == "cgi" and len(w) == 9:
                    cgi.append(w[2:])
                elif w[1] == "ptz" and len(w) == 6:
                    ptz.append(w[2:])
                elif w[1] == "info" and len(w) >= 3:
                    info[w[2]] = " ".join(w[3:])

    ok = True
    out = list(header)
    if info:
        out.append("Board: QEMU TCG, %s vCPUs (%s), kernel %s; %s"
                   % (info.get("board_cpus", "?").split()[0],
                      " ".join(info.get("board_cpus", "? ?").split()[1:]),
                      info.get("kernel", "?"), "uStreamer " + info.get("ustreamer", "?")))
    out.append("")
    out.append("1. QEMU board, same V4L2 node, 30 fps, JPEG quality 80, one encoder thread;")
    out.append("   uStreamer captures YUYV, ipcamd %s." % (
        info["ipcamd_format"] if info.get("ipcamd_format") else "its own choice of the node's formats"))
    out.append("   fps = delivered frames per second per viewer (min / median); CPU % = the server")
    out.append("   process's utime+stime over the window, in % of one vCPU; ms/frame = that CPU time")
    out.append("   divided by the frames delivered to all viewers; ratio = ipcamd ms/frame over")
    out.append("   uStreamer ms/frame (below 1: ipcamd spends less per delivered frame).")
    out.append("")
    out.append("                   |        ipcamd               |       uStreamer             |")
    out.append("size     viewers   | fps min/med    CPU% ms/frame | fps min/med    CPU% ms/frame | ratio")
    sizes = []
    for (size, _, _) in stream:
        if size not in sizes:
            sizes.append(size)
    sizes.sort(key=lambda s: [int(x) for x in s.split("x")] if "x" in s else [0])
    for size in sizes:
        counts = sorted({n for (s, n, _) in stream if s == size})
        for n in counts:
            row = f"{size:<8} {n:>7}   |"
            per = {}
            for server in ("ipcamd", "ustreamer"):
                c = stream.get((size, n, server))
                if c is None or c["frames"] == 0 or c["secs"] <= 0:
                    row += f" {'-':>11} {'-':>7} {'-':>8} |"
                    per[server] = None
                    ok = False
                    continue
                per[server] = c["cpu"] * 1000 / c["frames"]
                fps = f"{c['fmin']:.1f}/{c['fmed']:.1f}"
                row += f" {fps:>11} {c['cpu'] * 100 / c['secs']:>7.1f} {per[server]:>8.3f} |"
            ratio = (per["ipcamd"] / per["ustreamer"]
                     if per["ipcamd"] is not None and per["ustreamer"] else None)
            row += f" {fnum(ratio, '.2f'):>5}"
            out.append(row)

    if native:
        out.append("")
        out.append("2. Native on the host, ipcamd --test-pattern, rate full: CPU % of one core,")
        out.append("   delivered fps per viewer (min / median), VmRSS while streaming and VmHWM.")
        out.append("")
        out.append("size     viewers | fps min/med   CPU% | VmRSS MiB  VmHWM MiB")
        for c in native:
            fps = f"{c['fmin']:.1f}/{c['fmed']:.1f}"
            out.append(f"{c['size']:<8} {c['n']:>7} | {fps:>11} {c['cpu'] * 100 / c['secs']:>6.1f} |"
                       f" {c['rss'] / 1024:>9.1f} {c['hwm'] / 1024:>10.1f}")

    if any(c["fmin"] == 0 for c in list(stream.values()) + native):
        out.append("")
        out.append("A min fps of 0.0: a viewer had no frame yet 30 s after the start, when the")
        out.append("warm-up began anyway (the logs' \"unstarted\" line says where it waited).")

    if cgi:
        out.append("")
        out.append("3. CGI latency on the board (new connection per request, connect to last byte),")
        out.append("   idle and while viewers stream from ipcamd at full rate.")
        out.append("")
        out.append("cgi                 load             n  p50 ms  p99 ms  max ms errors")
        for name, load, n, p50, p99, mx, err in cgi:
            out.append(f"{name:<19} {load:<14} {n:>4} {p50:>7} {p99:>7} {mx:>7} {err:>6}")
    if ptz:
        out.append("")
        out.append("4. PTZ step timing on the board (pan axis, tests/kmod/ptz-test --bench): the rate")
        out.append("   measured between moves of 400 and 1200 steps, and the 1200-step move's jitter.")
        out.append("")
        out.append("requested steps/s  measured steps/s  error %  jitter ms")
        for req, got, err, jit in ptz:
            out.append(f"{req:>17} {got:>17} {err:>8} {jit:>10}")
    print("\n".join(out))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
