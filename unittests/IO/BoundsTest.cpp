//===- BoundsTest.cpp - lower and upper bounds ----------------------------===//
#include "sffnn/IO/Bounds.h"

#include "Networks.h"
#include "gtest/gtest.h"

using namespace sffnn::io;

namespace {

TEST(Bounds, Diamond) {
  Bounds b = computeBounds(nets::diamond());
  EXPECT_EQ(b.connections, 4);
  EXPECT_EQ(b.neurons, 3);
  EXPECT_EQ(b.biases, 0);
  EXPECT_EQ(b.usedInputs, 2);
  EXPECT_EQ(b.parameterIOs, 4);
  EXPECT_EQ(b.activationLower, 3); // 2 input loads + 1 output store
  EXPECT_EQ(b.activationUpper, 7); // W + n
  EXPECT_EQ(b.lower(), 7);
  EXPECT_EQ(b.upper(), 11);
  EXPECT_TRUE(b.twoOptimal()); // n - B = 3 <= 2 (I_used + O) = 6
}

TEST(Bounds, BiasesCountAsParameters) {
  Bounds b = computeBounds(nets::diamond(/*biases=*/true));
  EXPECT_EQ(b.parameterIOs, 7);
  EXPECT_EQ(b.lower(), 10);
  EXPECT_EQ(b.upper(), 14);
  EXPECT_LT(b.upper(), 2 * b.lower());
}

TEST(Bounds, TwoOptimalityCanFailWithoutBiases) {
  // A long chain without biases: n - B = 20 > 2 (I_used + O) = 4.
  GraphBuilder builder(1);
  Node prev = 0;
  for (int i = 0; i < 20; ++i)
    prev = builder.addNeuron({prev}, false);
  builder.addOutput(prev);
  Bounds b = computeBounds(builder.finish());
  EXPECT_EQ(b.lower(), 20 + 2);
  EXPECT_EQ(b.upper(), 20 + 20 + 20);
  EXPECT_FALSE(b.twoOptimal());
}

TEST(Bounds, UnusedInputsAreNotCounted) {
  GraphBuilder builder(3);
  builder.addOutput(builder.addNeuron({1}, true));
  Bounds b = computeBounds(builder.finish());
  EXPECT_EQ(b.usedInputs, 1);
  EXPECT_EQ(b.activationLower, 2);
}

} // namespace
