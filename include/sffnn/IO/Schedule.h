//===- Schedule.h - neuron and edge orders ----------------------*- C++ -*-===//
//
// A schedule is the order in which connections are added (an edge order). A
// computed neuron is activated right after its last in-edge; a neuron with
// no in-edges is materialized from its bias at its first use. A neuron order
// (each neuron computed in one go, "pull") expands to the edge order that
// takes the neurons in turn and each neuron's in-edges in stored order.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_SCHEDULE_H
#define SFFNN_IO_SCHEDULE_H

#include "sffnn/IO/Graph.h"
#include "llvm/Support/Error.h"

namespace sffnn::io {

using NeuronOrder = std::vector<Node>;
using EdgeOrder = std::vector<int64_t>;

/// The computed nodes in definition order (layer by layer): the baseline.
NeuronOrder programOrder(const Graph &graph);

/// Checks that `order` lists every computed node once, each after all its
/// computed sources. O(n + W).
llvm::Error checkNeuronOrder(const Graph &graph, const NeuronOrder &order);

/// Checks that `edges` lists every edge once and every source neuron is
/// complete (all its in-edges added) before an edge reads it. O(n + W).
llvm::Error checkEdgeOrder(const Graph &graph, const EdgeOrder &edges);

/// The edge order of a neuron order. O(W).
EdgeOrder expandNeuronOrder(const Graph &graph, const NeuronOrder &order);

} // namespace sffnn::io

#endif // SFFNN_IO_SCHEDULE_H
