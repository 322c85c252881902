//===- KernelPlanTest.cpp - the kernel plan, replayed on scalars ----------===//
//
// The plan is replayed exactly as generated code runs it (one sample per
// word, the scratch area as an array of slots) and compared with a direct
// evaluation of the network: a slot reused too early, a term given to the
// wrong member or a missing edge changes the result. Structural invariants
// (group sizes, no member reading its own group, chunk cuts) are checked
// too. The small-batch plan (lane blocks) is replayed the same way.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Codegen/KernelPlan.h"
#include "sffnn/Codegen/SmallBatchPlan.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Random.h"

#include "gtest/gtest.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace sffnn;
using namespace sffnn::codegen;

namespace {

double act(const Program &p, int64_t c, double z) {
  switch (p.activation[c]) {
  case Activation::Identity:
    return z;
  case Activation::Relu:
    return std::min(std::max(z, 0.0), double(p.clamp[c]));
  case Activation::Sigmoid:
    return 1 / (1 + std::exp(-z));
  case Activation::Tanh:
    return std::tanh(z);
  }
  return z;
}

std::vector<double> direct(const Program &p, const std::vector<double> &in) {
  const io::Graph &g = p.graph;
  std::vector<double> value(in);
  value.resize(g.numNodes());
  for (int64_t c = 0; c < g.numComputed; ++c) {
    io::Node v = static_cast<io::Node>(g.numInputs + c);
    double z = p.bias[c];
    for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
         ++e)
      z += double(p.weights[e]) * value[g.inSources[e]];
    value[v] = act(p, c, z);
  }
  std::vector<double> out;
  for (io::Node y : g.outputs)
    out.push_back(value[y]);
  return out;
}

std::vector<double> replay(const Program &p, const KernelPlan &plan,
                           const std::vector<double> &in) {
  std::vector<double> slot(plan.slots, std::nan(""));
  for (auto [i, s] : plan.inputSlots)
    slot[s] = in[i];
  for (const Chunk &chunk : plan.chunks)
    for (int64_t g = chunk.firstGroup; g < chunk.endGroup; ++g) {
      const RegisterGroup &group = plan.groups[g];
      std::vector<double> acc;
      for (int64_t m = group.firstMember; m < group.endMember; ++m)
        acc.push_back(plan.members[m].biasOffset < 0
                          ? 0.0
                          : plan.pool[plan.members[m].biasOffset]);
      auto store = [&](int64_t m) {
        const Member &member = plan.members[m];
        slot[member.slot] =
            act(p, member.node - p.graph.numInputs, acc[m - group.firstMember]);
      };
      if (chunk.form == ChunkFormKind::Table) {
        // Table code may store each neuron right after its own sum.
        for (int64_t m = group.firstMember; m < group.endMember; ++m) {
          for (int64_t s = group.firstSource; s < group.endSource; ++s)
            for (int64_t t = plan.sources[s].firstTerm;
                 t < plan.sources[s].endTerm; ++t)
              if (plan.termMember[t] == m - group.firstMember)
                acc[m - group.firstMember] +=
                    double(plan.pool[t]) * slot[plan.sources[s].slot];
          store(m);
        }
        continue;
      }
      for (int64_t s = group.firstSource; s < group.endSource; ++s) {
        double x = slot[plan.sources[s].slot];
        for (int64_t t = plan.sources[s].firstTerm; t < plan.sources[s].endTerm;
             ++t)
          acc[plan.termMember[t]] += double(plan.pool[t]) * x;
      }
      // Straight-line code stores after all sums of the group.
      for (int64_t m = group.firstMember; m < group.endMember; ++m) {
        const Member &member = plan.members[m];
        slot[member.slot] =
            act(p, member.node - p.graph.numInputs, acc[m - group.firstMember]);
      }
    }
  std::vector<double> out;
  for (int32_t s : plan.outputSlots)
    out.push_back(slot[s]);
  return out;
}

