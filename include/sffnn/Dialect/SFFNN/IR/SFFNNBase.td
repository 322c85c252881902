//===- SFFNNBase.td - sffnn dialect, types and enums ------*- tablegen -*-===//
#ifndef SFFNN_BASE_TD
#define SFFNN_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def SFFNN_Dialect : Dialect {
  let name = "sffnn";
  let cppNamespace = "::mlir::sffnn";
  let summary = "Sparse feed-forward neural networks";
  let description = [{
    The `sffnn` dialect represents a sparse feed-forward neural network (any
    DAG of neurons) that maps a batch of input vectors to a batch of output
    vectors. Weights live in compact sparse attributes (`#sffnn.csr`), so a
    network with millions of connections is a handful of ops. Semantics and
    the numbered constraints the verifiers cite are in docs/Spec.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;

  // The protocol between passes: discardable attributes, each with one
  // verifier (SFFNNPassAttrs.cpp) and accessors (PassAttributes.h).
  // docs/Pipeline.md says who writes and who reads each.
  let discardableAttrs = (ins
    // On sffnn.network: a neuron order (node ids), i32 array.
    "::mlir::ElementsAttr":$schedule,
    // On sffnn.network: level name -> ascending block starts (i32 arrays).
    "::mlir::DictionaryAttr":$blocks,
    // On sffnn.network: level name -> {words, blocks, total, activation,
    // expansion, register_tile} (the last two optional).
    "::mlir::DictionaryAttr":$io_levels,
    // On sffnn.network: I/O bounds and simulated I/O counts.
    "::mlir::DictionaryAttr":$io_bounds,
    "::mlir::DictionaryAttr":$io_baseline,
    "::mlir::DictionaryAttr":$io_schedule,
    "::mlir::DictionaryAttr":$io_annealed,
    // On a lowered kernel function: its shape (KernelInfo).
    "::mlir::DictionaryAttr":$kernel
  );
  let hasOperationAttrVerify = 1;
}

class SFFNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SFFNN_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

def SFFNN_NeuronType : TypeDef<SFFNN_Dialect, "Neuron"> {
  let mnemonic = "neuron";
  let summary = "the values of one neuron over the batch";
  let description = [{
    A `!sffnn.neuron` value holds one neuron's value for every sample of the
    batch (a column of a `tensor<B x N x f32>` activation). It is used by the
    neuron-level form (`sffnn.split`, `sffnn.neuron`, `sffnn.concat`).
  }];
}

/// A batch of activations: rank-2 f32 tensor, batch dimension first.
def SFFNN_Batch : 2DTensorOf<[F32]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def SFFNN_Activation : I32EnumAttr<"Activation", "neuron activation function", [
    I32EnumAttrCase<"identity", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"tanh", 3>]> {
  let cppNamespace = "::mlir::sffnn";
  let genSpecializedAttr = 0;
}

def SFFNN_ActivationAttr : EnumAttr<SFFNN_Dialect, SFFNN_Activation, "activation"> {
  let assemblyFormat = "$value";
}

#endif // SFFNN_BASE_TD
