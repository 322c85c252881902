//===- KernelPlan.cpp - register groups, scratch slots, chunks ------------===//
#include "sffnn/Codegen/KernelPlan.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"

#include <algorithm>
#include <unordered_set>
#include <cmath>
#include <limits>

using namespace sffnn;
using namespace sffnn::codegen;
using io::Node;

namespace {

/// Scratch slots with a LIFO free list, and the set of slots in use (kept
/// so that listing it costs its size, not the number of slots).
class SlotAllocator {
public:
  int32_t take() {
    int32_t slot;
    if (!free.empty()) {
      slot = free.back();
      free.pop_back();
    } else {
      slot = static_cast<int32_t>(indexInLive.size());
      indexInLive.push_back(-1);
    }
    indexInLive[slot] = static_cast<int64_t>(inUse.size());
    inUse.push_back(slot);
    return slot;
  }
  void release(int32_t slot) {
    // Swap-remove from the set of slots in use.
    int64_t k = indexInLive[slot];
    inUse[k] = inUse.back();
    indexInLive[inUse[k]] = k;
    inUse.pop_back();
    indexInLive[slot] = -1;
    free.push_back(slot);
  }
  int64_t size() const { return static_cast<int64_t>(indexInLive.size()); }
  int64_t liveCount() const { return static_cast<int64_t>(inUse.size()); }
  /// The slots in use, ascending. O(live log live).
  std::vector<int32_t> live() const {
    std::vector<int32_t> result = inUse;
    std::sort(result.begin(), result.end());
    return result;
  }

private:
  std::vector<int32_t> inUse;
  std::vector<int64_t> indexInLive;
  std::vector<int32_t> free;
};

class Planner {
public:
  Planner(const Program &program, const PlanOptions &options)
      : program(program), graph(program.graph), options(options),
        // Straight-line code stores a group's results only after all its
        // sums: a result may then reuse the slot of a source of its own
        // group. Table code stores single neurons one by one; so do plans
        // whose chunks may take either form (Auto, Alternate).
        storeAfterGroup(options.form == KernelForm::StraightLine),
        // Chunks whose form is chosen later start at the straight-line
        // size; consecutive table chunks are merged afterwards.
        chunkLimit(options.form == KernelForm::Table
                       ? options.tableChunkFactor * options.chunkConnections
                       : options.chunkConnections),
        slotOf(graph.numNodes(), -1), remaining(graph.numNodes(), 0),
        isOutput(graph.numNodes(), 0), groupMark(graph.numNodes(), -1),
        sourceMark(graph.numNodes(), -1), termsOf(graph.numNodes()),
        memberIndex(graph.numNodes(), 0) {
    for (Node y : graph.outputs)
      isOutput[y] = 1;
  }

