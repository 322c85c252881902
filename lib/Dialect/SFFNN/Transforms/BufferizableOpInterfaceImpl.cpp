//===- BufferizableOpInterfaceImpl.cpp - sffnn.call bufferization ---------===//
//
// `%y = sffnn.call @net(%x)` becomes `sffnn.call @net(%xb, %yb)` on the
// buffer of %x and a new identity-layout buffer %yb of %y's shape. The
// call is not in destination-passing style: its result aliases nothing, so
// the analysis never has to copy the input, and the output is always a
// fresh allocation (`bufferizesToAllocation`).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Dialect/SFFNN/Transforms/BufferizableOpInterfaceImpl.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;
using namespace mlir::sffnn;

namespace {

struct CallBufferization
    : public BufferizableOpInterface::ExternalModel<CallBufferization, CallOp> {
  // The network reads its whole input batch...
  bool bufferizesToMemoryRead(Operation *, OpOperand &,
                              const AnalysisState &) const {
    return true;
  }
  // ...and never writes it.
  bool bufferizesToMemoryWrite(Operation *, OpOperand &,
                               const AnalysisState &) const {
    return false;
  }
  // The result is a new batch, not a view of the input.
  AliasingValueList getAliasingValues(Operation *, OpOperand &,
                                      const AnalysisState &) const {
    return {};
  }
  bool bufferizesToAllocation(Operation *, Value) const { return true; }

  FailureOr<BufferLikeType>
  getBufferType(Operation *op, Value value, const BufferizationOptions &options,
                const BufferizationState &,
                SmallVector<Value> &) const {
    auto call = cast<CallOp>(op);
    auto tensorType = cast<TensorType>(value.getType());
    // The memory space of the input, so that both buffers live together.
    Attribute memorySpace;
    if (auto in = dyn_cast<BaseMemRefType>(call.getInput().getType()))
      memorySpace = in.getMemorySpace();
    return cast<BufferLikeType>(
        getMemRefTypeWithStaticIdentityLayout(tensorType, memorySpace));
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    auto call = cast<CallOp>(op);
    if (call.hasBufferSemantics())
      return success();
    Location loc = call.getLoc();
    FailureOr<Value> input = getBuffer(rewriter, call.getInput(), options,
                                       state);
    if (failed(input))
      return failure();
    auto outType = cast<RankedTensorType>(call.getOutput().getType());
    auto inBuffer = cast<MemRefType>(input->getType());
    auto bufferType = MemRefType::get(outType.getShape(),
                                      outType.getElementType(), nullptr,
                                      inBuffer.getMemorySpace());
    // A `?` output batch is the input's batch (C-CALL-1: compatible sizes).
    SmallVector<Value> dynamicSizes;
    if (outType.isDynamicDim(0))
      dynamicSizes.push_back(
          memref::DimOp::create(rewriter, loc, *input, 0).getResult());
    FailureOr<Value> output =
        options.createAlloc(rewriter, loc, bufferType, dynamicSizes);
    if (failed(output))
      return failure();
    CallOp::create(rewriter, loc, TypeRange{}, call.getCalleeAttr(),
                   ValueRange{*input, *output});
    replaceOpWithBufferizedValues(rewriter, op, *output);
    return success();
  }
};

} // namespace

void mlir::sffnn::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, SFFNNDialect *) {
    CallOp::attachInterface<CallBufferization>(*ctx);
  });
}

void mlir::sffnn::registerBufferizationDialectsAndModels(
    DialectRegistry &registry) {
  registry.insert<SFFNNDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, func::FuncDialect,
                  linalg::LinalgDialect, memref::MemRefDialect,
                  scf::SCFDialect, tensor::TensorDialect>();
  registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
}
