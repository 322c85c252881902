"""sparse_ffnn: compile sparse feed-forward networks from Python.

    import sparse_ffnn
    net = sparse_ffnn.compile("model.onnx", threads=2)    # or .mlir, .mlirbc
    y = net(x)                       # float32 (batch x inputs) -> (batch x outputs)
    net = sparse_ffnn.from_torch(module, example_input)  # via torch.onnx.export
    net.report()                     # {"io": ..., "roofline": ...}

The module drives the project's tools (sparse-ffnn-translate, sparse-ffnn-opt,
sparse-ffnn-run) as subprocesses: ONNX import, then a shared library holding
the kernel and the runtime (`--compile-to shared`), loaded with ctypes and
called through the runtime's `sffnn_run` (threads). MLIR's own Python
bindings are not packaged by Debian; this needs only numpy. Any tool error
is raised as CompileError carrying the tool's located message.

The tools are found in $SFFNN_TOOLS_DIR, where _paths.py says (the build
tree that made this package, or the install prefix holding it), or on PATH.
"""
import ctypes
import json
import os
import re
import shutil
import subprocess
import tempfile
import weakref

import numpy as np

__all__ = ["compile", "from_torch", "Kernel", "CompileError"]


class CompileError(RuntimeError):
    """A tool rejected the model or failed; str() is its message, e.g.
    'model.onnx: node 'fc' (Gemm): transA=1 transposes ...'."""


def _tool(name):
    candidates = []
    if os.environ.get("SFFNN_TOOLS_DIR"):
        candidates.append(os.path.join(os.environ["SFFNN_TOOLS_DIR"], name))
    try:
        from . import _paths
        candidates.append(os.path.join(_paths.TOOLS_DIR, name))
    except ImportError:
        pass
    for path in candidates:
        if os.access(path, os.X_OK):
            return os.path.normpath(path)
    found = shutil.which(name)
    if not found:
        raise CompileError("cannot find %s (set SFFNN_TOOLS_DIR or PATH)"
                           % name)
    return found


