//===- EarlyReleaseOrder.cpp - a level's readers before its end -----------===//
//
// Works on groups (SourceGroups.h) and depth levels.
//
// 1. The cache-aware order, as a sequence of groups, is kept up to the end of
//    the last level at which it crosses levels (it computes a level l + 2
//    group, or more than a third of level l + 1, before the last group of
//    level l): there its wavefront already lets values die, and a
//    one-boundary look-ahead does worse (the aligned butterflies of the Graph
//    Challenge's first six layers).
// 2. From there, boundary by boundary (level l to l + 1), with level l's
//    remaining groups in a sequence (the cache-aware one for the first level,
//    then the chain built at the previous boundary): for a number j >= 1 of
//    level l's last groups kept behind, the early groups are the level l + 1
//    groups that read a value all of whose readers are level l + 1 groups
//    with every source computed before those j groups. Each early group goes
//    right after its last source, so the values it finishes die in fast
//    memory instead of waiting, with all the others, for the level's end.
//    Level l + 1's other groups follow as a chain: each next group the one
//    sharing the most sources with the one before, starting beside the last
//    early group (whose sources are still resident).
// 3. The choices: level l's sequence as it is and its rotations (one every
//    rotationStride groups, at most kRankedRotations, ranked by an
//    O(connections) estimate of the values they let die), each with
//    j = 0 (no early groups) .. maxTail. The sequence as it is and the best
//    rotationsSimulated rotations are simulated, each choice on the window of
//    levels l - 1 .. l + 1, and the cheapest is kept.
//
// Time: per boundary about (rotationsSimulated + 1) (maxTail + 1)
// simulations of three levels and kRankedRotations estimates of two:
// linear in the connections, with that constant (boundaries with a window
// of more than kMaxWindowConnections connections or a level of more than
// kMaxLevelValuesPerWord M values are not searched; with none searched the
// order is the cache-aware one).
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/EarlyReleaseOrder.h"
#include "sffnn/IO/SourceGroups.h"

#include <algorithm>
#include <limits>

using namespace sffnn::io;

namespace {

/// Rotations of one level ranked by the estimate: more would make a level
/// of many groups quadratic.
constexpr int64_t kRankedRotations = 32;

/// Reader groups the chain looks at per source: a hub read by thousands of
/// groups would otherwise make the chain quadratic.
constexpr int64_t kScanReaders = 64;

/// A boundary whose window of three levels has more connections keeps its
/// sequence (no early groups, no rotation): its choices would be simulated
/// on windows that large, which would make this anchor the analysis's
/// dominant cost on the widest networks (the first-completion bound skips
/// its windows at the same size).
constexpr int64_t kMaxWindowConnections = int64_t(1) << 21;

/// Nor is a boundary searched whose level has more values than this many
/// times M: early deaths free at most about M words' worth per boundary,
/// which is little against a level's 2 (values - M) I/Os, and the search
/// costs the same per connection (permuted cycles at M = 256: -6.5% on
/// levels of 4 M values, -3.1% on 8 M, -0.1% on 16 M for 195 s of CPU at
/// 10^7 connections; docs/IOModel.md).
constexpr int64_t kMaxLevelValuesPerWord = 8;

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

class EarlyRelease {
public:
  EarlyRelease(const Graph &g, int64_t fastMemory,
               const EarlyReleaseOptions &options)
      : g(g), gr(buildGroups(g)), fastMemory(fastMemory), options(options),
        placed(gr.size(), 0), positionInLevel(gr.size(), -1),
        lastSource(gr.size(), -1), baseIndex(gr.size(), 0),
        mark(gr.size(), 0), shared(gr.size(), 0),
        inWindow(g.numNodes(), 0), windowId(g.numNodes(), -1),
        isOutput(g.numNodes(), 0) {
    for (Node v : g.outputs)
      isOutput[v] = 1;
  }

  NeuronOrder run(const NeuronOrder &cacheAware);

private:
  using Sequence = std::vector<int32_t>;

  /// The groups of `order` by first appearance.
  Sequence groupSequence(const NeuronOrder &order) const;
  /// The last level at which `base` crosses levels (0 if none).
  int32_t lastCrossingLevel(const Sequence &base) const;
  void commit(int32_t group);
  Sequence unplaced(const Sequence &groups) const;
  /// Decides level l's sequence and early groups; returns level l + 1's
  /// remaining groups as a chain.
  Sequence boundary(int32_t l, const Sequence &level);

