"""A pruned PyTorch MLP compiled with sparse-ffnn.

Trains a small MLP on generated data (no downloads), prunes 90% of its
weights by magnitude with a short fine-tuning after each step, compiles it
through ONNX with sparse_ffnn.from_torch, checks the outputs against
PyTorch's float64 forward, and times PyTorch dense, PyTorch sparse CSR and
the compiled kernel on the same batch (one thread each).

    PYTHONPATH=build/python /usr/bin/python3 examples/pytorch-mlp/pytorch_mlp.py
"""
import ctypes
import os
import sys
import time
import warnings

import numpy as np
import torch
from torch import nn

import sparse_ffnn

FEATURES, HIDDEN, CLASSES = 64, 256, 10
torch.manual_seed(0)
torch.set_num_threads(1)
# PyTorch's CSR support is marked beta in 1.13 and says so on every use.
warnings.filterwarnings("ignore", message=".*Sparse CSR tensor support.*")


def make_data(samples):
    """Gaussian clusters, one per class, in FEATURES dimensions."""
    g = torch.Generator().manual_seed(1)
    centers = torch.randn(CLASSES, FEATURES, generator=g) * 2
    labels = torch.randint(0, CLASSES, (samples,))
    return centers[labels] + torch.randn(samples, FEATURES) * 4, labels


def train(model, x, y, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    masks = [(m.weight != 0).float() for m in model if isinstance(m, nn.Linear)]
    for step in range(steps):
        i = torch.randint(0, len(x), (256,))
        loss = nn.functional.cross_entropy(model(x[i]), y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():  # pruned weights stay zero
            for m, mask in zip([m for m in model if isinstance(m, nn.Linear)],
                               masks):
                m.weight.mul_(mask)


def prune(model, fraction):
    with torch.no_grad():
        for m in model:
            if isinstance(m, nn.Linear):
                w = m.weight
                w[w.abs() <= w.abs().flatten().kthvalue(
                    int(fraction * w.numel())).values] = 0


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def best_time(f, repeat=20):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


@torch.no_grad()
def tolerance_scale(model, x):
    """s = |b| + sum |w| (|y| + s) through the layers (docs/Import.md)."""
    y, s = x.double().abs(), torch.zeros_like(x, dtype=torch.float64)
    for m in model:
        if isinstance(m, nn.Linear):
            w = m.weight.double().abs()
            s = (y.abs() + s) @ w.T + m.bias.double().abs()
            y = nn.functional.linear(y, m.weight.double(), m.bias.double())
        else:
            y = m(y)
    return s.numpy()


x_train, y_train = make_data(10000)
x_test, y_test = make_data(2048)
model = nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(),
                      nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                      nn.Linear(HIDDEN, CLASSES))
train(model, x_train, y_train, 300)
dense_acc = accuracy(model, x_test, y_test)
for fraction in (0.5, 0.75, 0.9):
    prune(model, fraction)
    train(model, x_train, y_train, 100)
model.eval()
weights = [m.weight for m in model if isinstance(m, nn.Linear)]
density = (sum(int((w != 0).sum()) for w in weights) /
           sum(w.numel() for w in weights))
print("accuracy: dense %.3f, pruned to density %.3f: %.3f"
      % (dense_acc, density, accuracy(model, x_test, y_test)))

# The three lines: export through ONNX, compile, run.
net = sparse_ffnn.from_torch(model, x_test[:1])
ours = net(x_test.numpy())

with torch.no_grad():
    ref = model.double()(x_test.double()).numpy()
    model.float()
err = np.abs(ours - ref) / (1e-5 * tolerance_scale(model, x_test) + 1e-30)
print("outputs vs PyTorch float64: max error / tolerance %.3g (%s)"
      % (err.max(), "ok" if err.max() <= 1 else "FAILED"))

batch = x_test.numpy()
csr = [(m.weight.to_sparse_csr(), m.bias) if isinstance(m, nn.Linear) else m
       for m in model]


def torch_csr(x):
    # (W x^T)^T with W in CSR: PyTorch's sparse-times-dense kernel.
    for layer in csr:
        if isinstance(layer, tuple):
            x = (layer[0] @ x.T).T + layer[1]
        else:
            x = layer(x)
    return x


with torch.no_grad():
    t_dense = best_time(lambda: model(x_test))
    t_csr = best_time(lambda: torch_csr(x_test))
t_ours = best_time(lambda: net(batch))
# Debian's PyTorch multiplies dense matrices with the system BLAS: the
# reference BLAS unless OpenBLAS is installed (scripts/install-deps.sh
# --bench), which makes "dense" many times slower. Say which one ran.
blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
print("PyTorch's BLAS: %s" % blas)
print("batch %d, one thread: PyTorch dense %.3f ms, PyTorch CSR %.3f ms, "
      "sparse-ffnn %.3f ms" % (len(batch), t_dense * 1e3, t_csr * 1e3,
                               t_ours * 1e3))
print("speedup over PyTorch dense %.1fx, over PyTorch CSR %.1fx"
      % (t_dense / t_ours, t_csr / t_ours))

# What the Python wrapper costs over the bare C call at batch 1.
one = np.ascontiguousarray(batch[:1])
out = np.empty((1, net.outputs), np.float32)
kernel = net._kernel
kernel.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64]
t_call = best_time(lambda: net(one), 2000)
t_c = best_time(lambda: kernel(one.ctypes.data, out.ctypes.data, 1), 2000)
print("batch 1: callable %.1f us, bare ctypes call of the kernel %.1f us"
      % (t_call * 1e6, t_c * 1e6))
if "--report" in sys.argv:  # calibrates this machine once (a few seconds)
    report = net.report()
    print("I/O: lower bound %d, baseline %d words (M = %d)"
          % (report["io"]["lower_bound"], report["io"]["baseline_ios"],
             report["io"]["fast_memory"]))
    print("roofline, expected speedup over dense:",
          report["roofline"]["expected_speedup"])
