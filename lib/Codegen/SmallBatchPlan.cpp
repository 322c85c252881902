//===- SmallBatchPlan.cpp - lane blocks, broadcast steps, gather rows -----===//
#include "sffnn/Codegen/SmallBatchPlan.h"

#include <algorithm>
#include <cmath>

using namespace sffnn;
using namespace sffnn::codegen;

namespace {

bool sameActivation(const Member &a, const LaneBlock &block) {
  return a.activation == block.activation &&
         (a.clamp == block.clamp ||
          (std::isinf(a.clamp) && std::isinf(block.clamp)));
}

/// One term of a member: source node and weight.
struct Term {
  int64_t node;
  float weight;
};

class Planner {
public:
  Planner(const KernelPlan &plan, int64_t lanes, bool windows)
      : plan(plan), L(lanes), useWindows(windows) {
    int64_t nodes = plan.numInputs;
    for (const Member &m : plan.members)
      nodes = std::max<int64_t>(nodes, m.node + 1);
    for (std::vector<int64_t> *v :
         {&readers, &distinctReaders, &remaining, &mySlot})
      v->assign(nodes, 0);
    lastReader.assign(nodes, -1);
    step.assign(nodes, -1);
    blockOf.assign(nodes, -1);
    isOutput.assign(nodes, 0);
    result.lanes = L;
    result.zeroSlot = 0;
    result.discardSlot = 1;
    nextSlot = 2;
    result.broadcastBegin.push_back(0);
    result.gatherBegin.push_back(0);
    result.windowBegin.push_back(0);
  }

  SmallBatchPlan run() {
    std::vector<int64_t> termNode = resolveSources();
    for (const auto &[input, slot] : plan.inputSlots) {
      mySlot[input] = take();
      result.inputSlots.push_back({input, static_cast<int32_t>(mySlot[input])});
    }
    std::vector<std::vector<Term>> termsOf;
    for (const RegisterGroup &group : plan.groups) {
      termsOf.assign(group.endMember - group.firstMember, {});
      for (int64_t s = group.firstSource; s < group.endSource; ++s)
        for (int64_t t = plan.sources[s].firstTerm;
             t < plan.sources[s].endTerm; ++t)
          termsOf[plan.termMember[t]].push_back({termNode[t], plan.pool[t]});
      // A dense group (every member reads every source once) keeps its own
      // blocks: all broadcast steps, which merging would turn into gathers.
      bool dense = isDense(group);
      if (dense)
        closeBlock();
      for (int64_t m = group.firstMember; m < group.endMember; ++m)
        addMember(plan.members[m], std::move(termsOf[m - group.firstMember]));
      if (dense)
        closeBlock();
    }
    closeBlock();
    for (int64_t node : outputNodes)
      result.outputSlots.push_back(static_cast<int32_t>(mySlot[node]));
    // Window loads read whole windows.
    result.scratchFloats = useWindows ? (nextSlot + 2 * L - 1) / (2 * L) * 2 * L
                                      : nextSlot;
    return std::move(result);
  }

private:
  /// The node each term reads. The kernel plan names sources by slot, and
  /// slots are reused: replaying its order (a group reads its sources,
  /// then its members are stored) says which value a slot holds when read.
  /// Also counts the readers of every node and finds the output nodes.
  std::vector<int64_t> resolveSources() {
    std::vector<int64_t> slotNode(plan.slots, -1);
    for (const auto &[input, slot] : plan.inputSlots)
      slotNode[slot] = input;
    std::vector<int64_t> termNode(plan.termMember.size(), -1);
    for (const RegisterGroup &group : plan.groups) {
      for (int64_t s = group.firstSource; s < group.endSource; ++s) {
        int64_t node = slotNode[plan.sources[s].slot];
        for (int64_t t = plan.sources[s].firstTerm;
             t < plan.sources[s].endTerm; ++t)
          termNode[t] = node;
        remaining[node] += plan.sources[s].endTerm - plan.sources[s].firstTerm;
      }
      for (int64_t m = group.firstMember; m < group.endMember; ++m)
        slotNode[plan.members[m].slot] = plan.members[m].node;
    }
    for (int32_t slot : plan.outputSlots) {
      outputNodes.push_back(slotNode[slot]);
      isOutput[slotNode[slot]] = 1;
    }
    return termNode;
  }

  bool isDense(const RegisterGroup &group) {
    int64_t count = group.endMember - group.firstMember;
    if (count < 2)
      return false;
    for (int64_t s = group.firstSource; s < group.endSource; ++s) {
      const SourceUse &use = plan.sources[s];
      if (use.endTerm - use.firstTerm != count)
        return false;
      ++stamp;
      for (int64_t t = use.firstTerm; t < use.endTerm; ++t) {
        if (memberStamp.size() <= plan.termMember[t])
          memberStamp.resize(plan.termMember[t] + 1, 0);
        if (memberStamp[plan.termMember[t]] == stamp)
          return false;
        memberStamp[plan.termMember[t]] = stamp;
      }
    }
    return true;
  }

