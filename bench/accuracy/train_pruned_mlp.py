#!/usr/bin/python3
"""Trains an MLP 784-1024-1024-10 on Fashion-MNIST (Debian's
dataset-fashion-mnist) with PyTorch, prunes it three ways at several
sparsities, fine-tunes each (and the dense model, for a fair baseline) for
the same number of epochs, and writes every variant for sparse-ffnn:

  OUT/<variant>/l1.mtx l2.mtx l3.mtx   MatrixMarket, entry (i, j) = weight
                                       from input i to neuron j
  OUT/<variant>/bias.txt               one line of biases per layer
  OUT/test.txt, OUT/labels.txt         the test set (dense text) and labels
  OUT/accuracy.json                    PyTorch's test accuracy per variant

Pruning: "csr" = unstructured magnitude pruning per layer; "bsr4x4" =
pruning whole 4x4 blocks by their norm; "2:4" = keep the 2 largest of every
4 consecutive inputs of a neuron. Deterministic for a seed (one thread).
"""
import argparse
import gzip
import json
import os

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load():
    xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0
    ytr = idx("train-labels-idx1-ubyte.gz", 8)
    xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0
    yte = idx("t10k-labels-idx1-ubyte.gz", 8)
    f = lambda a: torch.tensor(a, dtype=torch.float32)
    return f(xtr), torch.tensor(ytr, dtype=torch.long), f(xte), torch.tensor(yte, dtype=torch.long)


def model():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 1024), torch.nn.ReLU(),
        torch.nn.Linear(1024, 1024), torch.nn.ReLU(),
        torch.nn.Linear(1024, 10))


def linears(net):
    return [m for m in net if isinstance(m, torch.nn.Linear)]


def train(net, xtr, ytr, epochs, masks=None, seed=0):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(epochs):
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), 256):
            b = perm[i:i + 256]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xtr[b]), ytr[b]).backward()
            opt.step()
            if masks:
                with torch.no_grad():
                    for layer, mask in zip(linears(net), masks):
                        layer.weight.mul_(mask)


def accuracy(net, x, y):
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def magnitude_mask(w, sparsity):
    k = int(w.numel() * sparsity)
    if k == 0:
        return torch.ones_like(w)
    threshold = w.abs().flatten().kthvalue(k).values
    return (w.abs() > threshold).float()


def block_mask(w, sparsity, r=4, c=4):
    rows, cols = w.shape
    pr, pc = (-rows) % r, (-cols) % c
    padded = torch.nn.functional.pad(w.abs(), (0, pc, 0, pr))
    norms = padded.reshape(padded.shape[0] // r, r, padded.shape[1] // c, c).pow(2).sum((1, 3))
    keep = magnitude_mask(norms, sparsity)
    full = keep.repeat_interleave(r, 0).repeat_interleave(c, 1)
    return full[:rows, :cols]


def nm_mask(w, n=2, m=4):
    rows, cols = w.shape
    assert cols % m == 0
    groups = w.abs().reshape(rows, cols // m, m)
    top = groups.topk(n, dim=2).indices
    mask = torch.zeros_like(groups).scatter_(2, top, 1.0)
    return mask.reshape(rows, cols)


def export(net, directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "bias.txt"), "w") as bias:
        for k, layer in enumerate(linears(net), 1):
            w = layer.weight.detach().numpy()  # out x in
            rows, cols = np.nonzero(w.T)       # (input i, neuron j)
            with open(os.path.join(directory, f"l{k}.mtx"), "w") as f:
                f.write("%%MatrixMarket matrix coordinate real general\n")
                f.write(f"{w.shape[1]} {w.shape[0]} {len(rows)}\n")
                for i, j in zip(rows, cols):
                    f.write(f"{i + 1} {j + 1} {w[j, i]:.9g}\n")
            bias.write(" ".join(f"{v:.9g}" for v in layer.bias.detach().numpy()) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--finetune", type=int, default=1)
    p.add_argument("--sparsities", default="0.5,0.75,0.9,0.95,0.98")
    p.add_argument("--test", type=int, default=10000)
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    xtr, ytr, xte, yte = load()
    xte, yte = xte[:args.test], yte[:args.test]
    os.makedirs(args.out, exist_ok=True)
    np.savetxt(os.path.join(args.out, "test.txt"), xte.numpy(), fmt="%.9g")
    np.savetxt(os.path.join(args.out, "labels.txt"), yte.numpy(), fmt="%d")

    dense = model()
    train(dense, xtr, ytr, args.epochs)
    results = {}
    # Every variant, the dense one included, gets the same fine-tuning.
    variants = [("dense", None, lambda w, s: torch.ones_like(w)),
                ("2:4", None, lambda w, s: nm_mask(w))]
    for s in [float(v) for v in args.sparsities.split(",")]:
        variants.append(("csr", s, magnitude_mask))
        variants.append(("bsr4x4", s, block_mask))
    for fmt, s, make in variants:
        net = model()
        net.load_state_dict(dense.state_dict())
        # The output layer keeps every weight: 10 x 1024 is 0.5% of them.
        masks = [make(l.weight.detach(), s) for l in linears(net)[:2]]
        masks.append(torch.ones_like(linears(net)[2].weight))
        with torch.no_grad():
            for layer, mask in zip(linears(net), masks):
                layer.weight.mul_(mask)
        train(net, xtr, ytr, args.finetune, masks, seed=1)
        name = fmt.replace(":", "of") + ("" if s is None else f"-{s}")
        results[name] = accuracy(net, xte, yte)
        export(net, os.path.join(args.out, name))
        print(name, results[name], flush=True)
    json.dump(results, open(os.path.join(args.out, "accuracy.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
