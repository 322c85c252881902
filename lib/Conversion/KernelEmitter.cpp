//===- KernelEmitter.cpp - helpers, straight-line chunks, the driver ------===//
#include "KernelEmitter.h"

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

//===--- helpers ----------------------------------------------------------===//

void KernelEmitter::emit(int64_t connections) {
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

Value KernelEmitter::index(int64_t v) {
  Value &c = indexConstants[v];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(entryBlock);
    c = arith::ConstantIndexOp::create(b, v);
  }
  return c;
}

Value KernelEmitter::splat(float v) {
  Value &c = splatConstants[v];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(entryBlock);
    c = arith::ConstantOp::create(b, word, SplatElementsAttr::get(word, v));
  }
  return c;
}

void KernelEmitter::beginFunction(func::FuncOp fn) {
  indexConstants.clear();
  splatConstants.clear();
  entryBlock = fn.addEntryBlock();
  b.setInsertionPointToStart(entryBlock);
}

Value KernelEmitter::activate(Value z, ::sffnn::Activation act, float clamp) {
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

//===--- straight-line chunks ---------------------------------------------===//

func::FuncOp KernelEmitter::emitStraightChunk(size_t k) {
  const cg::Chunk &chunk = plan.chunks[k];
  func::FuncOp fn =
      newFunction(name + "_chunk" + std::to_string(k), {tileScratchType});
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
      for (int64_t t = plan.sources[s].firstTerm; t < plan.sources[s].endTerm;
           ++t)
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
        Value x = loadWord(scratch, slotOffset(use.slot));
        for (int64_t t = use.firstTerm; t < use.endTerm; ++t) {
          Value &a = acc[plan.termMember[t]];
          a = vector::FMAOp::create(b, splat(plan.pool[t]), x, a);
        }
      }
    }
    for (int64_t m = group.firstMember; m < group.endMember; ++m) {
      const cg::Member &member = plan.members[m];
      Value y =
          activate(acc[m - group.firstMember], member.activation, member.clamp);
      storeWord(y, scratch, slotOffset(member.slot));
    }
  }
  func::ReturnOp::create(b);
  return fn;
}

//===--- driver -----------------------------------------------------------===//

Value KernelEmitter::rowMask(const TileInfo &info, int64_t r, int64_t width,
                             int64_t f0) {
  Value inBatch =
      arith::CmpIOp::create(b, arith::CmpIPredicate::ult, index(r), info.lanes);
  Value count = arith::SelectOp::create(
      b, inBatch, index(std::min(options.tile, width - f0)), index(0));
  return vector::CreateMaskOp::create(
      b, VectorType::get({options.tile}, b.getI1Type()), ValueRange{count});
}

void KernelEmitter::declareRuntime() {
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
              {scratchType, indexType, indexType, indexType, i32s, i64s, floats,
               indexType, indexType, indexType});
}

