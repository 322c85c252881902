//===- PropagatedToleranceTest.cpp - the error scales of the interpreter --===//
//
// The interpreter's error scales (docs/Testing.md, "The propagated
// tolerance") against a float evaluation that sums each neuron in CSR order
// with fused multiply-adds, as the compiled kernels do: a cancelling hidden
// sum that the per-output scale |b| + sum|w*y| rejected passes, planted
// wrong weights, indices and lanes still fail, and a deep clamped relu
// network keeps a scale of the order of its values.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Interpreter/Interpreter.h"

#include "sffnn/Model/Generators.h"
#include "sffnn/Support/Random.h"
#include "sffnn/Support/Tolerance.h"
#include "sffnn/Target/NetworkBuilder.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir;
using ::sffnn::Activation;
using ::sffnn::DenseBatch;
using ::sffnn::LayeredNetwork;

namespace {

/// What a kernel computes: float, each neuron from its bias in CSR order
/// with fused multiply-adds.
DenseBatch floatKernel(const LayeredNetwork &net, const DenseBatch &inputs) {
  DenseBatch out;
  out.samples = inputs.samples;
  out.features = net.layers.back().neurons();
  for (int64_t s = 0; s < inputs.samples; ++s) {
    std::vector<std::vector<float>> values;
    for (const ::sffnn::Layer &layer : net.layers) {
      std::vector<float> concat;
      for (int source : layer.sources) {
        if (source == ::sffnn::kNetworkInput)
          concat.insert(concat.end(), inputs.row(s),
                        inputs.row(s) + inputs.features);
        else
          concat.insert(concat.end(), values[source].begin(),
                        values[source].end());
      }
      std::vector<float> y(layer.neurons());
      const ::sffnn::CsrMatrix &w = layer.weights;
      for (int64_t j = 0; j < w.rows; ++j) {
        float z = layer.bias.empty() ? 0.0f : layer.bias[j];
        for (int32_t k = w.offsets[j]; k < w.offsets[j + 1]; ++k)
          z = std::fma(w.values[k], concat[w.indices[k]], z);
        y[j] = ::sffnn::activate(layer, z);
      }
      values.push_back(std::move(y));
    }
    out.data.insert(out.data.end(), values.back().begin(),
                    values.back().end());
  }
  return out;
}

struct Reference {
  DenseBatch values, scale;
};

Reference interpretWithScale(const LayeredNetwork &net,
                             const DenseBatch &inputs,
                             double rtol = ::sffnn::kDefaultRtol) {
  MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  OwningOpRef<ModuleOp> module = mlir::sffnn::buildModule(&context, net);
  auto network = mlir::sffnn::findNetwork(*module, net.name);
  EXPECT_TRUE(succeeded(network));
  Reference ref;
  auto values = mlir::sffnn::interpret(*network, inputs, &ref.scale, rtol);
  EXPECT_TRUE(succeeded(values));
  ref.values = std::move(*values);
  return ref;
}

int64_t failures(const DenseBatch &got, const Reference &ref) {
  return ::sffnn::compareOutputs(got.data, ref.values.data, ref.scale.data,
                                 ::sffnn::kDefaultRtol)
      .failures;
}

::sffnn::Layer layer(std::vector<int> sources, int64_t cols,
                     std::vector<std::vector<std::pair<int32_t, float>>> rows,
                     Activation activation) {
  ::sffnn::Layer l;
  l.sources = std::move(sources);
  l.weights.rows = static_cast<int64_t>(rows.size());
  l.weights.cols = cols;
  for (const auto &row : rows) {
    for (auto [index, value] : row) {
      l.weights.indices.push_back(index);
      l.weights.values.push_back(value);
    }
    l.weights.offsets.push_back(static_cast<int32_t>(l.weights.nnz()));
  }
  l.activation = activation;
  return l;
}

// h = x0 + x1 - x2 cancels: with x0 = x2 = 1 and x1 = 3 * 2^-26 (less than
// half an ulp of 1), the float sum 1 + x1 rounds to 1 and h comes out 0
// instead of 4.47e-8. y = x3 + 1000 h carries that error, 4.47e-5, to an
// output whose own terms sum to 1.00004: the per-output scale allows 1e-5.
TEST(PropagatedTolerance, CancellingHiddenSum) {
  LayeredNetwork net;
  net.inputs = 4;
  net.layers.push_back(layer({::sffnn::kNetworkInput}, 4,
                             {{{0, 1.0f}, {1, 1.0f}, {2, -1.0f}}},
                             Activation::Identity));
  net.layers.push_back(layer({::sffnn::kNetworkInput, 0}, 5,
                             {{{3, 1.0f}, {4, 1000.0f}}},
                             Activation::Identity));
  DenseBatch inputs{1, 4, {1.0f, std::ldexp(3.0f, -26), 1.0f, 1.0f}};
  Reference ref = interpretWithScale(net, inputs);
  DenseBatch got = floatKernel(net, inputs);
  ASSERT_EQ(got.data[0], 1.0f); // the hidden sum was lost
  EXPECT_NEAR(ref.values.data[0], 1.0000447, 1e-7);

  // The per-output scale |b| + sum|w*y| of the reference values: fails.
  float hidden = std::ldexp(3.0f, -26);
  std::vector<float> perOutput = {1.0f + 1000.0f * hidden};
  EXPECT_EQ(::sffnn::compareOutputs(got.data, ref.values.data, perOutput,
                                    ::sffnn::kDefaultRtol)
                .failures,
            1);
  // The propagated scale: |x3| + 1000 (|h| + s_h), s_h = |x0|+|x1|+|x2|.
  EXPECT_NEAR(ref.scale.data[0], 1 + 1000 * (hidden + 2 + hidden), 1e-3);
  EXPECT_EQ(failures(got, ref), 0);
}

/// A random chain with tanh hidden layers (never flat) and an identity
/// output, on normal inputs.
std::pair<LayeredNetwork, DenseBatch> randomChain() {
  ::sffnn::LayeredOptions options;
  options.widths = {12, 16, 16, 6};
  options.density = 0.5;
  options.weights = {::sffnn::Distribution::Normal, 0, 0.5};
  options.hiddenActivation = Activation::Tanh;
  options.outputActivation = Activation::Identity;
  options.seed = 5;
  auto net = ::sffnn::generateLayered(options);
  EXPECT_TRUE(bool(net));
  DenseBatch inputs{8, 12, {}};
  ::sffnn::Random random(7);
  for (int64_t i = 0; i < inputs.samples * inputs.features; ++i)
    inputs.data.push_back(static_cast<float>(random.normal()));
  return {std::move(*net), std::move(inputs)};
}

TEST(PropagatedTolerance, CorrectKernelPasses) {
  auto [net, inputs] = randomChain();
  Reference ref = interpretWithScale(net, inputs);
  EXPECT_EQ(failures(floatKernel(net, inputs), ref), 0);
}

// The scale widens the tolerance by what the hidden sums can carry, not
// beyond what a wrong weight, source or lane changes.
TEST(PropagatedTolerance, PlantedErrorsStillFail) {
  auto [net, inputs] = randomChain();
  Reference ref = interpretWithScale(net, inputs);

  LayeredNetwork wrongWeight = net; // a hidden weight off by 10%
  wrongWeight.layers[0].weights.values[0] *= 1.1f;
  EXPECT_GT(failures(floatKernel(wrongWeight, inputs), ref), 0);

  LayeredNetwork wrongOutputWeight = net; // an output weight off by 10%
  wrongOutputWeight.layers.back().weights.values[0] *= 1.1f;
  EXPECT_GT(failures(floatKernel(wrongOutputWeight, inputs), ref), 0);

  LayeredNetwork wrongIndex = net; // a connection reads its neighbour
  ::sffnn::CsrMatrix &w = wrongIndex.layers[1].weights;
  w.indices[0] = static_cast<int32_t>((w.indices[0] + 1) % w.cols);
  EXPECT_GT(failures(floatKernel(wrongIndex, inputs), ref), 0);

  DenseBatch wrongLane = floatKernel(net, inputs); // samples 0, 1 swapped
  std::swap_ranges(wrongLane.row(0), wrongLane.row(0) + wrongLane.features,
                   wrongLane.row(1));
  EXPECT_GT(failures(wrongLane, ref), 0);

  // An error of 1e-3 of the largest output, in one output.
  DenseBatch small = floatKernel(net, inputs);
  float largest = 0;
  for (float v : ref.values.data)
    largest = std::max(largest, std::abs(v));
  small.data[3] += 1e-3f * largest;
  EXPECT_EQ(failures(small, ref), 1);
}

TEST(PropagatedTolerance, SlopeBounds) {
  using mlir::sffnn::activationSlopeBound;
  using A = mlir::sffnn::Activation;
  EXPECT_EQ(activationSlopeBound(A::identity, std::nullopt, -5, 1), 1);
  // relu: flat only when the whole interval is below 0 (or above the clamp).
  EXPECT_EQ(activationSlopeBound(A::relu, std::nullopt, -2, 1), 0);
  EXPECT_EQ(activationSlopeBound(A::relu, std::nullopt, -0.5, 1), 1);
  EXPECT_EQ(activationSlopeBound(A::relu, std::nullopt, 3, 1), 1);
  EXPECT_EQ(activationSlopeBound(A::relu, 32.0, 40, 1), 0);
  EXPECT_EQ(activationSlopeBound(A::relu, 32.0, 32.5, 1), 1);
  // sigmoid: 1/4 at 0, and at the interval's point nearest 0.
  EXPECT_DOUBLE_EQ(activationSlopeBound(A::sigmoid, std::nullopt, 0.5, 1),
                   0.25);
  double y = 1 / (1 + std::exp(-9.0));
  EXPECT_DOUBLE_EQ(activationSlopeBound(A::sigmoid, std::nullopt, 10, 1),
                   y * (1 - y));
  EXPECT_DOUBLE_EQ(activationSlopeBound(A::tanh, std::nullopt, -0.5, 1), 1);
  EXPECT_NEAR(activationSlopeBound(A::tanh, std::nullopt, -12, 2), 8.2e-9,
              1e-9);
}

// 120 RadiX-Net layers (the Graph Challenge's topology, weights 1/16, bias
// -0.35, relu clamped at 32): every neuron sums 32 inputs, so if each
// carried its error (slope 1) the scale would double per layer. Neurons
// that are clearly dead or saturated carry none, and the scale stays of
// the order of the values.
TEST(PropagatedTolerance, DeepClampedReluStaysMeaningful) {
  ::sffnn::RadixNetOptions options;
  options.neurons = 256;
  options.layers = 120;
  options.bias = -0.35f;
  auto net = ::sffnn::generateRadixNet(options);
  ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
  DenseBatch inputs{4, 256, {}};
  ::sffnn::Random random(3);
  for (int64_t i = 0; i < inputs.samples * inputs.features; ++i)
    inputs.data.push_back(random.below(3) == 0 ? 1.0f : 0.0f);
  Reference ref = interpretWithScale(*net, inputs);
  float largestValue = 0, largestScale = 0;
  for (size_t i = 0; i < ref.values.data.size(); ++i) {
    largestValue = std::max(largestValue, ref.values.data[i]);
    largestScale = std::max(largestScale, ref.scale.data[i]);
  }
  EXPECT_GT(largestValue, 0); // something survives 120 layers
  EXPECT_LT(largestScale, 100 * 32);
  EXPECT_EQ(failures(floatKernel(*net, inputs), ref), 0);
  // With a tolerance so loose that no neuron is clearly flat (slope 1
  // everywhere), the scale grows by 2 per layer: no longer a bound.
  Reference loose = interpretWithScale(*net, inputs, /*rtol=*/1e6);
  float looseScale = 0;
  for (float s : loose.scale.data)
    looseScale = std::max(looseScale, s);
  EXPECT_GT(looseScale, 1e30);
}

} // namespace
