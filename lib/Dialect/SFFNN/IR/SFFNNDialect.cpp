//===- SFFNNDialect.cpp - the sffnn dialect
//--------------------------------===//
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "SFFNNBytecode.h"

#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sffnn;

#include "sffnn/Dialect/SFFNN/IR/SFFNNDialect.cpp.inc"
#include "sffnn/Dialect/SFFNN/IR/SFFNNEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "sffnn/Dialect/SFFNN/IR/SFFNNAttrs.cpp.inc"

void SFFNNDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "sffnn/Dialect/SFFNN/IR/SFFNNTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "sffnn/Dialect/SFFNN/IR/SFFNNAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "sffnn/Dialect/SFFNN/IR/SFFNNOps.cpp.inc"
      >();
  addBytecodeInterface(this);
  // lib/Dialect/SFFNN/Transforms attaches it (registerAllDialects does).
  declarePromisedInterface<bufferization::BufferizableOpInterface, CallOp>();
}
