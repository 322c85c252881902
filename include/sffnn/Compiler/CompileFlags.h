//===- CompileFlags.h - the compiler's options as tool flags ----*- C++ -*-===//
//
// sparse-ffnn-run and sparse-ffnn-translate take the same compilation
// flags: every lowering option (LoweringOptions.def, declared once) and the
// LLVM optimization level.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_COMPILER_COMPILEFLAGS_H
#define SFFNN_COMPILER_COMPILEFLAGS_H

#include "sffnn/Compiler/Compiler.h"

#include "llvm/Support/CommandLine.h"

namespace mlir::sffnn {

class CompileFlags {
public:
  explicit CompileFlags(llvm::cl::OptionCategory &category)
      :
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  FIELD(FLAG, llvm::cl::desc(DESC), llvm::cl::init(DEFAULT),                  \
        llvm::cl::cat(category)),
#include "sffnn/Conversion/LoweringOptions.def"
        optLevel("opt-level", llvm::cl::desc("LLVM optimization level, 0-3"),
                 llvm::cl::init(2), llvm::cl::cat(category)) {
  }

  CompileOptions get() const {
    CompileOptions options;
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  options.lowering.FIELD = FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
    options.optLevel = optLevel;
    return options;
  }

private:
#define SFFNN_LOWERING_OPTION(TYPE, FIELD, FLAG, DEFAULT, DESC)               \
  llvm::cl::opt<TYPE> FIELD;
#include "sffnn/Conversion/LoweringOptions.def"
  llvm::cl::opt<int> optLevel;
};

} // namespace mlir::sffnn

#endif // SFFNN_COMPILER_COMPILEFLAGS_H
