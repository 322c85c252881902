//===- AnchorOrders.cpp - constructive neuron orders ----------------------===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/CacheAwareOrder.h"
#include "sffnn/IO/EarlyReleaseOrder.h"
#include "sffnn/IO/PartitionOrder.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/cuthill_mckee_ordering.hpp>

using namespace sffnn::io;

std::optional<Anchor> sffnn::io::parseAnchor(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Anchor>>(name)
      .Cases("baseline", "given", Anchor::Baseline)
      .Case("depth", Anchor::Depth)
      .Case("grouped", Anchor::Grouped)
      .Case("rcm", Anchor::Rcm)
      .Case("depth-first", Anchor::DepthFirst)
      .Case("partition", Anchor::Partition)
      .Case("cache-aware", Anchor::CacheAware)
      .Case("early-release", Anchor::EarlyRelease)
      .Default(std::nullopt);
}

const char *sffnn::io::anchorName(Anchor anchor) {
  switch (anchor) {
  case Anchor::Baseline:
    return "baseline";
  case Anchor::Depth:
    return "depth";
  case Anchor::Grouped:
    return "grouped";
  case Anchor::Rcm:
    return "rcm";
  case Anchor::DepthFirst:
    return "depth-first";
  case Anchor::Partition:
    return "partition";
  case Anchor::CacheAware:
    return "cache-aware";
  case Anchor::EarlyRelease:
    return "early-release";
  }
  return "baseline";
}

std::vector<int32_t> sffnn::io::nodeDepths(const Graph &g) {
  std::vector<int32_t> depth(g.numNodes(), 0);
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    int32_t d = 0;
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      d = std::max(d, depth[g.inSources[e]]);
    depth[v] = d + 1;
  }
  return depth;
}

namespace {

/// The computed neurons bucketed by depth, program order inside a level.
std::vector<std::vector<Node>> levels(const Graph &g) {
  std::vector<int32_t> depth = nodeDepths(g);
  std::vector<std::vector<Node>> byLevel;
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    if (static_cast<size_t>(depth[v]) > byLevel.size())
      byLevel.resize(depth[v]);
    byLevel[depth[v] - 1].push_back(v);
  }
  return byLevel;
}

/// How many consumer groups of one source the chaining looks at: a source
/// read by thousands of groups would otherwise make the chain quadratic.
constexpr size_t kScanPerSource = 32;

/// Appends the neurons of one level to `order`: identical input sets
/// together, and each next group the unvisited one sharing the most inputs
/// with the last group (among the first kScanPerSource unvisited readers of
/// each of its inputs), else the first unvisited group.
void appendGrouped(const Graph &g, const std::vector<Node> &level,
                   NeuronOrder &order) {
  // Each neuron's input set, sorted and without repeats.
  std::vector<int64_t> setStart{0};
  std::vector<Node> sets;
  for (Node v : level) {
    size_t begin = sets.size();
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      sets.push_back(g.inSources[e]);
    std::sort(sets.begin() + begin, sets.end());
    sets.erase(std::unique(sets.begin() + begin, sets.end()), sets.end());
    setStart.push_back(static_cast<int64_t>(sets.size()));
  }
  auto setOf = [&](size_t i) {
    return llvm::ArrayRef<Node>(sets.data() + setStart[i],
                                sets.data() + setStart[i + 1]);
  };
  // Groups of identical sets, in first-appearance order.
  llvm::DenseMap<uint64_t, std::vector<int32_t>> byHash;
  std::vector<int32_t> representative; // a member's index in `level`
  std::vector<std::vector<Node>> members;
  for (size_t i = 0; i < level.size(); ++i) {
    llvm::ArrayRef<Node> set = setOf(i);
    uint64_t hash = llvm::hash_combine_range(set.begin(), set.end());
    std::vector<int32_t> &candidates = byHash[hash];
    int32_t group = -1;
    for (int32_t c : candidates)
      if (setOf(representative[c]) == set)
        group = c;
    if (group < 0) {
      group = static_cast<int32_t>(members.size());
      candidates.push_back(group);
      representative.push_back(static_cast<int32_t>(i));
      members.emplace_back();
    }
    members[group].push_back(level[i]);
  }
  // Readers (groups) of every input of this level, ascending.
  llvm::DenseMap<Node, std::vector<int32_t>> readers;
  for (size_t k = 0; k < members.size(); ++k)
    for (Node u : setOf(representative[k]))
      readers[u].push_back(static_cast<int32_t>(k));
  llvm::DenseMap<Node, size_t> cursor; // first maybe-unvisited reader
  std::vector<uint8_t> visited(members.size(), 0);
  std::vector<int32_t> shared(members.size(), 0);
  std::vector<int32_t> touched;
  size_t nextUnvisited = 0;
  int32_t current = -1;
  for (size_t emitted = 0; emitted < members.size(); ++emitted) {
    int32_t next = -1;
    if (current >= 0) {
      touched.clear();
      for (Node u : setOf(representative[current])) {
        std::vector<int32_t> &list = readers[u];
        size_t &from = cursor[u];
        while (from < list.size() && visited[list[from]])
          ++from;
        for (size_t k = from, end = std::min(list.size(), from + kScanPerSource);
             k < end; ++k) {
          int32_t c = list[k];
          if (visited[c])
            continue;
          if (!shared[c]++)
            touched.push_back(c);
        }
      }
      for (int32_t c : touched) {
        if (next < 0 || shared[c] > shared[next] ||
            (shared[c] == shared[next] && c < next))
          next = c;
      }
      for (int32_t c : touched)
        shared[c] = 0;
    }
    if (next < 0) {
      while (visited[nextUnvisited])
        ++nextUnvisited;
      next = static_cast<int32_t>(nextUnvisited);
    }
    visited[next] = 1;
    order.insert(order.end(), members[next].begin(), members[next].end());
    current = next;
  }
}

