//===- KernelDriver.cpp - chunk functions and the kernel function ---------===//
#include "KernelDriver.h"
#include "SmallBatchKernel.h"

#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/PassAttributes.h"

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

KernelDriver::KernelDriver(ModuleOp module, Location loc, StringRef name,
                           const cg::KernelPlan &plan,
                           const KernelOptions &options)
    : kb(module, loc, options.tile, plan.slots), b(kb.b), plan(plan),
      options(options), name(name.str()) {
  blockType = VectorType::get({options.tile, options.tile}, kb.f32);
}

void KernelDriver::emit(int64_t connections) {
  b.setInsertionPointToEnd(kb.module.getBody());
  emitChunkFunctions();
  if (options.dropDeadSamples)
    declareRuntime();
  emitSegmentFunctions();
  func::FuncOp small;
  if (options.smallBatch && options.smallBatchLimit > 0)
    small = emitSmallBatchKernel(kb.module, b.getLoc(), name, plan,
                                 *options.smallBatch);
  func::FuncOp fn = createKernelFunction(connections);
  kb.beginFunction(fn);
  KernelArgs args;
  args.in = fn.getArgument(0);
  args.out = fn.getArgument(1);
  args.batch = fn.getArgument(2);
  if (small) {
    // Both codes are compiled; the batch size picks one at run time.
    Value isSmall = arith::CmpIOp::create(b, arith::CmpIPredicate::ule,
                                          args.batch,
                                          kb.index(options.smallBatchLimit));
    auto dispatch = scf::IfOp::create(b, isSmall, /*withElseRegion=*/true);
    b.setInsertionPointToStart(dispatch.thenBlock());
    func::CallOp::create(b, small, ValueRange{args.in, args.out, args.batch});
    b.setInsertionPointToStart(dispatch.elseBlock());
  }
  emitTiled(args);
  b.setInsertionPointToEnd(&fn.getBody().front());
  func::ReturnOp::create(b);
}

void KernelDriver::emitTiled(const KernelArgs &given) {
  int64_t T = options.tile, G = options.tilesPerGroup, S = plan.slots;
  KernelArgs args = given;
  Value tiles = arith::CeilDivUIOp::create(b, args.batch, kb.index(T));
  args.scratch = memref::AllocOp::create(b, kb.scratchType,
                                         ValueRange{kb.index(G * S * T)},
                                         b.getI64IntegerAttr(64));
  if (options.dropDeadSamples)
    args.laneRows = memref::AllocOp::create(
        b, MemRefType::get({ShapedType::kDynamic}, b.getI64Type()),
        ValueRange{kb.index(G * T)});

  // One tile group after another.
  auto tileGroups = scf::ForOp::create(b, kb.index(0), tiles, kb.index(G));
  b.setInsertionPointToStart(tileGroups.getBody());
  args.tileGroup = tileGroups.getInductionVar();
  args.activeTiles = arith::MinUIOp::create(
      b, kb.index(G), arith::SubIOp::create(b, tiles, args.tileGroup));
  forTiles(args.activeTiles, [&](Value t) {
    TileInfo info = tileInfo(args, t);
    loadInputs(args, info);
    if (options.dropDeadSamples)
      recordLaneRows(args, info, t);
  });
  // Each chunk over every tile of the group, then the next chunk.
  for (const Segment &segment : segments)
    args.activeTiles = runSegment(args, segment);
  if (options.dropDeadSamples)
    scatterOutputs(args);
  else
    forTiles(args.activeTiles,
             [&](Value t) { storeOutputs(args, tileInfo(args, t)); });

  b.setInsertionPointAfter(tileGroups);
  memref::DeallocOp::create(b, args.scratch);
  if (args.laneRows)
    memref::DeallocOp::create(b, args.laneRows);
}

