//===- EarlyReleaseOrderTest.cpp - next-level groups before a level's end -===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/CacheAwareOrder.h"
#include "sffnn/IO/EarlyReleaseOrder.h"
#include "sffnn/IO/Simulator.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <random>

using namespace sffnn;
using namespace sffnn::io;

namespace {

int64_t activation(const Graph &g, const NeuronOrder &order, int64_t m) {
  llvm::Expected<IOCount> count =
      simulateSchedule(g, order, Expansion::RegisterGroups,
                       kDefaultRegisterTile, m, Policy::Belady);
  EXPECT_TRUE(bool(count)) << llvm::toString(count.takeError());
  return count ? count->activation() : -1;
}

/// The structure of the Graph Challenge layers after the sixth, at a smaller
/// size: each layer's neurons come in groups of 16 with one input set; the
/// previous layer is cut at random into blocks of 16, and group k reads
/// blocks k and k + 1 (a cycle), so every value has two reader groups, and a
/// layer's groups and the blocks it writes are unrelated.
Graph permutedCycles(int64_t neurons, int64_t layers, unsigned seed) {
  constexpr int64_t kGroup = 16;
  int64_t groups = neurons / kGroup;
  std::mt19937 rng(seed);
  GraphBuilder b(neurons);
  std::vector<Node> previous(neurons);
  for (int64_t i = 0; i < neurons; ++i)
    previous[i] = static_cast<Node>(i);
  for (int64_t l = 0; l < layers; ++l) {
    std::shuffle(previous.begin(), previous.end(), rng);
    std::vector<Node> layer;
    for (int64_t k = 0; k < groups; ++k) {
      std::vector<Node> sources;
      for (int64_t block : {k, (k + 1) % groups})
        sources.insert(sources.end(), previous.begin() + block * kGroup,
                       previous.begin() + (block + 1) * kGroup);
      std::sort(sources.begin(), sources.end());
      for (int64_t i = 0; i < kGroup; ++i)
        layer.push_back(b.addNeuron(sources, true));
    }
    previous = layer;
  }
  for (Node v : previous)
    b.addOutput(v);
  return b.finish();
}

/// Where the cache-aware order can only go layer by layer, moving the next
/// layer's groups that finish some values before each layer's last groups
/// saves several percent (9% on the real network, docs/IOModel.md).
TEST(EarlyReleaseOrder, BeatsCacheAwareOnPermutedLayers) {
  for (unsigned seed : {1u, 2u}) {
    Graph g = permutedCycles(512, 8, seed);
    const int64_t m = 128;
    NeuronOrder cacheAware = cacheAwareOrder(g, m);
    NeuronOrder order = earlyReleaseOrder(g, m, cacheAware);
    ASSERT_FALSE(bool(checkNeuronOrder(g, order)));
    EXPECT_LT(activation(g, order, m), activation(g, cacheAware, m) * 97 / 100)
        << "seed " << seed;
  }
}

/// Values die before their layer ends: some group of layer l + 1 comes
/// before the last group of layer l.
TEST(EarlyReleaseOrder, CrossesLayers) {
  Graph g = permutedCycles(512, 4, 1);
  NeuronOrder order = earlyReleaseOrder(g, 128, cacheAwareOrder(g, 128));
  std::vector<int32_t> depth = nodeDepths(g);
  std::vector<int64_t> lastOfLevel(6, -1), firstOfLevel(6, -1);
  for (size_t i = 0; i < order.size(); ++i) {
    int32_t d = depth[order[i]];
    lastOfLevel[d] = static_cast<int64_t>(i);
    if (firstOfLevel[d] < 0)
      firstOfLevel[d] = static_cast<int64_t>(i);
  }
  int crossings = 0;
  for (int d = 1; d < 4; ++d)
    crossings += firstOfLevel[d + 1] < lastOfLevel[d];
  EXPECT_GT(crossings, 0);
}

/// Where the cache-aware order crosses every layer (the aligned butterflies
/// of a RadiX-Net), it is kept as it is.
TEST(EarlyReleaseOrder, KeepsACacheAwareWavefront) {
  RadixNetOptions o;
  o.neurons = 1024;
  o.layers = 8;
  auto net = generateRadixNet(o);
  ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
  Graph g = toProgram(*net).graph;
  NeuronOrder cacheAware = cacheAwareOrder(g, 64);
  EXPECT_EQ(earlyReleaseOrder(g, 64, cacheAware), cacheAware);
}

/// Levels of more than 8 M values are not searched (little to gain there,
/// docs/IOModel.md): with no boundary left, the cache-aware order is kept.
TEST(EarlyReleaseOrder, KeepsCacheAwareOnWideLevels) {
  Graph g = permutedCycles(512, 4, 1);
  NeuronOrder cacheAware = cacheAwareOrder(g, 32);
  EXPECT_EQ(earlyReleaseOrder(g, 32, cacheAware), cacheAware);
  EXPECT_NE(earlyReleaseOrder(g, 64, cacheAwareOrder(g, 64)),
            cacheAwareOrder(g, 64));
}

/// A valid order of every neuron on general networks, at several sizes
/// (on some of which it is not the cache-aware order).
TEST(EarlyReleaseOrder, ValidOnGeneratedNetworks) {
  int changed = 0;
  for (uint64_t seed : {1u, 2u, 3u}) {
    DagOptions dag;
    dag.inputs = 16;
    dag.neurons = 300;
    dag.outputs = 8;
    dag.connections = 1500;
    dag.seed = seed;
    auto dagNet = generateDag(dag);
    ASSERT_TRUE(bool(dagNet)) << llvm::toString(dagNet.takeError());
    LayeredOptions layered;
    layered.widths = {32, 48, 48, 32, 8};
    layered.density = 0.2;
    layered.seed = seed;
    auto layeredNet = generateLayered(layered);
    ASSERT_TRUE(bool(layeredNet)) << llvm::toString(layeredNet.takeError());
    for (const LayeredNetwork *net : {&*dagNet, &*layeredNet}) {
      Graph g = toProgram(*net).graph;
      for (int64_t m : {4, 16, 64}) {
        NeuronOrder cacheAware = cacheAwareOrder(g, m);
        NeuronOrder order = earlyReleaseOrder(g, m, cacheAware);
        changed += order != cacheAware;
        EXPECT_EQ(static_cast<int64_t>(order.size()), g.numComputed);
        EXPECT_FALSE(bool(checkNeuronOrder(g, order)))
            << "seed " << seed << " M " << m;
      }
    }
  }
  EXPECT_GT(changed, 0);
}

} // namespace