void expectSameOutputs(const Program &p, const KernelPlan &plan,
                       uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist;
  std::vector<double> in(p.graph.numInputs);
  for (double &v : in)
    v = dist(rng);
  std::vector<double> want = direct(p, in), got = replay(p, plan, in);
  ASSERT_EQ(want.size(), got.size());
  for (size_t k = 0; k < want.size(); ++k)
    ASSERT_NEAR(got[k], want[k], 1e-9 * (1 + std::abs(want[k])))
        << "output " << k;
}

void expectStructure(const Program &p, const KernelPlan &plan,
                     const PlanOptions &options) {
  std::vector<int64_t> groupOf(p.graph.numNodes(), -1);
  int64_t connections = 0;
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    const RegisterGroup &group = plan.groups[g];
    EXPECT_LE(group.endMember - group.firstMember, options.registerTile);
    for (int64_t m = group.firstMember; m < group.endMember; ++m)
      groupOf[plan.members[m].node] = static_cast<int64_t>(g);
    for (int64_t s = group.firstSource; s < group.endSource; ++s)
      connections += plan.sources[s].endTerm - plan.sources[s].firstTerm;
  }
  EXPECT_EQ(connections, plan.connections);
  // No member reads a member of its own group.
  for (const RegisterGroup &group : plan.groups)
    for (int64_t m = group.firstMember; m < group.endMember; ++m) {
      io::Node v = plan.members[m].node;
      for (int64_t e = p.graph.firstInEdge(v);
           e < p.graph.firstInEdge(v) + p.graph.inDegree(v); ++e)
        EXPECT_NE(groupOf[p.graph.inSources[e]], groupOf[v]);
    }
}

TEST(KernelPlan, LayeredNetworksReplayExactly) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    LayeredOptions o;
    o.widths = {12, 30, 30, 7};
    o.density = 0.3;
    o.seed = seed;
    o.hiddenActivation = seed % 2 ? Activation::Relu : Activation::Tanh;
    auto net = generateLayered(o);
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    for (int64_t r : {1, 3, 16}) {
      PlanOptions options;
      options.registerTile = r;
      options.chunkConnections = 37;
      auto plan = planKernel(p, io::programOrder(p.graph), options);
      ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
      expectStructure(p, *plan, options);
      expectSameOutputs(p, *plan, seed);
    }
  }
}

/// A random DAG of 10 inputs, 200 neurons, 5 outputs, 900 connections.
llvm::Expected<LayeredNetwork> smallDag(uint64_t seed) {
  DagOptions o;
  o.inputs = 10;
  o.neurons = 200;
  o.outputs = 5;
  o.connections = 900;
  o.seed = seed;
  return generateDag(o);
}

// The table form stores neurons one by one and takes larger chunks; the
// plan must stay exact when replayed that way. kernel-form=auto picks it
// for every chunk when the straight-line budget is 0.
TEST(KernelPlan, TableFormReplaysMemberByMember) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto net = smallDag(seed);
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    PlanOptions options;
    options.registerTile = 8;
    options.chunkConnections = 10;
    options.form = KernelForm::Auto;
    options.maxStraightLine = 0;
    auto table = planKernel(p, io::programOrder(p.graph), options);
    ASSERT_TRUE(bool(table)) << llvm::toString(table.takeError());
    for (const Chunk &c : table->chunks)
      EXPECT_EQ(c.form, ChunkFormKind::Table);
    expectStructure(p, *table, options);
    expectSameOutputs(p, *table, seed);

    options.form = KernelForm::StraightLine;
    auto straight = planKernel(p, io::programOrder(p.graph), options);
    ASSERT_TRUE(bool(straight)) << llvm::toString(straight.takeError());
    for (const Chunk &c : straight->chunks)
      EXPECT_EQ(c.form, ChunkFormKind::StraightLine);
    // Table chunks take up to tableChunkFactor times more connections
    // (straight-line-sized chunks merged while the sum stays within it).
    for (size_t c = 0; c + 1 < table->chunks.size(); ++c)
      EXPECT_GE(table->chunks[c].connections,
                options.tableChunkFactor * options.chunkConnections / 2);
    EXPECT_LT(table->chunks.size(), straight->chunks.size());
  }
}

