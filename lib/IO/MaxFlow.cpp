//===- MaxFlow.cpp - Dinic's maximum flow ---------------------------------===//
#include "MaxFlow.h"

#include <algorithm>

using namespace sffnn::io;

namespace {
/// Dinic's algorithm on the arcs of a FlowNetwork (arc 2k and its reverse
/// 2k + 1), laid out by tail vertex: breadth-first levels from the source
/// over arcs with residual capacity, then a blocking flow by depth-first
/// search with a current-arc pointer per vertex; until the sink is cut off.
int64_t dinic(int64_t numVertices,
              const std::vector<std::pair<int64_t, int64_t>> &ends,
              const std::vector<int64_t> &capacities, int64_t source,
              int64_t sink, int64_t limit) {
  const size_t numArcs = ends.size();
  std::vector<int32_t> first(numVertices + 1, 0);
  for (const auto &[from, to] : ends)
    ++first[from + 1];
  for (int64_t v = 0; v < numVertices; ++v)
    first[v + 1] += first[v];
  std::vector<int32_t> slot(first.begin(), first.end() - 1);
  std::vector<int32_t> head(numArcs), reverse(numArcs);
  std::vector<int64_t> residual(numArcs);
  for (size_t a = 0; a < numArcs; a += 2) {
    int32_t forward = slot[ends[a].first]++,
            backward = slot[ends[a + 1].first]++;
    head[forward] = static_cast<int32_t>(ends[a].second);
    head[backward] = static_cast<int32_t>(ends[a + 1].second);
    residual[forward] = capacities[a];
    residual[backward] = capacities[a + 1];
    reverse[forward] = backward;
    reverse[backward] = forward;
  }
  std::vector<int32_t> level(numVertices), current(numVertices),
      queue(numVertices);
  std::vector<int32_t> path; // arcs from the source to the search's tip
  int64_t flow = 0;
  while (true) {
    std::fill(level.begin(), level.end(), -1);
    level[source] = 0;
    size_t begin = 0, end = 0;
    queue[end++] = static_cast<int32_t>(source);
    while (begin < end && level[sink] < 0) {
      int32_t v = queue[begin++];
      for (int32_t k = first[v]; k < first[v + 1]; ++k)
        if (residual[k] > 0 && level[head[k]] < 0) {
          level[head[k]] = level[v] + 1;
          queue[end++] = head[k];
        }
    }
    if (level[sink] < 0)
      return flow;
    std::copy(first.begin(), first.end() - 1, current.begin());
    path.clear();
    int32_t v = static_cast<int32_t>(source);
    while (true) {
      if (v == sink) {
        int64_t push = residual[path[0]];
        for (int32_t k : path)
          push = std::min(push, residual[k]);
        size_t saturated = path.size();
        for (size_t i = 0; i < path.size(); ++i) {
          residual[path[i]] -= push;
          residual[reverse[path[i]]] += push;
          if (residual[path[i]] == 0 && saturated == path.size())
            saturated = i;
        }
        flow += push;
        if (flow >= limit)
          return flow;
        // Go on from the tail of the first saturated arc.
        path.resize(saturated);
        v = saturated ? head[path.back()] : static_cast<int32_t>(source);
        continue;
      }
      int32_t &k = current[v];
      while (k < first[v + 1] &&
             !(residual[k] > 0 && level[head[k]] == level[v] + 1))
        ++k;
      if (k < first[v + 1]) {
        path.push_back(k);
        v = head[k];
        continue;
      }
      // A dead end: no path through v in this phase.
      if (v == source)
        break;
      level[v] = -1;
      int32_t back = path.back();
      path.pop_back();
      v = head[reverse[back]];
      ++current[v];
    }
  }
}
} // namespace

int64_t FlowNetwork::maxFlow(int64_t limit) const {
  return dinic(numVertices, ends, capacities, kSource, kSink, limit);
}
