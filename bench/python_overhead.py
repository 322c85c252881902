#!/usr/bin/python3
"""What the Python module's callable adds over the C call (issue 15).

  PYTHONPATH=build/python bench/python_overhead.py NET.mlir [CALLS]

Compiles NET with sparse_ffnn.compile and times, one sample at a time,
median over CALLS calls (default 20000) after 1000 warm-up calls:
  - kernel(x): the module's callable (argument checks, output allocation,
    sffnn_run through ctypes);
  - ctypes: the C entry point NAME(in, out, 1) through ctypes on
    preallocated buffers (the floor of any ctypes call of this kernel);
and prints both and the difference. `sparse-ffnn-run NET --time` on a
one-sample input gives the C call alone, from C++.
"""
import sys
import time
import ctypes

import numpy as np
import sparse_ffnn


def median_seconds(call, calls):
    for _ in range(1000):
        call()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main():
    path = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    kernel = sparse_ffnn.compile(path)
    x = np.random.default_rng(1).random((1, kernel.inputs), dtype=np.float32)
    out = np.empty((1, kernel.outputs), dtype=np.float32)
    entry = kernel._kernel
    entry.restype = None
    entry.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
    xp, op = x.ctypes.data, out.ctypes.data
    callable_s = median_seconds(lambda: kernel(x), calls)
    ctypes_s = median_seconds(lambda: entry(xp, op, 1), calls)
    assert np.allclose(kernel(x), (entry(xp, op, 1), out)[1])
    print(f"kernel(x) {callable_s * 1e6:.2f} us, ctypes entry point "
          f"{ctypes_s * 1e6:.2f} us, callable over ctypes "
          f"{(callable_s - ctypes_s) * 1e6:.2f} us")


if __name__ == "__main__":
    main()
