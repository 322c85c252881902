#!/usr/bin/python3
"""Graph Challenge inference with PyTorch sparse CSR (torch 1.13, Debian).

  challenge_torch.py DATA_DIR LAYERS THREADS

Each layer: Y^T = relu(min(W^T Y^T + bias, 32)) with W^T a
torch.sparse_csr_tensor (row j: the in-edges of neuron j) and dense
activations, median of 3 runs; checked against the golden ids after 30 or
120 layers. Prints one row of the peers table.
"""
import sys
import time
import warnings

import numpy as np
import scipy.io
import torch

GOLDEN = [287, 295, 386, 427, 428, 529, 571, 666, 757, 943, 945, 1031, 1097,
          1098, 1177, 1184, 1190, 1194, 1200]


def main():
    warnings.filterwarnings("ignore", message="Sparse CSR tensor support")
    data, layers, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    weights = []
    for k in range(1, layers + 1):
        t = np.loadtxt(f"{data}/n1024/n1024-l{k}.tsv", dtype=np.float32)
        rows = t[:, 1].astype(np.int64) - 1  # target neuron j
        cols = t[:, 0].astype(np.int64) - 1  # source i
        order = np.lexsort((cols, rows))
        crow = np.zeros(1025, dtype=np.int64)
        np.add.at(crow, rows + 1, 1)
        weights.append(torch.sparse_csr_tensor(
            torch.tensor(np.cumsum(crow)), torch.tensor(cols[order]),
            torch.tensor(t[order, 2]), size=(1024, 1024)))
    images = scipy.io.mmread(f"{data}/lagraph/sparse-images-1024_subset.mtx")
    y0 = torch.tensor(np.asarray(images.todense(), dtype=np.float32).T.copy())

    def run():
        y = y0
        for w in weights:
            y = torch.clamp(w @ y - 0.3, min=0.0, max=32.0)
        return y

    times = []
    for _ in range(3):
        start = time.perf_counter()
        y = run()
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[1]
    ids = [int(i) + 1 for i in torch.nonzero(y.sum(0)).flatten()]
    check = "n/a" if layers not in (30, 120) else ("golden" if ids == GOLDEN else "WRONG")
    edges = 32768 * layers * y0.shape[1]
    print(f"| pytorch sparse csr | {layers} | {threads} | {seconds:.4f} | "
          f"{edges / seconds:.3g} | {check} |")


if __name__ == "__main__":
    main()