  KernelPlan run(const io::NeuronOrder &order) {
    countLiveReaders(order);
    plan.numInputs = graph.numInputs;
    plan.numOutputs = static_cast<int64_t>(graph.outputs.size());
    for (Node i = 0; i < graph.numInputs; ++i)
      if (remaining[i] > 0 || isOutput[i]) {
        slotOf[i] = slots.take();
        plan.inputSlots.push_back({i, slotOf[i]});
      }

    std::vector<int64_t> starts = options.blockStarts;
    std::sort(starts.begin(), starts.end());
    size_t nextStart = 0;
    beginChunk();
    indexSourceSets(order);
    if (options.dropDeadSamples)
      zeroFrom = zeroStaysZeroFrom(program, order);
    for (int64_t pos = 0; pos < static_cast<int64_t>(order.size()); ++pos) {
      Node v = order[pos];
      if (taken[v])
        continue;
      // Neurons no output depends on are dead code.
      if (remaining[v] == 0 && !isOutput[v])
        continue;
      bool blockStart = false;
      while (nextStart < starts.size() && starts[nextStart] <= pos) {
        blockStart = starts[nextStart] == pos || blockStart;
        ++nextStart;
      }
      bool readsMember = false;
      for (int64_t e = graph.firstInEdge(v); e < graph.firstInEdge(v) +
                                                     graph.inDegree(v);
           ++e)
        readsMember |= groupMark[graph.inSources[e]] == groupId;
      if (readsMember || blockStart ||
          static_cast<int64_t>(current.size()) >= options.registerTile) {
        flushGroup();
        if (blockStart || chunkConnections >= chunkLimit) {
          endChunk(pos);
          chunkStartsBlock.resize(plan.chunks.size(), 0);
          chunkStartsBlock.back() = blockStart;
        }
      }
      current.push_back(v);
      groupMark[v] = groupId;
      taken[v] = 1;
      if (current.size() == 1) {
        int64_t blockEnd = nextStart < starts.size()
                               ? starts[nextStart]
                               : static_cast<int64_t>(order.size());
        pullSameSources(order, pos, std::min(blockEnd, pos + 1 +
                                                           options.window));
      }
    }
    flushGroup();
    endChunk(-1);
    if (!plan.chunks.empty() &&
        plan.chunks.back().firstGroup == plan.chunks.back().endGroup)
      plan.chunks.pop_back();

    for (Node y : graph.outputs)
      plan.outputSlots.push_back(slotOf[y]);
    plan.slots = slots.size();
    // Biases go after the terms.
    int64_t terms = static_cast<int64_t>(plan.pool.size());
    for (Member &m : plan.members)
      if (m.biasOffset >= 0) {
        float b = program.bias[m.node - graph.numInputs];
        m.biasOffset = terms + static_cast<int64_t>(biasValues.size());
        biasValues.push_back(b);
      }
    plan.pool.insert(plan.pool.end(), biasValues.begin(), biasValues.end());
    chooseForms();
    return std::move(plan);
  }

private:
  /// remaining[v] = the readers of v that some output depends on: in
  /// reverse order, a neuron is live if it is an output or a live neuron
  /// reads it (transitively, so a neuron read only by dead neurons is dead
  /// too). O(nodes + edges).
  void countLiveReaders(const io::NeuronOrder &order) {
    std::vector<uint8_t> live(isOutput);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      Node v = *it;
      if (!live[v])
        continue;
      for (int64_t e = graph.firstInEdge(v);
           e < graph.firstInEdge(v) + graph.inDegree(v); ++e) {
        ++remaining[graph.inSources[e]];
        live[graph.inSources[e]] = 1;
      }
    }
  }

  /// Sorted sources of a computed node.
  std::vector<Node> sortedSources(Node v) const {
    int64_t e = graph.firstInEdge(v);
    std::vector<Node> sources(graph.inSources.begin() + e,
                              graph.inSources.begin() + e + graph.inDegree(v));
    std::sort(sources.begin(), sources.end());
    return sources;
  }

  /// Sorts the live neurons with sources into classes of exactly equal
  /// source multisets (sameClass: their positions, ascending, class by
  /// class), hashing over the whole order: O(n + W log(max in-degree)).
  /// A neuron whose hash matches a class of other sources (a collision)
  /// gets a class of its own: it is then only never pulled, which costs
  /// speed, not correctness.
  void indexSourceSets(const io::NeuronOrder &order) {
    taken.assign(graph.numNodes(), 0);
    if (options.window <= 0)
      return;
    int64_t n = static_cast<int64_t>(order.size());
    classOf.assign(n, -1);
    std::vector<int64_t> classSize;
    {
      // Hash of a source set -> its class and that class's first neuron.
      llvm::DenseMap<uint64_t, std::pair<int32_t, Node>> classOfHash;
      for (int64_t pos = 0; pos < n; ++pos) {
        Node v = order[pos];
        if (graph.inDegree(v) == 0 || (remaining[v] == 0 && !isOutput[v]))
          continue;
        std::vector<Node> sources = sortedSources(v);
        uint64_t key = llvm::hash_combine_range(sources.begin(), sources.end());
        auto [it, inserted] = classOfHash.try_emplace(
            key, static_cast<int32_t>(classSize.size()), v);
        int32_t c = it->second.first;
        if (!inserted && sortedSources(it->second.second) != sources)
          c = static_cast<int32_t>(classSize.size()); // a collision
        if (c == static_cast<int32_t>(classSize.size()))
          classSize.push_back(0);
        classOf[pos] = c;
        ++classSize[c];
      }
    }
    // Positions by class (a counting sort: ascending within each class).
    classBegin.assign(classSize.size() + 1, 0);
    for (size_t c = 0; c < classSize.size(); ++c)
      classBegin[c + 1] = classBegin[c] + classSize[c];
    classCursor.assign(classBegin.begin(), classBegin.end() - 1);
    sameClass.assign(classBegin.back(), 0);
    std::vector<int64_t> fill(classCursor);
    for (int64_t pos = 0; pos < n; ++pos)
      if (classOf[pos] >= 0)
        sameClass[fill[classOf[pos]]++] = static_cast<int32_t>(pos);
  }

