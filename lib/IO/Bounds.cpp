//===- Bounds.cpp - lower and upper bounds on inference I/O ---------------===//
#include "sffnn/IO/Bounds.h"

using namespace sffnn::io;

Bounds sffnn::io::computeBounds(const Graph &g) {
  Bounds b;
  b.inputs = g.numInputs;
  b.outputs = static_cast<int64_t>(g.outputs.size());
  b.neurons = g.numComputed;
  b.connections = g.numEdges();
  for (uint8_t bias : g.hasBias)
    b.biases += bias;
  std::vector<uint8_t> used(g.numInputs, 0);
  for (Node u = 0; u < g.numInputs; ++u)
    used[u] = g.outDegree(u) > 0;
  for (Node y : g.outputs)
    if (g.isInput(y)) {
      used[y] = 1;
      ++b.inputOutputs;
    }
  for (uint8_t u : used)
    b.usedInputs += u;
  b.parameterIOs = b.connections + b.biases;
  // Lower: each used input is loaded and each output stored at least once.
  b.activationLower = b.usedInputs + b.outputs;
  // Upper: a non-wasteful neuron-level schedule loads at most one source per
  // connection and stores each computed value at most once; an output that
  // is an input costs one load and one store.
  b.activationUpper = b.connections + b.neurons + 2 * b.inputOutputs;
  return b;
}
