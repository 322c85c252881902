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

Graph sffnn::io::buildGraph(const LayeredNetwork &net) {
  GraphBuilder builder(net.inputs);
  std::vector<Node> firstNode(net.layers.size());
  std::vector<Node> sources;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer &layer = net.layers[l];
    // Node of each column of the concatenated sources.
    std::vector<Node> column;
    for (int source : layer.sources) {
      Node base = source == kNetworkInput ? 0 : firstNode[source];
      for (int64_t k = 0; k < net.width(source); ++k)
        column.push_back(static_cast<Node>(base + k));
    }
    const CsrMatrix &w = layer.weights;
    for (int64_t j = 0; j < w.rows; ++j) {
      sources.clear();
      for (int32_t e = w.offsets[j]; e < w.offsets[j + 1]; ++e)
        sources.push_back(column[w.indices[e]]);
      Node v = builder.addNeuron(sources, !layer.bias.empty());
      if (j == 0)
        firstNode[l] = v;
    }
  }
  const Layer &last = net.layers.back();
  for (int64_t j = 0; j < last.neurons(); ++j)
    builder.addOutput(static_cast<Node>(firstNode.back() + j));
  return builder.finish();
}
