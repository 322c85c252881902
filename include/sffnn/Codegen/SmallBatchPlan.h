//===- SmallBatchPlan.h - the kernel for batches below a tile ---*- C++ -*-===//
//
// Plain C++ (no MLIR). The tiled kernel vectorizes across the T samples of
// a batch tile, so one sample costs as much as T. For small batches the
// kernel also contains code that runs sample by sample and vectorizes
// across neurons instead: the register groups of the kernel plan, in
// schedule order, become lane blocks of at most L neurons (one accumulator
// vector of L lanes): consecutive members none of which reads another form
// a run, cut into blocks by decreasing term count (members of about equal
// length pad the rows least). Each block's terms are
//   - broadcast steps: a source that every member reads once; its value is
//     broadcast and multiplies one row of L weights (no padding, so dense
//     groups such as RadiX-Net layers cost one FMA per L connections);
//   - permute rows (AVX-512): the other terms, by window of 2L consecutive
//     slots, row k of a window holding the k-th term of every member in it
//     (a byte index and a weight), one vpermi2ps and one FMA each;
//   - or gather rows, where a cost model says they are cheaper: row k
//     holds the k-th remaining term of every member (slot and weight);
//     members with fewer terms read a zero slot with weight 0, so a row
//     costs one gather and one FMA.
// A block stores its L lanes with one vector store into a run of L slots of
// its own.
// A source read by only some members is never broadcast with zero weights
// for the others: 0 * inf would turn their sums into NaN where the
// interpreter has none. docs/Codegen.md ("Small-batch form") shows the
// trade-off measured.
//
// Building the plan is O(W log W + blocks * L) time and O(W + blocks * L)
// memory.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_CODEGEN_SMALLBATCHPLAN_H
#define SFFNN_CODEGEN_SMALLBATCHPLAN_H

#include "sffnn/Codegen/KernelPlan.h"

#include <cstdint>
#include <vector>

namespace sffnn::codegen {

/// At most L neurons with one activation, computed in one vector.
struct LaneBlock {
  int64_t members;
  Activation activation;
  float clamp;
  /// Broadcast steps [firstBroadcast, endBroadcast) and gather rows
  /// [firstGather, endGather) of SmallBatchPlan's tables.
  int64_t firstBroadcast, endBroadcast;
  int64_t firstGather, endGather;
  /// Windows [firstWindow, endWindow) of SmallBatchPlan's tables.
  int64_t firstWindow, endWindow;
};

/// Permute rows (with SmallBatchOptions::windows): the terms of a block
/// whose sources lie in one window of 2L consecutive slots, which two
/// vector loads bring into registers; row k holds the k-th such term of
/// every member, as an index into the window (-1: no term) and a weight,
/// and costs one two-register permute (vpermi2ps), a select and an FMA.
struct Window {
  int32_t baseSlot;
  int64_t firstRow, endRow;
};

/// Consecutive lane blocks with the same activation: one loop.
struct LaneSegment {
  int64_t firstBlock, endBlock;
};

struct SmallBatchPlan {
  /// Neurons per lane block (the vector width).
  int64_t lanes = 0;
  /// Scratch floats per sample, one per slot. Slots are this plan's own
  /// (a value keeps its slot until the last block reading it has run,
  /// since blocks split and merge the kernel plan's groups), in runs of L
  /// aligned to L from slot L on: a block's members take lanes 0.. of one
  /// run (its padding lanes the rest); slot 0 always holds 0 (padding
  /// lanes of gathers read it).
  int64_t scratchFloats = 0;
  int32_t zeroSlot = 0;
  /// Used inputs (input, slot), and the slot of every output. With
  /// inputBase >= 0, input i (used or not) is at slot inputBase + i and
  /// the code copies all inputs with vector loads; else only the used ones.
  std::vector<std::pair<int64_t, int32_t>> inputSlots;
  int64_t inputBase = -1;
  std::vector<int32_t> outputSlots;
  std::vector<LaneBlock> blocks;
  std::vector<LaneSegment> segments;
  /// Per block, `lanes` entries each: starting sums and destination slots
  /// (consecutive: the block's run).
  std::vector<float> bias;
  std::vector<int32_t> memberSlot;
  /// Per broadcast step: the source slot, and `lanes` weights.
  std::vector<int32_t> broadcastSlot;
  std::vector<float> broadcastWeight;
  /// Per gather row, `lanes` entries each: source slots and weights.
  std::vector<int32_t> gatherSlot;
  std::vector<float> gatherWeight;
  /// Windows and their permute rows, `lanes` entries per row.
  std::vector<Window> windows;
  std::vector<int8_t> windowIndex;
  std::vector<float> windowWeight;
  /// Index of block b's first broadcast step / gather row / window, and one
  /// past the last block's (size blocks + 1), as the generated loops read
  /// them.
  std::vector<int64_t> broadcastBegin, gatherBegin, windowBegin;
};

/// Lane blocks of `lanes` neurons (>= 1) for `plan`; with `windows`
/// (lanes must be 16: AVX-512's vpermi2ps), each block's non-broadcast
/// terms become permute rows where the cost model prefers them to gathers.
SmallBatchPlan planSmallBatch(const KernelPlan &plan, int64_t lanes,
                              bool windows = false);

/// Relative costs of the two codes, in units of one connection of one
/// batch tile in the tiled code: a gather row and a broadcast step, per
/// sample. Measured on the AMD EPYC (Zen 4) of docs/Performance.md, where
/// a 16-lane gather takes about 6 ns: the 90%-sparse MLP's tiled code runs
/// 0.53 ns per connection and tile, its small-batch code 49 us per sample
/// for 11 700 gather rows.
constexpr int64_t kGatherRowCost = 8, kBroadcastStepCost = 2;
/// A permute row, and the two loads of a window.
constexpr int64_t kWindowRowCost = 2, kWindowCost = 2;

/// Cost of one neuron of one tile in the tiled code beyond its connections
/// (starting sum, activation, store), in the same units. Without it, very
/// sparse networks looked cheaper in the tiled code than they are: the
/// 99%-sparse MLP (6 084 live connections, 734 neurons) runs a tile in
/// 4.7 us and a sample of the small-batch code in 2.1 us, so batch 2 is
/// faster in the small-batch code (4.2 us), which connections alone (6 084
/// units against 3 096 per sample) did not pick; batch 3 (6.3 us) is not.
constexpr int64_t kTiledNeuronCost = 2;

/// Cost of one sample in the small-batch code, in those units.
int64_t smallBatchSampleCost(const SmallBatchPlan &plan);

/// Cost of one tile in the tiled code, in those units: its connections and
/// kTiledNeuronCost per neuron.
int64_t tiledTileCost(const KernelPlan &kernel);

/// The largest batch the small-batch code runs, from the small-batch
/// option: `requested` < 0 picks it: every batch smaller than one tile
/// for which `batch` samples cost less in the small-batch code than one
/// tile of `kernel` in the tiled code; 0 never; N every batch of at most N
/// samples.
int64_t smallBatchLimit(int64_t requested, int64_t tile,
                        const KernelPlan &kernel, const SmallBatchPlan &plan);

} // namespace sffnn::codegen

#endif // SFFNN_CODEGEN_SMALLBATCHPLAN_H