  /// Fills the group of order[pos] with later neurons (positions below
  /// `limit`) that read exactly the same sources: they are ready whenever
  /// it is, and share every source load. Each class's cursor only moves
  /// forward, past the positions already run or pulled, so all the pulls
  /// together cost O(n).
  void pullSameSources(const io::NeuronOrder &order, int64_t pos,
                       int64_t limit) {
    if (options.window <= 0 || classOf[pos] < 0)
      return;
    int32_t c = classOf[pos];
    int64_t &cursor = classCursor[c];
    int64_t end = classBegin[c + 1];
    while (cursor < end && (sameClass[cursor] <= pos ||
                            taken[order[sameClass[cursor]]]))
      ++cursor;
    // The neurons of the class after pos are untaken: a neuron is taken at
    // its own position (behind the cursor now) or pulled by an earlier
    // neuron of its class, which pulls the first untaken ones after it and
    // so would have pulled order[pos] first.
    while (cursor < end && sameClass[cursor] < limit &&
           static_cast<int64_t>(current.size()) < options.registerTile) {
      Node u = order[sameClass[cursor++]];
      if (taken[u])
        continue; // cannot happen (above); kept so a slip costs speed only
      current.push_back(u);
      groupMark[u] = groupId;
      taken[u] = 1;
    }
  }

