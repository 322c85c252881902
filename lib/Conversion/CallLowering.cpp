//===- CallLowering.cpp - sffnn.call on buffers to a kernel call ----------===//
//
// Runs at the end of convert-sffnn-to-vector, once every network is a
// kernel `NAME_impl(memref<?xf32>, memref<?xf32>, index)` over row-major
// batch x features buffers. A call passes 1-D views of its 2-D buffers: an
// identity layout is already row-major and contiguous, so collapse_shape
// is free; any other layout (a strided subview, an offset) is copied into a
// fresh contiguous buffer, and the output copied back after the call.
//
//===----------------------------------------------------------------------===//
#include "CallLowering.h"

#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;
using namespace mlir::sffnn;

namespace {

/// A 2-D buffer as the kernel's `memref<?xf32>`, and what to do after the
/// kernel ran: copy a staged output back, free the staging buffer.
struct FlatBuffer {
  Value flat;
  Value staged; // the contiguous copy, when the buffer was not contiguous
};

Value batchSize(ImplicitLocOpBuilder &b, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  if (!type.isDynamicDim(0))
    return arith::ConstantIndexOp::create(b, type.getDimSize(0));
  return memref::DimOp::create(b, buffer, 0);
}

/// Copies a batch x features buffer element by element: upstream lowers a
/// memref.copy between different layouts to a call of MLIR's runner-utils
/// function memrefCopy, which a compiled kernel library would then need.
void copyBatch(ImplicitLocOpBuilder &b, Value from, Value to) {
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value one = arith::ConstantIndexOp::create(b, 1);
  Value rows = batchSize(b, from);
  Value cols = arith::ConstantIndexOp::create(
      b, cast<MemRefType>(from.getType()).getDimSize(1));
  scf::ForOp::create(
      b, zero, rows, one, ValueRange{},
      [&](OpBuilder &rowBuilder, Location loc, Value row, ValueRange) {
        scf::ForOp::create(
            rowBuilder, loc, zero, cols, one, ValueRange{},
            [&](OpBuilder &colBuilder, Location loc, Value col, ValueRange) {
              Value v = memref::LoadOp::create(colBuilder, loc, from,
                                               ValueRange{row, col});
              memref::StoreOp::create(colBuilder, loc, v, to,
                                      ValueRange{row, col});
              scf::YieldOp::create(colBuilder, loc);
            });
        scf::YieldOp::create(rowBuilder, loc);
      });
}

FlatBuffer flatten(ImplicitLocOpBuilder &b, Value buffer, bool isInput) {
  auto type = cast<MemRefType>(buffer.getType());
  FlatBuffer result;
  Value contiguous = buffer;
  if (!type.getLayout().isIdentity()) {
    auto identity = MemRefType::get(type.getShape(), type.getElementType());
    SmallVector<Value> dynamicSizes;
    if (type.isDynamicDim(0))
      dynamicSizes.push_back(memref::DimOp::create(b, buffer, 0));
    contiguous = memref::AllocOp::create(b, identity, dynamicSizes);
    if (isInput)
      copyBatch(b, buffer, contiguous);
    result.staged = contiguous;
  }
  Value flat = memref::CollapseShapeOp::create(
      b, contiguous, ArrayRef<ReassociationIndices>{{0, 1}});
  auto dynamic1D = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  if (flat.getType() != dynamic1D)
    flat = memref::CastOp::create(b, dynamic1D, flat);
  result.flat = flat;
  return result;
}

LogicalResult lowerCall(CallOp call, ModuleOp module) {
  if (!call.hasBufferSemantics())
    return call.emitOpError(
        "on tensors must be bufferized before its network is lowered "
        "(one-shot-bufferize; sffnn-to-llvm-pipeline runs it)");
  std::string kernelName = (call.getCallee() + "_impl").str();
  auto kernel = module.lookupSymbol<func::FuncOp>(kernelName);
  if (!kernel || !getKernelInfo(kernel))
    return call.emitOpError("calls '")
           << call.getCallee() << "', which was not lowered to a kernel '"
           << kernelName << "'";
  for (Value buffer : call.getOperands())
    if (cast<MemRefType>(buffer.getType()).getMemorySpace())
      return call.emitOpError("takes buffers in the default memory space "
                              "only; got ")
             << buffer.getType();

  ImplicitLocOpBuilder b(call.getLoc(), call);
  Value in = call.getInput(), out = call.getOutput();
  Value batch = batchSize(b, in);
  // The verifier checks static batch sizes; a `?` one is checked here, as
  // the kernel writes batch x outputs floats.
  auto inType = cast<MemRefType>(in.getType());
  auto outType = cast<MemRefType>(out.getType());
  if (inType.isDynamicDim(0) || outType.isDynamicDim(0)) {
    Value same = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, batch,
                                       batchSize(b, out));
    cf::AssertOp::create(b, same,
                         ("sffnn.call @" + call.getCallee() +
                          ": input and output batch sizes differ")
                             .str());
  }
  FlatBuffer flatIn = flatten(b, in, /*isInput=*/true);
  FlatBuffer flatOut = flatten(b, out, /*isInput=*/false);
  func::CallOp::create(b, kernel, ValueRange{flatIn.flat, flatOut.flat, batch});
  if (flatOut.staged)
    copyBatch(b, flatOut.staged, out);
  for (Value staged : {flatIn.staged, flatOut.staged})
    if (staged)
      memref::DeallocOp::create(b, staged);
  call.erase();
  return success();
}

} // namespace

LogicalResult mlir::sffnn::lowering::lowerNetworkCalls(ModuleOp module) {
  SmallVector<CallOp> calls;
  module.walk([&](CallOp call) { calls.push_back(call); });
  for (CallOp call : calls)
    if (failed(lowerCall(call, module)))
      return failure();
  return success();
}
