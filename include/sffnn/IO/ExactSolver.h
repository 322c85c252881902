//===- ExactSolver.h - optimal I/O of tiny networks -------------*- C++ -*-===//
//
// The minimum activation I/O over all schedules, found by a shortest-path
// search (0-1 BFS) over pebble configurations: which connections are added,
// which words are in fast memory, which have an up-to-date copy in slow
// memory. Partial sums may be stored and reloaded; no value is computed
// twice. Exponential: for tests on networks of a handful of neurons.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_EXACTSOLVER_H
#define SFFNN_IO_EXACTSOLVER_H

#include "sffnn/IO/Graph.h"
#include "llvm/Support/Error.h"

namespace sffnn::io {

/// Minimum activation I/Os (loads + stores of inputs, values and partial
/// sums) to compute every neuron and store every output with `fastMemory`
/// words. Needs W <= 24, I + n <= 20, in-degree >= 1 for computed neurons;
/// gives up (an error) past `maxStates` explored configurations.
llvm::Expected<int64_t> optimalActivationIOs(const Graph &graph,
                                             int64_t fastMemory,
                                             int64_t maxStates = 20000000);

} // namespace sffnn::io

#endif // SFFNN_IO_EXACTSOLVER_H
