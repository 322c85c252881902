//===- Simulator.cpp - exact I/O count of a schedule ----------------------===//
#include "sffnn/IO/Simulator.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include <cassert>
#include <set>

using namespace sffnn::io;

std::optional<Policy> sffnn::io::parsePolicy(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Policy>>(name)
      .Case("belady", Policy::Belady)
      .Case("lru", Policy::Lru)
      .Default(std::nullopt);
}

const char *sffnn::io::policyName(Policy policy) {
  return policy == Policy::Belady ? "belady" : "lru";
}

namespace {

/// One run of the simulation. A node's word in fast memory is its partial
/// sum until its last in-edge, its value afterwards.
class Simulation {
public:
  Simulation(const Graph &g, const EdgeOrder &edges, int64_t capacity,
             Policy policy)
      : g(g), edges(edges), capacity(capacity), policy(policy) {
    const int64_t nodes = g.numNodes();
    // Use positions of each node's word, ascending: partial-sum uses (edges
    // into it) come before value uses (edges out of it).
    useStart.assign(nodes + 1, 0);
    for (int64_t e : edges) {
      ++useStart[g.inSources[e] + 1];
      ++useStart[g.edgeTarget[e] + 1];
    }
    for (int64_t x = 0; x < nodes; ++x)
      useStart[x + 1] += useStart[x];
    uses.resize(useStart[nodes]);
    std::vector<int64_t> fill(useStart.begin(), useStart.end() - 1);
    lastIn.assign(nodes, -1);
    for (size_t p = 0; p < edges.size(); ++p) {
      Node u = g.inSources[edges[p]], v = g.edgeTarget[edges[p]];
      uses[fill[u]++] = static_cast<uint32_t>(p);
      uses[fill[v]++] = static_cast<uint32_t>(p);
      lastIn[v] = static_cast<int64_t>(p);
    }
    cursor.assign(useStart.begin(), useStart.end() - 1);
    state.assign(nodes, {});
    for (Node x = 0; x < g.numInputs; ++x)
      state[x].inSlow = state[x].final = true;
    for (Node y : g.outputs)
      state[y].output = true;
  }

  IOCount run() {
    for (size_t p = 0; p < edges.size(); ++p) {
      now = p;
      Node u = g.inSources[edges[p]], v = g.edgeTarget[edges[p]];
      ensurePartialSum(v, u);
      ensureValue(u, v);
      // Add w_uv * x_u: the partial sum changes, any stored copy is stale.
      state[v].dirty = true;
      state[v].inSlow = false;
      ++cursor[u];
      ++cursor[v];
      if (static_cast<int64_t>(p) == lastIn[v])
        state[v].final = true; // activated; still dirty, not in slow memory
      refresh(u, p);
      refresh(v, p);
    }
    // Outputs never touched: inputs returned as they are, and neurons with
    // no in-edges (their value is act(bias)).
    for (Node y : g.outputs)
      if (!state[y].outputStored) {
        if (g.isInput(y))
          ++count.inputLoads;
        ++count.outputStores;
      }
    return count;
  }

private:
  struct NodeState {
    bool resident = false, dirty = false, inSlow = false, started = false,
         final = false, output = false, outputStored = false;
    int64_t key = 0; // ordering key while resident
  };

  bool hasUses(Node x) const { return cursor[x] < useStart[x + 1]; }

  /// Eviction order: a larger key goes first.
  int64_t keyOf(Node x, size_t p) const {
    return policy == Policy::Belady ? static_cast<int64_t>(uses[cursor[x]])
                                    : -static_cast<int64_t>(p);
  }

  void insert(Node x, size_t p) {
    state[x].resident = true;
    state[x].key = keyOf(x, p);
    resident.insert({state[x].key, x});
  }

  void erase(Node x) {
    resident.erase({state[x].key, x});
    state[x].resident = false;
  }

  /// After position p: drop a word nobody needs again, rekey the others.
  void refresh(Node x, size_t p) {
    if (!state[x].resident)
      return;
    erase(x);
    if (hasUses(x)) {
      insert(x, p);
      return;
    }
    if (state[x].final && state[x].output && !state[x].outputStored) {
      ++count.outputStores;
      state[x].outputStored = true;
    }
  }

  /// Makes room for one word, never evicting `pinned`.
  void makeRoom(Node pinned) {
    if (static_cast<int64_t>(resident.size()) < capacity)
      return;
    auto victim = std::prev(resident.end());
    if (victim->second == pinned)
      victim = std::prev(victim);
    Node x = victim->second;
    NodeState &s = state[x];
    if (!s.final) {
      if (s.dirty) {
        ++count.partialStores;
        s.inSlow = true;
        s.dirty = false;
      }
    } else if (!s.inSlow) {
      if (s.output) {
        ++count.outputStores;
        s.outputStored = true;
      } else {
        ++count.hiddenStores;
      }
      s.inSlow = true;
      s.dirty = false;
    }
    erase(x);
  }

  void ensurePartialSum(Node v, Node other) {
    NodeState &s = state[v];
    if (s.resident)
      return;
    makeRoom(other);
    if (!s.started) {
      s.started = true; // from the bias (a parameter I/O) or zero
    } else {
      assert(s.inSlow && "an evicted partial sum is always stored");
      ++count.partialLoads;
    }
    insert(v, now);
  }

  void ensureValue(Node u, Node other) {
    NodeState &s = state[u];
    if (s.resident)
      return;
    makeRoom(other);
    if (g.isInput(u)) {
      ++count.inputLoads;
    } else if (!s.started) {
      // No in-edges: act(bias) is made in fast memory.
      s.started = s.final = true;
    } else {
      assert(s.inSlow && "an evicted live value is always stored");
      ++count.hiddenLoads;
    }
    insert(u, now);
  }

  const Graph &g;
  const EdgeOrder &edges;
  const int64_t capacity;
  const Policy policy;
  std::vector<int64_t> useStart, cursor, lastIn;
  std::vector<uint32_t> uses;
  std::vector<NodeState> state;
  std::set<std::pair<int64_t, Node>> resident;
  size_t now = 0;
  IOCount count;
};

} // namespace

llvm::Expected<IOCount> sffnn::io::simulate(const Graph &g,
                                            const EdgeOrder &edges,
                                            int64_t fastMemory, Policy policy) {
  if (fastMemory < 2)
    return llvm::createStringError(
        "fast memory must hold at least 2 words (a partial sum and a "
        "source), got " +
        llvm::Twine(fastMemory));
  if (llvm::Error err = checkEdgeOrder(g, edges))
    return std::move(err);
  IOCount count = Simulation(g, edges, fastMemory, policy).run();
  count.parameterIOs = g.numEdges();
  for (uint8_t b : g.hasBias)
    count.parameterIOs += b;
  return count;
}

llvm::Expected<IOCount> sffnn::io::simulateNeuronOrder(const Graph &g,
                                                       const NeuronOrder &order,
                                                       int64_t fastMemory,
                                                       Policy policy) {
  if (llvm::Error err = checkNeuronOrder(g, order))
    return std::move(err);
  return simulate(g, expandNeuronOrder(g, order), fastMemory, policy);
}
