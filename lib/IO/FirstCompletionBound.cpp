//===- FirstCompletionBound.cpp - phase words at a first completion -------===//
//
// docs/IOModel.md, section 4 ("the first completion in a window") proves
// the bound; this file computes it. For a window of depth levels [a, b] and
// a set S of y's ancestors in levels a .. b-1 (closed under predecessors
// inside the window), the minimum vertex cut between S and the nodes of
// level b is a maximum flow in the network
//
//   source -> c          capacity cap(c)         c in S (its value phase)
//   v_in -> v_out        capacity cap(v)         v outside S, level < b
//   v_in -> sink         capacity cap(v)         v outside S, level b
//   u_out -> v_in        infinite                connection u -> v, v not in S
//
// Since S is closed under predecessors, a node of S needs no "in" vertex:
// every connection into it comes from S, and the source side holds all of
// S. Nodes not reachable from S are left out.
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/FirstCompletionBound.h"

#include "sffnn/IO/AnchorOrders.h"

#include "MaxFlow.h"

#include <algorithm>

using namespace sffnn::io;

namespace {

/// What an open phase word costs if it is not in fast memory at the moment
/// (section 4): a partial phase a partial-sum store and reload; a value
/// phase a store and a load for a computed non-output, the load after the
/// moment for an output or an input (their other I/O may be the simple
/// bound's), nothing for a neuron without in-edges (made from its bias).
struct PhaseCosts {
  std::vector<int8_t> value, partial;
};

PhaseCosts phaseCosts(const Graph &g) {
  PhaseCosts costs;
  costs.value.assign(g.numNodes(), 2);
  costs.partial.assign(g.numNodes(), 0);
  for (Node x = 0; x < g.numInputs; ++x)
    costs.value[x] = 1;
  for (Node y : g.outputs)
    costs.value[y] = std::min<int8_t>(costs.value[y], 1);
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    if (g.inDegree(v) == 0)
      costs.value[v] = 0;
    else
      costs.partial[v] = 2;
  }
  return costs;
}

/// Minimum cuts of the windows of one graph, with scratch marks shared by
/// all of them.
class WindowCuts {
public:
  explicit WindowCuts(const Graph &g)
      : g(g), depth(nodeDepths(g)), costs(phaseCosts(g)),
        sourceMark(g.numNodes(), 0), reachMark(g.numNodes(), 0),
        vertexOf(g.numNodes(), 0) {
    for (Node v = 0; v < g.numNodes(); ++v) {
      if (static_cast<size_t>(depth[v]) >= levels.size())
        levels.resize(depth[v] + 1);
      levels[depth[v]].push_back(v);
    }
  }

  int64_t numLevels() const { return static_cast<int64_t>(levels.size()); }
  const std::vector<Node> &level(int64_t l) const { return levels[l]; }
  int64_t partialCost(Node v, int64_t lambda) const {
    return std::min<int64_t>(costs.partial[v], lambda);
  }

  /// The minimum vertex cut of window [first, last] between the ancestors
  /// of `seeds` (seeds included) in levels first .. last - 1 and the nodes
  /// of level `last` with in-edges other than `excluded` (-1: none), node
  /// capacities capped at `lambda`. When all of one side costs at most
  /// `enough`, that cost (an upper bound on the cut) is returned without a
  /// flow; a flow reaching `limit` stops there (the cut is at least that).
  int64_t cut(int64_t first, int64_t last, const std::vector<Node> &seeds,
              Node excluded, int64_t lambda, int64_t enough = -1,
              int64_t limit = FlowNetwork::kInfinite);

  /// Connections into levels first + 1 .. last: the window's size.
  int64_t connections(int64_t first, int64_t last) const {
    int64_t count = 0;
    for (int64_t l = first + 1; l <= last; ++l)
      for (Node v : levels[l])
        count += g.isInput(v) ? 0 : g.inDegree(v);
    return count;
  }

  /// The sorted distinct sources of a computed node.
  std::vector<Node> sourceSet(Node v) const {
    std::vector<Node> set(g.inSources.begin() + g.firstInEdge(v),
                          g.inSources.begin() + g.firstInEdge(v) +
                              g.inDegree(v));
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    return set;
  }

private:
  bool inWindow(Node v, int64_t first, int64_t last) const {
    return depth[v] >= first && depth[v] <= last;
  }

  const Graph &g;
  std::vector<int32_t> depth;
  std::vector<std::vector<Node>> levels;
  PhaseCosts costs;
  /// sourceMark[v] == epoch: v is in S; reachMark[v] == epoch: v is outside
  /// S and reachable from it inside the window.
  std::vector<uint32_t> sourceMark, reachMark;
  uint32_t epoch = 0;
  /// The vertex of a node in the current network (its "in" vertex; the
  /// "out" vertex of an interior node follows it).
  std::vector<int64_t> vertexOf;
};

