//===- sparse-ffnn-opt.cpp - mlir-opt for sparse FFNNs
//---------------------===//
//
// Parses, verifies, transforms and prints sffnn IR, like mlir-opt: every
// sffnn pass and pipeline is registered here, and the test-only passes of
// test/lib.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Formats/FileIO.h"
#include "sffnn/InitAll.h"
#include "sffnn/Support/FatalErrors.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
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
                                  const llvm::MemoryBuffer &buffer,
                                  const mlir::DialectRegistry &registry) {
  if (!buffer.getBuffer().starts_with("ML\xefR"))
    return; // text: MlirOptMain reports its errors
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  context.getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  mlir::ParserConfig config(&context);
  sffnn::readGuardingUpstreamCrash(buffer.getBuffer(), [&] {
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(buffer.getBuffer(), config,
                                                input);
    // Some corrupt arrays parse and then crash the printer.
    if (module && succeeded(mlir::verify(*module)))
      module->print(llvm::nulls());
  });
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
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
  sffnn::setFatalErrorOutput(output);
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  // Listing dialects or passes reads no input.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, input, output, registry));
  // The input is read here, not by MlirOptMain, so that a stream (stdin, a
  // pipe, /dev/zero) stops at the memory limit instead of growing without
  // bound, and so that a bytecode stream can be checked too.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      sffnn::readInputFile(input);
  if (!buffer) {
    sffnn::reportToolError(llvm::toString(buffer.takeError()));
    return 1;
  }
  checkBytecodeReadable(input, **buffer, registry);
  // The passes' report files appear only when the whole run succeeds.
  mlir::sffnn::deferPassOutputs();
  // Written whole or not at all: a failed run (its diagnostics printed
  // already) leaves no output file, and a write error names the file.
  bool optFailed = false;
  llvm::Error written = sffnn::writeOutputFile(
      output, [&](llvm::raw_ostream &os) -> llvm::Error {
        optFailed = mlir::failed(
            mlir::MlirOptMain(os, std::move(*buffer), registry, config));
        if (optFailed)
          return llvm::createStringError("sparse-ffnn-opt failed");
        return llvm::Error::success();
      });
  if (optFailed || written) {
    mlir::sffnn::discardPassOutputs();
    if (optFailed)
      llvm::consumeError(std::move(written));
    else
      sffnn::reportToolError(llvm::toString(std::move(written)));
    return 1;
  }
  return mlir::asMainReturnCode(mlir::sffnn::commitPassOutputs());
}