  /// Sets positionInLevel for `level` and lastSource for `next`: the
  /// position in `level` of each next group's last source, -1 if all its
  /// sources were placed before the level.
  void locate(const Sequence &level, const Sequence &next);
  /// For the values of level l: when their unplaced readers, all in level
  /// l + 1, can all run (the largest lastSource), sorted; values with a
  /// reader elsewhere are left out.
  std::vector<std::pair<int64_t, Node>> releaseTimes(int32_t l) const;
  Sequence earlyGroups(const std::vector<std::pair<int64_t, Node>> &times,
                       int64_t before);
  int64_t estimate(const Sequence &level,
                   const std::vector<std::pair<int64_t, Node>> &times) const;
  /// `groups` (in base order) as a chain, starting beside `after` if >= 0.
  Sequence chain(const Sequence &groups, int32_t after);
  int32_t closestUnvisited(int32_t from);
  Sequence withEarly(const Sequence &level, const Sequence &early) const;
  int64_t windowCost(int32_t l, const Sequence &level, const Sequence &next);
  /// Whether boundary l's choices are searched (else level l + 1 follows in
  /// the cache-aware order's sequence).
  bool searched(int32_t l) const;

  const Graph &g;
  Groups gr;
  int64_t fastMemory;
  const EarlyReleaseOptions &options;
  std::vector<std::vector<int32_t>> byDepth; // base order inside a level
  std::vector<int64_t> levelValues, levelConnections; // per depth
  Sequence committed;
  std::vector<int64_t> firstCommitted; // per depth: index into committed
  std::vector<uint8_t> placed;
  std::vector<int64_t> positionInLevel, lastSource, baseIndex;
  std::vector<uint8_t> mark; // chain / early-set membership scratch
  std::vector<int32_t> shared;
  std::vector<uint8_t> inWindow;
  std::vector<Node> windowId;
  std::vector<uint8_t> isOutput;
};

EarlyRelease::Sequence
EarlyRelease::groupSequence(const NeuronOrder &order) const {
  Sequence seq;
  std::vector<uint8_t> seen(gr.size(), 0);
  for (Node v : order) {
    int32_t k = gr.groupOf[v - g.numInputs];
    if (!seen[k]) {
      seen[k] = 1;
      seq.push_back(k);
    }
  }
  return seq;
}

int32_t EarlyRelease::lastCrossingLevel(const Sequence &base) const {
  int32_t depth = static_cast<int32_t>(byDepth.size()) - 1;
  std::vector<int64_t> lastPos(depth + 2, -1), minPos(depth + 3, kNever);
  for (size_t i = 0; i < base.size(); ++i) {
    int32_t d = gr.depth[base[i]];
    lastPos[d] = static_cast<int64_t>(i);
    minPos[d] = std::min(minPos[d], static_cast<int64_t>(i));
  }
  for (int32_t d = depth; d >= 1; --d)
    minPos[d] = std::min(minPos[d], minPos[d + 1]);
  std::vector<int64_t> membersBefore(depth + 2, 0);
  for (size_t i = 0; i < base.size(); ++i) {
    int32_t d = gr.depth[base[i]];
    if (d >= 2 && static_cast<int64_t>(i) < lastPos[d - 1])
      membersBefore[d] += static_cast<int64_t>(gr.membersOf(base[i]).size());
  }
  int32_t crossing = 0;
  for (int32_t d = 1; d < depth; ++d) {
    bool deep = d + 2 <= depth && minPos[d + 2] < lastPos[d];
    if (deep || 3 * membersBefore[d + 1] > levelValues[d + 1])
      crossing = d;
  }
  return crossing;
}

void EarlyRelease::commit(int32_t group) {
  int32_t d = gr.depth[group];
  if (firstCommitted[d] < 0)
    firstCommitted[d] = static_cast<int64_t>(committed.size());
  committed.push_back(group);
  placed[group] = 1;
}

EarlyRelease::Sequence EarlyRelease::unplaced(const Sequence &groups) const {
  Sequence rest;
  for (int32_t k : groups)
    if (!placed[k])
      rest.push_back(k);
  return rest;
}

void EarlyRelease::locate(const Sequence &level, const Sequence &next) {
  for (size_t i = 0; i < level.size(); ++i)
    positionInLevel[level[i]] = static_cast<int64_t>(i);
  for (int32_t c : next) {
    int64_t last = -1;
    for (Node u : gr.sourcesOf(c))
      if (!g.isInput(u)) {
        int32_t k = gr.groupOf[u - g.numInputs];
        if (!placed[k])
          last = std::max(last, positionInLevel[k]);
      }
    lastSource[c] = last;
  }
}

std::vector<std::pair<int64_t, Node>>
EarlyRelease::releaseTimes(int32_t l) const {
  std::vector<std::pair<int64_t, Node>> times;
  for (int32_t k : byDepth[l])
    for (Node v : gr.membersOf(k)) {
      int64_t time = -1;
      bool waits = false;
      for (int32_t r : gr.readersOf(v)) {
        if (placed[r])
          continue;
        if (gr.depth[r] != l + 1) {
          time = kNever;
          break;
        }
        waits = true;
        time = std::max(time, lastSource[r]);
      }
      if (waits && time != kNever)
        times.push_back({time, v});
    }
  std::sort(times.begin(), times.end());
  return times;
}

EarlyRelease::Sequence
EarlyRelease::earlyGroups(const std::vector<std::pair<int64_t, Node>> &times,
                          int64_t before) {
  Sequence early;
  for (const auto &[time, v] : times) {
    if (time >= before)
      break;
    for (int32_t r : gr.readersOf(v))
      if (!placed[r] && !mark[r]) {
        mark[r] = 1;
        early.push_back(r);
      }
  }
  for (int32_t r : early)
    mark[r] = 0;
  std::sort(early.begin(), early.end(),
            [&](int32_t a, int32_t b) { return baseIndex[a] < baseIndex[b]; });
  return early;
}

int64_t EarlyRelease::estimate(
    const Sequence &level,
    const std::vector<std::pair<int64_t, Node>> &times) const {
  // Values let die before the last j groups, at most as many as those
  // groups produce (the slots the early deaths free are of use to them).
  int64_t best = 0, tailMembers = 0, n = static_cast<int64_t>(level.size());
  for (int64_t j = 1; j <= std::min(options.maxTail, n); ++j) {
    tailMembers += static_cast<int64_t>(gr.membersOf(level[n - j]).size());
    int64_t released =
        std::lower_bound(times.begin(), times.end(),
                         std::pair<int64_t, Node>{n - j, 0}) -
        times.begin();
    best = std::max(best, std::min(tailMembers, released));
  }
  return best;
}

int32_t EarlyRelease::closestUnvisited(int32_t from) {
  // mark: 1 = in the chain's set and not yet visited.
  std::vector<int32_t> touched;
  for (Node u : gr.sourcesOf(from)) {
    llvm::ArrayRef<int32_t> readers = gr.readersOf(u);
    for (size_t i = 0; i < readers.size() && i < kScanReaders; ++i)
      if (mark[readers[i]] && !shared[readers[i]]++)
        touched.push_back(readers[i]);
  }
  int32_t best = -1;
  for (int32_t c : touched)
    if (best < 0 || shared[c] > shared[best] ||
        (shared[c] == shared[best] && baseIndex[c] < baseIndex[best]))
      best = c;
  for (int32_t c : touched)
    shared[c] = 0;
  return best;
}

EarlyRelease::Sequence EarlyRelease::chain(const Sequence &groups,
                                           int32_t after) {
  for (int32_t k : groups)
    mark[k] = 1;
  Sequence out;
  size_t cursor = 0;
  int32_t current = after;
  while (out.size() < groups.size()) {
    int32_t next = current >= 0 ? closestUnvisited(current) : -1;
    if (next < 0) {
      while (!mark[groups[cursor]])
        ++cursor;
      next = groups[cursor];
    }
    mark[next] = 0;
    out.push_back(next);
    current = next;
  }
  return out;
}

EarlyRelease::Sequence EarlyRelease::withEarly(const Sequence &level,
                                               const Sequence &early) const {
  // Each early group right after its last source, in the early chain's
  // order (a later one never before an earlier one).
  Sequence out;
  size_t e = 0;
  int64_t at = -1;
  auto flush = [&](int64_t position) {
    while (e < early.size() &&
           std::max(at, lastSource[early[e]]) <= position) {
      at = std::max(at, lastSource[early[e]]);
      out.push_back(early[e++]);
    }
  };
  flush(-1);
  for (size_t i = 0; i < level.size(); ++i) {
    out.push_back(level[i]);
    flush(static_cast<int64_t>(i));
  }
  return out;
}

int64_t EarlyRelease::windowCost(int32_t l, const Sequence &level,
                                 const Sequence &next) {
  // The window's neurons in order: what is committed of levels l - 1 .. l + 1,
  // then the candidate.
  std::vector<Node> nodes;
  int64_t from = kNever;
  for (int32_t d = std::max(1, l - 1); d <= l + 1; ++d)
    if (firstCommitted[d] >= 0)
      from = std::min(from, firstCommitted[d]);
  auto add = [&](int32_t k) {
    for (Node v : gr.membersOf(k))
      nodes.push_back(v);
  };
  for (int64_t i = from; i < static_cast<int64_t>(committed.size()); ++i)
    if (gr.depth[committed[i]] >= l - 1 && gr.depth[committed[i]] <= l + 1)
      add(committed[i]);
  for (int32_t k : level)
    add(k);
  for (int32_t k : next)
    add(k);
  // Sources outside the window are its inputs.
  for (Node v : nodes)
    inWindow[v] = 1;
  std::vector<Node> outside;
  for (Node v : nodes)
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e) {
      Node u = g.inSources[e];
      if (!inWindow[u] && windowId[u] < 0) {
        windowId[u] = static_cast<Node>(outside.size());
        outside.push_back(u);
      }
    }
  GraphBuilder builder(static_cast<int64_t>(outside.size()));
  std::vector<Node> sources;
  for (Node v : nodes) {
    sources.clear();
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      sources.push_back(windowId[g.inSources[e]]);
    windowId[v] = builder.addNeuron(sources, g.hasBias[v - g.numInputs]);
  }
  for (Node v : nodes) {
    bool readOutside = isOutput[v];
    for (int64_t i = g.outOffsets[v]; i < g.outOffsets[v + 1] && !readOutside;
         ++i)
      readOutside = !inWindow[g.edgeTarget[g.outEdges[i]]];
    if (readOutside)
      builder.addOutput(windowId[v]);
  }
  for (Node v : nodes) {
    inWindow[v] = 0;
    windowId[v] = -1;
  }
  for (Node u : outside)
    windowId[u] = -1;
  Graph window = builder.finish();
  llvm::Expected<IOCount> count = simulateSchedule(
      window, programOrder(window), Expansion::RegisterGroups,
      options.registerTile, fastMemory, options.policy);
  if (!count) {
    llvm::consumeError(count.takeError());
    return kNever;
  }
  return count->activation();
}

