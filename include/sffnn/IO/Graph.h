//===- Graph.h - the compact DAG the I/O model works on ---------*- C++ -*-===//
//
// Nodes 0 .. I-1 are the inputs, I .. I+n-1 the computed neurons in the
// order the network defines them (a topological order). In-edges (CSR by
// target) and out-edges (CSR by source) are both kept: O(I + n + W) memory,
// built in O(I + n + W). No MLIR here.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_GRAPH_H
#define SFFNN_IO_GRAPH_H

#include <cstdint>
#include <vector>

namespace sffnn::io {

using Node = int32_t;

struct Graph {
  int64_t numInputs = 0;
  int64_t numComputed = 0;
  /// In-edges of computed node v: inSources[inOffsets[v - I] ..
  /// inOffsets[v - I + 1]). Edge ids are positions in inSources.
  std::vector<int64_t> inOffsets{0};
  std::vector<Node> inSources;
  /// One flag per computed node.
  std::vector<uint8_t> hasBias;
  /// Output nodes, in output order (distinct, except in a Program,
  /// which keeps the repeats of a network returning a neuron twice).
  std::vector<Node> outputs;
  /// Out-edges of every node: the edge ids leaving it, ascending.
  std::vector<int64_t> outOffsets;
  std::vector<int64_t> outEdges;
  /// Target of every edge.
  std::vector<Node> edgeTarget;

  int64_t numNodes() const { return numInputs + numComputed; }
  int64_t numEdges() const { return static_cast<int64_t>(inSources.size()); }
  bool isInput(Node v) const { return v < numInputs; }
  int64_t inDegree(Node v) const {
    return inOffsets[v - numInputs + 1] - inOffsets[v - numInputs];
  }
  int64_t firstInEdge(Node v) const { return inOffsets[v - numInputs]; }
  int64_t outDegree(Node v) const { return outOffsets[v + 1] - outOffsets[v]; }
};

/// Incremental construction: add computed neurons in a topological order.
class GraphBuilder {
public:
  explicit GraphBuilder(int64_t numInputs);
  /// Adds the next computed node; sources must be existing nodes.
  Node addNeuron(const std::vector<Node> &sources, bool hasBias);
  void addOutput(Node v) { graph.outputs.push_back(v); }
  /// Fills the out-edge arrays and returns the graph.
  Graph finish();

private:
  Graph graph;
};

} // namespace sffnn::io

#endif // SFFNN_IO_GRAPH_H
