//===- GraphChallengeExportTest.cpp - what the TSV export may write -------===//
#include "sffnn/Target/Importers.h"

#include "../TempFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"

using namespace sffnn;
using sffnn::testing::message;

namespace {

/// A chain of two 2x2 relu layers with bias -0.3 and clamp 32: what the
/// Graph Challenge import of two files gives.
LayeredNetwork chain() {
  LayeredNetwork net;
  net.name = "chain";
  net.inputs = 2;
  Layer first;
  first.weights = {2, 2, {0, 1, 2}, {1, 0}, {0.5f, 2.0f}};
  first.bias = {-0.3f, -0.3f};
  first.clamp = 32.0f;
  Layer second = first;
  second.sources = {0};
  net.layers = {first, second};
  return net;
}

TEST(GraphChallengeExport, GivesTheFlagsThatReproduceAChain) {
  GraphChallengeExport plan = planGraphChallengeExport(chain());
  EXPECT_EQ(plan.problem, "");
  // -0.3f prints as the shortest decimal that reads back to it.
  EXPECT_EQ(plan.importFlags(),
            "--layers 2 --bias -0.3 --clamp 32 --name chain");
}

TEST(GraphChallengeExport, NoBiasIsZeroAndNoClampIsNone) {
  LayeredNetwork net = chain();
  for (Layer &layer : net.layers) {
    layer.bias.clear();
    layer.clamp.reset();
  }
  GraphChallengeExport plan = planGraphChallengeExport(net);
  EXPECT_EQ(plan.problem, "");
  EXPECT_EQ(plan.importFlags(),
            "--layers 2 --bias 0 --clamp none --name chain");
}

TEST(GraphChallengeExport, AFloatNeedingEightDigitsKeepsThem) {
  LayeredNetwork net = chain();
  for (Layer &layer : net.layers)
    layer.bias.assign(2, 0.33333334f);
  GraphChallengeExport plan = planGraphChallengeExport(net);
  EXPECT_EQ(plan.importFlags(),
            "--layers 2 --bias 0.33333334 --clamp 32 --name chain");
}

TEST(GraphChallengeExport, RefusesWhatTheFlagsCannotGiveBack) {
  struct Case {
    const char *what;
    void (*change)(LayeredNetwork &);
    int layer;
    const char *problem;
  };
  const Case cases[] = {
      {"tanh", [](LayeredNetwork &n) { n.layers[1].activation =
                                           Activation::Tanh; },
       1, "layer 2 is tanh; the Graph Challenge format computes relu only"},
      {"per-neuron bias", [](LayeredNetwork &n) { n.layers[0].bias[1] = 1; },
       0, "layer 1 has per-neuron biases (neuron 1: -0.3, neuron 2: 1); the "
          "import gives every neuron one --bias"},
      {"-0 against +0", [](LayeredNetwork &n) {
         n.layers[0].bias = {0.0f, -0.0f}; },
       0, "layer 1 has per-neuron biases (neuron 1: 0, neuron 2: -0); the "
          "import gives every neuron one --bias"},
      {"two biases", [](LayeredNetwork &n) { n.layers[1].bias.clear(); },
       1, "layer 2 has bias 0 but layer 1 has -0.3; the import gives every "
          "layer one --bias"},
      {"two clamps", [](LayeredNetwork &n) { n.layers[1].clamp = 6.0f; },
       1, "layer 2 has clamp 6 but layer 1 has clamp 32; the import gives "
          "every layer one --clamp"},
      {"skip", [](LayeredNetwork &n) { n.layers[1].sources = {-1}; },
       1, "layer 2 does not read exactly the previous layer; the Graph "
          "Challenge format holds chains only"},
  };
  for (const Case &c : cases) {
    LayeredNetwork net = chain();
    c.change(net);
    GraphChallengeExport plan = planGraphChallengeExport(net);
    EXPECT_EQ(plan.layer, c.layer) << c.what;
    EXPECT_EQ(plan.problem, c.problem) << c.what;
  }
}

TEST(GraphChallengeExport, WritesNothingWhenRefused) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("sffnn-export", dir));
  llvm::SmallString<128> out(dir);
  llvm::sys::path::append(out, "out");
  LayeredNetwork net = chain();
  net.layers[0].activation = Activation::Sigmoid;
  EXPECT_EQ(message(exportGraphChallenge(net, out)),
            "network 'chain': layer 1 is sigmoid; the Graph Challenge format "
            "computes relu only");
  EXPECT_FALSE(llvm::sys::fs::exists(out));

  EXPECT_EQ(message(exportGraphChallenge(chain(), out)), "");
  llvm::SmallString<128> second(out);
  llvm::sys::path::append(second, "n2-l2.tsv");
  EXPECT_TRUE(llvm::sys::fs::exists(second));
  llvm::sys::fs::remove_directories(dir);
}

} // namespace
