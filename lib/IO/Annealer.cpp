//===- Annealer.cpp - simulated-annealing neuron reordering ---------------===//
#include "sffnn/IO/Annealer.h"

#include "sffnn/IO/Bounds.h"
#include "sffnn/Support/Random.h"

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <chrono>
#include <cmath>

using namespace sffnn;
using namespace sffnn::io;

namespace {

/// The farthest one window move goes (each place is one adjacent swap).
constexpr int64_t kMaxWindowMove = 4096;
/// The most neurons one block move carries.
constexpr int64_t kMaxBlock = 64;
/// The most places a best-place move tries (each is one adjacent swap; the
/// surrogate's delta is known after each, so the sweep sees every place).
constexpr int64_t kMaxBestPlace = 64;

/// The surrogate cost of a neuron order, updated exactly under adjacent
/// swaps. Every value x has a touch list sorted by position: for a computed
/// value its own position, then its consumers; for an input its consumers.
/// A gap between consecutive touches costs min(gap, K); a computed
/// non-output value with a gap longer than K also costs K (its store).
class Surrogate {
public:
  Surrogate(const Graph &g, const NeuronOrder &start, int64_t threshold)
      : g(g), order(start), threshold(threshold) {
    pos.assign(g.numNodes(), -1);
    for (size_t i = 0; i < order.size(); ++i)
      pos[order[i]] = static_cast<int64_t>(i);
    touchStart.assign(g.numNodes() + 1, 0);
    for (Node x = 0; x < g.numNodes(); ++x)
      touchStart[x + 1] = touchStart[x] + g.outDegree(x) + !g.isInput(x);
    touch.resize(touchStart.back());
    touchEdge.resize(touchStart.back());
    edgeEntry.resize(g.numEdges());
    longGaps.assign(g.numNodes(), 0);
    gapCost.assign(g.numNodes(), 0);
    storeWeight.assign(g.numNodes(), threshold);
    for (Node x = 0; x < g.numInputs; ++x)
      storeWeight[x] = 0;
    for (Node y : g.outputs)
      storeWeight[y] = 0;
    std::vector<std::pair<int64_t, int64_t>> consumers;
    for (Node x = 0; x < g.numNodes(); ++x) {
      int64_t t = touchStart[x];
      if (!g.isInput(x)) {
        touch[t] = x;
        touchEdge[t] = -1;
        ++t;
      }
      consumers.clear();
      for (int64_t k = g.outOffsets[x]; k < g.outOffsets[x + 1]; ++k)
        consumers.push_back({pos[g.edgeTarget[g.outEdges[k]]], g.outEdges[k]});
      std::sort(consumers.begin(), consumers.end());
      for (auto [p, e] : consumers) {
        touch[t] = g.edgeTarget[e];
        touchEdge[t] = e;
        edgeEntry[e] = t;
        ++t;
      }
      for (int64_t k = touchStart[x] + 1; k < touchStart[x + 1]; ++k) {
        longGaps[x] += gap(k) > threshold;
        gapCost[x] += weight(gap(k));
      }
      total += costOf(x);
    }
    stamp.assign(g.numNodes(), 0);
  }

  int64_t cost() const { return total; }
  const NeuronOrder &current() const { return order; }
  int64_t position(Node v) const { return pos[v]; }

  /// How far v can move right (before its first consumer) and left (after
  /// its last computed source). O(in-degree).
  int64_t roomRight(Node v) const {
    int64_t end = static_cast<int64_t>(order.size());
    if (touchStart[v + 1] - touchStart[v] > 1)
      end = pos[touch[touchStart[v] + 1]];
    return end - pos[v] - 1;
  }
  int64_t roomLeft(Node v) const {
    int64_t begin = -1;
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      begin = std::max(begin, pos[g.inSources[e]]);
    return pos[v] - begin - 1;
  }

