//===- SourceGroups.cpp - neurons with identical sources ------------------===//
#include "sffnn/IO/SourceGroups.h"
#include "sffnn/IO/AnchorOrders.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace sffnn::io;

Groups sffnn::io::buildGroups(const Graph &g) {
  Groups gr;
  std::vector<int32_t> nodeDepth = nodeDepths(g);
  gr.groupOf.assign(g.numComputed, -1);
  std::vector<Node> set;
  llvm::DenseMap<uint64_t, llvm::SmallVector<int32_t, 1>> byHash;
  std::vector<std::vector<Node>> memberLists;
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    set.clear();
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e) {
      Node u = g.inSources[e];
      if (g.isInput(u) || g.inDegree(u) > 0)
        set.push_back(u);
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    uint64_t hash = llvm::hash_combine_range(set.begin(), set.end());
    int32_t group = -1;
    for (int32_t k : byHash[hash])
      if (llvm::ArrayRef<Node>(set) == gr.sourcesOf(k))
        group = k;
    if (group < 0) {
      group = static_cast<int32_t>(gr.size());
      byHash[hash].push_back(group);
      gr.sources.insert(gr.sources.end(), set.begin(), set.end());
      gr.sourceStart.push_back(static_cast<int64_t>(gr.sources.size()));
      gr.depth.push_back(nodeDepth[v]);
      memberLists.emplace_back();
    }
    memberLists[group].push_back(v);
    gr.groupOf[v - g.numInputs] = group;
  }
  for (const std::vector<Node> &list : memberLists) {
    gr.members.insert(gr.members.end(), list.begin(), list.end());
    gr.memberStart.push_back(static_cast<int64_t>(gr.members.size()));
  }
  gr.readerStart.assign(g.numNodes() + 1, 0);
  for (Node u : gr.sources)
    ++gr.readerStart[u + 1];
  for (int64_t u = 0; u < g.numNodes(); ++u)
    gr.readerStart[u + 1] += gr.readerStart[u];
  gr.readers.resize(gr.sources.size());
  std::vector<int64_t> fill(gr.readerStart.begin(), gr.readerStart.end() - 1);
  for (int32_t k = 0; k < gr.size(); ++k)
    for (Node u : gr.sourcesOf(k))
      gr.readers[fill[u]++] = k;
  return gr;
}

