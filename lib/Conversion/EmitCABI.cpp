//===- EmitCABI.cpp - sffnn-emit-c-abi ------------------------------------===//
//
// The lowered kernel takes memref descriptors; C callers hold plain
// pointers. The wrapper builds the descriptors of the two row-major buffers
// (pointer, pointer, offset 0, size batch * features, stride 1).
//
//===----------------------------------------------------------------------===//
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNEMITCABI
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;

namespace {

struct EmitCABIPass
    : public mlir::sffnn::impl::SFFNNEmitCABIBase<EmitCABIPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Chunk functions are internal to the kernel: out of the dynamic symbol
    // table, and never inlined (each chunk is a unit of code that runs over
    // several batch tiles while hot; inlining them into the driver would
    // also make its loops huge).
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
      if (!fn.isExternal() && fn.isPrivate()) {
        fn.setLinkage(LLVM::Linkage::Internal);
        fn.setNoInline(true);
      }
    for (auto impl :
         llvm::to_vector(module.getOps<LLVM::LLVMFuncOp>())) {
      std::optional<KernelInfo> kernel = getKernelInfo(impl);
      if (!kernel)
        continue;
      // The descriptors of in and out (5 words each) and the batch.
      if (impl.getNumArguments() != 11) {
        impl.emitError("a kernel function takes two memref<?xf32> and the "
                       "batch size");
        return signalPassFailure();
      }
      if (module.lookupSymbol(kernel->name)) {
        impl.emitError("symbol '") << kernel->name
                                   << "' already exists; cannot add the C "
                                      "entry point";
        return signalPassFailure();
      }
      ImplicitLocOpBuilder b(impl.getLoc(), impl);
      b.setInsertionPointAfter(impl);
      MLIRContext *ctx = module.getContext();
      auto ptr = LLVM::LLVMPointerType::get(ctx);
      auto i64 = IntegerType::get(ctx, 64);
      auto fn = LLVM::LLVMFuncOp::create(
          b, kernel->name,
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                      {ptr, ptr, i64}));
      Block *entry = fn.addEntryBlock(b);
      b.setInsertionPointToStart(entry);
      Value in = entry->getArgument(0), out = entry->getArgument(1);
      Value batch = entry->getArgument(2);
      auto constant = [&](int64_t v) {
        return LLVM::ConstantOp::create(b, i64, b.getI64IntegerAttr(v));
      };
      Value zero = constant(0), one = constant(1);
      Value inSize = LLVM::MulOp::create(b, batch, constant(kernel->inputs));
      Value outSize = LLVM::MulOp::create(b, batch, constant(kernel->outputs));
      LLVM::CallOp::create(b, impl,
                           ValueRange{in, in, zero, inSize, one, out, out,
                                      zero, outSize, one, batch});
      LLVM::ReturnOp::create(b, ValueRange{});
      // Only the C entry point is part of the interface.
      impl.setLinkage(LLVM::Linkage::Internal);
    }
  }
};

} // namespace
