//===- ExpandFmaGroups.cpp - sffnn-expand-fma-groups ----------------------===//
//
// Straight-line chunks hold one sffnn.fma_group per register group through
// the upstream conversions to LLVM, each of which walks every op of the
// module; written out only here, their one FMA per connection is built once
// and walked by nobody else (docs/Codegen.md, "Compile cost of
// straight-line code"). On x86-64 with AVX-512F they may be inline
// assembly instead (FmaGroupAsm.cpp).
//
//===----------------------------------------------------------------------===//
#include "FmaGroupAsm.h"
#include "GEPIndex.h"

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
  using Base::Base;
  void runOnOperation() override;

private:
  /// The final accumulators of `op` as LLVM dialect ops built at `b`.
  SmallVector<Value> writeAsLLVM(OpBuilder &b, FmaGroupOp op);

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

SmallVector<Value> ExpandFmaGroupsPass::writeAsLLVM(OpBuilder &b,
                                                    FmaGroupOp op) {
  Location loc = op.getLoc();
  Type ptrType = LLVM::LLVMPointerType::get(&getContext());
  Type f32 = b.getF32Type();
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
                                   ArrayRef<LLVM::GEPArg>{gepIndex(b, loc, offset)},
                                   LLVM::GEPNoWrapFlags::inbounds);
    // All accumulators of a group have the word type (the verifier).
    auto word = cast<VectorType>(acc[accumulatorOf[t]].getType());
    Value x = LLVM::LoadOp::create(b, loc, word, at, alignment);
    for (; t < end; ++t) {
      Value &a = acc[accumulatorOf[t]];
      a = LLVM::FMulAddOp::create(b, loc,
                                  weight(b, fn, loc, word, weightOf[t]), x, a);
    }
  }
  return acc;
}

void ExpandFmaGroupsPass::runOnOperation() {
  if (emitter != "llvm" && emitter != "x86-avx512") {
    emitError(getOperation().getLoc(), "unknown emitter '")
        << emitter << "'; expected llvm or x86-avx512";
    return signalPassFailure();
  }
  SmallVector<FmaGroupOp> groups;
  getOperation()->walk([&](FmaGroupOp op) { groups.push_back(op); });
  if (groups.empty())
    return;
  // The weights' globals go into the symbol table around each group (a
  // nested module's, if any).
  SymbolTableCollection symbolTables;
  bool assembly = emitter == "x86-avx512";
  OpBuilder b(&getContext());
  Type ptrType = LLVM::LLVMPointerType::get(&getContext());
  for (FmaGroupOp op : groups) {
    if (op.getScratch().getType() != ptrType) {
      op.emitOpError("needs an !llvm.ptr scratch operand to be expanded");
      return signalPassFailure();
    }
    b.setInsertionPoint(op);
    auto fn = op->getParentOfType<LLVM::LLVMFuncOp>();
    FailureOr<SmallVector<Value>> acc = failure();
    if (assembly)
      acc = writeFmaGroupAsX86Avx512(
          b, op,
          symbolTables.getSymbolTable(
              op->getParentWithTrait<OpTrait::SymbolTable>()),
          fn ? (fn.getName() + "_weights").str() : "weights");
    if (failed(acc))
      acc = writeAsLLVM(b, op);
    op.replaceAllUsesWith(*acc);
    markStraightLine(fn);
    op.erase();
  }
}
