#!/usr/bin/python3
"""What the Python module's callable adds over the C call (issue #15).

For each network: the C kernel's median time per call as
`sparse-ffnn-run --time` measures it (sffnn_run on one thread, 1000 calls),
and the median of `kernel(x)` from Python (sparse_ffnn.compile, same
network, same batch, same options), each over ROUNDS rounds, alternating;
the overhead is the difference of the medians. Inputs are built before any
clock starts.

    /usr/bin/python3 bench/python_overhead.py [--rounds 5] [--batch 1]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("SFFNN_BUILD_DIR", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(BUILD, "python"))
import sparse_ffnn  # noqa: E402

NETWORKS = {
    "tiny 16-16-4": ["--widths", "16,16,4", "--density", "0.25"],
    "mlp99 784-1024-1024-10": ["--widths", "784,1024,1024,10",
                               "--density", "0.01"],
}


def c_call_seconds(net, inputs):
    out = subprocess.run([os.path.join(BUILD, "bin", "sparse-ffnn-run"), net,
                          "--input", inputs, "--time"], check=True,
                         capture_output=True, text=True).stdout
    return float(re.search(r"seconds=(\S+)", out).group(1))


def python_call_seconds(kernel, x, calls=1000):
    for _ in range(100):
        kernel(x)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        kernel(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="python-overhead-")
    print("| network | batch | C call (µs) | Python call (µs) | overhead (µs) |")
    print("| --- | --- | --- | --- | --- |")
    for name, gen in NETWORKS.items():
        net = os.path.join(work, "net.mlir")
        subprocess.run([os.path.join(BUILD, "bin", "sparse-ffnn-gen"),
                        "layered", "--seed", "1", "-o", net] + gen,
                       check=True)
        kernel = sparse_ffnn.compile(net)
        x = np.random.default_rng(1).random(
            (args.batch, kernel.inputs), dtype=np.float32)
        inputs = os.path.join(work, "x.txt")
        np.savetxt(inputs, x, fmt="%.8g")
        c_times, py_times = [], []
        for _ in range(args.rounds):
            c_times.append(c_call_seconds(net, inputs))
            py_times.append(python_call_seconds(kernel, x))
        c, py = statistics.median(c_times), statistics.median(py_times)
        print("| %s | %d | %.2f | %.2f | %.2f |"
              % (name, args.batch, c * 1e6, py * 1e6, (py - c) * 1e6))


if __name__ == "__main__":
    main()
