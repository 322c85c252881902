//===- InitAll.h - register sffnn dialects and passes ----------*- C++ -*-===//
//
// What a tool (or an ML compiler embedding sffnn) calls to make the dialect
// and every pass available.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_INITALL_H
#define SFFNN_INITALL_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Dialect/SFFNN/Transforms/BufferizableOpInterfaceImpl.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SparseTensor/IR/SparseTensor.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::sffnn {

inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<SFFNNDialect, func::FuncDialect, arith::ArithDialect,
                  vector::VectorDialect, memref::MemRefDialect,
                  scf::SCFDialect, math::MathDialect, LLVM::LLVMDialect>();
  // What sffnn-to-llvm-pipeline bufferizes around the networks (linalg,
  // tensor, bufferization) and sffnn.call's bufferization model.
  registerBufferizationDialectsAndModels(registry);
  // What sffnn-raise-linalg reads (linalg-on-tensors from ML compilers).
  registry.insert<linalg::LinalgDialect, tensor::TensorDialect,
                  sparse_tensor::SparseTensorDialect>();
}

inline void registerAllPasses() {
  registerSFFNNPasses();
  registerSFFNNConversionPassesAndPipeline();
}

} // namespace mlir::sffnn

#endif // SFFNN_INITALL_H
