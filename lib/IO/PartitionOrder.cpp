//===- PartitionOrder.cpp - cache-size-aware order by partitioning --------===//
#include "sffnn/IO/PartitionOrder.h"

#include "sffnn/IO/AnchorOrders.h"

#include "llvm/ADT/Hashing.h"

#include <algorithm>
#include <limits>
#include <metis.h>
#include <tuple>

using namespace sffnn::io;

namespace {

/// The similarity graph of the computed neurons (vertex v - I for neuron v)
/// in METIS's CSR form, rows sorted, parallel edges merged.
struct Similarity {
  std::vector<idx_t> xadj{0}, adjncy, adjwgt;
};

/// METIS's allowed imbalance of a bisection, in thousandths: a half may
/// hold 20% more than half the neurons, so that a group of neurons reading
/// the same sources is not cut to balance the halves exactly.
constexpr idx_t kImbalance = 200;

/// Readers of a value are chained inside each depth level (neurons of
/// different levels are never in one part) in the order of their input
/// sets' hash: neurons with identical sets become a path of heavy edges (one
/// unit per shared value) rather than being interleaved with other sets'
/// readers.
Similarity similarityGraph(const Graph &g, const std::vector<int32_t> &depth) {
  const int64_t n = g.numComputed, inputs = g.numInputs;
  std::vector<uint64_t> setHash(g.numNodes(), 0);
  std::vector<Node> sources;
  for (Node v = static_cast<Node>(inputs); v < g.numNodes(); ++v) {
    sources.assign(g.inSources.begin() + g.firstInEdge(v),
                   g.inSources.begin() + g.firstInEdge(v) + g.inDegree(v));
    std::sort(sources.begin(), sources.end());
    setHash[v] = llvm::hash_combine_range(sources.begin(), sources.end());
  }
  std::vector<std::pair<idx_t, idx_t>> arcs;
  arcs.reserve(2 * static_cast<size_t>(g.numEdges()));
  auto link = [&](Node a, Node b) {
    if (a == b)
      return;
    idx_t x = static_cast<idx_t>(a - inputs), y = static_cast<idx_t>(b - inputs);
    arcs.push_back({x, y});
    arcs.push_back({y, x});
  };
  std::vector<std::tuple<int32_t, uint64_t, Node>> readers;
  for (Node x = 0; x < g.numNodes(); ++x) {
    readers.clear();
    for (int64_t k = g.outOffsets[x]; k < g.outOffsets[x + 1]; ++k) {
      Node reader = g.edgeTarget[g.outEdges[k]];
      readers.push_back({depth[reader], setHash[reader], reader});
    }
    std::sort(readers.begin(), readers.end());
    for (size_t k = 1; k < readers.size(); ++k)
      if (std::get<0>(readers[k - 1]) == std::get<0>(readers[k]))
        link(std::get<2>(readers[k - 1]), std::get<2>(readers[k]));
  }
  std::sort(arcs.begin(), arcs.end());
  Similarity s;
  s.xadj.assign(n + 1, 0);
  for (size_t i = 0; i < arcs.size();) {
    size_t j = i;
    while (j < arcs.size() && arcs[j] == arcs[i])
      ++j;
    s.adjncy.push_back(arcs[i].second);
    s.adjwgt.push_back(static_cast<idx_t>(j - i));
    ++s.xadj[arcs[i].first + 1];
    i = j;
  }
  for (int64_t v = 0; v < n; ++v)
    s.xadj[v + 1] += s.xadj[v];
  return s;
}

/// Recursive bisection of the neurons into parts whose working set fits.
class Bisector {
public:
  Bisector(const Graph &g, const std::vector<int32_t> &depth,
           int64_t fastMemory)
      : g(g), fastMemory(fastMemory), sim(similarityGraph(g, depth)),
        local(g.numComputed, -1), inLastLeaf(g.numComputed, 0),
        seen(g.numNodes(), 0) {}

  /// Appends the parts of `root` (neuron indices v - I, ascending) to
  /// `ranked`, in order.
  void split(std::vector<idx_t> root, std::vector<idx_t> &ranked) {
    std::vector<std::vector<idx_t>> stack;
    stack.push_back(std::move(root));
    while (!stack.empty()) {
      std::vector<idx_t> part = std::move(stack.back());
      stack.pop_back();
      if (part.size() <= 1 || workingSet(part) <= fastMemory) {
        ranked.insert(ranked.end(), part.begin(), part.end());
        ++leafStamp;
        for (idx_t v : part)
          inLastLeaf[v] = leafStamp;
        continue;
      }
      auto [first, second] = bisect(part);
      stack.push_back(std::move(second));
      stack.push_back(std::move(first));
    }
  }

private:
  /// The distinct values a part touches: its neurons and their sources.
  int64_t workingSet(const std::vector<idx_t> &part) {
    ++generation;
    int64_t count = 0;
    auto touch = [&](Node x) {
      if (seen[x] != generation) {
        seen[x] = generation;
        ++count;
      }
    };
    for (idx_t i : part) {
      Node v = static_cast<Node>(g.numInputs + i);
      touch(v);
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        touch(g.inSources[e]);
      if (count > fastMemory)
        return count;
    }
    return count;
  }

