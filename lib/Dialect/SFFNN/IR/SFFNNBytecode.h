//===- SFFNNBytecode.h - bytecode encoding of sffnn attributes --*- C++ -*-===//
#ifndef SFFNN_LIB_DIALECT_SFFNN_IR_SFFNNBYTECODE_H
#define SFFNN_LIB_DIALECT_SFFNN_IR_SFFNNBYTECODE_H

namespace mlir::sffnn {
class SFFNNDialect;
void addBytecodeInterface(SFFNNDialect *dialect);
} // namespace mlir::sffnn

#endif
