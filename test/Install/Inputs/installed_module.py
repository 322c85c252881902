"""Checks the installed sparse_ffnn module (test/Install/python-module.test).

    installed_module.py PREFIX EXAMPLE_DIR INTERPRETED

Prints where the module and the tools it runs come from, then compiles
EXAMPLE_DIR/net.mlir, runs EXAMPLE_DIR/samples.txt on two threads and
compares with INTERPRETED (sparse-ffnn-run --interpret --output). The
network's numbers are small multiples of 1/8, so the two agree exactly.
"""
import os
import sys

import numpy as np
import sparse_ffnn

prefix, example, interpreted = sys.argv[1:4]


def where(path):
    inside = os.path.realpath(path).startswith(os.path.realpath(prefix) + os.sep)
    return "in the prefix" if inside else "NOT in the prefix: " + path


print("module: " + where(sparse_ffnn.__file__))
for tool in ["sparse-ffnn-translate", "sparse-ffnn-opt", "sparse-ffnn-run"]:
    print("%s: %s" % (tool, where(sparse_ffnn._tool(tool))))

net = sparse_ffnn.compile(os.path.join(example, "net.mlir"), threads=2)
print("net: %d inputs, %d outputs" % (net.inputs, net.outputs))
x = np.loadtxt(os.path.join(example, "samples.txt"), dtype=np.float32, ndmin=2)
y = net(x)
expected = np.loadtxt(interpreted, dtype=np.float32, ndmin=2)
if y.shape == expected.shape and np.array_equal(y, expected):
    print("%d samples on 2 threads: equal to the interpreter" % len(x))
else:
    print("differs from the interpreter: shape %s vs %s, max |diff| %s"
          % (y.shape, expected.shape,
             np.max(np.abs(y - expected)) if y.shape == expected.shape else "-"))