  /// Swaps the neurons at positions i and i+1 unless the second reads the
  /// first. Returns false (and changes nothing) in that case.
  bool swap(int64_t i, int64_t &delta) {
    Node a = order[i], b = order[i + 1];
    if (touchStart[a + 1] - touchStart[a] > 1 && touch[touchStart[a] + 1] == b)
      return false; // b consumes a
    ++generation;
    // Lists holding both: a and b are adjacent there; only their order
    // flips, no gap changes.
    for (int64_t e = g.firstInEdge(a); e < g.firstInEdge(a) + g.inDegree(a);
         ++e) {
      int64_t t = edgeEntry[e];
      Node x = g.inSources[e];
      if (t + 1 < touchStart[x + 1] && touch[t + 1] == b) {
        stamp[x] = generation;
        std::swap(touch[t], touch[t + 1]);
        std::swap(touchEdge[t], touchEdge[t + 1]);
        edgeEntry[touchEdge[t]] = t;
        edgeEntry[touchEdge[t + 1]] = t + 1;
      }
    }
    // a moves one later, b one earlier, in every other list.
    shiftEntry(a, touchStart[a], +1, delta);
    shiftEntry(b, touchStart[b], -1, delta);
    for (int64_t e = g.firstInEdge(a); e < g.firstInEdge(a) + g.inDegree(a);
         ++e)
      if (stamp[g.inSources[e]] != generation)
        shiftEntry(g.inSources[e], edgeEntry[e], +1, delta);
    for (int64_t e = g.firstInEdge(b); e < g.firstInEdge(b) + g.inDegree(b);
         ++e)
      if (stamp[g.inSources[e]] != generation)
        shiftEntry(g.inSources[e], edgeEntry[e], -1, delta);
    std::swap(order[i], order[i + 1]);
    pos[a] = i + 1;
    pos[b] = i;
    return true;
  }

private:
  int64_t gap(int64_t t) const { return pos[touch[t]] - pos[touch[t - 1]]; }

  /// A gap costs its length up to K: a reload once it exceeds K (the
  /// reuse distance past which the calibrated machine evicts), and a
  /// gentler pull towards locality below K, which a step function would not
  /// give the search.
  int64_t weight(int64_t gap) const { return std::min(gap, threshold); }
  int64_t costOf(Node x) const {
    return gapCost[x] + (longGaps[x] > 0 ? storeWeight[x] : 0);
  }

  /// The entry at t in x's list moves by `step` (+1 or -1) positions: the
  /// gap before it grows by `step`, the gap after it shrinks by `step`.
  /// For a unit change min(gap, K) moves by one exactly when the gap stays
  /// at most K, and a gap crosses K only from K or K + 1; the store term
  /// changes only when the count of long gaps leaves or reaches zero.
  void shiftEntry(Node x, int64_t t, int64_t step, int64_t &delta) {
    int64_t change = 0, longBefore = longGaps[x];
    auto update = [&](int64_t old, int64_t by) {
      if (by > 0) {
        change += old < threshold;
        longGaps[x] += old == threshold;
      } else {
        change -= old <= threshold;
        longGaps[x] -= old == threshold + 1;
      }
    };
    int64_t here = pos[touch[t]];
    if (t > touchStart[x])
      update(here - pos[touch[t - 1]], step);
    if (t + 1 < touchStart[x + 1])
      update(pos[touch[t + 1]] - here, -step);
    gapCost[x] += change;
    if ((longBefore > 0) != (longGaps[x] > 0))
      change += storeWeight[x] * (longGaps[x] > 0 ? 1 : -1);
    total += change;
    delta += change;
  }