void KernelEmitter::emitDriver(int64_t connections) {
  Type indexType = b.getIndexType();
  auto buffer = MemRefType::get({ShapedType::kDynamic}, f32);
  func::FuncOp fn = newFunction(name + "_impl", {buffer, buffer, indexType});
  fn.setPublic();
  fn->setAttr(
      kKernelAttr,
      b.getDictionaryAttr({
          b.getNamedAttr("name", b.getStringAttr(name)),
          b.getNamedAttr("inputs", b.getI64IntegerAttr(plan.numInputs)),
          b.getNamedAttr("outputs", b.getI64IntegerAttr(plan.numOutputs)),
          b.getNamedAttr("connections", b.getI64IntegerAttr(connections)),
          b.getNamedAttr("tile", b.getI64IntegerAttr(options.tile)),
          b.getNamedAttr("slots", b.getI64IntegerAttr(plan.slots)),
          b.getNamedAttr("chunks", b.getI64IntegerAttr(plan.chunks.size())),
          b.getNamedAttr(
              "form",
              b.getStringAttr(options.compact ? "compact" : "straight-line")),
          b.getNamedAttr("drop_dead_samples", b.getBoolAttr(options.dropDead)),
      }));
  beginFunction(fn);
  Value in = fn.getArgument(0), out = fn.getArgument(1);
  Value batch = fn.getArgument(2);
  int64_t T = options.tile, G = options.tilesPerGroup, S = plan.slots;
  Value tiles = arith::CeilDivUIOp::create(b, batch, index(T));
  Value scratch = memref::AllocOp::create(b, scratchType,
                                          ValueRange{index(G * S * T)},
                                          b.getI64IntegerAttr(64));
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
  Value active =
      arith::MinUIOp::create(b, index(G), arith::SubIOp::create(b, tiles, g0));

  // Per tile of the group: the first sample, the live lanes, its scratch.
  auto tileInfo = [&](Value t) {
    Value first =
        arith::MulIOp::create(b, arith::AddIOp::create(b, g0, t), index(T));
    Value lanes = arith::MinUIOp::create(
        b, index(T), arith::SubIOp::create(b, batch, first));
    Value mask = vector::CreateMaskOp::create(b, maskType, ValueRange{lanes});
    return TileInfo{first, lanes, mask, mul(t, index(S * T))};
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
      for (; k < plan.inputSlots.size() && plan.inputSlots[k].first < f0 + T;
           ++k) {
        auto [i, slot] = plan.inputSlots[k];
        Value v = vector::ExtractOp::create(b, block, i - f0);
        storeWord(v, scratch, add(info.base, slotOffset(slot)));
      }
    }
    if (options.dropDead) {
      // Lane l holds sample first + l, or -1 past the end of the batch.
      SmallVector<int64_t> iota;
      for (int64_t l = 0; l < T; ++l)
        iota.push_back(l);
      Value lane = arith::ConstantOp::create(
          b, rowType, DenseElementsAttr::get(rowType, ArrayRef(iota)));
      Value first64 = arith::IndexCastOp::create(b, b.getI64Type(), info.first);
      Value sample = arith::AddIOp::create(
          b, lane, vector::BroadcastOp::create(b, rowType, first64));
      Value none = arith::ConstantOp::create(
          b, rowType, SplatElementsAttr::get(rowType, int64_t(-1)));
      Value row = arith::SelectOp::create(b, info.mask, sample, none);
      vector::StoreOp::create(b, row, rows, ValueRange{mul(t, index(T))});
    }
  });

  // Each chunk over every tile of the group, then the next chunk.
  for (size_t k = 0; k < chunkFunctions.size(); ++k) {
    func::FuncOp chunk = chunkFunctions[k];
    forTiles(active, [&](Value t) {
      Value base = mul(t, index(S * T));
      Value view = memref::SubViewOp::create(
          b, tileScratchType, scratch, ValueRange{base}, ValueRange{},
          ValueRange{}, b.getDenseI64ArrayAttr({ShapedType::kDynamic}),
          b.getDenseI64ArrayAttr({S * T}), b.getDenseI64ArrayAttr({1}));
      func::CallOp::create(b, chunk, ValueRange{view});
    });
    if (options.dropDead && plan.chunks[k].compactAfter) {
      const std::vector<int32_t> &live = plan.chunks[k].liveSlotsAfter;
      std::string table =
          global<int32_t>(name + "_live" + std::to_string(k), live);
      Value liveSlots = memref::CastOp::create(
          b, MemRefType::get({ShapedType::kDynamic}, b.getI32Type()),
          getGlobal(table));
      active = func::CallOp::create(b, kCompactFunction, TypeRange{indexType},
                                    ValueRange{scratch, active, index(S),
                                               index(T), liveSlots, rows})
                   .getResult(0);
    }
  }

  if (options.dropDead) {
    std::string table =
        global<int32_t>(name + "_output_slots", plan.outputSlots);
    Value outSlots = memref::CastOp::create(
        b, MemRefType::get({ShapedType::kDynamic}, b.getI32Type()),
        getGlobal(table));
    Value firstRow = arith::MulIOp::create(b, g0, index(T));
    Value groupRows = arith::MinUIOp::create(
        b, index(G * T), arith::SubIOp::create(b, batch, firstRow));
    func::CallOp::create(b, kScatterFunction, TypeRange{},
                         ValueRange{scratch, active, index(S), index(T),
                                    outSlots, rows, out, index(plan.numOutputs),
                                    firstRow, groupRows});
  } else {
    forTiles(active, [&](Value t) {
      TileInfo info = tileInfo(t);
      int64_t O = plan.numOutputs;
      for (int64_t o0 = 0; o0 < O; o0 += T) {
        Value block = arith::ConstantOp::create(
            b, blockType, SplatElementsAttr::get(blockType, 0.0f));
        for (int64_t o = o0; o < std::min(o0 + T, O); ++o) {
          Value v = loadWord(scratch,
                             add(info.base, slotOffset(plan.outputSlots[o])));
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
