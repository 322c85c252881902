#!/usr/bin/env python3
"""Raised networks compute what the linalg they replace computes.

For each case, writes a module in the shapes torch-mlir and MPACT emit
(random weights, about 60% zeros, random biases), and checks three results
on the same random batch against each other:
  - the original module lowered by MLIR's own --sparsifier pipeline and run
    by mlir-runner (the upstream semantics of the linalg IR);
  - the network sffnn-raise-linalg made of it, extracted from the raised
    module and run by sparse-ffnn-run, interpreted and compiled (--verify);
  - the whole module with its @main, raised, lowered as a whole by
    sffnn-to-llvm-pipeline and run by mlir-runner;
  - an independent float64 numpy evaluation.
Output j passes when |a - b| <= 1e-5 * s_j + 5e-6 * |ref_j| + 1e-30, where
s_j = |b_j| + sum_k |w_kj y_k| over the last layer (docs/Testing.md); the
second term allows for the 6 significant digits printMemrefF32 prints.

usage: raise_values.py OUTDIR MLIR_OPT SFFNN_PLUGIN CASE...
(MLIR_OPT is Debian's mlir-opt, which loads the plugin to drop everything
but the network with symbol-dce.)
"""
import os
import re
import subprocess
import sys

import numpy as np

OUT, MLIR_OPT, PLUGIN = sys.argv[1], sys.argv[2], sys.argv[3]
LLVM_BIN = os.path.dirname(MLIR_OPT)
RUNNER = os.path.join(LLVM_BIN, "mlir-runner")
LIBS = ",".join(os.path.join(LLVM_BIN, "..", "lib", name) for name in
                ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
BATCH = 3
rng = np.random.default_rng(11)

ENCODINGS = {
    "CSR": "map = (d0, d1) -> (d0 : dense, d1 : compressed)",
    "CSC": "map = (d0, d1) -> (d1 : dense, d0 : compressed)",
    "COO": "map = (d0, d1) -> (d0 : compressed(nonunique), d1 : singleton)",
    "NV24": "map = (i, j) -> (i : dense, j floordiv 4 : dense, "
            "j mod 4 : structured[2, 4])",
}
# Forms that MLIR 22's --sparsifier cannot lower (docs/Integration.md):
# the script checks that it still fails and compares with numpy only.
UPSTREAM_FAILS = {"nv24", "sparse_constant", "transpose_to_csr"}


def number(v):
    text = "%.9g" % v
    return text if any(c in text for c in ".en") else text + ".0"


def literal(a):
    if a.ndim == 1:
        return "[" + ", ".join(number(v) for v in a) + "]"
    return "[" + ", ".join(literal(row) for row in a) + "]"


def ttype(shape, enc=None):
    dims = "x".join(str(d) for d in shape)
    return "tensor<%sxf32%s>" % (dims, ", #" + enc if enc else "")


def sparse_weights(rows, cols):
    w = rng.normal(0, 0.7, (rows, cols)) * (rng.random((rows, cols)) < 0.4)
    return (w + 0.0).astype(np.float32)  # + 0.0: no negative zeros


class Model:
    """Emits a forward function and mirrors it in float64 numpy."""

    def __init__(self, features):
        self.lines, self.count, self.encodings = [], 0, set()
        self.x = rng.normal(0, 1, (BATCH, features)).astype(np.float32)
        # (ssa name, numpy value, shape, magnitude of the last layer's terms)
        self.input = ("%x", self.x.astype(np.float64), (BATCH, features))
        self.s = None

    def fresh(self):
        self.count += 1
        return "%%v%d" % self.count

    def emit(self, text):
        self.lines.append("  " + text)

    def const(self, array, enc=None):
        name = self.fresh()
        shape = array.shape
        self.emit("%s = arith.constant dense<%s> : %s" %
                  (name, literal(array), ttype(shape)))
        if enc:
            self.encodings.add(enc)
            sparse = self.fresh()
            self.emit("%s = sparse_tensor.convert %s : %s to %s" %
                      (sparse, name, ttype(shape), ttype(shape, enc)))
            return sparse, ttype(shape, enc)
        return name, ttype(shape)

    def empty(self, shape):
        name = self.fresh()
        self.emit("%s = tensor.empty() : %s" % (name, ttype(shape)))
        return name

    def zeros(self, shape):
        name = self.fresh()
        self.emit("%s = linalg.fill ins(%%zero : f32) outs(%s : %s) -> %s" %
                  (name, self.empty(shape), ttype(shape), ttype(shape)))
        return name

    def linear(self, value, neurons, form, bias=True):
        """value x W (+ b): form torch (W out x in, the transposing
        generic, bias in a generic), outs (bias broadcast into outs), an
        encoding name (W in x out converted, bias in a generic; NV24 keeps
        2 of every 4), sparse_constant (a constant of CSR type) or
        transpose_to_csr (W out x in transposed into a CSR tensor)."""
        name, v, shape = value
        inputs = shape[1]
        w = sparse_weights(neurons, inputs)  # out x in, as torch stores it
        if form == "NV24":
            for i in range(inputs):
                for g in range(0, neurons, 4):
                    drop = rng.choice(4, 2, replace=False) + g
                    w[drop, i] = 0
        b = rng.uniform(-0.2, 0.2, neurons).astype(np.float32)
        out = (BATCH, neurons)
        if form == "torch":
            wc, _ = self.const(w)
            wt = self.fresh()
            self.emit("%s = linalg.generic {indexing_maps = [#id, #tr], "
                      "iterator_types = [\"parallel\", \"parallel\"]} "
                      "ins(%s : %s) outs(%s : %s) {\n  ^bb0(%%in: f32, "
                      "%%o: f32):\n    linalg.yield %%in : f32\n  } -> %s" %
                      (wt, wc, ttype(w.shape), self.empty(w.T.shape),
                       ttype(w.T.shape), ttype(w.T.shape)))
            wtype = ttype(w.T.shape)
        elif form == "sparse_constant":
            self.encodings.add("CSR")
            wt, wtype = self.fresh(), ttype(w.T.shape, "CSR")
            self.emit("%s = arith.constant dense<%s> : %s" %
                      (wt, literal(np.ascontiguousarray(w.T)), wtype))
        elif form == "transpose_to_csr":
            self.encodings.add("CSR")
            wc, _ = self.const(w)
            et, wt, wtype = self.fresh(), self.fresh(), ttype(w.T.shape, "CSR")
            self.emit("%s = tensor.empty() : %s" % (et, wtype))
            self.emit("%s = linalg.transpose ins(%s : %s) outs(%s : %s) "
                      "permutation = [1, 0]" % (wt, wc, ttype(w.shape), et,
                                                wtype))
        else:
            wt, wtype = self.const(np.ascontiguousarray(w.T),
                                   None if form == "outs" else form)
        if form == "outs" and bias:
            bc, _ = self.const(b)
            init = self.fresh()
            self.emit("%s = linalg.generic {indexing_maps = [#row, #id], "
                      "iterator_types = [\"parallel\", \"parallel\"]} "
                      "ins(%s : %s) outs(%s : %s) {\n  ^bb0(%%in: f32, "
                      "%%o: f32):\n    linalg.yield %%in : f32\n  } -> %s" %
                      (init, bc, ttype(b.shape), self.empty(out),
                       ttype(out), ttype(out)))
        else:
            init = self.zeros(out)
        y = self.fresh()
        self.emit("%s = linalg.matmul ins(%s, %s : %s, %s) outs(%s : %s) -> %s"
                  % (y, name, wt, ttype(shape), wtype, init, ttype(out),
                     ttype(out)))
        w64, b64 = w.astype(np.float64), b.astype(np.float64)
        r = v @ w64.T
        self.s = np.abs(v) @ np.abs(w64.T)
        if bias:
            r = r + b64
            self.s = self.s + np.abs(b64)
        result = (y, r, out)
        if bias and form != "outs":
            result = self.elementwise(result, "bias", b)
            result = (result[0], r, out)
        return result

    def elementwise(self, value, kind, extra=None):
        name, v, shape = value
        t = ttype(shape)
        ins, maps, args = [name], ["#id"], ["%a"]
        if kind == "bias":
            bc, _ = self.const(extra)
            ins.append(bc)
            maps.append("#row")
            args.append("%b")
            types = [t, ttype(extra.shape)]
            body = ["%r = arith.addf %a, %b : f32"]
        elif kind == "skip":
            ins.append(extra[0])
            maps.append("#id")
            args.append("%b")
            types = [t, t]
            body = ["%r = arith.addf %a, %b : f32"]
            v = v + extra[1]
        else:
            types = [t]
            if kind == "relu_select":
                body = ["%c = arith.cmpf ugt, %a, %zero : f32",
                        "%r = arith.select %c, %a, %zero : f32"]
                v = np.maximum(v, 0)
            elif kind == "relu_max":
                body = ["%r = arith.maximumf %a, %zero : f32"]
                v = np.maximum(v, 0)
            elif kind == "clamp":
                body = ["%c = arith.cmpf ult, %a, %zero : f32",
                        "%l = arith.select %c, %zero, %a : f32",
                        "%d = arith.cmpf ugt, %l, %bound : f32",
                        "%r = arith.select %d, %bound, %l : f32"]
                v = np.minimum(np.maximum(v, 0), 0.5)
            elif kind == "sigmoid":
                body = ["%n = arith.negf %a : f32", "%e = math.exp %n : f32",
                        "%d = arith.addf %e, %one : f32",
                        "%r = arith.divf %one, %d : f32"]
                v = 1 / (1 + np.exp(-v))
            elif kind == "tanh":
                body = ["%r = math.tanh %a : f32"]
                v = np.tanh(v)
        out = self.fresh()
        self.emit("%s = linalg.generic {indexing_maps = [%s, #id], "
                  "iterator_types = [\"parallel\", \"parallel\"]} ins(%s : "
                  "%s) outs(%s : %s) {\n  ^bb0(%s, %%o: f32):\n%s\n    "
                  "linalg.yield %%r : f32\n  } -> %s" %
                  (out, ", ".join(maps), ", ".join(ins), ", ".join(types),
                   self.empty(shape), t,
                   ", ".join(a + ": f32" for a in args),
                   "\n".join("    " + line for line in body), t))
        return (out, v, shape)

    def module(self, result, main):
        name, _, shape = result
        head = ["#id = affine_map<(d0, d1) -> (d0, d1)>",
                "#tr = affine_map<(d0, d1) -> (d1, d0)>",
                "#row = affine_map<(d0, d1) -> (d1)>"]
        head += ["#%s = #sparse_tensor.encoding<{ %s }>" % (e, ENCODINGS[e])
                 for e in sorted(self.encodings)]
        text = "\n".join(head) + "\n"
        text += "func.func @forward(%%x: %s) -> %s {\n" % (
            ttype(self.x.shape), ttype(shape))
        text += "\n".join(["  %zero = arith.constant 0.0 : f32",
                           "  %one = arith.constant 1.0 : f32",
                           "  %bound = arith.constant 0.5 : f32"] + self.lines)
        text += "\n  return %s : %s\n}\n" % (name, ttype(shape))
        if main:
            text += ("func.func private @printMemrefF32(memref<*xf32>)\n"
                     "func.func @main() {\n"
                     "  %%x = arith.constant dense<%s> : %s\n"
                     "  %%y = call @forward(%%x) : (%s) -> %s\n"
                     "  %%m = bufferization.to_buffer %%y : %s to memref<%sxf32>\n"
                     "  %%u = memref.cast %%m : memref<%sxf32> to memref<*xf32>\n"
                     "  call @printMemrefF32(%%u) : (memref<*xf32>) -> ()\n"
                     "  return\n}\n") % (
                         literal(self.x), ttype(self.x.shape),
                         ttype(self.x.shape), ttype(shape), ttype(shape),
                         "x".join(map(str, shape)), "x".join(map(str, shape)))
        return text


def build(case):
    m = Model(6)
    x = m.input
    if case == "torch_linear_relu":
        y = m.elementwise(m.linear(x, 5, "torch"), "relu_select")
    elif case == "bias_outs_relu":
        y = m.elementwise(m.linear(x, 5, "outs"), "relu_max")
    elif case == "mpact_csr":
        y = m.elementwise(m.linear(x, 4, "CSR"), "relu_max")
    elif case == "mlp_skip_clamp":
        h1 = m.elementwise(m.linear(x, 5, "torch"), "relu_select")
        h2 = m.elementwise(m.linear(h1, 5, "CSR"), "relu_max")
        s = m.elementwise(h2, "skip", h1)
        y = m.elementwise(m.linear(s, 3, "outs"), "clamp")
    elif case == "sigmoid_tanh_csc_coo":
        h = m.elementwise(m.linear(x, 5, "CSC"), "sigmoid")
        y = m.elementwise(m.linear(h, 4, "COO"), "tanh")
    elif case == "nv24":
        y = m.elementwise(m.linear(x, 4, "NV24"), "relu_max")
    elif case in ("sparse_constant", "transpose_to_csr"):
        y = m.linear(x, 4, case)
    else:
        sys.exit("unknown case " + case)
    return m, y


def run(args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit("FAILED: %s\n%s%s" % (" ".join(args), p.stdout, p.stderr))
    return p.stdout


def floats(text):
    return np.array([float(t) for t in
                     re.findall(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)",
                                text)])


def check(what, got, ref, s):
    got = got.reshape(ref.shape)
    bound = 1e-5 * s + 5e-6 * np.abs(ref) + 1e-30
    ratio = np.max(np.abs(got - ref) / bound)
    if not np.all(np.abs(got - ref) <= bound):
        sys.exit("%s differs: ratio %.3g\n%s\n%s" % (what, ratio, got, ref))
    return ratio


os.makedirs(OUT, exist_ok=True)
for case in sys.argv[4:]:
    m, y = build(case)
    base = os.path.join(OUT, case)
    with open(base + ".mlir", "w") as f:
        f.write(m.module(y, main=False))
    with open(base + ".main.mlir", "w") as f:
        f.write(m.module(y, main=True))
    np.savetxt(base + ".x.txt", m.x, fmt="%.9g")
    ref, s = y[1], m.s
    # Upstream: the original module through --sparsifier and mlir-runner.
    lowered = subprocess.run([MLIR_OPT, base + ".main.mlir", "--sparsifier"],
                             capture_output=True, text=True)
    if case in UPSTREAM_FAILS:
        if lowered.returncode == 0:
            sys.exit("%s: upstream --sparsifier lowers it now; update "
                     "docs/Integration.md" % case)
        upstream = ref
    else:
        if lowered.returncode != 0:
            sys.exit("FAILED: --sparsifier on %s\n%s" % (case, lowered.stderr))
        printed = run([RUNNER, "-e", "main", "-entry-point-result=void",
                       "-shared-libs=" + LIBS], input=lowered.stdout)
        upstream = floats(printed.split("data =")[1]).reshape(ref.shape)
    # Raised: one call left in @forward, the network alone run.
    raised = run(["sparse-ffnn-opt", base + ".mlir",
                  "--sffnn-raise-linalg=min-sparsity=0"])
    if "sffnn.call" not in raised or "linalg." in raised:
        sys.exit("%s: not raised to one call:\n%s" % (case, raised))
    alone = run([MLIR_OPT, "--load-dialect-plugin=" + PLUGIN, "--symbol-dce"],
                input=raised.replace("func.func @", "func.func private @"))
    with open(base + ".net.mlir", "w") as f:
        f.write(alone)
    interpreted = floats(run(["sparse-ffnn-run", base + ".net.mlir",
                              "--input", base + ".x.txt", "--interpret",
                              "--output", "-"])).reshape(ref.shape)
    run(["sparse-ffnn-run", base + ".net.mlir", "--input", base + ".x.txt",
         "--verify"])
    # Whole: the module with its @main raised, lowered as a whole by
    # sffnn-to-llvm-pipeline (bufferization, the call, the kernel) and run
    # by mlir-runner: what an ML compiler using the pass gets.
    raised_main = run(["sparse-ffnn-opt", base + ".main.mlir",
                       "--sffnn-raise-linalg=min-sparsity=0"])
    lowered_whole = run(["sparse-ffnn-opt", "--sffnn-to-llvm-pipeline"],
                        input=raised_main)
    printed = run([RUNNER, "-e", "main", "-entry-point-result=void",
                   "-shared-libs=" + LIBS], input=lowered_whole)
    whole = floats(printed.split("data =")[1]).reshape(ref.shape)
    check(case + " raised whole module vs numpy", whole, ref, s)
    check(case + " raised whole module vs upstream", whole, upstream, s)
    r1 = check(case + " upstream vs numpy", upstream, ref, s)
    r2 = check(case + " network vs numpy", interpreted, ref, s)
    r3 = check(case + " network vs upstream", interpreted, upstream, s)
    layers = alone.count("sffnn.layer")
    print("%s: ok, %d layers, max error / tolerance %.2g %.2g %.2g%s" %
          (case, layers, r1, r2, r3, ", upstream --sparsifier fails"
           if case in UPSTREAM_FAILS else ""))