TEST(KernelPlan, DagsReplayExactlyAndReuseSlots) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto net = smallDag(seed);
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    PlanOptions options;
    options.registerTile = 4;
    auto plan = planKernel(p, io::programOrder(p.graph), options);
    ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
    expectStructure(p, *plan, options);
    expectSameOutputs(p, *plan, seed);
    // Slots are reused: far fewer than values.
    EXPECT_LT(plan->slots, p.graph.numNodes());
  }
}

/// Neurons 0 and 2 of a 4-input identity layer read the same sources (inputs
/// 0 and 1); neuron 1 reads inputs 2 and 3.
Program threeNeuronsTwoSourceSets() {
  LayeredNetwork net;
  net.inputs = 4;
  Layer layer;
  layer.weights.rows = 3;
  layer.weights.cols = 4;
  layer.weights.offsets = {0, 2, 4, 6};
  layer.weights.indices = {0, 1, 2, 3, 0, 1};
  layer.weights.values = {1, 2, 3, 4, 5, 6};
  layer.activation = Activation::Identity;
  net.layers.push_back(layer);
  return toProgram(net);
}

// Neurons 0 and 2 of the layer read the same sources; 1 reads others. With
// groups of 2, the plan pulls neuron 2 next to neuron 0.
TEST(KernelPlan, PullsNeuronsWithTheSameSources) {
  Program p = threeNeuronsTwoSourceSets();
  PlanOptions options;
  options.registerTile = 2;
  auto plan = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(plan));
  ASSERT_EQ(plan->groups.size(), 2u);
  EXPECT_EQ(plan->members[0].node, 4);
  EXPECT_EQ(plan->members[1].node, 6);
  EXPECT_EQ(plan->groups[0].endSource - plan->groups[0].firstSource, 2);
  expectSameOutputs(p, *plan, 1);
  options.window = 0; // keep the order as given
  plan = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(plan));
  EXPECT_EQ(plan->members[1].node, 5);
  expectSameOutputs(p, *plan, 1);
}

// A RadiX-Net layer of 16384 neurons: the 16 neurons reading each source
// set are 1024 positions apart (15 360 from first to last), beyond the old
// pull window of 4096. The default plan still makes every group dense
// (16 members, the same 32 sources), with the equal-source classes found
// over the whole layer; a window of 4096 finds none.
TEST(KernelPlan, DenseGroupsAcrossAWideLayer) {
  RadixNetOptions o;
  o.neurons = 16384;
  o.layers = 1;
  auto net = generateRadixNet(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  auto denseGroups = [&](const KernelPlan &plan) {
    return std::count_if(plan.groups.begin(), plan.groups.end(),
                         [&](const RegisterGroup &g) {
                           return isDenseGroup(plan, g) &&
                                  g.endMember - g.firstMember == 16;
                         });
  };
  PlanOptions options;
  auto plan = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(plan));
  EXPECT_EQ(static_cast<int64_t>(plan->groups.size()), 16384 / 16);
  EXPECT_EQ(denseGroups(*plan), 16384 / 16);
  expectStructure(p, *plan, options);
  expectSameOutputs(p, *plan, 5);
  options.window = 4096;
  plan = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(plan));
  EXPECT_EQ(denseGroups(*plan), 0);
  expectSameOutputs(p, *plan, 5);
}

TEST(KernelPlan, ChunksStartAtBlockStarts) {
  LayeredOptions o;
  o.widths = {8, 20, 20};
  o.density = 0.5;
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  PlanOptions options;
  options.registerTile = 4;
  options.blockStarts = {0, 10, 25};
  auto plan = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(plan));
  io::NeuronOrder order = io::programOrder(p.graph);
  std::vector<int64_t> chunkStarts;
  for (const Chunk &c : plan->chunks)
    chunkStarts.push_back(plan->members[plan->groups[c.firstGroup].firstMember]
                              .node -
                          p.graph.numInputs);
  EXPECT_NE(std::find(chunkStarts.begin(), chunkStarts.end(), 10),
            chunkStarts.end());
  EXPECT_NE(std::find(chunkStarts.begin(), chunkStarts.end(), 25),
            chunkStarts.end());
  expectSameOutputs(p, *plan, 3);
}

