//===- CompactForm.cpp - the plan as loops over tables --------------------===//
//
// Above max-straight-line connections: a dense register group (members
// reading exactly the same sources, with the same activation) keeps its
// accumulators in registers, with weights laid out [source][member]; every
// other neuron is a loop over its own terms. docs/Codegen.md.
//
//===----------------------------------------------------------------------===//
#include "KernelEmitter.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

bool KernelEmitter::sameActivation(const cg::Member &a, const cg::Member &b) {
  return a.activation == b.activation &&
         (a.clamp == b.clamp || (std::isinf(a.clamp) && std::isinf(b.clamp)));
}

bool KernelEmitter::isDense(const cg::Group &group) const {
  int64_t members = group.endMember - group.firstMember;
  if (members < 2 || members > 64)
    return false;
  for (int64_t m = group.firstMember + 1; m < group.endMember; ++m)
    if (!sameActivation(plan.members[m], plan.members[group.firstMember]))
      return false;
  for (int64_t s = group.firstSource; s < group.endSource; ++s) {
    const cg::SourceUse &use = plan.sources[s];
    if (use.endTerm - use.firstTerm != members)
      return false;
    uint64_t seen = 0;
    for (int64_t t = use.firstTerm; t < use.endTerm; ++t)
      seen |= uint64_t(1) << plan.termMember[t];
    if (seen != (members == 64 ? ~uint64_t(0) : (uint64_t(1) << members) - 1))
      return false;
  }
  return true;
}

void KernelEmitter::emitCompactTables() {
  std::vector<int32_t> termSlot, singleSlot, srcSlot, denseSlot;
  std::vector<float> termWeight, singleBias, denseWeight, denseBias;
  std::vector<int64_t> termBegin{0}, srcBegin{0}, weightBegin{0},
      memberBegin{0};
  auto bias = [&](const cg::Member &m) {
    return m.biasOffset < 0 ? 0.0f : plan.pool[m.biasOffset];
  };
  for (const cg::Chunk &chunk : plan.chunks) {
    std::vector<Segment> &segments = compactSegments.emplace_back();
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g) {
      const cg::Group &group = plan.groups[g];
      int64_t members = group.endMember - group.firstMember;
      if (isDense(group)) {
        addSegment(segments, true, members, plan.members[group.firstMember],
                   static_cast<int64_t>(srcBegin.size() - 1));
        for (int64_t s = group.firstSource; s < group.endSource; ++s) {
          const cg::SourceUse &use = plan.sources[s];
          srcSlot.push_back(use.slot);
          size_t row = denseWeight.size();
          denseWeight.resize(row + members);
          for (int64_t t = use.firstTerm; t < use.endTerm; ++t)
            denseWeight[row + plan.termMember[t]] = plan.pool[t];
        }
        for (int64_t m = group.firstMember; m < group.endMember; ++m) {
          denseSlot.push_back(plan.members[m].slot);
          denseBias.push_back(bias(plan.members[m]));
        }
        srcBegin.push_back(static_cast<int64_t>(srcSlot.size()));
        weightBegin.push_back(static_cast<int64_t>(denseWeight.size()));
        memberBegin.push_back(static_cast<int64_t>(denseSlot.size()));
        continue;
      }
      for (int64_t m = group.firstMember; m < group.endMember; ++m) {
        uint16_t local = static_cast<uint16_t>(m - group.firstMember);
        addSegment(segments, false, 1, plan.members[m],
                   static_cast<int64_t>(singleSlot.size()));
        for (int64_t s = group.firstSource; s < group.endSource; ++s) {
          const cg::SourceUse &use = plan.sources[s];
          for (int64_t t = use.firstTerm; t < use.endTerm; ++t)
            if (plan.termMember[t] == local) {
              termSlot.push_back(use.slot);
              termWeight.push_back(plan.pool[t]);
            }
        }
        termBegin.push_back(static_cast<int64_t>(termSlot.size()));
        singleSlot.push_back(plan.members[m].slot);
        singleBias.push_back(bias(plan.members[m]));
      }
    }
  }
  tables.termSlot = global<int32_t>(name + "_term_slot", termSlot);
  tables.termWeight = global<float>(name + "_term_weight", termWeight);
  tables.termBegin = global<int64_t>(name + "_term_begin", termBegin);
  tables.singleSlot = global<int32_t>(name + "_single_slot", singleSlot);
  tables.singleBias = global<float>(name + "_single_bias", singleBias);
  tables.srcSlot = global<int32_t>(name + "_source_slot", srcSlot);
  tables.srcBegin = global<int64_t>(name + "_source_begin", srcBegin);
  tables.denseWeight = global<float>(name + "_dense_weight", denseWeight);
  tables.weightBegin = global<int64_t>(name + "_weight_begin", weightBegin);
  tables.denseSlot = global<int32_t>(name + "_dense_slot", denseSlot);
  tables.denseBias = global<float>(name + "_dense_bias", denseBias);
  tables.memberBegin = global<int64_t>(name + "_member_begin", memberBegin);
}