def _run(name, args):
    proc = subprocess.run([_tool(name)] + [str(a) for a in args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        message = proc.stderr.strip() or proc.stdout.strip()
        # "sparse-ffnn-translate: error: FILE: node ..." -> "FILE: node ..."
        message = re.sub(r"^[\w-]+: error: ", "", message)
        raise CompileError(message or "%s failed (exit %d)"
                           % (name, proc.returncode))
    return proc


# Compile options: keyword -> (where it goes, the tool's spelling).
_PIPELINE = {"tile": "tile", "register_tile": "register-tile",
             "tiles_per_group": "tiles-per-group",
             "chunk_connections": "chunk-connections",
             "max_straight_line": "max-straight-line",
             "block_level": "block-level",
             "drop_dead_samples": "drop-dead-samples",
             "kernel_form": "kernel-form", "small_batch": "small-batch",
             "merge_duplicate_neurons": "merge-duplicate-neurons"}
_TRANSLATE = {"opt_level": "opt-level", "target_cpu": "target-cpu",
              "target_features": "target-features"}
_OTHER = {"threads", "prune_threshold", "network", "fast_memory", "machine",
          "batch"}


def _option_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Kernel:
    """A compiled network: call it on a float32 array (batch x inputs)."""

    def __init__(self, mlir, options, workdir):
        self.name = None
        self._mlir = mlir
        self._options = options
        self._report = None
        header = os.path.join(workdir, "kernel.h")
        library = os.path.join(workdir, "kernel.so")
        translate = []
        for key, flag in _TRANSLATE.items():
            if key in options:
                translate.append("--%s=%s" % (flag, options[key]))
        pipeline = " ".join("%s=%s" % (flag, _option_value(options[key]))
                            for key, flag in _PIPELINE.items()
                            if key in options)
        if pipeline:
            translate.append("--pipeline-options=" + pipeline)
        _run("sparse-ffnn-translate", ["--compile-to", "header", mlir, "-o",
                                       header] + translate)
        _run("sparse-ffnn-translate", ["--compile-to", "shared", mlir, "-o",
                                       library] + translate)
        self._read_header(header, options.get("network"))
        self._lib = ctypes.CDLL(library)
        self._kernel = getattr(self._lib, self.name)
        self._run_fn = self._lib.sffnn_run
        self._run_fn.restype = ctypes.c_int
        self._run_fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                 ctypes.c_int64, ctypes.c_void_p,
                                 ctypes.c_int64, ctypes.c_int64,
                                 ctypes.c_int64, ctypes.c_int]
        self._kernel_ptr = ctypes.cast(self._kernel, ctypes.c_void_p).value
        self.threads = int(options.get("threads", 1))

    def _read_header(self, header, network):
        """Name, inputs, outputs and batch tile of the kernel (the C
        header's defines)."""
        text = open(header).read()
        kernels = re.findall(r"^void (\w+)\(const float \*in", text, re.M)
        if network:
            if network not in kernels:
                raise CompileError("no network named '%s' (have %s)"
                                   % (network, ", ".join(kernels)))
            kernels = [network]
        if len(kernels) != 1:
            raise CompileError("the file holds %d networks (%s); choose one "
                               "with network=" % (len(kernels),
                                                  ", ".join(kernels)))
        self.name = kernels[0]
        up = self.name.upper()

        def define(suffix):
            return int(re.search(r"#define %s_%s (\d+)" % (up, suffix),
                                 text).group(1))
        self.inputs = define("INPUTS")
        self.outputs = define("OUTPUTS")
        self.tile = define("TILE")

    def __call__(self, x):
        given = x
        # Values past float32's range become inf here; _check_finite names
        # them (the cast's own overflow warning would say less).
        with np.errstate(over="ignore", invalid="ignore"):
            x = np.ascontiguousarray(x, dtype=np.float32)
        if x.ndim == 1:
            x = x.reshape(1, -1)
        # Not reshape(n, -1): numpy cannot infer -1 for an empty batch.
        x = x.reshape(x.shape[0], int(np.prod(x.shape[1:], dtype=np.int64)))
        if x.shape[1] != self.inputs:
            raise ValueError("%s expects %d inputs per sample, got %d"
                             % (self.name, self.inputs, x.shape[1]))
        _check_finite(given, x)
        out = np.empty((x.shape[0], self.outputs), dtype=np.float32)
        status = self._run_fn(self._kernel_ptr, x.ctypes.data, self.inputs,
                              out.ctypes.data, self.outputs, x.shape[0],
                              self.tile, self.threads)
        if status != 0:
            raise RuntimeError("sffnn_run rejected the call (status %d)"
                               % status)
        return out

    def report(self):
        """The network's I/O bounds and exact baseline I/O (sffnn-io-bounds
        at `fast_memory` words, default 1024) and its sparsity-roofline
        prediction (sffnn-roofline at `batch`, default 1, on `machine`: a
        file from `sparse-ffnn-run --calibrate` or a spec; default: this
        machine, calibrated once and cached). Computed on first use."""
        if self._report is None:
            opts = self._options
            machine = opts.get("machine") or _calibration()
            with tempfile.TemporaryDirectory() as work:
                io_json = os.path.join(work, "io.json")
                roof_json = os.path.join(work, "roofline.json")
                _run("sparse-ffnn-opt", [
                    self._mlir, "--sffnn-io-bounds=fast-memory=%d"
                    % int(opts.get("fast_memory", 1024)),
                    "--sffnn-io-report=output=" + io_json,
                    "--sffnn-roofline=machine=%s batch=%d output=%s"
                    % (machine, int(opts.get("batch", 1)), roof_json),
                    "-o", os.devnull])
                io = json.load(open(io_json))
                roofline = json.load(open(roof_json))
            pick = [r for r in io if r.get("network") == self.name] or io
            pick_roof = ([r for r in roofline if r.get("network") == self.name]
                         or roofline)
            self._report = {"io": pick[0], "roofline": pick_roof[0]}
        return self._report


def _check_finite(given, x):
    """Refuses NaN and infinite inputs as sparse-ffnn-run refuses them in
    an input file: a NaN would spread through every neuron reading it and
    come back as a plausible-looking array. `x` is the float32 batch
    (samples x features) made from `given`; the first bad value in sample
    order is named by its 0-based sample and feature."""
    finite = np.isfinite(x)
    if finite.all():
        return
    sample, feature = (int(i) for i in np.argwhere(~finite)[0])
    value = x[sample, feature]
    if np.isinf(value):
        # A finite value too large for float32 (e.g. 1e39 as float64).
        with np.errstate(over="ignore", invalid="ignore"):
            wide = np.asarray(given, dtype=np.float64)
        wide = wide.reshape(x.shape)[sample, feature]
        if np.isfinite(wide):
            raise ValueError("sample %d, feature %d: value %r does not fit "
                             "in a 32-bit float" % (sample, feature,
                                                    float(wide)))
    raise ValueError("sample %d, feature %d: value %s is not finite"
                     % (sample, feature, float(value)))


def _calibration():
    """This machine's roofline parameters, measured once (a few seconds)
    and kept in $XDG_CACHE_HOME/sparse_ffnn/machine.json."""
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or
                         os.path.expanduser("~/.cache"), "sparse_ffnn")
    path = os.path.join(cache, "machine.json")
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        _run("sparse-ffnn-run", ["--calibrate=" + path])
    return path