  /// Slots with a LIFO free list: a reused slot is the most recently
  /// touched one.
  int64_t take() {
    if (free.empty())
      return nextSlot++;
    int64_t slot = free.back();
    free.pop_back();
    return slot;
  }

  /// Whether `member` may join the open block: room, the same activation,
  /// and no source that is a member of the block (a block reads all its
  /// sources before it stores any result).
  bool fits(const Member &member, const std::vector<Term> &terms) const {
    if (members.empty())
      return true;
    if (static_cast<int64_t>(members.size()) >= L ||
        !sameActivation(member, open))
      return false;
    return std::none_of(terms.begin(), terms.end(), [&](const Term &t) {
      return blockOf[t.node] == blockId;
    });
  }

  void addMember(const Member &member, std::vector<Term> terms) {
    if (!fits(member, terms))
      closeBlock();
    if (members.empty()) {
      open.activation = member.activation;
      open.clamp = member.clamp;
    }
    blockOf[member.node] = blockId;
    members.push_back(&member);
    memberTerms.push_back(std::move(terms));
  }

  void closeBlock();
  void addSteps(LaneBlock &block);
  /// The rest terms of each member as gather rows, or as permute rows where
  /// they cost less.
  void addRows(LaneBlock &block, const std::vector<std::vector<Term>> &rest);

  const KernelPlan &plan;
  const int64_t L;
  const bool useWindows;
  SmallBatchPlan result;
  /// The open block.
  LaneBlock open{};
  std::vector<const Member *> members;
  std::vector<std::vector<Term>> memberTerms;
  /// Per node, reset after each block: the terms and the members of the
  /// open block reading it, the last member seen reading it, its broadcast
  /// step.
  std::vector<int64_t> readers, distinctReaders, lastReader, step;
  /// Per node: the block it is a member of, the terms still to read it, its
  /// slot; whether it is an output.
  std::vector<int64_t> blockOf, remaining, mySlot;
  std::vector<uint8_t> isOutput;
  std::vector<int64_t> outputNodes;
  std::vector<int64_t> free;
  int64_t nextSlot = 0;
  int64_t blockId = 0;
  /// isDense's marks: member index -> the source last seen reading it.
  std::vector<int64_t> memberStamp;
  int64_t stamp = 0;
};

void Planner::addSteps(LaneBlock &block) {
  int64_t count = block.members;
  // Sources every member reads exactly once become broadcast steps.
  for (int64_t m = 0; m < count; ++m)
    for (const Term &t : memberTerms[m]) {
      ++readers[t.node];
      if (lastReader[t.node] != m) {
        lastReader[t.node] = m;
        ++distinctReaders[t.node];
      }
    }
  auto isFull = [&](int64_t node) {
    return readers[node] == count && distinctReaders[node] == count;
  };
  block.firstBroadcast = static_cast<int64_t>(result.broadcastSlot.size());
  for (const Term &t : memberTerms.front())
    if (isFull(t.node)) {
      step[t.node] = static_cast<int64_t>(result.broadcastSlot.size());
      result.broadcastSlot.push_back(static_cast<int32_t>(mySlot[t.node]));
    }
  block.endBroadcast = static_cast<int64_t>(result.broadcastSlot.size());
  result.broadcastWeight.resize(block.endBroadcast * L, 0.0f);
  // Everything else: row k holds the k-th remaining term of each member.
  std::vector<std::vector<Term>> rest(count);
  for (int64_t m = 0; m < count; ++m)
    for (const Term &t : memberTerms[m]) {
      if (isFull(t.node))
        result.broadcastWeight[step[t.node] * L + m] = t.weight;
      else
        rest[m].push_back(t);
    }
  addRows(block, rest);
  for (const std::vector<Term> &terms : memberTerms)
    for (const Term &t : terms) {
      readers[t.node] = distinctReaders[t.node] = 0;
      lastReader[t.node] = -1;
    }
}

void Planner::addRows(LaneBlock &block,
                      const std::vector<std::vector<Term>> &rest) {
  int64_t count = block.members;
  size_t rows = 0;
  for (const std::vector<Term> &terms : rest)
    rows = std::max(rows, terms.size());
  // Permute rows: the terms of each member by window, in order.
  int64_t width = 2 * L;
  std::vector<std::pair<int64_t, int64_t>> byWindow; // (window, member)
  std::vector<const Term *> termOf;
  if (useWindows) {
    for (int64_t m = 0; m < count; ++m)
      for (const Term &t : rest[m])
        byWindow.push_back({mySlot[t.node] / width, m});
    std::vector<size_t> order(byWindow.size());
    for (size_t k = 0; k < order.size(); ++k)
      order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return byWindow[a].first < byWindow[b].first;
    });
    std::vector<const Term *> flat;
    for (int64_t m = 0; m < count; ++m)
      for (const Term &t : rest[m])
        flat.push_back(&t);
    std::vector<std::pair<int64_t, int64_t>> sorted;
    for (size_t k : order) {
      sorted.push_back(byWindow[k]);
      termOf.push_back(flat[k]);
    }
    byWindow = std::move(sorted);
  }
  int64_t windowRows = 0, windows = 0;
  std::vector<int64_t> perMember(count, 0);
  for (size_t k = 0; k < byWindow.size();) {
    size_t end = k;
    int64_t most = 0;
    while (end < byWindow.size() && byWindow[end].first == byWindow[k].first)
      most = std::max(most, ++perMember[byWindow[end++].second]);
    for (size_t j = k; j < end; ++j)
      perMember[byWindow[j].second] = 0;
    windowRows += most;
    ++windows;
    k = end;
  }
  bool permute = useWindows && kWindowRowCost * windowRows +
                                       kWindowCost * windows <
                                   kGatherRowCost * static_cast<int64_t>(rows);
  block.firstGather = static_cast<int64_t>(result.gatherSlot.size()) / L;
  block.firstWindow = static_cast<int64_t>(result.windows.size());
  if (!permute) {
    for (size_t k = 0; k < rows; ++k)
      for (int64_t m = 0; m < L; ++m) {
        bool real = m < count && k < rest[m].size();
        result.gatherSlot.push_back(real ? mySlot[rest[m][k].node]
                                         : result.zeroSlot);
        result.gatherWeight.push_back(real ? rest[m][k].weight : 0.0f);
      }
  } else {
    for (size_t k = 0; k < byWindow.size();) {
      int64_t window = byWindow[k].first;
      int64_t firstRow = static_cast<int64_t>(result.windowWeight.size()) / L;
      for (; k < byWindow.size() && byWindow[k].first == window; ++k) {
        int64_t m = byWindow[k].second;
        int64_t row = firstRow + perMember[m]++;
        if (static_cast<int64_t>(result.windowWeight.size()) < (row + 1) * L) {
          result.windowWeight.resize((row + 1) * L, 0.0f);
          result.windowIndex.resize((row + 1) * L, -1);
        }
        result.windowWeight[row * L + m] = termOf[k]->weight;
        result.windowIndex[row * L + m] =
            static_cast<int8_t>(mySlot[termOf[k]->node] - window * width);
      }
      std::fill(perMember.begin(), perMember.end(), 0);
      result.windows.push_back(
          {static_cast<int32_t>(window * width), firstRow,
           static_cast<int64_t>(result.windowWeight.size()) / L});
    }
  }
  block.endGather = static_cast<int64_t>(result.gatherSlot.size()) / L;
  block.endWindow = static_cast<int64_t>(result.windows.size());
}