  /// What the cost model needs of chunk k. O(its connections).
  ChunkShape shapeOf(const Chunk &chunk) {
    ChunkShape shape;
    shape.connections = chunk.connections;
    weightSet.clear();
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g) {
      const RegisterGroup &group = plan.groups[g];
      shape.sourceLoads += group.endSource - group.firstSource;
      int64_t terms = group.endSource > group.firstSource
                          ? plan.sources[group.endSource - 1].endTerm -
                                plan.sources[group.firstSource].firstTerm
                          : 0;
      if (isDenseGroup(plan, group))
        shape.denseConnections += terms;
      else
        shape.singleNeurons += group.endMember - group.firstMember;
      for (int64_t s = group.firstSource; s < group.endSource; ++s)
        for (int64_t t = plan.sources[s].firstTerm;
             t < plan.sources[s].endTerm; ++t)
          weightSet.insert(plan.pool[t]);
    }
    shape.distinctWeights = static_cast<int64_t>(weightSet.size());
    return shape;
  }

  /// Each chunk's form: forced, alternating, or (Auto) straight-line for
  /// the chunks the cost model says gain most from it, within a budget of
  /// maxStraightLine connections; then consecutive table chunks merge up
  /// to the table chunk size.
  void chooseForms() {
    std::vector<Chunk> &chunks = plan.chunks;
    chunkStartsBlock.resize(chunks.size(), 0);
    if (options.form == KernelForm::Alternate)
      for (size_t k = 0; k < chunks.size(); ++k)
        chunks[k].form =
            k % 2 ? ChunkFormKind::Table : ChunkFormKind::StraightLine;
    if (options.form != KernelForm::Auto)
      return;
    // Gain per tile of straight-line code, per connection, best first.
    std::vector<std::pair<double, size_t>> gains;
    for (size_t k = 0; k < chunks.size(); ++k) {
      ChunkShape shape = shapeOf(chunks[k]);
      double gain =
          estimateChunkCost(shape, ChunkFormKind::Table,
                            options.tilesPerGroup) -
          estimateChunkCost(shape, ChunkFormKind::StraightLine,
                            options.tilesPerGroup, options.weightRegisters);
      if (gain > 0)
        gains.push_back(
            {gain / double(std::max<int64_t>(shape.connections, 1)), k});
    }
    std::stable_sort(gains.begin(), gains.end(),
                     [](const auto &a, const auto &b) {
                       return a.first > b.first;
                     });
    int64_t budget = options.maxStraightLine;
    for (auto [gain, k] : gains) {
      if (chunks[k].connections > budget)
        continue;
      budget -= chunks[k].connections;
      chunks[k].form = ChunkFormKind::StraightLine;
    }
    mergeTableChunks();
  }

  /// Merges each table chunk into a preceding table chunk when that one
  /// drops no samples after it, it starts no cache block, and the sum
  /// stays within the table chunk size.
  void mergeTableChunks() {
    std::vector<Chunk> &chunks = plan.chunks;
    int64_t limit = options.tableChunkFactor * options.chunkConnections;
    size_t kept = 0;
    for (size_t k = 0; k < chunks.size(); ++k) {
      if (kept > 0) {
        Chunk &last = chunks[kept - 1];
        if (last.form == ChunkFormKind::Table &&
            chunks[k].form == ChunkFormKind::Table && !last.dropDeadAfter &&
            !chunkStartsBlock[k] &&
            last.connections + chunks[k].connections <= limit) {
          last.endGroup = chunks[k].endGroup;
          last.connections += chunks[k].connections;
          last.dropDeadAfter = chunks[k].dropDeadAfter;
          last.liveSlotsAfter = std::move(chunks[k].liveSlotsAfter);
          continue;
        }
      }
      if (kept != k)
        chunks[kept] = std::move(chunks[k]);
      ++kept;
    }
    chunks.resize(kept);
  }

  void beginChunk() {
    if (!plan.chunks.empty() &&
        plan.chunks.back().endGroup == plan.chunks.back().firstGroup)
      return;
    int64_t g = static_cast<int64_t>(plan.groups.size());
    ChunkFormKind initial = options.form == KernelForm::StraightLine
                                ? ChunkFormKind::StraightLine
                                : ChunkFormKind::Table;
    plan.chunks.push_back({g, g, 0, initial, false, {}});
    chunkConnections = 0;
  }
  /// Closes the current chunk; the next one starts with order[nextPos]
  /// (-1: there is none).
  void endChunk(int64_t nextPos) {
    Chunk &chunk = plan.chunks.back();
    chunk.endGroup = static_cast<int64_t>(plan.groups.size());
    if (chunk.endGroup == chunk.firstGroup)
      return;
    chunk.connections = chunkConnections;
    if (options.dropDeadSamples && nextPos >= 0) {
      // Everything from nextPos on is still to run (pulled neurons come
      // from later positions). Dropping dead samples reads every live word
      // once, so it is worth it after dropDeadRatio connections per live
      // word.
      connectionsSinceDrop += chunkConnections;
      if (zeroFrom[nextPos] && connectionsSinceDrop >=
                                   options.dropDeadRatio * slots.liveCount()) {
        chunk.dropDeadAfter = true;
        chunk.liveSlotsAfter = slots.live();
        connectionsSinceDrop = 0;
      }
    }
    beginChunk();
  }

  /// Emits the group of the neurons in `current`.
  void flushGroup() {
    if (current.empty())
      return;
    RegisterGroup group;
    group.firstMember = static_cast<int64_t>(plan.members.size());
    group.firstSource = static_cast<int64_t>(plan.sources.size());
    // Distinct sources in order of first appearance, each with its terms.
    std::vector<Node> distinct;
    for (Node v : current)
      for (int64_t e = graph.firstInEdge(v);
           e < graph.firstInEdge(v) + graph.inDegree(v); ++e) {
        Node s = graph.inSources[e];
        if (sourceMark[s] != groupId) {
          sourceMark[s] = groupId;
          distinct.push_back(s);
          termsOf[s].clear();
        }
        termsOf[s].push_back(e);
      }
    // Member index of every edge target, via the target's position.
    for (size_t m = 0; m < current.size(); ++m)
      memberIndex[current[m]] = static_cast<uint16_t>(m);
    for (Node s : distinct) {
      SourceUse use{slotOf[s], static_cast<int64_t>(plan.pool.size()), 0};
      for (int64_t e : termsOf[s]) {
        plan.pool.push_back(program.weights[e]);
        plan.termMember.push_back(memberIndex[graph.edgeTarget[e]]);
      }
      use.endTerm = static_cast<int64_t>(plan.pool.size());
      plan.sources.push_back(use);
      chunkConnections += use.endTerm - use.firstTerm;
      plan.connections += use.endTerm - use.firstTerm;
    }
    // Sources read for the last time die before the results are stored, so
    // a result may take the slot of a source of its own group (unless the
    // members are stored one by one: storeAfterGroup false).
    auto releaseDying = [&] {
      for (Node s : distinct) {
        remaining[s] -= static_cast<int64_t>(termsOf[s].size());
        if (remaining[s] == 0 && !isOutput[s])
          slots.release(slotOf[s]);
      }
    };
    if (storeAfterGroup)
      releaseDying();
    for (Node v : current) {
      int64_t c = v - graph.numInputs;
      slotOf[v] = slots.take();
      bool hasBias = graph.hasBias[c] && program.bias[c] != 0.0f;
      plan.members.push_back({v, slotOf[v], hasBias ? 0 : -1,
                              program.activation[c], program.clamp[c]});
    }
    if (!storeAfterGroup)
      releaseDying();
    group.endMember = static_cast<int64_t>(plan.members.size());
    group.endSource = static_cast<int64_t>(plan.sources.size());
    plan.groups.push_back(group);
    current.clear();
    ++groupId;
  }

  const Program &program;
  const io::Graph &graph;
  const PlanOptions &options;
  bool storeAfterGroup;
  int64_t chunkLimit;
  KernelPlan plan;
  SlotAllocator slots;
  std::vector<int32_t> slotOf;
  std::vector<int64_t> remaining;
  std::vector<uint8_t> isOutput;
  /// Group id a node is a member of / was last collected as a source in.
  std::vector<int64_t> groupMark, sourceMark;
  std::vector<std::vector<int64_t>> termsOf;
  std::vector<uint16_t> memberIndex;
  std::vector<Node> current;
  std::vector<uint8_t> taken;
  /// Equal-source classes (indexSourceSets): the class of each position
  /// (-1: none), the positions of class c in sameClass[classBegin[c],
  /// classBegin[c + 1]), and the first one not yet run or pulled.
  std::vector<int32_t> classOf, sameClass;
  std::vector<int64_t> classBegin, classCursor;
  std::vector<float> biasValues;
  int64_t groupId = 0;
  int64_t chunkConnections = 0;
  std::vector<bool> zeroFrom;
  int64_t connectionsSinceDrop = 0;
  /// Per chunk: whether it starts a cache block (never merged into the
  /// chunk before it).
  std::vector<uint8_t> chunkStartsBlock;
  std::unordered_set<float> weightSet;
};

} // namespace

