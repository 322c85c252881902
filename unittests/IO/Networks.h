//===- Networks.h - small graphs with hand-computed I/O ---------*- C++ -*-===//
#ifndef SFFNN_UNITTESTS_IO_NETWORKS_H
#define SFFNN_UNITTESTS_IO_NETWORKS_H

#include "sffnn/IO/Graph.h"

namespace sffnn::io::nets {

/// x0 -> a -> b (output). No biases.
inline Graph chain() {
  GraphBuilder b(1);
  Node a = b.addNeuron({0}, false);
  b.addOutput(b.addNeuron({a}, false));
  return b.finish();
}

/// x0 -> a, x1 -> b, (a, b) -> c (output). Edges: e0 = x0->a, e1 = x1->b,
/// e2 = a->c, e3 = b->c.
inline Graph diamond(bool biases = false) {
  GraphBuilder b(2);
  Node a = b.addNeuron({0}, biases);
  Node bb = b.addNeuron({1}, biases);
  b.addOutput(b.addNeuron({a, bb}, biases));
  return b.finish();
}

} // namespace sffnn::io::nets

#endif
