//===- Block.cpp - sffnn-block --------------------------------------------===//
#include "IOAttributes.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/IO/Blocking.h"
#include "sffnn/IO/Expansion.h"
#include "sffnn/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"

namespace mlir::sffnn {
#define GEN_PASS_DEF_SFFNNBLOCK
#include "sffnn/Transforms/Passes.h.inc"
} // namespace mlir::sffnn

using namespace mlir;
using namespace mlir::sffnn;
namespace io = ::sffnn::io;

namespace {

struct BlockPass : public mlir::sffnn::impl::SFFNNBlockBase<BlockPass> {
  using Base::Base;

  llvm::Expected<io::Machine> hostMachine() {
    llvm::Expected<::sffnn::TargetInfo> host = ::sffnn::describeHost();
    if (!host)
      return host.takeError();
    if (llvm::Error err = ::sffnn::requireCaches(*host))
      return std::move(err);
    return io::machineOf(*host, wordBytes);
  }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<io::Policy> policyKind = checkIOOptions(module, 2, policy);
    if (failed(policyKind))
      return signalPassFailure();
    if (wordBytes < 1) {
      emitError(module.getLoc(), "word-bytes must be at least 1, got ")
          << static_cast<int64_t>(wordBytes);
      return signalPassFailure();
    }
    auto machineLevels = machine == "host" ? hostMachine()
                                           : io::parseMachine(machine);
    if (!machineLevels) {
      emitError(module.getLoc(), llvm::toString(machineLevels.takeError()));
      return signalPassFailure();
    }
    auto counting = checkCountingOptions(module, expansion, registerTile);
    if (failed(counting))
      return signalPassFailure();
    for (NetworkOp network : module.getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      FailureOr<io::NeuronOrder> order = scheduleOf(network, graph);
      FailureOr<ExpansionChoice> choice = countingChoice(network, *counting);
      if (failed(order) || failed(choice))
        return signalPassFailure();
      // Counted as register groups (at some level, with `best`): blocks
      // start only where groups do, on every level, so that whichever level
      // the lowering cuts at keeps the counted groups.
      std::vector<int64_t> unitStarts;
      if (llvm::is_contained(choice->expansions, io::Expansion::RegisterGroups))
        unitStarts =
            io::registerGroupStarts(graph, *order, choice->registerTile);
      std::vector<std::vector<int64_t>> starts =
          io::blockOrder(graph, *order, *machineLevels, unitStarts);
      std::vector<std::pair<std::string, std::vector<int32_t>>> blocks;
      std::vector<LevelIO> levels;
      for (auto [i, level] : llvm::enumerate(*machineLevels)) {
        blocks.push_back(
            {level.name, std::vector<int32_t>(starts[i].begin(),
                                              starts[i].end())});
        auto count = io::cheapestExpansion(graph, *order, choice->expansions,
                                           choice->registerTile, level.words,
                                           *policyKind);
        if (!count) {
          emitError(network.getLoc(), llvm::toString(count.takeError()));
          return signalPassFailure();
        }
        bool groups = count->expansion == io::Expansion::RegisterGroups;
        levels.push_back({level.name, level.words,
                          static_cast<int64_t>(starts[i].size()),
                          count->count.total(), count->count.activation(),
                          io::expansionName(count->expansion),
                          groups ? choice->registerTile : 0});
      }
      setBlocks(network, blocks, levels);
    }
  }
};

} // namespace
