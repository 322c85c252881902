//===- GraphImporter.h - the ONNX graph walk --------------------*- C++ -*-===//
//
// Walks the nodes of a checked ONNX graph in order (the checker guarantees
// topological order) and tracks every tensor as either a constant or a
// computed value. A computed value is a source of the network (the input or
// an emitted layer) or a pending layer that later nodes may still fuse into
// (a bias Add, an activation, a Clip). A pending layer is fused into only by
// the last reader of its tensor; earlier readers emit it first, so a tensor
// read twice is computed once.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_TARGET_ONNX_GRAPHIMPORTER_H
#define SFFNN_LIB_TARGET_ONNX_GRAPHIMPORTER_H

#include "OnnxTensor.h"

#include "sffnn/Model/LayerAlgebra.h"
#include "sffnn/Target/OnnxImporter.h"
#include "llvm/ADT/StringMap.h"

namespace sffnn::onnximport {

/// A tensor that depends on the network input: batch x dims.
struct Computed {
  /// The feature dimensions (the batch dimension excluded).
  std::vector<int64_t> dims;
  /// Set for a pending layer; otherwise `source` holds the values.
  std::optional<Layer> pending;
  int source = kNetworkInput;
  /// Set when `pending` only concatenates these sources (a Concat of
  /// emitted tensors): a Gemm or MatMul reading it reads them directly, so
  /// the copy is emitted only if something else needs it.
  std::vector<int> concatOf;

  int64_t width() const;
};

class GraphImporter {
public:
  GraphImporter(llvm::StringRef file, const OnnxImportOptions &options)
      : file(file.str()), options(options) {}

  llvm::Expected<OnnxImportResult> run(const onnx::ModelProto &model);

private:
  // Graph walk (OnnxImporter.cpp).
  llvm::Error readInputs(const onnx::GraphProto &graph);
  llvm::Error importNode(const onnx::NodeProto &node);
  llvm::Error finish(const onnx::GraphProto &graph);
  llvm::Error checkDeclaredOutput(const onnx::ValueInfoProto &output,
                                  const std::vector<int64_t> &dims);
  llvm::Error nodeError(const onnx::NodeProto &node, const llvm::Twine &message);
  std::string nodeLabel(const onnx::NodeProto &node) const;

  /// Consumes one read of `name`: the last reader gets a pending layer to
  /// fuse into, earlier readers get the emitted source.
  Computed take(llvm::StringRef name);
  /// Emits a pending layer (no-op for a source); returns the source id.
  int materialize(Computed &value);
  /// `value` as a pending layer with the identity activation that a bias or
  /// activation can be fused into: itself if it is one, else a new layer
  /// reading it through identity weights.
  Computed fusable(Computed value, const std::string &location);
  bool isConstant(llvm::StringRef name) const {
    return constants.count(name) != 0;
  }
  bool isComputed(llvm::StringRef name) const {
    return computed.count(name) != 0;
  }

  // Op handlers (OnnxOps.cpp). Each reads its inputs, checks what a sparse
  // FFNN can represent, and defines its outputs.
  llvm::Error importConstant(const onnx::NodeProto &node);
  llvm::Error importConstantFold(const onnx::NodeProto &node);
  llvm::Error importGemm(const onnx::NodeProto &node);
  llvm::Error importMatMul(const onnx::NodeProto &node);
  llvm::Error importAdd(const onnx::NodeProto &node);
  llvm::Error importActivation(const onnx::NodeProto &node, Activation act);
  llvm::Error importClip(const onnx::NodeProto &node);
  llvm::Error importPassThrough(const onnx::NodeProto &node);
  llvm::Error importReshape(const onnx::NodeProto &node);
  llvm::Error importConcat(const onnx::NodeProto &node);

  /// The float weight or bias constant `name` read by `node`; errors name
  /// the node when it is computed, absent or not float.
  llvm::Expected<const ConstTensor *>
  floatConstant(const onnx::NodeProto &node, llvm::StringRef name,
                llvm::StringRef role);
  /// A linear layer x W (+ bias) reading the computed `input`.
  llvm::Error linear(const onnx::NodeProto &node, llvm::StringRef input,
                     const ConstTensor &w, bool transposed, float alpha,
                     const ConstTensor *bias, float beta);
  /// A per-neuron bias from a constant broadcastable to (batch x neurons):
  /// shapes [], [1], [n], [1, 1], [1, n].
  llvm::Expected<std::vector<float>> biasVector(const onnx::NodeProto &node,
                                                const ConstTensor &bias,
                                                int64_t neurons, float beta);
  llvm::Error needs2D(const onnx::NodeProto &node, const Computed &value);
  std::string nodeLocation(const onnx::NodeProto &node) const;

  std::string file;
  OnnxImportOptions options;
  OnnxImportResult result;
  WeightCounts counts;
  std::string inputName;
  int64_t staticBatch = -1;
  int nodeIndex = 0;
  llvm::StringMap<ConstTensor> constants;
  llvm::StringMap<Computed> computed;
  /// Reads still to come of each tensor (node inputs and the graph output).
  llvm::StringMap<int> uses;
};

} // namespace sffnn::onnximport

#endif // SFFNN_LIB_TARGET_ONNX_GRAPHIMPORTER_H
