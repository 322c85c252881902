//===- ToleranceTest.cpp - the comparison behind --verify -----------------===//
#include "sffnn/Support/Tolerance.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace sffnn;

namespace {

TEST(Tolerance, UlpOf) {
  EXPECT_EQ(ulpOf(1.0f), std::ldexp(1.0, -23));
  EXPECT_EQ(ulpOf(0.5f), std::ldexp(1.0, -24));
  EXPECT_EQ(ulpOf(-0.5f), std::ldexp(1.0, -24));
  EXPECT_GT(ulpOf(0.0f), 0);
  EXPECT_EQ(ulpOf(std::numeric_limits<float>::infinity()), 0);
}

TEST(Tolerance, ScaledBySumOfMagnitudes) {
  // The same error of 1e-4 passes where the terms are large (s = 100),
  // fails where they are small (s = 1).
  std::vector<float> want = {10.0f, 10.0f};
  std::vector<float> got = {10.0f + 1e-4f, 10.0f + 1e-4f};
  std::vector<float> scale = {100.0f, 1.0f};
  Comparison c = compareOutputs(got, want, scale, 1e-5);
  EXPECT_EQ(c.failures, 1);
  EXPECT_EQ(c.firstFailure, 1);
  EXPECT_NEAR(c.maxError, 1e-4, 1e-6);
  EXPECT_NEAR(c.maxScaled, 1e-4, 1e-6);
}

TEST(Tolerance, FloorOfTheOutputsOwnRounding) {
  // A sigmoid near 0.5 whose terms are tiny (s = 0.004): one ulp of the
  // output is 6e-8, far above rtol * s = 4e-8; it must not fail.
  float want = 0.5f + 0.001f;
  float oneUlp = std::nextafter(want, 1.0f);
  std::vector<float> scale = {0.004f};
  EXPECT_EQ(compareOutputs({oneUlp}, {want}, scale, 1e-5).failures, 0);
  // Without the floor it would have failed.
  EXPECT_EQ(compareOutputs({oneUlp}, {want}, scale, 1e-5, 0).failures, 1);
  // Three ulps are more than the floor and the scaled tolerance.
  float threeUlps = std::nextafter(std::nextafter(oneUlp, 1.0f), 1.0f);
  EXPECT_EQ(compareOutputs({threeUlps}, {want}, scale, 1e-5).failures, 1);
}

TEST(Tolerance, NanAndExactZeros) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> scale = {0.0f, 0.0f, 1.0f};
  EXPECT_EQ(compareOutputs({nan, 0.0f, 1.0f}, {nan, 0.0f, 1.0f}, scale, 0)
                .failures,
            0);
  Comparison c = compareOutputs({1.0f, 0.0f, 1.0f}, {nan, 0.0f, 1.0f}, scale,
                                1e-5);
  EXPECT_EQ(c.failures, 1);
  EXPECT_TRUE(std::isinf(c.maxError));
}

TEST(Tolerance, InfiniteErrorAlwaysFails) {
  // Terms of 1e38 * 3: the scale (9e38) overflowed float in the
  // interpreter; a kernel whose partial sum overflowed to inf must fail.
  float inf = std::numeric_limits<float>::infinity();
  float want = 3.0e38f;
  Comparison c = compareOutputs({inf}, {want}, {inf}, 1e-5);
  EXPECT_EQ(c.failures, 1);
  EXPECT_TRUE(std::isinf(c.maxScaled));
  // A finite error under an overflowed scale passes (the scale is what
  // the interpreter could bound), and equal results, inf included, pass.
  EXPECT_EQ(compareOutputs({2.9e38f}, {want}, {inf}, 1e-5).failures, 0);
  EXPECT_EQ(compareOutputs({want, inf}, {want, inf}, {inf, inf}, 1e-5).failures,
            0);
}

} // namespace
