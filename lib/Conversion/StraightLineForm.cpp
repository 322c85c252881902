//===- StraightLineForm.cpp - one FMA per connection, no loops ------------===//
//
// Per register group: the accumulators start at the bias (a splat constant)
// or zero; each distinct source is loaded once and feeds every member that
// reads it; weights are splat constants; then the activation and one store
// per member. Slots are immediate offsets. docs/Codegen.md.
//
//===----------------------------------------------------------------------===//
#include "ChunkForm.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include <map>
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
    weightConstants.clear();
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g)
      emitGroup(plan.groups[g], scratch);
  }

private:
  void emitGroup(const cg::RegisterGroup &group, Value scratch);
  /// The group's sources in round-robin order over its members.
  void orderSources(const cg::RegisterGroup &group, size_t members);
  /// The splat word of weight `w`, one per distinct value and chunk.
  Value weight(float w);

  KernelBuilder &kb;
  ImplicitLocOpBuilder &b;
  const cg::KernelPlan &plan;
  /// Scratch of orderSources, kept to reuse its memory.
  std::vector<std::vector<int64_t>> sourcesByMember;
  std::vector<uint8_t> emitted;
  std::vector<size_t> nextOf;
  std::vector<int64_t> sourceOrder;
  /// This chunk's weight words, at the start of its (single) block.
  std::map<float, Value> weightConstants;
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

Value StraightLineForm::weight(float w) {
  Value &c = weightConstants[w];
  if (!c) {
    // An LLVM constant, like the FMA that reads it: there is one per
    // distinct weight, i.e. up to one per connection, and an arith
    // constant would be rewritten by arith-to-llvm and walked by every
    // conversion pass (docs/Codegen.md, "Compile cost of straight-line
    // code").
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(b.getInsertionBlock());
    VectorType word = kb.word;
    c = LLVM::ConstantOp::create(b, word, SplatElementsAttr::get(word, w));
  }
  return c;
}

void StraightLineForm::emitGroup(const cg::RegisterGroup &group,
                                 Value scratch) {
  SmallVector<Value> acc;
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    int64_t bias = plan.members[m].biasOffset;
    acc.push_back(kb.splat(bias < 0 ? 0.0f : plan.pool[bias]));
  }
  orderSources(group, acc.size());
  for (int64_t s : sourceOrder) {
    const cg::SourceUse &use = plan.sources[s];
    Value x = kb.loadWord(scratch, kb.slotOffset(use.slot));
    for (int64_t t = use.firstTerm; t < use.endTerm; ++t) {
      Value &a = acc[plan.termMember[t]];
      // An LLVM op already (on a builtin vector, which LLVM accepts): the
      // conversion passes leave it alone instead of rewriting one op per
      // connection (docs/Codegen.md, "Compile cost of straight-line code").
      a = LLVM::FMulAddOp::create(b, weight(plan.pool[t]), x, a);
    }
  }
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    const cg::Member &member = plan.members[m];
    Value y = kb.activate(acc[m - group.firstMember], member.activation,
                          member.clamp);
    kb.storeWord(y, scratch, kb.slotOffset(member.slot));
  }
}

std::unique_ptr<ChunkForm> mlir::sffnn::lowering::createStraightLineForm(
    KernelBuilder &builder, const cg::KernelPlan &plan, StringRef) {
  return std::make_unique<StraightLineForm>(builder, plan);
}
