//===- InstanceBound.h - a lower bound from open words at cuts --*- C++ -*-===//
//
// A lower bound on the activation I/Os of one network at one M that is much
// tighter than I_used + O when the network is wider than M
// (docs/IOModel.md, section 4.3 proves it). The words are split into
// disjoint blocks of consecutive depth levels. In every schedule, at the
// moment a chosen neuron x of a block completes, the block's words that were
// touched before and are needed after ("open" words) are either among the M
// words in fast memory or were stored before and are loaded after that
// moment. The fewest open words over all states the schedule could be in
// at that moment is a minimum closure problem, solved as a minimum cut
// (Dinic's max-flow, lib/IO/MaxFlow.h). The blocks' extra I/Os add up
// because they are I/Os of different words.
//
// Time: a few max-flows over graphs of O(W) arcs in all per block size
// tried; memory O(W) per block.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_INSTANCEBOUND_H
#define SFFNN_IO_INSTANCEBOUND_H

#include "sffnn/IO/FirstCompletionBound.h"
#include "sffnn/IO/Graph.h"

namespace sffnn::io {

/// Which proof gave the instance bound.
enum class InstanceMethod { Simple, OpenWords, FirstCompletion };
const char *instanceMethodName(InstanceMethod method);

struct InstanceBound {
  /// I_used + O, the simple bound's activation part.
  int64_t base = 0;
  /// The extra activation I/Os proved: the larger of the two bounds'.
  int64_t extra = 0;
  /// The open-words bound's extra and the first-completion bound's
  /// (FirstCompletionBound.h); both are valid, `extra` is their maximum.
  int64_t openWordsExtra = 0, firstCompletionExtra = 0;
  /// Open words: depth levels per block in the best partition (0: no extra
  /// found), its blocks, and the maximum flows computed in all.
  int64_t levelsPerBlock = 0;
  int64_t blocks = 0, flows = 0;
  /// The first-completion bound's details.
  FirstCompletionBound firstCompletion;

  int64_t activation() const { return base + extra; }
  InstanceMethod method() const {
    if (extra == 0)
      return InstanceMethod::Simple;
    return firstCompletionExtra >= openWordsExtra
               ? InstanceMethod::FirstCompletion
               : InstanceMethod::OpenWords;
  }
};

struct InstanceBoundOptions {
  /// Block sizes (depth levels per block) tried; the best total is kept.
  std::vector<int64_t> levelsPerBlock = {2, 4, 8, 16, 32};
  /// Networks up to this many connections try three cut neurons per block
  /// and both relaxations of the fast memory; larger ones one neuron and
  /// the weighted relaxation (losing at most M words per block), so the
  /// time stays one max-flow over the whole network per block size.
  int64_t thoroughConnections = 1 << 14;
  /// Blocks touching more connections are skipped (they add nothing): the
  /// flow graph takes about 800 bytes per connection.
  int64_t maxBlockConnections = 1 << 21;
  /// Which of the two bounds to compute (tests compare them).
  bool openWords = true, firstCompletion = true;
  FirstCompletionOptions firstCompletionOptions;
};

/// The activation part of the instance lower bound for `fastMemory` >= 2
/// words: the larger of the open-words bound (this header) and the
/// first-completion bound (FirstCompletionBound.h). Every schedule (with
/// partial sums, any eviction) moves at least activation() words of inputs,
/// values and partial sums.
InstanceBound instanceLowerBound(const Graph &graph, int64_t fastMemory,
                                 const InstanceBoundOptions &options = {});

/// For tests: the fewest open words of `block` (weights `cost`, 0 for words
/// outside the block) at the moment `cut` completes, over every state a
/// schedule can be in then, computed by the same minimum cut the bound
/// uses, on the whole graph.
int64_t minimumOpenCost(const Graph &graph, Node cut,
                        const std::vector<int64_t> &cost);

} // namespace sffnn::io

#endif // SFFNN_IO_INSTANCEBOUND_H