int64_t WindowCuts::cut(int64_t first, int64_t last,
                        const std::vector<Node> &seeds, Node excluded,
                        int64_t lambda, int64_t enough, int64_t limit) {
  ++epoch;
  // S: the seeds' ancestors inside the window, below level `last`.
  std::vector<Node> sources, stack;
  for (Node s : seeds)
    if (depth[s] >= first && depth[s] < last && sourceMark[s] != epoch) {
      sourceMark[s] = epoch;
      stack.push_back(s);
    }
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    sources.push_back(v);
    if (g.isInput(v))
      continue;
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e) {
      Node u = g.inSources[e];
      if (depth[u] >= first && sourceMark[u] != epoch) {
        sourceMark[u] = epoch;
        stack.push_back(u);
      }
    }
  }
  // The nodes outside S that S reaches inside the window.
  std::vector<Node> reached;
  stack = sources;
  while (!stack.empty()) {
    Node u = stack.back();
    stack.pop_back();
    if (depth[u] >= last)
      continue;
    for (int64_t k = g.outOffsets[u]; k < g.outOffsets[u + 1]; ++k) {
      Node t = g.edgeTarget[g.outEdges[k]];
      if (inWindow(t, first, last) && sourceMark[t] != epoch &&
          reachMark[t] != epoch) {
        reachMark[t] = epoch;
        reached.push_back(t);
        stack.push_back(t);
      }
    }
  }
  // Cutting every source, or every sink, separates them.
  int64_t allSources = 0, allSinks = 0;
  for (Node c : sources)
    allSources += std::min<int64_t>(costs.value[c], lambda);
  for (Node v : reached)
    if (depth[v] == last && v != excluded)
      allSinks += partialCost(v, lambda);
  if (std::min(allSources, allSinks) <= enough)
    return std::min(allSources, allSinks);
  FlowNetwork network;
  for (Node c : sources) {
    vertexOf[c] = network.addVertex();
    if (int64_t cap = std::min<int64_t>(costs.value[c], lambda))
      network.addArc(FlowNetwork::kSource, vertexOf[c], cap);
  }
  for (Node v : reached) {
    vertexOf[v] = network.addVertex();
    if (depth[v] == last) {
      if (v != excluded)
        network.addArc(vertexOf[v], FlowNetwork::kSink, partialCost(v, lambda));
      continue;
    }
    // Either phase of v can be the open one.
    int64_t cap =
        std::min<int64_t>(std::min(costs.value[v], costs.partial[v]), lambda);
    network.addArc(vertexOf[v], network.addVertex(), cap);
  }
  auto connect = [&](Node u, int64_t out) {
    for (int64_t k = g.outOffsets[u]; k < g.outOffsets[u + 1]; ++k) {
      Node t = g.edgeTarget[g.outEdges[k]];
      if (reachMark[t] == epoch && sourceMark[t] != epoch)
        network.addArc(out, vertexOf[t], FlowNetwork::kInfinite);
    }
  };
  for (Node c : sources)
    connect(c, vertexOf[c]);
  for (Node v : reached)
    if (depth[v] < last)
      connect(v, vertexOf[v] + 1);
  return network.maxFlow(limit);
}

/// The smallest Cut over the node y of level `last` that completes first
/// (the schedule picks it), for each lambda: one flow per class of level-b
/// nodes sharing a source set (they share their ancestors), from which
/// Cut(y) >= Cut(S -> all of level b) - cap(y). More classes than
/// `flowsPerWindow` are merged into groups that keep only the ancestors of the
/// sources all their classes share.
struct WindowResult {
  /// Indexed by lambda (1 and 2); -1 when not computed.
  int64_t cut[3] = {-1, -1, -1};
  bool relaxed = false;
  int64_t flows = 0;
};

WindowResult windowCut(WindowCuts &cuts, int64_t first, int64_t last,
                       const std::vector<int64_t> &lambdas, int64_t fastMemory,
                       const FirstCompletionOptions &o) {
  WindowResult result;
  std::vector<std::pair<std::vector<Node>, Node>> bySet;
  for (Node y : cuts.level(last))
    if (cuts.partialCost(y, 2) > 0) // Z: the nodes with in-edges
      bySet.push_back({cuts.sourceSet(y), y});
  if (bySet.size() < 2) {
    for (int64_t lambda : lambdas)
      result.cut[lambda] = 0;
    return result;
  }
  if (cuts.connections(first, last) > o.maxWindowConnections) {
    result.relaxed = true;
    for (int64_t lambda : lambdas)
      result.cut[lambda] = 0;
    return result;
  }
  std::sort(bySet.begin(), bySet.end());
  // Class k: bySet[classStart[k] .. classStart[k + 1]).
  std::vector<size_t> classStart;
  for (size_t i = 0; i < bySet.size(); ++i)
    if (i == 0 || bySet[i].first != bySet[i - 1].first)
      classStart.push_back(i);
  const size_t numClasses = classStart.size();
  classStart.push_back(bySet.size());
  const size_t numGroups =
      std::min<size_t>(numClasses, std::max<int64_t>(1, o.flowsPerWindow));
  result.relaxed = numGroups < numClasses;
  for (size_t group = 0; group < numGroups; ++group) {
    size_t firstClass = group * numClasses / numGroups,
           endClass = (group + 1) * numClasses / numGroups;
    // The sources every class of the group reads (all of them for one
    // class): their ancestors are ancestors of each member.
    std::vector<Node> seeds = bySet[classStart[firstClass]].first;
    for (size_t k = firstClass + 1; k < endClass && !seeds.empty(); ++k) {
      const std::vector<Node> &set = bySet[classStart[k]].first;
      std::vector<Node> common;
      std::set_intersection(seeds.begin(), seeds.end(), set.begin(), set.end(),
                            std::back_inserter(common));
      seeds.swap(common);
    }
    bool useful = false;
    for (int64_t lambda : lambdas) {
      // Once some group's cut is at most lambda M, the window adds nothing
      // for this lambda: no more flows for it.
      if (result.cut[lambda] >= 0 && result.cut[lambda] <= lambda * fastMemory)
        continue;
      int64_t ownCap = 0;
      for (size_t i = classStart[firstClass]; i < classStart[endClass]; ++i)
        ownCap = std::max(ownCap, cuts.partialCost(bySet[i].second, lambda));
      // A flow reaching the smallest cut so far cannot lower it.
      int64_t flow = cuts.cut(first, last, seeds, /*excluded=*/-1, lambda,
                              /*enough=*/lambda * fastMemory + ownCap,
                              /*limit=*/result.cut[lambda] < 0
                                  ? FlowNetwork::kInfinite
                                  : result.cut[lambda] + ownCap);
      ++result.flows;
      int64_t value = std::max<int64_t>(0, flow - ownCap);
      if (result.cut[lambda] < 0 || value < result.cut[lambda])
        result.cut[lambda] = value;
      useful |= value > lambda * fastMemory;
    }
    if (!useful)
      break;
  }
  return result;
}

