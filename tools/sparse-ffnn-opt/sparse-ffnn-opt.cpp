//===- sparse-ffnn-opt.cpp - mlir-opt for sparse FFNNs
//---------------------===//
//
// Parses, verifies, transforms and prints sffnn IR, like mlir-opt: every
// sffnn pass and pipeline is registered here, and the test-only passes of
// test/lib.
//
//===----------------------------------------------------------------------===//
#include "sffnn/InitAll.h"
#include "sffnn/Support/FatalErrors.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

namespace mlir::sffnn::test {
void registerTestPrintIOPass();
} // namespace mlir::sffnn::test

int main(int argc, char **argv) {
  sffnn::installFatalErrorHandler("sparse-ffnn-opt");
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  mlir::sffnn::registerAllPasses();
  // Upstream's bufferization passes, to test sffnn.call's model with
  // one-shot-bufferize as any ML compiler runs it.
  mlir::bufferization::registerBufferizationPasses();
  mlir::sffnn::test::registerTestPrintIOPass();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "sparse-ffnn optimizer driver\n", registry));
}
