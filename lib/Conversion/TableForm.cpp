//===- TableForm.cpp - the plan as loops over constant tables -------------===//
//
// A dense register group (members reading exactly the same sources, with
// the same activation) is one iteration of a loop over such groups, its
// accumulators in registers, weights laid out [source][member]; every other
// neuron is one iteration of a loop over its own terms (slot, weight). The
// tables are constant globals read sequentially. Each loop is a function of
// (scratch view, first, end) emitted once per shape (dense or single,
// members, activation) and called by every chunk with its own bounds, so
// the code does not grow with the network: only the tables do.
// docs/Codegen.md.
//
//===----------------------------------------------------------------------===//
#include "ChunkForm.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>
#include <map>
#include <tuple>
#include <vector>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

namespace {

/// How many sources ahead a dense group's loop prefetches the source word
/// and the weight row: 16 iterations of 16 FMAs are about 250 cycles on one
/// AVX-512 core, more than an L2 or L3 hit takes. Measured on the Graph
/// Challenge pattern with random weights (docs/Performance.md).
constexpr int64_t kPrefetchDistance = 16;

/// A run of consecutive dense groups of the same size, or of single
/// neurons, with the same activation: one loop.
struct Segment {
  bool dense;
  int64_t members; // per dense group
  ::sffnn::Activation activation;
  float clamp;
  int64_t first, end; // dense groups or single neurons
};

bool sameActivation(::sffnn::Activation a, float aClamp, ::sffnn::Activation b,
                    float bClamp) {
  return a == b &&
         (aClamp == bClamp || (std::isinf(aClamp) && std::isinf(bClamp)));
}

/// What decides a segment's loop code (its bounds are arguments). Every
/// infinite clamp is the same shape, as sameActivation has it.
using LoopShape = std::tuple<bool, int64_t, int, float>;
LoopShape shapeOf(const Segment &segment) {
  float clamp = std::isinf(segment.clamp) ? INFINITY : segment.clamp;
  return {segment.dense, segment.members, static_cast<int>(segment.activation),
          clamp};
}

/// The tables of every chunk of the form, concatenated; a loop reads the
/// part of its segment.
struct Tables {
  // Single neurons: terms [termBegin[n], termBegin[n + 1]).
  std::vector<int32_t> termSlot, singleSlot;
  std::vector<float> termWeight, singleBias;
  std::vector<int64_t> termBegin{0};
  // Dense groups: sources [srcBegin[g], srcBegin[g + 1]), weights from
  // weightBegin[g], members from memberBegin[g].
  std::vector<int32_t> srcSlot, denseSlot;
  std::vector<float> denseWeight, denseBias;
  std::vector<int64_t> srcBegin{0}, weightBegin{0}, memberBegin{0};
};

class TableForm : public ChunkForm {
public:
  TableForm(KernelBuilder &builder, const cg::KernelPlan &plan, StringRef name)
      : kb(builder), b(builder.b), plan(plan), name(name.str()),
        segments(plan.chunks.size()) {}

  void prepare(ArrayRef<size_t> chunks) override;

  void emitChunk(size_t k, Value scratch) override {
    for (const Segment &segment : segments[k])
      func::CallOp::create(b, loops.at(shapeOf(segment)),
                           ValueRange{scratch, kb.index(segment.first),
                                      kb.index(segment.end)});
  }

private:
  void addSegment(std::vector<Segment> &list, bool dense, int64_t members,
                  const cg::Member &m, int64_t index);
  float bias(const cg::Member &m) const {
    return m.biasOffset < 0 ? 0.0f : plan.pool[m.biasOffset];
  }
  void addDenseGroup(Tables &t, const cg::RegisterGroup &group);
  void addSingles(Tables &t, std::vector<Segment> &list,
                  const cg::RegisterGroup &group);
  void prefetch(Value memref, Value index) {
    memref::PrefetchOp::create(b, memref, ValueRange{index}, /*isWrite=*/false,
                               /*localityHint=*/3, /*isDataCache=*/true);
  }
  std::string table(StringRef suffix) const {
    return name + "_" + suffix.str();
  }

