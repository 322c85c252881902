"""Imports an ONNX model, runs it through the interpreter and the compiled
kernel, and compares both with a reference (docs/Import.md, "Tolerance").
Shared by the backend-case, generated-model and PyTorch tests."""
import os
import subprocess

import numpy as np

import onnx_reference


def check(base, model, x, ref=None, import_args=()):
    """`base`.onnx holds `model`; x is the batch (samples first). ref: the
    expected outputs (default: the float64 evaluation of the model).
    Returns 'ok interpret R compiled R' (R: largest error / tolerance),
    'rejected: MESSAGE' or 'FAILED: ...'."""
    mlir = base + ".mlir"
    if os.path.exists(mlir):
        os.remove(mlir)
    imp = subprocess.run(["sparse-ffnn-translate", "--import-onnx",
                          base + ".onnx", "-o", mlir] + list(import_args),
                         capture_output=True, text=True)
    if imp.returncode != 0:
        if os.path.exists(mlir):
            return "FAILED: rejected but wrote " + mlir
        msg = imp.stderr.strip().splitlines()[-1]
        return "rejected: " + msg.split(": ", 3)[-1]
    np.savetxt(base + ".x.txt", x.reshape(x.shape[0], -1), fmt="%.9g")
    value, scale = onnx_reference.evaluate(model, x)
    if ref is None:
        ref = value
    report = "ok"
    for mode, extra in (("interpret", ["--interpret"]), ("compiled", [])):
        out = base + "." + mode + ".txt"
        run = subprocess.run(["sparse-ffnn-run", mlir, "--input",
                              base + ".x.txt", "--output", out] + extra,
                             capture_output=True, text=True)
        if run.returncode != 0:
            return "FAILED: %s run: %s" % (mode, run.stderr.strip())
        # The tool prints float32 values with %.9g: round back to float32.
        ours = np.loadtxt(out, ndmin=2).astype(np.float32)
        failure, ratio = onnx_reference.compare(ours, ref, scale, mode)
        if failure:
            return "FAILED: " + failure
        report += " %s %.3g" % (mode, ratio)
    return report
