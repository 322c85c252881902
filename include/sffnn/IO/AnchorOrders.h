//===- AnchorOrders.h - constructive neuron orders --------------*- C++ -*-===//
//
// Orders built in one near-linear pass, used as schedules on their own and
// as starting points (anchors) for the annealer (docs/IOModel.md, section
// 6). Every order is a valid topological neuron order.
//
//   baseline     the program order (layer by layer).
//   depth        neurons sorted by depth (longest path from the inputs).
//   grouped      by depth level; inside a level, neurons with identical input
//                sets together (hashing), and the groups chained greedily so
//                that the next group shares the most inputs with the last.
//   rcm          by depth level; inside a level, by the reverse Cuthill-McKee
//                order (Boost.Graph) of the undirected network graph, the
//                classic bandwidth-reducing order.
//   depth-first  cross-layer: starting from the grouped order, a consumer is
//                computed as soon as its last source is, so that values die
//                soon after they are made.
//   partition    cache-size aware: recursive METIS bisection of the neurons'
//                similarity graph until a part's working set fits in M
//                (sffnn/IO/PartitionOrder.h).
//   cache-aware  cross-layer and cache-size aware: a greedy list scheduler
//                on a simulated cache of M words (sffnn/IO/CacheAwareOrder.h).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_ANCHORORDERS_H
#define SFFNN_IO_ANCHORORDERS_H

#include "sffnn/IO/Expansion.h"

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace sffnn::io {

enum class Anchor { Baseline, Depth, Grouped, Rcm, DepthFirst, Partition,
                    CacheAware, EarlyRelease };

/// The anchors tried when the best one is asked for.
constexpr Anchor kAllAnchors[] = {Anchor::Baseline, Anchor::Depth,
                                  Anchor::Grouped, Anchor::Rcm,
                                  Anchor::DepthFirst, Anchor::Partition,
                                  Anchor::CacheAware,
                                  Anchor::EarlyRelease};

/// "baseline" (or its older name "given"), "depth", "grouped", "rcm",
/// "depth-first", "partition", "cache-aware".
std::optional<Anchor> parseAnchor(llvm::StringRef name);
const char *anchorName(Anchor anchor);

/// Depth of every node: 0 for inputs, 1 + the largest depth of its sources
/// for computed nodes. O(n + W).
std::vector<int32_t> nodeDepths(const Graph &graph);

/// The order of an anchor for a fast memory of `fastMemory` words (only
/// partition and cache-aware depend on it). O(n + W) except rcm, O(W log W) (Boost sorts
/// the neighbours by degree), partition, O(W log n) plus METIS, and cache-aware,
/// O(W log n).
NeuronOrder anchorOrder(const Graph &graph, Anchor anchor, int64_t fastMemory);

struct AnchorChoice {
  Anchor anchor = Anchor::Baseline;
  NeuronOrder order;
  /// The expansion `count` was simulated with (sffnn/IO/Expansion.h).
  Expansion expansion = Expansion::Neuron;
  IOCount count;
};

/// The anchor of kAllAnchors, expanded by one of `expansions`, whose
/// simulated total is least (the earliest anchor, then the earliest
/// expansion, on ties: the baseline as a neuron order unless another is
/// strictly better).
llvm::Expected<AnchorChoice>
bestAnchor(const Graph &graph, int64_t fastMemory, Policy policy,
           llvm::ArrayRef<Expansion> expansions = {Expansion::Neuron},
           int64_t registerTile = kDefaultRegisterTile);

} // namespace sffnn::io

#endif // SFFNN_IO_ANCHORORDERS_H
