import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Import",
                                "Onnx", "Inputs"))
import onnx_reference  # noqa: E402
import sparse_ffnn  # noqa: E402

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64),
                      nn.ReLU(), nn.Linear(64, 5)).eval()
with torch.no_grad():
    for layer in model:
        if isinstance(layer, nn.Linear):
            w = layer.weight
            w[w.abs() <= w.abs().flatten().kthvalue(int(0.9 * w.numel())).values] = 0
weights = [m.weight for m in model if isinstance(m, nn.Linear)]
print("density %.2f" % (sum(int((w != 0).sum()) for w in weights) /
                        sum(w.numel() for w in weights)))

x = torch.randn(100, 20)
with torch.no_grad():
    ref = model.double()(x.double()).numpy()
    model.float()
# The tolerance's scale: the float64 evaluation of the same graph.
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "from-torch-%d.onnx" % os.getpid())
torch.onnx.export(model, x, path, opset_version=13)
_, scale = onnx_reference.evaluate(onnx.load(path), x.numpy())
os.remove(path)
for threads in (1, 2):
    net = sparse_ffnn.from_torch(model, x, threads=threads)
    failure, ratio = onnx_reference.compare(net(x.numpy()), ref, scale, "out")
    print("threads %d: %s" % (threads, failure or "ok %.3g" % ratio))