void KernelDriver::emitChunkFunctions() {
  // One form object per form in use, prepared with its chunks.
  std::map<cg::ChunkFormKind, std::vector<size_t>> chunksOf;
  for (size_t k = 0; k < plan.chunks.size(); ++k)
    chunksOf[plan.chunks[k].form].push_back(k);
  std::map<cg::ChunkFormKind, std::unique_ptr<ChunkForm>> forms;
  for (auto &[kind, chunks] : chunksOf) {
    forms[kind] = createChunkForm(kind, kb, plan, name);
    forms[kind]->prepare(chunks);
  }
  for (size_t k = 0; k < plan.chunks.size(); ++k) {
    std::string symbol = name + "_chunk" + std::to_string(k);
    ChunkForm &form = *forms[plan.chunks[k].form];
    // A table chunk is a few calls per tile: it loops over the tiles
    // itself, out of line, so that the kernel function does not hold one
    // loop per chunk (thousands at 10^7 connections). A straight-line
    // chunk is one long block, which LLVM compiles faster outside a loop
    // (the kernel function loops over the tiles around its call).
    bool tiled = plan.chunks[k].form == cg::ChunkFormKind::Table;
    if (tiled) {
      Value view = kb.beginTiledChunkFunction(symbol, plan.slots);
      form.emitChunk(k, view);
      kb.endTiledChunkFunction(view);
    } else {
      func::FuncOp fn = kb.beginChunkFunction(symbol);
      form.emitChunk(k, fn.getArgument(0));
      func::ReturnOp::create(b);
    }
    chunkFunctions.push_back({symbol, tiled});
  }
}

/// Chunk loops per function. A function with one tile loop per chunk of a
/// deep network (RadiX-Net 1024 x 1920: 3 840 chunks) makes LLVM's loop
/// passes quadratic in the loops: ScalarEvolution's loop guards walk back
/// from each loop over all the loops before it (most of the 1024 x 1920
/// compile went there). Segments bound that walk.
static constexpr size_t kChunksPerSegment = 64;

void KernelDriver::emitSegmentFunctions() {
  size_t chunks = chunkFunctions.size();
  for (size_t first = 0; first < chunks; first += kChunksPerSegment)
    segments.push_back(
        Segment{first, std::min(chunks, first + kChunksPerSegment), nullptr});
  // Few chunks: the loops stay in the kernel function, as they always were.
  if (chunks <= kChunksPerSegment)
    return;
  Type index = b.getIndexType();
  for (Segment &segment : segments) {
    // (scratch of the group, active tiles[, lane rows]) -> active tiles
    SmallVector<Type> inputs = {kb.scratchType, index};
    if (options.dropDeadSamples)
      inputs.push_back(MemRefType::get({ShapedType::kDynamic}, b.getI64Type()));
    segment.fn = kb.newFunction(
        name + "_chunks" + std::to_string(segment.first), inputs, {index});
    kb.beginFunction(segment.fn);
    KernelArgs args;
    args.scratch = segment.fn.getArgument(0);
    args.activeTiles = segment.fn.getArgument(1);
    if (options.dropDeadSamples)
      args.laneRows = segment.fn.getArgument(2);
    func::ReturnOp::create(b, runChunks(args, segment));
  }
}

Value KernelDriver::runChunks(const KernelArgs &given, const Segment &segment) {
  KernelArgs args = given;
  for (size_t k = segment.first; k < segment.end; ++k) {
    runChunk(args, k);
    if (options.dropDeadSamples && plan.chunks[k].dropDeadAfter)
      args.activeTiles = dropDeadSamples(args, k);
  }
  return args.activeTiles;
}

Value KernelDriver::runSegment(const KernelArgs &args, const Segment &segment) {
  if (!segment.fn)
    return runChunks(args, segment);
  SmallVector<Value> operands = {args.scratch, args.activeTiles};
  if (options.dropDeadSamples)
    operands.push_back(args.laneRows);
  return func::CallOp::create(b, segment.fn, operands).getResult(0);
}

