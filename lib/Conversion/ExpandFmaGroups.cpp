//===- ExpandFmaGroups.cpp - sffnn-expand-fma-groups ----------------------===//
//
// Straight-line chunks hold one sffnn.fma_group per register group through
// the upstream conversions to LLVM, each of which walks every op of the
// module; written out only here, their one FMA per connection is built once
// and walked by nobody else (docs/Codegen.md, "Compile cost of
// straight-line code").
//
//===----------------------------------------------------------------------===//
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNEXPANDFMAGROUPS
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;

namespace {

struct ExpandFmaGroupsPass
    : public mlir::sffnn::impl::SFFNNExpandFmaGroupsBase<ExpandFmaGroupsPass> {
  void runOnOperation() override;

private:
  /// The splat constant `w` of type `word` in the entry block of `fn`: one
  /// per distinct weight and function.
  Value weight(OpBuilder &b, Operation *fn, Location loc, VectorType word,
               float w);

  /// Weight constants of the function being expanded, by word type and bits.
  Operation *currentFunction = nullptr;
  DenseMap<std::pair<Type, uint32_t>, Value> weights;
};

} // namespace

/// Adds the function attribute kStraightLineAttr to `fn` (once).
static void markStraightLine(LLVM::LLVMFuncOp fn) {
  if (!fn)
    return;
  SmallVector<Attribute> passthrough;
  if (ArrayAttr old = fn.getPassthroughAttr())
    passthrough.append(old.begin(), old.end());
  auto mark = StringAttr::get(fn.getContext(), kStraightLineAttr);
  if (llvm::is_contained(passthrough, mark))
    return;
  passthrough.push_back(mark);
  fn.setPassthroughAttr(ArrayAttr::get(fn.getContext(), passthrough));
}

Value ExpandFmaGroupsPass::weight(OpBuilder &b, Operation *fn, Location loc,
                                  VectorType word, float w) {
  if (fn != currentFunction) {
    currentFunction = fn;
    weights.clear();
  }
  Value &c = weights[{word, llvm::bit_cast<uint32_t>(w)}];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&fn->getRegion(0).front());
    c = LLVM::ConstantOp::create(b, loc, word,
                                 SplatElementsAttr::get(word, w));
  }
  return c;
}

void ExpandFmaGroupsPass::runOnOperation() {
  SmallVector<FmaGroupOp> groups;
  getOperation()->walk([&](FmaGroupOp op) { groups.push_back(op); });
  OpBuilder b(&getContext());
  Type ptrType = LLVM::LLVMPointerType::get(&getContext());
  Type f32 = b.getF32Type();
  for (FmaGroupOp op : groups) {
    if (op.getScratch().getType() != ptrType) {
      op.emitOpError("needs an !llvm.ptr scratch operand to be expanded");
      return signalPassFailure();
    }
    b.setInsertionPoint(op);
    Location loc = op.getLoc();
    Operation *fn = op->getParentWithTrait<OpTrait::IsIsolatedFromAbove>();
    SmallVector<Value> acc(op.getInits());
    ArrayRef<int32_t> ends = op.getTermEnds();
    ArrayRef<int32_t> accumulatorOf = op.getTermAccumulators();
    ArrayRef<float> weightOf = op.getWeights();
    int64_t alignment = op.getAlignment();
    int32_t t = 0;
    for (auto [offset, end] : llvm::zip_equal(op.getOffsets(), ends)) {
      if (t == end)
        continue;
      Value at = LLVM::GEPOp::create(b, loc, ptrType, f32, op.getScratch(),
                                     ArrayRef<LLVM::GEPArg>{offset},
                                     LLVM::GEPNoWrapFlags::inbounds);
      // All accumulators of a group have the word type (the verifier).
      auto word = cast<VectorType>(acc[accumulatorOf[t]].getType());
      Value x = LLVM::LoadOp::create(b, loc, word, at, alignment);
      for (; t < end; ++t) {
        Value &a = acc[accumulatorOf[t]];
        a = LLVM::FMulAddOp::create(b, loc,
                                    weight(b, fn, loc, word, weightOf[t]), x,
                                    a);
      }
    }
    op.replaceAllUsesWith(acc);
    markStraightLine(op->getParentOfType<LLVM::LLVMFuncOp>());
    op.erase();
  }
}
