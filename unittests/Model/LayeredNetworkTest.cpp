//===- LayeredNetworkTest.cpp - validation and distributions --------------===//
#include "sffnn/Model/LayeredNetwork.h"
#include "sffnn/Model/Random.h"

#include "../TempFile.h"
#include "gtest/gtest.h"

using namespace sffnn;
using sffnn::testing::message;

namespace {

/// 2 inputs -> 2 neurons -> 1 output that also reads the input (a skip).
LayeredNetwork tiny() {
  LayeredNetwork net;
  net.name = "tiny";
  net.inputs = 2;
  Layer hidden;
  hidden.weights = {2, 2, {0, 1, 3}, {0, 0, 1}, {1, 2, 3}};
  hidden.bias = {0.5f, -0.5f};
  Layer out;
  out.sources = {kNetworkInput, 0};
  out.weights = {1, 4, {0, 2}, {1, 3}, {1, 1}};
  out.activation = Activation::Identity;
  net.layers = {hidden, out};
  return net;
}

TEST(Validate, AcceptsSkipConnections) {
  LayeredNetwork net = tiny();
  EXPECT_EQ(message(validate(net)), "");
  EXPECT_EQ(net.connections(), 5);
  EXPECT_EQ(net.outputs(), 1);
}

TEST(Validate, RejectsBadNetworks) {
  LayeredNetwork net = tiny();
  net.layers[1].sources = {kNetworkInput, 1};
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 2: reads layer 2, which is not an earlier "
            "layer");
  net = tiny();
  net.layers[1].weights.cols = 3;
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 2: weights have 3 columns but its sources "
            "have 4 neurons");
  net = tiny();
  net.layers[0].weights.indices = {0, 1, 0};
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 1: neuron 2 has unsorted, duplicate or "
            "out-of-range source indices");
  net = tiny();
  net.layers[0].weights.values[0] = NAN;
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 1: neuron 1 has a non-finite weight");
  net = tiny();
  net.layers[0].bias = {1.0f};
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 1: has 1 biases for 2 neurons");
  net = tiny();
  net.layers[1].clamp = 3.0f;
  EXPECT_EQ(message(validate(net)),
            "network 'tiny', layer 2: clamp needs relu and a positive finite "
            "value");
}

TEST(Distribution, Parses) {
  auto he = parseDistribution("he");
  ASSERT_TRUE(bool(he));
  EXPECT_EQ(he->kind, Distribution::He);
  auto normal = parseDistribution("normal:1,0.5");
  ASSERT_TRUE(bool(normal));
  EXPECT_EQ(normal->kind, Distribution::Normal);
  EXPECT_DOUBLE_EQ(normal->b, 0.5);
  auto number = parseDistribution("-0.3");
  ASSERT_TRUE(bool(number));
  EXPECT_EQ(number->kind, Distribution::Constant);
  EXPECT_DOUBLE_EQ(number->a, -0.3);
  for (const char *bad : {"uniform:2,1", "normal:0,-1", "cauchy:1", "const:x",
                          "uniform:1", "normal:nan,1"}) {
    auto d = parseDistribution(bad);
    EXPECT_FALSE(bool(d)) << bad;
    if (!d)
      llvm::consumeError(d.takeError());
  }
}

TEST(Random, SameSeedSameStreamUniformInRange) {
  Random a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    double x = a.uniform();
    EXPECT_EQ(x, b.uniform());
    differs |= x != c.uniform();
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
  EXPECT_TRUE(differs);
}

TEST(Random, NormalHasUnitMoments) {
  Random random(7);
  double sum = 0, squares = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double x = random.normal();
    sum += x;
    squares += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(squares / n, 1.0, 0.02);
}

} // namespace