  const Graph &g;
  NeuronOrder order;
  std::vector<int64_t> pos, touchStart, touchEdge, edgeEntry, longGaps, gapCost;
  std::vector<Node> touch;
  /// K for computed non-output values (their store), 0 for the others.
  std::vector<int64_t> storeWeight;
  std::vector<uint64_t> stamp;
  uint64_t generation = 0;
  const int64_t threshold;
  int64_t total = 0;
};

/// The threshold K at which the surrogate of `order` best matches its exact
/// activation I/Os minus the I/Os every schedule pays (loads of used inputs,
/// stores of outputs). O(W log W).
int64_t calibrate(const Graph &g, const NeuronOrder &order, int64_t target) {
  std::vector<int64_t> pos(g.numNodes(), -1), gaps, storeGaps;
  for (size_t i = 0; i < order.size(); ++i)
    pos[order[i]] = static_cast<int64_t>(i);
  std::vector<uint8_t> output(g.numNodes(), 0);
  for (Node y : g.outputs)
    output[y] = 1;
  std::vector<int64_t> touches;
  for (Node x = 0; x < g.numNodes(); ++x) {
    touches.clear();
    if (!g.isInput(x))
      touches.push_back(pos[x]);
    for (int64_t k = g.outOffsets[x]; k < g.outOffsets[x + 1]; ++k)
      touches.push_back(pos[g.edgeTarget[g.outEdges[k]]]);
    std::sort(touches.begin(), touches.end());
    int64_t widest = 0;
    for (size_t k = 1; k < touches.size(); ++k) {
      gaps.push_back(touches[k] - touches[k - 1]);
      widest = std::max(widest, gaps.back());
    }
    if (!g.isInput(x) && !output[x] && widest > 0)
      storeGaps.push_back(widest);
  }
  std::sort(gaps.begin(), gaps.end());
  std::sort(storeGaps.begin(), storeGaps.end());
  auto surrogate = [&](int64_t k) {
    auto above = [k](const std::vector<int64_t> &v) {
      return static_cast<int64_t>(v.end() -
                                  std::upper_bound(v.begin(), v.end(), k));
    };
    return above(gaps) + above(storeGaps);
  };
  // The surrogate falls as K grows: find the first K at or below target.
  int64_t lo = 1, hi = std::max<int64_t>(1, g.numComputed);
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (surrogate(mid) <= target)
      hi = mid;
    else
      lo = mid + 1;
  }
  if (lo > 1 && std::llabs(surrogate(lo - 1) - target) <
                    std::llabs(surrogate(lo) - target))
    --lo;
  return lo;
}

} // namespace