NeuronOrder groupedOrder(const Graph &g) {
  NeuronOrder order;
  order.reserve(g.numComputed);
  for (const std::vector<Node> &level : levels(g))
    appendGrouped(g, level, order);
  return order;
}

NeuronOrder depthOrder(const Graph &g) {
  NeuronOrder order;
  order.reserve(g.numComputed);
  for (const std::vector<Node> &level : levels(g))
    order.insert(order.end(), level.begin(), level.end());
  return order;
}

/// Inside each level, the reverse Cuthill-McKee rank of the undirected
/// network graph (inputs included).
NeuronOrder rcmOrder(const Graph &g) {
  using CSR = boost::compressed_sparse_row_graph<boost::directedS>;
  std::vector<std::pair<int64_t, int64_t>> arcs;
  arcs.reserve(2 * g.numEdges());
  for (int64_t e = 0; e < g.numEdges(); ++e) {
    arcs.push_back({g.inSources[e], g.edgeTarget[e]});
    arcs.push_back({g.edgeTarget[e], g.inSources[e]});
  }
  CSR graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(),
            static_cast<size_t>(g.numNodes()));
  arcs = {};
  std::vector<int64_t> degree(g.numNodes());
  for (Node v = 0; v < g.numNodes(); ++v)
    degree[v] = static_cast<int64_t>(boost::out_degree(static_cast<size_t>(v), graph));
  std::vector<size_t> reversed(g.numNodes());
  std::vector<boost::default_color_type> colors(g.numNodes());
  auto index = boost::get(boost::vertex_index, graph);
  boost::cuthill_mckee_ordering(
      graph, reversed.rbegin(),
      boost::make_iterator_property_map(colors.begin(), index),
      boost::make_iterator_property_map(degree.begin(), index));
  std::vector<int64_t> rank(g.numNodes());
  for (size_t i = 0; i < reversed.size(); ++i)
    rank[reversed[i]] = static_cast<int64_t>(i);
  NeuronOrder order;
  order.reserve(g.numComputed);
  for (std::vector<Node> level : levels(g)) {
    std::sort(level.begin(), level.end(),
              [&](Node a, Node b) { return rank[a] < rank[b]; });
    order.insert(order.end(), level.begin(), level.end());
  }
  return order;
}

/// A stack of ready neurons seeded with the grouped order: after a neuron,
/// the consumers it made ready come next, deepest first.
NeuronOrder depthFirstOrder(const Graph &g) {
  NeuronOrder seed = groupedOrder(g);
  std::vector<int64_t> missing(g.numComputed, 0);
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v)
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      missing[v - g.numInputs] += !g.isInput(g.inSources[e]);
  std::vector<Node> stack;
  for (auto it = seed.rbegin(); it != seed.rend(); ++it)
    if (missing[*it - g.numInputs] == 0)
      stack.push_back(*it);
  NeuronOrder order;
  order.reserve(g.numComputed);
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    order.push_back(v);
    // Consumers read in ascending order are pushed in reverse, so the first
    // one is computed first.
    for (int64_t k = g.outOffsets[v + 1] - 1; k >= g.outOffsets[v]; --k) {
      Node t = g.edgeTarget[g.outEdges[k]];
      if (--missing[t - g.numInputs] == 0)
        stack.push_back(t);
    }
  }
  return order;
}

} // namespace

NeuronOrder sffnn::io::anchorOrder(const Graph &g, Anchor anchor,
                                   int64_t fastMemory) {
  switch (anchor) {
  case Anchor::Baseline:
    return programOrder(g);
  case Anchor::Depth:
    return depthOrder(g);
  case Anchor::Grouped:
    return groupedOrder(g);
  case Anchor::Rcm:
    return rcmOrder(g);
  case Anchor::DepthFirst:
    return depthFirstOrder(g);
  case Anchor::Partition:
    return partitionOrder(g, fastMemory);
  case Anchor::CacheAware:
    return cacheAwareOrder(g, fastMemory);
  case Anchor::EarlyRelease:
    return earlyReleaseOrder(g, fastMemory, cacheAwareOrder(g, fastMemory));
  }
  return programOrder(g);
}

llvm::Expected<AnchorChoice>
sffnn::io::bestAnchor(const Graph &g, int64_t fastMemory, Policy policy,
                      llvm::ArrayRef<Expansion> expansions,
                      int64_t registerTile) {
  std::optional<AnchorChoice> best;
  NeuronOrder cacheAware; // the early-release order starts from it
  for (Anchor anchor : kAllAnchors) {
    NeuronOrder order =
        anchor == Anchor::EarlyRelease && !cacheAware.empty()
            ? earlyReleaseOrder(g, fastMemory, cacheAware)
            : anchorOrder(g, anchor, fastMemory);
    if (anchor == Anchor::CacheAware)
      cacheAware = order;
    llvm::Expected<ExpandedCount> count = cheapestExpansion(
        g, order, expansions, registerTile, fastMemory, policy);
    if (!count)
      return count.takeError();
    if (!best || count->count.total() < best->count.total())
      best = AnchorChoice{anchor, std::move(order), count->expansion,
                          count->count};
  }
  return std::move(*best);
}
