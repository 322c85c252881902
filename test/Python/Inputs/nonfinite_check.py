"""A compiled kernel refuses NaN and infinite inputs as sparse-ffnn-run
refuses them in an input file, naming the sample and feature.

    nonfinite_check.py NET.mlir
"""
import sys

import numpy as np

import sparse_ffnn

net = sparse_ffnn.compile(sys.argv[1])
x = np.arange(12, dtype=np.float32).reshape(4, 3)
print("finite: %s" % net(x)[:, 0].tolist())


def attempt(label, batch):
    try:
        net(batch)
        print("%s: accepted" % label)
    except ValueError as error:
        print("%s: ValueError: %s" % (label, error))


for label, sample, feature, value in [("nan", 1, 2, np.nan),
                                      ("inf", 3, 0, np.inf),
                                      ("-inf", 0, 1, -np.inf)]:
    bad = x.copy()
    bad[sample, feature] = value
    attempt(label, bad)
# The first in sample order when there are several.
bad = x.copy()
bad[2, 0] = np.nan
bad[1, 2] = np.inf
attempt("two", bad)
# float64 past float32's range, and a nested list.
wide = x.astype(np.float64)
wide[2, 1] = 1e39
attempt("1e39", wide)
attempt("list", [[0.0, 1.0, float("nan")]])
attempt("one sample", np.array([0.0, float("inf"), 1.0]))
