//===- Importers.h - Graph Challenge and MatrixMarket networks --*- C++ -*-===//
//
// Reads networks stored one layer per file into a LayeredNetwork (plain
// C++), and writes them back. Errors name the file and line.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_TARGET_IMPORTERS_H
#define SFFNN_TARGET_IMPORTERS_H

#include "sffnn/Model/LayeredNetwork.h"
#include <optional>
#include <string>

namespace sffnn {

/// The Graph Challenge bias for a network width (-0.3, -0.35, -0.4, -0.45
/// for 1024, 4096, 16384, 65536 neurons), if the challenge defines one.
std::optional<float> challengeBias(int64_t neurons);
/// The Graph Challenge clamp (32).
constexpr float kChallengeClamp = 32.0f;

struct GraphChallengeOptions {
  std::string dir;
  int64_t layers = 0;
  /// 0: infer from the single `n<N>-l1.tsv` in `dir`.
  int64_t neurons = 0;
  /// None: the challenge default for the width.
  std::optional<float> bias;
  /// Per-neuron biases, one line per layer (overrides `bias`).
  std::string biasFile;
  /// None: no clamp.
  std::optional<float> clamp = kChallengeClamp;
};

/// Reads `dir/n<N>-l1.tsv` ... `n<N>-l<layers>.tsv` (entry `i j w`: weight
/// of the connection from neuron i of the previous layer to neuron j; the
/// layer computes relu(min(Y W + bias, clamp))). O(connections).
llvm::Expected<LayeredNetwork>
importGraphChallenge(const GraphChallengeOptions &options);

struct MatrixMarketOptions {
  /// One file per layer, in order; entry (i, j) connects neuron i of the
  /// previous layer to neuron j.
  std::vector<std::string> files;
  std::optional<float> bias;
  /// Per-neuron biases, one line per layer (overrides `bias`).
  std::string biasFile;
  Activation activation = Activation::Relu;
  /// The last layer's activation (none: `activation`).
  std::optional<Activation> outputActivation;
  std::optional<float> clamp;
};

llvm::Expected<LayeredNetwork>
importMatrixMarket(const MatrixMarketOptions &options);

/// Replaces the biases of `network` by the rows of `path` (one line per
/// layer, one value per neuron); errors name the file and line.
llvm::Error applyBiasFile(LayeredNetwork &network, llvm::StringRef path);

/// Writes a chain network (each layer reads only the previous one) as
/// `dir/n<N>-l<k>.tsv`. Biases and activations are not part of the format.
llvm::Error exportGraphChallenge(const LayeredNetwork &network,
                                 llvm::StringRef dir);

} // namespace sffnn

#endif // SFFNN_TARGET_IMPORTERS_H
