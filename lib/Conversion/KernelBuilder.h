//===- KernelBuilder.h - the ops every part of a kernel is made of -*- C++
//-*-===//
//
// Internal to lib/Conversion. The builder the chunk forms (ChunkForm.h) and
// the kernel driver (KernelDriver.h) spell their code with: the word and
// scratch types, per-function constants, constant globals, scratch words,
// masks and activations. It knows nothing of forms or of the driver.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_CONVERSION_KERNELBUILDER_H
#define SFFNN_LIB_CONVERSION_KERNELBUILDER_H

#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/Model/LayeredNetwork.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/DenseMap.h"

#include <map>
#include <string>

namespace mlir::sffnn::lowering {

class KernelBuilder {
public:
  /// Words of `tile` samples; a tile's scratch view holds `slots` words.
  KernelBuilder(ModuleOp module, Location loc, int64_t tile, int64_t slots);

  ImplicitLocOpBuilder b;
  ModuleOp module;
  const int64_t tile;
  /// Words start at multiples of 4 * T bytes of a 64-byte aligned area.
  uint64_t wordAlignment;
  Type f32;
  /// vector<T x f32>: one feature of the T samples of a batch tile.
  VectorType word;
  /// The scratch area of a tile group, and the view one tile's chunk gets.
  /// Both are plain floats, word w of tile t at floats [(t * slots + w) * T,
  /// +T): a memref of vector<T x f32> would be padded by LLVM to a power of
  /// two per word (16 bytes for T = 3), and the runtime, which indexes
  /// floats, must agree with the kernel (runtime/sffnn_runtime.h).
  MemRefType scratchType, tileScratchType;

  //===--- functions and constants ----------------------------------------===//

  /// A private function at the end of the module, without a body.
  func::FuncOp newFunction(StringRef symbol, TypeRange inputs,
                           TypeRange results = {});
  /// Adds the entry block of `fn` and starts a new set of constants there.
  void beginFunction(func::FuncOp fn);
  /// A chunk function of one tile's scratch view, begun; its argument is
  /// the view. The kernel function calls it in a loop over the tiles.
  func::FuncOp beginChunkFunction(StringRef symbol);
  /// A chunk function of (the scratch area of a tile group, tiles), with
  /// its own loop over the tiles, begun: the builder is inside that loop,
  /// and the result is the tile's scratch view (`slots` words).
  /// endTiledChunkFunction(view) closes it.
  Value beginTiledChunkFunction(StringRef symbol, int64_t slots);
  void endTiledChunkFunction(Value view);
  /// The view of tile t of a tile group's scratch area.
  Value tileView(Value scratch, Value t, int64_t slots);

  /// Constants are uniqued per function, at the top of its entry block so
  /// that they dominate every use. Straight-line code takes its weights as
  /// splat constants: LLVM keeps one 4-byte constant-pool entry per distinct
  /// value of a function and reads it with a broadcast at a fixed offset.
  Value index(int64_t v);
  Value splat(float v);
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }

  /// A private constant global `symbol` holding `data` (64-byte aligned).
  template <typename T> void global(StringRef symbol, ArrayRef<T> data);
  /// memref.get_global of a global made by global().
  Value getGlobal(StringRef symbol);
  /// Element i of an integer table, as an index.
  Value loadIndex(Value table, Value i);
  /// Element i of a float table, splat to a word.
  Value broadcastLoad(Value table, Value i);

  //===--- scratch words --------------------------------------------------===//

  /// Float offset of a slot in a tile's scratch view.
  Value slotOffset(int64_t slot) { return index(slot * tile); }
  Value slotOffset(Value slot) { return mul(slot, index(tile)); }
  /// The word at float offset `offset` (a multiple of T) of scratch memory.
  Value loadWord(Value scratch, Value offset);
  void storeWord(Value value, Value scratch, Value offset);

  /// A mask of the first `count` lanes of a word.
  Value laneMask(Value count);

  /// act(z), clamped at `clamp` when finite (relu only).
  Value activate(Value z, ::sffnn::Activation act, float clamp);

private:
  ElementsAttr tableElements(StringRef symbol, MemRefType type,
                             ArrayRef<int64_t> data);
  ElementsAttr tableElements(StringRef symbol, MemRefType type,
                             ArrayRef<int8_t> data);
  ElementsAttr tableElements(StringRef symbol, MemRefType type,
                             ArrayRef<int32_t> data);
  ElementsAttr tableElements(StringRef symbol, MemRefType type,
                             ArrayRef<float> data);
  void addGlobal(StringRef symbol, MemRefType type, ElementsAttr value);

  std::map<std::string, MemRefType> globalTypes;
  llvm::DenseMap<int64_t, Value> indexConstants;
  std::map<float, Value> splatConstants;
  Block *entryBlock = nullptr;
};

template <typename T>
void KernelBuilder::global(StringRef symbol, ArrayRef<T> data) {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, int8_t> ||
                    std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>,
                "tables hold f32, i8, i32 or i64");
  Type element = std::is_same_v<T, float>
                     ? Type(f32)
                     : Type(b.getIntegerType(8 * sizeof(T)));
  // A zero-length global is not valid: pad with one unused element (and
  // copy nothing otherwise: tables hold up to one element per connection).
  T pad = T();
  if (data.empty())
    data = ArrayRef<T>(pad);
  auto type = MemRefType::get({static_cast<int64_t>(data.size())}, element);
  addGlobal(symbol, type, tableElements(symbol, type, data));
}

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_KERNELBUILDER_H
