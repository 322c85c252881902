//===- StraightLineForm.cpp - one FMA per connection, no loops ------------===//
//
// Per register group: the accumulators start at the bias (a splat constant)
// or zero; each distinct source is loaded once and feeds every member that
// reads it; weights are splat constants; then the activation and one store
// per member, through the scratch pointer. Slots are immediate offsets.
// docs/Codegen.md.
//
// The loads and FMAs of a group are one sffnn.fma_group on the scratch
// view's pointer, written out by sffnn-expand-fma-groups after the upstream
// conversions to LLVM, so that those do not walk one op per connection.
//
//===----------------------------------------------------------------------===//
#include "ChunkForm.h"
#include "GEPIndex.h"

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include <vector>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

namespace {

class StraightLineForm : public ChunkForm {
public:
  StraightLineForm(KernelBuilder &builder, const cg::KernelPlan &plan)
      : kb(builder), b(builder.b), plan(plan) {}

  void emitChunk(size_t k, Value scratch) override {
    const cg::Chunk &chunk = plan.chunks[k];
    Value pointer = scratchPointer(scratch);
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g)
      emitGroup(plan.groups[g], pointer);
  }

private:
  /// The address of the first float of the 1-D `scratch` view, an
  /// !llvm.ptr, which sffnn.fma_group reads through.
  Value scratchPointer(Value scratch);
  void emitGroup(const cg::RegisterGroup &group, Value pointer);
  /// The group's sources in round-robin order over its members.
  void orderSources(const cg::RegisterGroup &group, size_t members);

  KernelBuilder &kb;
  ImplicitLocOpBuilder &b;
  const cg::KernelPlan &plan;
  /// Scratch of orderSources, kept to reuse its memory.
  std::vector<std::vector<int64_t>> sourcesByMember;
  std::vector<uint8_t> emitted;
  std::vector<size_t> nextOf;
  std::vector<int64_t> sourceOrder;
  /// The arrays of the group's sffnn.fma_group, kept to reuse their memory.
  std::vector<int64_t> offsets;
  std::vector<int32_t> termEnds, termAccumulators;
  std::vector<float> weights;
};

} // namespace

void StraightLineForm::orderSources(const cg::RegisterGroup &group,
                                    size_t members) {
  // The next source of member 0, of member 1, ..., each source once:
  // consecutive FMAs feed different accumulators, so their latencies
  // overlap, and no source stays live for long.
  int64_t first = group.firstSource, count = group.endSource - first;
  sourcesByMember.assign(members, {});
  for (int64_t s = first; s < group.endSource; ++s)
    for (int64_t t = plan.sources[s].firstTerm; t < plan.sources[s].endTerm;
         ++t)
      sourcesByMember[plan.termMember[t]].push_back(s);
  emitted.assign(count, 0);
  nextOf.assign(members, 0);
  sourceOrder.clear();
  while (static_cast<int64_t>(sourceOrder.size()) < count) {
    for (size_t m = 0; m < members; ++m) {
      std::vector<int64_t> &mine = sourcesByMember[m];
      size_t &next = nextOf[m];
      while (next < mine.size() && emitted[mine[next] - first])
        ++next;
      if (next == mine.size())
        continue;
      emitted[mine[next] - first] = 1;
      sourceOrder.push_back(mine[next]);
    }
  }
}

Value StraightLineForm::scratchPointer(Value scratch) {
  // The view's memref descriptor (aligned pointer, then offset), which the
  // conversion of the function's signature produces: the cast from the
  // descriptor to the memref that it inserts and this one cancel out in
  // reconcile-unrealized-casts.
  MLIRContext *context = b.getContext();
  Type ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = b.getI64Type();
  Type sizes = LLVM::LLVMArrayType::get(i64, 1);
  Type descriptorType =
      LLVM::LLVMStructType::getLiteral(context, {ptr, ptr, i64, sizes, sizes});
  Value descriptor =
      UnrealizedConversionCastOp::create(b, descriptorType, scratch)
          .getResult(0);
  Value aligned =
      LLVM::ExtractValueOp::create(b, descriptor, ArrayRef<int64_t>{1});
  Value offset =
      LLVM::ExtractValueOp::create(b, descriptor, ArrayRef<int64_t>{2});
  return LLVM::GEPOp::create(b, ptr, b.getF32Type(), aligned,
                             ValueRange{offset},
                             LLVM::GEPNoWrapFlags::inbounds);
}

void StraightLineForm::emitGroup(const cg::RegisterGroup &group,
                                 Value pointer) {
  SmallVector<Value> init;
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    int64_t bias = plan.members[m].biasOffset;
    init.push_back(kb.splat(bias < 0 ? 0.0f : plan.pool[bias]));
  }
  orderSources(group, init.size());
  offsets.clear();
  termEnds.clear();
  termAccumulators.clear();
  weights.clear();
  for (int64_t s : sourceOrder) {
    const cg::SourceUse &use = plan.sources[s];
    offsets.push_back(use.slot * kb.tile);
    for (int64_t t = use.firstTerm; t < use.endTerm; ++t) {
      termAccumulators.push_back(static_cast<int32_t>(plan.termMember[t]));
      weights.push_back(plan.pool[t]);
    }
    termEnds.push_back(static_cast<int32_t>(weights.size()));
  }
  ValueRange acc = FmaGroupOp::create(b, pointer, init, offsets, termEnds,
                                      termAccumulators, weights,
                                      kb.wordAlignment)
                       .getResults();
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    const cg::Member &member = plan.members[m];
    Value y = kb.activate(acc[m - group.firstMember], member.activation,
                          member.clamp);
    // Through the scratch pointer: an LLVM store that no conversion pass
    // rewrites (a vector.store becomes five ops, per neuron).
    Value at = LLVM::GEPOp::create(
        b, pointer.getType(), b.getF32Type(), pointer,
        ArrayRef<LLVM::GEPArg>{
            gepIndex(b, b.getLoc(), int64_t(member.slot) * kb.tile)},
        LLVM::GEPNoWrapFlags::inbounds);
    LLVM::StoreOp::create(b, y, at, kb.wordAlignment);
  }
}

std::unique_ptr<ChunkForm> mlir::sffnn::lowering::createStraightLineForm(
    KernelBuilder &builder, const cg::KernelPlan &plan, StringRef) {
  return std::make_unique<StraightLineForm>(builder, plan);
}
