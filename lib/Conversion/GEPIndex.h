//===- GEPIndex.h - a constant offset as an llvm.getelementptr index -*- C++ -*-===//
#ifndef SFFNN_CONVERSION_GEPINDEX_H
#define SFFNN_CONVERSION_GEPINDEX_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::sffnn {

/// `offset` as a GEP index: a constant index holds kGEPConstantBitWidth
/// (29) signed bits and silently drops the rest, so larger offsets are an
/// i64 constant operand built at `b`.
inline LLVM::GEPArg gepIndex(OpBuilder &b, Location loc, int64_t offset) {
  constexpr int64_t kLimit = int64_t(1) << (LLVM::kGEPConstantBitWidth - 1);
  if (offset >= -kLimit && offset < kLimit)
    return static_cast<int32_t>(offset);
  return LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                  b.getI64IntegerAttr(offset))
      .getResult();
}

} // namespace mlir::sffnn

#endif // SFFNN_CONVERSION_GEPINDEX_H
