//===- SFFNNToVector.cpp - convert-sffnn-to-vector ------------------------===//
//
// Thin MLIR layer over sffnn::codegen::planKernel: the plan decides groups,
// slots, pool layout and chunks; this file only spells them as func, scf,
// memref, vector, arith and math operations. docs/Codegen.md describes the
// generated code.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Analysis/ProgramFromIR.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/IO/Schedule.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/TargetParser/Host.h"

#include <cmath>

namespace mlir::sffnn {
#define GEN_PASS_DEF_CONVERTSFFNNTOVECTOR
#include "sffnn/Conversion/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace cg = ::sffnn::codegen;
namespace io = ::sffnn::io;

namespace {

struct KernelOptions {
  int64_t tile;
  int64_t tilesPerGroup;
  bool compact;
  bool dropDead;
  /// Chunks after which dead samples may be dropped.
  std::vector<bool> compactAfter;
};

/// Emits the functions and globals of one network's kernel.
class KernelEmitter {
public:
  KernelEmitter(ModuleOp module, NetworkOp network, const cg::KernelPlan &plan,
                const KernelOptions &options)
      : b(network.getLoc(), module.getContext()), module(module),
        plan(plan), options(options), name(network.getSymName().str()) {
    f32 = b.getF32Type();
    word = VectorType::get({options.tile}, f32);
    blockType = VectorType::get({options.tile, options.tile}, f32);
    scratchType = MemRefType::get({ShapedType::kDynamic}, word);
    tileScratchType = MemRefType::get(
        {plan.slots}, word,
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  }

  void emit(int64_t connections) {
    b.setInsertionPointToEnd(module.getBody());
    if (options.compact)
      emitCompactTables();
    for (size_t k = 0; k < plan.chunks.size(); ++k)
      chunkFunctions.push_back(options.compact ? emitCompactChunk(k)
                                               : emitStraightChunk(k));
    if (options.dropDead)
      declareRuntime();
    emitDriver(connections);
  }

private:
  //===--- helpers --------------------------------------------------------===//

  template <typename T> std::string global(StringRef symbol, ArrayRef<T> data) {
    Type element = std::is_same_v<T, float> ? Type(f32)
                                            : Type(b.getIntegerType(
                                                  8 * sizeof(T)));
    // A zero-length global is not valid: pad with one unused element.
    SmallVector<T> padded(data.begin(), data.end());
    if (padded.empty())
      padded.push_back(T());
    auto type = MemRefType::get({static_cast<int64_t>(padded.size())}, element);
    ElementsAttr value;
    if constexpr (std::is_same_v<T, int64_t>)
      value = DenseElementsAttr::get(
          RankedTensorType::get(type.getShape(), element), ArrayRef(padded));
    else
      value = makeElements(b.getContext(), symbol, ArrayRef<T>(padded));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    memref::GlobalOp::create(b, symbol, b.getStringAttr("private"), type,
                             value, /*constant=*/true,
                             /*alignment=*/b.getI64IntegerAttr(64));
    globalTypes[symbol.str()] = type;
    return symbol.str();
  }
  Value getGlobal(StringRef symbol) {
    return memref::GetGlobalOp::create(b, globalTypes.at(symbol.str()),
                                       symbol);
  }

  /// Constants are uniqued per function, at the top of its entry block so
  /// that they dominate every use. Straight-line code takes its weights as
  /// splat constants: LLVM keeps one 4-byte constant-pool entry per distinct
  /// value of a function and reads it with a broadcast at a fixed offset.
  Value index(int64_t v) {
    Value &c = indexConstants[v];
    if (!c) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(entryBlock);
      c = arith::ConstantIndexOp::create(b, v);
    }
    return c;
  }
  Value splat(float v) {
    Value &c = splatConstants[v];
    if (!c) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(entryBlock);
      c = arith::ConstantOp::create(b, word, SplatElementsAttr::get(word, v));
    }
    return c;
  }
  void beginFunction(func::FuncOp fn) {
    indexConstants.clear();
    splatConstants.clear();
    entryBlock = fn.addEntryBlock();
    b.setInsertionPointToStart(entryBlock);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value broadcastWeight(Value pool, Value offset) {
    Value w = memref::LoadOp::create(b, pool, offset);
    return vector::BroadcastOp::create(b, word, w);
  }

  Value activate(Value z, ::sffnn::Activation act, float clamp) {
    switch (act) {
    case ::sffnn::Activation::Identity:
      return z;
    case ::sffnn::Activation::Relu: {
      // maximumf/minimumf propagate NaN like the reference interpreter.
      Value y = arith::MaximumFOp::create(b, z, splat(0.0f));
      if (std::isfinite(clamp))
        y = arith::MinimumFOp::create(b, y, splat(clamp));
      return y;
    }
    case ::sffnn::Activation::Sigmoid: {
      Value e = math::ExpOp::create(b, arith::NegFOp::create(b, z));
      return arith::DivFOp::create(b, splat(1.0f),
                                   arith::AddFOp::create(b, splat(1.0f), e));
    }
    case ::sffnn::Activation::Tanh:
      return math::TanhOp::create(b, z);
    }
    llvm_unreachable("unknown activation");
  }

  func::FuncOp newFunction(StringRef symbol, TypeRange inputs,
                           TypeRange results = {}) {
    b.setInsertionPointToEnd(module.getBody());
    auto fn = func::FuncOp::create(b, symbol,
                                   b.getFunctionType(inputs, results));
    fn.setPrivate();
    return fn;
  }

  //===--- straight-line chunks -------------------------------------------===//

  func::FuncOp emitStraightChunk(size_t k) {
    const cg::Chunk &chunk = plan.chunks[k];
    func::FuncOp fn = newFunction(name + "_chunk" + std::to_string(k),
                                  {tileScratchType});
    beginFunction(fn);
    Value scratch = fn.getArgument(0);
    SmallVector<Value> acc;
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g) {
      const cg::Group &group = plan.groups[g];
      acc.clear();
      for (int64_t m = group.firstMember; m < group.endMember; ++m) {
        int64_t bias = plan.members[m].biasOffset;
        acc.push_back(splat(bias < 0 ? 0.0f : plan.pool[bias]));
      }
      // Sources in round-robin order over the members (the next source of
      // member 0, of member 1, ...), each loaded once and used by all its
      // terms at once: consecutive FMAs feed different accumulators, so
      // their latencies overlap, and no source stays live for long.
      int64_t first = group.firstSource, count = group.endSource - first;
      sourcesByMember.assign(acc.size(), {});
      for (int64_t s = first; s < group.endSource; ++s)
        for (int64_t t = plan.sources[s].firstTerm;
             t < plan.sources[s].endTerm; ++t)
          sourcesByMember[plan.termMember[t]].push_back(s);
      emitted.assign(count, 0);
      nextOf.assign(acc.size(), 0);
      for (int64_t done = 0; done < count;) {
        for (size_t m = 0; m < acc.size(); ++m) {
          std::vector<int64_t> &mine = sourcesByMember[m];
          size_t &next = nextOf[m];
          while (next < mine.size() && emitted[mine[next] - first])
            ++next;
          if (next == mine.size())
            continue;
          const cg::SourceUse &use = plan.sources[mine[next]];
          emitted[mine[next] - first] = 1;
          ++done;
          Value x = memref::LoadOp::create(b, scratch, index(use.slot));
          for (int64_t t = use.firstTerm; t < use.endTerm; ++t) {
            Value &a = acc[plan.termMember[t]];
            a = vector::FMAOp::create(b, splat(plan.pool[t]), x, a);
          }
        }
      }
      for (int64_t m = group.firstMember; m < group.endMember; ++m) {
        const cg::Member &member = plan.members[m];
        Value y = activate(acc[m - group.firstMember], member.activation,
                           member.clamp);
        memref::StoreOp::create(b, y, scratch, index(member.slot));
      }
    }
    func::ReturnOp::create(b);
    return fn;
  }