llvm::Expected<KernelPlan>
sffnn::codegen::planKernel(const Program &program,
                           const io::NeuronOrder &order,
                           const PlanOptions &options) {
  if (options.registerTile < 1 || options.registerTile > 64)
    return llvm::createStringError("register tile must be in [1, 64], got " +
                                   std::to_string(options.registerTile));
  if (options.window < 0)
    return llvm::createStringError("pull window must be at least 0, got " +
                                   std::to_string(options.window));
  if (options.chunkConnections < 1 || options.tableChunkFactor < 1)
    return llvm::createStringError(
        "chunk size must be at least 1 connection, got " +
        std::to_string(options.chunkConnections));
  if (llvm::Error err = io::checkNeuronOrder(program.graph, order))
    return std::move(err);
  return Planner(program, options).run(order);
}

bool sffnn::codegen::isDenseGroup(const KernelPlan &plan,
                                  const RegisterGroup &group) {
  int64_t members = group.endMember - group.firstMember;
  if (members < 2 || members > kMaxDenseMembers)
    return false;
  const Member &first = plan.members[group.firstMember];
  for (int64_t m = group.firstMember + 1; m < group.endMember; ++m) {
    const Member &other = plan.members[m];
    bool sameClamp = other.clamp == first.clamp ||
                     (std::isinf(other.clamp) && std::isinf(first.clamp));
    if (other.activation != first.activation || !sameClamp)
      return false;
  }
  for (int64_t s = group.firstSource; s < group.endSource; ++s) {
    const SourceUse &use = plan.sources[s];
    if (use.endTerm - use.firstTerm != members)
      return false;
    uint64_t seen = 0;
    for (int64_t t = use.firstTerm; t < use.endTerm; ++t)
      seen |= uint64_t(1) << plan.termMember[t];
    if (seen != (members == 64 ? ~uint64_t(0) : (uint64_t(1) << members) - 1))
      return false;
  }
  return true;
}

std::vector<bool>
sffnn::codegen::zeroStaysZeroFrom(const Program &program,
                                  const io::NeuronOrder &order) {
  std::vector<bool> result(order.size() + 1, true);
  for (size_t pos = order.size(); pos-- > 0;) {
    int64_t c = order[pos] - program.graph.numInputs;
    float b = program.graph.hasBias[c] ? program.bias[c] : 0.0f;
    bool zeroToZero = false;
    switch (program.activation[c]) {
    case Activation::Identity:
    case Activation::Tanh:
      zeroToZero = b == 0.0f;
      break;
    case Activation::Relu:
      zeroToZero = b <= 0.0f;
      break;
    case Activation::Sigmoid:
      zeroToZero = false;
      break;
    }
    result[pos] = result[pos + 1] && zeroToZero;
  }
  return result;
}
