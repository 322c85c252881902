"""Pruned PyTorch models exported with torch.onnx.export, imported, run
through the interpreter and the compiled kernel, and compared with
PyTorch's float64 forward within the tolerance of docs/Import.md.

    torch_models.py WORKDIR NAME...

Prints 'NAME: density D ok interpret R compiled R' per model (D: the
fraction of weights left after pruning).
"""
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
import onnx_check  # noqa: E402


def prune(module, fraction):
    """Zeroes the `fraction` smallest-magnitude weights of every Linear."""
    with torch.no_grad():
        for layer in module.modules():
            if isinstance(layer, nn.Linear):
                w = layer.weight
                k = int(fraction * w.numel())
                if k:
                    cut = w.abs().flatten().kthvalue(k).values
                    w[w.abs() <= cut] = 0
    return module


class Residual(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)

    def forward(self, x):
        return torch.relu(self.fc2(torch.relu(self.fc1(x))) + x)


class TwoBranches(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(12, 10)
        self.b = nn.Linear(12, 6)
        self.out = nn.Linear(16, 3)

    def forward(self, x):
        return self.out(torch.cat([torch.relu(self.a(x)),
                                   torch.tanh(self.b(x))], dim=1))


MODELS = {
    # name: (module factory, input shape, pruned fraction)
    "mlp_relu": (lambda: nn.Sequential(
        nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(),
        nn.Linear(32, 4)), (16,), 0.9),
    "activations": (lambda: nn.Sequential(
        nn.Linear(16, 24), nn.Sigmoid(), nn.Linear(24, 24), nn.Tanh(),
        nn.Linear(24, 8), nn.ReLU6()), (16,), 0.7),
    "residual": (lambda: nn.Sequential(
        nn.Linear(12, 16), nn.ReLU(), Residual(16), Residual(16),
        nn.Linear(16, 2)), (12,), 0.5),
    "concat": (TwoBranches, (12,), 0.8),
    "flatten": (lambda: nn.Sequential(
        nn.Flatten(), nn.Linear(16, 8), nn.Dropout(0.5), nn.ReLU(),
        nn.Linear(8, 3)), (1, 4, 4), 0.99),
}


def run(work, name):
    factory, shape, fraction = MODELS[name]
    torch.manual_seed(0)
    module = prune(factory(), fraction).eval()
    weights = [m.weight for m in module.modules() if isinstance(m, nn.Linear)]
    density = (sum(int((w != 0).sum()) for w in weights) /
               sum(w.numel() for w in weights))
    x = torch.randn((64,) + shape)
    base = os.path.join(work, name)
    torch.onnx.export(module, x, base + ".onnx", input_names=["x"],
                      output_names=["y"], opset_version=13,
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    with torch.no_grad():
        ref = module.double()(x.double()).numpy()
    report = onnx_check.check(base, onnx.load(base + ".onnx"), x.numpy(),
                              ref.reshape(ref.shape[0], -1))
    return "density %.2f %s" % (density, report)


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    for name in sys.argv[2:]:
        print("%s: %s" % (name, run(work, name)), flush=True)


if __name__ == "__main__":
    main()
