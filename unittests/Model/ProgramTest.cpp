//===- ProgramTest.cpp - a layered network at neuron level ----------------===//
#include "sffnn/Model/Program.h"

#include "sffnn/Model/Generators.h"

#include "gtest/gtest.h"
#include <cmath>

using namespace sffnn;
using io::Node;

namespace {

/// 2 inputs -> 2 relu neurons (bias, clamp) -> 1 identity output that also
/// reads the input (a skip): the output's columns are x0, x1, h0, h1.
LayeredNetwork skip() {
  LayeredNetwork net;
  net.inputs = 2;
  Layer hidden;
  hidden.weights = {2, 2, {0, 1, 3}, {0, 0, 1}, {1, 2, 3}};
  hidden.bias = {0.5f, -0.5f};
  hidden.clamp = 4.0f;
  Layer out;
  out.sources = {kNetworkInput, 0};
  out.weights = {1, 4, {0, 2}, {1, 3}, {5, 6}};
  out.activation = Activation::Identity;
  net.layers = {hidden, out};
  return net;
}

TEST(ToProgram, NumbersNodesAndEdgesInLayerAndCsrOrder) {
  Program p = toProgram(skip());
  const io::Graph &g = p.graph;
  EXPECT_EQ(g.numInputs, 2);
  EXPECT_EQ(g.numComputed, 3);
  EXPECT_EQ(g.inSources, (std::vector<Node>{0, 0, 1, 1, 3}));
  EXPECT_EQ(g.inOffsets, (std::vector<int64_t>{0, 1, 3, 5}));
  EXPECT_EQ(g.outputs, (std::vector<Node>{4}));
  EXPECT_EQ(p.weights, (std::vector<float>{1, 2, 3, 5, 6}));
  EXPECT_EQ(g.hasBias, (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(p.bias, (std::vector<float>{0.5f, -0.5f, 0.0f}));
  EXPECT_EQ(p.activation,
            (std::vector<Activation>{Activation::Relu, Activation::Relu,
                                     Activation::Identity}));
  EXPECT_EQ(p.clamp[0], 4.0f);
  EXPECT_TRUE(std::isinf(p.clamp[2]));
  // Out-edges are filled too: input 1 feeds edges 2 and 3.
  EXPECT_EQ(g.outDegree(1), 2);
}

TEST(ToProgram, KeepsEveryConnectionOfAGeneratedDag) {
  DagOptions options;
  options.inputs = 10;
  options.neurons = 80;
  options.outputs = 4;
  options.connections = 600;
  auto dag = generateDag(options);
  ASSERT_TRUE(bool(dag));
  Program p = toProgram(*dag);
  EXPECT_EQ(p.graph.numEdges(), dag->connections());
  EXPECT_EQ(static_cast<int64_t>(p.weights.size()), dag->connections());
  EXPECT_EQ(p.graph.numComputed, static_cast<int64_t>(p.bias.size()));
  EXPECT_EQ(static_cast<int64_t>(p.graph.outputs.size()), dag->outputs());
  // Every edge reads an earlier node (a topological numbering).
  for (int64_t e = 0; e < p.graph.numEdges(); ++e)
    EXPECT_LT(p.graph.inSources[e], p.graph.edgeTarget[e]);
}

TEST(ProgramBuilder, MixesNeuronsAndLayers) {
  ProgramBuilder builder(2);
  Node a = builder.addNeuron({0, 1}, {1.5f, -1.0f}, std::nullopt,
                             Activation::Tanh, std::nullopt);
  CsrMatrix w{2, 2, {0, 1, 2}, {1, 0}, {2, 3}};
  Node first = builder.addLayer({a, 1}, w, {}, Activation::Relu, std::nullopt);
  builder.addOutput(first + 1);
  builder.addOutput(first + 1);
  Program p = builder.finish();
  EXPECT_EQ(a, 2);
  EXPECT_EQ(first, 3);
  EXPECT_EQ(p.graph.inSources, (std::vector<Node>{0, 1, 1, 2}));
  EXPECT_EQ(p.weights, (std::vector<float>{1.5f, -1.0f, 2, 3}));
  // A program keeps repeated outputs (a network may return a neuron twice).
  EXPECT_EQ(p.graph.outputs, (std::vector<Node>{4, 4}));
}

} // namespace
