//===- Generators.cpp - synthetic sparse networks -------------------------===//
#include "sffnn/Model/Generators.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

using namespace sffnn;

namespace {
/// Connections one network may hold: CSR offsets are int32.
constexpr int64_t kMaxConnections = std::numeric_limits<int32_t>::max();

llvm::Error tooLarge(const char *what, double count) {
  return llvm::createStringError(
      "%s: the network would have %.4g connections; at most %lld are "
      "supported",
      what, count, static_cast<long long>(kMaxConnections));
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
} // namespace

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

llvm::Expected<LayeredNetwork> sffnn::generateDag(const DagOptions &options) {
  const int64_t inputs = options.inputs, n = options.neurons,
                outputs = options.outputs, edges = options.connections;
  if (inputs < 1 || outputs < 1 || n < outputs)
    return llvm::createStringError(
        "dag: need --inputs >= 1, --outputs >= 1 and --neurons >= --outputs");
  if (inputs + n > std::numeric_limits<int32_t>::max())
    return llvm::createStringError("dag: more than 2^31-1 values");
  if (edges < n)
    return llvm::createStringError(
        "dag: --connections (%lld) must be at least --neurons (%lld): every "
        "neuron reads something",
        static_cast<long long>(edges), static_cast<long long>(n));
  if (edges > kMaxConnections)
    return tooLarge("dag", static_cast<double>(edges));
  const int64_t hidden = n - outputs;
  if (options.depth < 0)
    return llvm::createStringError("dag: --depth must be positive");
  const int64_t levels =
      hidden == 0 ? 1
      : options.depth > 0
          ? std::min(options.depth, hidden)
          : std::max<int64_t>(1, std::llround(std::sqrt(double(hidden))));
  // Hidden neuron h sits on level h * levels / hidden; levelStart[L] is the
  // first hidden neuron of level L (levelStart[levels] = hidden).
  std::vector<int64_t> levelStart(levels + 1, hidden);
  for (int64_t h = hidden - 1; h >= 0; --h)
    levelStart[h * levels / hidden] = h;
  auto levelOf = [&](int64_t h) { return h * levels / hidden; };
  // Neuron v may read the inputs and the hidden neurons of lower levels;
  // outputs read the inputs and all hidden neurons.
  auto poolSize = [&](int64_t v) {
    return inputs + (v >= hidden ? hidden : levelStart[levelOf(v)]);
  };
  // The values one level down: [localBegin, pool).
  auto localBegin = [&](int64_t v) {
    int64_t level = v >= hidden ? levels : levelOf(v);
    return level == 0 ? int64_t(0) : inputs + levelStart[level - 1];
  };
  double capacity = 0;
  for (int64_t v = 0; v < n; ++v)
    capacity += static_cast<double>(poolSize(v));
  if (static_cast<double>(edges) > capacity)
    return llvm::createStringError(
        "dag: %lld connections do not fit; at most %.0f are possible",
        static_cast<long long>(edges), capacity);
  // In-degrees: as even as the pools allow, leftovers to later neurons.
  std::vector<int64_t> degree(n);
  int64_t leftover = 0;
  for (int64_t v = 0; v < n; ++v) {
    int64_t want = edges / n + (v >= n - edges % n ? 1 : 0);
    degree[v] = std::min(want, poolSize(v));
    leftover += want - degree[v];
  }
  for (int64_t v = n - 1; v >= 0 && leftover > 0; --v) {
    int64_t add = std::min(leftover, poolSize(v) - degree[v]);
    degree[v] += add;
    leftover -= add;
  }

  // Choose sources. Value ids: inputs [0, inputs), hidden neuron h is
  // inputs + h.
  Random random(options.seed);
  std::vector<std::vector<int32_t>> sources(n);
  std::vector<uint8_t> used(inputs + hidden, 0);
  std::vector<uint64_t> stamp(inputs + hidden, 0);
  int64_t oldestUnused = 0;
  for (int64_t v = 0; v < n; ++v) {
    const int64_t pool = poolSize(v), want = degree[v];
    const bool isOutput = v >= hidden;
    std::vector<int32_t> &chosen = sources[v];
    auto take = [&](int64_t value) {
      if (stamp[value] == static_cast<uint64_t>(v + 1))
        return;
      stamp[value] = v + 1;
      used[value] = 1;
      chosen.push_back(static_cast<int32_t>(value));
    };
    // Unused values first: half the degree (all of it for outputs).
    int64_t fromUnused = isOutput ? want : (want + 1) / 2;
    while (static_cast<int64_t>(chosen.size()) < fromUnused) {
      while (oldestUnused < pool && used[oldestUnused])
        ++oldestUnused;
      if (oldestUnused >= pool)
        break;
      take(oldestUnused);
    }
    // Then random: half from the level below, half from everything below.
    int64_t attempts = 0, local = localBegin(v);
    while (static_cast<int64_t>(chosen.size()) < want &&
           attempts++ < 64 * want) {
      take(random.uniform() < 0.5 && local < pool
               ? local + static_cast<int64_t>(random.below(pool - local))
               : static_cast<int64_t>(random.below(pool)));
    }
    // Nearly dense rows: fill deterministically from the most recent.
    for (int64_t value = pool - 1; static_cast<int64_t>(chosen.size()) < want;
         --value)
      take(value);
  }

  // Layers by depth; outputs form the last layer.
  std::vector<int32_t> nodeDepth(inputs + hidden, 0), layerOfNeuron(n);
  int32_t maxDepth = 0;
  for (int64_t h = 0; h < hidden; ++h) {
    int32_t d = 0;
    for (int32_t s : sources[h])
      d = std::max(d, nodeDepth[s]);
    nodeDepth[inputs + h] = d + 1;
    layerOfNeuron[h] = d;
    maxDepth = std::max(maxDepth, d + 1);
  }
  for (int64_t v = hidden; v < n; ++v)
    layerOfNeuron[v] = maxDepth;
  return groupIntoLayers("dag", inputs, sources, layerOfNeuron, options,
                         random);
}

llvm::Expected<LayeredNetwork>
sffnn::generateIoOptimal(const IoOptimalOptions &options) {
  const int64_t inputs = options.inputs, n = options.neurons,
                outputs = options.outputs, edges = options.connections,
                capacity = options.fastMemory - 1; // one word: the sum
  if (inputs < 1 || outputs < 1 || n < outputs)
    return llvm::createStringError("io-optimal: need --inputs >= 1, "
                                   "--outputs >= 1, --neurons >= --outputs");
  if (options.fastMemory < 2)
    return llvm::createStringError("io-optimal: --fast-memory must be at "
                                   "least 2");
  if (inputs + n > std::numeric_limits<int32_t>::max())
    return llvm::createStringError("io-optimal: more than 2^31-1 values");
  if (edges < n || edges > kMaxConnections)
    return llvm::createStringError(
        "io-optimal: --connections must be between --neurons and 2^31-1");
  const int64_t hidden = n - outputs;
  Random random(options.seed);
  std::vector<std::vector<int32_t>> sources(n);
  // Fast memory between neurons: the live values, in arrival order, with
  // whether anyone has read them yet.
  std::vector<int32_t> resident;
  std::vector<uint8_t> read(inputs + n, 0);
  int64_t nextInput = 0, remaining = edges;
  std::vector<uint64_t> stamp(inputs + n, 0);
  for (int64_t v = 0; v < n; ++v) {
    const bool isOutput = v >= hidden;
    // Load inputs while there is room.
    while (nextInput < inputs &&
           static_cast<int64_t>(resident.size()) < capacity)
      resident.push_back(static_cast<int32_t>(nextInput++));
    const int64_t available = static_cast<int64_t>(resident.size());
    if (available == 0)
      return llvm::createStringError("io-optimal: nothing to read");
    int64_t unread = 0;
    for (int32_t x : resident)
      unread += !read[x];
    // Degree: the even share of what is left, leaving one edge for every
    // later neuron; the last neuron takes the rest. A hidden neuron also
    // reads enough unread values that the rest fit beside it afterwards.
    const int64_t later = n - v - 1;
    int64_t want = v + 1 == n ? remaining : (remaining + n - v - 1) / (n - v);
    // Unread values cannot leave fast memory: a hidden neuron reads enough
    // of them that the others fit beside its own value afterwards.
    if (!isOutput)
      want = std::max(want, unread + 1 - capacity);
    want = std::clamp<int64_t>(want, 1, std::min(available, remaining - later));
    if (want < 1 || (v + 1 == n && want != remaining))
      return llvm::createStringError(
          "io-optimal: %lld connections cannot be placed with %lld words of "
          "fast memory; ask for fewer connections or more memory",
          static_cast<long long>(edges),
          static_cast<long long>(options.fastMemory));
    // Sources: unread values first (oldest first), then random residents.
    std::vector<int32_t> &chosen = sources[v];
    for (int32_t x : resident)
      if (!read[x] && static_cast<int64_t>(chosen.size()) < want) {
        chosen.push_back(x);
        stamp[x] = v + 1;
      }
    while (static_cast<int64_t>(chosen.size()) < want) {
      int32_t x = resident[random.below(resident.size())];
      if (stamp[x] != static_cast<uint64_t>(v + 1)) {
        chosen.push_back(x);
        stamp[x] = v + 1;
      }
    }
    for (int32_t x : chosen)
      read[x] = 1;
    remaining -= want;
    // Retire read values, oldest first, until the next neuron has room for
    // this one's value and, while inputs remain, one more input.
    int64_t keep = capacity - (isOutput ? 0 : 1) - (nextInput < inputs ? 1 : 0);
    std::vector<int32_t> kept;
    int64_t excess = static_cast<int64_t>(resident.size()) - keep;
    for (int32_t x : resident) {
      if (excess > 0 && read[x]) {
        --excess;
        continue;
      }
      kept.push_back(x);
    }
    resident = std::move(kept);
    if (!isOutput)
      resident.push_back(static_cast<int32_t>(inputs + v));
    if (static_cast<int64_t>(resident.size()) > capacity)
      return llvm::createStringError(
          "io-optimal: %lld words of fast memory cannot hold the values in "
          "flight; ask for more memory or connections",
          static_cast<long long>(options.fastMemory));
  }
  // Consecutive neurons share a layer until one reads the current layer;
  // the outputs form the last layer. The order stays the construction order.
  std::vector<int32_t> layerOfNeuron(n);
  int32_t layer = 0;
  int64_t layerStart = 0;
  for (int64_t v = 0; v < n; ++v) {
    bool readsCurrent = false;
    for (int32_t x : sources[v])
      readsCurrent |= x >= inputs + layerStart;
    if (v > 0 && (readsCurrent || v == hidden)) {
      ++layer;
      layerStart = v;
    }
    layerOfNeuron[v] = layer;
  }
  // Outputs read no outputs, so they fit one layer after the hidden ones.
  for (int64_t v = hidden; v < n; ++v)
    layerOfNeuron[v] = layerOfNeuron[hidden];
  return groupIntoLayers("io_optimal", inputs, sources, layerOfNeuron, options,
                         random);
}
