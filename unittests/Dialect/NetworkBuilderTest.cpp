//===- NetworkBuilderTest.cpp - LayeredNetwork <-> sffnn.network ----------===//
#include "sffnn/Target/NetworkBuilder.h"

#include "sffnn/Analysis/ProgramFromIR.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "mlir/IR/Verifier.h"
#include "gtest/gtest.h"

using namespace mlir;

namespace {

void expectSame(const ::sffnn::LayeredNetwork &a,
                const ::sffnn::LayeredNetwork &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.inputs, b.inputs);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const ::sffnn::Layer &x = a.layers[l], &y = b.layers[l];
    EXPECT_EQ(x.sources, y.sources) << "layer " << l;
    EXPECT_EQ(x.weights.rows, y.weights.rows);
    EXPECT_EQ(x.weights.cols, y.weights.cols);
    EXPECT_EQ(x.weights.offsets, y.weights.offsets);
    EXPECT_EQ(x.weights.indices, y.weights.indices);
    EXPECT_EQ(x.weights.values, y.weights.values);
    EXPECT_EQ(x.bias, y.bias);
    EXPECT_EQ(x.activation, y.activation);
    EXPECT_EQ(x.clamp, y.clamp);
  }
}

TEST(NetworkBuilder, DagRoundTrips) {
  ::sffnn::DagOptions options;
  options.inputs = 20;
  options.neurons = 200;
  options.outputs = 5;
  options.connections = 3000;
  auto dag = ::sffnn::generateDag(options);
  ASSERT_TRUE(bool(dag));
  MLIRContext context;
  OwningOpRef<ModuleOp> module = mlir::sffnn::buildModule(&context, *dag);
  ASSERT_TRUE(succeeded(verify(*module)));
  auto network = mlir::sffnn::findNetwork(*module, "");
  ASSERT_TRUE(succeeded(network));
  auto back = mlir::sffnn::extractLayeredNetwork(*network);
  ASSERT_TRUE(succeeded(back));
  expectSame(*dag, *back);
}

TEST(NetworkBuilder, ChoosesCompactArrays) {
  ::sffnn::RadixNetOptions options;
  options.neurons = 64;
  options.block = 4;
  options.layers = 1;
  options.bias = -0.5f;
  auto net = ::sffnn::generateRadixNet(options);
  ASSERT_TRUE(bool(net));
  MLIRContext context;
  OwningOpRef<ModuleOp> module = mlir::sffnn::buildModule(&context, *net);
  mlir::sffnn::NetworkOp network =
      *module->getOps<mlir::sffnn::NetworkOp>().begin();
  mlir::sffnn::LayerOp layer =
      *network.getBody().getOps<mlir::sffnn::LayerOp>().begin();
  mlir::sffnn::SparseMatrixAttr w = layer.getWeights();
  // 512 indices: a resource blob; 65 offsets: a blob too (> 64);
  // uniform weights and bias: splats.
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(w.getIndices()));
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(w.getOffsets()));
  auto values = dyn_cast<DenseElementsAttr>(w.getValues());
  ASSERT_TRUE(values && values.isSplat());
  auto bias = dyn_cast<DenseElementsAttr>(layer.getBiasAttr());
  ASSERT_TRUE(bias && bias.isSplat());
}

TEST(NetworkBuilder, FindNetworkErrors) {
  MLIRContext context;
  context.loadDialect<mlir::sffnn::SFFNNDialect>();
  OwningOpRef<ModuleOp> empty = ModuleOp::create(UnknownLoc::get(&context));
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  EXPECT_TRUE(failed(mlir::sffnn::findNetwork(*empty, "")));
  EXPECT_EQ(message, "the module holds no sffnn.network");
}

// The program read from IR and the one built from the LayeredNetwork the IR
// came from are the same: one numbering of nodes and edges.
TEST(NetworkBuilder, ProgramFromIRMatchesToProgram) {
  ::sffnn::DagOptions options;
  options.inputs = 12;
  options.neurons = 90;
  options.outputs = 3;
  options.connections = 700;
  auto dag = ::sffnn::generateDag(options);
  ASSERT_TRUE(bool(dag));
  MLIRContext context;
  OwningOpRef<ModuleOp> module = mlir::sffnn::buildModule(&context, *dag);
  auto network = mlir::sffnn::findNetwork(*module, "");
  ASSERT_TRUE(succeeded(network));
  ::sffnn::Program fromIR = mlir::sffnn::buildProgram(*network);
  ::sffnn::Program fromModel = ::sffnn::toProgram(*dag);
  EXPECT_EQ(fromIR.graph.numInputs, fromModel.graph.numInputs);
  EXPECT_EQ(fromIR.graph.inOffsets, fromModel.graph.inOffsets);
  EXPECT_EQ(fromIR.graph.inSources, fromModel.graph.inSources);
  EXPECT_EQ(fromIR.graph.hasBias, fromModel.graph.hasBias);
  EXPECT_EQ(fromIR.graph.outputs, fromModel.graph.outputs);
  EXPECT_EQ(fromIR.graph.outEdges, fromModel.graph.outEdges);
  EXPECT_EQ(fromIR.weights, fromModel.weights);
  EXPECT_EQ(fromIR.bias, fromModel.bias);
  EXPECT_EQ(fromIR.activation, fromModel.activation);
  EXPECT_EQ(fromIR.clamp, fromModel.clamp);
}

} // namespace
