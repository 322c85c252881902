//===- TestPrintIO.cpp - test-sffnn-print-io ------------------------------===//
//
// Test only: prints the I/O analysis of every network on one line for
// FileCheck (the model's sizes, the bounds and the simulated I/O of the
// program order). Registered by sparse-ffnn-opt only, as upstream MLIR keeps
// its test passes out of the libraries a user links.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/Simulator.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

namespace {

struct TestPrintIOPass
    : public PassWrapper<TestPrintIOPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPrintIOPass)

  TestPrintIOPass() = default;
  TestPrintIOPass(const TestPrintIOPass &pass) : PassWrapper(pass) {}

  StringRef getArgument() const final { return "test-sffnn-print-io"; }
  StringRef getDescription() const final {
    return "Test only: print the I/O analysis of every network";
  }

  Option<int64_t> fastMemory{
      *this, "fast-memory",
      llvm::cl::desc("Fast memory M in words; at least 2"), llvm::cl::init(32)};
  Option<std::string> policy{
      *this, "policy",
      llvm::cl::desc("Eviction policy of the simulation: belady or lru"),
      llvm::cl::init("belady")};

  void runOnOperation() override {
    std::optional<io::Policy> policyKind = io::parsePolicy(policy);
    if (!policyKind) {
      emitError(getOperation().getLoc(), "unknown policy '")
          << policy << "'; expected belady or lru";
      return signalPassFailure();
    }
    for (NetworkOp network : getOperation().getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      io::Bounds b = io::computeBounds(graph);
      // The simulator rejects a fast memory below 2 words.
      auto count = io::simulateNeuronOrder(graph, io::programOrder(graph),
                                           fastMemory, *policyKind);
      if (!count) {
        emitError(network.getLoc(), llvm::toString(count.takeError()));
        return signalPassFailure();
      }
      llvm::outs() << "@" << network.getSymName() << " I=" << b.inputs
                   << " O=" << b.outputs << " n=" << b.neurons
                   << " W=" << b.connections << " B=" << b.biases
                   << " M=" << fastMemory << " LB=" << b.lower()
                   << " UB=" << b.upper() << " P=" << b.parameterIOs
                   << " sim=" << count->total() << " in=" << count->inputLoads
                   << " hl=" << count->hiddenLoads
                   << " pl=" << count->partialLoads
                   << " hs=" << count->hiddenStores
                   << " ps=" << count->partialStores
                   << " os=" << count->outputStores << "\n";
    }
  }
};

} // namespace

namespace mlir::sffnn::test {
void registerTestPrintIOPass() { PassRegistration<TestPrintIOPass>(); }
} // namespace mlir::sffnn::test
