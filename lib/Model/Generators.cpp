//===- Generators.cpp - synthetic sparse networks -------------------------===//
#include "GeneratorSupport.h"
#include "sffnn/Formats/MemoryLimit.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

using namespace sffnn;
using namespace sffnn::detail;

namespace sffnn::detail {

llvm::Error tooLarge(const char *what, double count) {
  return llvm::createStringError(
      "%s: the network would have %.4g connections; at most %lld are "
      "supported",
      what, count, static_cast<long long>(kMaxConnections));
}

llvm::Error checkGeneratorMemory(const char *what, double values,
                                 double connections, double layers) {
  // Measured with sparse-ffnn-gen writing text (bytecode needs less), as
  // RSS above the tool's own: up to 33 bytes per connection (the CSR arrays
  // as they grow, their blobs, the printed hex digits), 130 per value (the
  // graph generators' source lists and layer maps), 1.8 KiB per layer (its
  // op, attributes and their names). Rounded up.
  double bytes = 40 * connections + 160 * values + 2048 * layers;
  return checkMemory(bytes,
                     llvm::Twine(what) + ": generating and writing " +
                         llvm::Twine(static_cast<int64_t>(values)) +
                         " values with " +
                         llvm::Twine(static_cast<int64_t>(connections)) +
                         " connections");
}

/// Appends one CSR row from (column, weight) pairs, sorting by column.
void appendRow(CsrMatrix &csr, std::vector<std::pair<int32_t, float>> &row) {
  std::sort(row.begin(), row.end(),
            [](const auto &x, const auto &y) { return x.first < y.first; });
  for (auto [col, w] : row) {
    csr.indices.push_back(col);
    csr.values.push_back(w);
  }
  csr.offsets.push_back(static_cast<int32_t>(csr.indices.size()));
}

/// Draws `count` distinct values of [0, range) uniformly (Floyd's algorithm;
/// O(count) with a stamp array over the range).
class DistinctSampler {
public:
  void sample(Random &random, int64_t range, int64_t count,
              std::vector<int32_t> &out) {
    if (static_cast<int64_t>(stamp.size()) < range)
      stamp.resize(range, 0);
    ++generation;
    out.clear();
    for (int64_t t = range - count; t < range; ++t) {
      int64_t r = static_cast<int64_t>(random.below(t + 1));
      int64_t pick = stamp[r] == generation ? t : r;
      stamp[pick] = generation;
      out.push_back(static_cast<int32_t>(pick));
    }
  }

private:
  std::vector<uint64_t> stamp;
  uint64_t generation = 0;
};

/// Builds a layered network from neurons given by their sources (value ids:
/// inputs [0, I), computed neuron v is I + v) and a layer for each neuron
/// (every source in an earlier layer; outputs exactly the last layer).
/// Neurons keep their relative order inside a layer; each layer reads just
/// the earlier layers it needs. Weights and biases are drawn in neuron
/// order. O(neurons + connections + layers).
LayeredNetwork groupIntoLayers(const char *name, int64_t inputs,
                               const std::vector<std::vector<int32_t>> &sources,
                               const std::vector<int32_t> &layerOfNeuron,
                               const ParameterOptions &options,
                               Random &random) {
  const int64_t n = static_cast<int64_t>(sources.size());
  int32_t layers = 0;
  for (int32_t l : layerOfNeuron)
    layers = std::max(layers, l + 1);
  // Layer of every value (kNetworkInput for inputs) and its place in it.
  std::vector<int32_t> layerOf(inputs + n), position(inputs + n);
  std::vector<int64_t> layerSize(layers, 0);
  std::vector<std::vector<int64_t>> members(layers);
  for (int64_t i = 0; i < inputs; ++i) {
    layerOf[i] = kNetworkInput;
    position[i] = static_cast<int32_t>(i);
  }
  for (int64_t v = 0; v < n; ++v) {
    int32_t l = layerOfNeuron[v];
    layerOf[inputs + v] = l;
    position[inputs + v] = static_cast<int32_t>(layerSize[l]++);
    members[l].push_back(v);
  }

  LayeredNetwork net;
  net.name = name;
  net.inputs = inputs;
  net.layers.resize(layers);
  std::vector<int64_t> concatOffset(layers + 1);
  std::vector<std::pair<int32_t, float>> row;
  for (int32_t l = 0; l < layers; ++l) {
    Layer &layer = net.layers[l];
    std::vector<int> read;
    for (int64_t v : members[l])
      for (int32_t s : sources[v])
        read.push_back(layerOf[s]);
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    layer.sources = read;
    int64_t offset = 0;
    for (int source : read) {
      concatOffset[source + 1] = offset;
      offset += source == kNetworkInput ? inputs : layerSize[source];
    }
    layer.weights.rows = static_cast<int64_t>(members[l].size());
    layer.weights.cols = offset;
    for (int64_t v : members[l]) {
      int64_t k = static_cast<int64_t>(sources[v].size());
      row.clear();
      for (int32_t s : sources[v])
        row.push_back(
            {static_cast<int32_t>(concatOffset[layerOf[s] + 1] + position[s]),
             options.weights.sample(random, k)});
      appendRow(layer.weights, row);
      if (options.bias)
        layer.bias.push_back(options.bias->sample(random, k));
    }
    layer.activation =
        l + 1 == layers ? options.outputActivation : options.hiddenActivation;
  }
  return net;
}
} // namespace sffnn::detail

