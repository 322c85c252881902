//===- ExactSolver.cpp - optimal I/O of tiny networks ---------------------===//
#include "sffnn/IO/ExactSolver.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/ADT/bit.h"
#include <deque>

using namespace sffnn::io;

namespace {

/// A configuration: added edges (bits 0-23), words in fast memory (one bit
/// per node, bits 24-43), up-to-date slow copies of computed nodes' words
/// (bits 44-63, by node). Inputs always have their slow copy.
struct Codec {
  static constexpr int kEdgeBits = 24, kNodeBits = 20;
  static uint64_t edges(uint64_t s) { return s & ((1ull << kEdgeBits) - 1); }
  static uint64_t fast(uint64_t s) {
    return (s >> kEdgeBits) & ((1ull << kNodeBits) - 1);
  }
  static uint64_t slow(uint64_t s) { return s >> (kEdgeBits + kNodeBits); }
  static uint64_t make(uint64_t e, uint64_t f, uint64_t sl) {
    return e | (f << kEdgeBits) | (sl << (kEdgeBits + kNodeBits));
  }
};

class Search {
public:
  Search(const Graph &g, int64_t capacity) : g(g), capacity(capacity) {
    const int64_t nodes = g.numNodes();
    inMask.assign(nodes, 0);
    outMask.assign(nodes, 0);
    for (int64_t e = 0; e < g.numEdges(); ++e) {
      inMask[g.edgeTarget[e]] |= 1ull << e;
      outMask[g.inSources[e]] |= 1ull << e;
    }
    for (Node y : g.outputs)
      outputs |= 1ull << y;
    allEdges = (1ull << g.numEdges()) - 1;
    inputs = (1ull << g.numInputs) - 1;
  }

  /// Node x is complete: an input, or all its in-edges are added.
  bool complete(uint64_t added, Node x) const {
    return (added & inMask[x]) == inMask[x];
  }
  /// Node x's word is still needed: a partial sum in progress, a value with
  /// readers left, or an output whose value is not yet stored.
  bool needed(uint64_t added, uint64_t slow, Node x) const {
    if (!complete(added, x))
      return (added & inMask[x]) != 0;
    if ((added & outMask[x]) != outMask[x])
      return true;
    return (outputs >> x & 1) && !(slow >> x & 1) && !g.isInput(x);
  }

  /// Drops words nobody needs (always safe, never costs).
  uint64_t canonical(uint64_t s) const {
    uint64_t added = Codec::edges(s), fast = Codec::fast(s),
             slow = Codec::slow(s);
    for (uint64_t f = fast; f; f &= f - 1) {
      Node x = static_cast<Node>(llvm::countr_zero(f));
      if (!needed(added, slow | inputs, x))
        fast &= ~(1ull << x);
    }
    return Codec::make(added, fast, slow);
  }

  llvm::Expected<int64_t> run(int64_t maxStates) {
    std::deque<std::pair<uint64_t, int64_t>> queue;
    llvm::DenseMap<uint64_t, int64_t> best;
    uint64_t start = canonical(Codec::make(0, 0, 0));
    best[start] = 0;
    queue.push_back({start, 0});
    auto relax = [&](uint64_t next, int64_t cost, int64_t step) {
      next = canonical(next);
      auto [it, inserted] = best.try_emplace(next, cost + step);
      if (!inserted && it->second <= cost + step)
        return;
      it->second = cost + step;
      if (step == 0)
        queue.push_front({next, cost});
      else
        queue.push_back({next, cost + 1});
    };
    while (!queue.empty()) {
      auto [s, cost] = queue.front();
      queue.pop_front();
      if (best.lookup(s) < cost)
        continue;
      uint64_t added = Codec::edges(s), fast = Codec::fast(s),
               slow = Codec::slow(s), slowAll = slow | inputs;
      if (added == allEdges && (outputs & ~inputs & ~slow) == 0)
        return cost + 2 * llvm::popcount(outputs & inputs); // load + store
      if (static_cast<int64_t>(best.size()) > maxStates)
        return llvm::createStringError("exact search gave up after " +
                                       llvm::Twine(maxStates) +
                                       " configurations");
      int64_t used = llvm::popcount(fast);
      for (Node x = 0; x < g.numNodes(); ++x) {
        uint64_t bit = 1ull << x;
        bool inFast = fast & bit, inSlow = slowAll & bit;
        if (!needed(added, slowAll, x))
          continue;
        // Load a word that has a slow copy.
        if (!inFast && inSlow && used < capacity)
          relax(Codec::make(added, fast | bit, slow), cost, 1);
        // Store a word whose slow copy is stale, then optionally drop it.
        if (inFast && !inSlow) {
          relax(Codec::make(added, fast, slow | bit), cost, 1);
          relax(Codec::make(added, fast & ~bit, slow | bit), cost, 1);
        }
        // Drop a word that has a slow copy.
        if (inFast && inSlow)
          relax(Codec::make(added, fast & ~bit, slow), cost, 0);
      }
      // Add an edge: the source is complete and in fast memory; the target's
      // partial sum is in fast memory or is started now in a free word.
      for (uint64_t rest = allEdges & ~added; rest; rest &= rest - 1) {
        int64_t e = llvm::countr_zero(rest);
        Node u = g.inSources[e], v = g.edgeTarget[e];
        if (!(fast >> u & 1) || !complete(added, u))
          continue;
        bool started = (added & inMask[v]) != 0;
        uint64_t vbit = 1ull << v;
        if (!(fast & vbit) && (started || used >= capacity))
          continue;
        relax(Codec::make(added | (1ull << e), fast | vbit, slow & ~vbit), cost,
              0);
      }
    }
    return llvm::createStringError("no schedule reaches the goal");
  }

private:
  const Graph &g;
  const int64_t capacity;
  std::vector<uint64_t> inMask, outMask;
  uint64_t outputs = 0, allEdges = 0, inputs = 0;
};

} // namespace

llvm::Expected<int64_t> sffnn::io::optimalActivationIOs(const Graph &g,
                                                        int64_t fastMemory,
                                                        int64_t maxStates) {
  if (fastMemory < 2)
    return llvm::createStringError("fast memory must hold at least 2 words");
  if (g.numEdges() > Codec::kEdgeBits || g.numNodes() > Codec::kNodeBits)
    return llvm::createStringError(
        "network too large for the exact search (W <= 24, I + n <= 20)");
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v)
    if (g.inDegree(v) == 0)
      return llvm::createStringError("the exact search needs every neuron "
                                     "to have an in-edge");
  return Search(g, fastMemory).run(maxStates);
}
