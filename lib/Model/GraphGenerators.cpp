//===- GraphGenerators.cpp - random DAGs and I/O-optimal networks ---------===//
#include "GeneratorSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using namespace sffnn;
using namespace sffnn::detail;

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
  // The layers: one per level of hidden neurons at most, and the outputs.
  if (llvm::Error err = checkGeneratorMemory(
          "dag", static_cast<double>(inputs + n), static_cast<double>(edges),
          static_cast<double>(levels + 1)))
    return std::move(err);
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
  // A neuron may start a layer of its own.
  if (llvm::Error err = checkGeneratorMemory(
          "io-optimal", static_cast<double>(inputs + n),
          static_cast<double>(edges), static_cast<double>(n)))
    return std::move(err);
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
