//===- Expansion.cpp - how a neuron order becomes an edge order -----------===//
#include "sffnn/IO/Expansion.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"

using namespace sffnn::io;

std::optional<Expansion> sffnn::io::parseExpansion(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Expansion>>(name)
      .Case("neuron", Expansion::Neuron)
      .Case("register-groups", Expansion::RegisterGroups)
      .Default(std::nullopt);
}

const char *sffnn::io::expansionName(Expansion expansion) {
  return expansion == Expansion::Neuron ? "neuron" : "register-groups";
}

namespace {

/// Whether some output depends on each node, as the kernel plan decides it
/// (a neuron is live if it is an output or a live neuron reads it). O(n + W).
std::vector<uint8_t> liveNodes(const Graph &g, const NeuronOrder &order) {
  std::vector<uint8_t> live(g.numNodes(), 0);
  for (Node y : g.outputs)
    live[y] = 1;
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    if (live[*it])
      for (int64_t e = g.firstInEdge(*it);
           e < g.firstInEdge(*it) + g.inDegree(*it); ++e)
        live[g.inSources[e]] = 1;
  return live;
}

void appendInEdges(const Graph &g, Node v, EdgeOrder &edges) {
  for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
       ++e)
    edges.push_back(e);
}

/// registerGroupStarts for the live nodes `live` of `order`.
std::vector<int64_t> groupStarts(const Graph &g, const NeuronOrder &order,
                                 const std::vector<uint8_t> &live,
                                 int64_t registerTile) {
  // groupOf[x] = the group x is a member of (-1: none yet).
  std::vector<int64_t> groupOf(g.numNodes(), -1);
  std::vector<int64_t> starts{0};
  int64_t members = 0;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    Node v = order[pos];
    if (!live[v])
      continue;
    int64_t group = static_cast<int64_t>(starts.size()) - 1;
    bool readsMember = false;
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      readsMember |= groupOf[g.inSources[e]] == group;
    if (members > 0 && (readsMember || members >= registerTile)) {
      starts.push_back(static_cast<int64_t>(pos));
      members = 0;
      ++group;
    }
    groupOf[v] = group;
    ++members;
  }
  starts.push_back(static_cast<int64_t>(order.size()));
  return starts;
}

} // namespace

std::vector<int64_t> sffnn::io::registerGroupStarts(const Graph &g,
                                                    const NeuronOrder &order,
                                                    int64_t registerTile) {
  return groupStarts(g, order, liveNodes(g, order), registerTile);
}

EdgeOrder sffnn::io::expandSchedule(const Graph &g, const NeuronOrder &order,
                                    Expansion expansion,
                                    int64_t registerTile) {
  if (expansion == Expansion::Neuron)
    return expandNeuronOrder(g, order);
  std::vector<uint8_t> live = liveNodes(g, order);
  std::vector<int64_t> starts = groupStarts(g, order, live, registerTile);
  EdgeOrder edges;
  edges.reserve(g.numEdges());
  // A group's edges are bucketed by the rank of their source's first
  // appearance (a counting sort keeps each bucket in member order, each
  // member's edges in stored order: the kernel plan's term order).
  std::vector<int64_t> rankOf(g.numNodes(), -1), stampOf(g.numNodes(), -1);
  std::vector<int64_t> groupEdges, edgeRank, bucketStart;
  for (size_t k = 0; k + 1 < starts.size(); ++k) {
    groupEdges.clear();
    edgeRank.clear();
    int64_t ranks = 0;
    for (int64_t pos = starts[k]; pos < starts[k + 1]; ++pos) {
      Node v = order[pos];
      if (!live[v])
        continue;
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e) {
        Node s = g.inSources[e];
        if (stampOf[s] != static_cast<int64_t>(k)) {
          stampOf[s] = static_cast<int64_t>(k);
          rankOf[s] = ranks++;
        }
        groupEdges.push_back(e);
        edgeRank.push_back(rankOf[s]);
      }
    }
    bucketStart.assign(ranks + 1, 0);
    for (int64_t r : edgeRank)
      ++bucketStart[r + 1];
    for (int64_t r = 0; r < ranks; ++r)
      bucketStart[r + 1] += bucketStart[r];
    size_t base = edges.size();
    edges.resize(base + groupEdges.size());
    for (size_t i = 0; i < groupEdges.size(); ++i)
      edges[base + bucketStart[edgeRank[i]]++] = groupEdges[i];
    // Dead neurons of this stretch, each in one go: their sources are
    // earlier, in this group (now complete) or before it.
    for (int64_t pos = starts[k]; pos < starts[k + 1]; ++pos)
      if (!live[order[pos]])
        appendInEdges(g, order[pos], edges);
  }
  return edges;
}

llvm::Expected<IOCount>
sffnn::io::simulateSchedule(const Graph &g, const NeuronOrder &order,
                            Expansion expansion, int64_t registerTile,
                            int64_t fastMemory, Policy policy) {
  if (registerTile < 1)
    return llvm::createStringError("register-tile must be at least 1, got " +
                                   llvm::Twine(registerTile));
  if (llvm::Error err = checkNeuronOrder(g, order))
    return std::move(err);
  return simulate(g, expandSchedule(g, order, expansion, registerTile),
                  fastMemory, policy);
}

llvm::Expected<ExpandedCount>
sffnn::io::cheapestExpansion(const Graph &g, const NeuronOrder &order,
                             llvm::ArrayRef<Expansion> expansions,
                             int64_t registerTile, int64_t fastMemory,
                             Policy policy) {
  if (expansions.empty())
    return llvm::createStringError("no expansion to simulate");
  std::optional<ExpandedCount> best;
  for (Expansion expansion : expansions) {
    llvm::Expected<IOCount> count = simulateSchedule(
        g, order, expansion, registerTile, fastMemory, policy);
    if (!count)
      return count.takeError();
    if (!best || count->total() < best->count.total())
      best = ExpandedCount{expansion, *count};
  }
  return *best;
}