  /// The loop function of `segment`'s shape, made once.
  void emitLoopFunction(const Segment &segment);
  /// for n in [first, end): acc = bias[n]; for t in terms(n): acc += w[t] *
  /// s[slot[t]]; s[singleSlot[n]] = act(acc).
  void emitSingleLoop(Value scratch, const Segment &segment, Value first,
                      Value end);
  /// for g in [first, end): R accumulators in registers; for each source k of g:
  /// x = s[srcSlot[k]], acc[r] += w[g][k][r] * x; then the R stores.
  void emitDenseLoop(Value scratch, const Segment &segment, Value first,
                     Value end);

  KernelBuilder &kb;
  ImplicitLocOpBuilder &b;
  const cg::KernelPlan &plan;
  std::string name;
  /// The loops of every chunk of this form.
  std::vector<std::vector<Segment>> segments;
  /// The loop function of each shape in use.
  std::map<LoopShape, func::FuncOp> loops;
  /// addSingles' counting sort, reused across groups.
  std::vector<int64_t> memberBegin, memberFill;
};

} // namespace

void TableForm::addSegment(std::vector<Segment> &list, bool dense,
                           int64_t members, const cg::Member &m,
                           int64_t index) {
  if (!list.empty()) {
    Segment &last = list.back();
    if (last.dense == dense && last.members == members &&
        sameActivation(last.activation, last.clamp, m.activation, m.clamp) &&
        last.end == index) {
      ++last.end;
      return;
    }
  }
  list.push_back({dense, members, m.activation, m.clamp, index, index + 1});
}

void TableForm::addDenseGroup(Tables &t, const cg::RegisterGroup &group) {
  int64_t members = group.endMember - group.firstMember;
  for (int64_t s = group.firstSource; s < group.endSource; ++s) {
    const cg::SourceUse &use = plan.sources[s];
    t.srcSlot.push_back(use.slot);
    size_t row = t.denseWeight.size();
    t.denseWeight.resize(row + members);
    for (int64_t k = use.firstTerm; k < use.endTerm; ++k)
      t.denseWeight[row + plan.termMember[k]] = plan.pool[k];
  }
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    t.denseSlot.push_back(plan.members[m].slot);
    t.denseBias.push_back(bias(plan.members[m]));
  }
  t.srcBegin.push_back(static_cast<int64_t>(t.srcSlot.size()));
  t.weightBegin.push_back(static_cast<int64_t>(t.denseWeight.size()));
  t.memberBegin.push_back(static_cast<int64_t>(t.denseSlot.size()));
}

void TableForm::addSingles(Tables &t, std::vector<Segment> &list,
                           const cg::RegisterGroup &group) {
  // The group's terms by member (a counting sort, in source order within a
  // member): O(terms + members), not members x terms.
  int64_t members = group.endMember - group.firstMember;
  // A group's terms are consecutive in the pool (none: no sources).
  bool noSources = group.firstSource == group.endSource;
  int64_t firstTerm =
      noSources ? 0 : plan.sources[group.firstSource].firstTerm;
  int64_t endTerm = noSources ? 0 : plan.sources[group.endSource - 1].endTerm;
  memberBegin.assign(members + 1, 0);
  for (int64_t k = firstTerm; k < endTerm; ++k)
    ++memberBegin[plan.termMember[k] + 1];
  for (int64_t m = 0; m < members; ++m)
    memberBegin[m + 1] += memberBegin[m];
  size_t base = t.termSlot.size();
  t.termSlot.resize(base + (endTerm - firstTerm));
  t.termWeight.resize(base + (endTerm - firstTerm));
  memberFill.assign(memberBegin.begin(), memberBegin.end() - 1);
  for (int64_t s = group.firstSource; s < group.endSource; ++s) {
    const cg::SourceUse &use = plan.sources[s];
    for (int64_t k = use.firstTerm; k < use.endTerm; ++k) {
      size_t at = base + memberFill[plan.termMember[k]]++;
      t.termSlot[at] = use.slot;
      t.termWeight[at] = plan.pool[k];
    }
  }
  for (int64_t m = group.firstMember; m < group.endMember; ++m) {
    addSegment(list, false, 1, plan.members[m],
               static_cast<int64_t>(t.singleSlot.size()));
    t.termBegin.push_back(static_cast<int64_t>(
        base + memberBegin[m - group.firstMember + 1]));
    t.singleSlot.push_back(plan.members[m].slot);
    t.singleBias.push_back(bias(plan.members[m]));
  }
}

