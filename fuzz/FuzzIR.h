//===- FuzzIR.h - parse and verify sffnn IR from fuzz input -----*- C++ -*-===//
#ifndef SFFNN_FUZZ_FUZZIR_H
#define SFFNN_FUZZ_FUZZIR_H

#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

namespace sffnn::fuzz {

/// One context for the whole run (creating one per input would dominate the
/// time); diagnostics are dropped, the fuzzer looks for crashes.
inline mlir::MLIRContext &fuzzContext() {
  static mlir::MLIRContext *context = [] {
    sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
    mlir::DialectRegistry registry;
    mlir::sffnn::registerAllDialects(registry);
    auto *ctx = new mlir::MLIRContext(registry);
    ctx->loadAllAvailableDialects();
    ctx->printOpOnDiagnostic(false);
    ctx->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
    return ctx;
  }();
  return *context;
}

/// Parses (text or bytecode: the parser tells them apart by the magic
/// number) and verifies the result again, as the tools do.
inline mlir::OwningOpRef<mlir::ModuleOp> parseAndVerify(llvm::StringRef bytes) {
  mlir::MLIRContext &context = fuzzContext();
  mlir::ParserConfig config(&context);
  // The lexer relies on a NUL after the buffer, as every file the tools
  // read has (MemoryBuffer); libFuzzer's input has none.
  std::string terminated = bytes.str();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(terminated, config, "fuzz");
  if (module && failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

} // namespace sffnn::fuzz

#endif // SFFNN_FUZZ_FUZZIR_H
