//===- KernelDriver.h - the kernel function around the chunks --*- C++ -*-===//
//
// Internal to lib/Conversion. Emits one network's kernel from its plan: the
// chunk functions (each in the form the plan chose, ChunkForm.h) and the
// kernel function `NAME_impl(in, out, batch)`, which per tile group loads
// the inputs, runs the chunks, drops dead samples and stores the outputs.
// docs/Codegen.md describes the generated code.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_CONVERSION_KERNELDRIVER_H
#define SFFNN_LIB_CONVERSION_KERNELDRIVER_H

#include "ChunkForm.h"

#include "sffnn/Codegen/SmallBatchPlan.h"

#include <vector>

namespace mlir::sffnn::lowering {

struct KernelOptions {
  /// Samples per word.
  int64_t tile;
  /// Batch tiles each chunk runs over before the next chunk (a tile group).
  int64_t tilesPerGroup;
  /// Drop the samples whose live values are all zero where the plan says so.
  bool dropDeadSamples;
  /// Batches of at most smallBatchLimit samples run the small-batch code
  /// of this plan (SmallBatchKernel.h); 0 or no plan: none.
  const cg::SmallBatchPlan *smallBatch = nullptr;
  int64_t smallBatchLimit = 0;
};

class KernelDriver {
public:
  KernelDriver(ModuleOp module, Location loc, StringRef name,
               const cg::KernelPlan &plan, const KernelOptions &options);

  /// Adds the kernel of a network of `connections` connections to the module.
  void emit(int64_t connections);

private:
  /// Per tile of a tile group: the first sample, the number of samples,
  /// their lane mask, the float offset of its scratch words.
  struct TileInfo {
    Value first, lanes, mask, base;
  };
  /// The values of the kernel function every step uses.
  struct KernelArgs {
    Value in, out, batch, scratch, laneRows, tileGroup, activeTiles;
  };

  void emitChunkFunctions();
  /// Above kChunksPerSegment chunks, the chunk runs of the tile code (and
  /// the drops of dead samples between them) go into segment functions of
  /// at most that many chunks each (see KernelDriver.cpp).
  void emitSegmentFunctions();
  /// The tiled code: per tile group, inputs, chunks, outputs.
  void emitTiled(const KernelArgs &given);
  void declareRuntime();
  func::FuncOp createKernelFunction(int64_t connections);
  StringRef formName() const;

  TileInfo tileInfo(const KernelArgs &args, Value t);
  /// Emits `body(t)` in a loop over the first `count` tiles of the group.
  void forTiles(Value count, llvm::function_ref<void(Value)> body);

  /// Mask of the row-major elements [f0, f0 + columns) of row r of the
  /// tile (columns <= T): empty past the last sample.
  Value rowMask(const TileInfo &info, int64_t r, Value columns);
  /// Features [f0, f0 + columns) of the tile's samples as a T x T block
  /// whose row f - f0 is the word of feature f (zero past `columns`).
  Value loadTransposed(Value in, const TileInfo &info, int64_t width,
                       Value f0, Value columns);
  /// The inverse: row o - o0 of `block` is the word of output o.
  void storeTransposed(Value out, const TileInfo &info, int64_t width,
                       Value o0, Value columns, Value block);
  /// Emits `body(j)` for j in [0, count): one loop when count > 1, else
  /// inline (the T x T blocks of the inputs and outputs are loops so that
  /// the kernel function does not grow with the network).
  void forBlocks(int64_t count, llvm::function_ref<void(Value)> body);

  // The steps of a tile group, in order.
  void loadInputs(const KernelArgs &args, const TileInfo &info);
  void recordLaneRows(const KernelArgs &args, const TileInfo &info, Value t);
  void runChunk(const KernelArgs &args, size_t k);
  /// Runs chunks [segment.first, segment.end) over the group's tiles,
  /// dropping dead samples where the plan says: the loops inline, or a call
  /// of the segment's function. Returns the active tiles after it.
  struct Segment {
    size_t first, end;
    func::FuncOp fn;
  };
  Value runSegment(const KernelArgs &args, const Segment &segment);
  /// The loops and drops of a segment, at the insertion point.
  Value runChunks(const KernelArgs &args, const Segment &segment);
  Value dropDeadSamples(const KernelArgs &args, size_t k);
  void storeOutputs(const KernelArgs &args, const TileInfo &info);
  void scatterOutputs(const KernelArgs &args);

  KernelBuilder kb;
  ImplicitLocOpBuilder &b;
  const cg::KernelPlan &plan;
  const KernelOptions &options;
  std::string name;
  VectorType blockType;
  /// Each chunk's function, and whether it loops over the tiles itself
  /// (KernelBuilder::beginTiledChunkFunction).
  std::vector<std::pair<std::string, bool>> chunkFunctions;
  std::vector<Segment> segments;
};

} // namespace mlir::sffnn::lowering

#endif // SFFNN_LIB_CONVERSION_KERNELDRIVER_H