Value KernelEmitter::loadIndex(Value table, Value i) {
  Value v = memref::LoadOp::create(b, table, i);
  return arith::IndexCastOp::create(b, b.getIndexType(), v);
}

Value KernelEmitter::broadcastLoad(Value table, Value i) {
  return vector::BroadcastOp::create(b, word,
                                     memref::LoadOp::create(b, table, i));
}

void KernelEmitter::emitSingleLoop(Value scratch, const Segment &segment) {
  Value termSlot = getGlobal(tables.termSlot);
  Value termWeight = getGlobal(tables.termWeight);
  Value termBegin = getGlobal(tables.termBegin);
  Value singleSlot = getGlobal(tables.singleSlot);
  Value singleBias = getGlobal(tables.singleBias);
  auto loop =
      scf::ForOp::create(b, index(segment.first), index(segment.end), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value n = loop.getInductionVar();
  auto terms = scf::ForOp::create(
      b, loadIndex(termBegin, n), loadIndex(termBegin, add(n, index(1))),
      index(1), ValueRange{broadcastLoad(singleBias, n)});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(terms.getBody());
    Value t = terms.getInductionVar();
    Value x =
        loadWord(scratch, mul(loadIndex(termSlot, t), index(options.tile)));
    scf::YieldOp::create(
        b, ValueRange{vector::FMAOp::create(b, broadcastLoad(termWeight, t), x,
                                            terms.getRegionIterArgs()[0])});
  }
  Value y = activate(terms.getResult(0), segment.activation, segment.clamp);
  storeWord(y, scratch, mul(loadIndex(singleSlot, n), index(options.tile)));
}

void KernelEmitter::emitDenseLoop(Value scratch, const Segment &segment) {
  int64_t R = segment.members;
  Value srcSlot = getGlobal(tables.srcSlot);
  Value srcBegin = getGlobal(tables.srcBegin);
  Value denseWeight = getGlobal(tables.denseWeight);
  Value weightBegin = getGlobal(tables.weightBegin);
  Value denseSlot = getGlobal(tables.denseSlot);
  Value denseBias = getGlobal(tables.denseBias);
  Value memberBegin = getGlobal(tables.memberBegin);
  auto loop =
      scf::ForOp::create(b, index(segment.first), index(segment.end), index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value g = loop.getInductionVar();
  Value first = loadIndex(srcBegin, g);
  Value members = loadIndex(memberBegin, g);
  Value weights = loadIndex(weightBegin, g);
  SmallVector<Value> init;
  for (int64_t r = 0; r < R; ++r)
    init.push_back(broadcastLoad(denseBias, add(members, index(r))));
  auto sources = scf::ForOp::create(
      b, first, loadIndex(srcBegin, add(g, index(1))), index(1), init);
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(sources.getBody());
    Value k = sources.getInductionVar();
    Value x =
        loadWord(scratch, mul(loadIndex(srcSlot, k), index(options.tile)));
    Value row = add(weights, mul(arith::SubIOp::create(b, k, first), index(R)));
    SmallVector<Value> next;
    for (int64_t r = 0; r < R; ++r)
      next.push_back(vector::FMAOp::create(
          b, broadcastLoad(denseWeight, add(row, index(r))), x,
          sources.getRegionIterArgs()[r]));
    scf::YieldOp::create(b, next);
  }
  for (int64_t r = 0; r < R; ++r) {
    Value y = activate(sources.getResult(r), segment.activation, segment.clamp);
    storeWord(y, scratch,
              mul(loadIndex(denseSlot, add(members, index(r))),
                  index(options.tile)));
  }
}

func::FuncOp KernelEmitter::emitCompactChunk(size_t k) {
  func::FuncOp fn =
      newFunction(name + "_chunk" + std::to_string(k), {tileScratchType});
  beginFunction(fn);
  Value scratch = fn.getArgument(0);
  for (const Segment &segment : compactSegments[k]) {
    if (segment.dense)
      emitDenseLoop(scratch, segment);
    else
      emitSingleLoop(scratch, segment);
  }
  func::ReturnOp::create(b);
  return fn;
}