TEST(KernelPlan, RejectsBadOptions) {
  LayeredOptions o;
  o.widths = {4, 4};
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  PlanOptions options;
  options.registerTile = 0;
  EXPECT_FALSE(bool(planKernel(p, io::programOrder(p.graph), options)));
  options.registerTile = 4;
  EXPECT_FALSE(bool(planKernel(p, {0}, options))); // not every neuron
}

TEST(KernelPlan, ZeroStaysZeroOnlyWithoutPositiveBiasOrSigmoid) {
  LayeredOptions o;
  o.widths = {4, 4, 4};
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  io::NeuronOrder order = io::programOrder(p.graph);
  // Hidden layer: relu with negative biases; output layer: identity, no bias.
  for (int64_t c = 0; c < 8; ++c)
    p.bias[c] = c < 4 ? -0.5f : 0.0f;
  std::vector<bool> z = zeroStaysZeroFrom(p, order);
  EXPECT_TRUE(z[0]);
  p.bias[5] = 0.25f; // an identity neuron with a nonzero bias
  z = zeroStaysZeroFrom(p, order);
  EXPECT_FALSE(z[0]);
  EXPECT_FALSE(z[5]);
  EXPECT_TRUE(z[6]);
  p.activation[7] = Activation::Sigmoid;
  EXPECT_FALSE(zeroStaysZeroFrom(p, order)[6]);
}

// Drop points: only where everything still to run maps zero to zero,
// with the slots live at that point.
TEST(KernelPlan, DropsDeadSamplesOnlyWhereZeroStaysZero) {
  LayeredOptions o;
  o.widths = {8, 16, 16, 16, 4};
  o.density = 0.5;
  o.outputActivation = Activation::Relu;
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  for (float &b : p.bias)
    b = -0.1f;
  io::NeuronOrder order = io::programOrder(p.graph);
  PlanOptions options;
  options.registerTile = 4;
  options.chunkConnections = 16;
  options.dropDeadSamples = true;
  options.dropDeadRatio = 1;
  auto plan = planKernel(p, order, options);
  ASSERT_TRUE(bool(plan));
  int64_t points = 0;
  for (const Chunk &c : plan->chunks) {
    points += c.dropDeadAfter;
    EXPECT_EQ(c.liveSlotsAfter.empty(), !c.dropDeadAfter);
    EXPECT_TRUE(std::is_sorted(c.liveSlotsAfter.begin(),
                               c.liveSlotsAfter.end()));
  }
  EXPECT_GT(points, 0);
  expectSameOutputs(p, *plan, 5);

  // A positive bias in the last layer: no point before it may drop samples.
  p.bias.back() = 0.5f;
  plan = planKernel(p, order, options);
  ASSERT_TRUE(bool(plan));
  for (const Chunk &c : plan->chunks)
    EXPECT_FALSE(c.dropDeadAfter);
}

