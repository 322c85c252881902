//===- SFFNNOps.td - sffnn operations ---------------------*- tablegen -*-===//
#ifndef SFFNN_OPS_TD
#define SFFNN_OPS_TD

include "sffnn/Dialect/SFFNN/IR/SFFNNBase.td"
include "sffnn/Dialect/SFFNN/IR/SFFNNAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/IR/OpAsmInterface.td"

//===----------------------------------------------------------------------===//
// sffnn.network
//===----------------------------------------------------------------------===//

def SFFNN_NetworkOp : SFFNN_Op<"network", [
    FunctionOpInterface, IsolatedFromAbove]> {
  let summary = "a sparse feed-forward network: batch of inputs to batch of outputs";
  let description = [{
    A symbol holding one network. It takes one `tensor<B x I x f32>` (B
    samples of I inputs; B may be `?`) and returns one `tensor<B x O x f32>`.
    The single-block body computes the outputs with `sffnn.layer` ops (the
    compact form) and/or the neuron-level ops `sffnn.split`, `sffnn.neuron`
    and `sffnn.concat`, and ends with `sffnn.return`. SSA dominance makes
    every network a DAG. Constraints C-NET-1 to C-NET-4 of docs/Spec.md.

    Example:
    ```mlir
    sffnn.network @tiny(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
      %h = sffnn.layer relu (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
             offsets = dense<[0, 1, 3]> : tensor<3xi32>,
             indices = dense<[2, 0, 1]> : tensor<3xi32>,
             values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>>
           -> tensor<?x2xf32>
      sffnn.return %h : tensor<?x2xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let builders = [OpBuilder<(ins "StringRef":$name, "FunctionType":$type)>];
  let extraClassDeclaration = [{
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ArrayRef<Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ArrayRef<Type> getResultTypes() { return getFunctionType().getResults(); }

    /// The network's input and output tensor types (C-NET-1 holds).
    RankedTensorType getInputType() {
      return ::llvm::cast<RankedTensorType>(getArgumentTypes()[0]);
    }
    RankedTensorType getOutputType() {
      return ::llvm::cast<RankedTensorType>(getResultTypes()[0]);
    }
    int64_t getNumInputs() { return getInputType().getDimSize(1); }
    int64_t getNumOutputs() { return getOutputType().getDimSize(1); }
  }];
  let hasCustomAssemblyFormat = 1;
  let hasRegionVerifier = 1;
}

def SFFNN_ReturnOp : SFFNN_Op<"return", [
    Pure, HasParent<"NetworkOp">, ReturnLike, Terminator]> {
  let summary = "returns the network's output batch";
  let description = [{
    Ends a network body. Its operand types equal the network's result types
    (C-NET-3).

    Example: `sffnn.return %h : tensor<?x10xf32>`
  }];
  let arguments = (ins Variadic<SFFNN_Batch>:$operands);
  let assemblyFormat = "$operands attr-dict `:` type($operands)";
}

//===----------------------------------------------------------------------===//
// sffnn.layer
//===----------------------------------------------------------------------===//

def SFFNN_LayerOp : SFFNN_Op<"layer", [Pure]> {
  let summary = "a sparse layer: out = act(W * concat(sources) + bias)";
  let description = [{
    Computes `N = rows(weights)` neurons from the concatenation of its
    sources (one or more earlier batches: the network input and/or earlier
    layers, which expresses skip connections and any DAG). For every sample
    `b` and neuron `j`:

        out[b, j] = act(bias[j] + sum_k weights[j, k] * concat(sources)[b, k])

    `act` is `identity`, `relu`, `relu` with `clamp c` (min(max(z, 0), c)),
    `sigmoid` or `tanh`. The bias is optional; a splat bias is a scalar bias.
    Constraints C-LAYER-1 to C-LAYER-5 of docs/Spec.md.

    Example (the Graph Challenge layer: bias -0.3, ReLU clamped at 32):
    ```mlir
    %1 = sffnn.layer relu clamp 3.200000e+01 (%0 : tensor<?x1024xf32>)
           weights #sffnn.csr<1024x1024, offsets = dense_resource<offsets> : tensor<1025xi32>,
                              indices = dense_resource<indices> : tensor<32768xi32>,
                              values = dense<6.250000e-02> : tensor<32768xf32>>
           bias dense<-3.000000e-01> : tensor<1024xf32> -> tensor<?x1024xf32>
    ```
  }];
  let arguments = (ins Variadic<SFFNN_Batch>:$sources,
                       SFFNN_SparseMatrixAttr:$weights,
                       OptionalAttr<ElementsAttr>:$bias,
                       SFFNN_ActivationAttr:$activation,
                       OptionalAttr<F32Attr>:$clamp);
  let results = (outs SFFNN_Batch:$result);
  let assemblyFormat = [{
    custom<Activation>($activation, $clamp, "\"C-LAYER-4\"") ` ` `(` $sources `:` type($sources) `)`
    `weights` $weights (`bias` $bias^)? attr-dict `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of neurons this layer computes.
    int64_t getNumNeurons() { return getWeights().getRows(); }
  }];
}

