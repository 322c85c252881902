//===- FmaGroupAsm.h - a register group as x86-64 AVX-512 assembly -*- C++ -*-===//
#ifndef SFFNN_CONVERSION_FMAGROUPASM_H
#define SFFNN_CONVERSION_FMAGROUPASM_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::sffnn {

/// The final accumulators of `op` computed by inline assembly for x86-64
/// with AVX-512F, built at `b`'s insertion point: per 30 accumulators one
/// llvm.inline_asm (a vmovups per source word, a vfmadd231ps with an
/// embedded-broadcast weight per term) reading its weights from a private
/// constant global named after `weightsName` (added to `symbols`). Fails,
/// building nothing, unless the words are vector<16xf32> and every offset
/// fits a 32-bit displacement; the caller then writes LLVM dialect ops.
FailureOr<SmallVector<Value>> writeFmaGroupAsX86Avx512(OpBuilder &b,
                                                       FmaGroupOp op,
                                                       SymbolTable &symbols,
                                                       StringRef weightsName);

} // namespace mlir::sffnn

#endif // SFFNN_CONVERSION_FMAGROUPASM_H
