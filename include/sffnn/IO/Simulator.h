//===- Simulator.h - exact I/O count of a schedule --------------*- C++ -*-===//
//
// Plays a schedule on a two-level machine with M words of fast memory and
// counts every load and store (docs/IOModel.md, section 5). Time
// O(W log M), memory O(I + n + W).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_SIMULATOR_H
#define SFFNN_IO_SIMULATOR_H

#include "sffnn/IO/Schedule.h"

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace sffnn::io {

enum class Policy {
  /// Evict the word whose next use is farthest (Belady's MIN).
  Belady,
  /// Evict the least recently used word (what a hardware cache does).
  Lru,
};
std::optional<Policy> parsePolicy(llvm::StringRef name);
const char *policyName(Policy policy);

struct IOCount {
  int64_t inputLoads = 0, hiddenLoads = 0, partialLoads = 0;
  int64_t hiddenStores = 0, partialStores = 0, outputStores = 0;
  /// W + B, the same for every schedule.
  int64_t parameterIOs = 0;

  int64_t loads() const { return inputLoads + hiddenLoads + partialLoads; }
  int64_t stores() const { return hiddenStores + partialStores + outputStores; }
  int64_t activation() const { return loads() + stores(); }
  int64_t total() const { return parameterIOs + activation(); }
};

/// Simulates `edges` (checked with checkEdgeOrder) with `fastMemory` >= 2
/// words. Dead values are dropped for free; a value still needed is stored
/// once on its first eviction and reloaded at its next use; a partial sum is
/// stored when evicted after it changed; outputs are stored exactly once.
llvm::Expected<IOCount> simulate(const Graph &graph, const EdgeOrder &edges,
                                 int64_t fastMemory, Policy policy);

/// simulate() of a neuron order (checked with checkNeuronOrder).
llvm::Expected<IOCount> simulateNeuronOrder(const Graph &graph,
                                            const NeuronOrder &order,
                                            int64_t fastMemory, Policy policy);

} // namespace sffnn::io

#endif // SFFNN_IO_SIMULATOR_H
