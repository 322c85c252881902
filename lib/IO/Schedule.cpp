//===- Schedule.cpp - neuron and edge orders ------------------------------===//
#include "sffnn/IO/Schedule.h"

#include "llvm/ADT/Twine.h"

using namespace sffnn::io;

NeuronOrder sffnn::io::programOrder(const Graph &g) {
  NeuronOrder order(g.numComputed);
  for (int64_t i = 0; i < g.numComputed; ++i)
    order[i] = static_cast<Node>(g.numInputs + i);
  return order;
}

llvm::Error sffnn::io::checkNeuronOrder(const Graph &g,
                                        const NeuronOrder &order) {
  if (static_cast<int64_t>(order.size()) != g.numComputed)
    return llvm::createStringError("neuron order has " +
                                   llvm::Twine(order.size()) + " entries for " +
                                   llvm::Twine(g.numComputed) + " neurons");
  std::vector<uint8_t> done(g.numNodes(), 0);
  for (Node u = 0; u < g.numInputs; ++u)
    done[u] = 1;
  for (size_t i = 0; i < order.size(); ++i) {
    Node v = order[i];
    if (v < g.numInputs || v >= g.numNodes() || done[v])
      return llvm::createStringError("neuron order entry " + llvm::Twine(i) +
                                     " (" + llvm::Twine(v) +
                                     ") is not a new computed neuron");
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      if (!done[g.inSources[e]])
        return llvm::createStringError(
            "neuron " + llvm::Twine(v) + " (entry " + llvm::Twine(i) +
            ") comes before its source " + llvm::Twine(g.inSources[e]));
    done[v] = 1;
  }
  return llvm::Error::success();
}

llvm::Error sffnn::io::checkEdgeOrder(const Graph &g, const EdgeOrder &edges) {
  if (static_cast<int64_t>(edges.size()) != g.numEdges())
    return llvm::createStringError("edge order has " +
                                   llvm::Twine(edges.size()) + " entries for " +
                                   llvm::Twine(g.numEdges()) + " connections");
  std::vector<uint8_t> seen(g.numEdges(), 0);
  std::vector<int64_t> missing(g.numComputed);
  for (int64_t i = 0; i < g.numComputed; ++i)
    missing[i] = g.inOffsets[i + 1] - g.inOffsets[i];
  for (size_t p = 0; p < edges.size(); ++p) {
    int64_t e = edges[p];
    if (e < 0 || e >= g.numEdges() || seen[e])
      return llvm::createStringError("edge order entry " + llvm::Twine(p) +
                                     " is not a new connection");
    seen[e] = 1;
    Node u = g.inSources[e];
    if (!g.isInput(u) && missing[u - g.numInputs] > 0)
      return llvm::createStringError("connection " + llvm::Twine(e) +
                                     " reads neuron " + llvm::Twine(u) +
                                     " before all its in-edges are added");
    --missing[g.edgeTarget[e] - g.numInputs];
  }
  return llvm::Error::success();
}

EdgeOrder sffnn::io::expandNeuronOrder(const Graph &g,
                                       const NeuronOrder &order) {
  EdgeOrder edges;
  edges.reserve(g.numEdges());
  for (Node v : order)
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      edges.push_back(e);
  return edges;
}