void TableForm::prepare(ArrayRef<size_t> chunks) {
  Tables t;
  for (size_t k : chunks) {
    const cg::Chunk &chunk = plan.chunks[k];
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g) {
      const cg::RegisterGroup &group = plan.groups[g];
      if (!cg::isDenseGroup(plan, group)) {
        addSingles(t, segments[k], group);
        continue;
      }
      addSegment(segments[k], true, group.endMember - group.firstMember,
                 plan.members[group.firstMember],
                 static_cast<int64_t>(t.srcBegin.size() - 1));
      addDenseGroup(t, group);
    }
  }
  // Each table is freed once its global holds it, so that at most one
  // extra copy of the largest (the weights) is alive at a time.
  auto emit = [&](StringRef suffix, auto &data) {
    using T = typename std::decay_t<decltype(data)>::value_type;
    kb.global<T>(table(suffix), data);
    std::decay_t<decltype(data)>().swap(data);
  };
  emit("term_slot", t.termSlot);
  emit("term_weight", t.termWeight);
  emit("term_begin", t.termBegin);
  emit("single_slot", t.singleSlot);
  emit("single_bias", t.singleBias);
  // Prefetches run up to kPrefetchDistance sources past the last group
  // (slot 0 exists in every plan with a source).
  t.srcSlot.resize(t.srcSlot.size() + kPrefetchDistance, 0);
  t.denseWeight.resize(
      t.denseWeight.size() + kPrefetchDistance * cg::kMaxDenseMembers, 0.0f);
  emit("source_slot", t.srcSlot);
  emit("source_begin", t.srcBegin);
  emit("dense_weight", t.denseWeight);
  emit("weight_begin", t.weightBegin);
  emit("dense_slot", t.denseSlot);
  emit("dense_bias", t.denseBias);
  emit("member_begin", t.memberBegin);
  for (size_t k : chunks)
    for (const Segment &segment : segments[k])
      if (!loops.count(shapeOf(segment)))
        emitLoopFunction(segment);
}

void TableForm::emitLoopFunction(const Segment &segment) {
  Type index = b.getIndexType();
  func::FuncOp fn =
      kb.newFunction(table("loop" + std::to_string(loops.size())),
                     {kb.tileScratchType, index, index});
  // Kept out of line: every chunk calls it, and a call per segment and tile
  // costs nothing beside the thousands of FMAs of its loop, while inlining
  // would make the code grow with the network again.
  fn.setNoInline(true);
  kb.beginFunction(fn);
  Value scratch = fn.getArgument(0);
  if (segment.dense)
    emitDenseLoop(scratch, segment, fn.getArgument(1), fn.getArgument(2));
  else
    emitSingleLoop(scratch, segment, fn.getArgument(1), fn.getArgument(2));
  func::ReturnOp::create(b);
  loops[shapeOf(segment)] = fn;
}