  //===--- compact chunks -------------------------------------------------===//
  //
  // The same plan, with loops over tables instead of straight-line code.
  // A "dense" group (members reading exactly the same sources, with the same
  // activation) keeps its accumulators in registers: per source, one slot
  // load, one word load and an FMA per member with weights laid out
  // [source][member]. Every other neuron is a loop over its own terms.

  struct Segment {
    bool dense;
    int64_t members; // per dense group
    ::sffnn::Activation activation;
    float clamp;
    int64_t first, end; // dense groups or single neurons
  };

  static bool sameActivation(const cg::Member &a, const cg::Member &b) {
    return a.activation == b.activation &&
           (a.clamp == b.clamp || (std::isinf(a.clamp) && std::isinf(b.clamp)));
  }

  bool isDense(const cg::Group &group) const {
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

  void addSegment(std::vector<Segment> &segments, bool dense, int64_t members,
                  const cg::Member &m, int64_t index) {
    if (!segments.empty()) {
      Segment &last = segments.back();
      if (last.dense == dense && last.members == members &&
          last.activation == m.activation &&
          (last.clamp == m.clamp ||
           (std::isinf(last.clamp) && std::isinf(m.clamp))) &&
          last.end == index) {
        ++last.end;
        return;
      }
    }
    segments.push_back({dense, members, m.activation, m.clamp, index,
                        index + 1});
  }

  void emitCompactTables() {
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
          addSegment(segments, true, members,
                     plan.members[group.firstMember],
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

  Value loadIndex(Value table, Value i) {
    Value v = memref::LoadOp::create(b, table, i);
    return arith::IndexCastOp::create(b, b.getIndexType(), v);
  }
  Value broadcastLoad(Value table, Value i) {
    return vector::BroadcastOp::create(b, word,
                                       memref::LoadOp::create(b, table, i));
  }

  /// for n in segment: acc = bias[n]; for t in terms(n): acc += w[t] *
  /// s[slot[t]]; s[singleSlot[n]] = act(acc).
  void emitSingleLoop(Value scratch, const Segment &segment) {
    Value termSlot = getGlobal(tables.termSlot);
    Value termWeight = getGlobal(tables.termWeight);
    Value termBegin = getGlobal(tables.termBegin);
    Value singleSlot = getGlobal(tables.singleSlot);
    Value singleBias = getGlobal(tables.singleBias);
    auto loop =
        scf::ForOp::create(b, index(segment.first), index(segment.end),
                           index(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value n = loop.getInductionVar();
    auto terms = scf::ForOp::create(
        b, loadIndex(termBegin, n),
        loadIndex(termBegin, add(n, index(1))), index(1),
        ValueRange{broadcastLoad(singleBias, n)});
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(terms.getBody());
      Value t = terms.getInductionVar();
      Value x = memref::LoadOp::create(b, scratch, loadIndex(termSlot, t));
      scf::YieldOp::create(
          b, ValueRange{vector::FMAOp::create(b, broadcastLoad(termWeight, t),
                                              x,
                                              terms.getRegionIterArgs()[0])});
    }
    Value y = activate(terms.getResult(0), segment.activation, segment.clamp);
    memref::StoreOp::create(b, y, scratch, loadIndex(singleSlot, n));
  }

  /// for g in segment: R accumulators in registers; for each source k of g:
  /// x = s[srcSlot[k]], acc[r] += w[g][k][r] * x; then the R stores.
  void emitDenseLoop(Value scratch, const Segment &segment) {
    int64_t R = segment.members;
    Value srcSlot = getGlobal(tables.srcSlot);
    Value srcBegin = getGlobal(tables.srcBegin);
    Value denseWeight = getGlobal(tables.denseWeight);
    Value weightBegin = getGlobal(tables.weightBegin);
    Value denseSlot = getGlobal(tables.denseSlot);
    Value denseBias = getGlobal(tables.denseBias);
    Value memberBegin = getGlobal(tables.memberBegin);
    auto loop =
        scf::ForOp::create(b, index(segment.first), index(segment.end),
                           index(1));
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
      Value x = memref::LoadOp::create(b, scratch, loadIndex(srcSlot, k));
      Value row = add(weights, mul(arith::SubIOp::create(b, k, first),
                                   index(R)));
      SmallVector<Value> next;
      for (int64_t r = 0; r < R; ++r)
        next.push_back(vector::FMAOp::create(
            b, broadcastLoad(denseWeight, add(row, index(r))), x,
            sources.getRegionIterArgs()[r]));
      scf::YieldOp::create(b, next);
    }
    for (int64_t r = 0; r < R; ++r) {
      Value y = activate(sources.getResult(r), segment.activation,
                         segment.clamp);
      memref::StoreOp::create(b, y, scratch,
                              loadIndex(denseSlot, add(members, index(r))));
    }
  }

  func::FuncOp emitCompactChunk(size_t k) {
    func::FuncOp fn = newFunction(name + "_chunk" + std::to_string(k),
                                  {tileScratchType});
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

  //===--- driver -----------------------------------------------------------===//

  struct TileInfo {
    /// First sample, number of samples, their lane mask, scratch offset.
    Value first, lanes, mask, base;
  };

  /// Mask of the row-major elements [f0, f0 + T) of row r of the tile: empty
  /// past the last sample, cut at the last feature.
  Value rowMask(const TileInfo &info, int64_t r, int64_t width, int64_t f0) {
    Value inBatch = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                          index(r), info.lanes);
    Value count = arith::SelectOp::create(
        b, inBatch, index(std::min(options.tile, width - f0)), index(0));
    return vector::CreateMaskOp::create(
        b, VectorType::get({options.tile}, b.getI1Type()), ValueRange{count});
  }

  /// Features [f0, f0 + T) of the tile's samples as a T x T block whose row
  /// f - f0 is the word of feature f.
  Value loadTransposed(Value in, const TileInfo &info, int64_t width,
                       int64_t f0) {
    Value block = arith::ConstantOp::create(
        b, blockType, SplatElementsAttr::get(blockType, 0.0f));
    for (int64_t r = 0; r < options.tile; ++r) {
      Value offset = add(mul(add(info.first, index(r)), index(width)),
                         index(f0));
      Value row = vector::MaskedLoadOp::create(
          b, word, in, ValueRange{offset}, rowMask(info, r, width, f0),
          splat(0.0f));
      block = vector::InsertOp::create(b, row, block, r);
    }
    return vector::TransposeOp::create(b, block, ArrayRef<int64_t>{1, 0});
  }

  /// The inverse: row o - o0 of `block` is the word of output o.
  void storeTransposed(Value out, const TileInfo &info, int64_t width,
                       int64_t o0, Value block) {
    Value rows = vector::TransposeOp::create(b, block, ArrayRef<int64_t>{1, 0});
    for (int64_t r = 0; r < options.tile; ++r) {
      Value offset = add(mul(add(info.first, index(r)), index(width)),
                         index(o0));
      vector::MaskedStoreOp::create(b, out, ValueRange{offset},
                                    rowMask(info, r, width, o0),
                                    vector::ExtractOp::create(b, rows, r));
    }
  }

  void declareRuntime() {
    Type indexType = b.getIndexType();
    auto i32s = MemRefType::get({ShapedType::kDynamic}, b.getI32Type());
    auto i64s = MemRefType::get({ShapedType::kDynamic}, b.getI64Type());
    auto floats = MemRefType::get({ShapedType::kDynamic}, f32);
    // (scratch, tiles, slots per tile, tile, live slots, lane rows) -> tiles
    newFunction(kCompactFunction,
                {scratchType, indexType, indexType, indexType, i32s, i64s},
                {indexType});
    // (scratch, tiles, slots per tile, tile, output slots, lane rows, out,
    //  outputs, first row, rows)
    newFunction(kScatterFunction,
                {scratchType, indexType, indexType, indexType, i32s, i64s,
                 floats, indexType, indexType, indexType});
  }

  void emitDriver(int64_t connections) {
    Type indexType = b.getIndexType();
    auto buffer = MemRefType::get({ShapedType::kDynamic}, f32);
    func::FuncOp fn = newFunction(name + "_impl",
                                  {buffer, buffer, indexType});
    fn.setPublic();
    fn->setAttr(kKernelAttr,
                b.getDictionaryAttr({
                    b.getNamedAttr("name", b.getStringAttr(name)),
                    b.getNamedAttr("inputs",
                                   b.getI64IntegerAttr(plan.numInputs)),
                    b.getNamedAttr("outputs",
                                   b.getI64IntegerAttr(plan.numOutputs)),
                    b.getNamedAttr("connections",
                                   b.getI64IntegerAttr(connections)),
                    b.getNamedAttr("tile", b.getI64IntegerAttr(options.tile)),
                    b.getNamedAttr("slots", b.getI64IntegerAttr(plan.slots)),
                    b.getNamedAttr("chunks",
                                   b.getI64IntegerAttr(plan.chunks.size())),
                    b.getNamedAttr("form", b.getStringAttr(
                                               options.compact
                                                   ? "compact"
                                                   : "straight-line")),
                    b.getNamedAttr("drop_dead_samples",
                                   b.getBoolAttr(options.dropDead)),
                }));
    beginFunction(fn);
    Value in = fn.getArgument(0), out = fn.getArgument(1);
    Value batch = fn.getArgument(2);
    int64_t T = options.tile, G = options.tilesPerGroup, S = plan.slots;
    Value tiles = arith::CeilDivUIOp::create(b, batch, index(T));
    Value scratch = memref::AllocOp::create(b, scratchType,
                                            ValueRange{index(G * S)});
    Value rows;
    if (options.dropDead)
      rows = memref::AllocOp::create(
          b, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()),
          ValueRange{index(G * T)});
    auto maskType = VectorType::get({T}, b.getI1Type());
    auto rowType = VectorType::get({T}, b.getI64Type());

    auto groups = scf::ForOp::create(b, index(0), tiles, index(G));
    b.setInsertionPointToStart(groups.getBody());
    Value g0 = groups.getInductionVar();
    Value active = arith::MinUIOp::create(
        b, index(G), arith::SubIOp::create(b, tiles, g0));

    // Per tile of the group: the first sample, the live lanes, its scratch.
    auto tileInfo = [&](Value t) {
      Value first = arith::MulIOp::create(
          b, arith::AddIOp::create(b, g0, t), index(T));
      Value lanes = arith::MinUIOp::create(
          b, index(T), arith::SubIOp::create(b, batch, first));
      Value mask = vector::CreateMaskOp::create(b, maskType, ValueRange{lanes});
      return TileInfo{first, lanes, mask, arith::MulIOp::create(b, t, index(S))};
    };
    auto forTiles = [&](Value count, auto body) {
      auto loop = scf::ForOp::create(b, index(0), count, index(1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      body(loop.getInductionVar());
    };

    // Transpose the used inputs of every tile into its scratch, a T x T
    // block at a time: T contiguous row loads, one in-register transpose.
    // (Gathering a feature column instead touches T rows whose addresses
    // differ by the row pitch, which thrashes one L1 set for power-of-two
    // widths.)
    forTiles(active, [&](Value t) {
      TileInfo info = tileInfo(t);
      for (size_t k = 0; k < plan.inputSlots.size();) {
        int64_t f0 = plan.inputSlots[k].first / T * T;
        Value block = loadTransposed(in, info, plan.numInputs, f0);
        for (; k < plan.inputSlots.size() &&
               plan.inputSlots[k].first < f0 + T;
             ++k) {
          auto [i, slot] = plan.inputSlots[k];
          Value v = vector::ExtractOp::create(b, block, i - f0);
          memref::StoreOp::create(b, v, scratch,
                                  ValueRange{add(info.base, index(slot))});
        }
      }
      if (options.dropDead) {
        // Lane l holds sample first + l, or -1 past the end of the batch.
        SmallVector<int64_t> iota;
        for (int64_t l = 0; l < T; ++l)
          iota.push_back(l);
        Value lane = arith::ConstantOp::create(
            b, rowType, DenseElementsAttr::get(rowType, ArrayRef(iota)));
        Value first64 =
            arith::IndexCastOp::create(b, b.getI64Type(), info.first);
        Value sample = arith::AddIOp::create(
            b, lane, vector::BroadcastOp::create(b, rowType, first64));
        Value none = arith::ConstantOp::create(
            b, rowType, SplatElementsAttr::get(rowType, int64_t(-1)));
        Value row = arith::SelectOp::create(b, info.mask, sample, none);
        vector::StoreOp::create(b, row, rows,
                                ValueRange{mul(t, index(T))});
      }
    });

    // Each chunk over every tile of the group, then the next chunk.
    for (size_t k = 0; k < chunkFunctions.size(); ++k) {
      func::FuncOp chunk = chunkFunctions[k];
      forTiles(active, [&](Value t) {
        Value base = arith::MulIOp::create(b, t, index(S));
        Value view = memref::SubViewOp::create(
            b, tileScratchType, scratch, ValueRange{base}, ValueRange{},
            ValueRange{}, b.getDenseI64ArrayAttr({ShapedType::kDynamic}),
            b.getDenseI64ArrayAttr({S}), b.getDenseI64ArrayAttr({1}));
        func::CallOp::create(b, chunk, ValueRange{view});
      });
      if (options.dropDead && options.compactAfter[k]) {
        const std::vector<int32_t> &live = plan.chunks[k].liveSlotsAfter;
        std::string table = global<int32_t>(
            name + "_live" + std::to_string(k), live);
        Value liveSlots = memref::CastOp::create(
            b, MemRefType::get({ShapedType::kDynamic}, b.getI32Type()),
            getGlobal(table));
        active = func::CallOp::create(
                     b, kCompactFunction, TypeRange{indexType},
                     ValueRange{scratch, active, index(S), index(T),
                                liveSlots, rows})
                     .getResult(0);
      }
    }

    if (options.dropDead) {
      std::string table = global<int32_t>(name + "_output_slots",
                                          plan.outputSlots);
      Value outSlots = memref::CastOp::create(
          b, MemRefType::get({ShapedType::kDynamic}, b.getI32Type()),
          getGlobal(table));
      Value firstRow = arith::MulIOp::create(b, g0, index(T));
      Value groupRows = arith::MinUIOp::create(
          b, index(G * T), arith::SubIOp::create(b, batch, firstRow));
      func::CallOp::create(b, kScatterFunction, TypeRange{},
                           ValueRange{scratch, active, index(S), index(T),
                                      outSlots, rows, out,
                                      index(plan.numOutputs), firstRow,
                                      groupRows});
    } else {
      forTiles(active, [&](Value t) {
        TileInfo info = tileInfo(t);
        int64_t O = plan.numOutputs;
        for (int64_t o0 = 0; o0 < O; o0 += T) {
          Value block = arith::ConstantOp::create(
              b, blockType, SplatElementsAttr::get(blockType, 0.0f));
          for (int64_t o = o0; o < std::min(o0 + T, O); ++o) {
            Value v = memref::LoadOp::create(
                b, scratch,
                ValueRange{add(info.base, index(plan.outputSlots[o]))});
            block = vector::InsertOp::create(b, v, block, o - o0);
          }
          storeTransposed(out, info, O, o0, block);
        }
      });
    }
    b.setInsertionPointAfter(groups);
    memref::DeallocOp::create(b, scratch);
    if (rows)
      memref::DeallocOp::create(b, rows);
    func::ReturnOp::create(b);
  }

  ImplicitLocOpBuilder b;
  ModuleOp module;
  const cg::KernelPlan &plan;
  const KernelOptions &options;
  std::string name;
  Type f32;
  VectorType word, blockType;
  MemRefType scratchType, tileScratchType;
  std::string poolName;
  struct {
    std::string termSlot, termWeight, termBegin, singleSlot, singleBias,
        srcSlot, srcBegin, denseWeight, weightBegin, denseSlot, denseBias,
        memberBegin;
  } tables;
  std::vector<std::vector<Segment>> compactSegments;
  std::map<std::string, MemRefType> globalTypes;
  llvm::DenseMap<int64_t, Value> indexConstants;
  std::map<float, Value> splatConstants;
  std::vector<func::FuncOp> chunkFunctions;
  Block *entryBlock = nullptr;
  std::vector<std::vector<int64_t>> sourcesByMember;
  std::vector<uint8_t> emitted;
  std::vector<size_t> nextOf;
};

/// Positions where blocks of `level` (or the largest recorded level) start.
FailureOr<std::vector<int64_t>> blockStarts(NetworkOp network,
                                            StringRef level) {
  auto blocks = network->getAttrOfType<DictionaryAttr>("sffnn.blocks");
  if (!blocks) {
    if (!level.empty())
      return network.emitError("block-level '")
             << level << "' needs sffnn.blocks (run sffnn-block first)";
    return std::vector<int64_t>{};
  }
  Attribute chosen;
  if (!level.empty()) {
    chosen = blocks.get(level);
    if (!chosen)
      return network.emitError("sffnn.blocks has no level '") << level << "'";
  } else {
    // The largest level is the one with the fewest blocks.
    int64_t fewest = std::numeric_limits<int64_t>::max();
    for (NamedAttribute entry : blocks)
      if (auto e = dyn_cast<ElementsAttr>(entry.getValue()))
        if (e.getNumElements() < fewest) {
          fewest = e.getNumElements();
          chosen = e;
        }
  }
  auto elements = dyn_cast_or_null<ElementsAttr>(chosen);
  if (!elements || !checkElements<int32_t>(elements).empty())
    return network.emitError("sffnn.blocks entries must be i32 arrays");
  SmallVector<int32_t> storage;
  ArrayRef<int32_t> starts = getElementsData(elements, storage);
  return std::vector<int64_t>(starts.begin(), starts.end());
}

struct ConvertSFFNNToVectorPass
    : public mlir::sffnn::impl::ConvertSFFNNToVectorBase<
          ConvertSFFNNToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t T = tile == 0 ? hostSimdWidth() : int64_t(tile);
    if (T < 1 || T > 256) {
      emitError(module.getLoc(), "tile must be in [1, 256], got ") << T;
      return signalPassFailure();
    }
    for (NetworkOp network :
         llvm::make_early_inc_range(module.getOps<NetworkOp>())) {
      if (failed(convert(module, network, T)))
        return signalPassFailure();
      network.erase();
    }
  }

  LogicalResult convert(ModuleOp module, NetworkOp network, int64_t T) {
    cg::Program program = buildProgram(network);
    io::NeuronOrder order;
    if (auto attr = network->getAttrOfType<ElementsAttr>("sffnn.schedule")) {
      if (!checkElements<int32_t>(attr).empty())
        return network.emitError("sffnn.schedule must be an i32 array");
      SmallVector<int32_t> storage;
      ArrayRef<int32_t> data = getElementsData(attr, storage);
      order.assign(data.begin(), data.end());
    } else {
      order = io::programOrder(program.graph);
    }
    FailureOr<std::vector<int64_t>> starts = blockStarts(network, blockLevel);
    if (failed(starts))
      return failure();

    KernelOptions options;
    options.tile = T;
    options.dropDead = dropDeadSamples;
    options.tilesPerGroup =
        tilesPerGroup > 0 ? int64_t(tilesPerGroup) : (dropDeadSamples ? 64 : 4);
    int64_t connections = program.graph.numEdges();
    options.compact = connections > maxStraightLine;
    if (options.compact)
      emitRemark(network.getLoc(), "network '")
          << network.getSymName() << "' has " << connections
          << " connections, more than max-straight-line="
          << int64_t(maxStraightLine) << ": emitting the compact form";

    cg::PlanOptions planOptions;
    planOptions.registerTile = registerTile;
    // Compact code stores single neurons one by one.
    planOptions.storeAfterGroup = !options.compact;
    // Compact chunks are loops: a chunk needs only to keep its tables hot
    // across the tiles of a group, so they may be larger.
    planOptions.chunkConnections =
        options.compact ? 16 * int64_t(chunkConnections) : chunkConnections;
    planOptions.blockStarts = *starts;
    planOptions.recordLiveSlots = dropDeadSamples;
    auto plan = cg::planKernel(program, order, planOptions);
    if (!plan)
      return network.emitError("cannot plan the kernel: ")
             << llvm::toString(plan.takeError());
    if (dropDeadSamples) {
      // Dropping after chunk k is sound when every later neuron maps zero
      // sources to zero.
      options.compactAfter.assign(plan->chunks.size(), false);
      // Position (in `order`) of the first member of each chunk.
      std::vector<int64_t> position(program.graph.numNodes(), 0);
      for (auto [p, v] : llvm::enumerate(order))
        position[v] = static_cast<int64_t>(p);
      std::vector<bool> zeroFrom = cg::zeroStaysZeroFrom(program, order);
      bool any = false;
      // Compacting reads every live word of every tile once; do it when at
      // least 8 connections per live word have run since the last time, so
      // that it costs a small fraction of the arithmetic.
      int64_t since = 0;
      for (size_t k = 0; k + 1 < plan->chunks.size(); ++k) {
        since += plan->chunks[k].connections;
        const cg::Chunk &next = plan->chunks[k + 1];
        int64_t p = position[plan->members[plan->groups[next.firstGroup]
                                               .firstMember]
                                 .node];
        int64_t live =
            static_cast<int64_t>(plan->chunks[k].liveSlotsAfter.size());
        options.compactAfter[k] = zeroFrom[p] && since >= 8 * live;
        if (options.compactAfter[k])
          since = 0;
        any |= options.compactAfter[k];
      }
      if (!any)
        emitRemark(network.getLoc(), "drop-dead-samples: no chunk boundary after which "
                           "zero stays zero (a positive bias or a sigmoid "
                           "follows); no sample will be dropped");
    }
    KernelEmitter(module, network, *plan, options).emit(connections);
    return success();
  }
};

} // namespace

int64_t mlir::sffnn::hostSimdWidth() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 16;
  if (features.lookup("avx"))
    return 8;
  return 4;
}
