//===- SmallBatchKernel.cpp - lane blocks as loops over constant tables ---===//
#include "SmallBatchKernel.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;
namespace cg = ::sffnn::codegen;

namespace {

class SmallBatchEmitter {
public:
  SmallBatchEmitter(ModuleOp module, Location loc, StringRef name,
                    const cg::KernelPlan &kernelPlan,
                    const cg::SmallBatchPlan &smallPlan)
      : kb(module, loc, smallPlan.lanes, /*slots=*/1), b(kb.b),
        kernel(kernelPlan), plan(smallPlan), name(name.str()),
        L(smallPlan.lanes) {
    indexWord = VectorType::get({L}, b.getI32Type());
  }

  func::FuncOp emit();

private:
  std::string table(StringRef suffix) const {
    return name + "_small_" + suffix.str();
  }
  void addTables();
  /// scratch[inputSlot] = in[sample * inputs + input] for the used inputs.
  void copyInputs(Value sample);
  /// With plan.inputBase >= 0: the whole input row, by vectors.
  void copyAllInputs(Value sample);
  /// Runs of L slots start at multiples of L floats of a 64-byte aligned
  /// area.
  uint64_t runAlign() const {
    int64_t bytes = 4 * L;
    return std::min<int64_t>(64, bytes & -bytes);
  }
  void copyOutputs(Value sample);
  void emitSegment(const cg::LaneSegment &segment);
  /// Block g's windows: two word loads each, then per permute row one
  /// vpermi2ps of the window, lanes without a term zeroed, and one FMA.
  Value emitWindows(Value g, Value acc);
  /// A vector of L lanes of a table, at row `row`.
  Value loadRow(StringRef symbol, Value row, VectorType type);

  KernelBuilder kb;
  ImplicitLocOpBuilder &b;
  const cg::KernelPlan &kernel;
  const cg::SmallBatchPlan &plan;
  std::string name;
  const int64_t L;
  VectorType indexWord;
  Value in, out, scratch;
};

} // namespace

void SmallBatchEmitter::addTables() {
  if (plan.inputBase < 0) {
    std::vector<int32_t> inputIndex, inputSlot;
    for (auto [input, slot] : plan.inputSlots) {
      inputIndex.push_back(static_cast<int32_t>(input));
      inputSlot.push_back(slot);
    }
    kb.global<int32_t>(table("input_index"), inputIndex);
    kb.global<int32_t>(table("input_slot"), inputSlot);
  }
  kb.global<int32_t>(table("output_slot"), plan.outputSlots);
  kb.global<float>(table("bias"), plan.bias);
  kb.global<int32_t>(table("member_slot"), plan.memberSlot);
  kb.global<int32_t>(table("broadcast_slot"), plan.broadcastSlot);
  kb.global<float>(table("broadcast_weight"), plan.broadcastWeight);
  kb.global<int64_t>(table("broadcast_begin"), plan.broadcastBegin);
  kb.global<int32_t>(table("gather_slot"), plan.gatherSlot);
  kb.global<float>(table("gather_weight"), plan.gatherWeight);
  kb.global<int64_t>(table("gather_begin"), plan.gatherBegin);
  if (plan.windows.empty())
    return;
  std::vector<int32_t> windowBase;
  std::vector<int64_t> windowRowBegin{0};
  for (const cg::Window &w : plan.windows) {
    windowBase.push_back(w.baseSlot);
    windowRowBegin.push_back(w.endRow);
  }
  kb.global<int32_t>(table("window_base"), windowBase);
  kb.global<int64_t>(table("window_row_begin"), windowRowBegin);
  kb.global<int64_t>(table("window_begin"), plan.windowBegin);
  kb.global<int8_t>(table("window_index"), plan.windowIndex);
  kb.global<float>(table("window_weight"), plan.windowWeight);
}

func::FuncOp SmallBatchEmitter::emit() {
  addTables();
  auto buffer = MemRefType::get({ShapedType::kDynamic}, kb.f32);
  func::FuncOp fn = kb.newFunction(name + "_small",
                                   {buffer, buffer, b.getIndexType()});
  kb.beginFunction(fn);
  in = fn.getArgument(0);
  out = fn.getArgument(1);
  scratch =
      memref::AllocOp::create(b, kb.scratchType,
                              ValueRange{kb.index(plan.scratchFloats)},
                              b.getI64IntegerAttr(64));
  memref::StoreOp::create(
      b, arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f)), scratch,
      ValueRange{kb.index(plan.zeroSlot)});
  auto samples =
      scf::ForOp::create(b, kb.index(0), fn.getArgument(2), kb.index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(samples.getBody());
    Value sample = samples.getInductionVar();
    copyInputs(sample);
    for (const cg::LaneSegment &segment : plan.segments)
      emitSegment(segment);
    copyOutputs(sample);
  }
  memref::DeallocOp::create(b, scratch);
  func::ReturnOp::create(b);
  return fn;
}

