//===- InstanceBound.cpp - a lower bound from open words at cuts ----------===//
//
// The minimum cut (docs/IOModel.md, section 4.3). A state of a schedule at a
// moment is the set S of connections added so far; S is closed under
// "a connection out of u needs every connection into u". One 0/1 variable
// per connection (in S or not), per node u (complete or not), and per
// block word w: started (a_w >= every incident connection) and finished
// (f_w <= every incident connection). The word is open when a_w - f_w = 1
// and costs c_w then: minimise sum c_w (a_w - f_w), a minimum-weight
// closure: a variable on the source side is 1, an implication x => y is an
// infinite arc x -> y, c_w * a_w an arc a_w -> sink, -c_w * f_w the
// constant -c_w plus an arc source -> f_w.
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/InstanceBound.h"

#include "sffnn/IO/AnchorOrders.h"

#include "llvm/ADT/DenseMap.h"

#include "MaxFlow.h"

#include <algorithm>

using namespace sffnn::io;

namespace {

/// A closure problem under construction: variables, implications, costs,
/// as a minimum cut (source side = 1).
class Closure {
public:
  int64_t variable() { return network.addVertex(); }
  /// x = 1 implies y = 1.
  void implies(int64_t x, int64_t y) {
    network.addArc(x, y, FlowNetwork::kInfinite);
  }
  void fixOne(int64_t x) {
    network.addArc(FlowNetwork::kSource, x, FlowNetwork::kInfinite);
  }
  void fixZero(int64_t x) {
    network.addArc(x, FlowNetwork::kSink, FlowNetwork::kInfinite);
  }
  /// Adds cost * (started - finished).
  void open(int64_t started, int64_t finished, int64_t cost) {
    network.addArc(started, FlowNetwork::kSink, cost);
    network.addArc(FlowNetwork::kSource, finished, cost);
    constant -= cost;
  }
  int64_t minimum() const { return network.maxFlow() + constant; }

private:
  FlowNetwork network;
  int64_t constant = 0;
};

/// The fewest open words of a block (cost[w] > 0 only inside it) at the
/// moment `cut` completes. Connections outside the block's words are left
/// out, and with them some constraints: a relaxation, so still a lower
/// bound. `inBlock` marks the block's nodes; ancestors and descendants of
/// the cut are searched inside the block only (a depth window holds every
/// path between two of its nodes).
int64_t minimumOpen(const Graph &g, const std::vector<Node> &block,
                    const std::vector<uint8_t> &inBlock, Node cut,
                    const std::vector<int64_t> &cost) {
  Closure closure;
  llvm::DenseMap<int64_t, int64_t> edgeVar;
  llvm::DenseMap<Node, int64_t> completeVar;
  auto edgeVariable = [&](int64_t e) {
    auto [it, inserted] = edgeVar.try_emplace(e, 0);
    if (inserted)
      it->second = closure.variable();
    return it->second;
  };
  auto inEdges = [&](Node v) {
    return std::make_pair(g.firstInEdge(v), g.firstInEdge(v) + g.inDegree(v));
  };
  // Connections touching the block, and the started/finished pair of every
  // costed word.
  std::vector<int64_t> ins, outs;
  for (Node w : block) {
    ins.clear();
    outs.clear();
    if (!g.isInput(w))
      for (auto [e, end] = inEdges(w); e < end; ++e)
        ins.push_back(edgeVariable(e));
    for (int64_t k = g.outOffsets[w]; k < g.outOffsets[w + 1]; ++k)
      outs.push_back(edgeVariable(g.outEdges[k]));
    if (cost[w] <= 0 || (ins.empty() && outs.empty()))
      continue;
    int64_t started = closure.variable(), finished = closure.variable();
    // With both kinds of connections, a connection out of w needs w
    // complete, which needs every connection into it: "started" follows
    // from the connections in, and "finished" implies those out.
    bool both = !ins.empty() && !outs.empty();
    for (int64_t s : ins) {
      closure.implies(s, started);
      if (!both)
        closure.implies(finished, s);
    }
    for (int64_t s : outs) {
      if (!both)
        closure.implies(s, started);
      closure.implies(finished, s);
    }
    closure.open(started, finished, cost[w]);
  }
  // Closure: a connection out of a computed u needs u complete, which needs
  // every kept connection into u.
  std::vector<std::pair<int64_t, int64_t>> edges(edgeVar.begin(),
                                                 edgeVar.end());
  std::sort(edges.begin(), edges.end());
  auto completeVariable = [&](Node u) {
    auto [it, inserted] = completeVar.try_emplace(u, 0);
    if (inserted) {
      it->second = closure.variable();
      for (auto [e, end] = inEdges(u); e < end; ++e) {
        auto found = edgeVar.find(e);
        if (found != edgeVar.end())
          closure.implies(it->second, found->second);
      }
    }
    return it->second;
  };
  for (auto [e, s] : edges) {
    Node u = g.inSources[e];
    if (!g.isInput(u))
      closure.implies(s, completeVariable(u));
  }
  // The moment: the cut and its ancestors complete, no connection out of
  // the cut or of its descendants added.
  std::vector<Node> stack{cut};
  llvm::DenseMap<Node, bool> seen;
  seen[cut] = true;
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    closure.fixOne(completeVariable(v));
    for (auto [e, end] = inEdges(v); e < end; ++e) {
      Node u = g.inSources[e];
      if (inBlock[u] && !g.isInput(u) && seen.try_emplace(u, true).second)
        stack.push_back(u);
    }
  }
  stack = {cut};
  seen.clear();
  seen[cut] = true;
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    for (int64_t k = g.outOffsets[v]; k < g.outOffsets[v + 1]; ++k) {
      int64_t e = g.outEdges[k];
      auto found = edgeVar.find(e);
      if (found != edgeVar.end())
        closure.fixZero(found->second);
      Node t = g.edgeTarget[e];
      if (inBlock[t] && seen.try_emplace(t, true).second)
        stack.push_back(t);
    }
  }
  return closure.minimum();
}

