//===- CacheAwareOrderTest.cpp - the cache-aware greedy order -------------===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/CacheAwareOrder.h"
#include "sffnn/IO/Simulator.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;

namespace {

int64_t activation(const Graph &g, const NeuronOrder &order, int64_t m) {
  llvm::Expected<IOCount> count =
      simulateNeuronOrder(g, order, m, Policy::Belady);
  EXPECT_TRUE(bool(count)) << llvm::toString(count.takeError());
  return count ? count->activation() : -1;
}

/// A consumer whose sources are resident is computed before a group that
/// must load: a, then c (reads only a), then b.
TEST(CacheAwareOrder, ComputesAResidentConsumerFirst) {
  GraphBuilder b(4);
  Node a = b.addNeuron({0, 1}, true);
  Node bb = b.addNeuron({2, 3}, true);
  Node c = b.addNeuron({a}, true);
  Node d = b.addNeuron({bb}, true);
  b.addOutput(c);
  b.addOutput(d);
  Graph g = b.finish();
  EXPECT_EQ(cacheAwareOrder(g, 4), (NeuronOrder{a, c, bb, d}));
}

/// Of ready groups that miss as many sources, the one that is the last
/// reader of a computed value goes first, so the value dies instead of
/// waiting: after a and b, q (the only reader of b) comes before p and t
/// (which both read a), though the program lists it last.
TEST(CacheAwareOrder, LetsAValueDieFirst) {
  GraphBuilder b(5);
  Node a = b.addNeuron({0}, true);
  Node bb = b.addNeuron({1}, true);
  Node p = b.addNeuron({a, 2}, true);
  Node t = b.addNeuron({a, 4}, true);
  Node q = b.addNeuron({bb, 3}, true);
  for (Node v : {p, t, q})
    b.addOutput(v);
  Graph g = b.finish();
  EXPECT_EQ(cacheAwareOrder(g, 16), (NeuronOrder{a, bb, q, p, t}));
}

/// Neurons with one input set are computed together even when the program
/// interleaves them with others.
TEST(CacheAwareOrder, KeepsEqualInputSetsTogether) {
  GraphBuilder b(4);
  Node p = b.addNeuron({0, 1}, true);
  Node q = b.addNeuron({2, 3}, true);
  Node r = b.addNeuron({0, 1}, true);
  for (Node v : {p, q, r})
    b.addOutput(v);
  Graph g = b.finish();
  EXPECT_EQ(cacheAwareOrder(g, 8), (NeuronOrder{p, r, q}));
}

/// On a RadiX-Net (the Graph Challenge topology with its butterfly blocks
/// aligned across layers) the wavefront lets values die in cache: well
/// below the grouped layer-by-layer order, at two cache sizes.
TEST(CacheAwareOrder, BeatsGroupedOnARadixNet) {
  RadixNetOptions o;
  o.neurons = 1024;
  o.layers = 12;
  auto net = generateRadixNet(o);
  ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
  Graph g = toProgram(*net).graph;
  for (int64_t m : {64, 256}) {
    NeuronOrder order = cacheAwareOrder(g, m);
    ASSERT_FALSE(bool(checkNeuronOrder(g, order)));
    int64_t grouped = activation(g, anchorOrder(g, Anchor::Grouped, m), m);
    EXPECT_LT(activation(g, order, m), grouped * 9 / 10) << "M " << m;
  }
}

/// A hub input read by every neuron, and the smallest fast memory: still a
/// valid order of every neuron.
TEST(CacheAwareOrder, HubsAndTinyMemory) {
  DagOptions o;
  o.inputs = 4;
  o.neurons = 3000;
  o.outputs = 8;
  o.connections = 30000;
  o.seed = 7;
  auto dag = generateDag(o);
  ASSERT_TRUE(bool(dag));
  Graph g = toProgram(*dag).graph;
  for (int64_t m : {2, 3, 64}) {
    llvm::Error err = checkNeuronOrder(g, cacheAwareOrder(g, m));
    EXPECT_FALSE(bool(err)) << "M " << m << ": "
                            << llvm::toString(std::move(err));
  }
}

} // namespace
