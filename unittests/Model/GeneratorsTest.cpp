//===- GeneratorsTest.cpp - RadiX-Net, layered and DAG generators ---------===//
#include "sffnn/Model/Generators.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

#include <set>

using namespace sffnn;
using sffnn::testing::message;

namespace {

TEST(RadixNet, ChallengeShape) {
  RadixNetOptions options;
  options.neurons = 1024;
  options.layers = 8;
  auto net = generateRadixNet(options);
  ASSERT_TRUE(bool(net)) << message(net.takeError());
  EXPECT_EQ(message(validate(*net)), "");
  ASSERT_EQ(net->layers.size(), 8u);
  for (const Layer &layer : net->layers) {
    EXPECT_EQ(layer.weights.nnz(), 1024 * 32);
    for (int64_t j = 0; j < 1024; ++j)
      EXPECT_EQ(layer.weights.offsets[j + 1] - layer.weights.offsets[j], 32);
    EXPECT_FLOAT_EQ(layer.weights.values[0], 1.0f / 16);
    EXPECT_FLOAT_EQ(layer.bias[0], -0.3f);
    EXPECT_EQ(*layer.clamp, 32.0f);
  }
  // Layer 3 (stride 4): neuron 0 reads 64b + {0, 4} for every block b.
  const CsrMatrix &w = net->layers[2].weights;
  std::vector<int32_t> row0(w.indices.begin(), w.indices.begin() + 32);
  for (int b = 0; b < 16; ++b) {
    EXPECT_EQ(row0[2 * b], 64 * b);
    EXPECT_EQ(row0[2 * b + 1], 64 * b + 4);
  }
  // Layer 7 repeats layer 1 (six radices of 2 for 64 = 1024 / 16).
  EXPECT_EQ(net->layers[6].weights.indices, net->layers[0].weights.indices);
}

TEST(RadixNet, OtherChallengeWidthsAndRadices) {
  RadixNetOptions options;
  options.neurons = 4096;
  options.layers = 2;
  auto net = generateRadixNet(options);
  ASSERT_TRUE(bool(net));
  EXPECT_FLOAT_EQ(net->layers[0].bias[0], -0.35f);
  EXPECT_EQ(net->layers[0].weights.nnz(), 4096 * 32);

  options.neurons = 96;
  options.block = 2;
  options.radices = {3, 4, 4};
  options.bias = 0.0f;
  auto mixed = generateRadixNet(options);
  ASSERT_TRUE(bool(mixed)) << message(mixed.takeError());
  EXPECT_EQ(message(validate(*mixed)), "");
  EXPECT_EQ(mixed->layers[0].weights.nnz(), 96 * 2 * 3);
  EXPECT_EQ(mixed->layers[1].weights.nnz(), 96 * 2 * 4);
}

TEST(RadixNet, RejectsBadShapes) {
  RadixNetOptions options;
  options.neurons = 1000;
  EXPECT_NE(message(generateRadixNet(options).takeError()), "");
  options.neurons = 96;
  options.block = 2; // 48 is not a power of two
  EXPECT_NE(message(generateRadixNet(options).takeError()).find("power of two"),
            std::string::npos);
  options.radices = {2, 3};
  EXPECT_NE(message(generateRadixNet(options).takeError()).find("multiply"),
            std::string::npos);
  options = RadixNetOptions();
  options.neurons = int64_t(1) << 40;
  EXPECT_NE(message(generateRadixNet(options).takeError()).find("at most"),
            std::string::npos);
}

TEST(Layered, FanInAndDeterminism) {
  LayeredOptions options;
  options.widths = {100, 50, 10};
  options.density = 0.1;
  auto a = generateLayered(options);
  auto b = generateLayered(options);
  ASSERT_TRUE(bool(a) && bool(b));
  EXPECT_EQ(message(validate(*a)), "");
  EXPECT_EQ(a->layers[0].weights.nnz(), 50 * 10);
  EXPECT_EQ(a->layers[1].weights.nnz(), 10 * 5);
  EXPECT_EQ(a->layers[0].weights.indices, b->layers[0].weights.indices);
  EXPECT_EQ(a->layers[0].weights.values, b->layers[0].weights.values);
  EXPECT_EQ(a->layers[1].activation, Activation::Identity);
  options.seed = 2;
  auto c = generateLayered(options);
  ASSERT_TRUE(bool(c));
  EXPECT_NE(a->layers[0].weights.indices, c->layers[0].weights.indices);
}

TEST(Layered, FullDensityIsDense) {
  LayeredOptions options;
  options.widths = {7, 5};
  options.density = 1.0;
  options.bias = std::nullopt;
  auto net = generateLayered(options);
  ASSERT_TRUE(bool(net));
  EXPECT_EQ(message(validate(*net)), "");
  EXPECT_EQ(net->layers[0].weights.nnz(), 35);
  EXPECT_TRUE(net->layers[0].bias.empty());
}

TEST(Layered, RejectsBadOptions) {
  LayeredOptions options;
  options.widths = {10};
  EXPECT_NE(message(generateLayered(options).takeError()), "");
  options.widths = {10, 0};
  EXPECT_NE(message(generateLayered(options).takeError()), "");
  options.widths = {10, 10};
  options.density = 0;
  EXPECT_NE(message(generateLayered(options).takeError()), "");
  options.density = 1;
  options.widths = {1 << 20, 1 << 20};
  EXPECT_NE(message(generateLayered(options).takeError()).find("at most"),
            std::string::npos);
}

class DagTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(DagTest, ExactEdgeCountAndValidLayers) {
  DagOptions options;
  options.inputs = 10;
  options.neurons = 60;
  options.outputs = 5;
  options.connections = 400;
  options.seed = GetParam();
  auto net = generateDag(options);
  ASSERT_TRUE(bool(net)) << message(net.takeError());
  EXPECT_EQ(message(validate(*net)), "");
  EXPECT_EQ(net->connections(), 400);
  EXPECT_EQ(net->outputs(), 5);
  int64_t neurons = 0;
  bool skips = false;
  for (const Layer &layer : net->layers) {
    neurons += layer.neurons();
    skips |= layer.sources.size() > 1;
  }
  EXPECT_EQ(neurons, 60);
  EXPECT_TRUE(skips) << "expected skip connections";
  // Every input is read by someone.
  std::set<int32_t> inputsRead;
  for (const Layer &layer : net->layers)
    if (layer.sources.front() == kNetworkInput)
      for (int32_t col : layer.weights.indices)
        if (col < 10)
          inputsRead.insert(col);
  EXPECT_EQ(inputsRead.size(), 10u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DagTest, ::testing::Values(1, 2, 3, 99));

TEST(Dag, DenseLimitAndErrors) {
  DagOptions options;
  options.inputs = 3;
  options.neurons = 4;
  options.outputs = 1;
  options.depth = 3; // one hidden neuron per level
  // Capacity: hidden 3+4+5 plus output 3+3 = 18.
  options.connections = 18;
  auto full = generateDag(options);
  ASSERT_TRUE(bool(full)) << message(full.takeError());
  EXPECT_EQ(full->connections(), 18);
  EXPECT_EQ(message(validate(*full)), "");
  options.connections = 19;
  EXPECT_NE(message(generateDag(options).takeError()).find("do not fit"),
            std::string::npos);
  options.connections = 3;
  EXPECT_NE(message(generateDag(options).takeError()).find("at least"),
            std::string::npos);
  options.connections = 10;
  options.outputs = 5;
  EXPECT_NE(message(generateDag(options).takeError()), "");
}

TEST(Dag, LevelsBoundTheDepth) {
  DagOptions options;
  options.inputs = 32;
  options.neurons = 1010;
  options.outputs = 10;
  options.connections = 20000;
  auto net = generateDag(options); // 1000 hidden: 32 levels by default
  ASSERT_TRUE(bool(net)) << message(net.takeError());
  EXPECT_EQ(message(validate(*net)), "");
  EXPECT_LE(net->layers.size(), 33u);
  EXPECT_EQ(net->connections(), 20000);
  options.depth = 4;
  auto shallow = generateDag(options);
  ASSERT_TRUE(bool(shallow));
  EXPECT_LE(shallow->layers.size(), 5u);
  options.depth = -1;
  EXPECT_NE(message(generateDag(options).takeError()), "");
}

TEST(Dag, Deterministic) {
  DagOptions options;
  auto a = generateDag(options), b = generateDag(options);
  ASSERT_TRUE(bool(a) && bool(b));
  ASSERT_EQ(a->layers.size(), b->layers.size());
  for (size_t l = 0; l < a->layers.size(); ++l) {
    EXPECT_EQ(a->layers[l].sources, b->layers[l].sources);
    EXPECT_EQ(a->layers[l].weights.indices, b->layers[l].weights.indices);
    EXPECT_EQ(a->layers[l].weights.values, b->layers[l].weights.values);
  }
}

} // namespace
