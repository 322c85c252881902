//===- PartitionOrder.h - cache-size-aware order by partitioning -*- C++ -*-===//
//
// The `partition` anchor (docs/IOModel.md, section 6.1): inside each depth
// level, the level's neurons are split in two, recursively, by METIS's graph
// bisection of their similarity graph, until the working set of a part (its
// neurons and their distinct sources) fits in the fast memory or the part is
// one neuron; the parts, in recursion order, are the order. Of two halves,
// the one closer to the part emitted just before goes first.
//
// The similarity graph has one vertex per computed neuron and, for every
// value, an edge between each two consecutive readers of it in the same
// level (readers sorted by the hash of their input sets, so a value read k
// times adds at most k - 1 edges, not k^2 / 2); parallel edges add their
// weights. O(W) edges, built in O(W log W); the recursion costs O(W) per
// depth plus METIS's near-linear work.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_PARTITIONORDER_H
#define SFFNN_IO_PARTITIONORDER_H

#include "sffnn/IO/Simulator.h"

namespace sffnn::io {

/// A valid neuron order of `graph` grouping neurons that share sources into
/// parts whose working set fits in `fastMemory` words (fastMemory >= 1).
NeuronOrder partitionOrder(const Graph &graph, int64_t fastMemory);

} // namespace sffnn::io

#endif // SFFNN_IO_PARTITIONORDER_H
