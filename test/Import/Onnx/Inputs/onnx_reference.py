"""Float64 evaluation of the ONNX ops the importer supports, with a
tolerance scale for every output (docs/Import.md, "Tolerance").

Independent of the C++ importer: it follows the ONNX operator definitions
with numpy. Along with each value it carries s = the sum of the magnitudes
of the terms that produced it, accumulated through the layers:

    s_out = |b| + sum_k |w_kj| (|y_k| + s_k)

so that |ours - reference| <= rtol * s + atol bounds the float32 rounding of
every sum on the way, including errors made in earlier layers and scaled by
later weights. Activations are 1-Lipschitz and pass s through; sigmoid and
tanh add |y| for their own rounding (rtol * |y|, about 80 ulps).
"""
import numpy as np
from onnx import numpy_helper


def _attrs(node):
    from onnx import helper
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def evaluate(model, x):
    """Returns (value, scale) of the graph output for the batch x."""
    graph = model.graph
    env = {}
    for init in graph.initializer:
        v = numpy_helper.to_array(init).astype(np.float64) \
            if init.data_type == 1 else numpy_helper.to_array(init)
        env[init.name] = (v, np.zeros(np.shape(v)))
    inputs = [i.name for i in graph.input if i.name not in env]
    env[inputs[0]] = (x.astype(np.float64), np.zeros(x.shape))
    for node in graph.node:
        a = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            v = numpy_helper.to_array(a["value"])
            out = (v.astype(np.float64) if v.dtype == np.float32 else v,
                   np.zeros(v.shape))
        elif op in ("Gemm", "MatMul"):
            (x0, s0), (w, _) = ins[0], ins[1]
            alpha = a.get("alpha", 1.0) if op == "Gemm" else 1.0
            if a.get("transA", 0):
                x0, s0 = x0.T, s0.T
            if a.get("transB", 0):
                w = w.T
            v = alpha * (x0 @ w)
            s = (np.abs(x0) + s0) @ np.abs(alpha * w)
            if op == "Gemm" and len(ins) > 2 and ins[2] is not None:
                c = a.get("beta", 1.0) * ins[2][0]
                v, s = v + c, s + np.abs(c)
            out = (v, s)
        elif op == "Add":
            # Bias or skip add: the magnitudes of both operands (for a bias
            # this over-counts |u| <= s_u, at most doubling the tolerance).
            (u, su), (w, sw) = ins
            out = (u + w, su + sw + np.abs(u) + np.abs(w))
        elif op == "Relu":
            out = (np.maximum(ins[0][0], 0), ins[0][1])
        elif op == "Sigmoid":
            v = 1 / (1 + np.exp(-ins[0][0]))
            out = (v, ins[0][1] + np.abs(v))
        elif op == "Tanh":
            v = np.tanh(ins[0][0])
            out = (v, ins[0][1] + np.abs(v))
        elif op == "Clip":
            lo = a.get("min", -np.inf)
            hi = a.get("max", np.inf)
            if len(ins) > 1 and ins[1] is not None:
                lo = ins[1][0]
            if len(ins) > 2 and ins[2] is not None:
                hi = ins[2][0]
            out = (np.clip(ins[0][0], lo, hi), ins[0][1])
        elif op in ("Identity", "Dropout"):
            out = ins[0]
        elif op == "Flatten":
            axis = a.get("axis", 1)
            v, s = ins[0]
            shape = (int(np.prod(v.shape[:axis])), -1)
            out = (v.reshape(shape), s.reshape(shape))
        elif op == "Reshape":
            v, s = ins[0]
            shape = [v.shape[i] if d == 0 else d
                     for i, d in enumerate(ins[1][0].astype(np.int64))]
            out = (v.reshape(shape), s.reshape(shape))
        elif op == "Concat":
            axis = a["axis"]
            out = (np.concatenate([i[0] for i in ins], axis),
                   np.concatenate([i[1] for i in ins], axis))
        elif op == "Transpose":
            perm = a.get("perm")
            out = (np.transpose(ins[0][0], perm), np.transpose(ins[0][1], perm))
        else:
            raise ValueError("no reference for op " + op)
        env[node.output[0]] = out
    v, s = env[graph.output[0].name]
    return v.reshape(v.shape[0], -1), s.reshape(s.shape[0], -1)


RTOL = 1e-5
ATOL = 1e-30


def compare(ours, ref, scale, what):
    """Returns (failure message or None, max error / tolerance). Fails when
    an output is off by more than the tolerance or when the reference is
    all zero (a dead network cannot show a wrong value)."""
    if ours.shape != ref.shape:
        return "%s: shape %s, expected %s" % (what, ours.shape, ref.shape), 0
    err = np.abs(ours.astype(np.float64) - ref)
    tol = RTOL * scale + ATOL
    ratio = float((err / tol).max()) if err.size else 0.0
    if not np.isfinite(ours).all():
        return "%s: non-finite outputs" % what, ratio
    if ratio > 1:
        i = np.unravel_index(np.argmax(err / tol), err.shape)
        return "%s: output %s is %.9g, expected %.9g (error %.3g, tolerance %.3g)" % (
            what, i, ours[i], ref[i], err[i], tol[i]), ratio
    if not (ref != 0).any():
        return "%s: the reference outputs are all zero" % what, ratio
    return None, ratio
