//===- KernelEmitter.h - spells a kernel plan as MLIR ops -------*- C++ -*-===//
//
// Internal to lib/Conversion: the emitter behind convert-sffnn-to-vector.
// KernelEmitter.cpp holds the helpers, the straight-line chunks and the
// driver; CompactForm.cpp the compact form.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_CONVERSION_KERNELEMITTER_H
#define SFFNN_LIB_CONVERSION_KERNELEMITTER_H

#include "sffnn/Codegen/KernelPlan.h"
#include "sffnn/Conversion/Passes.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::sffnn::lowering {

namespace cg = ::sffnn::codegen;

struct KernelOptions {
  int64_t tile;
  int64_t tilesPerGroup;
  bool compact;
  bool dropDead;
};

/// Emits the functions and globals of one network's kernel.
class KernelEmitter {
public:
  KernelEmitter(ModuleOp module, NetworkOp network, const cg::KernelPlan &plan,
                const KernelOptions &options)
      : b(network.getLoc(), module.getContext()), module(module), plan(plan),
        options(options), name(network.getSymName().str()) {
    f32 = b.getF32Type();
    word = VectorType::get({options.tile}, f32);
    blockType = VectorType::get({options.tile, options.tile}, f32);
    // The scratch area is plain floats, word w of tile t at floats
    // [(t * slots + w) * T, +T): a memref of vector<T x f32> would be padded
    // by LLVM to a power of two per word (16 bytes for T = 3), and the
    // runtime, which indexes floats, must agree with the kernel on the
    // layout (runtime/sffnn_runtime.h).
    scratchType = MemRefType::get({ShapedType::kDynamic}, f32);
    tileScratchType = MemRefType::get(
        {plan.slots * options.tile}, f32,
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
    // Words start at multiples of 4 * T bytes of a 64-byte aligned area.
    wordAlignment = std::min<int64_t>(64, 4 * (options.tile & -options.tile));
  }

  void emit(int64_t connections);

private:
  //===--- helpers --------------------------------------------------------===//

  template <typename T> std::string global(StringRef symbol, ArrayRef<T> data) {
    Type element = std::is_same_v<T, float>
                       ? Type(f32)
                       : Type(b.getIntegerType(8 * sizeof(T)));
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
    memref::GlobalOp::create(b, symbol, b.getStringAttr("private"), type, value,
                             /*constant=*/true,
                             /*alignment=*/b.getI64IntegerAttr(64));
    globalTypes[symbol.str()] = type;
    return symbol.str();
  }
  Value getGlobal(StringRef symbol) {
    return memref::GetGlobalOp::create(b, globalTypes.at(symbol.str()), symbol);
  }

  /// Constants are uniqued per function, at the top of its entry block so
  /// that they dominate every use. Straight-line code takes its weights as
  /// splat constants: LLVM keeps one 4-byte constant-pool entry per distinct
  /// value of a function and reads it with a broadcast at a fixed offset.
  Value index(int64_t v);
  Value splat(float v);
  void beginFunction(func::FuncOp fn);
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  /// The word at float offset `offset` of a scratch view (a multiple of T).
  Value loadWord(Value scratch, Value offset) {
    return vector::LoadOp::create(b, word, scratch, ValueRange{offset},
                                  /*nontemporal=*/false,
                                  llvm::MaybeAlign(wordAlignment));
  }
  void storeWord(Value value, Value scratch, Value offset) {
    vector::StoreOp::create(b, value, scratch, ValueRange{offset},
                            /*nontemporal=*/false,
                            llvm::MaybeAlign(wordAlignment));
  }
  /// Float offset of a slot in a tile's scratch view.
  Value slotOffset(int64_t slot) { return index(slot * options.tile); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }

  Value activate(Value z, ::sffnn::Activation act, float clamp);

  func::FuncOp newFunction(StringRef symbol, TypeRange inputs,
                           TypeRange results = {}) {
    b.setInsertionPointToEnd(module.getBody());
    auto fn =
        func::FuncOp::create(b, symbol, b.getFunctionType(inputs, results));
    fn.setPrivate();
    return fn;
  }

  //===--- straight-line chunks -------------------------------------------===//

  func::FuncOp emitStraightChunk(size_t k);

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

  static bool sameActivation(const cg::Member &a, const cg::Member &b);

  bool isDense(const cg::Group &group) const;

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
    segments.push_back(
        {dense, members, m.activation, m.clamp, index, index + 1});
  }

  void emitCompactTables();

  Value loadIndex(Value table, Value i);
  Value broadcastLoad(Value table, Value i);

  /// for n in segment: acc = bias[n]; for t in terms(n): acc += w[t] *
  /// s[slot[t]]; s[singleSlot[n]] = act(acc).
  void emitSingleLoop(Value scratch, const Segment &segment);

  /// for g in segment: R accumulators in registers; for each source k of g:
  /// x = s[srcSlot[k]], acc[r] += w[g][k][r] * x; then the R stores.
  void emitDenseLoop(Value scratch, const Segment &segment);

  func::FuncOp emitCompactChunk(size_t k);

  //===--- driver
  //-----------------------------------------------------------===//

  struct TileInfo {
    /// First sample, number of samples, their lane mask, scratch offset.
    Value first, lanes, mask, base;
  };

  /// Mask of the row-major elements [f0, f0 + T) of row r of the tile: empty
  /// past the last sample, cut at the last feature.
  Value rowMask(const TileInfo &info, int64_t r, int64_t width, int64_t f0);

  /// Features [f0, f0 + T) of the tile's samples as a T x T block whose row
  /// f - f0 is the word of feature f.
  Value loadTransposed(Value in, const TileInfo &info, int64_t width,
                       int64_t f0) {
    Value block = arith::ConstantOp::create(
        b, blockType, SplatElementsAttr::get(blockType, 0.0f));
    for (int64_t r = 0; r < options.tile; ++r) {
      Value offset =
          add(mul(add(info.first, index(r)), index(width)), index(f0));
      Value row = vector::MaskedLoadOp::create(b, word, in, ValueRange{offset},
                                               rowMask(info, r, width, f0),
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
      Value offset =
          add(mul(add(info.first, index(r)), index(width)), index(o0));
      vector::MaskedStoreOp::create(b, out, ValueRange{offset},
                                    rowMask(info, r, width, o0),
                                    vector::ExtractOp::create(b, rows, r));
    }
  }

  void declareRuntime();

  void emitDriver(int64_t connections);

  ImplicitLocOpBuilder b;
  ModuleOp module;
  const cg::KernelPlan &plan;
  const KernelOptions &options;
  std::string name;
  Type f32;
  VectorType word, blockType;
  MemRefType scratchType, tileScratchType;
  uint64_t wordAlignment;
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

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_KERNELEMITTER_H
