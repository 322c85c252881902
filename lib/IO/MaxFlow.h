//===- MaxFlow.h - maximum flow for the instance lower bounds ---*- C++ -*-===//
//
// A directed network with integer capacities, built arc by arc and solved
// once with Dinic's maximum flow (fewer than 2^31 arcs). Both instance lower
// bounds (InstanceBound.cpp, FirstCompletionBound.cpp) reduce their
// minimisations to minimum cuts in such a network. Internal to lib/IO.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_IO_MAXFLOW_H
#define SFFNN_LIB_IO_MAXFLOW_H

#include <cstdint>
#include <utility>
#include <vector>

namespace sffnn::io {

class FlowNetwork {
public:
  /// Vertex 0 is the source, vertex 1 the sink.
  static constexpr int64_t kSource = 0, kSink = 1;
  /// More than any finite cut of the bounds can cost.
  static constexpr int64_t kInfinite = int64_t(1) << 50;

  int64_t addVertex() { return numVertices++; }
  int64_t vertices() const { return numVertices; }
  int64_t arcs() const { return static_cast<int64_t>(capacities.size()) / 2; }
  void reserveArcs(int64_t count) {
    ends.reserve(2 * count);
    capacities.reserve(2 * count);
  }
  void addArc(int64_t from, int64_t to, int64_t capacity) {
    ends.push_back({from, to});
    capacities.push_back(capacity);
    ends.push_back({to, from});
    capacities.push_back(0);
  }
  /// The maximum flow from the source to the sink (= the minimum cut), or,
  /// once a flow of at least `limit` is found, that flow (then the minimum
  /// cut is at least `limit`).
  int64_t maxFlow(int64_t limit = kInfinite) const;

private:
  int64_t numVertices = 2;
  /// Arc 2k and its reverse 2k + 1.
  std::vector<std::pair<int64_t, int64_t>> ends;
  std::vector<int64_t> capacities;
};

} // namespace sffnn::io

#endif // SFFNN_LIB_IO_MAXFLOW_H