/// Replays the small-batch plan as its code runs: per block, every
/// broadcast step and gather row reads its slots, then all lanes are
/// stored. Slots start as NaN (a read before the write shows), slot 0 as 0.
std::vector<double> replaySmall(const SmallBatchPlan &plan,
                                const std::vector<double> &in) {
  int64_t L = plan.lanes;
  std::vector<double> slot(plan.scratchFloats, std::nan(""));
  slot[plan.zeroSlot] = 0;
  for (auto [i, s] : plan.inputSlots)
    slot[s] = in[i];
  for (size_t b = 0; b < plan.blocks.size(); ++b) {
    const LaneBlock &block = plan.blocks[b];
    std::vector<double> acc(plan.bias.begin() + b * L,
                            plan.bias.begin() + (b + 1) * L);
    for (int64_t k = block.firstBroadcast; k < block.endBroadcast; ++k)
      for (int64_t l = 0; l < L; ++l)
        acc[l] += double(plan.broadcastWeight[k * L + l]) *
                  slot[plan.broadcastSlot[k]];
    for (int64_t k = block.firstGather; k < block.endGather; ++k)
      for (int64_t l = 0; l < L; ++l)
        acc[l] += double(plan.gatherWeight[k * L + l]) *
                  slot[plan.gatherSlot[k * L + l]];
    for (int64_t w = block.firstWindow; w < block.endWindow; ++w) {
      const Window &window = plan.windows[w];
      EXPECT_EQ(window.baseSlot % (2 * L), 0);
      EXPECT_LE(window.baseSlot + 2 * L, plan.scratchFloats);
      for (int64_t k = window.firstRow; k < window.endRow; ++k)
        for (int64_t l = 0; l < L; ++l) {
          int8_t index = plan.windowIndex[k * L + l];
          EXPECT_LT(index, 2 * L);
          // A lane without a term (-1) is zeroed, whatever its weight.
          if (index >= 0)
            acc[l] += double(plan.windowWeight[k * L + l]) *
                      slot[window.baseSlot + index];
        }
    }
    for (int64_t l = 0; l < L; ++l) {
      double z = acc[l];
      switch (block.activation) {
      case Activation::Identity:
        break;
      case Activation::Relu:
        z = std::min(std::max(z, 0.0), double(block.clamp));
        break;
      case Activation::Sigmoid:
        z = 1 / (1 + std::exp(-z));
        break;
      case Activation::Tanh:
        z = std::tanh(z);
        break;
      }
      slot[plan.memberSlot[b * L + l]] = z;
    }
  }
  std::vector<double> out;
  for (int32_t s : plan.outputSlots)
    out.push_back(slot[s]);
  return out;
}

void expectSmallBatchExact(const Program &p, const KernelPlan &kernel,
                           int64_t lanes, uint64_t seed,
                           bool windows = false) {
  SmallBatchPlan plan = planSmallBatch(kernel, lanes, windows);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> dist;
  std::vector<double> in(p.graph.numInputs);
  for (double &v : in)
    v = dist(rng);
  std::vector<double> want = direct(p, in), got = replaySmall(plan, in);
  ASSERT_EQ(want.size(), got.size());
  for (size_t k = 0; k < want.size(); ++k)
    ASSERT_NEAR(got[k], want[k], 1e-9 * (1 + std::abs(want[k])))
        << "output " << k << " lanes " << lanes;
  // Every connection is one lane of one step, once.
  int64_t real = 0;
  for (float w : plan.gatherWeight)
    real += w != 0;
  for (float w : plan.broadcastWeight)
    real += w != 0;
  for (float w : plan.windowWeight)
    real += w != 0;
  EXPECT_LE(real, kernel.connections);
  for (const LaneBlock &block : plan.blocks)
    EXPECT_LE(block.members, lanes);
}

// Blocks merge and split the kernel plan's groups and take their own slots;
// replayed, they compute the network exactly, for every group size, form
// and vector width, with gather rows or permute rows (windows).
TEST(SmallBatchPlan, ReplaysExactly) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto net = seed % 2 ? smallDag(seed) : [&] {
      LayeredOptions o;
      o.widths = {12, 30, 30, 7};
      o.density = 0.3;
      o.seed = seed;
      o.hiddenActivation = Activation::Tanh;
      return generateLayered(o);
    }();
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    for (int64_t r : {1, 3, 16})
      for (KernelForm form : {KernelForm::StraightLine, KernelForm::Table}) {
        PlanOptions options;
        options.registerTile = r;
        options.form = form;
        auto plan = planKernel(p, io::programOrder(p.graph), options);
        ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
        for (int64_t lanes : {1, 4, 16})
          expectSmallBatchExact(p, *plan, lanes, seed);
        expectSmallBatchExact(p, *plan, 16, seed, /*windows=*/true);
      }
  }
}

