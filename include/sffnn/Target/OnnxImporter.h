//===- OnnxImporter.h - ONNX models as sparse layered networks --*- C++ -*-===//
//
// Reads an ONNX model (Debian's libonnx, ONNX 1.12), runs the ONNX checker
// and turns the graph into a LayeredNetwork: Gemm/MatMul with constant
// weights become sparse layers, and bias adds, activations, clips, skip adds
// and concatenations are fused into them where that is exact. Whatever a
// sparse FFNN cannot represent is an error naming the file, the node and its
// op. docs/Import.md lists the supported ops and every rejection.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_TARGET_ONNXIMPORTER_H
#define SFFNN_TARGET_ONNXIMPORTER_H

#include "sffnn/Model/LayeredNetwork.h"
#include <optional>
#include <string>

namespace sffnn {

struct OnnxImportOptions {
  std::string path;
  /// Also drop weights with |w| <= threshold (exact zeros are always
  /// dropped). Must be finite and >= 0.
  std::optional<float> pruneThreshold;
};

struct OnnxImportResult {
  LayeredNetwork network;
  /// Weights of the model's Gemm/MatMul initializers: exact zeros, weights
  /// dropped by the threshold, and weights kept as connections.
  int64_t zeroWeights = 0;
  int64_t prunedWeights = 0;
  int64_t keptWeights = 0;
};

/// O(model size). Layers carry the name of the ONNX node that made them in
/// Layer::location.
llvm::Expected<OnnxImportResult> importOnnx(const OnnxImportOptions &options);

} // namespace sffnn

#endif // SFFNN_TARGET_ONNXIMPORTER_H