  /// Two non-empty halves of `part` (each ascending), the one closer to the
  /// part emitted last first, so that the values they share are still
  /// resident.
  std::pair<std::vector<idx_t>, std::vector<idx_t>>
  bisect(const std::vector<idx_t> &part) {
    const idx_t size = static_cast<idx_t>(part.size());
    for (idx_t k = 0; k < size; ++k)
      local[part[k]] = k;
    std::vector<idx_t> xadj{0}, adjncy, adjwgt;
    xadj.reserve(part.size() + 1);
    for (idx_t v : part) {
      for (idx_t k = sim.xadj[v]; k < sim.xadj[v + 1]; ++k)
        if (idx_t u = local[sim.adjncy[k]]; u >= 0) {
          adjncy.push_back(u);
          adjwgt.push_back(sim.adjwgt[k]);
        }
      xadj.push_back(static_cast<idx_t>(adjncy.size()));
    }
    std::vector<idx_t> side(part.size(), 0);
    bool cut = splitComponents(xadj, adjncy, side);
    if (!cut && !adjncy.empty()) {
      idx_t options[METIS_NOPTIONS];
      METIS_SetDefaultOptions(options);
      options[METIS_OPTION_SEED] = 1;
      options[METIS_OPTION_NUMBERING] = 0;
      options[METIS_OPTION_UFACTOR] = kImbalance;
      idx_t nvtxs = size, ncon = 1, nparts = 2, objval = 0;
      cut = METIS_PartGraphRecursive(&nvtxs, &ncon, xadj.data(), adjncy.data(),
                                     nullptr, nullptr, adjwgt.data(), &nparts,
                                     nullptr, nullptr, options, &objval,
                                     side.data()) == METIS_OK;
      // A side left empty would recurse forever.
      if (cut) {
        int64_t ones = std::count(side.begin(), side.end(), 1);
        cut = ones > 0 && ones < size;
      }
    }
    // No edges, or METIS failed: halve in program order.
    if (!cut)
      for (idx_t k = 0; k < size; ++k)
        side[k] = k >= size / 2;
    for (idx_t v : part)
      local[v] = -1;
    int64_t pull[2] = {0, 0};
    for (idx_t k = 0; k < size; ++k)
      for (idx_t j = sim.xadj[part[k]]; j < sim.xadj[part[k] + 1]; ++j)
        if (inLastLeaf[sim.adjncy[j]] == leafStamp)
          pull[side[k]] += sim.adjwgt[j];
    int firstSide = pull[1] > pull[0] ? 1 : 0;
    std::pair<std::vector<idx_t>, std::vector<idx_t>> halves;
    for (idx_t k = 0; k < size; ++k)
      (side[k] == firstSide ? halves.first : halves.second).push_back(part[k]);
    return halves;
  }

  /// If the part's graph is disconnected, puts whole components on side 0
  /// until it holds at least half the vertices, the rest on side 1: a cut
  /// of weight zero that no balance constraint can force through a cluster.
  static bool splitComponents(const std::vector<idx_t> &xadj,
                              const std::vector<idx_t> &adjncy,
                              std::vector<idx_t> &side) {
    const idx_t size = static_cast<idx_t>(side.size());
    std::vector<uint8_t> reached(size, 0);
    std::vector<idx_t> queue;
    queue.reserve(size);
    idx_t onFirstSide = 0;
    bool first = true;
    for (idx_t root = 0; root < size; ++root) {
      if (reached[root])
        continue;
      if (onFirstSide * 2 >= size)
        first = false;
      queue.assign(1, root);
      reached[root] = 1;
      for (size_t q = 0; q < queue.size(); ++q) {
        idx_t v = queue[q];
        side[v] = first ? 0 : 1;
        for (idx_t k = xadj[v]; k < xadj[v + 1]; ++k)
          if (!reached[adjncy[k]]) {
            reached[adjncy[k]] = 1;
            queue.push_back(adjncy[k]);
          }
      }
      if (first)
        onFirstSide += static_cast<idx_t>(queue.size());
    }
    return onFirstSide < size;
  }

  const Graph &g;
  const int64_t fastMemory;
  Similarity sim;
  std::vector<idx_t> local;
  /// The neurons of the part emitted last are those stamped leafStamp (none
  /// before the first part).
  std::vector<uint64_t> inLastLeaf;
  uint64_t leafStamp = 1;
  std::vector<uint64_t> seen;
  uint64_t generation = 0;
};

} // namespace

NeuronOrder sffnn::io::partitionOrder(const Graph &g, int64_t fastMemory) {
  // METIS counts the 2 * (at most W) arcs of the similarity graph in 32-bit
  // integers; a larger network keeps each level in program order (the
  // depth order).
  if (2 * g.numEdges() > std::numeric_limits<idx_t>::max())
    return anchorOrder(g, Anchor::Depth, fastMemory);
  std::vector<int32_t> depth = nodeDepths(g);
  std::vector<std::vector<idx_t>> levels;
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    if (static_cast<size_t>(depth[v]) > levels.size())
      levels.resize(depth[v]);
    levels[depth[v] - 1].push_back(static_cast<idx_t>(v - g.numInputs));
  }
  std::vector<idx_t> ranked;
  ranked.reserve(g.numComputed);
  Bisector bisector(g, depth, std::max<int64_t>(fastMemory, 1));
  for (std::vector<idx_t> &level : levels)
    bisector.split(std::move(level), ranked);
  // Levels in turn: every source of a neuron is in an earlier level.
  NeuronOrder order(ranked.size());
  for (size_t k = 0; k < ranked.size(); ++k)
    order[k] = static_cast<Node>(g.numInputs + ranked[k]);
  return order;
}
