//===- PartitionOrder.h - cache-size-aware order by partitioning -*- C++ -*-===//
//
// The `partition` anchor (docs/IOModel.md, section 6): neurons are split in
// two, recursively, by METIS's graph bisection of their similarity graph,
// until the working set of a part (its neurons and their distinct sources)
// fits in the fast memory; the parts in recursion order, each half that
// mostly feeds the other first, give every neuron a rank, and the order is
// the topological order that always takes the ready neuron of least rank.
//
// The similarity graph has one vertex per computed neuron and, for every
// value, an edge between each two consecutive readers of it (so a value read
// k times adds k - 1 edges, not k^2 / 2) and an edge from its producer to its
// first reader; parallel edges add their weights. O(W) edges; the recursion
// is O(W log n) plus METIS's own near-linear work per level.
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