/// What a word costs when it is open and not in fast memory, beyond the
/// simple bound (section 4.3): a store and a load for a computed value
/// that is not an output, the load after the moment for an output or an
/// input (its first store or load the simple bound already counts), and
/// nothing for a neuron without in-edges, which could be made again from
/// its bias.
std::vector<int64_t> openCosts(const Graph &g) {
  std::vector<int64_t> cost(g.numNodes(), 2);
  for (Node x = 0; x < g.numInputs; ++x)
    cost[x] = 1;
  for (Node y : g.outputs)
    cost[y] = 1;
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v)
    if (g.inDegree(v) == 0)
      cost[v] = 0;
  return cost;
}

/// Up to `count` neurons with in-edges, spread over the middle level of the
/// block.
std::vector<Node> cutCandidates(const Graph &g,
                                const std::vector<std::vector<Node>> &levels,
                                int64_t first, int64_t last, int64_t count) {
  std::vector<Node> middle;
  for (int64_t l = (first + last) / 2; l <= last && middle.empty(); ++l)
    for (Node v : levels[l])
      if (!g.isInput(v) && g.inDegree(v) > 0)
        middle.push_back(v);
  std::vector<Node> chosen;
  if (middle.empty())
    return chosen;
  for (int64_t k = 0; k < count; ++k) {
    Node v = middle[(middle.size() - 1) * k / std::max<int64_t>(1, count - 1)];
    if (chosen.empty() || chosen.back() != v)
      chosen.push_back(v);
  }
  return chosen;
}

} // namespace

int64_t sffnn::io::minimumOpenCost(const Graph &g, Node cut,
                                   const std::vector<int64_t> &cost) {
  std::vector<Node> all(g.numNodes());
  for (Node v = 0; v < g.numNodes(); ++v)
    all[v] = v;
  std::vector<uint8_t> inBlock(g.numNodes(), 1);
  return minimumOpen(g, all, inBlock, cut, cost);
}