// A group whose members read the same sources becomes broadcast steps (no
// padding); a source read by only some members of a block is gathered.
TEST(SmallBatchPlan, BroadcastsOnlySourcesEveryMemberReads) {
  Program p = threeNeuronsTwoSourceSets();
  PlanOptions options;
  options.registerTile = 2; // groups {0, 2} (same sources) and {1}
  auto kernel = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(kernel));
  SmallBatchPlan plan = planSmallBatch(*kernel, 4);
  ASSERT_EQ(plan.blocks.size(), 2u);
  EXPECT_EQ(plan.blocks[0].endBroadcast - plan.blocks[0].firstBroadcast, 2);
  EXPECT_EQ(plan.blocks[0].endGather, plan.blocks[0].firstGather);
  // The single neuron reads every source of its own block.
  EXPECT_EQ(plan.blocks[1].endBroadcast - plan.blocks[1].firstBroadcast, 2);
  expectSmallBatchExact(p, *kernel, 4, 1);
  // One group of all three: sources 0 and 1 are read by two of three.
  options.registerTile = 3;
  kernel = planKernel(p, io::programOrder(p.graph), options);
  ASSERT_TRUE(bool(kernel));
  plan = planSmallBatch(*kernel, 4);
  ASSERT_EQ(plan.blocks.size(), 1u);
  EXPECT_EQ(plan.blocks[0].endBroadcast, plan.blocks[0].firstBroadcast);
  EXPECT_EQ(plan.blocks[0].endGather - plan.blocks[0].firstGather, 2);
  expectSmallBatchExact(p, *kernel, 4, 1);
}

/// A kernel plan of `connections` connections and `neurons` neurons, as far
/// as the limit's cost model reads it.
static KernelPlan tiledShape(int64_t connections, int64_t neurons) {
  KernelPlan kernel;
  kernel.connections = connections;
  kernel.members.resize(neurons);
  return kernel;
}

TEST(SmallBatchPlan, DefaultLimitFollowsTheCostModel) {
  SmallBatchPlan plan;
  plan.lanes = 16;
  plan.gatherSlot.resize(16 * 100); // 100 rows: 800 units per sample
  EXPECT_EQ(smallBatchLimit(-1, 16, tiledShape(1600, 0), plan), 2);
  EXPECT_EQ(smallBatchLimit(-1, 16, tiledShape(700, 0), plan), 0);
  // below one tile
  EXPECT_EQ(smallBatchLimit(-1, 16, tiledShape(1000000, 0), plan), 15);
  EXPECT_EQ(smallBatchLimit(0, 16, tiledShape(1000000, 0), plan), 0);
  EXPECT_EQ(smallBatchLimit(1000, 16, tiledShape(1, 0), plan), 1000);
}

// Every neuron of a tile costs kTiledNeuronCost units besides its
// connections: few connections per neuron make the tile dearer than its
// connections alone, which moved the 99%-sparse MLP's limit from 1 to 2.
TEST(SmallBatchPlan, TiledCostCountsNeurons) {
  EXPECT_EQ(tiledTileCost(tiledShape(6084, 734)),
            6084 + kTiledNeuronCost * 734);
  SmallBatchPlan plan;
  plan.lanes = 16;
  plan.gatherSlot.resize(16 * 100); // 800 units per sample
  // 1500 connections alone: one sample; with 100 neurons, 1700: two.
  EXPECT_EQ(smallBatchLimit(-1, 16, tiledShape(1500, 0), plan), 1);
  EXPECT_EQ(smallBatchLimit(-1, 16, tiledShape(1500, 100), plan), 2);
}