bool EarlyRelease::searched(int32_t l) const {
  int64_t connections = 0;
  for (int32_t d = std::max(1, l - 1); d <= l + 1; ++d)
    connections += levelConnections[d];
  return connections <= kMaxWindowConnections &&
         levelValues[l] <= kMaxLevelValuesPerWord * fastMemory;
}

EarlyRelease::Sequence EarlyRelease::boundary(int32_t l,
                                              const Sequence &level) {
  Sequence next = unplaced(byDepth[l + 1]);
  int64_t n = static_cast<int64_t>(level.size());
  if (!searched(l)) {
    for (int32_t k : level)
      commit(k);
    return next;
  }
  // The candidates for level l's sequence: as it is, then rotations ranked.
  std::vector<Sequence> candidates{level};
  if (n > 1 && options.rotationsSimulated > 0) {
    int64_t stride = std::max<int64_t>(
        {options.rotationStride, 1, (n + kRankedRotations - 1) / kRankedRotations});
    std::vector<std::pair<int64_t, int64_t>> ranked; // (-estimate, shift)
    for (int64_t shift = stride; shift < n; shift += stride) {
      Sequence rotated(level.begin() + shift, level.end());
      rotated.insert(rotated.end(), level.begin(), level.begin() + shift);
      locate(rotated, next);
      ranked.push_back({-estimate(rotated, releaseTimes(l)), shift});
    }
    std::stable_sort(ranked.begin(), ranked.end());
    for (int64_t i = 0;
         i < options.rotationsSimulated && i < static_cast<int64_t>(ranked.size());
         ++i) {
      int64_t shift = ranked[i].second;
      Sequence rotated(level.begin() + shift, level.end());
      rotated.insert(rotated.end(), level.begin(), level.begin() + shift);
      candidates.push_back(std::move(rotated));
    }
  }
  int64_t bestCost = kNever;
  Sequence bestLevel = level, bestNext = next;
  for (const Sequence &candidate : candidates) {
    locate(candidate, next);
    std::vector<std::pair<int64_t, Node>> times = releaseTimes(l);
    Sequence previous;
    for (int64_t j = 0; j <= std::min(options.maxTail, n); ++j) {
      Sequence early = j ? earlyGroups(times, n - j) : Sequence{};
      if (j && (early.empty() || early == previous))
        continue;
      previous = early;
      Sequence earlyChain = chain(early, -1);
      for (int32_t k : earlyChain)
        placed[k] = 1; // for the chain of the rest
      Sequence rest = unplaced(next);
      for (int32_t k : earlyChain)
        placed[k] = 0;
      Sequence nextChain =
          chain(rest, earlyChain.empty() ? -1 : earlyChain.back());
      Sequence levelOrder = withEarly(candidate, earlyChain);
      int64_t cost = windowCost(l, levelOrder, nextChain);
      if (cost < bestCost) {
        bestCost = cost;
        bestLevel = std::move(levelOrder);
        bestNext = std::move(nextChain);
      }
    }
  }
  for (int32_t k : bestLevel)
    commit(k);
  return bestNext;
}

