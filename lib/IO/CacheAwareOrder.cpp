//===- CacheAwareOrder.cpp - cache-aware greedy list scheduling -----------===//
//
// The scheduler works on groups: computed neurons with identical input sets
// (they need the same words, so computing them together costs the loads of
// one). It keeps an LRU model of the fast memory (M - 1 words: one is the
// partial sum being accumulated) and, for every group, how many of its
// sources the model holds. Each step takes the ready group that misses the
// fewest sources, counting each computed source it is the last reader of as
// a tenth of a load saved (the shallowest on ties: finishing an older layer
// lets its values die), loads its sources into the model and adds its
// values; values whose last consumer is done leave the model at once, as
// they leave the real fast memory. Why this crosses layers: right after a
// group is computed, a consumer whose other sources are still resident
// misses nothing and is taken before any group that must load, so the order
// becomes a wavefront whose width the cache size sets. Where consumers need
// sources spread over most of the previous layer (the real Graph Challenge
// layers after the sixth), nothing becomes ready early and the order stays
// close to a grouped layer-by-layer order (docs/IOModel.md proves a floor
// for such orders on that network).
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/CacheAwareOrder.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/SourceGroups.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace sffnn::io;

namespace {

/// A value read by more groups than this adds to the resident count of the
/// first kCountedReaders only: a hub input would otherwise make every load
/// or eviction touch thousands of groups (quadratic). Such groups are then
/// taken for missing more than they do; the order stays valid.
constexpr int64_t kCountedReaders = 64;

/// The choice minimises kLoadWeight * missing - dying: a computed source the
/// group is the last reader of (it dies, so it is never stored or loaded
/// again) weighs a tenth of a load. On the Graph Challenge network (groups of
/// 32 sources) pure tie-breaking (a load weight above 32) and load weights
/// of 20, 5 and 3.3 gave less (docs/IOModel.md, "The cache-aware order").
constexpr int64_t kLoadWeight = 10;

/// An LRU list of the words the model holds, as intrusive links over nodes.
class LruModel {
public:
  explicit LruModel(int64_t numNodes)
      : prev(numNodes, -1), next(numNodes, -1), in(numNodes, 0) {}
  bool contains(Node u) const { return in[u]; }
  int64_t size() const { return count; }
  /// The least recently used word (the model holds at least one).
  Node oldest() const { return head; }
  void remove(Node u) {
    (prev[u] >= 0 ? next[prev[u]] : head) = next[u];
    (next[u] >= 0 ? prev[next[u]] : tail) = prev[u];
    in[u] = 0;
    --count;
  }
  /// Inserts u as the most recently used (u not held).
  void pushNewest(Node u) {
    prev[u] = tail;
    next[u] = -1;
    (tail >= 0 ? next[tail] : head) = u;
    tail = u;
    in[u] = 1;
    ++count;
  }

private:
  std::vector<Node> prev, next;
  std::vector<uint8_t> in;
  Node head = -1, tail = -1;
  int64_t count = 0;
};

class Scheduler {
public:
  Scheduler(const Graph &g, int64_t fastMemory)
      : g(g), gr(buildGroups(g)), lru(g.numNodes()),
        capacity(std::max<int64_t>(1, fastMemory - 1)),
        resident(gr.size(), 0), missingSources(gr.size(), 0),
        dying(gr.size(), 0), stamp(gr.size(), 0), done(gr.size(), 0),
        remainingReaders(g.numNodes(), 0) {
    for (int32_t k = 0; k < gr.size(); ++k)
      for (Node u : gr.sourcesOf(k)) {
        ++remainingReaders[u];
        missingSources[k] += !g.isInput(u);
      }
    for (int32_t k = 0; k < gr.size(); ++k)
      for (Node u : gr.sourcesOf(k))
        dying[k] += !g.isInput(u) && remainingReaders[u] == 1;
    for (int32_t k = 0; k < gr.size(); ++k)
      if (missingSources[k] == 0)
        push(k);
  }