// Small networks fit in a few windows of 32 slots: every block's terms
// become permute rows, and a 16-wide network with windows off gathers.
TEST(SmallBatchPlan, PermuteRowsWhereTheyCostLess) {
  LayeredOptions o;
  o.widths = {24, 40, 40, 10};
  o.density = 0.3;
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net));
  Program p = toProgram(*net);
  auto kernel = planKernel(p, io::programOrder(p.graph), PlanOptions());
  ASSERT_TRUE(bool(kernel));
  SmallBatchPlan windows = planSmallBatch(*kernel, 16, true);
  EXPECT_FALSE(windows.windows.empty());
  EXPECT_TRUE(windows.gatherSlot.empty());
  EXPECT_EQ(windows.scratchFloats % 32, 0);
  SmallBatchPlan gathers = planSmallBatch(*kernel, 16, false);
  EXPECT_TRUE(gathers.windows.empty());
  EXPECT_FALSE(gathers.gatherSlot.empty());
  // Windows need vpermi2ps: 16 lanes only.
  EXPECT_TRUE(planSmallBatch(*kernel, 8, true).windows.empty());
  expectSmallBatchExact(p, *kernel, 16, 2, true);
}

// Neurons no output depends on are not computed, transitively: with two
// outputs reading two neurons each, most of the first hidden layer is read
// only by dead neurons of the second.
TEST(KernelPlan, ComputesOnlyWhatTheOutputsDependOn) {
  LayeredOptions o;
  o.widths = {40, 30, 30, 2};
  o.density = 0.05; // two sources per neuron
  auto net = generateLayered(o);
  ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
  Program p = toProgram(*net);
  const io::Graph &g = p.graph;
  std::vector<uint8_t> live(g.numNodes(), 0);
  for (io::Node y : g.outputs)
    live[y] = 1;
  for (io::Node v = g.numNodes() - 1; v >= g.numInputs; --v)
    if (live[v])
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        live[g.inSources[e]] = 1;
  int64_t liveNeurons = 0;
  for (io::Node v = g.numInputs; v < g.numNodes(); ++v)
    liveNeurons += live[v];
  ASSERT_LT(liveNeurons, 20); // of 62: the test means something
  auto plan = planKernel(p, io::programOrder(g), PlanOptions());
  ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
  EXPECT_EQ(static_cast<int64_t>(plan->members.size()), liveNeurons);
  for (const Member &m : plan->members)
    EXPECT_TRUE(live[m.node]);
  for (auto [input, slot] : plan->inputSlots)
    EXPECT_TRUE(live[input]);
  expectSameOutputs(p, *plan, 3);
  expectSmallBatchExact(p, *plan, 16, 3, /*windows=*/true);
  expectSmallBatchExact(p, *plan, 8, 3);
}

} // namespace

/// Chunks cover the groups in order, without gaps.
void expectContiguousChunks(const KernelPlan &plan) {
  int64_t next = 0;
  for (const Chunk &c : plan.chunks) {
    EXPECT_EQ(c.firstGroup, next);
    EXPECT_LT(c.firstGroup, c.endGroup);
    next = c.endGroup;
  }
  EXPECT_EQ(next, static_cast<int64_t>(plan.groups.size()));
}

// kernel-form=alternate: straight-line and table chunks in turn, in one
// plan that stays exact when each chunk is replayed in its own form.
TEST(KernelPlan, AlternateMixesFormsExactly) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto net = smallDag(seed);
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    PlanOptions options;
    options.registerTile = 1 + seed % 8;
    options.chunkConnections = 10;
    options.form = KernelForm::Alternate;
    auto plan = planKernel(p, io::programOrder(p.graph), options);
    ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
    ASSERT_GE(plan->chunks.size(), 2u);
    for (size_t k = 0; k < plan->chunks.size(); ++k)
      EXPECT_EQ(plan->chunks[k].form, k % 2 ? ChunkFormKind::Table
                                            : ChunkFormKind::StraightLine);
    expectContiguousChunks(*plan);
    expectStructure(p, *plan, options);
    expectSameOutputs(p, *plan, seed);
  }
}