NeuronOrder EarlyRelease::run(const NeuronOrder &cacheAware) {
  Sequence base = groupSequence(cacheAware);
  int32_t depth = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    baseIndex[base[i]] = static_cast<int64_t>(i);
    depth = std::max(depth, gr.depth[base[i]]);
  }
  byDepth.assign(depth + 2, {});
  levelValues.assign(depth + 2, 0);
  levelConnections.assign(depth + 2, 0);
  for (int32_t k : base) {
    int32_t d = gr.depth[k];
    byDepth[d].push_back(k);
    for (Node v : gr.membersOf(k)) {
      ++levelValues[d];
      levelConnections[d] += g.inDegree(v);
    }
  }
  firstCommitted.assign(depth + 2, -1);
  int32_t prefixLevel = lastCrossingLevel(base) + 1;
  bool anySearched = false;
  for (int32_t l = prefixLevel + 1; l < depth && !anySearched; ++l)
    anySearched = searched(l);
  if (!anySearched)
    return cacheAware;
  int64_t prefixEnd = -1;
  for (size_t i = 0; i < base.size(); ++i)
    if (gr.depth[base[i]] <= prefixLevel)
      prefixEnd = static_cast<int64_t>(i);
  for (int64_t i = 0; i <= prefixEnd; ++i)
    commit(base[i]);
  Sequence level = unplaced(byDepth[prefixLevel + 1]);
  for (int32_t l = prefixLevel + 1; l < depth; ++l)
    level = boundary(l, level);
  for (int32_t k : level)
    commit(k);
  NeuronOrder order;
  order.reserve(g.numComputed);
  for (int32_t k : committed)
    for (Node v : gr.membersOf(k))
      order.push_back(v);
  // By construction every group comes after its sources; a slip would be a
  // bug, and the cache-aware order is then the safe answer.
  if (llvm::Error error = checkNeuronOrder(g, order)) {
    llvm::consumeError(std::move(error));
    return cacheAware;
  }
  return order;
}

} // namespace

NeuronOrder sffnn::io::earlyReleaseOrder(const Graph &graph,
                                         int64_t fastMemory,
                                         const NeuronOrder &cacheAware,
                                         const EarlyReleaseOptions &options) {
  if (graph.numComputed == 0)
    return cacheAware;
  return EarlyRelease(graph, fastMemory, options).run(cacheAware);
}
