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
    level.assign(nodes, 0);
    isOutput.assign(nodes, 0);
    result.lanes = L;
    result.zeroSlot = 0;
    // Slots come in runs of L from slot L on (slot 0 holds zero).
    nextSlot = L;
    result.broadcastBegin.push_back(0);
    result.gatherBegin.push_back(0);
    result.windowBegin.push_back(0);
  }

  SmallBatchPlan run() {
    std::vector<int64_t> termNode = resolveSources();
    placeInputs();
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
        closeRun();
      for (int64_t m = group.firstMember; m < group.endMember; ++m)
        addMember(plan.members[m], std::move(termsOf[m - group.firstMember]));
      if (dense)
        closeRun();
    }
    closeRun();
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

  /// Runs of L slots, aligned to L, with a LIFO free list (a reused run is
  /// the most recently touched one). A block stores its lanes to one run
  /// with a vector store; a run is free once no value in it is read again.
  int64_t takeRun() {
    if (freeRuns.empty()) {
      nextSlot += L;
      runLive.push_back(0);
      return nextSlot - L;
    }
    int64_t base = freeRuns.back();
    freeRuns.pop_back();
    return base;
  }
  void release(int64_t slot) {
    if (--runLive[slot / L - 1] == 0)
      freeRuns.push_back(slot / L * L);
  }

  /// The used inputs' slots: input i at slot inputBase + i when at least a
  /// quarter of the inputs are used (the code copies them with vector
  /// loads), else the k-th used input at inputBase + k (copied one by
  /// one).
  void placeInputs() {
    int64_t used = static_cast<int64_t>(plan.inputSlots.size());
    if (used == 0)
      return;
    bool contiguous = plan.numInputs <= 4 * used;
    int64_t span = contiguous ? plan.numInputs : used;
    int64_t base = nextSlot;
    for (int64_t k = 0; k < (span + L - 1) / L; ++k)
      takeRun();
    result.inputBase = contiguous ? base : -1;
    for (int64_t k = 0; k < used; ++k) {
      int64_t input = plan.inputSlots[k].first;
      int64_t slot = base + (contiguous ? input : k);
      mySlot[input] = slot;
      ++runLive[slot / L - 1];
      result.inputSlots.push_back({input, static_cast<int32_t>(slot)});
    }
    // Runs of unused inputs only: free from the start (the copy writes
    // them before any block of the sample does).
    for (int64_t run = base / L; run < nextSlot / L; ++run)
      if (runLive[run - 1] == 0)
        freeRuns.push_back(run * L);
  }

  /// Members wait in the open run until a dense group or the end; each
  /// gets its level in the run (1 + the deepest level among its sources,
  /// values computed before the run being 0), so that members of one level
  /// never read each other.
  void addMember(const Member &member, std::vector<Term> terms) {
    int64_t deepest = 0;
    for (const Term &t : terms)
      deepest = std::max(deepest, level[t.node]);
    level[member.node] = deepest + 1;
    members.push_back(&member);
    memberTerms.push_back(std::move(terms));
  }

  /// Cuts the open run into blocks of at most L members of one level and
  /// activation, by level, then by decreasing term count (a block's gather
  /// rows are its longest member's terms: members of about equal length
  /// pad least).
  void closeRun();
  void closeBlock();
  void addSteps(LaneBlock &block);
  /// The rest terms of each member as gather rows, or as permute rows where
  /// they cost less.
  void addRows(LaneBlock &block, const std::vector<std::vector<Term>> &rest);

  const KernelPlan &plan;
  const int64_t L;
  const bool useWindows;
  SmallBatchPlan result;
  /// The open run, then (closeRun) the block being closed.
  LaneBlock open{};
  std::vector<const Member *> members;
  std::vector<std::vector<Term>> memberTerms;
  /// Per node, reset after each block: the terms and the members of the
  /// open block reading it, the last member seen reading it, its broadcast
  /// step.
  std::vector<int64_t> readers, distinctReaders, lastReader, step;
  /// Per node: its level in the open run (0 outside it), the terms still
  /// to read it, its slot; whether it is an output.
  std::vector<int64_t> level, remaining, mySlot;
  std::vector<uint8_t> isOutput;
  std::vector<int64_t> outputNodes;
  std::vector<int64_t> freeRuns;
  /// Per run (slot / L - 1): the values in it still to be read.
  std::vector<int64_t> runLive;
  int64_t nextSlot = 0;
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
        release(mySlot[t.node]);
  int64_t base = takeRun();
  runLive[base / L - 1] = count;
  for (int64_t m = 0; m < count; ++m)
    mySlot[members[m]->node] = base + m;
  // Starting sums and destinations; padding lanes store to their own run's
  // lanes, which nobody reads.
  for (int64_t m = 0; m < L; ++m) {
    const Member *member = m < count ? members[m] : nullptr;
    result.bias.push_back(member && member->biasOffset >= 0
                              ? plan.pool[member->biasOffset]
                              : 0.0f);
    result.memberSlot.push_back(static_cast<int32_t>(base + m));
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
}

void Planner::closeRun() {
  if (members.empty())
    return;
  auto activationKey = [&](size_t k) {
    const Member &m = *members[k];
    return std::make_pair(static_cast<int>(m.activation),
                          std::isinf(m.clamp) ? INFINITY : m.clamp);
  };
  std::vector<size_t> order(members.size());
  for (size_t k = 0; k < order.size(); ++k)
    order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int64_t la = level[members[a]->node], lb = level[members[b]->node];
    if (la != lb)
      return la < lb;
    if (activationKey(a) != activationKey(b))
      return activationKey(a) < activationKey(b);
    return memberTerms[a].size() > memberTerms[b].size();
  });
  std::vector<const Member *> runMembers = std::move(members);
  std::vector<std::vector<Term>> runTerms = std::move(memberTerms);
  members.clear();
  memberTerms.clear();
  auto sameKind = [&](size_t a, size_t b) {
    return level[runMembers[a]->node] == level[runMembers[b]->node] &&
           sameActivation(*runMembers[a], {0, runMembers[b]->activation,
                                           runMembers[b]->clamp});
  };
  for (size_t k = 0; k < order.size(); ++k) {
    if (!members.empty() &&
        (static_cast<int64_t>(members.size()) == L ||
         !sameKind(order[k - 1], order[k])))
      closeBlock();
    if (members.empty()) {
      open.activation = runMembers[order[k]]->activation;
      open.clamp = runMembers[order[k]]->clamp;
    }
    members.push_back(runMembers[order[k]]);
    memberTerms.push_back(std::move(runTerms[order[k]]));
  }
  closeBlock();
  for (const Member *m : runMembers)
    level[m->node] = 0;
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

int64_t sffnn::codegen::tiledTileCost(const KernelPlan &kernel) {
  return kernel.connections +
         kTiledNeuronCost * static_cast<int64_t>(kernel.members.size());
}

int64_t sffnn::codegen::smallBatchLimit(int64_t requested, int64_t tile,
                                        const KernelPlan &kernel,
                                        const SmallBatchPlan &plan) {
  if (requested >= 0)
    return requested;
  int64_t perSample = std::max<int64_t>(1, smallBatchSampleCost(plan));
  return std::min(tile - 1, tiledTileCost(kernel) / perSample);
}
