//===- VerifierTest.cpp - constraints that text cannot express ------------===//
//
// The textual f32 array parser cannot spell NaN or infinity, so C-NEURON-2
// for weights is checked on ops built in C++ (as an importer would).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::sffnn;

namespace {

/// Builds @n(x: ?x2) -> ?x1 whose single neuron has `weights`, verifies it
/// and returns the diagnostic ("" when it verifies).
std::string verifyNeuron(ArrayRef<float> weights) {
  MLIRContext context;
  context.loadDialect<SFFNNDialect>();
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module.getBody());
  auto batch = [&](int64_t n) {
    return RankedTensorType::get({ShapedType::kDynamic, n},
                                 builder.getF32Type());
  };
  auto network = NetworkOp::create(
      builder, loc, "n", builder.getFunctionType({batch(2)}, {batch(1)}));
  builder.setInsertionPointToStart(&network.getBody().front());
  SmallVector<Type> neuronTypes(2, NeuronType::get(&context));
  auto split = SplitOp::create(builder, loc, neuronTypes,
                               network.getBody().getArgument(0));
  auto neuron = NeuronOp::create(
      builder, loc, NeuronType::get(&context), split.getNeurons(),
      builder.getDenseF32ArrayAttr(weights), FloatAttr(),
      ActivationAttr::get(&context, Activation::relu), FloatAttr());
  auto concat =
      ConcatOp::create(builder, loc, batch(1), ValueRange{neuron.getResult()});
  ReturnOp::create(builder, loc, ValueRange{concat.getResult()});
  (void)verify(module);
  module->erase();
  return message;
}

TEST(Verifier, NeuronWeightsMustBeFinite) {
  EXPECT_EQ(verifyNeuron({1.0f, 2.0f}), "");
  EXPECT_EQ(verifyNeuron({1.0f, std::numeric_limits<float>::quiet_NaN()}),
            "'sffnn.neuron' op weight 1 is not finite (C-NEURON-2)");
  EXPECT_EQ(verifyNeuron({-std::numeric_limits<float>::infinity(), 1.0f}),
            "'sffnn.neuron' op weight 0 is not finite (C-NEURON-2)");
}

} // namespace
