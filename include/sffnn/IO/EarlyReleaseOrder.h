//===- EarlyReleaseOrder.h - a level's readers before its end ---*- C++ -*-===//
//
// The `early-release` anchor order (docs/IOModel.md, "The early-release
// order"). Where the cache-aware order goes level by level, every value of a
// level is still waiting for a reader when the level's last group is done,
// and all but about M of them are stored and loaded again. This order moves,
// before each level's last few groups, the groups of the next level whose
// sources are already complete and which are together the last readers of
// some values: those values die in fast memory, never stored. Which level
// rotation and how many last groups to keep behind are chosen by simulating
// a window of three levels for each choice.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_EARLYRELEASEORDER_H
#define SFFNN_IO_EARLYRELEASEORDER_H

#include "sffnn/IO/Expansion.h"

namespace sffnn::io {

struct EarlyReleaseOptions {
  /// The numbers of last groups kept behind that are tried: 0 .. maxTail.
  int64_t maxTail = 6;
  /// Rotations of a level's group sequence tried: one every rotationStride
  /// groups, ranked by how many values they let die early ...
  int64_t rotationStride = 2;
  /// ... of which the best this many are simulated (the sequence as it is
  /// is always simulated).
  int64_t rotationsSimulated = 6;
  /// The count the windows are simulated with: the kernel's register groups.
  int64_t registerTile = kDefaultRegisterTile;
  Policy policy = Policy::Belady;
};

/// The early-release order of `graph` for `fastMemory` words, starting from
/// `cacheAware` (the cache-aware order of the same graph and size, which it
/// keeps where that order already crosses levels).
NeuronOrder earlyReleaseOrder(const Graph &graph, int64_t fastMemory,
                              const NeuronOrder &cacheAware,
                              const EarlyReleaseOptions &options = {});

} // namespace sffnn::io

#endif // SFFNN_IO_EARLYRELEASEORDER_H
