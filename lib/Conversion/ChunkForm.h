//===- ChunkForm.h - how the code of a chunk is spelled ---------*- C++ -*-===//
//
// Internal to lib/Conversion. A chunk of the kernel plan (consecutive
// register groups) becomes one function of a tile's scratch view; a
// ChunkForm writes its body. The plan decides each chunk's form
// (sffnn::codegen::ChunkFormKind); the driver (KernelDriver.h) creates one
// ChunkForm per form in use. To add a form: a ChunkFormKind value, a class
// implementing this interface, and its case in createChunkForm
// (docs/Codegen.md, "Adding a form").
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_CONVERSION_CHUNKFORM_H
#define SFFNN_LIB_CONVERSION_CHUNKFORM_H

#include "KernelBuilder.h"

#include "sffnn/Codegen/KernelPlan.h"

#include <memory>

namespace mlir::sffnn::lowering {

namespace cg = ::sffnn::codegen;

class ChunkForm {
public:
  virtual ~ChunkForm() = default;

  /// Called once, before any chunk, with the chunks of this form in
  /// ascending order: module-level data they share (constant tables).
  virtual void prepare(ArrayRef<size_t> chunks) {}

  /// Writes the body of chunk k at the builder's insertion point, in a
  /// function begun by KernelBuilder::beginChunkFunction or, inside its
  /// loop over the tiles, beginTiledChunkFunction; `scratch` is the tile's
  /// scratch view. Every member of every group of the chunk ends
  /// with its value stored to its slot (plan.members[m].slot).
  virtual void emitChunk(size_t k, Value scratch) = 0;
};

std::unique_ptr<ChunkForm> createStraightLineForm(KernelBuilder &builder,
                                                  const cg::KernelPlan &plan,
                                                  StringRef name);
std::unique_ptr<ChunkForm> createTableForm(KernelBuilder &builder,
                                           const cg::KernelPlan &plan,
                                           StringRef name);

/// The form of `kind`; `name` prefixes the symbols it adds.
inline std::unique_ptr<ChunkForm> createChunkForm(cg::ChunkFormKind kind,
                                                  KernelBuilder &builder,
                                                  const cg::KernelPlan &plan,
                                                  StringRef name) {
  switch (kind) {
  case cg::ChunkFormKind::StraightLine:
    return createStraightLineForm(builder, plan, name);
  case cg::ChunkFormKind::Table:
    return createTableForm(builder, plan, name);
  }
  llvm_unreachable("unknown chunk form");
}

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_CHUNKFORM_H
