#!/usr/bin/python3
"""Independent scipy reference for Graph Challenge style networks.

  randomize: copies the sparsity pattern of real layer files with random
             weights (He: normal, std sqrt(2 / fan-in)) and writes per-neuron
             biases (uniform in [-0.1, 0.1]), one bias row per layer.
  check:     evaluates the network in float64 with scipy and compares it with
             outputs written by sparse-ffnn-run --output.

Tolerance (docs/Testing.md): reordering sums changes rounding, so output j of
a sample may differ from the reference by at most rtol * s_j, where
s_j = |b_j| + sum_k |w_kj * y_k| is the sum of magnitudes of the last layer's
terms on the reference inputs y of that layer, plus atol for exact zeros.
"""
import argparse
import os
import sys

import numpy as np
import scipy.io
import scipy.sparse as sp


def read_layer(path, n):
    t = np.loadtxt(path, ndmin=2)
    return sp.csr_matrix((t[:, 2], (t[:, 0].astype(int) - 1,
                                    t[:, 1].astype(int) - 1)), shape=(n, n))


def randomize(args):
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    biases = []
    for k in range(1, args.layers + 1):
        name = f"n{args.neurons}-l{k}.tsv"
        t = np.loadtxt(os.path.join(args.pattern, name), ndmin=2)
        fan_in = np.bincount(t[:, 1].astype(int) - 1, minlength=args.neurons)
        std = np.sqrt(2.0 / fan_in[t[:, 1].astype(int) - 1])
        t[:, 2] = rng.normal(0.0, 1.0, len(t)) * std
        np.savetxt(os.path.join(args.out, name), t,
                   fmt=["%d", "%d", "%.9g"], delimiter="\t")
        biases.append(rng.uniform(-0.1, 0.1, args.neurons))
    np.savetxt(os.path.join(args.out, "bias.txt"), np.array(biases),
               fmt="%.9g")


def read_input(path, n):
    if path.endswith(".mtx"):
        return sp.csr_matrix(scipy.io.mmread(path), dtype=np.float64)
    if path.endswith(".tsv"):
        t = np.loadtxt(path, ndmin=2)
        rows = int(t[:, 0].max())
        return sp.csr_matrix((t[:, 2], (t[:, 0].astype(int) - 1,
                                        t[:, 1].astype(int) - 1)),
                             shape=(rows, n))
    return sp.csr_matrix(np.loadtxt(path, ndmin=2))


def check(args):
    biases = np.loadtxt(args.bias_file, ndmin=2) if args.bias_file else None
    y = read_input(args.input, args.neurons).toarray()
    scale = None
    for k in range(1, args.layers + 1):
        w = read_layer(os.path.join(args.net, f"n{args.neurons}-l{k}.tsv"),
                       args.neurons)
        b = biases[k - 1] if biases is not None else np.full(args.neurons,
                                                             args.bias)
        z = np.asarray(w.T @ y.T).T + b
        scale = np.asarray(abs(w).T @ abs(y).T).T + abs(b)
        y = np.maximum(z, 0.0)
        if args.clamp is not None:
            y = np.minimum(y, args.clamp)
    ours = np.loadtxt(args.compare, ndmin=2)
    if ours.shape != y.shape:
        sys.exit(f"shape mismatch: ours {ours.shape}, reference {y.shape}")
    err = np.abs(ours - y)
    ratio = err / (args.rtol * scale + args.atol)
    alive = np.count_nonzero(y) / y.size
    print(f"checked {y.size} values: alive {alive:.3f}, "
          f"max |error| {err.max():.3g}, "
          f"max error / tolerance {ratio.max():.3g} "
          f"(rtol {args.rtol:g} of sum |w*y|, atol {args.atol:g})")
    if alive < args.min_alive:
        sys.exit(f"FAIL: only {alive:.3f} of the outputs are nonzero; the "
                 "test would not see value bugs")
    if ratio.max() > 1.0:
        s, j = np.unravel_index(np.argmax(ratio), ratio.shape)
        sys.exit(f"FAIL: sample {s + 1} output {j + 1}: ours {ours[s, j]!r}, "
                 f"reference {y[s, j]!r}")
    print("PASS")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("randomize")
    r.add_argument("--pattern", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--neurons", type=int, default=1024)
    r.add_argument("--layers", type=int, required=True)
    r.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("check")
    c.add_argument("--net", required=True)
    c.add_argument("--neurons", type=int, default=1024)
    c.add_argument("--layers", type=int, required=True)
    c.add_argument("--bias", type=float, default=-0.3)
    c.add_argument("--bias-file")
    c.add_argument("--clamp", type=float)
    c.add_argument("--input", required=True)
    c.add_argument("--compare", required=True)
    c.add_argument("--rtol", type=float, default=1e-5)
    c.add_argument("--atol", type=float, default=1e-30)
    c.add_argument("--min-alive", type=float, default=0.05)
    args = parser.parse_args()
    randomize(args) if args.command == "randomize" else check(args)


if __name__ == "__main__":
    main()
