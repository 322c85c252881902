"""Compares what mlir-runner printed with sparse-ffnn-run on the same batch.

Usage: compare_with_run.py SPARSE_FFNN_RUN NETWORK PRINTED WORKDIR [options]

PRINTED holds two printMemrefF32 blocks labelled INPUT (the batch the
module passed to sffnn.call) and OUT (what the call returned). The batch is
run by sparse-ffnn-run's compiled kernel with the given options (the same
kernel the module called, reached through its C entry point) and, with
--verify, checked against the reference interpreter. printMemrefF32 prints
6 significant digits, so OUT must equal the kernel's output to within that
rounding (5e-6 of the value; exact zeros exactly). The INPUT values must be
exact in 6 digits (the test uses multiples of 1/4). Exit status 1 on any
difference.
"""
import os
import re
import subprocess
import sys

import numpy as np

PRINT_RTOL = 6e-6


def blocks(text):
    found = {}
    pattern = re.compile(
        r"(INPUT|OUT)\s*Unranked Memref[^\n]*sizes = \[(\d+), (\d+)\][^\n]*data =(.*?)(?=INPUT|OUT|\Z)",
        re.S)
    for label, rows, cols, data in pattern.findall(text):
        numbers = re.findall(r"[-+]?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", data)
        found[label] = np.array(numbers, dtype=np.float64).reshape(int(rows), int(cols))
    return found


def main():
    run, network, printed, workdir = sys.argv[1:5]
    options = sys.argv[5:]
    got = blocks(open(printed).read())
    if set(got) != {"INPUT", "OUT"}:
        print("FAILED: expected INPUT and OUT blocks, got", sorted(got))
        return 1
    batch = os.path.join(workdir, "batch.txt")
    np.savetxt(batch, got["INPUT"], fmt="%.9g")
    want_file = os.path.join(workdir, "kernel.txt")
    subprocess.run([run, network, "--input", batch, "--output", want_file] + options,
                   check=True)
    verify = subprocess.run([run, network, "--input", batch, "--verify"] + options,
                            capture_output=True, text=True)
    sys.stdout.write(verify.stdout)
    if verify.returncode != 0:
        print("FAILED: the kernel disagrees with the interpreter")
        return 1
    want = np.loadtxt(want_file, ndmin=2)
    out = got["OUT"]
    if want.shape != out.shape:
        print("FAILED: shapes differ", want.shape, out.shape)
        return 1
    error = np.abs(out - want)
    bad = ~(error <= PRINT_RTOL * np.abs(want))
    alive = np.count_nonzero(want) / want.size
    print("checked %d values, alive %.3f, max |error| %.3g"
          % (want.size, alive, float(error.max())))
    if bad.any() or alive < 0.05:
        print("FAILED: %d values differ" % int(bad.sum()))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
