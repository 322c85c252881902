//===- Annealer.h - simulated-annealing neuron reordering -------*- C++ -*-===//
//
// Searches neuron orders for one that moves fewer words.
//
// State: a valid neuron order. Moves, in turn: slide one neuron by up to
// `maxDistance` positions; move it to the best of the next 64 places of its
// window on one side (after its last source, before its first consumer; the
// surrogate delta of every place is seen on the way); move it to a random
// place anywhere in its window (at most 4096 places away); the best place
// again; move the run of neighbours reading the same inputs (at most 64) by
// up to `maxDistance` places as a block. Each is a chain of adjacent swaps
// of independent neighbours. Cost: a surrogate that is exact to update in O(degree) per
// swap: every gap between consecutive uses of a value costs min(gap, K)
// (K: the reuse distance, in neuron positions, past which a value is
// evicted; calibrated so that the number of gaps longer than K in the start
// order matches its exact simulated reloads), plus K for the store of a
// computed value with a gap longer than K. Metropolis acceptance, geometric
// cooling over the budget, a fixed seed. At checkpoints the current order
// is simulated exactly under each allowed expansion (sffnn/IO/Expansion.h:
// the neuron order, and the kernel's register groups with partial sums);
// the best exactly simulated order and expansion are returned, so the
// result is never worse than the start under any allowed expansion.
//
// Time: O(degree * distance) per move (distance <= 64 for a best-place
// move), O(W log M) per checkpoint.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_ANNEALER_H
#define SFFNN_IO_ANNEALER_H

#include "sffnn/IO/Expansion.h"

#include <vector>

namespace sffnn::io {

/// Largest time budget (1e6 s) and number of checkpoints (each an exact
/// simulation) anneal() accepts.
constexpr double kMaxAnnealSeconds = 1e6;
constexpr int64_t kMaxCheckpoints = 1000000;

struct AnnealOptions {
  int64_t fastMemory = 32;
  Policy policy = Policy::Belady;
  uint64_t seed = 1;
  /// Move budget (0: no limit) and time budget in seconds (0: no limit);
  /// at least one must be set. Only a move budget is reproducible.
  int64_t iterations = 100000;
  double seconds = 0;
  /// How far one move may slide a neuron.
  int64_t maxDistance = 16;
  /// Exact simulations during the run (plus the start and the end).
  int64_t checkpoints = 8;
  /// The expansions every exact simulation tries (at least one), and the
  /// register groups' size (the lowering's register-tile).
  std::vector<Expansion> expansions{std::begin(kAllExpansions),
                                    std::end(kAllExpansions)};
  int64_t registerTile = kDefaultRegisterTile;
  /// Tests: recompute the surrogate from scratch at the end and fail if
  /// the incrementally maintained value differs.
  bool checkSurrogate = false;
};

struct AnnealResult {
  NeuronOrder order;
  /// The expansions of the start and of `order` that `start` and `best`
  /// were simulated with (the cheapest allowed one of each).
  Expansion startExpansion = Expansion::Neuron,
            expansion = Expansion::Neuron;
  IOCount start, best;
  int64_t moves = 0, accepted = 0, threshold = 0;
  /// Wall time in all, and in exact simulations (checkpoints).
  double seconds = 0, checkpointSeconds = 0;
};

llvm::Expected<AnnealResult> anneal(const Graph &graph,
                                    const NeuronOrder &start,
                                    const AnnealOptions &options);

} // namespace sffnn::io

#endif // SFFNN_IO_ANNEALER_H
