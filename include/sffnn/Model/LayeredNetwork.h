//===- LayeredNetwork.h - a network as a list of sparse layers --*- C++ -*-===//
//
// The plain C++ form of an sffnn network in layer form: what importers and
// generators produce and what the MLIR builder turns into `sffnn.layer` ops.
// A layer may read several earlier layers and the input, so any DAG fits.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_LAYEREDNETWORK_H
#define SFFNN_MODEL_LAYEREDNETWORK_H

#include "sffnn/Formats/Matrix.h"
#include <optional>
#include <string>
#include <vector>

namespace sffnn {

enum class Activation { Identity, Relu, Sigmoid, Tanh };

/// Parses `identity`, `relu`, `sigmoid`, `tanh`.
std::optional<Activation> parseActivation(llvm::StringRef name);
const char *activationName(Activation activation);

/// Source id of the network input in Layer::sources.
constexpr int kNetworkInput = -1;

struct Layer {
  /// kNetworkInput or the index of an earlier layer; the weights' columns
  /// index the concatenation of these sources in this order.
  std::vector<int> sources{kNetworkInput};
  /// Row j: the in-edges of neuron j.
  CsrMatrix weights;
  /// Empty (no bias) or one value per neuron.
  std::vector<float> bias;
  Activation activation = Activation::Relu;
  /// With relu: min(max(z, 0), clamp).
  std::optional<float> clamp;
  /// Where the layer came from (an ONNX node name); empty: unknown. Becomes
  /// the layer op's NameLoc so that compiler errors point at the model.
  std::string location;

  int64_t neurons() const { return weights.rows; }
};

/// The layer's activation of z in float, as a float kernel applies it.
float activate(const Layer &layer, float z);

struct LayeredNetwork {
  std::string name = "net";
  int64_t inputs = 0;
  /// In evaluation order; the last layer is the output.
  std::vector<Layer> layers;

  /// Width of a source id (kNetworkInput or a layer index).
  int64_t width(int source) const {
    return source == kNetworkInput ? inputs : layers[source].neurons();
  }
  int64_t outputs() const {
    return layers.empty() ? 0 : layers.back().neurons();
  }
  int64_t connections() const;
};

/// Checks that sources are earlier layers, shapes agree, CSR arrays are
/// well-formed and all numbers are finite. O(layers + connections).
llvm::Error validate(const LayeredNetwork &network);

} // namespace sffnn

#endif // SFFNN_MODEL_LAYEREDNETWORK_H
