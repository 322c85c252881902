//===- FirstCompletionBound.h - phase words at a cut ------------*- C++ -*-===//
//
// A lower bound on the activation I/Os of one network at one M
// (docs/IOModel.md, section 4, "Instance lower bound: the first completion
// in a window" proves it). Every node's word is split into phase words: the
// partial phase (first in-edge added .. last in-edge added) and the value
// phase (completion .. last out-edge added). The depth levels are cut into
// windows [a, b] that share their boundary level. In every schedule, at the
// moment the first node y of level b completes, the open phase words of the
// window form a vertex cut between y's ancestors and the other nodes of
// level b; the fewest such words (a minimum vertex cut, by Dinic's
// max-flow), minus what M words of fast memory can hold,
// are stored and loaded again. Windows own disjoint phase words, so their
// extra I/Os add up.
//
// Time: per window, one max-flow over the window's connections for each
// class of level-b nodes with one source set, at most flowsPerWindow of
// them (more classes are merged, a sound relaxation); windows touching more
// than maxWindowConnections connections are skipped (they add nothing).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_FIRSTCOMPLETIONBOUND_H
#define SFFNN_IO_FIRSTCOMPLETIONBOUND_H

#include "sffnn/IO/Graph.h"

namespace sffnn::io {

struct FirstCompletionOptions {
  /// Window depths (levels per window, the shared boundary level counted in
  /// both) tried one partition each; the best total is kept.
  std::vector<int64_t> windowLevels = {2, 3, 4, 5, 6};
  /// Networks up to this many connections try every window [a, b] with at
  /// most the largest depth above and pick the best set of windows by
  /// dynamic programming, with both relaxations of the fast memory; larger
  /// ones one partition per depth and the weighted relaxation.
  int64_t thoroughConnections = 1 << 14;
  /// Level-b classes (one source set each) beyond this many per window are
  /// merged into this many groups, each with the ancestors of the sources
  /// its classes share: fewer sources, a smaller cut, still a bound.
  int64_t flowsPerWindow = 64;
  /// Windows touching more connections are skipped (they add nothing).
  int64_t maxWindowConnections = 1 << 21;
};

struct FirstCompletionBound {
  /// The extra activation I/Os beyond I_used + O.
  int64_t extra = 0;
  /// Levels per window of the best partition; 0 if none adds anything, -1
  /// when the windows were chosen one by one (small networks).
  int64_t windowLevels = 0;
  /// Windows of the best partition, windows whose level-b classes were
  /// merged or skipped in it, and the max-flows computed in all.
  int64_t windows = 0, relaxedWindows = 0, flows = 0;
};

/// The first-completion bound's extra activation I/Os for `fastMemory` >= 2
/// words: every schedule (partial sums, any eviction) moves at least
/// I_used + O + extra words of inputs, values and partial sums.
FirstCompletionBound
firstCompletionBound(const Graph &graph, int64_t fastMemory,
                     const FirstCompletionOptions &options = {});

/// For tests: the minimum vertex cut Cut(y) of the window of depth levels
/// [first, last] between y's ancestors in levels first .. last - 1 and the
/// other nodes of level `last` with in-edges, node capacities min(phase
/// cost, lambda) as section 4 defines them, computed by the bound's
/// max-flow. `y` is a node of level `last` with in-edges.
int64_t firstCompletionCut(const Graph &graph, int64_t first, int64_t last,
                           Node y, int64_t lambda);

} // namespace sffnn::io

#endif // SFFNN_IO_FIRSTCOMPLETIONBOUND_H
