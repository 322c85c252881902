//===- Block.cpp - sffnn-block --------------------------------------------===//
#include "IOAttributes.h"

#include "sffnn/Analysis/GraphFromIR.h"
#include "sffnn/Dialect/SFFNN/IR/ElementsData.h"
#include "sffnn/IO/Blocking.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

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
    auto machineLevels = machine == "host" ? io::hostMachine(wordBytes)
                                           : io::parseMachine(machine);
    if (!machineLevels) {
      emitError(module.getLoc(), llvm::toString(machineLevels.takeError()));
      return signalPassFailure();
    }
    Builder builder(module.getContext());
    for (NetworkOp network : module.getOps<NetworkOp>()) {
      io::Graph graph = buildGraph(network);
      io::NeuronOrder order =
          getSchedule(network).value_or(io::programOrder(graph));
      if (llvm::Error err = io::checkNeuronOrder(graph, order)) {
        emitError(network.getLoc(), "invalid sffnn.schedule: ")
            << llvm::toString(std::move(err));
        return signalPassFailure();
      }
      std::vector<std::vector<int64_t>> starts =
          io::blockOrder(graph, order, *machineLevels);
      NamedAttrList blocks, levels;
      for (auto [i, level] : llvm::enumerate(*machineLevels)) {
        std::vector<int32_t> positions(starts[i].begin(), starts[i].end());
        blocks.set(level.name, makeElements(module.getContext(),
                                            network.getSymName().str() +
                                                "_blocks_" + level.name,
                                            ArrayRef<int32_t>(positions)));
        auto count =
            io::simulateNeuronOrder(graph, order, level.words, *policyKind);
        if (!count) {
          emitError(network.getLoc(), llvm::toString(count.takeError()));
          return signalPassFailure();
        }
        levels.set(
            level.name,
            builder.getDictionaryAttr({
                builder.getNamedAttr("words",
                                     builder.getI64IntegerAttr(level.words)),
                builder.getNamedAttr(
                    "blocks", builder.getI64IntegerAttr(
                                  static_cast<int64_t>(positions.size()))),
                builder.getNamedAttr("total",
                                     builder.getI64IntegerAttr(count->total())),
                builder.getNamedAttr("activation", builder.getI64IntegerAttr(
                                                       count->activation())),
            }));
      }
      network->setAttr("sffnn.blocks",
                       blocks.getDictionary(module.getContext()));
      network->setAttr("sffnn.io_levels",
                       levels.getDictionary(module.getContext()));
    }
  }
};

} // namespace
