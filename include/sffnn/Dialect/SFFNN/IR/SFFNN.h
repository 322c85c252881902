//===- SFFNN.h - the sffnn dialect ------------------------------*- C++ -*-===//
//
// One header for the dialect, its types, attributes and ops.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_DIALECT_SFFNN_IR_SFFNN_H
#define SFFNN_DIALECT_SFFNN_IR_SFFNN_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "sffnn/Dialect/SFFNN/IR/CsrArrays.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNNDialect.h.inc"
#include "sffnn/Dialect/SFFNN/IR/SFFNNEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNAttrs.h.inc"

#define GET_OP_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNOps.h.inc"

#endif // SFFNN_DIALECT_SFFNN_IR_SFFNN_H