void KernelDriver::declareRuntime() {
  Type indexType = b.getIndexType();
  auto i32s = MemRefType::get({ShapedType::kDynamic}, b.getI32Type());
  auto i64s = MemRefType::get({ShapedType::kDynamic}, b.getI64Type());
  auto floats = MemRefType::get({ShapedType::kDynamic}, kb.f32);
  // The runtime takes memrefs as pointers to their descriptors (MLIR's
  // _mlir_ciface_ convention; sffnn_runtime.h spells the structs), not as
  // expanded descriptor fields.
  // (scratch, tiles, slots per tile, tile, live slots, lane rows) -> tiles
  func::FuncOp drop = kb.newFunction(
      kDropDeadFunction,
      {kb.scratchType, indexType, indexType, indexType, i32s, i64s},
      {indexType});
  // (scratch, tiles, slots per tile, tile, output slots, lane rows, out,
  //  outputs, first row, rows)
  func::FuncOp scatter = kb.newFunction(
      kScatterFunction, {kb.scratchType, indexType, indexType, indexType, i32s,
                         i64s, floats, indexType, indexType, indexType});
  for (func::FuncOp fn : {drop, scatter})
    fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
}

StringRef KernelDriver::formName() const {
  if (plan.chunks.empty())
    return cg::chunkFormName(cg::ChunkFormKind::StraightLine);
  for (const cg::Chunk &chunk : plan.chunks)
    if (chunk.form != plan.chunks.front().form)
      return "mixed";
  return cg::chunkFormName(plan.chunks.front().form);
}

func::FuncOp KernelDriver::createKernelFunction(int64_t connections) {
  auto buffer = MemRefType::get({ShapedType::kDynamic}, kb.f32);
  func::FuncOp fn =
      kb.newFunction(name + "_impl", {buffer, buffer, b.getIndexType()});
  fn.setPublic();
  KernelInfo info;
  info.name = name;
  info.form = formName();
  info.inputs = plan.numInputs;
  info.outputs = plan.numOutputs;
  info.connections = connections;
  info.tile = options.tile;
  info.slots = plan.slots;
  info.chunks = static_cast<int64_t>(plan.chunks.size());
  info.dropDeadSamples = options.dropDeadSamples;
  setKernelInfo(fn, info);
  return fn;
}

KernelDriver::TileInfo KernelDriver::tileInfo(const KernelArgs &args, Value t) {
  int64_t T = options.tile;
  Value first = arith::MulIOp::create(
      b, arith::AddIOp::create(b, args.tileGroup, t), kb.index(T));
  Value lanes = arith::MinUIOp::create(
      b, kb.index(T), arith::SubIOp::create(b, args.batch, first));
  Value mask = kb.laneMask(lanes);
  return TileInfo{first, lanes, mask, kb.mul(t, kb.index(plan.slots * T))};
}

void KernelDriver::forTiles(Value count, llvm::function_ref<void(Value)> body) {
  auto loop = scf::ForOp::create(b, kb.index(0), count, kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}

//===--- inputs and outputs: T x T blocks through registers ---------------===//
//
// T contiguous (masked) row loads, one in-register transpose, T word
// stores. Gathering a feature column instead touches T rows whose addresses
// differ by the row pitch, which thrashes one L1 set for power-of-two
// widths.

Value KernelDriver::rowMask(const TileInfo &info, int64_t r, Value columns) {
  Value inBatch = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                        kb.index(r), info.lanes);
  Value count = arith::SelectOp::create(b, inBatch, columns, kb.index(0));
  return kb.laneMask(count);
}

Value KernelDriver::loadTransposed(Value in, const TileInfo &info,
                                   int64_t width, Value f0, Value columns) {
  Value block = arith::ConstantOp::create(
      b, blockType, SplatElementsAttr::get(blockType, 0.0f));
  for (int64_t r = 0; r < options.tile; ++r) {
    Value offset =
        kb.add(kb.mul(kb.add(info.first, kb.index(r)), kb.index(width)), f0);
    Value row = vector::MaskedLoadOp::create(b, kb.word, in, ValueRange{offset},
                                             rowMask(info, r, columns),
                                             kb.splat(0.0f));
    block = vector::InsertOp::create(b, row, block, r);
  }
  return vector::TransposeOp::create(b, block, ArrayRef<int64_t>{1, 0});
}

