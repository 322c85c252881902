//===- AnnealerTest.cpp - simulated-annealing reordering ------------------===//
#include "sffnn/IO/Annealer.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;

namespace {

Graph layered(uint64_t seed) {
  LayeredOptions o;
  o.widths = {64, 128, 128, 10};
  o.density = 0.1;
  o.seed = seed;
  return toProgram(*generateLayered(o)).graph;
}

TEST(Annealer, ImprovesALayeredNetwork) {
  Graph g = layered(1);
  AnnealOptions options;
  options.fastMemory = 16;
  options.iterations = 200000;
  options.checkSurrogate = true;
  auto result = anneal(g, programOrder(g), options);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  EXPECT_LT(result->best.total(), result->start.total());
  // The returned order is valid and simulates to the reported count.
  auto check = simulateNeuronOrder(g, result->order, 16, Policy::Belady);
  ASSERT_TRUE(bool(check));
  EXPECT_EQ(check->total(), result->best.total());
  EXPECT_EQ(check->activation(), result->best.activation());
}

TEST(Annealer, DeterministicPerSeed) {
  Graph g = layered(2);
  AnnealOptions options;
  options.fastMemory = 8;
  options.iterations = 50000;
  auto a = anneal(g, programOrder(g), options);
  auto b = anneal(g, programOrder(g), options);
  ASSERT_TRUE(bool(a) && bool(b));
  EXPECT_EQ(a->order, b->order);
  EXPECT_EQ(a->best.total(), b->best.total());
  EXPECT_EQ(a->accepted, b->accepted);
  options.seed = 2;
  auto c = anneal(g, programOrder(g), options);
  ASSERT_TRUE(bool(c));
  EXPECT_NE(a->order, c->order);
}

TEST(Annealer, NeverWorseThanTheStart) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    DagOptions o;
    o.inputs = 1 + seed % 4;
    o.outputs = 1 + seed % 3;
    o.neurons = o.outputs + seed % 12;
    o.connections = o.neurons + seed % 7;
    o.seed = seed;
    auto dag = generateDag(o);
    if (!dag) { // too many connections for these levels
      llvm::consumeError(dag.takeError());
      continue;
    }
    Graph g = toProgram(*dag).graph;
    AnnealOptions options;
    options.fastMemory = 2 + seed % 4;
    options.policy = seed % 2 ? Policy::Belady : Policy::Lru;
    options.iterations = 2000;
    options.seed = seed;
    options.checkSurrogate = true;
    auto result = anneal(g, programOrder(g), options);
    ASSERT_TRUE(bool(result)) << "seed " << seed;
    EXPECT_LE(result->best.total(), result->start.total()) << "seed " << seed;
    EXPECT_FALSE(bool(checkNeuronOrder(g, result->order))) << "seed " << seed;
  }
}

TEST(Annealer, RejectsBadOptions) {
  Graph g = layered(3);
  AnnealOptions options;
  options.iterations = 0;
  options.seconds = 0;
  auto none = anneal(g, programOrder(g), options);
  ASSERT_FALSE(bool(none));
  EXPECT_NE(llvm::toString(none.takeError()).find("budget"), std::string::npos);
  options.iterations = 10;
  options.maxDistance = 0;
  auto distance = anneal(g, programOrder(g), options);
  ASSERT_FALSE(bool(distance));
  llvm::consumeError(distance.takeError());
  options.maxDistance = 4;
  options.fastMemory = 1;
  auto memory = anneal(g, programOrder(g), options);
  ASSERT_FALSE(bool(memory));
  llvm::consumeError(memory.takeError());
  NeuronOrder bad = programOrder(g);
  std::swap(bad.front(), bad.back());
  options.fastMemory = 8;
  auto order = anneal(g, bad, options);
  ASSERT_FALSE(bool(order));
  llvm::consumeError(order.takeError());
}

} // namespace