void Planner::closeBlock() {
  if (members.empty())
    return;
  int64_t count = static_cast<int64_t>(members.size());
  LaneBlock block = open;
  block.members = count;
  addSteps(block);
  // A block reads every source before it stores any result, so a member may
  // take the slot of a source read for the last time here.
  for (const std::vector<Term> &terms : memberTerms)
    for (const Term &t : terms)
      if (--remaining[t.node] == 0 && !isOutput[t.node])
        free.push_back(mySlot[t.node]);
  for (const Member *member : members)
    mySlot[member->node] = take();
  // Starting sums and destinations; padding lanes store to a slot nobody
  // reads.
  for (int64_t m = 0; m < L; ++m) {
    const Member *member = m < count ? members[m] : nullptr;
    result.bias.push_back(member && member->biasOffset >= 0
                              ? plan.pool[member->biasOffset]
                              : 0.0f);
    result.memberSlot.push_back(member ? static_cast<int32_t>(mySlot[member->node])
                                       : result.discardSlot);
  }
  int64_t index = static_cast<int64_t>(result.blocks.size());
  if (!result.segments.empty() &&
      sameActivation(*members.front(), result.blocks.back()))
    result.segments.back().endBlock = index + 1;
  else
    result.segments.push_back({index, index + 1});
  result.blocks.push_back(block);
  result.broadcastBegin.push_back(block.endBroadcast);
  result.gatherBegin.push_back(block.endGather);
  result.windowBegin.push_back(block.endWindow);
  members.clear();
  memberTerms.clear();
  ++blockId;
}

} // namespace

SmallBatchPlan sffnn::codegen::planSmallBatch(const KernelPlan &plan,
                                              int64_t lanes, bool windows) {
  return Planner(plan, std::max<int64_t>(lanes, 1), windows && lanes == 16)
      .run();
}

int64_t sffnn::codegen::smallBatchSampleCost(const SmallBatchPlan &plan) {
  int64_t rows = static_cast<int64_t>(plan.gatherSlot.size()) / plan.lanes;
  int64_t steps = static_cast<int64_t>(plan.broadcastSlot.size());
  int64_t permuteRows =
      static_cast<int64_t>(plan.windowWeight.size()) / plan.lanes;
  return kGatherRowCost * rows + kBroadcastStepCost * steps +
         kWindowRowCost * permuteRows +
         kWindowCost * static_cast<int64_t>(plan.windows.size());
}

int64_t sffnn::codegen::smallBatchLimit(int64_t requested, int64_t tile,
                                        int64_t connections,
                                        const SmallBatchPlan &plan) {
  if (requested >= 0)
    return requested;
  int64_t perSample = std::max<int64_t>(1, smallBatchSampleCost(plan));
  return std::min(tile - 1, connections / perSample);
}
