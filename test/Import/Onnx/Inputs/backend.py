"""Runs cases of ONNX's backend test data (Debian libonnx-testdata) through
sparse-ffnn-translate --import-onnx, the interpreter and the compiled
kernel, and compares with each case's output_0.pb.

    backend.py WORKDIR CASE_DIR...

Graph inputs other than the first become initializers holding the values
of the case's input_<i>.pb (the backend cases feed weights as inputs).
Prints one line per case: 'CASE: ok interpret R compiled R' (R: the largest
error / tolerance) or 'CASE: rejected: MESSAGE' or 'CASE: FAILED ...'.
"""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(__file__))
import onnx_check  # noqa: E402


def read_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def with_initializers(model, values):
    """The model with inputs 1.. turned into initializers."""
    graph = model.graph
    inits = {i.name for i in graph.initializer}
    inputs = [i for i in graph.input if i.name not in inits]
    for vi, value in zip(inputs[1:], values[1:]):
        graph.initializer.append(numpy_helper.from_array(value, vi.name))
    return model


def run_case(work, case):
    name = os.path.basename(case.rstrip("/"))
    data = os.path.join(case, "test_data_set_0")
    count = len([f for f in os.listdir(data) if f.startswith("input_")])
    values = [read_pb(os.path.join(data, "input_%d.pb" % i))
              for i in range(count)]
    ref = read_pb(os.path.join(data, "output_0.pb"))
    model = with_initializers(onnx.load(os.path.join(case, "model.onnx")),
                              values)
    base = os.path.join(work, name)
    onnx.save(model, base + ".onnx")
    ref = ref.reshape(ref.shape[0], -1).astype(np.float64)
    return onnx_check.check(base, model, values[0], ref)


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    for case in sys.argv[2:]:
        print("%s: %s" % (os.path.basename(case.rstrip("/")),
                          run_case(work, case)), flush=True)
    print("%d cases" % (len(sys.argv) - 2))


if __name__ == "__main__":
    main()
