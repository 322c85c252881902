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
#include "sffnn/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::sffnn::test {
void registerTestPrintIOPass();
} // namespace mlir::sffnn::test

/// MLIR 22's bytecode reader crashes on some corrupt files, inside
/// MlirOptMain where no sffnn code can catch it: a bytecode input is read
/// once first, in a context of its own, and printed (to nowhere), where
/// such a crash becomes an error (sffnn::readGuardingUpstreamCrash). Its
/// diagnostics are dropped: the real read reports them.
static void checkBytecodeReadable(llvm::StringRef input,
                                  const mlir::DialectRegistry &registry) {
  if (input == "-")
    return; // stdin can be read only once: MlirOptMain reads it unguarded
  auto file = llvm::MemoryBuffer::getFile(input);
  if (!file || !(*file)->getBuffer().starts_with("ML\xefR"))
    return; // text, or unreadable: MlirOptMain reports it
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  context.getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  mlir::ParserConfig config(&context);
  sffnn::readGuardingUpstreamCrash(input, [&] {
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>((*file)->getBuffer(), config,
                                                input);
    // Some corrupt arrays parse and then crash the printer.
    if (module && succeeded(mlir::verify(*module)))
      module->print(llvm::nulls());
  });
}

int main(int argc, char **argv) {
  sffnn::installFatalErrorHandler("sparse-ffnn-opt");
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  mlir::sffnn::registerAllPasses();
  // Upstream's bufferization passes, to test sffnn.call's model with
  // one-shot-bufferize as any ML compiler runs it.
  mlir::bufferization::registerBufferizationPasses();
  mlir::sffnn::test::registerTestPrintIOPass();
  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "sparse-ffnn optimizer driver\n", registry);
  sffnn::setFatalErrorInput(input == "-" ? "" : input);
  checkBytecodeReadable(input, registry);
  // The passes' report files appear only when the whole run succeeds.
  mlir::sffnn::deferPassOutputs();
  mlir::LogicalResult result =
      mlir::MlirOptMain(argc, argv, input, output, registry);
  if (mlir::succeeded(result))
    result = mlir::sffnn::commitPassOutputs();
  else
    mlir::sffnn::discardPassOutputs();
  return mlir::asMainReturnCode(result);
}
