//===- KernelBuilder.cpp - constants, globals, scratch words, activations -===//
#include "KernelBuilder.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sffnn;
using namespace mlir::sffnn::lowering;

KernelBuilder::KernelBuilder(ModuleOp module, Location loc, int64_t tile,
                             int64_t slots)
    : b(loc, module.getContext()), module(module), tile(tile) {
  f32 = b.getF32Type();
  word = VectorType::get({tile}, f32);
  scratchType = MemRefType::get({ShapedType::kDynamic}, f32);
  tileScratchType = MemRefType::get(
      {slots * tile}, f32,
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {1}));
  wordAlignment = std::min<int64_t>(64, 4 * (tile & -tile));
}

func::FuncOp KernelBuilder::newFunction(StringRef symbol, TypeRange inputs,
                                        TypeRange results) {
  b.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(b, symbol, b.getFunctionType(inputs, results));
  fn.setPrivate();
  return fn;
}

void KernelBuilder::beginFunction(func::FuncOp fn) {
  indexConstants.clear();
  splatConstants.clear();
  entryBlock = fn.addEntryBlock();
  b.setInsertionPointToStart(entryBlock);
}

func::FuncOp KernelBuilder::beginChunkFunction(StringRef symbol) {
  func::FuncOp fn = newFunction(symbol, {tileScratchType});
  beginFunction(fn);
  return fn;
}

Value KernelBuilder::beginTiledChunkFunction(StringRef symbol,
                                             int64_t slots) {
  func::FuncOp fn = newFunction(symbol, {scratchType, b.getIndexType()});
  // Kept out of line: the kernel function is then a run of calls, one per
  // such chunk. Inlined, each chunk's loop over the tiles becomes one of
  // thousands of consecutive loops in one function, on which LLVM's loop
  // analyses (ScalarEvolution's loop guards walk every dominating block)
  // take time quadratic in the number of chunks: 64 s instead of 14 s of
  // translate+optimize for 2 195 chunks (docs/Codegen.md).
  fn.setNoInline(true);
  beginFunction(fn);
  auto tiles = scf::ForOp::create(b, index(0), fn.getArgument(1), index(1));
  b.setInsertionPointToStart(tiles.getBody());
  return tileView(fn.getArgument(0), tiles.getInductionVar(), slots);
}

void KernelBuilder::endTiledChunkFunction(Value view) {
  b.setInsertionPointAfter(view.getParentBlock()->getParentOp());
  func::ReturnOp::create(b);
}

Value KernelBuilder::tileView(Value scratch, Value t, int64_t slots) {
  int64_t size = slots * tile;
  return memref::SubViewOp::create(
      b, tileScratchType, scratch, ValueRange{mul(t, index(size))},
      ValueRange{}, ValueRange{}, b.getDenseI64ArrayAttr({ShapedType::kDynamic}),
      b.getDenseI64ArrayAttr({size}), b.getDenseI64ArrayAttr({1}));
}

Value KernelBuilder::index(int64_t v) {
  Value &c = indexConstants[v];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(entryBlock);
    c = arith::ConstantIndexOp::create(b, v);
  }
  return c;
}

Value KernelBuilder::splat(float v) {
  Value &c = splatConstants[v];
  if (!c) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(entryBlock);
    c = arith::ConstantOp::create(b, word, SplatElementsAttr::get(word, v));
  }
  return c;
}

ElementsAttr KernelBuilder::tableElements(StringRef, MemRefType type,
                                          ArrayRef<int64_t> data) {
  return DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), type.getElementType()), data);
}

ElementsAttr KernelBuilder::tableElements(StringRef, MemRefType type,
                                          ArrayRef<int8_t> data) {
  return DenseElementsAttr::get(
      RankedTensorType::get(type.getShape(), type.getElementType()), data);
}

ElementsAttr KernelBuilder::tableElements(StringRef symbol, MemRefType,
                                          ArrayRef<int32_t> data) {
  return makeElements(b.getContext(), symbol, data);
}

ElementsAttr KernelBuilder::tableElements(StringRef symbol, MemRefType,
                                          ArrayRef<float> data) {
  return makeElements(b.getContext(), symbol, data);
}

void KernelBuilder::addGlobal(StringRef symbol, MemRefType type,
                              ElementsAttr value) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  memref::GlobalOp::create(b, symbol, b.getStringAttr("private"), type, value,
                           /*constant=*/true,
                           /*alignment=*/b.getI64IntegerAttr(64));
  globalTypes[symbol.str()] = type;
}

Value KernelBuilder::getGlobal(StringRef symbol) {
  return memref::GetGlobalOp::create(b, globalTypes.at(symbol.str()), symbol);
}

Value KernelBuilder::loadIndex(Value table, Value i) {
  Value v = memref::LoadOp::create(b, table, i);
  return arith::IndexCastOp::create(b, b.getIndexType(), v);
}

Value KernelBuilder::broadcastLoad(Value table, Value i) {
  return vector::BroadcastOp::create(b, word,
                                     memref::LoadOp::create(b, table, i));
}

Value KernelBuilder::loadWord(Value scratch, Value offset) {
  return vector::LoadOp::create(b, word, scratch, ValueRange{offset},
                                /*nontemporal=*/false,
                                llvm::MaybeAlign(wordAlignment));
}

void KernelBuilder::storeWord(Value value, Value scratch, Value offset) {
  vector::StoreOp::create(b, value, scratch, ValueRange{offset},
                          /*nontemporal=*/false,
                          llvm::MaybeAlign(wordAlignment));
}

Value KernelBuilder::laneMask(Value count) {
  return vector::CreateMaskOp::create(b, VectorType::get({tile}, b.getI1Type()),
                                      ValueRange{count});
}

Value KernelBuilder::activate(Value z, ::sffnn::Activation act, float clamp) {
  switch (act) {
  case ::sffnn::Activation::Identity:
    return z;
  case ::sffnn::Activation::Relu: {
    // The reference interpreter's std::max(z, 0) and std::min(y, clamp),
    // spelled as they are defined: z < 0 ? 0 : z, clamp < y ? clamp : y.
    // NaN and -0 pass through as there, and each is one vmaxps / vminps on
    // x86 (arith.maximumf needs a compare and a blend more to propagate NaN).
    Value negative =
        arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, z, splat(0.0f));
    Value y = arith::SelectOp::create(b, negative, splat(0.0f), z);
    if (std::isfinite(clamp)) {
      Value above =
          arith::CmpFOp::create(b, arith::CmpFPredicate::OLT, splat(clamp), y);
      y = arith::SelectOp::create(b, above, splat(clamp), y);
    }
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