void TableForm::emitSingleLoop(Value scratch, const Segment &segment,
                               Value first, Value end) {
  Value termSlot = kb.getGlobal(table("term_slot"));
  Value termWeight = kb.getGlobal(table("term_weight"));
  Value termBegin = kb.getGlobal(table("term_begin"));
  Value singleSlot = kb.getGlobal(table("single_slot"));
  Value singleBias = kb.getGlobal(table("single_bias"));
  auto loop = scf::ForOp::create(b, first, end, kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value n = loop.getInductionVar();
  auto terms = scf::ForOp::create(
      b, kb.loadIndex(termBegin, n),
      kb.loadIndex(termBegin, kb.add(n, kb.index(1))), kb.index(1),
      ValueRange{kb.broadcastLoad(singleBias, n)});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(terms.getBody());
    Value t = terms.getInductionVar();
    Value x = kb.loadWord(scratch, kb.slotOffset(kb.loadIndex(termSlot, t)));
    scf::YieldOp::create(
        b, ValueRange{vector::FMAOp::create(b, kb.broadcastLoad(termWeight, t),
                                            x, terms.getRegionIterArgs()[0])});
  }
  Value y = kb.activate(terms.getResult(0), segment.activation, segment.clamp);
  kb.storeWord(y, scratch, kb.slotOffset(kb.loadIndex(singleSlot, n)));
}

void TableForm::emitDenseLoop(Value scratch, const Segment &segment,
                              Value first, Value end) {
  int64_t R = segment.members;
  Value srcSlot = kb.getGlobal(table("source_slot"));
  Value srcBegin = kb.getGlobal(table("source_begin"));
  Value denseWeight = kb.getGlobal(table("dense_weight"));
  Value weightBegin = kb.getGlobal(table("weight_begin"));
  Value denseSlot = kb.getGlobal(table("dense_slot"));
  Value denseBias = kb.getGlobal(table("dense_bias"));
  Value memberBegin = kb.getGlobal(table("member_begin"));
  auto loop = scf::ForOp::create(b, first, end, kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value g = loop.getInductionVar();
  Value firstSource = kb.loadIndex(srcBegin, g);
  Value members = kb.loadIndex(memberBegin, g);
  Value weights = kb.loadIndex(weightBegin, g);
  SmallVector<Value> init;
  for (int64_t r = 0; r < R; ++r)
    init.push_back(kb.broadcastLoad(denseBias, kb.add(members, kb.index(r))));
  auto sources = scf::ForOp::create(
      b, firstSource, kb.loadIndex(srcBegin, kb.add(g, kb.index(1))),
      kb.index(1), init);
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(sources.getBody());
    Value k = sources.getInductionVar();
    Value x = kb.loadWord(scratch, kb.slotOffset(kb.loadIndex(srcSlot, k)));
    // The source word and the weight row of the source kPrefetchDistance
    // iterations ahead: without them the first FMA of an iteration waits
    // for its lines (docs/Codegen.md). The tables are padded for it.
    prefetch(scratch, kb.slotOffset(kb.loadIndex(
                          srcSlot, kb.add(k, kb.index(kPrefetchDistance)))));
    Value row = kb.add(weights,
                       kb.mul(arith::SubIOp::create(b, k, firstSource), kb.index(R)));
    prefetch(denseWeight, kb.add(row, kb.index(kPrefetchDistance * R)));
    SmallVector<Value> next;
    for (int64_t r = 0; r < R; ++r)
      next.push_back(vector::FMAOp::create(
          b, kb.broadcastLoad(denseWeight, kb.add(row, kb.index(r))), x,
          sources.getRegionIterArgs()[r]));
    scf::YieldOp::create(b, next);
  }
  for (int64_t r = 0; r < R; ++r) {
    Value y =
        kb.activate(sources.getResult(r), segment.activation, segment.clamp);
    kb.storeWord(
        y, scratch,
        kb.slotOffset(kb.loadIndex(denseSlot, kb.add(members, kb.index(r)))));
  }
}

std::unique_ptr<ChunkForm> mlir::sffnn::lowering::createTableForm(
    KernelBuilder &builder, const cg::KernelPlan &plan, StringRef name) {
  return std::make_unique<TableForm>(builder, plan, name);
}