//===----------------------------------------------------------------------===//
// Neuron-level form
//===----------------------------------------------------------------------===//

def SFFNN_SplitOp : SFFNN_Op<"split", [Pure]> {
  let summary = "splits a batch into its neurons";
  let description = [{
    Yields one `!sffnn.neuron` per feature of the input batch, in order
    (C-SPLIT-1).

    Example: `%x:3 = sffnn.split %in : tensor<?x3xf32>`
  }];
  let arguments = (ins SFFNN_Batch:$input);
  let results = (outs Variadic<SFFNN_NeuronType>:$neurons);
  // The result count follows from the input type.
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def SFFNN_NeuronOp : SFFNN_Op<"neuron", [Pure]> {
  let summary = "one neuron: act(bias + sum_i weights[i] * sources[i])";
  let description = [{
    The neuron-level form, for small hand-written networks and readable
    tests. `weights[i]` is the weight of the connection from `sources[i]`.
    Constraints C-NEURON-1 to C-NEURON-3 of docs/Spec.md.

    Example: `%h = sffnn.neuron relu (%x#0, %x#2) weights [0.5, -1.0] bias 0.25`
  }];
  let arguments = (ins Variadic<SFFNN_NeuronType>:$sources,
                       DenseF32ArrayAttr:$weights,
                       OptionalAttr<F32Attr>:$bias,
                       SFFNN_ActivationAttr:$activation,
                       OptionalAttr<F32Attr>:$clamp);
  let results = (outs SFFNN_NeuronType:$result);
  let assemblyFormat = [{
    custom<Activation>($activation, $clamp, "\"C-NEURON-3\"") ` ` `(` $sources `)`
    `weights` custom<NeuronWeights>($weights, $bias)
    attr-dict
  }];
  let hasVerifier = 1;
}

def SFFNN_ConcatOp : SFFNN_Op<"concat", [Pure]> {
  let summary = "gathers neurons into a batch";
  let description = [{
    Feature `i` of the result is `sources[i]` (C-CONCAT-1).

    Example: `%y = sffnn.concat %h0, %h1 : tensor<?x2xf32>`
  }];
  let arguments = (ins Variadic<SFFNN_NeuronType>:$sources);
  let results = (outs SFFNN_Batch:$result);
  let assemblyFormat = "$sources attr-dict `:` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// sffnn.fma_group
//===----------------------------------------------------------------------===//

def SFFNN_FmaGroupOp : SFFNN_Op<"fma_group", [MemoryEffects<[MemRead]>]> {
  let summary = "a register group's loads and FMAs, written out after the "
                "conversion to LLVM";
  let description = [{
    Internal to the lowering (convert-sffnn-to-vector writes it in
    straight-line chunks, sffnn-expand-fma-groups replaces it by LLVM
    dialect ops at the end of sffnn-to-llvm-pipeline): the accumulators
    `inits` (words, vectors of f32) plus one FMA per term. Source `s` is
    the word at element offset `offsets[s]` from `scratch` (an
    `!llvm.ptr`, loaded with `alignment`); its terms are
    `term_ends[s-1] .. term_ends[s]`, term `t` adding `weights[t]` times
    the source to accumulator `term_accumulators[t]`, in this order. The
    results are the final accumulators.

    Kept as one op so that the upstream conversion passes, which walk and
    check every op of the module, do not walk one op per connection
    (docs/Codegen.md, "Compile cost of straight-line code").

    Example: `%a:2 = sffnn.fma_group %p [%b0, %b1] {offsets = array<i64: 0, 8>,
      term_ends = array<i32: 2, 3>, term_accumulators = array<i32: 0, 1, 1>,
      weights = array<f32: 0.5, -1.0, 2.0>, alignment = 32 : i64}
      : !llvm.ptr, (vector<8xf32>, vector<8xf32>)
      -> (vector<8xf32>, vector<8xf32>)`
  }];
  let arguments = (ins AnyType:$scratch,
                       Variadic<VectorOfRankAndType<[1], [F32]>>:$inits,
                       DenseI64ArrayAttr:$offsets,
                       DenseI32ArrayAttr:$term_ends,
                       DenseI32ArrayAttr:$term_accumulators,
                       DenseF32ArrayAttr:$weights,
                       I64Attr:$alignment);
  let results = (outs Variadic<VectorOfRankAndType<[1], [F32]>>:$results);
  let assemblyFormat = [{
    $scratch ` ` `[` $inits `]` attr-dict `:` type($scratch) `,`
    `(` type($inits) `)` `->` `(` type($results) `)`
  }];
  let builders = [OpBuilder<(ins "::mlir::Value":$scratch,
      "::mlir::ValueRange":$inits, "::llvm::ArrayRef<int64_t>":$offsets,
      "::llvm::ArrayRef<int32_t>":$termEnds,
      "::llvm::ArrayRef<int32_t>":$termAccumulators,
      "::llvm::ArrayRef<float>":$weights, "int64_t":$alignment), [{
    build($_builder, $_state, inits.getTypes(), scratch, inits, offsets,
          termEnds, termAccumulators, weights, alignment);
  }]>];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// sffnn.call
//===----------------------------------------------------------------------===//

def SFFNN_CallOp : SFFNN_Op<"call", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "runs a network from other code (tensors or buffers)";
  let description = [{
    Calls the `sffnn.network` named `callee` from any function, so that a
    network can sit inside a larger model (this is what `sffnn-raise-linalg`
    produces). Two forms, constraints C-CALL-1 to C-CALL-3 of docs/Spec.md:

    - on tensors (before bufferization): one input batch, one result batch;
    - on buffers (after bufferization): the input and the output buffer,
      no result; the op writes every element of the output.

    The batch size of the call may be static where the network's is `?`.

    Example:
    ```mlir
    %y = sffnn.call @mlp(%x) : (tensor<4x784xf32>) -> tensor<4x10xf32>
    sffnn.call @mlp(%xb, %yb) : (memref<4x784xf32>, memref<4x10xf32>) -> ()
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee,
                       Variadic<AnyTypeOf<[SFFNN_Batch, MemRefRankOf<[F32], [2]>]>>:$operands);
  let results = (outs Variadic<SFFNN_Batch>:$results);
  let assemblyFormat = [{
    $callee `(` $operands `)` attr-dict `:` functional-type($operands, $results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// True for the buffer form (input and output memrefs, no result).
    bool hasBufferSemantics() { return getResults().empty(); }
    ::mlir::Value getInput() { return getOperands()[0]; }
    /// The output: the result (tensor form) or the second operand.
    ::mlir::Value getOutput() {
      return hasBufferSemantics() ? getOperands()[1] : getResults()[0];
    }
  }];
}

#endif // SFFNN_OPS_TD
