"""Exercises the sparse_ffnn module on generated ONNX models (see
test/Import/Onnx/Inputs/make_models.py): .onnx, .mlir and .mlirbc inputs,
compile options, threads, the report, and every error path.

    module_check.py MODELDIR
"""
import os
import subprocess
import sys

import numpy as np
import onnx

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "Import", "Onnx", "Inputs"))
import onnx_reference  # noqa: E402
import sparse_ffnn  # noqa: E402

models = sys.argv[1]


def check(name, kernel, path, x):
    ref, scale = onnx_reference.evaluate(onnx.load(path), x)
    failure, ratio = onnx_reference.compare(kernel(x), ref, scale, name)
    print("%s: %s" % (name, failure or "ok %.3g" % ratio))


x = np.random.default_rng(3).normal(0, 1, (37, 8)).astype(np.float32)
skip = os.path.join(models, "skip_add.onnx")
# A fixed machine spec: report() would otherwise calibrate this machine.
net = sparse_ffnn.compile(skip, machine="peak=50,l1=32768:200,dram=20")
print("kernel %s: %d inputs, %d outputs" % (net.name, net.inputs, net.outputs))
check("onnx", net, skip, x)
check("threads=2 tile=8 register_tile=3",
      sparse_ffnn.compile(skip, threads=2, tile=8, register_tile=3), skip, x)
check("opt_level=0", sparse_ffnn.compile(skip, opt_level=0), skip, x)
check("one sample", net, skip, x[:1])
empty = net(np.zeros((0, 8), np.float32))
print("empty batch: shape %s" % (empty.shape,))
check("kernel_form=table small_batch=0 merge_duplicate_neurons",
      sparse_ffnn.compile(skip, kernel_form="table", small_batch=0,
                          merge_duplicate_neurons=True), skip, x)
check("drop_dead_samples", sparse_ffnn.compile(
    os.path.join(models, "gemm_relu_clip.onnx"), drop_dead_samples=True),
    os.path.join(models, "gemm_relu_clip.onnx"), x)

# .mlir and .mlirbc from the importer.
for ext, extra in ((".mlir", []), (".mlirbc", ["--emit-bytecode"])):
    out = os.path.join(models, "skip" + ext)
    subprocess.run(["sparse-ffnn-translate", "--import-onnx", skip, "-o", out]
                   + extra, check=True)
    check(ext, sparse_ffnn.compile(out), skip, x)

report = net.report()
print("report io: lower_bound %d <= baseline_ios %d <= upper_bound %d: %s" % (
    report["io"]["lower_bound"], report["io"]["baseline_ios"],
    report["io"]["upper_bound"],
    report["io"]["lower_bound"] <= report["io"]["baseline_ios"]
    <= report["io"]["upper_bound"]))
print("report roofline: batch %d, %d layers, formats %s" % (
    report["roofline"]["batch"], len(report["roofline"]["layers"]),
    sorted(report["roofline"]["expected_speedup"])))


def expect_error(what, call):
    try:
        call()
        print("%s: no error" % what)
    except Exception as e:  # noqa: BLE001 - printing the exception is the test
        print("%s: %s: %s" % (what, type(e).__name__, str(e).splitlines()[0]))


expect_error("rejected", lambda: sparse_ffnn.compile(
    os.path.join(models, "trans_a.onnx")))
expect_error("missing", lambda: sparse_ffnn.compile(
    os.path.join(models, "missing.onnx")))
expect_error("suffix", lambda: sparse_ffnn.compile(__file__))
expect_error("option", lambda: sparse_ffnn.compile(skip, tiles=3))
expect_error("bad tile", lambda: sparse_ffnn.compile(skip, tile=-3))
expect_error("threads", lambda: sparse_ffnn.compile(skip, threads=0))
expect_error("width", lambda: net(np.zeros((2, 5), np.float32)))