llvm::Expected<AnnealResult> sffnn::io::anneal(const Graph &g,
                                               const NeuronOrder &start,
                                               const AnnealOptions &options) {
  if (options.iterations < 0 || options.seconds < 0 ||
      (options.iterations == 0 && options.seconds == 0))
    return llvm::createStringError(
        "annealing needs a move budget (iterations > 0) or a time budget "
        "(seconds > 0)");
  // A NaN or infinite time budget never runs out: the loop would not end.
  if (!std::isfinite(options.seconds) || options.seconds > kMaxAnnealSeconds)
    return llvm::createStringError(
        "seconds must be a finite number of at most %.0f (about 11 days), "
        "got %g",
        kMaxAnnealSeconds, options.seconds);
  if (options.maxDistance < 1)
    return llvm::createStringError("max-distance must be at least 1");
  if (options.checkpoints < 0 || options.checkpoints > kMaxCheckpoints)
    return llvm::createStringError(
        "checkpoints must be in [0, %lld], got %lld",
        static_cast<long long>(kMaxCheckpoints),
        static_cast<long long>(options.checkpoints));
  if (options.expansions.empty())
    return llvm::createStringError("annealing needs at least one expansion");
  if (options.registerTile < 1)
    return llvm::createStringError("register-tile must be at least 1");
  auto exact = [&](const NeuronOrder &order) {
    return cheapestExpansion(g, order, options.expansions, options.registerTile,
                             options.fastMemory, options.policy);
  };
  llvm::Expected<ExpandedCount> startCount = exact(start);
  if (!startCount)
    return startCount.takeError();

  auto clock = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         clock)
        .count();
  };
  AnnealResult result;
  result.order = start;
  result.start = result.best = startCount->count;
  result.startExpansion = result.expansion = startCount->expansion;
  if (g.numComputed < 2)
    return result;

  // The surrogate models neuron orders: calibrate it on the start's
  // neuron-order cost, whatever expansion is cheapest.
  IOCount neuronStart = startCount->count;
  if (startCount->expansion != Expansion::Neuron) {
    llvm::Expected<IOCount> count =
        simulateNeuronOrder(g, start, options.fastMemory, options.policy);
    if (!count)
      return count.takeError();
    neuronStart = *count;
  }
  Bounds bounds = computeBounds(g);
  result.threshold = calibrate(
      g, start, neuronStart.activation() - bounds.usedInputs - bounds.outputs);
  Surrogate state(g, start, result.threshold);
  Random random(options.seed);

  // Neurons with the same input set (by a 64-bit hash of the sorted set:
  // a collision only changes which neurons a block move carries along).
  std::vector<uint64_t> setHash(g.numNodes(), 0);
  std::vector<Node> sources;
  for (Node v = static_cast<Node>(g.numInputs); v < g.numNodes(); ++v) {
    sources.assign(g.inSources.begin() + g.firstInEdge(v),
                   g.inSources.begin() + g.firstInEdge(v) + g.inDegree(v));
    std::sort(sources.begin(), sources.end());
    setHash[v] = llvm::hash_combine_range(sources.begin(), sources.end());
  }

  // One move, in turn: slide a random neuron up to maxDistance places;
  // move it to the best of the next kMaxBestPlace places of its window on
  // one side; move it to a random place anywhere in its window, up to
  // kMaxWindowMove places away; the best place again; or move the run of
  // neighbours around it that read the same inputs (up to kMaxBlock of
  // them) by up to maxDistance places as one block. Undone when `accept`
  // says no. (On the random DAG of docs/Performance.md the best-place move
  // is what takes the default 100 000 moves from -9.5% to -10.4%.)
  enum Kind { Slide, BestPlace, WindowJump, Block };
  constexpr Kind kCycle[] = {Slide, BestPlace, WindowJump, BestPlace, Block};
  std::vector<int64_t> swaps;
  size_t turn = 0;
  auto undoAll = [&] {
    int64_t undo = 0;
    for (auto it = swaps.rbegin(); it != swaps.rend(); ++it)
      state.swap(*it, undo);
    swaps.clear();
  };
  // Moves the run [lo, hi] one place (right or left): the neighbour on that
  // side crosses the whole run. False (and nothing changed) if it cannot.
  auto shiftRun = [&](int64_t &lo, int64_t &hi, bool right,
                      int64_t &delta) {
    size_t mark = swaps.size();
    int64_t change = 0;
    bool ok = right ? hi + 1 < g.numComputed : lo > 0;
    for (int64_t k = 0; ok && k <= hi - lo; ++k) {
      int64_t i = right ? hi - k : lo - 1 + k;
      ok = state.swap(i, change);
      if (ok)
        swaps.push_back(i);
    }
    if (!ok) {
      int64_t undo = 0;
      while (swaps.size() > mark) {
        state.swap(swaps.back(), undo);
        swaps.pop_back();
      }
      return false;
    }
    delta += change;
    lo += right ? 1 : -1;
    hi += right ? 1 : -1;
    return true;
  };
  auto move = [&](auto accept) {
    Node v = static_cast<Node>(g.numInputs + random.below(g.numComputed));
    bool right = random.below(2);
    int64_t distance = 1 + random.below(options.maxDistance), delta = 0;
    Kind kind = kCycle[turn];
    turn = (turn + 1) % std::size(kCycle);
    swaps.clear();
    if (kind == Block) {
      const NeuronOrder &order = state.current();
      int64_t lo = state.position(v), hi = lo;
      while (lo > 0 && hi - lo + 1 < kMaxBlock &&
             setHash[order[lo - 1]] == setHash[v])
        --lo;
      while (hi + 1 < g.numComputed && hi - lo + 1 < kMaxBlock &&
             setHash[order[hi + 1]] == setHash[v])
        ++hi;
      for (int64_t s = 0; s < distance; ++s)
        if (!shiftRun(lo, hi, right, delta))
          break;
    } else if (kind == BestPlace) {
      // Walk v through its window, then back to where the running delta
      // was least: the acceptance test sees the best place, not a random
      // one.
      int64_t room =
          std::min(right ? state.roomRight(v) : state.roomLeft(v),
                   kMaxBestPlace);
      int64_t bestDelta = 0, bestSteps = 0, sum = 0;
      for (int64_t s = 1; s <= room; ++s) {
        int64_t i = state.position(v) - (right ? 0 : 1);
        if (!state.swap(i, sum))
          break;
        swaps.push_back(i);
        if (s == 1 || sum < bestDelta) {
          bestDelta = sum;
          bestSteps = s;
        }
      }
      int64_t undo = 0;
      while (static_cast<int64_t>(swaps.size()) > bestSteps) {
        state.swap(swaps.back(), undo);
        swaps.pop_back();
      }
      delta = bestDelta;
    } else {
      if (kind == WindowJump) {
        int64_t room = std::min(
            right ? state.roomRight(v) : state.roomLeft(v), kMaxWindowMove);
        if (room < 1)
          return false;
        distance = 1 + random.below(room);
      }
      for (int64_t s = 0; s < distance; ++s) {
        int64_t i = state.position(v) - (right ? 0 : 1);
        if (i < 0 || i + 1 >= g.numComputed || !state.swap(i, delta))
          break;
        swaps.push_back(i);
      }
    }
    if (swaps.empty())
      return false;
    if (accept(delta))
      return true;
    undoAll();
    return false;
  };

  // Starting temperature: uphill moves of the typical size are accepted
  // with probability 1/2.
  double uphill = 0;
  int64_t samples = 0;
  for (int k = 0; k < 200; ++k)
    move([&](int64_t delta) {
      if (delta > 0) {
        uphill += static_cast<double>(delta);
        ++samples;
      }
      return false;
    });
  double t0 = std::max(1.0, samples ? uphill / samples : 1.0) / std::log(2.0);
  double tEnd = t0 / 1000.0;

  auto progress = [&] {
    double byMoves = options.iterations
                         ? static_cast<double>(result.moves) /
                               static_cast<double>(options.iterations)
                         : 0.0;
    double byTime = options.seconds ? elapsed() / options.seconds : 0.0;
    return std::max(byMoves, byTime);
  };
  int64_t nextCheckpoint = 1;
  auto checkpoint = [&]() -> llvm::Error {
    double begin = elapsed();
    llvm::Expected<ExpandedCount> count = exact(state.current());
    result.checkpointSeconds += elapsed() - begin;
    if (!count)
      return count.takeError();
    if (count->count.total() < result.best.total()) {
      result.best = count->count;
      result.expansion = count->expansion;
      result.order = state.current();
    }
    return llvm::Error::success();
  };
  while (true) {
    double p = progress();
    if (p >= 1.0)
      break;
    if (p * (options.checkpoints + 1) >= nextCheckpoint) {
      ++nextCheckpoint;
      if (llvm::Error err = checkpoint())
        return std::move(err);
    }
    double temperature = t0 * std::pow(tEnd / t0, p);
    ++result.moves;
    result.accepted += move([&](int64_t delta) {
      return delta <= 0 ||
             random.uniform() <
                 std::exp(-static_cast<double>(delta) / temperature);
    });
  }
  if (llvm::Error err = checkpoint())
    return std::move(err);
  if (options.checkSurrogate) {
    int64_t fresh = Surrogate(g, state.current(), result.threshold).cost();
    if (fresh != state.cost())
      return llvm::createStringError(
          "annealing surrogate drifted: incremental " +
          llvm::Twine(state.cost()) + ", recomputed " + llvm::Twine(fresh));
  }
  result.seconds = elapsed();
  return result;
}