InstanceBound sffnn::io::instanceLowerBound(const Graph &g, int64_t fastMemory,
                                            const InstanceBoundOptions &o) {
  InstanceBound bound;
  std::vector<uint8_t> used(g.numInputs, 0);
  for (Node x = 0; x < g.numInputs; ++x)
    used[x] = g.outDegree(x) > 0;
  for (Node y : g.outputs)
    if (g.isInput(y))
      used[y] = 1;
  for (uint8_t u : used)
    bound.base += u;
  bound.base += static_cast<int64_t>(g.outputs.size());

  // Nodes by depth: inputs at level 0.
  std::vector<int32_t> depth = nodeDepths(g);
  std::vector<std::vector<Node>> levels;
  for (Node v = 0; v < g.numNodes(); ++v) {
    if (static_cast<size_t>(depth[v]) >= levels.size())
      levels.resize(depth[v] + 1);
    levels[depth[v]].push_back(v);
  }
  const int64_t numLevels = static_cast<int64_t>(levels.size());
  std::vector<int64_t> unit = openCosts(g), capped = unit;
  for (int64_t &c : capped)
    c = std::min<int64_t>(c, 1);
  std::vector<uint8_t> inBlock(g.numNodes(), 0);
  const bool thorough = g.numEdges() <= o.thoroughConnections;
  for (int64_t span : o.openWords ? o.levelsPerBlock : std::vector<int64_t>{}) {
    if (span < 2 || (span > numLevels && span != o.levelsPerBlock.front()))
      continue;
    int64_t extra = 0, blocks = 0;
    for (int64_t first = 0; first < numLevels; first += span) {
      int64_t last = std::min(numLevels, first + span) - 1;
      std::vector<Node> block;
      for (int64_t l = first; l <= last; ++l)
        block.insert(block.end(), levels[l].begin(), levels[l].end());
      int64_t touching = 0;
      for (Node v : block)
        touching += g.outDegree(v) + (g.isInput(v) ? 0 : g.inDegree(v));
      if (touching > o.maxBlockConnections) {
        ++blocks;
        continue;
      }
      for (Node v : block)
        inBlock[v] = 1;
      // Two relaxations of "the open words not among the M in fast memory":
      // every open word costs at least 1 and at most 2 (section 4.3).
      int64_t best = 0;
      for (Node cut :
           cutCandidates(g, levels, first, last, thorough ? 3 : 1)) {
        int64_t weighted = minimumOpen(g, block, inBlock, cut, unit);
        ++bound.flows;
        best = std::max(best, weighted - 2 * fastMemory);
        // Counting every open word once gains at most M words over the
        // weighted count: worth a second flow on small networks only.
        if (thorough) {
          int64_t counted = minimumOpen(g, block, inBlock, cut, capped);
          ++bound.flows;
          best = std::max(best, counted - fastMemory);
        }
      }
      for (Node v : block)
        inBlock[v] = 0;
      extra += best;
      ++blocks;
    }
    if (extra > bound.openWordsExtra) {
      bound.openWordsExtra = extra;
      bound.levelsPerBlock = span;
      bound.blocks = blocks;
    }
  }
  if (o.firstCompletion) {
    bound.firstCompletion =
        firstCompletionBound(g, fastMemory, o.firstCompletionOptions);
    bound.firstCompletionExtra = bound.firstCompletion.extra;
  }
  bound.extra = std::max(bound.openWordsExtra, bound.firstCompletionExtra);
  return bound;
}

const char *sffnn::io::instanceMethodName(InstanceMethod method) {
  switch (method) {
  case InstanceMethod::Simple:
    return "simple";
  case InstanceMethod::OpenWords:
    return "open-words";
  case InstanceMethod::FirstCompletion:
    return "first-completion";
  }
  return "simple";
}
