//===- FuzzIR.h - parse and verify sffnn IR from fuzz input -----*- C++ -*-===//
#ifndef SFFNN_FUZZ_FUZZIR_H
#define SFFNN_FUZZ_FUZZIR_H

#include "sffnn/Formats/MemoryLimit.h"
#include "sffnn/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <vector>

namespace sffnn::fuzz {

inline mlir::MLIRContext *newFuzzContext() {
  sffnn::setMemoryLimitBytes(uint64_t(256) << 20);
  mlir::DialectRegistry registry;
  mlir::sffnn::registerAllDialects(registry);
  // No threads: a read abandoned by a crash inside MLIR (FuzzIRBytecode)
  // must not leave a lock of the context held.
  auto *ctx =
      new mlir::MLIRContext(registry, mlir::MLIRContext::Threading::DISABLED);
  ctx->loadAllAvailableDialects();
  ctx->printOpOnDiagnostic(false);
  ctx->getDiagEngine().registerHandler([](mlir::Diagnostic &) {});
  return ctx;
}

/// One context for the whole run (creating one per input would dominate the
/// time); diagnostics are dropped, the fuzzer looks for crashes.
inline mlir::MLIRContext *&fuzzContextSlot() {
  static mlir::MLIRContext *context = newFuzzContext();
  return context;
}
inline mlir::MLIRContext &fuzzContext() { return *fuzzContextSlot(); }

/// After a read abandoned inside MLIR the context's state is unknown: the
/// next inputs get a new one. The old one is kept (reachable, not leaked).
inline void abandonFuzzContext() {
  static std::vector<mlir::MLIRContext *> abandoned;
  abandoned.push_back(fuzzContextSlot());
  fuzzContextSlot() = newFuzzContext();
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
