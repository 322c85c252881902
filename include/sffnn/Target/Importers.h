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

/// Whether the Graph Challenge TSV files plus the import's flags reproduce
/// a network exactly. The files hold weights only; the import makes every
/// layer relu with one bias for all neurons of all layers and one optional
/// clamp (importGraphChallenge).
struct GraphChallengeExport {
  /// Empty when the network can be written; else what the format cannot
  /// hold, about `layer` (0-based; -1: the network as a whole).
  std::string problem;
  int layer = -1;
  /// The flags that reproduce the network: layers, bias, clamp and name.
  int64_t layers = 0;
  float bias = 0.0f;
  std::optional<float> clamp;
  std::string name;

  /// `--layers 2 --bias -0.3 --clamp 32 --name net`.
  std::string importFlags() const;
};

/// Checks every layer: a chain of square relu layers sharing one uniform
/// bias (no bias counts as 0: the sums start at 0 either way) and one clamp.
/// O(layers + neurons).
GraphChallengeExport planGraphChallengeExport(const LayeredNetwork &network);

/// Writes the network as `dir/n<N>-l<k>.tsv` if planGraphChallengeExport
/// accepts it (else an error naming the network and layer, and nothing is
/// written). A failed write removes the files written so far.
llvm::Error exportGraphChallenge(const LayeredNetwork &network,
                                 llvm::StringRef dir);

} // namespace sffnn

#endif // SFFNN_TARGET_IMPORTERS_H