// The cost model: straight-line code wins where a chunk's weights fit in
// registers (the Graph Challenge's single value), the table form, narrowly,
// where every dense-group connection has its own weight (measured 1.02-1.06x,
// docs/Codegen.md); more tiles per group amortize fetching code and tables.
TEST(KernelForm, CostModelFollowsWeightReuse) {
  ChunkShape dense;
  dense.connections = 1024;
  dense.denseConnections = 1024;
  dense.sourceLoads = 64;
  dense.distinctWeights = 1;
  EXPECT_EQ(cheaperChunkForm(dense, 4), ChunkFormKind::StraightLine);
  // The inline assembly fetches every weight: no gain left to pay for the
  // code (measured 0.98 on the Graph Challenge's layers).
  EXPECT_EQ(cheaperChunkForm(dense, 4, kAssemblyWeightRegisters),
            ChunkFormKind::Table);
  dense.distinctWeights = 1024;
  EXPECT_EQ(cheaperChunkForm(dense, 4), ChunkFormKind::Table);
  double ratio = estimateChunkCost(dense, ChunkFormKind::StraightLine, 4) /
                 estimateChunkCost(dense, ChunkFormKind::Table, 4);
  EXPECT_GT(ratio, 1.0);
  EXPECT_LT(ratio, 1.5);
  for (ChunkFormKind form :
       {ChunkFormKind::StraightLine, ChunkFormKind::Table})
    EXPECT_LT(estimateChunkCost(dense, form, 64),
              estimateChunkCost(dense, form, 1));
  // Single neurons with distinct weights (pruned MLPs, random DAGs):
  // straight-line code, measured 0.49-0.90 times the table form's time.
  ChunkShape single;
  single.connections = 1024;
  single.singleNeurons = 11;
  single.sourceLoads = 512;
  single.distinctWeights = 1024;
  EXPECT_EQ(cheaperChunkForm(single, 4), ChunkFormKind::StraightLine);
  EXPECT_EQ(cheaperChunkForm(single, 4, kAssemblyWeightRegisters),
            ChunkFormKind::StraightLine);
  // A tiny chunk of single neurons: loops cost more than they save.
  ChunkShape tiny;
  tiny.connections = 3;
  tiny.singleNeurons = 2;
  tiny.sourceLoads = 3;
  tiny.distinctWeights = 3;
  EXPECT_EQ(cheaperChunkForm(tiny, 4), ChunkFormKind::StraightLine);
}

// kernel-form=auto: straight-line chunks within the budget, consecutive
// table chunks merged up to the table chunk size (never past a point where
// samples are dropped), and the plan exact whatever the mix.
TEST(KernelPlan, AutoKeepsBudgetAndMergesTableChunks) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto net = smallDag(seed);
    ASSERT_TRUE(bool(net)) << llvm::toString(net.takeError());
    Program p = toProgram(*net);
    for (int64_t budget : {int64_t(0), int64_t(60), int64_t(1) << 40}) {
      PlanOptions options;
      options.registerTile = 4;
      options.chunkConnections = 10;
      options.maxStraightLine = budget;
      options.dropDeadSamples = seed % 2;
      auto plan = planKernel(p, io::programOrder(p.graph), options);
      ASSERT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
      expectContiguousChunks(*plan);
      int64_t straight = 0;
      for (size_t k = 0; k < plan->chunks.size(); ++k) {
        const Chunk &c = plan->chunks[k];
        if (c.form == ChunkFormKind::StraightLine)
          straight += c.connections;
        else
          EXPECT_LE(c.connections,
                    options.tableChunkFactor * options.chunkConnections +
                        options.chunkConnections * options.registerTile);
        if (k + 1 < plan->chunks.size() && c.form == ChunkFormKind::Table &&
            plan->chunks[k + 1].form == ChunkFormKind::Table)
          EXPECT_TRUE(c.dropDeadAfter ||
                      c.connections + plan->chunks[k + 1].connections >
                          options.tableChunkFactor * options.chunkConnections);
      }
      EXPECT_LE(straight, budget);
      expectStructure(p, *plan, options);
      expectSameOutputs(p, *plan, seed);
    }
  }
}