/// What a window adds beyond the simple bound with M words of fast memory.
int64_t windowExtra(const WindowResult &r, int64_t fastMemory) {
  int64_t best = 0;
  for (int64_t lambda : {1, 2})
    if (r.cut[lambda] >= 0)
      best = std::max(best, r.cut[lambda] - lambda * fastMemory);
  return best;
}

} // namespace

int64_t sffnn::io::firstCompletionCut(const Graph &g, int64_t first,
                                      int64_t last, Node y, int64_t lambda) {
  if (g.isInput(y) || g.inDegree(y) == 0)
    return 0; // not a node of Z: no ancestors
  WindowCuts cuts(g);
  return cuts.cut(first, last, cuts.sourceSet(y), y, lambda);
}

FirstCompletionBound
sffnn::io::firstCompletionBound(const Graph &g, int64_t fastMemory,
                                const FirstCompletionOptions &o) {
  FirstCompletionBound bound;
  WindowCuts cuts(g);
  const int64_t numLevels = cuts.numLevels();
  int64_t deepest = 2;
  for (int64_t levels : o.windowLevels)
    deepest = std::max(deepest, levels);
  if (g.numEdges() <= o.thoroughConnections) {
    // Every window of at most `deepest` levels, both relaxations; the best
    // set of windows that share at most their boundary levels.
    std::vector<int64_t> best(numLevels, 0), from(numLevels, -1);
    std::vector<uint8_t> relaxed(numLevels, 0);
    for (int64_t last = 1; last < numLevels; ++last) {
      best[last] = best[last - 1];
      for (int64_t first = std::max<int64_t>(0, last - deepest + 1);
           first < last; ++first) {
        WindowResult r = windowCut(cuts, first, last, {1, 2}, fastMemory, o);
        bound.flows += r.flows;
        int64_t total = best[first] + windowExtra(r, fastMemory);
        if (total > best[last]) {
          best[last] = total;
          from[last] = first;
          relaxed[last] = r.relaxed;
        }
      }
    }
    bound.extra = numLevels ? best[numLevels - 1] : 0;
    for (int64_t l = numLevels - 1; l > 0;) {
      if (from[l] < 0) {
        --l;
        continue;
      }
      ++bound.windows;
      bound.relaxedWindows += relaxed[l];
      l = from[l];
    }
    bound.windowLevels = bound.extra > 0 ? -1 : 0;
    return bound;
  }
  // One partition per window depth: windows [k (d - 1), (k + 1) (d - 1)].
  for (int64_t levels : o.windowLevels) {
    if (levels < 2)
      continue;
    int64_t extra = 0, windows = 0, relaxedWindows = 0;
    for (int64_t first = 0; first + 1 < numLevels; first += levels - 1) {
      int64_t last = std::min(numLevels - 1, first + levels - 1);
      WindowResult r = windowCut(cuts, first, last, {2}, fastMemory, o);
      bound.flows += r.flows;
      extra += windowExtra(r, fastMemory);
      ++windows;
      relaxedWindows += r.relaxed;
    }
    bool worse = bound.extra > 0 && extra < bound.extra;
    if (extra > bound.extra) {
      bound.extra = extra;
      bound.windowLevels = levels;
      bound.windows = windows;
      bound.relaxedWindows = relaxedWindows;
    }
    // Deeper windows have larger cuts but fewer of them: past the first
    // depth that does worse than a shallower one, stop (any partition
    // gives a valid bound; this only saves time).
    if (worse)
      break;
  }
  return bound;
}