void KernelDriver::storeTransposed(Value out, const TileInfo &info,
                                   int64_t width, Value o0, Value columns,
                                   Value block) {
  Value rows = vector::TransposeOp::create(b, block, ArrayRef<int64_t>{1, 0});
  for (int64_t r = 0; r < options.tile; ++r) {
    Value offset =
        kb.add(kb.mul(kb.add(info.first, kb.index(r)), kb.index(width)), o0);
    vector::MaskedStoreOp::create(b, out, ValueRange{offset},
                                  rowMask(info, r, columns),
                                  vector::ExtractOp::create(b, rows, r));
  }
}

void KernelDriver::forBlocks(int64_t count,
                             llvm::function_ref<void(Value)> body) {
  if (count == 1) {
    body(kb.index(0));
    return;
  }
  auto loop = scf::ForOp::create(b, kb.index(0), kb.index(count), kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}

void KernelDriver::loadInputs(const KernelArgs &args, const TileInfo &info) {
  // Only the used inputs (plan.inputSlots, ascending) are stored. A run of
  // blocks of T features that are all used is one loop reading the slots
  // from a table; other blocks store their used features one by one.
  int64_t T = options.tile;
  const auto &used = plan.inputSlots;
  std::vector<int32_t> fullSlots;
  struct Run {
    int64_t f0, blocks, tableStart;
  };
  std::vector<Run> runs;
  std::vector<size_t> partial; // first index in `used` of each other block
  for (size_t k = 0; k < used.size();) {
    int64_t f0 = used[k].first / T * T;
    size_t end = k;
    while (end < used.size() && used[end].first < f0 + T)
      ++end;
    if (static_cast<int64_t>(end - k) == T) {
      if (runs.empty() || runs.back().f0 + runs.back().blocks * T != f0)
        runs.push_back({f0, 0, static_cast<int64_t>(fullSlots.size())});
      ++runs.back().blocks;
      for (size_t i = k; i < end; ++i)
        fullSlots.push_back(used[i].second);
    } else {
      partial.push_back(k);
    }
    k = end;
  }
  Value table;
  if (!fullSlots.empty()) {
    kb.global<int32_t>(name + "_input_slots", fullSlots);
    table = kb.getGlobal(name + "_input_slots");
  }
  for (const Run &run : runs)
    forBlocks(run.blocks, [&](Value j) {
      Value block = loadTransposed(
          args.in, info, plan.numInputs,
          kb.add(kb.index(run.f0), kb.mul(j, kb.index(T))), kb.index(T));
      Value row0 = kb.add(kb.index(run.tableStart), kb.mul(j, kb.index(T)));
      for (int64_t r = 0; r < T; ++r) {
        Value slot = kb.loadIndex(table, kb.add(row0, kb.index(r)));
        kb.storeWord(vector::ExtractOp::create(b, block, r), args.scratch,
                     kb.add(info.base, kb.slotOffset(slot)));
      }
    });
  for (size_t k : partial) {
    int64_t f0 = used[k].first / T * T;
    Value block =
        loadTransposed(args.in, info, plan.numInputs, kb.index(f0),
                       kb.index(std::min(T, plan.numInputs - f0)));
    for (; k < used.size() && used[k].first < f0 + T; ++k) {
      auto [i, slot] = used[k];
      Value v = vector::ExtractOp::create(b, block, i - f0);
      kb.storeWord(v, args.scratch, kb.add(info.base, kb.slotOffset(slot)));
    }
  }
}

void KernelDriver::storeOutputs(const KernelArgs &args, const TileInfo &info) {
  // Whole blocks of T outputs are one loop reading the slots from a table;
  // the last, partial block is spelled out.
  int64_t T = options.tile, O = plan.numOutputs;
  int64_t full = O / T;
  Value table;
  if (full > 0) {
    kb.global<int32_t>(name + "_output_block_slots",
                       ArrayRef<int32_t>(plan.outputSlots).take_front(full * T));
    table = kb.getGlobal(name + "_output_block_slots");
  }
  auto storeBlock = [&](Value o0, int64_t count, auto slotOf) {
    Value block = arith::ConstantOp::create(
        b, blockType, SplatElementsAttr::get(blockType, 0.0f));
    for (int64_t o = 0; o < count; ++o) {
      Value v = kb.loadWord(args.scratch,
                            kb.add(info.base, kb.slotOffset(slotOf(o))));
      block = vector::InsertOp::create(b, v, block, o);
    }
    storeTransposed(args.out, info, O, o0, kb.index(count), block);
  };
  if (full > 0)
    forBlocks(full, [&](Value j) {
      Value o0 = kb.mul(j, kb.index(T));
      storeBlock(o0, T,
                 [&](int64_t o) { return kb.loadIndex(table, kb.add(o0, kb.index(o))); });
    });
  if (O % T)
    storeBlock(kb.index(full * T), O % T, [&](int64_t o) {
      return kb.index(plan.outputSlots[full * T + o]);
    });
}

//===--- chunks -----------------------------------------------------------===//

void KernelDriver::runChunk(const KernelArgs &args, size_t k) {
  const auto &[symbol, tiled] = chunkFunctions[k];
  if (tiled) {
    func::CallOp::create(b, symbol, TypeRange{},
                         ValueRange{args.scratch, args.activeTiles});
    return;
  }
  forTiles(args.activeTiles, [&](Value t) {
    func::CallOp::create(b, symbol, TypeRange{},
                         ValueRange{kb.tileView(args.scratch, t, plan.slots)});
  });
}

//===--- dropping dead samples (runtime/sffnn_runtime.h) ------------------===//

void KernelDriver::recordLaneRows(const KernelArgs &args, const TileInfo &info,
                                  Value t) {
  // Lane l holds sample first + l, or -1 past the end of the batch.
  int64_t T = options.tile;
  auto rowType = VectorType::get({T}, b.getI64Type());
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
  vector::StoreOp::create(b, row, args.laneRows,
                          ValueRange{kb.mul(t, kb.index(T))});
}

/// A constant i32 table as memref<?xi32>, as the runtime takes it.
static Value dynamicTable(KernelBuilder &kb, const std::string &symbol,
                          ArrayRef<int32_t> data) {
  kb.global<int32_t>(symbol, data);
  return memref::CastOp::create(
      kb.b, MemRefType::get({ShapedType::kDynamic}, kb.b.getI32Type()),
      kb.getGlobal(symbol));
}

Value KernelDriver::dropDeadSamples(const KernelArgs &args, size_t k) {
  Value liveSlots = dynamicTable(kb, name + "_live" + std::to_string(k),
                                 plan.chunks[k].liveSlotsAfter);
  return func::CallOp::create(
             b, kDropDeadFunction, TypeRange{b.getIndexType()},
             ValueRange{args.scratch, args.activeTiles, kb.index(plan.slots),
                        kb.index(options.tile), liveSlots, args.laneRows})
      .getResult(0);
}

void KernelDriver::scatterOutputs(const KernelArgs &args) {
  int64_t T = options.tile, G = options.tilesPerGroup;
  Value outSlots = dynamicTable(kb, name + "_output_slots", plan.outputSlots);
  Value firstRow = arith::MulIOp::create(b, args.tileGroup, kb.index(T));
  Value groupRows = arith::MinUIOp::create(
      b, kb.index(G * T), arith::SubIOp::create(b, args.batch, firstRow));
  func::CallOp::create(
      b, kScatterFunction, TypeRange{},
      ValueRange{args.scratch, args.activeTiles, kb.index(plan.slots),
                 kb.index(T), outSlots, args.laneRows, args.out,
                 kb.index(plan.numOutputs), firstRow, groupRows});
}
