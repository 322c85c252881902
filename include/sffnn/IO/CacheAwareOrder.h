//===- CacheAwareOrder.h - cache-aware greedy list scheduling ---*- C++ -*-===//
//
// A cross-layer anchor order (`order=cache-aware`, docs/IOModel.md, section
// 6): a list scheduler that plays its own order on a simulated cache of M
// words and always computes next the ready group of neurons (identical input
// sets) that needs the fewest loads (a source that dies with it counting as
// a tenth of a load saved), the shallowest on ties. Consumers whose
// sources are all resident are computed while those sources are still
// there, so the order runs as a wavefront through the layers and values die
// in cache instead of being stored. O(W log n) time, O(I + n + W) memory.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_CACHEAWAREORDER_H
#define SFFNN_IO_CACHEAWAREORDER_H

#include "sffnn/IO/Schedule.h"

namespace sffnn::io {

/// The cache-aware greedy order for a fast memory of `fastMemory` >= 2
/// words. A valid topological neuron order of every computed node.
NeuronOrder cacheAwareOrder(const Graph &graph, int64_t fastMemory);

} // namespace sffnn::io

#endif // SFFNN_IO_CACHEAWAREORDER_H
