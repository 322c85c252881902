//===- TinyNetworks.h - random tiny networks for property tests -*- C++ -*-===//
#ifndef SFFNN_UNITTESTS_IO_TINYNETWORKS_H
#define SFFNN_UNITTESTS_IO_TINYNETWORKS_H

#include "sffnn/IO/Schedule.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

namespace sffnn::io::tiny {

/// A random tiny network: a DAG or a layered chain, biases or not.
inline Graph randomTiny(uint64_t seed) {
  Random random(seed);
  bool biases = random.below(2);
  std::optional<Distribution> bias;
  if (biases)
    bias = Distribution{Distribution::Constant, 0.5, 0};
  if (random.below(2)) {
    DagOptions o;
    o.inputs = 1 + random.below(3);
    o.outputs = 1 + random.below(2);
    o.neurons = o.outputs + random.below(5);
    o.depth = random.below(4); // 0: the default
    o.connections = o.neurons + random.below(15 - o.neurons);
    o.bias = bias;
    o.seed = seed;
    // Fewer connections until they fit the levels (n always fits).
    while (true) {
      auto dag = generateDag(o);
      if (dag)
        return toProgram(*dag).graph;
      llvm::consumeError(dag.takeError());
      --o.connections;
    }
  }
  LayeredOptions o;
  o.widths = {static_cast<int64_t>(1 + random.below(3))};
  for (int l = 0, layers = 1 + random.below(3); l < layers; ++l)
    o.widths.push_back(1 + random.below(3));
  o.density = 0.3 + 0.7 * random.uniform();
  o.bias = bias;
  o.seed = seed;
  return toProgram(*generateLayered(o)).graph;
}

/// Whether every connection into `v` is among the connections `s` marks
/// (bit e for connection e): inputs always are complete.
inline bool completeIn(const Graph &g, Node v, uint64_t s) {
  if (g.isInput(v))
    return true;
  for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v); ++e)
    if (!(s >> e & 1))
      return false;
  return true;
}

/// A random valid edge order: repeatedly add a random addable edge.
inline EdgeOrder randomEdgeOrder(const Graph &g, Random &random) {
  std::vector<int64_t> missing(g.numComputed);
  for (int64_t i = 0; i < g.numComputed; ++i)
    missing[i] = g.inOffsets[i + 1] - g.inOffsets[i];
  std::vector<uint8_t> added(g.numEdges(), 0);
  EdgeOrder order;
  while (static_cast<int64_t>(order.size()) < g.numEdges()) {
    std::vector<int64_t> ready;
    for (int64_t e = 0; e < g.numEdges(); ++e) {
      Node u = g.inSources[e];
      if (!added[e] && (g.isInput(u) || missing[u - g.numInputs] == 0))
        ready.push_back(e);
    }
    int64_t e = ready[random.below(ready.size())];
    added[e] = 1;
    --missing[g.edgeTarget[e] - g.numInputs];
    order.push_back(e);
  }
  return order;
}

} // namespace sffnn::io::tiny

#endif
