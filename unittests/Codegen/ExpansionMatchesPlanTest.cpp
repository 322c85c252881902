//===- ExpansionMatchesPlanTest.cpp - the model counts what the kernel does ===//
//
// The register-groups expansion (sffnn/IO/Expansion.h) claims to be the edge
// order of the kernel plan's register groups with pull-window=0. Every edge
// gets a distinct weight (its id + 1, exact in fp32), so the plan's weight
// pool spells the order in which the kernel adds its terms; it must equal
// the expansion's edge order without the edges of dead neurons, which the
// kernel does not compute. The kernel also ends a group at every cache-block
// start (sffnn.blocks): blocks cut only at group starts (sffnn-block when it
// counts register groups) keep the expansion exact.
//
//===----------------------------------------------------------------------===//
#include "sffnn/Codegen/KernelPlan.h"
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Blocking.h"
#include "sffnn/Model/Generators.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::codegen;

namespace {

std::vector<uint8_t> liveNodes(const io::Graph &g) {
  std::vector<uint8_t> live(g.numNodes(), 0);
  for (io::Node y : g.outputs)
    live[y] = 1;
  for (io::Node v = static_cast<io::Node>(g.numNodes() - 1); v >= g.numInputs;
       --v)
    if (live[v])
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        live[g.inSources[e]] = 1;
  return live;
}

/// The order in which the kernel plan adds its terms (edge ids), with the
/// given block starts, the expansion's order of the live edges, and the
/// plan's number of register groups.
struct TermOrders {
  io::EdgeOrder kernel, model;
  int64_t groups = 0;
};

TermOrders termOrders(Program program, const io::NeuronOrder &order,
                      int64_t tile, std::vector<int64_t> blockStarts = {}) {
  const io::Graph &g = program.graph;
  for (int64_t e = 0; e < g.numEdges(); ++e)
    program.weights[e] = static_cast<float>(e + 1);
  PlanOptions options;
  options.window = 0;
  options.registerTile = tile;
  options.blockStarts = std::move(blockStarts);
  auto plan = planKernel(program, order, options);
  EXPECT_TRUE(bool(plan)) << llvm::toString(plan.takeError());
  io::EdgeOrder kernel;
  for (int64_t t = 0; plan && t < plan->connections; ++t)
    kernel.push_back(static_cast<int64_t>(plan->pool[t]) - 1);
  std::vector<uint8_t> live = liveNodes(g);
  io::EdgeOrder model;
  for (int64_t e : io::expandSchedule(g, order, io::Expansion::RegisterGroups,
                                      tile))
    if (live[g.edgeTarget[e]])
      model.push_back(e);
  return {kernel, model, plan ? static_cast<int64_t>(plan->groups.size()) : -1};
}

void expectSameOrder(Program program, const io::NeuronOrder &order,
                     int64_t tile, const std::string &what) {
  const io::Graph &g = program.graph;
  TermOrders terms = termOrders(program, order, tile);
  EXPECT_EQ(terms.kernel, terms.model) << what << " tile " << tile;
  std::vector<uint8_t> live = liveNodes(g);
  // The groups themselves.
  std::vector<int64_t> starts = io::registerGroupStarts(g, order, tile);
  int64_t liveGroups = 0;
  for (size_t k = 0; k + 1 < starts.size(); ++k)
    for (int64_t p = starts[k]; p < starts[k + 1]; ++p)
      if (live[order[p]]) {
        ++liveGroups;
        break;
      }
  EXPECT_EQ(terms.groups, liveGroups) << what;
}

TEST(ExpansionMatchesPlan, TermOrderIsTheRegisterGroupExpansion) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    DagOptions dag;
    dag.inputs = 12;
    dag.neurons = 80;
    dag.outputs = 4; // few outputs: some neurons are dead
    dag.connections = 400;
    dag.seed = seed;
    LayeredOptions layered;
    layered.widths = {20, 24, 24, 8};
    layered.density = 0.3;
    layered.seed = seed;
    for (bool isDag : {true, false}) {
      Program program =
          toProgram(isDag ? *generateDag(dag) : *generateLayered(layered));
      for (io::Anchor anchor : {io::Anchor::Baseline, io::Anchor::Grouped,
                                io::Anchor::DepthFirst,
                                io::Anchor::CacheAware})
        for (int64_t tile : {1, 3, 16})
          expectSameOrder(program, io::anchorOrder(program.graph, anchor, 16),
                          tile,
                          std::string(isDag ? "dag " : "layered ") +
                              io::anchorName(anchor) + " seed " +
                              std::to_string(seed));
    }
  }
}

// With the blocks of every level of a machine cut at group starts, the
// kernel's term order is still the expansion; blocks cut anywhere (the
// neuron-order units) change it on some of these networks, which is why
// sffnn-block cuts only at group starts when it counts register groups.
TEST(ExpansionMatchesPlan, GroupRespectingBlocksKeepTheExpansion) {
  io::Machine machine = {{"registers", 8}, {"l1", 24}, {"l2", 96}};
  int64_t changedByNeuronBlocks = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    LayeredOptions layered;
    layered.widths = {20, 24, 24, 8};
    layered.density = 0.3;
    layered.seed = seed;
    Program program = toProgram(*generateLayered(layered));
    const io::Graph &g = program.graph;
    for (io::Anchor anchor : {io::Anchor::Baseline, io::Anchor::Grouped})
      for (int64_t tile : {3, 16}) {
        io::NeuronOrder order = io::anchorOrder(g, anchor, 16);
        auto grouped = io::blockOrder(
            g, order, machine, io::registerGroupStarts(g, order, tile));
        auto anywhere = io::blockOrder(g, order, machine);
        for (size_t level = 0; level < machine.size(); ++level) {
          TermOrders kept = termOrders(program, order, tile, grouped[level]);
          EXPECT_EQ(kept.kernel, kept.model)
              << io::anchorName(anchor) << " seed " << seed << " tile "
              << tile << " level " << machine[level].name;
          TermOrders cut = termOrders(program, order, tile, anywhere[level]);
          changedByNeuronBlocks += cut.kernel != cut.model;
        }
      }
  }
  EXPECT_GT(changedByNeuronBlocks, 0);
}

} // namespace