def compile(path, **options):
    """Compiles the network in `path` (.onnx, .mlir or .mlirbc) and returns
    a Kernel. Options: threads; the pipeline's tile, register_tile,
    tiles_per_group, chunk_connections, max_straight_line, block_level,
    drop_dead_samples, kernel_form, small_batch, merge_duplicate_neurons;
    opt_level, target_cpu, target_features; for ONNX prune_threshold;
    network (a file holding several); for report(): fast_memory, machine,
    batch."""
    unknown = set(options) - set(_PIPELINE) - set(_TRANSLATE) - _OTHER
    if unknown:
        raise TypeError("unknown option(s): " + ", ".join(sorted(unknown)))
    if int(options.get("threads", 1)) < 1:
        raise CompileError("threads must be >= 1, got %s" % options["threads"])
    path = os.fspath(path)
    if not os.path.exists(path):
        raise CompileError("%s: no such file" % path)
    workdir = tempfile.mkdtemp(prefix="sparse_ffnn-")
    try:
        if path.endswith(".onnx"):
            mlir = os.path.join(workdir, "net.mlirbc")
            args = ["--import-onnx", path, "-o", mlir, "--emit-bytecode"]
            if "prune_threshold" in options:
                args.append("--prune-threshold=%s" % options["prune_threshold"])
            _run("sparse-ffnn-translate", args)
        elif path.endswith(".mlir") or path.endswith(".mlirbc"):
            mlir = os.path.join(workdir, "net" + os.path.splitext(path)[1])
            shutil.copyfile(path, mlir)
        else:
            raise CompileError("%s: expected a .onnx, .mlir or .mlirbc file"
                               % path)
        kernel = Kernel(mlir, options, workdir)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    # The library stays mapped after its file is gone; the network stays
    # for report().
    os.remove(os.path.join(workdir, "kernel.so"))
    weakref.finalize(kernel, shutil.rmtree, workdir, True)
    return kernel


def from_torch(module, example_input, **options):
    """Exports `module` (in eval mode) with torch.onnx.export, batch
    dimension dynamic, and compiles it. Pruned weights (exact zeros) become
    missing connections."""
    import torch
    workdir = tempfile.mkdtemp(prefix="sparse_ffnn-torch-")
    try:
        path = os.path.join(workdir, "model.onnx")
        was_training = module.training
        module.eval()
        try:
            torch.onnx.export(module, example_input, path,
                              input_names=["x"], output_names=["y"],
                              opset_version=13,
                              dynamic_axes={"x": {0: "batch"},
                                            "y": {0: "batch"}})
        finally:
            module.train(was_training)
        return compile(path, **options)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
