#!/usr/bin/python3
"""Accuracy against predicted speedup, one curve per storage format (the
chart of "The Sparsity Roofline").

  roofline_accuracy.py --variants OUT --bin BUILD/bin --machine machine.json
                       --svg chart.svg [--batch 1]

For every variant written by train_pruned_mlp.py: imports it with
sparse-ffnn-translate, runs the test set through the reference interpreter
(its accuracy must match PyTorch's: the import is checked end to end), and
asks sffnn-roofline for the predicted speedup over dense of the variant's
format. Prints a markdown table and writes the SVG chart.
"""
import argparse
import json
import math
import os
import subprocess

import numpy as np

FORMAT = {"dense": "dense", "csr": "csr", "bsr4x4": "bsr4x4", "2of4": "2:4"}
COLOR = {"csr": "#36c", "bsr4x4": "#e80", "2:4": "#939", "schedule": "#2a7",
         "dense": "#c33"}


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def evaluate(args, name):
    d = os.path.join(args.variants, name)
    net = os.path.join(d, "net.mlirbc")
    run(os.path.join(args.bin, "sparse-ffnn-translate"), "--import-mtx",
        *[os.path.join(d, f"l{k}.mtx") for k in (1, 2, 3)],
        "--bias-file", os.path.join(d, "bias.txt"), "--activation", "relu",
        "--output-activation", "identity", "--emit-bytecode", "-o", net)
    out = os.path.join(d, "outputs.txt")
    run(os.path.join(args.bin, "sparse-ffnn-run"), net, "--input",
        os.path.join(args.variants, "test.txt"), "--interpret", "--output", out)
    labels = np.loadtxt(os.path.join(args.variants, "labels.txt"), dtype=int)
    ours = float((np.loadtxt(out).argmax(1) == labels).mean())
    fmt = FORMAT[name.split("-")[0]]
    formats = [fmt, "schedule"] if fmt == "csr" else [fmt]
    report = json.loads(run(
        os.path.join(args.bin, "sparse-ffnn-opt"), net,
        f"--sffnn-roofline=machine={args.machine} batch={args.batch} "
        f"formats=dense,{','.join(formats)} output=-", "-o", os.devnull))[0]
    return ours, {f: report["speedup"][f] for f in formats}


def chart(points, path):
    w, h, left, right, top, bottom = 720, 440, 80, 160, 40, 60
    xs = [s for p in points for s in [p[2]]]
    ys = [p[1] for p in points]
    x_lo, x_hi = math.log10(min(xs) / 1.3), math.log10(max(xs) * 1.3)
    y_lo, y_hi = min(ys) - 0.01, max(ys) + 0.01
    X = lambda v: left + (math.log10(v) - x_lo) / (x_hi - x_lo) * (w - left - right)
    Y = lambda v: top + (1 - (v - y_lo) / (y_hi - y_lo)) * (h - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           'font-family="sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="25" font-size="15">Fashion-MNIST MLP: test '
           'accuracy against predicted speedup over dense</text>']
    for e in range(math.floor(x_lo), math.ceil(x_hi) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** e
            if x_lo <= math.log10(v) <= x_hi:
                out.append(f'<line x1="{X(v):.1f}" y1="{top}" x2="{X(v):.1f}" '
                           f'y2="{h - bottom}" stroke="#ddd"/><text x="{X(v):.1f}" '
                           f'y="{h - bottom + 16}" text-anchor="middle">{v:g}</text>')
    for k in range(6):
        v = y_lo + (y_hi - y_lo) * k / 5
        out.append(f'<line x1="{left}" y1="{Y(v):.1f}" x2="{w - right}" '
                   f'y2="{Y(v):.1f}" stroke="#ddd"/><text x="{left - 5}" '
                   f'y="{Y(v) + 4:.1f}" text-anchor="end">{v:.3f}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 20}" '
               'text-anchor="middle">predicted speedup over dense (log scale), '
               'batch 1</text>')
    out.append(f'<text x="18" y="{(top + h - bottom) / 2}" transform="rotate(-90 18 '
               f'{(top + h - bottom) / 2})" text-anchor="middle">test accuracy</text>')
    formats = sorted({p[0] for p in points})
    for k, f in enumerate(formats):
        series = sorted((p[2], p[1]) for p in points if p[0] == f)
        pts = " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in series)
        out.append(f'<polyline fill="none" stroke="{COLOR[f]}" stroke-width="2" '
                   f'points="{pts}"/>')
        for x, y in series:
            out.append(f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="4" fill="{COLOR[f]}"/>')
        out.append(f'<circle cx="{w - right + 20}" cy="{top + 20 + 20 * k}" r="4" '
                   f'fill="{COLOR[f]}"/><text x="{w - right + 30}" '
                   f'y="{top + 24 + 20 * k}">{f}</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--variants", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--svg", required=True)
    p.add_argument("--batch", type=int, default=1)
    args = p.parse_args()
    torch_accuracy = json.load(open(os.path.join(args.variants, "accuracy.json")))
    points = []
    print("| variant | PyTorch accuracy | sffnn interpreter accuracy | format | predicted speedup |")
    print("| --- | --- | --- | --- | --- |")
    for name in sorted(torch_accuracy):
        ours, speedups = evaluate(args, name)
        for fmt, speedup in speedups.items():
            print(f"| {name} | {torch_accuracy[name]:.4f} | {ours:.4f} | {fmt} | {speedup:.2f} |")
            points.append((fmt, ours, speedup))
    chart(points, args.svg)


if __name__ == "__main__":
    main()