  NeuronOrder run() {
    NeuronOrder order;
    order.reserve(g.numComputed);
    while (!ready.empty()) {
      std::pop_heap(ready.begin(), ready.end());
      Entry top = ready.back();
      ready.pop_back();
      if (stale(top))
        continue;
      emit(top.group, order);
    }
    return order;
  }

private:
  struct Entry {
    int64_t cost; // kLoadWeight * missing sources - dying sources
    int32_t depth;
    int32_t group;
    uint32_t stamp;
    /// The heap pops the greatest: least cost, then the shallowest
    /// (finishing older layers lets their values die), then the first group
    /// in program order.
    bool operator<(const Entry &o) const {
      if (cost != o.cost)
        return cost > o.cost;
      if (depth != o.depth)
        return depth > o.depth;
      return group > o.group;
    }
  };

  int64_t numSources(int32_t k) const {
    return gr.sourceStart[k + 1] - gr.sourceStart[k];
  }

  bool stale(const Entry &e) const {
    return done[e.group] || e.stamp != stamp[e.group];
  }

  /// (Re)queues a ready group under its current count; older entries of it
  /// become stale. When the heap outgrows twice the groups, it is rebuilt
  /// from the live entries (at most one per group), so hub values that
  /// requeue many groups cannot make it grow with W; each rebuild is paid
  /// for by the more than |groups| pushes since the last one.
  void push(int32_t k) {
    ready.push_back({kLoadWeight * (numSources(k) - resident[k]) - dying[k],
                     gr.depth[k], k, ++stamp[k]});
    std::push_heap(ready.begin(), ready.end());
    if (static_cast<int64_t>(ready.size()) > 2 * gr.size() + 1024) {
      llvm::erase_if(ready, [&](const Entry &e) { return stale(e); });
      std::make_heap(ready.begin(), ready.end());
    }
  }

  /// Adds `delta` to the resident count of u's counted readers.
  void count(Node u, int32_t delta) {
    llvm::ArrayRef<int32_t> readers = gr.readersOf(u);
    size_t end = std::min<size_t>(readers.size(), kCountedReaders);
    for (size_t i = 0; i < end; ++i) {
      int32_t k = readers[i];
      if (done[k])
        continue;
      resident[k] += delta;
      if (missingSources[k] == 0)
        push(k);
    }
  }

  void drop(Node u) {
    lru.remove(u);
    count(u, -1);
  }

  /// Makes u the most recently used word, evicting the least recently used
  /// ones beyond the capacity.
  void touch(Node u) {
    if (lru.contains(u)) {
      lru.remove(u);
      lru.pushNewest(u);
      return;
    }
    lru.pushNewest(u);
    count(u, +1);
    while (lru.size() > capacity)
      drop(lru.oldest());
  }

  void emit(int32_t k, NeuronOrder &order) {
    done[k] = 1;
    for (Node u : gr.sourcesOf(k))
      touch(u);
    for (Node v : gr.membersOf(k)) {
      order.push_back(v);
      if (remainingReaders[v] == 0)
        continue; // an output or unused: stored or dropped at once
      touch(v);
      for (int32_t c : gr.readersOf(v))
        if (--missingSources[c] == 0)
          push(c);
    }
    for (Node u : gr.sourcesOf(k)) {
      if (--remainingReaders[u] == 0 && lru.contains(u))
        drop(u);
      if (remainingReaders[u] == 1 && !g.isInput(u))
        markLastReader(u);
    }
  }

  /// u has one reading group left: u dies with it. Scans u's readers once
  /// per value, O(W) in all.
  void markLastReader(Node u) {
    for (int32_t c : gr.readersOf(u))
      if (!done[c]) {
        ++dying[c];
        if (missingSources[c] == 0)
          push(c);
        return;
      }
  }

  const Graph &g;
  Groups gr;
  LruModel lru;
  int64_t capacity;
  std::vector<int64_t> resident, missingSources;
  /// Per group: its computed sources that no other unfinished group reads.
  std::vector<int64_t> dying;
  std::vector<uint32_t> stamp;
  std::vector<uint8_t> done;
  std::vector<int64_t> remainingReaders;
  std::vector<Entry> ready; // a max-heap (std::push_heap)
};

} // namespace

NeuronOrder sffnn::io::cacheAwareOrder(const Graph &g, int64_t fastMemory) {
  return Scheduler(g, fastMemory).run();
}
