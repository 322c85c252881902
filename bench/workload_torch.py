#!/usr/bin/python3
"""PyTorch 1.13 sparse CSR on a workload dumped by workload-peers.

  workload_torch.py DUMP_DIR THREADS REPEAT OURS_SECONDS [dense]

Each layer: Y^T = act(W X^T + b) with W a torch.sparse_csr_tensor (row j:
the in-edges of neuron j), or with `dense` the same W as a dense tensor
(zeros included), and dense feature-major activations, the sources of a
layer concatenated. Median of REPEAT runs; the outputs are compared
with ours (within 1e-4 of each row's largest value). Prints one row of the
workload table. With SFFNN_CPU_CLOCK set and one thread, times are the
thread's CPU time.
"""
import os
import sys
import time
import warnings

import numpy as np
import torch


def main():
    warnings.filterwarnings("ignore", message="Sparse CSR tensor support")
    dump, threads, repeat, ours_seconds = (sys.argv[1], int(sys.argv[2]),
                                           int(sys.argv[3]),
                                           float(sys.argv[4]))
    dense = len(sys.argv) > 5 and sys.argv[5] == "dense"
    torch.set_num_threads(threads)
    lines = open(f"{dump}/meta.txt").read().split("\n")
    inputs, outputs, batch, nlayers = map(int, lines[0].split())
    layers = []
    connections = 0
    for l in range(nlayers):
        fields = lines[1 + l].split()
        rows, cols, act, clamp = int(fields[0]), int(fields[1]), fields[2], fields[3]
        sources = [int(s) for s in fields[4:]]
        p = f"{dump}/layer{l}_"
        offsets = np.load(p + "offsets.npy").astype(np.int64)
        indices = np.load(p + "indices.npy").astype(np.int64)
        values = np.load(p + "values.npy")
        bias = torch.tensor(np.load(p + "bias.npy")).reshape(-1, 1)
        w = torch.sparse_csr_tensor(torch.tensor(offsets), torch.tensor(indices),
                                    torch.tensor(values), size=(rows, cols))
        if dense:
            w = w.to_dense().contiguous()
        connections += len(values)
        layers.append((w, bias, act, None if clamp == "none" else float(clamp),
                       sources))
    x0 = torch.tensor(np.load(f"{dump}/input.npy").reshape(batch, inputs).T.copy())

    def run():
        values = {-1: x0}
        y = x0
        for l, (w, bias, act, clamp, sources) in enumerate(layers):
            x = values[sources[0]] if len(sources) == 1 else torch.cat(
                [values[s] for s in sources])
            y = w @ x + bias
            if act == "relu":
                y = torch.clamp(y, min=0.0, max=clamp)
            elif act == "sigmoid":
                y = torch.sigmoid(y)
            elif act == "tanh":
                y = torch.tanh(y)
            values[l] = y
        return y

    # SFFNN_CPU_CLOCK (one thread): the thread's CPU time, as workload-peers
    # then measures, since a loaded machine inflates wall time.
    clock = (time.thread_time if os.environ.get("SFFNN_CPU_CLOCK")
             and threads == 1 else time.perf_counter)
    times = []
    for _ in range(repeat):
        start = clock()
        y = run()
        times.append(clock() - start)
    seconds = sorted(times)[len(times) // 2]
    ours = np.load(f"{dump}/ours.npy").reshape(batch, outputs)
    got = y.T.numpy()
    scale = np.maximum(np.abs(ours).max(axis=1, keepdims=True), 1e-30)
    check = "ok" if (np.abs(got - ours) / scale).max() < 1e-4 else "DIFFERS"
    edges = connections * batch
    peer = "pytorch dense" if dense else "pytorch sparse csr"
    print(f"| {peer} | {batch} | {threads} | {seconds:.3g} | "
          f"{edges / seconds:.3g} | {2 * edges / seconds / 1e9:.1f} | "
          f"{seconds / ours_seconds:.2f} | {check} |")


if __name__ == "__main__":
    main()