void SmallBatchEmitter::copyInputs(Value sample) {
  if (plan.inputBase >= 0)
    return copyAllInputs(sample);
  Value indices = kb.getGlobal(table("input_index"));
  Value slots = kb.getGlobal(table("input_slot"));
  Value base = kb.mul(sample, kb.index(kernel.numInputs));
  auto loop = scf::ForOp::create(
      b, kb.index(0),
      kb.index(static_cast<int64_t>(plan.inputSlots.size())), kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVar();
  Value x = memref::LoadOp::create(
      b, in, ValueRange{kb.add(base, kb.loadIndex(indices, k))});
  memref::StoreOp::create(b, x, scratch,
                          ValueRange{kb.loadIndex(slots, k)});
}

void SmallBatchEmitter::copyAllInputs(Value sample) {
  int64_t n = kernel.numInputs, whole = n / L * L;
  Value from = kb.mul(sample, kb.index(n)), to = kb.index(plan.inputBase);
  // Whole vectors (the sample's row is not aligned; the slots are), then
  // the rest one by one.
  auto vectors = scf::ForOp::create(b, kb.index(0), kb.index(whole),
                                    kb.index(L));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(vectors.getBody());
    Value i = vectors.getInductionVar();
    Value x = vector::LoadOp::create(b, kb.word, in,
                                     ValueRange{kb.add(from, i)},
                                     /*nontemporal=*/false, llvm::MaybeAlign(4));
    vector::StoreOp::create(b, x, scratch, ValueRange{kb.add(to, i)},
                            /*nontemporal=*/false, llvm::MaybeAlign(runAlign()));
  }
  auto rest = scf::ForOp::create(b, kb.index(whole), kb.index(n), kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  Value i = rest.getInductionVar();
  Value x = memref::LoadOp::create(b, in, ValueRange{kb.add(from, i)});
  memref::StoreOp::create(b, x, scratch, ValueRange{kb.add(to, i)});
}

void SmallBatchEmitter::copyOutputs(Value sample) {
  Value slots = kb.getGlobal(table("output_slot"));
  Value base = kb.mul(sample, kb.index(kernel.numOutputs));
  auto loop = scf::ForOp::create(b, kb.index(0),
                                 kb.index(kernel.numOutputs), kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value o = loop.getInductionVar();
  Value y = memref::LoadOp::create(b, scratch,
                                   ValueRange{kb.loadIndex(slots, o)});
  memref::StoreOp::create(b, y, out, ValueRange{kb.add(base, o)});
}

Value SmallBatchEmitter::loadRow(StringRef symbol, Value row, VectorType type) {
  // Rows are L elements of 4 bytes from a 64-byte aligned global.
  int64_t bytes = 4 * L;
  uint64_t alignment = std::min<int64_t>(64, bytes & -bytes);
  return vector::LoadOp::create(b, type, kb.getGlobal(symbol),
                                ValueRange{kb.mul(row, kb.index(L))},
                                /*nontemporal=*/false,
                                llvm::MaybeAlign(alignment));
}

void SmallBatchEmitter::emitSegment(const cg::LaneSegment &segment) {
  const cg::LaneBlock &first = plan.blocks[segment.firstBlock];
  Value broadcastBegin = kb.getGlobal(table("broadcast_begin"));
  Value gatherBegin = kb.getGlobal(table("gather_begin"));
  Value broadcastSlot = kb.getGlobal(table("broadcast_slot"));
  auto blocks = scf::ForOp::create(b, kb.index(segment.firstBlock),
                                   kb.index(segment.endBlock), kb.index(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(blocks.getBody());
  Value g = blocks.getInductionVar();
  Value next = kb.add(g, kb.index(1));
  Value acc = loadRow(table("bias"), g, kb.word);

  // Broadcast steps: one source for every lane.
  auto broadcasts = scf::ForOp::create(
      b, kb.loadIndex(broadcastBegin, g), kb.loadIndex(broadcastBegin, next),
      kb.index(1), ValueRange{acc});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(broadcasts.getBody());
    Value k = broadcasts.getInductionVar();
    Value x = vector::BroadcastOp::create(
        b, kb.word,
        memref::LoadOp::create(b, scratch,
                               ValueRange{kb.loadIndex(broadcastSlot, k)}));
    Value w = loadRow(table("broadcast_weight"), k, kb.word);
    scf::YieldOp::create(b, ValueRange{vector::FMAOp::create(
                                b, w, x, broadcasts.getRegionIterArgs()[0])});
  }
  acc = broadcasts.getResult(0);

  // Gather rows: a source per lane.
  Value allLanes = kb.laneMask(kb.index(L));
  auto gathers = scf::ForOp::create(
      b, kb.loadIndex(gatherBegin, g), kb.loadIndex(gatherBegin, next),
      kb.index(1), ValueRange{acc});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(gathers.getBody());
    Value k = gathers.getInductionVar();
    Value slots = loadRow(table("gather_slot"), k, indexWord);
    Value x = vector::GatherOp::create(b, kb.word, scratch,
                                       ValueRange{kb.index(0)}, slots,
                                       allLanes, kb.splat(0.0f));
    Value w = loadRow(table("gather_weight"), k, kb.word);
    scf::YieldOp::create(b, ValueRange{vector::FMAOp::create(
                                b, w, x, gathers.getRegionIterArgs()[0])});
  }
  acc = gathers.getResult(0);
  if (!plan.windows.empty())
    acc = emitWindows(g, acc);
  Value y = kb.activate(acc, first.activation, first.clamp);
  // The block's lanes are one run of slots: one vector store.
  Value run = kb.loadIndex(kb.getGlobal(table("member_slot")),
                           kb.mul(g, kb.index(L)));
  vector::StoreOp::create(b, y, scratch, ValueRange{run},
                          /*nontemporal=*/false, llvm::MaybeAlign(runAlign()));
}

Value SmallBatchEmitter::emitWindows(Value g, Value acc) {
  Value windowBegin = kb.getGlobal(table("window_begin"));
  Value windowBase = kb.getGlobal(table("window_base"));
  Value rowBegin = kb.getGlobal(table("window_row_begin"));
  auto byteWord = VectorType::get({L}, b.getI8Type());
  auto windows = scf::ForOp::create(
      b, kb.loadIndex(windowBegin, g),
      kb.loadIndex(windowBegin, kb.add(g, kb.index(1))), kb.index(1),
      ValueRange{acc});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(windows.getBody());
  Value w = windows.getInductionVar();
  Value base = kb.loadIndex(windowBase, w);
  // Windows start at multiples of 2L slots of a 64-byte aligned area.
  auto loadHalf = [&](Value offset) {
    return vector::LoadOp::create(b, kb.word, scratch, ValueRange{offset},
                                  /*nontemporal=*/false, llvm::MaybeAlign(64));
  };
  Value low = loadHalf(base), high = loadHalf(kb.add(base, kb.index(L)));
  auto rows = scf::ForOp::create(
      b, kb.loadIndex(rowBegin, w),
      kb.loadIndex(rowBegin, kb.add(w, kb.index(1))), kb.index(1),
      ValueRange{windows.getRegionIterArgs()[0]});
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(rows.getBody());
    Value k = rows.getInductionVar();
    Value index = vector::LoadOp::create(
        b, byteWord, kb.getGlobal(table("window_index")),
        ValueRange{kb.mul(k, kb.index(L))}, /*nontemporal=*/false,
        llvm::MaybeAlign(16));
    Value hasTerm = arith::CmpIOp::create(
        b, arith::CmpIPredicate::sge, index,
        arith::ConstantOp::create(b, byteWord,
                                  SplatElementsAttr::get(byteWord, int8_t(0))));
    Value index32 = arith::ExtUIOp::create(b, indexWord, index);
    Value x =
        LLVM::CallIntrinsicOp::create(
            b, kb.word, b.getStringAttr("llvm.x86.avx512.vpermi2var.ps.512"),
            ValueRange{low, index32, high})
            .getResult(0);
    // A lane without a term reads some slot of the window, which may hold
    // anything: zero it, so that 0 * inf never turns a sum into NaN.
    x = arith::SelectOp::create(b, hasTerm, x, kb.splat(0.0f));
    Value weight = loadRow(table("window_weight"), k, kb.word);
    scf::YieldOp::create(
        b, ValueRange{vector::FMAOp::create(b, weight, x,
                                            rows.getRegionIterArgs()[0])});
  }
  scf::YieldOp::create(b, rows.getResults());
  return windows.getResult(0);
}

func::FuncOp mlir::sffnn::lowering::emitSmallBatchKernel(
    ModuleOp module, Location loc, StringRef name,
    const cg::KernelPlan &kernel, const cg::SmallBatchPlan &plan) {
  return SmallBatchEmitter(module, loc, name, kernel, plan).emit();
}