llvm::Expected<LayeredNetwork>
sffnn::generateRadixNet(const RadixNetOptions &options) {
  int64_t n = options.neurons, block = options.block;
  if (n < 2 || block < 1 || n % block != 0 || n / block < 2)
    return llvm::createStringError(
        "radixnet: --neurons (%lld) must be a multiple of --block (%lld) with "
        "neurons/block >= 2",
        static_cast<long long>(n), static_cast<long long>(block));
  if (options.layers < 1)
    return llvm::createStringError("radixnet: --layers must be at least 1");
  int64_t base = n / block; // N': neurons of the radix topology
  std::vector<int64_t> radices = options.radices;
  if (radices.empty()) {
    if ((base & (base - 1)) != 0)
      return llvm::createStringError(
          "radixnet: neurons/block = %lld is not a power of two; pass "
          "--radices whose product is %lld",
          static_cast<long long>(base), static_cast<long long>(base));
    for (int64_t p = 1; p < base; p *= 2)
      radices.push_back(2);
  }
  double product = 1;
  for (int64_t r : radices) {
    if (r < 1)
      return llvm::createStringError("radixnet: radices must be >= 1");
    product *= static_cast<double>(r);
  }
  if (product != static_cast<double>(base))
    return llvm::createStringError(
        "radixnet: the radices multiply to %.0f, not neurons/block = %lld",
        product, static_cast<long long>(base));
  double total = 0;
  for (int64_t l = 0; l < options.layers; ++l)
    total += static_cast<double>(n) * block * radices[l % radices.size()];
  if (total > kMaxConnections)
    return tooLarge("radixnet", total);
  if (llvm::Error err = checkGeneratorMemory(
          "radixnet", static_cast<double>(n) * (options.layers + 1), total,
          static_cast<double>(options.layers)))
    return std::move(err);
  std::optional<float> bias = options.bias;
  if (!bias) {
    static const std::map<int64_t, float> challenge = {
        {1024, -0.3f}, {4096, -0.35f}, {16384, -0.4f}, {65536, -0.45f}};
    auto it = challenge.find(n);
    if (it == challenge.end())
      return llvm::createStringError(
          "radixnet: the challenge defines no bias for %lld neurons; pass "
          "--bias",
          static_cast<long long>(n));
    bias = it->second;
  }

  LayeredNetwork net;
  net.name = "radixnet_n" + std::to_string(n);
  net.inputs = n;
  float weight = 1.0f / static_cast<float>(block);
  for (int64_t l = 0; l < options.layers; ++l) {
    size_t cycle = l % radices.size();
    int64_t radix = radices[cycle], stride = 1;
    for (size_t k = 0; k < cycle; ++k)
      stride *= radices[k];
    Layer layer;
    layer.sources = {l == 0 ? kNetworkInput : static_cast<int>(l - 1)};
    CsrMatrix &w = layer.weights;
    w.rows = w.cols = n;
    w.indices.reserve(n * block * radix);
    std::vector<int64_t> offsets(radix);
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t m = 0; m < radix; ++m)
        offsets[m] = (j % base + m * stride) % base;
      std::sort(offsets.begin(), offsets.end());
      for (int64_t b = 0; b < block; ++b)
        for (int64_t offset : offsets) {
          w.indices.push_back(static_cast<int32_t>(b * base + offset));
          w.values.push_back(weight);
        }
      w.offsets.push_back(static_cast<int32_t>(w.indices.size()));
    }
    layer.bias.assign(n, *bias);
    layer.activation = Activation::Relu;
    layer.clamp = options.clamp;
    net.layers.push_back(std::move(layer));
  }
  return net;
}

llvm::Expected<LayeredNetwork>
sffnn::generateLayered(const LayeredOptions &options) {
  const std::vector<int64_t> &widths = options.widths;
  if (widths.size() < 2)
    return llvm::createStringError(
        "layered: --widths needs at least two sizes (inputs, outputs)");
  for (int64_t w : widths)
    if (w < 1 || w > std::numeric_limits<int32_t>::max())
      return llvm::createStringError(
          "layered: every width must be between 1 and 2^31-1");
  if (!(options.density > 0 && options.density <= 1))
    return llvm::createStringError("layered: --density must be in (0, 1]");
  auto fanIn = [&](size_t l) {
    return std::clamp<int64_t>(
        std::llround(options.density * static_cast<double>(widths[l - 1])), 1,
        widths[l - 1]);
  };
  double total = 0;
  for (size_t l = 1; l < widths.size(); ++l)
    total += static_cast<double>(widths[l]) * fanIn(l);
  if (total > kMaxConnections)
    return tooLarge("layered", total);
  double values = 0;
  for (int64_t w : widths)
    values += static_cast<double>(w);
  if (llvm::Error err =
          checkGeneratorMemory("layered", values, total,
                               static_cast<double>(widths.size() - 1)))
    return std::move(err);

  Random random(options.seed);
  DistinctSampler sampler;
  LayeredNetwork net;
  net.name = "layered";
  net.inputs = widths[0];
  std::vector<int32_t> picks;
  std::vector<std::pair<int32_t, float>> row;
  for (size_t l = 1; l < widths.size(); ++l) {
    int64_t k = fanIn(l);
    Layer layer;
    layer.sources = {l == 1 ? kNetworkInput : static_cast<int>(l - 2)};
    layer.weights.rows = widths[l];
    layer.weights.cols = widths[l - 1];
    for (int64_t j = 0; j < widths[l]; ++j) {
      sampler.sample(random, widths[l - 1], k, picks);
      row.clear();
      for (int32_t source : picks)
        row.push_back({source, options.weights.sample(random, k)});
      appendRow(layer.weights, row);
      if (options.bias)
        layer.bias.push_back(options.bias->sample(random, k));
    }
    bool last = l + 1 == widths.size();
    layer.activation =
        last ? options.outputActivation : options.hiddenActivation;
    net.layers.push_back(std::move(layer));
  }
  return net;
}

