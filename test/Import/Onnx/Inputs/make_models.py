"""Builds the small ONNX models of the importer tests with onnx.helper.

    make_models.py OUTDIR            every model, as OUTDIR/NAME.onnx
    make_models.py OUTDIR check      also import, run and compare each model
                                     that the importer accepts (onnx_check)

Weights are seeded random with about half exact zeros, so the imported
layers are sparse and every value check is reproducible.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(__file__))

rng = np.random.default_rng(7)
FLOAT = TensorProto.FLOAT


def sparse(rows, cols, density=0.5):
    w = rng.normal(0, 0.5, (rows, cols)).astype(np.float32)
    w[rng.random((rows, cols)) >= density] = 0
    return w


def vec(n):
    return rng.uniform(-0.2, 0.2, n).astype(np.float32)


def init(name, value):
    return numpy_helper.from_array(np.asarray(value), name)


def model(nodes, inits, inputs=None, outputs=None, opset=13, ir=7,
          in_shape=("N", 8), out_shape=("N", "M"), name="g"):
    inputs = inputs or [helper.make_tensor_value_info("x", FLOAT, in_shape)]
    outputs = outputs or [helper.make_tensor_value_info("y", FLOAT,
                                                        out_shape)]
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir
    return m


def node(op, ins, outs, name, **attrs):
    return helper.make_node(op, ins, outs, name=name, **attrs)


MODELS = {}


def register(f):
    MODELS[f.__name__] = f
    return f


# --- Accepted models -------------------------------------------------------

@register
def gemm_relu_clip():
    """Gemm + Relu + Clip(0, 6): one relu layer clamped at 6."""
    return model([node("Gemm", ["x", "w", "b"], ["h"], "fc", transB=1),
                  node("Relu", ["h"], ["r"], "relu"),
                  node("Clip", ["r", "lo", "hi"], ["y"], "relu6")],
                 [init("w", sparse(5, 8)), init("b", vec(5)),
                  init("lo", np.float32(0)), init("hi", np.float32(6))])


@register
def clip_attribute():
    """Opset 6: Clip with attributes straight after Gemm (alpha, beta, a
    single-element bias) is a relu clamp."""
    return model([node("Gemm", ["x", "w", "b"], ["h"], "fc", alpha=0.5,
                       beta=2.0),
                  node("Clip", ["h"], ["y"], "clip", min=0.0, max=1.5)],
                 [init("w", sparse(8, 4)), init("b", np.float32([0.1]))],
                 opset=6)


@register
def matmul_add():
    """MatMul with a transposed initializer + Add of a bias, sigmoid, then
    MatMul + Add of a [1, n] bias (bias first) and tanh: two layers."""
    return model([node("Transpose", ["wt"], ["w"], "wT", perm=[1, 0]),
                  node("MatMul", ["x", "w"], ["m"], "mm1"),
                  node("Add", ["m", "b"], ["a"], "bias1"),
                  node("Sigmoid", ["a"], ["s"], "sig"),
                  node("MatMul", ["s", "w2"], ["m2"], "mm2"),
                  node("Add", ["b2", "m2"], ["a2"], "bias2"),
                  node("Tanh", ["a2"], ["y"], "tanh")],
                 [init("wt", sparse(6, 8)), init("b", vec(6)),
                  init("w2", sparse(6, 3)), init("b2", vec(3).reshape(1, 3))])


@register
def skip_add():
    """A residual block: y = relu(fc2(relu(fc1(x))) + x) is two layers, the
    second reading the first and the input."""
    return model([node("Gemm", ["x", "w1", "b1"], ["h"], "fc1", transB=1),
                  node("Relu", ["h"], ["r"], "relu1"),
                  node("Gemm", ["r", "w2", "b2"], ["g"], "fc2", transB=1),
                  node("Add", ["g", "x"], ["s"], "skip"),
                  node("Relu", ["s"], ["y"], "relu2")],
                 [init("w1", sparse(6, 8)), init("b1", vec(6)),
                  init("w2", sparse(8, 6)), init("b2", vec(8))])


@register
def add_computed():
    """The sum of two activated tensors: an identity layer with identity
    weights reading both."""
    return model([node("Gemm", ["x", "w1"], ["h1"], "fc1"),
                  node("Sigmoid", ["h1"], ["s"], "sig"),
                  node("Gemm", ["x", "w2"], ["h2"], "fc2"),
                  node("Tanh", ["h2"], ["t"], "tanh"),
                  node("Add", ["s", "t"], ["y"], "sum")],
                 [init("w1", sparse(8, 5)), init("w2", sparse(8, 5))])


@register
def concat_relu():
    """Concat of two relu layers stacks them into one layer, then a Gemm."""
    return model([node("Gemm", ["x", "w1", "b1"], ["h1"], "fc1"),
                  node("Relu", ["h1"], ["r1"], "relu1"),
                  node("Gemm", ["x", "w2", "b2"], ["h2"], "fc2"),
                  node("Relu", ["h2"], ["r2"], "relu2"),
                  node("Concat", ["r1", "r2"], ["c"], "cat", axis=1),
                  node("Gemm", ["c", "w3"], ["y"], "fc3")],
                 [init("w1", sparse(8, 4)), init("b1", vec(4)),
                  init("w2", sparse(8, 3)), init("b2", vec(3)),
                  init("w3", sparse(7, 2))])


@register
def concat_mixed():
    """Concat of a sigmoid layer and the input: identity copies."""
    return model([node("Gemm", ["x", "w1"], ["h1"], "fc1"),
                  node("Sigmoid", ["h1"], ["s"], "sig"),
                  node("Concat", ["s", "x"], ["y"], "cat", axis=-1)],
                 [init("w1", sparse(8, 4))])


@register
def flatten_reshape():
    """A 4-D input flattened, Identity and Dropout passed through, a
    Constant-node weight, and a Reshape to [-1, 6] of a computed tensor."""
    w = helper.make_tensor("wc", FLOAT, [24, 6], sparse(24, 6).flatten())
    return model([node("Flatten", ["x"], ["f"], "flatten"),
                  node("Identity", ["f"], ["i"], "id"),
                  node("Constant", [], ["w"], "weights", value=w),
                  node("MatMul", ["i", "w"], ["m"], "mm"),
                  node("Dropout", ["m"], ["d"], "drop"),
                  node("Reshape", ["d", "shape"], ["r"], "reshape"),
                  node("Relu", ["r"], ["y"], "relu")],
                 [init("shape", np.int64([-1, 6]))], in_shape=("N", 2, 3, 4))


@register
def unnamed_nodes():
    """Nodes without names: layers are located by op and node index."""
    return model([helper.make_node("Gemm", ["x", "w"], ["h"]),
                  helper.make_node("Tanh", ["h"], ["y"])],
                 [init("w", sparse(8, 3))])


@register
def prune():
    """Weights with exact zeros and small values for --prune-threshold."""
    w = np.float32([[0.0, 0.05, -0.5], [0.2, -0.01, 0.0],
                    [1.0, 0.0, -0.1], [0.0, 0.3, 0.02]])
    return model([node("MatMul", ["x", "w"], ["y"], "mm")],
                 [init("w", w)], in_shape=("N", 4))


# --- Rejected models -------------------------------------------------------

@register
def unsupported_op():
    return model([node("Gemm", ["x", "w"], ["h"], "fc"),
                  node("Softmax", ["h"], ["y"], "softmax")],
                 [init("w", sparse(8, 3))])


@register
def per_sample_bias():
    return model([node("MatMul", ["x", "w"], ["h"], "mm"),
                  node("Add", ["h", "b"], ["y"], "bias")],
                 [init("w", sparse(8, 3)), init("b", sparse(4, 3, 1.0))],
                 in_shape=(4, 8))


@register
def trans_a():
    return model([node("Gemm", ["x", "w"], ["y"], "fc", transA=1)],
                 [init("w", sparse(4, 3))], in_shape=(4, 8))


@register
def nonconstant_weight():
    return model([node("Relu", ["x"], ["r"], "relu"),
                  node("MatMul", ["x", "r"], ["y"], "mm")], [],
                 in_shape=(8, 8))


@register
def two_inputs():
    return model([node("Add", ["x", "z"], ["y"], "add")], [],
                 inputs=[helper.make_tensor_value_info("x", FLOAT, ["N", 8]),
                         helper.make_tensor_value_info("z", FLOAT, ["N", 8])])


@register
def two_outputs():
    return model([node("Relu", ["x"], ["y"], "relu"),
                  node("Tanh", ["x"], ["t"], "tanh")], [],
                 outputs=[helper.make_tensor_value_info("y", FLOAT, ["N", "M"]),
                          helper.make_tensor_value_info("t", FLOAT, ["N", "M"])])


@register
def double_input():
    return model([node("Relu", ["x"], ["y"], "relu")], [],
                 inputs=[helper.make_tensor_value_info(
                     "x", TensorProto.DOUBLE, ["N", 8])],
                 outputs=[helper.make_tensor_value_info(
                     "y", TensorProto.DOUBLE, ["N", "M"])])


@register
def double_output():
    return model([node("Cast", ["x"], ["xd"], "cast", to=TensorProto.DOUBLE),
                  node("MatMul", ["xd", "w"], ["y"], "mm")],
                 [init("w", sparse(8, 3).astype(np.float64))],
                 outputs=[helper.make_tensor_value_info(
                     "y", TensorProto.DOUBLE, ["N", "M"])])


@register
def double_weight():
    return model([node("Gemm", ["x", "w"], ["y"], "fc")],
                 [init("w", sparse(8, 3).astype(np.float64))])


@register
def clip_not_clamp():
    return model([node("Gemm", ["x", "w"], ["h"], "fc"),
                  node("Clip", ["h", "lo"], ["y"], "clip")],
                 [init("w", sparse(8, 3)), init("lo", np.float32(1))])


@register
def concat_batch():
    return model([node("Concat", ["x", "x"], ["y"], "cat", axis=0)], [])


@register
def transpose_computed():
    return model([node("Transpose", ["x"], ["y"], "t", perm=[1, 0])], [])


@register
def flatten_batch():
    return model([node("Flatten", ["x"], ["y"], "flat", axis=2)], [],
                 in_shape=("N", 2, 4))


@register
def reshape_batch():
    return model([node("Reshape", ["x", "s"], ["y"], "reshape")],
                 [init("s", np.int64([2, -1]))])


@register
def elementwise_3d():
    """Gemm needs a 2-D input: a 3-D tensor must be flattened first."""
    return model([node("MatMul", ["x", "w"], ["y"], "mm")],
                 [init("w", sparse(4, 3))], in_shape=("N", 2, 4))


@register
def dropout_training():
    return model([node("Dropout", ["x", "ratio", "train"], ["y"], "drop")],
                 [init("ratio", np.float32(0.5)), init("train", np.bool_(True))])


@register
def constant_output():
    return model([node("Relu", ["x"], ["r"], "relu"),
                  node("Identity", ["w"], ["y"], "id")],
                 [init("w", sparse(2, 3))])


@register
def checker_failure():
    """Gemm without its second input fails the ONNX checker."""
    return model([node("Gemm", ["x"], ["y"], "fc")], [])


@register
def nonfinite_weight():
    w = sparse(8, 3)
    w[2, 1] = np.inf
    return model([node("MatMul", ["x", "w"], ["y"], "mm")], [init("w", w)])


@register
def declared_output():
    """The declared output shape matches what the graph computes."""
    return model([node("MatMul", ["x", "w"], ["y"], "mm")],
                 [init("w", sparse(8, 3))], in_shape=(2, 8), out_shape=(2, 3))


@register
def output_shape_mismatch():
    """The declared output has 7 features; the weight makes 3."""
    return model([node("MatMul", ["x", "w"], ["y"], "mm")],
                 [init("w", sparse(8, 3))], out_shape=("N", 7))


@register
def output_batch_mismatch():
    """The input's batch is 2, the declared output's 5."""
    return model([node("MatMul", ["x", "w"], ["y"], "mm")],
                 [init("w", sparse(8, 3))], in_shape=(2, 8), out_shape=(5, 3))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        onnx.save(make(), os.path.join(out, name + ".onnx"))
    if len(sys.argv) > 2 and sys.argv[2] == "check":
        import onnx_check
        for name in sys.argv[3:]:
            m = onnx.load(os.path.join(out, name + ".onnx"))
            shape = [d.dim_value or 5 for d in
                     m.graph.input[0].type.tensor_type.shape.dim]
            x = np.random.default_rng(1).normal(0, 1, shape).astype(np.float32)
            print("%s: %s" % (name, onnx_check.check(os.path.join(out, name),
                                                     m, x)), flush=True)


if __name__ == "__main__":
    main()
