//===- PartitionOrderTest.cpp - the partition anchor ----------------------===//
#include "sffnn/IO/PartitionOrder.h"

#include "TinyNetworks.h"

#include "gtest/gtest.h"

#include <numeric>

using namespace sffnn;
using namespace sffnn::io;
using namespace sffnn::io::tiny;

namespace {

/// A valid neuron order (a permutation of the computed neurons, sources
/// first) for every fast memory, on tiny random networks and a larger DAG.
TEST(PartitionOrder, AlwaysValid) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Graph g = randomTiny(seed);
    for (int64_t m : {1, 2, 3, 5, 8, 1000}) {
      llvm::Error err = checkNeuronOrder(g, partitionOrder(g, m));
      EXPECT_FALSE(bool(err)) << "seed " << seed << " M " << m << ": "
                              << llvm::toString(std::move(err));
    }
  }
  DagOptions o;
  o.inputs = 64;
  o.neurons = 2000;
  o.outputs = 16;
  o.connections = 20000;
  o.seed = 5;
  auto dag = generateDag(o);
  ASSERT_TRUE(bool(dag));
  Graph g = toProgram(*dag).graph;
  for (int64_t m : {4, 64, 1024}) {
    llvm::Error err = checkNeuronOrder(g, partitionOrder(g, m));
    EXPECT_FALSE(bool(err)) << "M " << m << ": "
                            << llvm::toString(std::move(err));
  }
}

/// Planted clusters: one layer of 96 neurons, each reading 5 of the 8
/// inputs of one of 12 clusters, the clusters interleaved in program order
/// (a random permutation). A cluster's working set (8 inputs + 8 neurons)
/// fits in M = 16, two clusters' do not: partition computes every cluster's
/// neurons together, and moves fewer words than the interleaved program
/// order.
TEST(PartitionOrder, GathersPlantedClusters) {
  constexpr int kClusters = 12, kPerCluster = 8, kInputs = 8, kReads = 5;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Random random(seed);
    std::vector<int> clusterOf(kClusters * kPerCluster);
    for (size_t i = 0; i < clusterOf.size(); ++i)
      clusterOf[i] = static_cast<int>(i) / kPerCluster;
    for (size_t i = clusterOf.size() - 1; i > 0; --i)
      std::swap(clusterOf[i], clusterOf[random.below(i + 1)]);
    GraphBuilder b(kClusters * kInputs);
    std::vector<Node> neurons;
    for (int c : clusterOf) {
      std::vector<Node> inputs(kInputs);
      std::iota(inputs.begin(), inputs.end(), c * kInputs);
      for (int k = kInputs - 1; k > 0; --k)
        std::swap(inputs[k], inputs[random.below(k + 1)]);
      inputs.resize(kReads);
      neurons.push_back(b.addNeuron(inputs, false));
    }
    for (Node v : neurons)
      b.addOutput(v);
    Graph g = b.finish();
    NeuronOrder order = partitionOrder(g, 16);
    ASSERT_FALSE(bool(checkNeuronOrder(g, order)));
    // Each cluster occupies one run of kPerCluster positions.
    for (size_t i = 0; i < order.size(); i += kPerCluster)
      for (size_t k = i; k < i + kPerCluster; ++k)
        EXPECT_EQ(clusterOf[order[k] - g.numInputs],
                  clusterOf[order[i] - g.numInputs])
            << "seed " << seed << " position " << k;
    auto partitioned = simulateNeuronOrder(g, order, 16, Policy::Belady);
    auto program = simulateNeuronOrder(g, programOrder(g), 16, Policy::Belady);
    ASSERT_TRUE(partitioned && program);
    EXPECT_LT(partitioned->total(), program->total()) << "seed " << seed;
  }
}

/// Two levels: the second-level neurons come after every first-level one
/// even when they share inputs with them.
TEST(PartitionOrder, KeepsLevels) {
  GraphBuilder b(4);
  Node a = b.addNeuron({0, 1}, false);
  Node c = b.addNeuron({2, 3}, false);
  Node d = b.addNeuron({a, 0, 1}, false);
  Node e = b.addNeuron({c, 2, 3}, false);
  Node f = b.addNeuron({0, 1}, false);
  b.addOutput(d);
  b.addOutput(e);
  b.addOutput(f);
  Graph g = b.finish();
  NeuronOrder order = partitionOrder(g, 4);
  ASSERT_FALSE(bool(checkNeuronOrder(g, order)));
  // Level 1 is {a, c, f} with a and f together; level 2 is {d, e}.
  ASSERT_EQ(order.size(), 5u);
  std::vector<Node> first(order.begin(), order.begin() + 3);
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, (std::vector<Node>{a, c, f}));
  auto at = [&](Node v) { return std::find(order.begin(), order.end(), v) -
                                 order.begin(); };
  EXPECT_EQ(std::abs(at(a) - at(f)), 1);
}

} // namespace
