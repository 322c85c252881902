//===- Generators.h - synthetic sparse networks -----------------*- C++ -*-===//
//
// Deterministic per seed. Every generator is O(connections + neurons) in time
// and memory, and rejects sizes it cannot represent before allocating.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_MODEL_GENERATORS_H
#define SFFNN_MODEL_GENERATORS_H

#include "sffnn/Model/LayeredNetwork.h"
#include "sffnn/Model/Random.h"

namespace sffnn {

/// RadiX-Net (Kepner and Robinett, 2019), as used by the Graph Challenge.
/// With N' = neurons / block and radices r_1..r_L (product N'), layer l links
/// source i to neuron j iff i mod N' = (j + n * r_1 * ... * r_{l-1}) mod N'
/// for some n < r_l, for every pair of the neurons/N' blocks (a Kronecker
/// product with a block x block matrix of ones); weights are 1/block. Layers
/// past L repeat the radices. Default radices: all 2. With neurons = 1024
/// and block = 16 this reproduces layers 1-6 of the challenge network.
struct RadixNetOptions {
  int64_t neurons = 1024;
  int64_t layers = 120;
  int64_t block = 16;
  std::vector<int64_t> radices; // empty: all 2
  std::optional<float> bias;    // none: the challenge's default for neurons
  std::optional<float> clamp = 32.0f;
};
llvm::Expected<LayeredNetwork> generateRadixNet(const RadixNetOptions &options);

/// How the random generators draw parameters and pick activations.
struct ParameterOptions {
  Distribution weights;
  /// None: no biases.
  std::optional<Distribution> bias =
      Distribution{Distribution::Uniform, -0.1, 0.1};
  Activation hiddenActivation = Activation::Relu;
  Activation outputActivation = Activation::Identity;
  uint64_t seed = 1;
};

/// The sizes of a general network: I inputs, n computed neurons (the last O
/// of which are the outputs) and W connections.
struct GraphSizes {
  int64_t inputs = 16, neurons = 64, outputs = 4, connections = 256;
};

/// A chain of layers with the given widths (inputs first); each neuron of a
/// layer reads max(1, round(density * previous width)) distinct sources
/// drawn uniformly.
struct LayeredOptions : ParameterOptions {
  std::vector<int64_t> widths;
  double density = 0.1;
};
llvm::Expected<LayeredNetwork> generateLayered(const LayeredOptions &options);

/// A random DAG of `neurons` computed neurons (the last `outputs` of which
/// are the outputs) over `inputs` inputs with exactly `connections` edges.
/// Hidden neurons are spread evenly over `depth` levels (0: the square root
/// of their number); a neuron reads the inputs and lower levels only.
/// Sources are drawn first from values nobody reads yet (oldest first, which
/// makes long skip connections and leaves no input or neuron unused when the
/// edge count allows), then half from the level just below and half from
/// everything below. Neurons are grouped into layers by depth; each layer
/// reads exactly the earlier layers it needs.
struct DagOptions : ParameterOptions, GraphSizes {
  int64_t depth = 0;
};
llvm::Expected<LayeredNetwork> generateDag(const DagOptions &options);

/// A network of maximal I/O efficiency for a fast memory of M words
/// (docs/IOModel.md, section 6). Neurons are built in execution order; each
/// reads only values resident in fast memory (M - 1 words, one being kept
/// for the partial sum it accumulates); inputs enter fast memory once, in
/// order, and a value leaves it only after its last reader. The last
/// `outputs` neurons are the outputs. Computed in the order written
/// (`sffnn-schedule="order=given"`), it moves exactly the lower bound:
/// every used input is loaded once, every output stored once, nothing else.
/// Exactly `connections` edges; an error when they cannot be placed.
struct IoOptimalOptions : ParameterOptions, GraphSizes {
  int64_t fastMemory = 8;
};
llvm::Expected<LayeredNetwork>
generateIoOptimal(const IoOptimalOptions &options);

} // namespace sffnn

#endif // SFFNN_MODEL_GENERATORS_H
