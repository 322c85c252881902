//===- Graph.cpp - the compact DAG the I/O model works on -----------------===//
#include "sffnn/IO/Graph.h"

#include <cassert>
#include <numeric>

using namespace sffnn;
using namespace sffnn::io;

GraphBuilder::GraphBuilder(int64_t numInputs) { graph.numInputs = numInputs; }

Node GraphBuilder::addNeuron(const std::vector<Node> &sources, bool hasBias) {
  Node v = static_cast<Node>(graph.numNodes());
  for (Node u : sources) {
    assert(u >= 0 && u < v && "sources must be defined earlier");
    graph.inSources.push_back(u);
    graph.edgeTarget.push_back(v);
  }
  graph.inOffsets.push_back(graph.numEdges());
  graph.hasBias.push_back(hasBias ? 1 : 0);
  ++graph.numComputed;
  return v;
}

Graph GraphBuilder::finish() {
  Graph &g = graph;
  g.outOffsets.assign(g.numNodes() + 1, 0);
  for (Node u : g.inSources)
    ++g.outOffsets[u + 1];
  std::partial_sum(g.outOffsets.begin(), g.outOffsets.end(),
                   g.outOffsets.begin());
  g.outEdges.resize(g.numEdges());
  std::vector<int64_t> fill(g.outOffsets.begin(), g.outOffsets.end() - 1);
  for (int64_t e = 0; e < g.numEdges(); ++e)
    g.outEdges[fill[g.inSources[e]]++] = e;
  return std::move(graph);
}
